package claims

import (
	"fmt"
	"sort"
	"strings"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
)

// Verdict statuses: what the data say about a claim, by its form.
const (
	// Refuted: a universal claim failed in at least one cell (a
	// counterexample).
	Refuted = "refuted"
	// Held: a universal claim held in every trial of every cell that
	// decides it. That is not proof that it always holds.
	Held = "held"
	// Confirmed: an existential claim was observed (every check of it in
	// at least one cell).
	Confirmed = "confirmed"
	// NotObserved: an existential claim was not observed in the trials
	// run. That is never a refutation.
	NotObserved = "not observed"
	// NotMeasured: no cell decides the claim.
	NotMeasured = "not measured"
)

// Comparison results between the columns of a claim.
const (
	// DiffersByRelease: two adjacent measured releases of one
	// implementation differ significantly.
	DiffersByRelease = "differs by release"
	// DiffersByCompiler: a gccgo column differs significantly from the
	// nearest gc release.
	DiffersByCompiler = "differs by compiler"
	// DiffersByBoth: both of the above.
	DiffersByBoth = "differs by release and by compiler"
	// NoSignificantDifference: comparisons were made and none is
	// significant.
	NoSignificantDifference = "no significant difference between columns"
	// NothingToCompare: no pair of columns could be compared.
	NothingToCompare = "nothing to compare"
)

// Confidence is the level of every bound a verdict states, and Alpha the
// family-wise significance level of a claim's comparisons.
const (
	Confidence = 0.95
	Alpha      = 0.05
)

// Column says where a cell was measured.
type Column struct {
	// Label is the column heading, e.g. "go1.26.8" or "gccgo 12 (go1.18)".
	Label string
	// Chain groups the releases of one implementation whose adjacent
	// members are compared: "gc", "gc+VARIANT" or "gccgo".
	Chain string
	// Compiler is "gc" or "gccgo".
	Compiler string
	// Release is the Go release of the toolchain's library.
	Release string
	// Order is the column's display position; chains are in release order.
	Order int
}

// CellResult is one check of a claim evaluated on one measured cell.
type CellResult struct {
	// Check is the index of the check in the claim's checks.
	Check  int
	Column Column
	Probe  string
	Mode   toolchain.Mode
	// Lang is the language version the cell was built with.
	Lang string
	// Row tells apart the rows of a probe measured with several language
	// versions or GOMAXPROCS settings, e.g. "lang go1.21" or
	// "GOMAXPROCS=1"; cells are compared only within one row.
	Row string
	// Procs is the cell's GOMAXPROCS, 0 for all CPUs; Invariant claims
	// compare cells that differ only in it.
	Procs int
	// Build marks a cell of a build-outcome probe (maplab:build-outcome):
	// whether the toolchain compiles the program is deterministic, so two
	// such cells are compared without a statistical test.
	Build  bool
	Result Result
}

// rejectedBuild reports whether r is one build of a build-outcome probe,
// which the compiler rejected: its one trial is the build.
func (r CellResult) rejectedBuild() bool {
	return r.Build && r.Result.Trials == 1
}

// Where names one cell a verdict rests on: where a counterexample or an
// observation was found, with how many of its trials.
type Where struct {
	Column string
	Probe  string
	// Row is the cell's row within the probe (CellResult.Row).
	Row  string
	Mode toolchain.Mode
	// K counts the trials (violating a universal claim, or observing an
	// existential one) out of N; Trial is false when the predicate is
	// about the whole cell and K means nothing.
	K     Count
	N     int
	Trial bool
	Why   string
	// Build marks a cell that is one build of a build-outcome probe
	// (CellResult.Build with one trial): its count is a build, not trials.
	Build bool
}

