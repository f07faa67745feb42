package claims

import (
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/outcome"
)

// TestEvalVersus decides "interval(NAME) OP versus" from two cells'
// intervals: wholly on the claimed side holds, wholly on the other side
// fails, overlapping (touching included) or too few trials is undecided.
func TestEvalVersus(t *testing.T) {
	// seven trials: each side of a comparison at 97.5% needs 7.
	six := func(lo, hi float64) MetricSummary { return sum(lo, hi, lo, hi, lo, hi, lo) }
	tests := []struct {
		name         string
		holdsIf      string
		cell, base   MetricSummary
		known, holds bool
		whyHas       string
	}{
		{"below holds <", "interval(ns) < versus", six(5, 6), six(15, 16), true, true, "below it"},
		{"above fails <", "interval(ns) < versus", six(25, 30), six(15, 16), true, false, "above it"},
		// Apart, but the ratio of the medians [1.06, 1.33] lies within
		// RunMargin (1.5) of 1; [0.625, 0.8] reaches into that band.
		{"apart within the margin is noise", "interval(ns) < versus", six(17, 20), six(15, 16), false, false, "inside the noise, within the run-to-run margin [0.6667, 1.5]"},
		{"apart reaching into the margin is noise", "interval(ns) < versus", six(10, 12), six(15, 16), false, false, "inside the noise (it reaches into the run-to-run margin"},
		{"overlap is noise", "interval(ns) < versus", six(10, 15.5), six(15, 16), false, false, "inside the noise"},
		{"touching is noise", "interval(ns) < versus", six(10, 15), six(15, 16), false, false, "inside the noise"},
		{"above holds >", "interval(ns) > versus", six(25, 30), six(15, 16), true, true, "above it"},
		{"below fails >", "interval(ns) > versus", six(5, 6), six(15, 16), true, false, "below it"},
		{"one baseline trial", "interval(ns) < versus", six(10, 12), sum(15), false, false, "1 trials cannot give 97.5% confidence"},
		{"no metric in the cell", "interval(ns) < versus", MetricSummary{}, six(15, 16), false, false, "0 trials cannot give 97.5% confidence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePredicate(tt.holdsIf)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Versus() {
				t.Fatalf("%q: Versus() = false", tt.holdsIf)
			}
			cell := obs(map[outcome.Kind]int{outcome.Clean: 6}, map[string]MetricSummary{"ns": tt.cell})
			base := obs(map[outcome.Kind]int{outcome.Clean: 6}, map[string]MetricSummary{"ns": tt.base})
			r := p.EvalVersus(cell, base, "go1.19.8")
			if r.Known != tt.known || r.Holds != tt.holds {
				t.Errorf("known, holds = %v, %v, want %v, %v (%s)", r.Known, r.Holds, tt.known, tt.holds, r.Why)
			}
			if within := strings.Contains(tt.whyHas, "within the run-to-run margin"); r.Within != within {
				t.Errorf("Within = %v, want %v (%s)", r.Within, within, r.Why)
			}
			if !strings.Contains(r.Why, tt.whyHas) || !strings.Contains(r.Why, "go1.19.8") {
				t.Errorf("why %q lacks %q or the baseline's column", r.Why, tt.whyHas)
			}
			if r.Every || r.Some {
				t.Errorf("Every, Some = %v, %v: a comparison of two cells is about the pair, not single trials", r.Every, r.Some)
			}
			// Eval, which has no baseline, must never decide the clause.
			if plain := p.Eval(cell); plain.Known {
				t.Errorf("Eval decided a versus clause without a baseline: %s", plain.Why)
			}
		})
	}
}

// TestVersusParse checks the spelling of versus clauses and that a check's
// versus scope and its predicate go together.
func TestVersusParse(t *testing.T) {
	for _, bad := range []string{"interval(ns) <= versus", "interval(ns) == versus", "metric(ns) < versus", "interval(ns) < versus 2"} {
		if p, err := ParsePredicate(bad); err == nil {
			t.Errorf("ParsePredicate(%q) = %v, want an error", bad, p)
		}
	}
	if p, err := ParsePredicate("interval(ns) > versus"); err != nil || p.String() != "interval(ns) > versus" {
		t.Errorf("round trip: %v, %v", p, err)
	}
	claim := func(versus, holdsIf string) string {
		return `{"schema": 2, "claims": [{"id": "c", "statement": "S.", "source": "s", "form": "universal",
			"modes": ["plain"], "modes_why": "W.", "probes": ["p"],
			"checks": [{"probe": "p", "versus": "` + versus + `", "holds_if": "` + holdsIf + `"}]}]}`
	}
	tests := []struct {
		versus, holdsIf, errHas string
	}{
		{"", "interval(ns) < versus", `no "versus" scope`},
		{"release < go1.24", "interval(ns) < 3", "interval(NAME) < versus or > versus clauses only"},
		{"release < go1.24", "interval(ns) < versus and rate(clean) == 1", "clauses only"},
		{"release < 1.24", "interval(ns) < versus", "versus:"},
		{"release < go1.24 and variant == none", "interval(ns) < versus", ""},
	}
	for _, tt := range tests {
		_, err := Parse("claims.json", []byte(claim(tt.versus, tt.holdsIf)))
		switch {
		case tt.errHas == "" && err != nil:
			t.Errorf("versus %q, holds_if %q: %v", tt.versus, tt.holdsIf, err)
		case tt.errHas != "" && (err == nil || !strings.Contains(err.Error(), tt.errHas)):
			t.Errorf("versus %q, holds_if %q: error %v, want one containing %q", tt.versus, tt.holdsIf, err, tt.errHas)
		}
	}
}
