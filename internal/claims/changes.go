package claims

import (
	"sort"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/stats"
)

// A Pair is two cells of one row and chain in adjacent measured columns,
// A of the older release and B of the newer, that "What changed" compares.
type Pair struct {
	A, B *results.Cell
	// Metrics names the metrics whose values are compared: those the
	// claims read of the probe (ReadMetrics).
	Metrics []string
	// Timing marks the cells of a timing probe: their values are times on
	// one machine, and a noisy value changes only when the ratio of the
	// medians clears RunMargin.
	Timing bool
}

// OutcomeTest is one comparison between the cells of a pair by Fisher's
// exact test: the trials of one kind (Sig empty), or of one signature that
// only one of the cells has.
type OutcomeTest struct {
	Kind        outcome.Kind
	Sig         outcome.Outcome
	KA, NA      int
	KB, NB      int
	P, Adjusted float64
	Significant bool
}

// MetricChange is a measured value that moved between the cells of a
// pair beyond its noise: a value every trial of each cell reported alike
// (deterministic) that differs, or two median intervals, at the family
// level of every metric comparison of the report, that do not overlap.
type MetricChange struct {
	Name string
	// From and To are the values (min..max of the trials) of A and B.
	From, To string
	// Certain marks deterministic values: no test is needed.
	Certain bool
	// Confidence is the confidence that the medians differ, for noisy
	// values.
	Confidence float64
}

// PairResult is the engine's comparison of one pair.
type PairResult struct {
	Tests   []OutcomeTest
	Metrics []MetricChange
	// Differs is set when some rate, signature or value differs at all,
	// significantly or not.
	Differs bool
}

// ComparePairs compares every pair, for "What changed": each kind's
// trials and each signature only one cell has by Fisher's exact test,
// Holm-adjusted over every test of every pair together, and each metric
// the pair names as MetricChange says, with Bonferroni's correction over
// every noisy metric comparison of every pair. Pairs where a cell did not
// run get no tests.
func ComparePairs(pairs []Pair) []PairResult {
	out := make([]PairResult, len(pairs))
	var ps []float64
	noisy := 0
	for i, p := range pairs {
		if p.A.NotRun != nil || p.B.NotRun != nil {
			continue
		}
		out[i].Tests, out[i].Differs = outcomeTests(p.A, p.B)
		for _, t := range out[i].Tests {
			ps = append(ps, t.P)
		}
		for _, name := range p.Metrics {
			a, b := p.A.Metrics[name], p.B.Metrics[name]
			if a.Count > 0 && b.Count > 0 && !(deterministic(a) && deterministic(b)) {
				// A comparison is wrong only if one of the two cells'
				// intervals misses; each side is taken at 1 - (1-L)/2
				// per look, so a comparison counts as many times as its
				// cell with more looks.
				noisy += max(Looks(p.A), Looks(p.B))
			}
		}
	}
	adj := stats.Holm(ps)
	side := 1 - (1-FamilyLevel(noisy))/2
	k := 0
	for i, p := range pairs {
		for j := range out[i].Tests {
			out[i].Tests[j].Adjusted = adj[k]
			out[i].Tests[j].Significant = adj[k] <= Alpha
			k++
		}
		if p.A.NotRun != nil || p.B.NotRun != nil {
			continue
		}
		for _, name := range p.Metrics {
			a, b := p.A.Metrics[name], p.B.Metrics[name]
			if a.Count == 0 || b.Count == 0 {
				continue
			}
			mc := MetricChange{Name: name, From: valueRange(a), To: valueRange(b)}
			if deterministic(a) && deterministic(b) {
				if a.Min != b.Min {
					mc.Certain = true
					out[i].Metrics = append(out[i].Metrics, mc)
					out[i].Differs = true
				}
				continue
			}
			out[i].Differs = out[i].Differs || a.Min != b.Min || a.Max != b.Max
			ia, okA := medianInterval(a, side)
			ib, okB := medianInterval(b, side)
			if okA && okB && apart(ia, ib, p.Timing) {
				mc.Confidence = ia.Confidence + ib.Confidence - 1
				out[i].Metrics = append(out[i].Metrics, mc)
			}
		}
	}
	return out
}