// String returns e.g. "go1.26.8, concurrent-counter-increment (race), 42/92 trials".
func (w Where) String() string {
	s := fmt.Sprintf("%s, %s (%s)", w.Column, w.Probe+rowSuffix(w.Row), w.Mode)
	if w.Build {
		return s + ", one rejected build"
	}
	if w.Trial {
		return s + fmt.Sprintf(", %s/%d trials", w.K, w.N)
	}
	return s + ": " + w.Why
}

// Test is one comparison of two columns by Fisher's exact test.
type Test struct {
	// Between is DiffersByRelease or DiffersByCompiler: what a significant
	// result would mean.
	Between string
	Probe   string
	Mode    toolchain.Mode
	Row     string
	// A and B are the column labels, KA/NA and KB/NB the trials counted
	// (counterexamples for a universal claim, observations for an
	// existential one).
	A, B           string
	KA, NA, KB, NB int
	// P is the two-sided p-value, Adjusted the Holm-adjusted one over all
	// of the claim's statistical tests.
	P, Adjusted float64
	Significant bool
	// Certain marks a comparison of two builds of a build-outcome probe:
	// a build is deterministic, so the columns differ for certain when the
	// check holds in one and fails in the other, and not at all otherwise.
	// No test is made: P and Adjusted are 0 for a difference and 1 for
	// none, and Holm's correction leaves the comparison out.
	Certain bool
}

// String describes the test.
func (t Test) String() string {
	if t.Certain {
		verdict := "the same on both (builds are deterministic)"
		if t.Significant {
			verdict = "a certain difference (builds are deterministic)"
		}
		return fmt.Sprintf("%s (%s): %s %d/%d vs %s %d/%d, %s",
			t.Probe+rowSuffix(t.Row), t.Mode, t.A, t.KA, t.NA, t.B, t.KB, t.NB, verdict)
	}
	return fmt.Sprintf("%s (%s): %s %d/%d vs %s %d/%d, p = %s (Holm-adjusted %s)",
		t.Probe+rowSuffix(t.Row), t.Mode, t.A, t.KA, t.NA, t.B, t.KB, t.NB, formatP(t.P), formatP(t.Adjusted))
}

func rowSuffix(row string) string {
	if row == "" {
		return ""
	}
	return ", " + row
}

// Comparison is the result of comparing a claim's columns.
type Comparison struct {
	// Result is one of DiffersByRelease, DiffersByCompiler, DiffersByBoth,
	// NoSignificantDifference or NothingToCompare.
	Result string
	// Tests are every comparison made, significant ones first.
	Tests []Test
	// Skipped counts the pairs of cells that could not be compared
	// because a count was not exact (metric aggregates, or a predicate
	// about whole cells).
	Skipped int
	// Text says it in a sentence.
	Text string
}

// Decision is the data's answer to one claim.
type Decision struct {
	// Status is Refuted or Held (universal), Confirmed or NotObserved
	// (existential), or NotMeasured.
	Status string
	// Where lists the counterexamples (refuted) or observations
	// (confirmed), in column order.
	Where []Where
	// Cells and Trials count the cells that decided the claim and their
	// counted trials; Idle the idle trials left out of every cell read.
	Cells, Trials, Idle int
	// Bound is the 95% one-sided exact (Clopper-Pearson) bound of the
	// verdict, over BoundTrials trials taken as one sample: the lowest
	// rate at which a held claim holds per trial, or the highest rate of
	// an existential claim not observed. BoundTrials is 0 when no bound
	// can be given (a predicate about whole cells).
	Bound       float64
	BoundTrials int
	// Builds is set when every cell that decides the claim is one build
	// of a build-outcome probe that the compiler rejected: a build is
	// deterministic, so the verdict is certain for the toolchains measured
	// and carries no bound.
	Builds bool
	// Unmeasured lists the checks (in source form) that no cell decides,
	// and Undecided the cells that could not decide their check, with why.
	Unmeasured, Undecided []string
	Comparison            Comparison
	// Summary states the verdict in one or two sentences.
	Summary string
}

