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
// measured cell of its probe, in the modes the claim counts and in its
// scope; idle trials are left out. claims.Decide turns the evaluations into
// the verdict, by the claim's form: a universal claim is refuted by one
// counterexample (named with its column, probe, mode and k/n) and
// otherwise held in all n trials, with a 95% one-sided exact
// (Clopper-Pearson) lower bound; an existential claim is confirmed by one
// observation and otherwise not observed in n trials, with a 95% upper
// bound, never refuted; not measured when no cell decides it. Columns are
// compared by Fisher's exact test with Holm's correction: "differs by
// release" between adjacent measured releases of one chain, "differs by
// compiler" between a gccgo column and the nearest gc release, otherwise
// "no significant difference between columns" (or "nothing to compare").
// Metric clauses read the metric aggregates of every trial of a cell.
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
// claim) and charts/ANCHOR.svg (one per chart, referenced by README.md).
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
//	                "columns": ["COLUMN ID", …]}],
//	  "probes": {
//	    "NAME": {"title": "…", "source": "…/main.go", "minimum": "go1.9", "claims": ["id", …],
//	      "rows": [{"lang": "" | "go1.21" | "toolchain", "label": "…",
//	        "modes": {"plain": {"COLUMN ID": CELL | null, …}, "race": {…}}}]}
//	  },
//	  "changes": [{"probe", "row", "mode", "chain": "gc" | "gc+VARIANT" | "gccgo",
//	               "from": "COLUMN ID", "to": "COLUMN ID", "class": "regressed" | "fixed" | "changed", "details": ["…"]}],
//	  "claims": [{"id", "statement", "source", "form": "universal" | "existential",
//	              "modes": ["plain", "race"], "modes_why": "…", "probes": […], "checks": ["…"],
//	              "verdict": "refuted" | "held" | "confirmed" | "not observed" | "not measured", "summary": "…",
//	              "where": [{"column": "COLUMN ID", "probe", "mode", "k_min": 42 | null, "k_max": 42 | null, "n": 92, "why": "…"}],
//	              "cells": 9, "trials": 412, "idle": 3,
//	              "bound": {"side": "lower" | "upper", "rate": 0.9928, "trials": 412, "method": "…"} | null,
//	              "comparison": {"result": "differs by release" | "differs by compiler" | "differs by release and by compiler" |
//	                               "no significant difference between columns" | "nothing to compare",
//	                             "text": "…", "skipped": 0,
//	                             "tests": [{"between", "probe", "mode", "row", "a": "COLUMN ID", "k_a", "n_a", "b", "k_b", "n_b",
//	                                        "p", "p_holm", "significant": true | false}]},
//	              "evidence": [{"column": "COLUMN ID", "probe", "mode", "lang", "holds": true | false | null, "n": 92, "idle": 3, "why": "…"}]}],
//	  "footnotes": [{"n": 1, "kind": "fatal", "reason": "concurrent map writes"}],
//	  "provenance": [{"revision": "40 hex digits" | "", "tree": "clean" | "dirty" | "unknown",
//	                  "from": "build" | "git" | "GITHUB_SHA" | "none", "columns": ["COLUMN ID", …], "cells": 80}]
//	}
//
// CELL is
//
//	{"state": "measured", "lang": "go1.19"?, "n": 120, "idle": 0, "leading": "fatal", "rate": 0.9667, "mixed": true,
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
// whole cell). Rates and interval bounds are rounded to four decimals,
// p-values to four significant digits; intervals are 95% Wilson score
// intervals. "holds": null marks a check the cell could not decide.
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
