package claims

import (
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/toolchain"
)

// Columns of the decision tests, in display order.
var (
	gc19    = Column{ID: "go1.19.8", Label: "go1.19.8", Kind: toolchain.GC, Release: "go1.19.8", Order: 10}
	gc26    = Column{ID: "go1.26.8", Label: "go1.26.8", Kind: toolchain.GC, Release: "go1.26.8", Order: 17}
	gc27    = Column{ID: "go1.27.3", Label: "go1.27.3", Kind: toolchain.GC, Release: "go1.27.3", Order: 18}
	gccgo12 = Column{ID: "gccgo 12 (go1.18)", Label: "gccgo 12 (go1.18)", Kind: toolchain.GCCGO, Release: "go1.18", Order: 20}
)

// cell evaluates pred on a cell with the given kind counts.
func cell(t *testing.T, pred string, col Column, mode toolchain.Mode, counts map[outcome.Kind]int) CellResult {
	t.Helper()
	p, err := ParsePredicate(pred)
	if err != nil {
		t.Fatal(err)
	}
	return CellResult{Column: col, Probe: "p", Mode: mode, Result: p.Eval(obs(counts, nil))}
}

func claim(form Form, preds ...string) Claim {
	c := Claim{ID: "c", Form: form, Modes: []toolchain.Mode{toolchain.Plain}}
	for _, p := range preds {
		c.Checks = append(c.Checks, Check{Probe: "p", HoldsIf: p})
	}
	return c
}