// Decide turns the evaluations of a claim's checks into its verdict,
// following the claim's form (see the package documentation).
func Decide(c Claim, cells []CellResult) Decision {
	var d Decision
	decided := make([]bool, len(c.Checks))
	observed := make([]bool, len(c.Checks))
	for _, r := range cells {
		d.Idle += r.Result.Idle
		if !r.Result.Known {
			d.Undecided = append(d.Undecided, fmt.Sprintf("%s on %s (%s): %s", r.Probe, r.Column.Label, r.Mode, r.Result.Why))
			continue
		}
		decided[r.Check] = true
		d.Cells++
		d.Trials += r.Result.N
		if r.Result.Holds {
			observed[r.Check] = true
		}
	}
	for i, ch := range c.Checks {
		if !decided[i] {
			d.Unmeasured = append(d.Unmeasured, checkString(ch))
		}
	}
	sorted := append([]CellResult(nil), cells...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Column.Order < sorted[j].Column.Order })
	switch c.Form {
	case Universal:
		d.decideUniversal(sorted)
	case Invariant:
		d.decideInvariant(sorted)
		d.Summary = d.summary()
		return d
	default:
		d.decideExistential(c, sorted, decided, observed)
	}
	if d.Status != NotMeasured {
		d.Comparison = compareColumns(c.Form, sorted)
	} else {
		d.Comparison = Comparison{Result: NothingToCompare, Text: "Nothing to compare."}
	}
	d.Summary = d.summary()
	return d
}

func (d *Decision) decideUniversal(cells []CellResult) {
	if d.Cells == 0 {
		d.Status = NotMeasured
		return
	}
	every := true
	n := 0
	builds := true
	for _, r := range cells {
		res := r.Result
		if !res.Known {
			continue
		}
		every = every && res.Every
		builds = builds && r.rejectedBuild()
		n += res.Trials
		if !res.Holds {
			d.Where = append(d.Where, Where{Column: r.Column.Label, Probe: r.Probe, Row: r.Row, Mode: r.Mode,
				K: res.Violating, N: res.Trials, Trial: res.Every, Why: res.Why, Build: r.rejectedBuild()})
		}
	}
	if len(d.Where) > 0 {
		d.Status = Refuted
		return
	}
	d.Status = Held
	if builds {
		d.Builds = true
		return
	}
	if every && n > 0 {
		d.BoundTrials = n
		d.Bound = stats.ExactLower(n, n, Confidence)
	}
}

// DiffersByCPUs is the Comparison.Result of an invariant claim whose
// rates differ significantly between GOMAXPROCS settings.
const DiffersByCPUs = "differs by GOMAXPROCS"

// procsKey identifies the cells of an invariant claim that differ only in
// GOMAXPROCS.
type procsKey struct {
	check  int
	column string
	probe  string
	mode   toolchain.Mode
	lang   string
}

