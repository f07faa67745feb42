// Package report turns merged results files into maplab's compatibility
// report: a claims × toolchains grid first, a table of probes ×
// toolchains per mode, rate charts, the changes between adjacent measured
// releases and a verdict for every claim. Build computes the model; Markdown, HTML, JSON, CSV and ChartSVG
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
// Readers see the columns through ColumnGroups: every measured column on
// its own, and each run of consecutive releases without results as one
// column ("go1.9–go1.18"), at most MaxNotMeasuredHeaders of them (when
// there would be more, all share one column after the gc releases). The
// Markdown tables and the charts show the groups; the HTML page hides the
// columns without results behind one toggle; JSON and CSV keep every
// column.
//
// # Rows and cells
//
// A row is a probe in one mode. A probe whose catalogue entry lists
// several language versions (maplab:langs go1.21 toolchain) gets one row
// per entry: "range-closure-capture (lang go1.21)" and "(lang of
// toolchain)". A toolchain too old for an explicit language version
// shows "unsupported" there, marked as deduced from the build plan.
//
// Rows are rendered from the model as they come: a probe may have several
// rows per mode, each told apart by Row.Name.
//
// A cell summarises one results cell. Its outcome counts are summed per
// kind over reasons; the leading kind is the most frequent (ties go to
// the earlier kind of outcome.Order), shown as k/n with its 95% Wilson
// interval rounded outward to whole percents, e.g. "fatal 37/42
// (74–95%)" (see CellText). A cell with more than one kind is mixed: the
// other kinds follow with their counts, "+ corrupt 3, clean 2". A kind
// race says what the probe itself reported (see RaceProbe): "race (probe
// clean)". Cells that did not run show their kind (build-failed,
// unsupported, unavailable). Cells of probes the catalogue lacks, and
// cells measured with an older probe source (hash), are left out with a
// warning.
//
// A probe with an observation (maplab:observe, see package observation)
// shows it first in each measured cell that has the metrics it names,
// rendered from the cell's metric aggregates, the values the claims read:
// "struct{}/bool 0.90–0.91 (clean 20/20)" when every trial ran clean,
// "OBSERVATION; fatal 37/42 (74–95%) + clean 5" otherwise. A row is quiet
// (see Quiet) when every measured cell is idle or clean with nothing
// observed: the tables fold quiet rows into one line per table (the HTML
// page shows them with a toggle, a filter or a permalink).
//
// # The grid
//
// The grid (grid.go, GridOf) has a row per claim, grouped by topic
// (each claim's topic field in claims.json), a column per
// measured toolchain whose cell is that column's decision of the claim
// (Verdict.Columns, made by the verdict engine, never here), and the
// overall verdict. It opens README.md and index.html, with a list of the
// surprises (refuted claims, with the columns on each side); README's
// digest (DigestTable) is its compact form, a mark per cell. compat.json
// gives each claim its "topic" and "columns"; claims-grid.csv a record per
// claim and column.
//
// # Footnotes
//
// Every distinct reason gets a footnote, so messages that differ only in
// addresses or numbers (which package classify replaces by "0x?" and N)
// share one. The footnote puts the numbers back from the probe details
// of the kept samples, a range where they differ: "lost 382–2845 of 8000
// increments" (numbers from 7 kept samples). Addresses stay hidden.
//
// # Provenance
//
// The Markdown and HTML pages end with the maplab commits the cells shown
// were measured with (each results cell records its own, see
// results.Commit), naming the columns that hold them: "Measured with
// maplab commit 0123456789ab (git, clean tree): go1.19.8, go1.26.8 (80
// cells)." compat.json lists them under "provenance". Each probe's source
// is named by its hash, and cells of another source are left out, as
// above.
//
// # Charts
//
// A row gets a chart when some cell is mixed or the plotted rate differs
// between measured columns. The chart plots, per column group, the rate of
// the row's most frequent kind other than clean (clean if there is none)
// with its 95% Wilson interval; a group without results gets a grey label
// only.
//
// # Performance
//
// A claim whose checks are all interval clauses (claims package,
// Intervals) with one claimed ratio is a performance claim: it gets a
// chart (charts/perf-ID.svg) and a table in the Performance section, with
// a series per check and GOMAXPROCS setting and a point per measured
// column: the mean of the trials' medians, the engine's interval for
// their median (at the claim's family level), the engine's decision on
// that cell (holds, fails, inside the noise) and the CPUs of the machine;
// the report draws what the engine decided and decides nothing. The section also shows memory metric cells (bytes per
// entry of a large map, heap kept after delete-all and after clear) from
// the probes that report them. A report without either has no
// Performance section.
//
// # What changed
//
// For every row, adjacent columns of the same chain (gc releases; each gc
// variant; gccgo; a non-native target such as js/wasm) that hold a
// measured or build-failed cell are paired, skipping columns without a
// measurement, and the verdict engine compares each pair
// (claims.ComparePairs): the trials of every kind, and of every reason
// (message) that only one of the two cells has, by Fisher's exact test,
// the p-values of the whole report adjusted together by Holm's method;
// and every metric a claim reads or the probe's observation shows, a
// value every trial of both cells
// reported alike that changed, or two median intervals apart (Bonferroni
// over every value comparison). A change is listed when some adjusted p
// is at most Alpha (0.05, the claims' level) — a changed leading kind is
// named only then —, when a value moved, or when the probe stops or
// starts building; the other pairs that differ are only counted
// (ChangeStats.Noise: "N other differences are within noise"). Like
// crater's lists, a change is "regressed" when it moves into corrupt,
// crash, hang or build-failed (or one of them rises significantly),
// "fixed" when it moves out of them (or one falls), and "changed"
// otherwise.
//
// # Claims
//
// The report hands every results cell to the verdict engine
// (claims.Evaluate, package internal/claims), which chooses the cells each
// check reads, decides every claim per column and overall, and compares
// the columns; a Verdict is the engine's claims.Decision, rendered as it
// is. The rules (forms, median intervals at the family level, undecided,
// per-column decisions, Fisher's test with Holm's correction between
// columns) are in package internal/claims.
//
// # Idle trials
//
// A trial of kind idle ran, but its goroutines never overlapped: the
// hazard did not happen. A cell's n counts the trials that ran less the
// idle ones; idle trials are shown apart ("n=117, 3 idle"), in JSON as
// "idle", in CSV as a row with k only, and are left out of every rate,
// chart, change and verdict.
//
// # Files
//
// WriteAll writes README.md (Markdown, GitHub-flavoured), index.html (one
// self-contained page), compat.json, compat.csv, claims.csv (one row per
// claim), claims-grid.csv (see the grid), charts/ANCHOR.svg (one per
// chart, referenced by README.md), performance.md (the performance
// section) and the detail pages (pages.go): claims/ID.md, the cells a
// claim rests on with k/n and what each decides, its checks and source;
// probes/NAME.md, the kept samples of every cell of a probe, identical
// ones once. README.md and index.html link them rather than carry them.
// Every format ends with the lines of one function, footer. In every
// format a claim's anchor is "claim-" and its id; in Markdown each claim
// quotes its statement with its verdict and links its page.
//
// The HTML page starts with the measured columns only (a toggle shows the
// others; the page's script builds their "—" cells from the column
// headers), gives every cell an id "ROW/COLUMN/MODE" (CellID) that a
// permalink opens (the script sets each permalink's href from its cell's
// id), and has a print style sheet. Its colours come from Palette, one
// swatch per outcome kind, decision and verdict, each text at least
// MinContrast (WCAG AA) on its background and on a mixed cell's stripes. docs/screenshot.png is
// not written here: TestDocsPage renders it from docs/index.html in
// headless Chromium with -screenshot.
//
// The HTML page loads nothing: its only style sheet and script are inline
// and allowed by hash in a Content-Security-Policy with default-src
// 'none'. Every value from the results is escaped by html/template (or
// XML-escaped in charts).
//
// # compat.json
//
// In the spirit of MDN's browser-compat-data, null means "not measured"
// and is never the same as 0. Schema version 2:
//
//	{
//	  "schema": 2,
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
//	                "columns": ["COLUMN ID", …],
//	                "costs": [{"column": "COLUMN ID", "cells": 81, "trials": 2070, "cell_seconds": 457.2}, …]}],
//	  "probes": {
//	    "NAME": {"title": "…", "source": "…/main.go", "minimum": "go1.9", "claims": ["id", …],
//	      "rows": [{"lang": "" | "go1.21" | "toolchain", "label": "…",
//	        "modes": {"plain": {"COLUMN ID": CELL | null, …}, "race": {…}}}]}
//	  },
//	  "changes": [{"probe", "row", "mode", "chain": "gc" | "gc+VARIANT" | "gccgo",
//	               "from": "COLUMN ID", "to": "COLUMN ID", "class": "regressed" | "fixed" | "changed", "details": ["…"]}],
//	  "change_tests": 244, "changes_within_noise": 23,
//	  "claims": [{"id", "statement", "source", "form": "universal" | "existential" | "invariant",
//	              "modes": ["plain", "race"], "modes_why": "…", "probes": […], "checks": ["…"],
//	              "verdict": "refuted" | "held" | "confirmed" | "not observed" | "not measured" | "undecided", "summary": "…",
//	              "topic": "iteration", "columns": [{"column": "go1.26.8", "decision": "refuted", "text": "refuted 20/20"}, …],
//	              "where": [{"column": "COLUMN ID", "probe", "mode", "k_min": 42 | null, "k_max": 42 | null, "n": 92, "why": "…"}],
//	              "cells": 9, "trials": 412, "idle": 3,
//	              "bound": {"side": "lower" | "upper", "rate": 0.9928, "trials": 412, "method": "…"} | null,
//	              "comparison": {"result": "differs by release" | "differs by compiler" | "differs by release and by compiler" |
//	                               "no significant difference between columns" | "nothing to compare",
//	                             "text": "…", "skipped": 0,
//	                             "tests": [{"between", "probe", "mode", "row", "a": "COLUMN ID", "k_a", "n_a", "b", "k_b", "n_b",
//	                                        "p", "p_holm", "significant": true | false}]},
//	              "evidence": [{"column": "COLUMN ID", "probe", "mode", "lang", "holds": true | false | null, "n": 92, "idle": 3,
//	                            "k_min": 42 | null, "k_max": 42 | null, "trials": 92, "why": "…"}]}],
//	  "footnotes": [{"n": 1, "kind": "corrupt", "reason": "lost N of N increments", "text": "lost 3–7 of 8000 increments", "samples": 2}],
//	  "provenance": [{"revision": "40 hex digits" | "", "tree": "clean" | "dirty" | "unknown",
//	                  "from": "build" | "git" | "GITHUB_SHA" | "none", "columns": ["COLUMN ID", …], "cells": 80}],
//	  "performance": [{"anchor": "perf-ID", "claim": "ID", "statement": "…", "claimed": 4,
//	                   "series": [{"label": "…", "metric": "syncmap_rwmutex_r90_small", "row": "GOMAXPROCS=1", "cmp": ">",
//	                               "points": [{"column": "go1.26.8", "gccgo": false, "cpus": 2, "trials": 6, "mean": 0.62,
//	                                           "lo": 0.41, "hi": 0.8, "confidence": 0.9688,
//	                                           "verdict": "holds" | "fails" | "inside the noise"}]}]}]?,
//	  "memory": [{"label": "…", "probe": "delete-all-retains-memory", "metric": "filled_bytes",
//	              "cells": [{"column": "go1.26.8", "trials": 20, "mean": 42.5, "lo": 42, "hi": 43}]}]?
//	}
//
// CELL is
//
//	{"state": "measured", "lang": "go1.19"?, "n": 120, "idle": 0, "leading": "fatal", "rate": 0.9667, "mixed": true,
//	 "text": "fatal 116/120 (92–99%) + clean 4", "observation": "…"?, "race_probe": "clean" | "clean or idle"?,
//	 "outcomes": [{"kind": "fatal", "reason": "…"?, "k": 116, "rate": 0.9667, "ci_lo": 0.9174, "ci_hi": 0.9869}, …]}
//
// or, for a cell that did not run,
//
//	{"state": "not-run", "n": 0, "idle": 0, "leading": "unsupported", "rate": null, "mixed": false, "outcomes": [],
//	 "not_run": {"kind": "unsupported", "reason": "…"}}
//
// "n" counts the trials rates are over (idle ones left out; "idle" counts
// those). A cell whose trials were all idle has "leading": "idle" and
// "rate": null. "k_min" and "k_max" bound the trials of a counterexample
// or observation (equal when exact; null when the predicate is about the
// whole cell); in "evidence" they count the trials that violate (universal)
// or satisfy (existential) the check, out of "trials". Rates and interval bounds are rounded to four decimals,
// p-values to four significant digits; intervals are 95% Wilson score
// intervals. "holds": null marks a check the cell could not decide.
//
// # compat.csv
//
// One record per probe × toolchain × mode × row language × outcome, with
// the header
//
//	probe,row_lang,row_gomaxprocs,mode,toolchain,kind,release,variant,lang,state,outcome,reason,k,n,rate,ci_lo,ci_hi,observation,race_probe,cell_text
//
// A cell that did not run has one record whose outcome is its kind and
// whose numbers are empty; a cell that was not measured has one record
// with state not-measured and empty outcome and numbers. Idle trials of a
// measured cell get one record with outcome idle, k, and empty n, rate and
// interval: they are not counted. Text that a spreadsheet would evaluate
// (leading =, +, -, @, tab, CR) gets a leading apostrophe, here and in
// claims.csv.
//
// # claims.csv
//
// One record per claim, with the header
//
//	claim,form,modes,verdict,comparison,cells,trials,idle,bound_side,bound,bound_trials,where,summary,comparison_detail,statement
//
// bound_side is lower (held) or upper (not observed) and empty with bound
// and bound_trials when there is no bound; where lists the counterexamples
// or observations as "COLUMN PROBE MODE k/n" joined by "; ".
package report