func TestDecide(t *testing.T) {
	const (
		fatal, clean, corrupt = outcome.Fatal, outcome.Clean, outcome.Corrupt
		plain                 = toolchain.Plain
	)
	type kc = map[outcome.Kind]int
	always := "rate(fatal) == 1"
	can := "any outcome in [corrupt]"
	tests := []struct {
		name    string
		form    Form
		pred    string
		cells   []func(t *testing.T) CellResult
		status  Status
		compare Difference
		summary []string // substrings of the summary
	}{
		{
			name: "universal, one counterexample in 1000 trials refutes",
			form: Universal, pred: always,
			cells: []func(*testing.T) CellResult{
				func(t *testing.T) CellResult { return cell(t, always, gc26, plain, kc{fatal: 999, clean: 1}) },
			},
			status:  Refuted,
			compare: NothingToCompare,
			summary: []string{"Refuted by counterexample: go1.26.8, p (plain), 1/1000 trials."},
		},
		{
			name: "universal, held everywhere gives a lower bound",
			form: Universal, pred: always,
			cells: []func(*testing.T) CellResult{
				func(t *testing.T) CellResult { return cell(t, always, gc19, plain, kc{fatal: 500}) },
				func(t *testing.T) CellResult { return cell(t, always, gc26, plain, kc{fatal: 500}) },
			},
			status:  Held,
			compare: NoSignificantDifference,
			// 0.05^(1/1000) = 0.99700875
			summary: []string{"Held in all 1000 trials (2 cells)", "at least 99.7%", "Clopper-Pearson", "not proof"},
		},
		{
			name: "universal, 0/40 vs 40/40 counterexamples differ by release",
			form: Universal, pred: always,
			cells: []func(*testing.T) CellResult{
				func(t *testing.T) CellResult { return cell(t, always, gc19, plain, kc{fatal: 40}) },
				func(t *testing.T) CellResult { return cell(t, always, gc26, plain, kc{clean: 40}) },
			},
			status:  Refuted,
			compare: DiffersByRelease,
			summary: []string{"go1.26.8, p (plain), 40/40 trials"},
		},
		{
			name: "universal, 1/40 vs 3/40 do not differ",
			form: Universal, pred: always,
			cells: []func(*testing.T) CellResult{
				func(t *testing.T) CellResult { return cell(t, always, gc19, plain, kc{fatal: 39, clean: 1}) },
				func(t *testing.T) CellResult { return cell(t, always, gc26, plain, kc{fatal: 37, clean: 3}) },
			},
			status:  Refuted,
			compare: NoSignificantDifference,
		},
		{
			name: "universal, gc vs gccgo differs by compiler, not by release",
			form: Universal, pred: always,
			cells: []func(*testing.T) CellResult{
				func(t *testing.T) CellResult { return cell(t, always, gc19, plain, kc{clean: 20}) },
				func(t *testing.T) CellResult { return cell(t, always, gc26, plain, kc{clean: 20}) },
				func(t *testing.T) CellResult { return cell(t, always, gccgo12, plain, kc{fatal: 20}) },
			},
			status:  Refuted,
			compare: DiffersByCompiler,
		},
		{
			name: "existential, 0/300 is not observed below 1%, never refuted",
			form: Existential, pred: can,
			cells: []func(*testing.T) CellResult{
				func(t *testing.T) CellResult { return cell(t, can, gc19, plain, kc{fatal: 100}) },
				func(t *testing.T) CellResult { return cell(t, can, gc26, plain, kc{fatal: 100}) },
				func(t *testing.T) CellResult { return cell(t, can, gc27, plain, kc{fatal: 100}) },
			},
			status:  NotObserved,
			compare: NoSignificantDifference,
			// 1 - 0.05^(1/300) = 0.0099
			summary: []string{"Not observed in 300 trials; the rate is below 0.9936%", "does not show that it cannot happen"},
		},
		{
			name: "existential, one observation confirms",
			form: Existential, pred: can,
			cells: []func(*testing.T) CellResult{
				func(t *testing.T) CellResult { return cell(t, can, gc19, plain, kc{fatal: 100}) },
				func(t *testing.T) CellResult { return cell(t, can, gc26, plain, kc{fatal: 99, corrupt: 1}) },
			},
			status:  Confirmed,
			compare: NoSignificantDifference,
			summary: []string{"Confirmed by observation: go1.26.8, p (plain), 1/100 trials."},
		},
		{
			name: "existential, 0/40 vs 40/40 observations differ by release",
			form: Existential, pred: can,
			cells: []func(*testing.T) CellResult{
				func(t *testing.T) CellResult { return cell(t, can, gc19, plain, kc{fatal: 40}) },
				func(t *testing.T) CellResult { return cell(t, can, gc26, plain, kc{corrupt: 40}) },
			},
			status:  Confirmed,
			compare: DiffersByRelease,
		},
		{
			name: "existential, gc vs gccgo differs by compiler",
			form: Existential, pred: can,
			cells: []func(*testing.T) CellResult{
				func(t *testing.T) CellResult { return cell(t, can, gc19, plain, kc{fatal: 30}) },
				func(t *testing.T) CellResult { return cell(t, can, gccgo12, plain, kc{corrupt: 30}) },
			},
			status:  Confirmed,
			compare: DiffersByCompiler,
		},
		{
			name: "existential, 1/40 vs 3/40 observations do not differ",
			form: Existential, pred: can,
			cells: []func(*testing.T) CellResult{
				func(t *testing.T) CellResult { return cell(t, can, gc19, plain, kc{fatal: 39, corrupt: 1}) },
				func(t *testing.T) CellResult { return cell(t, can, gc26, plain, kc{fatal: 37, corrupt: 3}) },
			},
			status:  Confirmed,
			compare: NoSignificantDifference,
		},
		{
			name: "no cells",
			form: Existential, pred: can,
			status:  NotMeasured,
			compare: NothingToCompare,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cells []CellResult
			for _, f := range tt.cells {
				cells = append(cells, f(t))
			}
			d := Decide(claim(tt.form, tt.pred), cells)
			if d.Status != tt.status {
				t.Errorf("status = %q, want %q (%s)", d.Status, tt.status, d.Summary)
			}
			if tt.form == Existential && d.Status == Refuted {
				t.Errorf("an existential claim was refuted")
			}
			if d.Comparison.Result != tt.compare {
				t.Errorf("comparison = %q, want %q (%s)", d.Comparison.Result, tt.compare, d.Comparison.Text)
			}
			for _, s := range tt.summary {
				if !strings.Contains(d.Summary, s) {
					t.Errorf("summary %q does not contain %q", d.Summary, s)
				}
			}
		})
	}
}

