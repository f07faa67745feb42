package claims

import (
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/toolchain"
)

// TestDecideBuilds checks that cells of build-outcome probes are compared
// as the deterministic facts they are: a column that compiles next to one
// that rejects differs for certain (where Fisher's test on 0/1 against
// 20/20 would find nothing after Holm's correction), equal columns do not
// differ, and a claim held by rejected builds alone carries no statistical
// bound.
func TestDecideBuilds(t *testing.T) {
	const pred = "rate(rejected) == 1"
	build := func(col Column, counts map[outcome.Kind]int) CellResult {
		r := cell(t, pred, col, toolchain.Plain, counts)
		r.Build = true
		r.Rejected = counts[outcome.Rejected] > 0
		return r
	}
	rejected := map[outcome.Kind]int{outcome.Rejected: 1}
	compiled := map[outcome.Kind]int{outcome.Clean: 20}

	d := Decide(claim(Universal, pred), []CellResult{build(gc19, rejected), build(gc26, rejected), build(gccgo12, compiled)})
	if d.Status != Refuted || d.Comparison.Result != DiffersByCompiler {
		t.Errorf("gccgo compiles: %s, %s, want %s, %s: %s", d.Status, d.Comparison.Result, Refuted, DiffersByCompiler, d.Comparison.Text)
	}
	for _, tt := range d.Comparison.Tests {
		if !tt.Certain {
			t.Errorf("comparison of builds is a statistical test: %s", tt)
		}
	}
	if !strings.Contains(d.Comparison.Text, "a certain difference") || strings.Contains(d.Comparison.Text, "α") {
		t.Errorf("comparison text %q: want a certain difference and no significance level", d.Comparison.Text)
	}

	d = Decide(claim(Universal, pred), []CellResult{build(gc19, rejected), build(gc26, rejected), build(gccgo12, rejected)})
	if d.Status != Held || !d.Builds || d.BoundTrials != 0 {
		t.Errorf("all rejected: %s, builds %v, bound over %d trials, want held, builds, no bound", d.Status, d.Builds, d.BoundTrials)
	}
	if !strings.Contains(d.Summary, "each a build that the compiler rejected") || strings.Contains(d.Summary, "Clopper") {
		t.Errorf("summary %q", d.Summary)
	}
	if d.Comparison.Result != NoSignificantDifference || !strings.HasPrefix(d.Comparison.Text, "No difference between columns") {
		t.Errorf("equal builds: %s: %s", d.Comparison.Result, d.Comparison.Text)
	}

	// The same counts from ordinary trials stay a statistical question.
	plainCell := func(col Column, counts map[outcome.Kind]int) CellResult {
		return cell(t, pred, col, toolchain.Plain, counts)
	}
	d = Decide(claim(Universal, pred), []CellResult{plainCell(gc19, rejected), plainCell(gccgo12, compiled)})
	if len(d.Comparison.Tests) != 1 || d.Comparison.Tests[0].Certain {
		t.Errorf("ordinary cells: tests %v, want one Fisher test", d.Comparison.Tests)
	}
}
