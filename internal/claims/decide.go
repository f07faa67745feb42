package claims

import (
	"fmt"
	"sort"
	"strings"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
)

// Status is a claim's overall verdict: what the data say about it, by its
// form.
type Status string

// The verdicts.
const (
	// Refuted: a universal claim failed in at least one cell (a
	// counterexample), or an invariant claim's rates differ.
	Refuted Status = "refuted"
	// Held: a universal claim held in every cell that decides it, and no
	// cell was inside the noise. That is not proof that it always holds.
	Held Status = "held"
	// Undecided: no cell refutes a universal claim, but some cells that
	// should decide it are inside the noise: more trials or a quieter
	// machine could decide them.
	Undecided Status = "undecided"
	// Confirmed: an existential claim was observed (every check of it in
	// at least one cell).
	Confirmed Status = "confirmed"
	// NotObserved: an existential claim was not observed in the trials
	// run. That is never a refutation.
	NotObserved Status = "not observed"
	// NotMeasured: no cell decides the claim.
	NotMeasured Status = "not measured"
)

// Difference is the result of comparing a claim's columns.
type Difference string

// Comparison results between the columns of a claim.
const (
	// DiffersByRelease: two adjacent measured releases of one
	// implementation differ significantly.
	DiffersByRelease Difference = "differs by release"
	// DiffersByCompiler: a gccgo column differs significantly from the
	// nearest gc release.
	DiffersByCompiler Difference = "differs by compiler"
	// DiffersByImplementation: a column of another implementation or
	// target (GopherJS, js/wasm) differs significantly from the nearest
	// native gc release.
	DiffersByImplementation Difference = "differs by implementation"
	// DiffersByBoth: release and compiler.
	DiffersByBoth Difference = "differs by release and by compiler"
	// NoSignificantDifference: comparisons were made and none is
	// significant.
	NoSignificantDifference Difference = "no significant difference between columns"
	// NothingToCompare: no pair of columns could be compared.
	NothingToCompare Difference = "nothing to compare"
)

// Confidence is the level of every bound a verdict states, and Alpha the
// family-wise significance level of a claim's comparisons.
const (
	Confidence = 0.95
	Alpha      = 0.05
)

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
	// versions or GOMAXPROCS settings; cells are compared only within one
	// row.
	Row Row
	// Procs is the cell's GOMAXPROCS, 0 for all CPUs; Invariant claims
	// compare cells that differ only in it.
	Procs int
	// Build marks a cell of a build-outcome probe (maplab:build-outcome):
	// whether the toolchain compiles the program is deterministic, so two
	// such cells are compared without a statistical test.
	Build bool
	// Rejected marks a cell whose outcome is a build the compiler
	// rejected (outcome kind rejected), whatever its trial count.
	Rejected bool
	Result   Result
}

// rejectedBuild reports whether r is a build of a build-outcome probe that
// the compiler rejected. It is decided by the outcome's kind, never by a
// trial count: a probe run with one trial that compiled and ran is no
// rejected build.
func (r CellResult) rejectedBuild() bool {
	return r.Build && r.Rejected
}

// Where names one cell a verdict rests on: where a counterexample or an
// observation was found, with how many of its trials.
type Where struct {
	Column string
	Probe  string
	// Row is the cell's row within the probe (CellResult.Row).
	Row  Row
	Mode toolchain.Mode
	// K counts the trials (violating a universal claim, or observing an
	// existential one) out of N; Trial is false when the predicate is
	// about the whole cell and K means nothing.
	K     Count
	N     int
	Trial bool
	Why   string
	// Brief is Why as a column of the grid shows it, when it differs.
	Brief string
	// Build marks a cell that is one build of a build-outcome probe
	// (CellResult.Build with one trial): its count is a build, not trials.
	Build bool
}

// String returns e.g. "go1.26.8, concurrent-counter-increment (race), 42/92 trials".
func (w Where) String() string {
	s := fmt.Sprintf("%s, %s (%s)", w.Column, w.Probe+rowSuffix(w.Row.String()), w.Mode)
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
	// Between is DiffersByRelease, DiffersByCompiler,
	// DiffersByImplementation or DiffersByCPUs: what a significant result
	// would mean.
	Between Difference
	Probe   string
	Mode    toolchain.Mode
	Row     Row
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
			t.Probe+rowSuffix(t.Row.String()), t.Mode, t.A, t.KA, t.NA, t.B, t.KB, t.NB, verdict)
	}
	return fmt.Sprintf("%s (%s): %s %d/%d vs %s %d/%d, p = %s (Holm-adjusted %s)",
		t.Probe+rowSuffix(t.Row.String()), t.Mode, t.A, t.KA, t.NA, t.B, t.KB, t.NB, formatP(t.P), formatP(t.Adjusted))
}

