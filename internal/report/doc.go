// Package report turns merged results files into maplab's compatibility
// report: a table of probes × toolchains per mode, rate charts, the
// changes between adjacent measured releases and a verdict for every
// claim. Build computes the model; Markdown, HTML, JSON, CSV and ChartSVG
// render it; WriteAll writes the files and Check compares a directory
// with them (for `matrix report -check`). Nothing here reads a clock, so
// the same input always gives the same bytes.
//
// # Columns
//
// Columns are toolchains: gc releases in release order (go1.9 < go1.10 <
// go1.22 < go1.22.1), each gc variant next to its release, then gccgo,
// labelled with its GCC version and library release ("gccgo 12
// (go1.18)"). ExpectedReleases decides, in one place, which gc releases
// get a column even without results: go1.9 up to the newest stable minor
// release among the gc results. Such a column is "not measured": its cells
// are empty (null in JSON) and the report says how to measure it. Nothing
// is ever inferred from a neighbouring release.
//
// # Rows and cells
//
// A row is a probe in one mode. A probe whose catalogue entry lists
// several language versions (maplab:langs go1.21 toolchain) gets one row
// per entry: "range-closure-capture (lang go1.21)" and "(lang of
// toolchain)". A toolchain too old for an explicit language version
// shows "unsupported" there, marked as deduced from the build plan.
//
// A cell summarises one results cell. Its outcome counts are summed per
// kind over reasons; the leading kind is the most frequent (ties go to
// the earlier kind of outcome.Order), shown with its rate and n, e.g.
// "fatal 97% (n=120)". A cell with more than one kind is mixed (±). Every
// distinct reason gets a footnote. Cells that did not run show their kind
// (build-failed, unsupported, unavailable). Cells of probes the catalogue
// lacks, and cells measured with an older probe source (hash), are left
// out with a warning.
//
// # Charts
//
// A row gets a chart when some cell is mixed or the plotted rate differs
// between measured columns. The chart plots, per column, the rate of the
// row's most frequent kind other than clean (clean if there is none) with
// its 95% Wilson interval.
//
// # What changed
//
// For every row, adjacent columns of the same chain (gc releases; each gc
// variant; gccgo) that hold a measured or build-failed cell are compared,
// skipping columns without a measurement. A change is listed when some
// kind's rate differs by stats.TwoProportion at p < Alpha (0.01) — a
// changed leading kind counts only then —, when a reason (signature)
// appears or disappears (noted "not significant" when its own rate change
// is not), or when the probe stops or starts building. Like crater's
// lists, a change is "regressed" when it moves into corrupt, crash, hang
// or build-failed, "fixed" when it moves out of them, and "changed"
// otherwise.
//
// # Claims
//
// Every check of a claim (see package claims) is evaluated on every
// measured cell of its probe and mode, in its scope. A column (toolchain)
// holds when every decided check cell there holds. The verdict is
// confirmed when the claim holds on every column where it was decided,
// refuted when it fails on all of them, version-dependent otherwise (with
// every boundary between adjacent decided columns of a chain named by
// those two columns), and not measured when no cell decides it. Metric
// predicates read only the samples a results file keeps; the verdict says
// how many samples of how many trials it rests on.
//
// # Files
//
// WriteAll writes README.md (Markdown, GitHub-flavoured), index.html (one
// self-contained page), compat.json, compat.csv and charts/ANCHOR.svg
// (one per chart, referenced by README.md).
//
// The HTML page loads nothing: its only style sheet and script are inline
// and allowed by hash in a Content-Security-Policy with default-src
// 'none'. Every value from the results is escaped by html/template (or
// XML-escaped in charts).
//
// # compat.json
//
// In the spirit of MDN's browser-compat-data, null means "not measured"
// and is never the same as 0. Schema version 1:
//
//	{
//	  "schema": 1,
//	  "about": "…",
//	  "columns": [                       // display order
//	    {"id": "go1.19.8", "label": "go1.19.8", "kind": "gc", "release": "go1.19.8",
//	     "variant": "…"?, "measured": true, "machine": "MACHINE ID", "extra": true?,
//	     "version": "go1.19.8", "goos": "linux", "goarch": "amd64",
//	     "env": {"machine": "…", "cpus": 2, "gomaxprocs": 2, "kernel": "…", "date": "RFC 3339" | null, "maplab_version": "…"},
//	     "modes": ["plain", "race"], "unavailable": {"race": "why"}?},
//	    {"id": "go1.20", "label": "go1.20", "kind": "gc", "release": "go1.20", "measured": false,
//	     "env": null, "how_to_measure": "…"}
//	  ],
//	  "machines": [{"id": "local-linux-amd64-2cpu-6a5256", "runner": "local" | "github-actions",
//	                "runner_image": "ubuntu24"?, "goos", "goarch", "cpus": 2, "cpu_model": "…",
//	                "columns": ["COLUMN ID", …]}],
//	  "probes": {
//	    "NAME": {"title": "…", "source": "…/main.go", "minimum": "go1.9", "claims": ["id", …],
//	      "rows": [{"lang": "" | "go1.21" | "toolchain", "label": "…",
//	        "modes": {"plain": {"COLUMN ID": CELL | null, …}, "race": {…}}}]}
//	  },
//	  "changes": [{"probe", "row", "mode", "chain": "gc" | "gc+VARIANT" | "gccgo",
//	               "from": "COLUMN ID", "to": "COLUMN ID", "class": "regressed" | "fixed" | "changed", "details": ["…"]}],
//	  "claims": [{"id", "statement", "source", "probes": […], "checks": ["…"],
//	              "verdict": "confirmed" | "refuted" | "version-dependent" | "not measured", "summary": "…",
//	              "holds_on": ["COLUMN ID"], "fails_on": [...], "flips": ["…"],
//	              "metric_samples": 0, "metric_trials": 0,
//	              "evidence": [{"column": "COLUMN ID", "probe", "mode", "lang", "holds": true | false | null, "why": "…"}]}],
//	  "footnotes": [{"n": 1, "kind": "fatal", "reason": "concurrent map writes"}]
//	}
//
// CELL is
//
//	{"state": "measured", "lang": "go1.19"?, "n": 120, "leading": "fatal", "rate": 0.9667, "mixed": true,
//	 "outcomes": [{"kind": "fatal", "reason": "…"?, "k": 116, "rate": 0.9667, "ci_lo": 0.9174, "ci_hi": 0.9869}, …]}
//
// or, for a cell that did not run,
//
//	{"state": "not-run", "n": 0, "leading": "unsupported", "rate": null, "mixed": false, "outcomes": [],
//	 "not_run": {"kind": "unsupported", "reason": "…"}}
//
// Rates and interval bounds are rounded to four decimals; intervals are
// 95% Wilson score intervals. "holds": null marks a check the cell could
// not decide.
//
// # compat.csv
//
// One record per probe × toolchain × mode × row language × outcome, with
// the header
//
//	probe,row_lang,mode,toolchain,kind,release,variant,lang,state,outcome,reason,k,n,rate,ci_lo,ci_hi
//
// A cell that did not run has one record whose outcome is its kind and
// whose numbers are empty; a cell that was not measured has one record
// with state not-measured and empty outcome and numbers. Text that a
// spreadsheet would evaluate (leading =, +, -, @, tab, CR) gets a
// leading apostrophe.
package report