// decideInvariant compares, by Fisher's exact test with Holm's correction
// over all pairs, the observing trials of cells that differ only in
// GOMAXPROCS. A significant difference refutes the claim, naming both
// cells; without one the claim is held.
func (d *Decision) decideInvariant(cells []CellResult) {
	groups := map[procsKey][]CellResult{}
	var keys []procsKey
	for _, r := range cells {
		if !r.Result.Known {
			continue
		}
		k := procsKey{r.Check, r.Column.Label, r.Probe, r.Mode, r.Lang}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], r)
	}
	cmp := &d.Comparison
	var pairs [][2]CellResult
	for _, k := range keys {
		g := groups[k]
		sort.SliceStable(g, func(i, j int) bool { return g[i].Procs < g[j].Procs })
		for i := 0; i < len(g); i++ {
			for j := i + 1; j < len(g); j++ {
				a, b := g[i], g[j]
				if !a.Result.Some || !b.Result.Some || !a.Result.Satisfying.Exact() || !b.Result.Satisfying.Exact() {
					cmp.Skipped++
					continue
				}
				ka, kb := a.Result.Satisfying.Lo, b.Result.Satisfying.Lo
				na, nb := a.Result.Trials, b.Result.Trials
				cmp.Tests = append(cmp.Tests, Test{Between: DiffersByCPUs, Probe: k.probe, Mode: k.mode, Row: a.Row,
					A: procsColumn(a), B: procsColumn(b), KA: ka, NA: na, KB: kb, NB: nb, P: stats.FisherExact(ka, na, kb, nb)})
				pairs = append(pairs, [2]CellResult{a, b})
			}
		}
	}
	if len(cmp.Tests) == 0 {
		d.Status = NotMeasured
		cmp.Result = NothingToCompare
		cmp.Text = "Nothing to compare: no cell was measured at two GOMAXPROCS settings with exact counts."
		return
	}
	adjustHolm(cmp.Tests)
	for i, t := range cmp.Tests {
		if t.Significant {
			pr := pairs[i]
			d.Where = append(d.Where, Where{Column: pr[0].Column.Label, Probe: t.Probe, Row: t.Row, Mode: t.Mode,
				K: pr[1].Result.Satisfying, N: t.NB, Trial: false,
				Why: fmt.Sprintf("%d/%d at %s vs %d/%d at %s, Holm-adjusted p = %s",
					t.KA, t.NA, catalogue.ProcsLabel(pr[0].Procs), t.KB, t.NB, catalogue.ProcsLabel(pr[1].Procs), formatP(t.Adjusted))})
		}
	}
	sortTests(cmp.Tests)
	method := fmt.Sprintf("Fisher's exact test on observing trials, Holm's correction over %d comparisons", len(cmp.Tests))
	if len(d.Where) > 0 {
		d.Status = Refuted
		cmp.Result = DiffersByCPUs
		cmp.Text = fmt.Sprintf("Differs by GOMAXPROCS (%s, α = %s).", method, formatNum(Alpha))
		return
	}
	d.Status = Held
	cmp.Result = NoSignificantDifference
	cmp.Text = fmt.Sprintf("No significant difference between GOMAXPROCS settings (%s; smallest adjusted p = %s, %s).",
		method, formatP(cmp.Tests[0].Adjusted), cmp.Tests[0])
}

// adjustHolm sets every statistical test's Holm-adjusted p-value, over
// all the statistical tests given, and whether it is significant at Alpha.
// Certain comparisons (of builds) are no tests and keep their values.
func adjustHolm(tests []Test) {
	var ps []float64
	var at []int
	for i, t := range tests {
		if !t.Certain {
			ps = append(ps, t.P)
			at = append(at, i)
		}
	}
	for j, p := range stats.Holm(ps) {
		tests[at[j]].Adjusted = p
		tests[at[j]].Significant = p <= Alpha
	}
}

// sortTests orders tests significant ones first, then by adjusted p-value.
func sortTests(tests []Test) {
	sort.SliceStable(tests, func(i, j int) bool {
		a, b := tests[i], tests[j]
		if a.Significant != b.Significant {
			return a.Significant
		}
		return a.Adjusted < b.Adjusted
	})
}

// pluralWord returns one when n is 1, else many.
func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// procsColumn labels one side of a GOMAXPROCS comparison: the column and
// the setting.
func procsColumn(r CellResult) string {
	return r.Column.Label + " at " + catalogue.ProcsLabel(r.Procs)
}