func rowSuffix(row string) string {
	if row == "" {
		return ""
	}
	return ", " + row
}

// Comparison is the result of comparing a claim's columns.
type Comparison struct {
	// Result is one of the Differences.
	Result Difference
	// Tests are every comparison made, significant ones first.
	Tests []Test
	// Skipped counts the pairs of cells that could not be compared
	// because a count was not exact (metric aggregates, or a predicate
	// about whole cells).
	Skipped int
	// Text says it in a sentence.
	Text string
}

// Decision is the data's answer to one claim: overall and per column.
type Decision struct {
	// Claim is the claim decided.
	Claim
	// Status is Refuted, Held or Undecided (universal), Confirmed or
	// NotObserved (existential), Refuted or Held (invariant), or
	// NotMeasured.
	Status Status
	// Columns are the decisions per column, in the columns' order.
	Columns []ColumnDecision
	// Evidence lists every cell evaluated.
	Evidence []Evidence
	// Family counts the median estimates (cells read by interval clauses)
	// the claim's verdict rests on, and Level is the confidence each of
	// them is taken at, 1 - Alpha/Family, so that all of them together
	// are right with at least 1 - Alpha.
	Family int
	Level  float64
	// Noise counts the cells inside the noise: their median interval
	// reaches into the RunMargin band around the threshold, or their
	// trials are too few for Level.
	// Within counts those of them whose median lies inside the
	// RunMargin band: no number of trials in one run decides them.
	Noise, Within int
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

type seriesKey struct {
	check int
	probe string
	mode  toolchain.Mode
	row   Row
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
	add := func(between Difference, k seriesKey, a, b CellResult) {
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
		byChain := map[Chain][]CellResult{}
		var chains []Chain
		reference := map[string][]CellResult{} // by machine
		for _, r := range s {
			ch := r.Column.Chain()
			if _, ok := byChain[ch]; !ok {
				chains = append(chains, ch)
			}
			byChain[ch] = append(byChain[ch], r)
			if ch.Reference() {
				reference[ch.Machine] = append(reference[ch.Machine], r)
			}
		}
		for _, ch := range chains {
			rs := byChain[ch]
			for i := 1; i < len(rs); i++ {
				add(DiffersByRelease, k, rs[i-1], rs[i])
			}
		}
		// Other implementations and targets against the nearest native
		// gc release; gc variants are compared by their own claims.
		for _, r := range s {
			ch := r.Column.Chain()
			if ch.Reference() || ch.against() == DiffersByRelease {
				continue
			}
			if g, ok := nearestGC(r.Column.Release, reference[ch.Machine]); ok {
				add(ch.against(), k, g, r)
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
	found := map[Difference]bool{}
	for _, t := range cmp.Tests {
		if t.Significant {
			found[t.Between] = true
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
	cmp.Result = combine(found)
	if cmp.Result == "" {
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
			sig = append(sig, strings.TrimPrefix(string(t.Between), "differs by ")+": "+t.String())
		}
	}
	if certain < len(cmp.Tests) {
		method += ", α = " + formatNum(Alpha)
	}
	cmp.Text = fmt.Sprintf("%s%s (%s): %s.", strings.ToUpper(string(cmp.Result[:1])), cmp.Result[1:], method, strings.Join(sig, "; "))
	return cmp
}

// combine names the kinds of difference found: "" for none, one of the
// Differences, or several joined ("differs by release and by compiler").
func combine(found map[Difference]bool) Difference {
	var by []string
	for _, d := range []Difference{DiffersByRelease, DiffersByCompiler, DiffersByImplementation} {
		if found[d] {
			by = append(by, strings.TrimPrefix(string(d), "differs "))
		}
	}
	if len(by) == 0 {
		return ""
	}
	return Difference("differs " + strings.Join(by, " and "))
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

// String returns the check in the form the report shows: probe, mode,
// scope, baseline and predicate.
func (ch Check) String() string {
	s := ch.Probe
	if ch.Mode != "" {
		s += " (" + string(ch.Mode) + ")"
	}
	if ch.When != "" {
		s += " when " + ch.When
	}
	if ch.Versus != "" {
		s += ", against the nearest release where " + ch.Versus
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

// CheckStrings returns the claim's checks in the form the report shows.
func (c Claim) CheckStrings() []string {
	out := make([]string, len(c.Checks))
	for i, ch := range c.Checks {
		out[i] = ch.String()
	}
	return out
}
