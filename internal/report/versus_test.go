package report

import (
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/results"
)

// TestVersusVerdicts checks that a check with a versus scope compares each
// cell with the baseline cell of the nearest release the scope selects, on
// the same machine only, and that the claim follows the logic of its form:
// one cell slower than its baseline refutes "faster", overlapping ranges
// decide nothing. The case named "...variant is the nearest..." reads the
// claim faster-than-variant, whose baseline is the noswissmap variant.
func TestVersusVerdicts(t *testing.T) {
	cs := mustClaims(t, `{"id":"faster-than-variant","statement":"S.","source":"test","form":"universal","modes":["plain"],"modes_why":"Test.","probes":["p"],
		"checks":[{"probe":"p","when":"variant == none and release >= go1.24","versus":"variant == noswissmap","holds_if":"interval(ns) < versus"}]},
		{"id":"faster","statement":"S.","source":"test","form":"universal","modes":["plain"],"modes_why":"Test.","probes":["p"],
		"checks":[{"probe":"p","when":"kind == gc and variant == none and release >= go1.24","versus":"kind == gc and variant == none and release < go1.24","holds_if":"interval(ns) < versus"}]}`)
	// cell repeats the values to 8 trials: each side of a comparison in a
	// family of two needs 8 trials for its 98.75%.
	cell := func(values ...float64) results.Cell {
		var vs []float64
		for len(vs) < 8 {
			vs = append(vs, values...)
		}
		return withMetric(tally("p", "clean=8"), "ns", vs[:8]...)
	}
	m := func(f results.File) results.File { return on(f, "local", "amd64", 2) }
	tests := []struct {
		name    string
		files   []results.File
		status  claims.Status
		summary []string
	}{
		{"faster than the nearest baseline", []results.File{
			// go1.19.8 would make go1.26.8 look slower; go1.23.4 is the
			// nearest release before go1.24 and the baseline.
			m(gcFile("go1.19.8", cell(5, 6))),
			m(gcFile("go1.23.4", cell(20, 22))),
			m(gcFile("go1.26.8", cell(10, 12))),
		}, Held, []string{"Held"}},
		{"slower than the baseline refutes", []results.File{
			m(gcFile("go1.23.4", cell(20, 22))),
			m(gcFile("go1.26.8", cell(10, 12))),
			m(gcFile("go1.27.3", cell(35, 40))),
		}, Refuted, []string{"go1.27.3, p (plain)", "go1.23.4's [20, 22]", "above it"}},
		{"slower by less than the run-to-run margin leaves it undecided", []results.File{
			m(gcFile("go1.23.4", cell(20, 22))),
			m(gcFile("go1.26.8", cell(10, 12))),
			m(gcFile("go1.27.3", cell(25, 30))),
		}, Undecided, []string{"within the run-to-run margin"}},
		{"a variant is neither side", []results.File{
			// go1.24.1 built with GOEXPERIMENT=noswissmap has bucket maps,
			// slower here: counted as a release from go1.24 it would refute
			// the claim.
			m(gcFile("go1.23.4", cell(20, 22))),
			m(variant(gcFile("go1.24.1", cell(30, 35)), "noswissmap")),
			m(gcFile("go1.26.8", cell(10, 12))),
		}, Held, []string{"go1.23.4's [20, 22]"}},
		{"the same release's variant is the nearest baseline", []results.File{
			m(variant(gcFile("go1.24.1", cell(20, 22)), "noswissmap")),
			m(variant(gcFile("go1.25.2", cell(5, 6)), "noswissmap")),
			m(gcFile("go1.24.1", cell(10, 12))),
		}, Held, []string{"go1.24.1+noswissmap's [20, 22]"}},
		{"overlap leaves it undecided, never held", []results.File{
			m(gcFile("go1.23.4", cell(20, 22))),
			m(gcFile("go1.26.8", cell(21, 25))),
		}, Undecided, []string{"Undecided", "inside the noise"}},
		{"a baseline on another machine is not used", []results.File{
			on(gcFile("go1.23.4", cell(20, 22)), "local", "arm64", 4),
			m(gcFile("go1.26.8", cell(10, 12))),
		}, NotMeasuredClaim, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := Build(Input{Files: tt.files, Claims: cs})
			claim := "faster"
			if strings.Contains(tt.name, "variant is the nearest") {
				claim = "faster-than-variant"
			}
			var v Verdict
			for _, x := range r.Verdicts {
				if x.ID == claim {
					v = x
				}
			}
			var why []string
			for _, e := range v.Evidence {
				why = append(why, e.Column+": "+e.Why)
			}
			if v.Status != tt.status {
				t.Errorf("status %s, want %s: %s\nevidence:\n%s", v.Status, tt.status, v.Summary, strings.Join(why, "\n"))
			}
			all := v.Summary + "\n" + strings.Join(why, "\n")
			for _, s := range tt.summary {
				if !strings.Contains(all, s) {
					t.Errorf("summary and evidence lack %q:\n%s", s, all)
				}
			}
		})
	}
}

// variant makes f the results of a toolchain variant (a GOEXPERIMENT).
func variant(f results.File, v string) results.File {
	f.Toolchain.Variant = v
	f.Toolchain.ID += "+" + v
	return f
}