// TestDecideHolm checks that Holm's correction counts every comparison of
// a claim: 0/30 against 8/30 (Fisher p = 0.0046) differs alone, and stops
// being significant when ten more comparisons share the family.
func TestDecideHolm(t *testing.T) {
	always := "rate(fatal) == 1"
	type kc = map[outcome.Kind]int
	var cells []CellResult
	cols := []Column{gc19, gc26}
	for i, c := range cols {
		k := 0
		if i == 1 {
			k = 8
		}
		cells = append(cells, cell(t, always, c, toolchain.Plain, kc{outcome.Fatal: 30 - k, outcome.Clean: k}))
	}
	if d := Decide(claim(Universal, always), cells); d.Comparison.Result != DiffersByRelease {
		t.Fatalf("one comparison, p = 0.0046: %q, want %q (%s)", d.Comparison.Result, DiffersByRelease, d.Comparison.Text)
	}
	// Ten more probes whose columns agree: 11 comparisons, 0.0046 × 11 > 0.05.
	c := claim(Universal, always)
	for j := 0; j < 10; j++ {
		for _, col := range cols {
			r := cell(t, always, col, toolchain.Plain, kc{outcome.Fatal: 30})
			r.Probe = "q" + string(rune('a'+j))
			cells = append(cells, r)
		}
	}
	d := Decide(c, cells)
	if d.Comparison.Result != NoSignificantDifference || len(d.Comparison.Tests) != 11 {
		t.Errorf("eleven comparisons: %q with %d tests, want %q with 11 (%s)", d.Comparison.Result, len(d.Comparison.Tests), NoSignificantDifference, d.Comparison.Text)
	}
}

// TestDecideInvariant checks the invariant form: cells that differ only in
// GOMAXPROCS are compared, a significant difference refutes, and none
// holds without a bound.
func TestDecideInvariant(t *testing.T) {
	const fatal, clean, plain = outcome.Fatal, outcome.Clean, toolchain.Plain
	type kc = map[outcome.Kind]int
	pred := "any outcome in [fatal]"
	at := func(col Column, procs int, counts kc) CellResult {
		c := cell(t, pred, col, plain, counts)
		c.Procs = procs
		if procs != 0 {
			c.Row = Row{Procs: 1}
		}
		return c
	}
	tests := []struct {
		name    string
		cells   []CellResult
		status  Status
		compare Difference
		summary []string
	}{
		{
			name:    "80/80 at all CPUs vs 15/80 at one CPU refutes",
			cells:   []CellResult{at(gc26, 0, kc{fatal: 80}), at(gc26, 1, kc{fatal: 15, clean: 65}), at(gc27, 0, kc{fatal: 80}), at(gc27, 1, kc{fatal: 80})},
			status:  Refuted,
			compare: DiffersByCPUs,
			summary: []string{"Refuted: the rate differs significantly between GOMAXPROCS settings: go1.26.8, p (plain): 80/80 at all CPUs vs 15/80 at GOMAXPROCS=1, Holm-adjusted p = 4.8e-30."},
		},
		{
			name:    "10/20 vs 8/20 is no significant difference",
			cells:   []CellResult{at(gc26, 0, kc{fatal: 10, clean: 10}), at(gc26, 1, kc{fatal: 8, clean: 12})},
			status:  Held,
			compare: NoSignificantDifference,
			summary: []string{"Held: no significant difference between GOMAXPROCS settings in 1 comparisons", "not proof"},
		},
		{
			name:    "columns are never compared with each other",
			cells:   []CellResult{at(gc26, 0, kc{fatal: 80}), at(gc27, 1, kc{clean: 80})},
			status:  NotMeasured,
			compare: NothingToCompare,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decide(claim(Invariant, pred), tt.cells)
			if d.Status != tt.status || d.Comparison.Result != tt.compare {
				t.Errorf("status, comparison = %q, %q; want %q, %q (%s / %s)", d.Status, d.Comparison.Result, tt.status, tt.compare, d.Summary, d.Comparison.Text)
			}
			for _, s := range tt.summary {
				if !strings.Contains(d.Summary, s) {
					t.Errorf("summary %q does not contain %q", d.Summary, s)
				}
			}
		})
	}
}