func (d *Decision) decideExistential(c Claim, cells []CellResult, decided, observed []bool) {
	if d.Cells == 0 {
		d.Status = NotMeasured
		return
	}
	all := true
	for i := range c.Checks {
		all = all && observed[i]
	}
	for _, r := range cells {
		res := r.Result
		if res.Known && res.Holds {
			d.Where = append(d.Where, Where{Column: r.Column.Label, Probe: r.Probe, Row: r.Row, Mode: r.Mode,
				K: res.Satisfying, N: res.Trials, Trial: res.Some, Why: res.Why, Build: r.rejectedBuild()})
		}
	}
	if all {
		d.Status = Confirmed
		return
	}
	// Some check was not observed. If every such check was decided
	// somewhere, the claim was not observed; if one was never decided, it
	// is not measured.
	for i := range c.Checks {
		if !observed[i] && !decided[i] {
			d.Status = NotMeasured
			return
		}
	}
	d.Status = NotObserved
	// The bound is about the checks not observed; with several, the
	// weakest (highest) bound is given.
	d.Bound, d.BoundTrials = 0, 0
	for i := range c.Checks {
		if observed[i] {
			continue
		}
		n, some := 0, true
		for _, r := range cells {
			if r.Check == i && r.Result.Known {
				n += r.Result.Trials
				some = some && r.Result.Some
			}
		}
		if !some || n == 0 {
			d.Bound, d.BoundTrials = 0, 0
			return
		}
		if b := stats.ExactUpper(0, n, Confidence); d.BoundTrials == 0 || b > d.Bound {
			d.Bound, d.BoundTrials = b, n
		}
	}
}

// seriesKey identifies the cells of one check, probe, mode and row across
// columns.
type seriesKey struct {
	check int
	probe string
	mode  toolchain.Mode
	row   string
}

// compareColumns compares the columns of every series: adjacent measured
// releases within a chain, and each gccgo column with the nearest gc
// release, by Fisher's exact test on the trials that count (counterexample
// trials for a universal claim, observing trials for an existential one),
// with Holm's correction over all the claim's tests.
func compareColumns(form Form, cells []CellResult) Comparison {
	var cmp Comparison
	series := map[seriesKey][]CellResult{}
	var keys []seriesKey
	for _, r := range cells {
		if !r.Result.Known {
			continue
		}
		k := seriesKey{r.Check, r.Probe, r.Mode, r.Row}
		if _, ok := series[k]; !ok {
			keys = append(keys, k)
		}
		series[k] = append(series[k], r)
	}
	count := func(r CellResult) (int, bool) {
		res := r.Result
		if form == Universal {
			return res.Violating.Lo, res.Every && res.Violating.Exact()
		}
		return res.Satisfying.Lo, res.Some && res.Satisfying.Exact()
	}
	add := func(between string, k seriesKey, a, b CellResult) {
		ka, okA := count(a)
		kb, okB := count(b)
		if !okA || !okB {
			cmp.Skipped++
			return
		}
		na, nb := a.Result.Trials, b.Result.Trials
		t := Test{Between: between, Probe: k.probe, Mode: k.mode, Row: k.row,
			A: a.Column.Label, B: b.Column.Label, KA: ka, NA: na, KB: kb, NB: nb}
		if a.Build && b.Build {
			t.Certain, t.P, t.Adjusted = true, 1, 1
			if a.Result.Holds != b.Result.Holds {
				t.Significant, t.P, t.Adjusted = true, 0, 0
			}
		} else {
			t.P = stats.FisherExact(ka, na, kb, nb)
		}
		cmp.Tests = append(cmp.Tests, t)
	}
	for _, k := range keys {
		s := series[k] // in column order
		byChain := map[string][]CellResult{}
		var chains []string
		for _, r := range s {
			if _, ok := byChain[r.Column.Chain]; !ok {
				chains = append(chains, r.Column.Chain)
			}
			byChain[r.Column.Chain] = append(byChain[r.Column.Chain], r)
		}
		for _, ch := range chains {
			rs := byChain[ch]
			for i := 1; i < len(rs); i++ {
				add(DiffersByRelease, k, rs[i-1], rs[i])
			}
		}
		for _, r := range s {
			if r.Column.Compiler != "gccgo" {
				continue
			}
			if g, ok := nearestGC(r.Column.Release, byChain["gc"]); ok {
				add(DiffersByCompiler, k, g, r)
			}
		}
	}
	if len(cmp.Tests) == 0 {
		cmp.Result = NothingToCompare
		cmp.Text = "Nothing to compare: no two measured columns of one series with exact counts."
		if cmp.Skipped > 0 {
			cmp.Text = fmt.Sprintf("Nothing to compare: %d pairs of columns have counts that the metric aggregates do not fix.", cmp.Skipped)
		}
		return cmp
	}
	adjustHolm(cmp.Tests)
	release, compiler := false, false
	for _, t := range cmp.Tests {
		if t.Significant {
			if t.Between == DiffersByRelease {
				release = true
			} else {
				compiler = true
			}
		}
	}
	sortTests(cmp.Tests)
	what := "counterexample"
	if form == Existential {
		what = "observing"
	}
	certain := 0
	for _, t := range cmp.Tests {
		if t.Certain {
			certain++
		}
	}
	var methods []string
	switch n := len(cmp.Tests) - certain; {
	case n == 1:
		methods = append(methods, fmt.Sprintf("Fisher's exact test on %s trials, one comparison", what))
	case n > 1:
		methods = append(methods, fmt.Sprintf("Fisher's exact test on %s trials, Holm's correction over %d comparisons", what, n))
	}
	if certain > 0 {
		methods = append(methods, fmt.Sprintf("%d %s of builds, which are deterministic and need no test", certain, pluralWord(certain, "comparison", "comparisons")))
	}
	method := strings.Join(methods, "; ")
	switch {
	case release && compiler:
		cmp.Result = DiffersByBoth
	case release:
		cmp.Result = DiffersByRelease
	case compiler:
		cmp.Result = DiffersByCompiler
	default:
		cmp.Result = NoSignificantDifference
		cmp.Text = fmt.Sprintf("No significant difference between columns (%s; smallest adjusted p = %s, %s).",
			method, formatP(cmp.Tests[0].Adjusted), cmp.Tests[0])
		if cmp.Tests[0].Adjusted >= 1 {
			cmp.Text = fmt.Sprintf("No significant difference between columns (%s; every adjusted p = 1).", method)
		}
		if certain == len(cmp.Tests) {
			cmp.Text = fmt.Sprintf("No difference between columns (%s).", method)
		}
		return cmp
	}
	var sig []string
	for _, t := range cmp.Tests {
		if t.Significant {
			label := "release"
			if t.Between == DiffersByCompiler {
				label = "compiler"
			}
			sig = append(sig, label+": "+t.String())
		}
	}
	if certain < len(cmp.Tests) {
		method += ", α = " + formatNum(Alpha)
	}
	cmp.Text = fmt.Sprintf("%s%s (%s): %s.", strings.ToUpper(cmp.Result[:1]), cmp.Result[1:], method, strings.Join(sig, "; "))
	return cmp
}

