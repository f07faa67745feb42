// Package claims is maplab's verdict engine: it parses the beliefs about
// Go maps that the lab tests, evaluates the small predicate language that
// decides each belief from measured data, chooses the cells each check
// reads, and decides every claim per column and overall, following the
// logic of the belief. Every statistical decision the report shows is
// made here: the claims' verdicts and comparisons (Evaluate) and the
// tests behind "What changed" (ComparePairs). The report only renders.
//
// The claims live in claims/claims.json (schema 2) at the top of the
// repository, as data. Each claim has
//
//	id         a kebab-case name that probe headers cite (maplab:claims)
//	statement  the belief, in the lab's own words
//	source     where the belief comes from (folklore, an article section,
//	           the spec, a release note, a runtime source file, a Go issue)
//	form       "universal", "existential" or "invariant" (see Forms)
//	modes      the modes whose cells count as evidence: ["plain"] or
//	           ["plain", "race"]
//	modes_why  one sentence saying why those modes
//	probes     the probes that help decide it
//	checks     one or more machine-checkable tests over the data
//
// A check names a probe, optionally a mode (one of the claim's modes;
// without one, the check reads every mode the claim lists), an optional
// scope (when) and the predicate (holds_if):
//
//	{"probe": "concurrent-counter-increment", "holds_if": "any outcome in [corrupt]"}
//	{"probe": "range-closure-capture", "when": "lang < go1.22", "holds_if": "metric(per_iteration) == 0"}
//	{"probe": "concurrent-increment-long", "when": "gomaxprocs == 1", "holds_if": "rate(clean) == 1"}
//
// A scope's fields are lang and release (compared with go1.N), kind (gc
// or gccgo) and gomaxprocs (1, another count, or all: the runtime's
// default). Claims about probes measured at several GOMAXPROCS settings
// name the setting they are about; the claims written before the CPU axis
// read "gomaxprocs == all", the only setting measured then.
//
// Parse refuses a file of another schema, an unknown field, a form other
// than the three, an empty or unknown mode list, a missing modes_why, and a
// check whose mode is not among its claim's modes, naming the file, the
// claim and the check.
//
// # Forms
//
// A universal claim says something always or never happens ("deleting
// during range makes the program panic", "the runtime catches every
// case"). Its predicate is what must hold in every cell. One cell where it
// fails is a counterexample and refutes the claim, whatever the other
// cells say; the verdict names where (column, probe, mode) and in how
// many trials (k/n). If every cell holds, the claim held in all n trials,
// which a finite number of trials cannot turn into "always": the verdict
// gives the 95% one-sided exact lower bound of the rate at which it holds.
//
// An existential claim says something can happen ("lost updates can go
// unnoticed"). Its predicate says what counts as observing it in a cell.
// One observation confirms the claim, named with where and k/n; with
// several checks, every check must be observed somewhere. Not observing it
// is never a refutation: the verdict is "not observed in n trials" with
// the 95% one-sided exact upper bound of its rate ("rate below p").
//
// An invariant claim says an outcome does not depend on the number of CPUs
// ("detection does not depend on GOMAXPROCS"). Its predicate says what
// counts as observing the outcome in a trial. For every column, probe,
// mode and language version measured at two GOMAXPROCS settings, the
// observing trials are compared by Fisher's exact test, with Holm's
// correction over all the claim's comparisons. A significant difference
// refutes the claim, naming both rates and the adjusted p-value; none
// holds it, which does not prove the rates equal.
//
// The verdicts are refuted, held or undecided (universal), refuted or
// held (invariant), confirmed or not observed (existential), and not
// measured when no cell decides a claim. They are computed, never written
// in claims.json.
//
// # Modes
//
// The runtime's concurrent map check is compiled into race builds too, so
// a race build's trial counts by the program's own outcome: a race+fatal
// trial is a fatal error and a race+corrupt trial lost data, exactly as in
// a plain build. The race detector's own report is not the runtime's
// check, so plain race (the detector reported, the program otherwise ran
// clean) is neither. A claim lists the modes whose cells count and says
// why in modes_why.
//
// # Predicates (holds_if)
//
// A predicate is one or more clauses joined by "and", evaluated on one
// measured cell: one probe on one toolchain, in one mode and language
// version. Idle trials (the goroutines of a concurrent probe never
// overlapped, so the hazard did not happen) are left out of every count
// and rate; the evaluation says how many were left out. The clauses:
//
//	leading == KIND            the most frequent counted kind is KIND
//	leading != KIND            it is not
//	leading in [K1, K2]        it is one of the list
//	any outcome in [K1, K2]    at least one trial had one of the kinds
//	no outcome in [K1, K2]     no trial had any of the kinds
//	any reason "TEXT"          at least one trial's reason (the runtime's
//	                           message, or the probe's detail) contains TEXT
//	rate(K1, K2) OP X          the share of counted trials with one of the
//	                           kinds, compared with X in [0, 1]
//	metric(NAME) OP X          every trial that reported metric NAME
//	                           satisfies the comparison
//	max(NAME) OP X             the largest value any trial reported
//	min(NAME) OP X             the smallest
//	mean(NAME) OP X            the mean over the trials that reported it
//	interval(NAME) OP X        an interval for the median of the values
//	                           the trials reported, against X (OP <, <=,
//	                           >, >=): three-way, see Intervals
//	interval(NAME) OP versus   the same interval against a baseline
//	                           cell's (OP < or >): see Comparisons with a
//	                           baseline
//
// A build-outcome probe (maplab:build-outcome) measures whether a
// toolchain compiles it: a cell where the compiler refused it with an
// expected message holds one trial of kind rejected (a build is
// deterministic, so it is not repeated), a cell where it compiled holds the
// program's trials. "rate(rejected) == 1" asks that the toolchain reject
// the program, "no outcome in [rejected]" that it accept it. A build that
// failed with any other message is build-failed, a broken probe, which no
// predicate sees.
//
// OP is one of ==, !=, <, <=, >, >=. A trial counts toward a listed kind
// by outcome.Kind.Has: "any outcome in [corrupt]" counts race+corrupt
// trials, "any outcome in [race]" every race+X trial. The leading kind
// breaks ties in the order of outcome.Order.
//
// Metric clauses read the cell's metric aggregates, which the runner keeps
// over every counted trial that printed a result line (count, sum, min,
// max; results.Cell.Metrics), not the few kept samples. metric(NAME) OP X is decided from min and max:
// "metric(x) <= 3" holds when max <= 3, "metric(x) == 0" when min and max
// are both 0. When the aggregates cannot decide (metric(x) != X with X
// strictly between min and max), or no trial reported the metric, the
// clause is undecided and the cell does not count for the claim. Idle
// trials are not in the aggregates either.
//
// # Intervals
//
// Performance claims ("sync.Map has more than 4× the throughput of map +
// RWMutex") are decided from a ratio that each trial measures: a
// performance probe runs the alternatives interleaved in one process, takes
// the ratio per repetition and reports the median over its repetitions
// (NAME) and their smallest and largest (NAME_lo, NAME_hi, the spread
// within a trial). interval(NAME) OP X reads an interval for the median of
// the trials' values: the values ranked r and n+1-r of n, which covers
// that median with probability 1 - 2·P(Binomial(n, 1/2) < r) whatever
// the distribution (stats.MedianCI). The engine takes the greatest r that
// still reaches the confidence asked, so an outlier trial (one slow trial
// among sixteen) does not move the interval. Results files written before
// every value was kept (MetricSummary.Values) give only [min, max], the
// interval of rank 1.
//
// The confidence asked is the claim's family level: a claim whose
// interval clauses read m cells takes each at 1 - 0.05/m (FamilyLevel),
// so that, by Bonferroni's inequality, all m intervals cover their
// medians together with at least 95%, and a universal claim is falsely
// refuted by a cell whose true median sits on the safe side in at most 5%
// of runs, however many cells it reads (TestFamilyErrorSimulation checks
// it over 72 cells). Fewer trials than the level needs (12 for 72 cells,
// 8 for 5) decide nothing.
//
// The clause holds in a cell when the whole interval lies on the claimed
// side of X by more than the run-to-run margin (below), fails (a
// counterexample) when it lies that far on the other side, and is
// undecided, "inside the noise", otherwise: the interval reaches into the
// margin around X, or the trials are too few for the level. It is about
// the cell's median, never about single trials: it yields no per-trial
// count and no per-trial bound. A universal claim with a cell inside the
// noise and no counterexample is undecided, never held.
//
// # The run-to-run margin
//
// A median interval says where the median of one run's trials lies. Two
// runs on one machine do not agree that closely: timing trials share the
// machine's state of the moment (its other tenants, its clock, its
// caches), so between four fresh runs with one set of probes the medians
// moved by a factor of up to 1.81, and by up to 1.58 for all but the 5%
// that moved most, while each run's intervals were a few percent wide
// (go run ./tools/drift compares two runs; RunMargin has the figures). A
// decision inside that margin would be a property of the run: the next
// run could reverse it.
//
// So an interval clause decides only beyond RunMargin (1.5): against a
// number X, the interval must lie wholly below X/1.5 or above X·1.5; against
// a baseline, the ratio of the medians (bounded by the two intervals) must
// lie wholly below 1/1.5 or above 1.5. An interval wholly inside the band
// is undecided whatever the number of trials (Result.Within), and the
// claim's summary says that only a steadier machine could decide it; the
// runner's sequential rule gives such a cell no more trials, nor one whose
// trials' median lies inside the band (Result.Open). "What
// changed" applies the same margin to the times of timing probes.
//
// # Comparisons with a baseline
//
// Some beliefs compare releases ("Swiss maps made Go 1.24 maps faster"),
// which no single cell can decide. A check with a versus scope compares
// each cell its when scope selects with one baseline cell: on the same
// machine, of the same probe, mode and GOMAXPROCS, in the column of the
// highest release that the versus scope selects (the newest release before
// the change, when the scope is "release < go1.N"):
//
//	{"probe": "perf-map-ops", "when": "kind == gc and variant == none and release >= go1.24",
//	 "versus": "kind == gc and variant == none and release < go1.24",
//	 "holds_if": "interval(hit_int_6) < versus"}
//
// Its predicate is made of interval(NAME) < versus or > versus clauses
// only. Each side's median interval is taken at 1 - (1 - L)/2, where L is
// the claim's family level, so that the two intervals bound the ratio of
// the two medians with at least L. A clause holds when that ratio lies
// wholly on the claimed side of 1 by more than RunMargin, fails when it
// lies that far on the other side, and is undecided ("inside the noise")
// otherwise, or when the trials are too few.
// The two cells were measured at different times of one run, so a drift
// of the machine between them is not cancelled as it is in a ratio
// measured in one process; such claims say so. A comparison is about the
// pair of cells, not single trials: it yields no per-trial count, and such
// cells are not compared between columns.
//
// # Trial counts
//
// Verdicts and comparisons count trials. A clause that asks something of
// every trial (no outcome in, rate(..) == 1, rate(..) == 0, metric(..),
// max(..) < X, min(..) > X) yields the trials that violate it, a clause
// that asks it of some trial (any outcome in, any reason, rate(..) > 0,
// max(..) > X, min(..) < X) the trials that satisfy it. Counts from
// min and max may be bounds only ("1 to 19 of 20"). The other clauses
// (leading, rate(..) >= 0.9, mean, interval) are about the whole cell; a
// claim that uses them is still decided, but its verdict gives cells, not
// a per-trial bound, and such cells are not compared.
//
// A counterexample trial needs no correction for the number of cells: it
// is an observed fact (a trial that lost an entry, an allocation counted),
// not an estimate. Only medians are estimated, and only they are
// corrected.
//
// # Decisions per column
//
// Evaluate also decides every claim on every column from that column's
// cells alone, by the same form: held (in n trials), refuted (k/n, or the
// value against the threshold), confirmed (k/n), not observed (in n
// trials), inside the noise, not applicable (the column was measured but
// no check's scope selects it, e.g. a claim about go1.22 on go1.19), or not
// measured (the probe did not run there, or every trial was idle). A
// column's decision uses the claim's family level, so it is never bolder
// than the overall verdict.
//
// # Forms are types
//
// Each form is one type in its own file (form_universal.go,
// form_existential.go, form_invariant.go) that decides the claim overall
// and per column and words its summary; forms.go registers them. A new
// form is one new type there: Parse refuses a form that is not
// registered, and Decide panics on one rather than decide it as another.
//
// # Why testscript has its own comparisons
//
// The scripts under testscript/ assert a release's known behaviour with
// "expect" lines of their own (testscript/spec_test.go): they select
// trials by kind and by a regular expression over the reason, and compare
// one cell's rate or metric with a bound within 1e-9, so that a bound
// written as a rounded decimal ("rate clean >= 0.333" for 1 of 3) does not
// fail on the last bit of k/n. The claims' predicates read every cell of a
// claim, select by kind only (and a reason substring), and compare exactly:
// their thresholds are values k/n meets exactly (0, 1) or inequalities
// that a 1e-9 tolerance would only blur. The scripts ask whether one cell
// still behaves as recorded; the claims decide a belief over every
// column. The two share the outcome kinds and the results cells, and keep
// their own small syntax for those two different questions.
//
// The verdicts are refuted, held or undecided (universal), refuted or
// held (invariant), confirmed or not observed (existential), and not
// measured when no cell decides a claim. They are computed, never written
// in claims.json.
//
// # Scopes (when)
//
// A scope is one or more conditions joined by "and" that select the cells a
// check applies to:
//
//	lang OP go1.N        the language version the probe was built with (the
//	                     go.mod go line; for builds without go.mod, the
//	                     toolchain's own language version)
//	release OP go1.N     the toolchain's standard library release
//	kind == gc           the implementation (gc, gccgo or gopherjs); !=
//	                     also works
//	gomaxprocs == N      the cell's GOMAXPROCS: a count, or all; != also works
//	variant == NAME      the toolchain's variant, a GOEXPERIMENT such as
//	                     noswissmap, or none for an ordinary build; !=
//	                     also works
//	target == native     a binary the machine runs, whose goroutines use
//	                     many threads; target == js selects programs that
//	                     Node.js runs on one thread (GopherJS, js/wasm),
//	                     where GOMAXPROCS is 1 whatever the row says: a
//	                     claim about contention or CPU counts says
//	                     target == native
//
// Releases compare numerically (go1.9 < go1.10 < go1.22 < go1.22.1).
//
// # Statistics
//
// Bounds are one-sided exact (Clopper-Pearson) 95% bounds, with all the
// trials that decide the claim taken as one sample: after n trials that
// all held, the rate at which the claim holds is at least 0.05^(1/n)
// (99.7% after 1000); after n trials without an observation, the rate is
// below 1 - 0.05^(1/n) (about 3/n: below 1% after 300).
//
// Every claim also compares its columns, cell by cell (same check, probe,
// mode and row): each pair of adjacent measured releases within a chain
// (an implementation on one machine: gc, a gc variant, gccgo, gc js/wasm,
// GopherJS), and each column of another implementation against the native
// gc release nearest to its library release. A comparison is Fisher's exact test
// (two-sided, as R's fisher.test) on the trials that count (counterexample
// trials for a universal claim, observing trials for an existential one),
// and Holm's correction keeps the family-wise error of all the claim's
// comparisons at 5%. A significant difference between releases reads
// "differs by release", between gccgo and gc "differs by compiler",
// between another implementation or target and gc "differs by
// implementation";
// otherwise the columns show "no significant difference between columns",
// with the smallest adjusted p-value. A column that holds next to one that
// fails is not by itself a difference.
//
// Cells of a build-outcome probe (maplab:build-outcome) are compared
// without a test: whether a toolchain compiles a program is deterministic,
// so two such columns differ for certain when the check holds in one and
// fails in the other (a rejected build next to a program that compiled),
// and not at all otherwise; these comparisons stay out of Holm's family.
// A universal claim held by rejected builds alone is certain for the
// toolchains measured and carries no bound.
//
// # Worked example
//
// lost-updates-without-fatal is existential, counts plain and race
// builds, and asks "any outcome in [corrupt]" of concurrent-counter-
// increment. In the committed run (results/local-linux-amd64-2cpu-*/,
// measured 2026-11-29), the race cells of that probe had the probe's own
// status corrupt ("N of N rounds lost N of N increments without a fatal
// error") beside the detector's report in 48 of 60 trials on go1.19.8, 54
// of 74 on go1.26.8 and 50 of 64 on go1.27.3; no plain cell did (the
// runtime stopped every plain trial). Those trials are race+corrupt, which
// Has(corrupt) counts, so the claim is confirmed: "go1.19.8,
// concurrent-counter-increment (race), 48/60 trials; …". Between adjacent
// releases, 48/60 against 54/74 gives Fisher p = 0.42 and 54/74 against
// 50/64 p = 0.55, before Holm's correction over the claim's comparisons
// (the plain cells, all 0/n, are compared too): no significant difference
// between columns. (The run committed before it, of 2026-11-25, had
// 30/87, 42/92 and 51/91: go1.19.8 against go1.27.3 gave p = 0.0044
// there, but they are not adjacent measured releases and were not
// compared.)
//
// A universal claim on the same data: concurrent-writes-always-detected
// says the runtime stops every case of concurrent writes with a fatal
// error, and counts a trial that finished (clean or corrupt, idle ones
// left out) as a counterexample. The same race+corrupt trials refute it:
// the runtime's check is compiled into those race builds and did not fire.
package claims