// TestDecideInterval checks the three outcomes of an interval clause in a
// universal claim: a cell whose interval lies beyond the claimed ratio
// holds, one whose interval lies short of it is a counterexample, and one
// whose interval contains it is inside the noise and decides nothing.
func TestDecideInterval(t *testing.T) {
	const pred = "interval(r) > 4"
	p, err := ParsePredicate(pred)
	if err != nil {
		t.Fatal(err)
	}
	at := func(col Column, vals ...float64) CellResult {
		return CellResult{Column: col, Probe: "p", Mode: toolchain.Plain, Result: p.Eval(ratios(vals...))}
	}
	tests := []struct {
		name      string
		cells     []CellResult
		status    Status
		undecided int
		summary   string
	}{
		{"every interval above", []CellResult{at(gc19, 6.5, 7, 8, 7, 7, 7), at(gc26, 6.1, 6.2, 6.1, 6.2, 6.1, 6.2)}, Held, 0, "Held in all 2 cells (12 trials)"},
		{"one interval below refutes", []CellResult{at(gc19, 6.5, 7, 8, 7, 7, 7), at(gc26, 0.5, 0.7, 0.5, 0.7, 0.5, 0.7)}, Refuted, 0, "go1.26.8, p (plain): interval(r) = [0.5, 0.7] over 6 trials"},
		{"an interval inside the noise makes it undecided, never held", []CellResult{at(gc19, 6.5, 7, 7, 7, 7, 7), at(gc26, 5, 7, 7, 7, 7, 7)}, Undecided, 1, "Undecided: no cell refutes it, but 1 cell that should decide it is inside the noise (1 cell decided it). More trials per cell"},
		{"too few trials for the confidence are noise", []CellResult{at(gc19, 6.5, 7, 8, 7, 7, 7), at(gc26, 6.5, 7)}, Undecided, 1, "Undecided"},
		{"only noise is undecided", []CellResult{at(gc26, 5, 7, 7, 7, 7, 7)}, Undecided, 1, "Undecided"},
		// Above 4 but within RunMargin of it: more trials cannot decide.
		{"within the margin", []CellResult{at(gc26, 4.5, 5, 5, 5, 5, 5)}, Undecided, 1, "Its median lies within the run-to-run margin (a factor of 1.5) of what it is compared with, closer than two runs on one machine agree: no number of trials in one run decides it"},
		{"within the margin and straddling", []CellResult{at(gc19, 4.5, 5, 5, 5, 5, 5), at(gc26, 5, 7, 7, 7, 7, 7)}, Undecided, 2, "More trials could decide 1 of them; the median of the other lies within the run-to-run margin"},
	}
	for _, tt := range tests {
		d := Decide(claim(Universal, pred), tt.cells)
		if d.Status != tt.status || len(d.Undecided) != tt.undecided || !strings.Contains(d.Summary, tt.summary) {
			t.Errorf("%s: status %q, %d undecided %v, summary %q; want %q, %d undecided, summary containing %q",
				tt.name, d.Status, len(d.Undecided), d.Undecided, d.Summary, tt.status, tt.undecided, tt.summary)
		}
		for _, u := range d.Undecided {
			if !strings.Contains(u, "inside the noise") && !strings.Contains(u, "cannot give 95% confidence for the median") {
				t.Errorf("%s: undecided cell %q does not say it is inside the noise", tt.name, u)
			}
		}
	}
}