// nearestGC returns the cell of the gc column whose minor release is
// nearest to release (the older one on a tie).
func nearestGC(release string, gc []CellResult) (CellResult, bool) {
	m, ok := toolchain.Minor(release)
	if !ok || len(gc) == 0 {
		return CellResult{}, false
	}
	best, bestD := -1, 0
	for i, r := range gc {
		g, ok := toolchain.Minor(r.Column.Release)
		if !ok {
			continue
		}
		d := g - m
		if d < 0 {
			d = -d
		}
		if best < 0 || d < bestD {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return CellResult{}, false
	}
	return gc[best], true
}

func formatP(p float64) string {
	if p < 1e-4 {
		return fmt.Sprintf("%.1e", p)
	}
	return formatNum(p)
}

func formatPct(p float64) string {
	return formatNum(100*p) + "%"
}

func checkString(ch Check) string {
	s := ch.Probe
	if ch.Mode != "" {
		s += " (" + string(ch.Mode) + ")"
	}
	if ch.When != "" {
		s += " when " + ch.When
	}
	return s + ": " + ch.HoldsIf
}

// listWhere names up to three places and how many more there are.
func listWhere(ws []Where) string {
	var parts []string
	for i, w := range ws {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more cells", len(ws)-3))
			break
		}
		parts = append(parts, w.String())
	}
	return strings.Join(parts, "; ")
}