// apart reports whether two median intervals put their medians apart:
// they do not overlap, and for timing values (timing) the ratio of the
// medians, lower over higher, also lies below the RunMargin band around
// 1, as a versus clause decides it (evalVersus), since a smaller move
// between two cells can be the machine's between runs.
func apart(a, b stats.MedianInterval, timing bool) bool {
	if a.Hi > b.Hi {
		a, b = b, a
	}
	if a.Hi >= b.Lo {
		return false
	}
	below, _ := marginBand("<", 1)
	return !timing || a.Hi > 0 && below.side(a.Lo/b.Hi, a.Hi/b.Lo) == sideHolds
}

// alikeTrials is the fewest trials that must all report one value for it
// to count as deterministic: one or two equal values are no evidence that
// a measurement does not vary.
const alikeTrials = 5

// deterministic reports whether at least alikeTrials trials reported the
// metric and all reported the same value.
func deterministic(m MetricSummary) bool { return m.Count >= alikeTrials && m.Min == m.Max }

// valueRange formats a metric's values: "0.9" or "0.88..0.92".
func valueRange(m MetricSummary) string {
	if m.Min == m.Max {
		return formatNum(m.Min)
	}
	return formatNum(m.Min) + ".." + formatNum(m.Max)
}

// outcomeTests returns the Fisher tests of a pair of measured cells, with
// raw p-values, and whether any rate or signature differs at all.
func outcomeTests(a, b *results.Cell) (tests []OutcomeTest, differs bool) {
	na, nb := a.Counted(), b.Counted()
	ka, kb := kindCounts(a), kindCounts(b)
	for _, k := range outcome.Order {
		if ka[k] == 0 && kb[k] == 0 {
			continue
		}
		tests = append(tests, OutcomeTest{Kind: k, KA: ka[k], NA: na, KB: kb[k], NB: nb, P: stats.FisherExact(ka[k], na, kb[k], nb)})
		differs = differs || ka[k]*nb != kb[k]*na
	}
	sa, sb := signatures(a), signatures(b)
	for _, o := range sortedOutcomes(sb) {
		if _, ok := sa[o]; !ok {
			tests = append(tests, OutcomeTest{Kind: o.Kind, Sig: o, KA: 0, NA: na, KB: sb[o], NB: nb, P: stats.FisherExact(0, na, sb[o], nb)})
			differs = true
		}
	}
	for _, o := range sortedOutcomes(sa) {
		if _, ok := sb[o]; !ok {
			tests = append(tests, OutcomeTest{Kind: o.Kind, Sig: o, KA: sa[o], NA: na, KB: 0, NB: nb, P: stats.FisherExact(sa[o], na, 0, nb)})
			differs = true
		}
	}
	return tests, differs
}

// kindCounts sums a cell's counted trials per kind.
func kindCounts(c *results.Cell) map[outcome.Kind]int {
	m := map[outcome.Kind]int{}
	for _, t := range c.Tallies {
		if t.Kind.Counted() {
			m[t.Kind] += t.K
		}
	}
	return m
}

// signatures counts a cell's counted trials per outcome with a reason.
func signatures(c *results.Cell) map[outcome.Outcome]int {
	m := map[outcome.Outcome]int{}
	for _, t := range c.Tallies {
		if t.Kind.Counted() && t.Reason != "" {
			m[t.Outcome] += t.K
		}
	}
	return m
}

// sortedOutcomes orders outcomes by kind (outcome.Order), then reason.
func sortedOutcomes(m map[outcome.Outcome]int) []outcome.Outcome {
	rank := map[outcome.Kind]int{}
	for i, k := range outcome.Order {
		rank[k] = i
	}
	var out []outcome.Outcome
	for o := range m {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool {
		if x, y := rank[out[i].Kind], rank[out[j].Kind]; x != y {
			return x < y
		}
		return out[i].Reason < out[j].Reason
	})
	return out
}

// ReadMetrics returns, per probe, the metrics some claim's check reads,
// sorted: the measured values "What changed" compares.
func ReadMetrics(cs []Claim) map[string][]string {
	set := map[string]map[string]bool{}
	for _, c := range cs {
		for _, ch := range c.Checks {
			for _, m := range ch.Predicate.Metrics() {
				if set[ch.Probe] == nil {
					set[ch.Probe] = map[string]bool{}
				}
				set[ch.Probe][m] = true
			}
		}
	}
	out := map[string][]string{}
	for p, ms := range set {
		for m := range ms {
			out[p] = append(out[p], m)
		}
		sort.Strings(out[p])
	}
	return out
}

// FormatConfidence prints a confidence in percent without overstating
// it, e.g. "99.93".
func FormatConfidence(c float64) string { return formatConf(c) }
