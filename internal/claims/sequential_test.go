package claims

import (
	"math/rand"
	"testing"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// TestNearThreshold checks the runner's test: a cell whose median
// interval reaches into the RunMargin band around the threshold while its
// trials' median lies outside the band, or whose trials are too few for
// the level, is near; one whose interval is wholly on either side is not,
// nor one wholly inside the band or whose trials' median lies inside it;
// a claim that only compares cells (versus) or reads another probe or
// mode asks for no test.
func TestNearThreshold(t *testing.T) {
	cs := mustClaims(t, `{"id":"fast","statement":"S.","source":"x","form":"universal","modes":["plain"],"modes_why":"W.","probes":["p"],
		"checks":[{"probe":"p","holds_if":"interval(ratio) > 1"}]},
		{"id":"vs","statement":"S.","source":"x","form":"universal","modes":["plain"],"modes_why":"W.","probes":["q"],
		"checks":[{"probe":"q","holds_if":"interval(ratio) < versus","versus":"release < go1.20"}]}`)
	planned := func(string, toolchain.Mode) int { return 5 } // family 10: each at 99.5%
	near, ok := NearThreshold(cs, "p", toolchain.Plain, planned)
	if !ok {
		t.Fatal("no test for a claim reading p against a threshold")
	}
	cell := func(vals ...float64) *results.Cell {
		return resultsCell("p", map[outcome.Kind]int{outcome.Clean: len(vals)}, map[string][]float64{"ratio": vals})
	}
	ten := func(lo, hi float64) []float64 {
		var v []float64
		for i := 0; i < 10; i++ {
			v = append(v, lo+(hi-lo)*float64(i)/9)
		}
		return v
	}
	for _, tt := range []struct {
		name string
		vals []float64
		want bool
	}{
		// The threshold is 1 and RunMargin 1.5: the band is [0.667, 1.5].
		{"reaches into the band, median above it", ten(1.4, 1.9), true},
		{"reaches into the band, median below it", ten(0.4, 0.75), true},
		{"reaches out of the band, median inside it", ten(1.2, 1.65), false},
		{"above", ten(1.6, 1.9), false},
		{"below", ten(0.5, 0.65), false},
		{"within the band: more trials cannot decide", ten(0.9, 1.1), false},
		{"too few for 99.5%", ten(1.6, 1.9)[:7], true}, // 1 - 2·0.5^7 = 98.4%
	} {
		if got := near(cell(tt.vals...)); got != tt.want {
			t.Errorf("%s: near = %v, want %v", tt.name, got, tt.want)
		}
	}
	// Without a margin (a threshold of 0 is no factor), an interval that
	// contains the threshold may leave it out with more trials.
	zero := mustClaims(t, `{"id":"pos","statement":"S.","source":"x","form":"universal","modes":["plain"],"modes_why":"W.","probes":["p"],
		"checks":[{"probe":"p","holds_if":"interval(ratio) > 0"}]}`)
	nearZero, ok := NearThreshold(zero, "p", toolchain.Plain, planned)
	if !ok {
		t.Fatal("no test for a claim reading p against 0")
	}
	if !nearZero(cell(ten(-0.2, 0.7)...)) {
		t.Error("an interval containing 0, with no margin: near = false, want true")
	}
	if nearZero(cell(ten(0.1, 0.7)...)) {
		t.Error("an interval above 0: near = true, want false")
	}
	if _, ok := NearThreshold(cs, "q", toolchain.Plain, planned); ok {
		t.Error("a versus claim asks for a test; the runner has no baseline")
	}
	if _, ok := NearThreshold(cs, "p", toolchain.Race, planned); ok {
		t.Error("a race cell of p gets a test; the claim reads plain cells only")
	}
}

// TestSequentialErrorSimulation runs the sequential rule as the runner
// does on the claim of TestFamilyErrorSimulation (interval(ratio) > 1,
// heavy-tailed trials) with the trials' true median 2% above the lower
// edge of the RunMargin band (1/1.5): inside the band, where the claim
// must not be refuted, and close enough to its edge that many cells'
// medians fall outside it and get their second look. 72 cells of 16
// trials, each extended to 32 when the runner's test finds it near,
// every cell recording its two looks. The claim must be refuted in under
// 5% of seeds, the error the correction promises, and with the looks
// counted the family is 144.
func TestSequentialErrorSimulation(t *testing.T) {
	const cells, trials, seeds = 72, 16, 400
	cs, cols := intervalClaim(t, cells)
	near, ok := NearThreshold(cs, "p", toolchain.Plain, func(string, toolchain.Mode) int { return cells })
	if !ok {
		t.Fatal("no test for the claim")
	}
	draw := drawAround(rand.New(rand.NewSource(11)), 1.02/RunMargin)
	refuted, extended := 0, 0
	for s := 0; s < seeds; s++ {
		var in []Input
		for i := 0; i < cells; i++ {
			vals := make([]float64, trials)
			for j := range vals {
				vals[j] = draw()
			}
			c := resultsCell("p", map[outcome.Kind]int{outcome.Clean: trials}, map[string][]float64{"ratio": vals})
			if near(c) {
				extended++
				for j := 0; j < trials; j++ {
					vals = append(vals, draw())
				}
				c = resultsCell("p", map[outcome.Kind]int{outcome.Clean: len(vals)}, map[string][]float64{"ratio": vals})
			}
			c.Looks = SequentialLooks
			in = append(in, Input{Column: i, Cell: c})
		}
		d := Evaluate(cs, cols, in)[0]
		if d.Family != SequentialLooks*cells {
			t.Fatalf("family %d, want %d (two looks per cell)", d.Family, SequentialLooks*cells)
		}
		if d.Status == Refuted {
			refuted++
		}
	}
	if extended == 0 {
		t.Fatal("the rule never extended a cell: the simulation does not exercise it")
	}
	if rate := float64(refuted) / seeds; rate >= 0.05 {
		t.Errorf("refuted in %d of %d seeds (%.1f%%), want under 5%%", refuted, seeds, 100*rate)
	}
	t.Logf("refuted in %d of %d seeds; %d of %d cells extended", refuted, seeds, extended, seeds*cells)
}

// TestBrief checks the short reasons of the grid's cells (Result.Brief):
// an interval clause's interval alone, however the interval was ranked,
// a comparison's ratio of the medians with the baseline's column, one
// part per clause, and other reasons and the idle note as in Why.
func TestBrief(t *testing.T) {
	ranked := []float64{0.65, 0.705, 0.8, 0.9, 1, 1.1, 1.2, 1.309, 1.326}
	idle := ratiosValues(0.5, 0.6, 0.5, 0.6, 0.5, 0.6)
	idle.Tallies = append(idle.Tallies, Tally{Outcome: outcome.Outcome{Kind: outcome.Idle}, K: 1})
	for _, tt := range []struct {
		pred string
		o    Observation
		want string
	}{
		{"interval(r) > 4", ratiosValues(ranked...), "median in [0.705, 1.309]"},
		{"interval(r) > 4", ratios(0.303, 0.33, 0.31, 0.32, 0.31, 0.32), "median in [0.303, 0.33]"},
		{"interval(r) < 1 and interval(s) < 1", obs(map[outcome.Kind]int{outcome.Clean: 6},
			map[string]MetricSummary{"r": sum(1, 2, 1, 2, 1, 2), "s": sum(3, 4, 3, 4, 3, 4)}), "median in [1, 2]; median in [3, 4]"},
		{"interval(r) < 1", idle, "median in [0.5, 0.6]; 1 idle trial excluded"},
		{"rate(clean) == 1", ratios(1, 1, 1), "rate(clean) = 1 (3/3)"},
	} {
		p, err := ParsePredicate(tt.pred)
		if err != nil {
			t.Fatal(err)
		}
		r := p.Eval(tt.o)
		if r.Brief != tt.want {
			t.Errorf("%q: brief %q, want %q (why %q)", tt.pred, r.Brief, tt.want, r.Why)
		}
	}
	p, err := ParsePredicate("interval(ns) > versus")
	if err != nil {
		t.Fatal(err)
	}
	cell := obs(map[outcome.Kind]int{outcome.Clean: 7}, map[string]MetricSummary{"ns": sum(25, 30, 25, 30, 25, 30, 25)})
	base := obs(map[outcome.Kind]int{outcome.Clean: 7}, map[string]MetricSummary{"ns": sum(15, 16, 15, 16, 15, 16, 15)})
	if r, want := p.EvalVersus(cell, base, "go1.19.8"), "median ratio to go1.19.8 in [1.562, 2]"; r.Brief != want {
		t.Errorf("versus: brief %q, want %q (why %q)", r.Brief, want, r.Why)
	}
}