func (d Decision) summary() string {
	var s string
	switch {
	case d.Status == Refuted && d.Comparison.Result == DiffersByCPUs:
		s = fmt.Sprintf("Refuted: the rate differs significantly between GOMAXPROCS settings: %s.", listWhere(d.Where))
	case d.Status == Held && len(d.Comparison.Tests) > 0 && d.Comparison.Tests[0].Between == DiffersByCPUs:
		s = fmt.Sprintf("Held: no significant difference between GOMAXPROCS settings in %d comparisons (%d cells, %d trials). That is not proof that the rates are equal.",
			len(d.Comparison.Tests), d.Cells, d.Trials)
	case d.Status == Refuted:
		s = fmt.Sprintf("Refuted by counterexample: %s.", listWhere(d.Where))
	case d.Status == Held && d.Builds:
		s = fmt.Sprintf("Held in all %d %s, each one build that the compiler rejected. A build is deterministic, so this is certain for the toolchains measured, and says nothing about others.",
			d.Cells, pluralWord(d.Cells, "cell", "cells"))
	case d.Status == Held:
		if d.BoundTrials > 0 {
			s = fmt.Sprintf("Held in all %d trials (%d %s); the rate at which it holds is at least %s (95%%, one-sided exact Clopper-Pearson bound, trials taken as one sample). That is not proof that it always holds.",
				d.BoundTrials, d.Cells, pluralWord(d.Cells, "cell", "cells"), formatPct(d.Bound))
		} else {
			s = fmt.Sprintf("Held in all %d %s (%d trials). That is not proof that it always holds.", d.Cells, pluralWord(d.Cells, "cell", "cells"), d.Trials)
		}
	case d.Status == Confirmed:
		s = fmt.Sprintf("Confirmed by observation: %s.", listWhere(d.Where))
	case d.Status == NotObserved:
		if d.BoundTrials > 0 {
			s = fmt.Sprintf("Not observed in %d trials; the rate is below %s (95%%, one-sided exact Clopper-Pearson bound, trials taken as one sample). Not observing it does not show that it cannot happen.",
				d.BoundTrials, formatPct(d.Bound))
		} else {
			s = fmt.Sprintf("Not observed in %d %s (%d trials). Not observing it does not show that it cannot happen.", d.Cells, pluralWord(d.Cells, "cell", "cells"), d.Trials)
		}
		if len(d.Where) > 0 {
			s += fmt.Sprintf(" Some checks were observed: %s.", listWhere(d.Where))
		}
	default:
		s = "No measured cell decides it."
		if len(d.Undecided) > 0 {
			s = "No measured cell decides it: " + d.Undecided[0]
			if len(d.Undecided) > 1 {
				s += fmt.Sprintf(" (and %d more)", len(d.Undecided)-1)
			}
			s += "."
		}
		if len(d.Where) > 0 {
			s += fmt.Sprintf(" Observed so far: %s.", listWhere(d.Where))
		}
	}
	if d.Status != NotMeasured && len(d.Undecided) > 0 {
		s += fmt.Sprintf(" %d %s could not decide it and %s not counted: %s", len(d.Undecided),
			pluralWord(len(d.Undecided), "cell", "cells"), pluralWord(len(d.Undecided), "is", "are"), d.Undecided[0])
		if len(d.Undecided) > 1 {
			s += fmt.Sprintf(" (and %d more)", len(d.Undecided)-1)
		}
		s += "."
	}
	if d.Status != NotMeasured && len(d.Unmeasured) > 0 {
		s += " Not measured: " + strings.Join(d.Unmeasured, "; ") + "."
	}
	if d.Idle > 0 {
		s += fmt.Sprintf(" %d idle trials (the goroutines never overlapped) excluded.", d.Idle)
	}
	return s
}
