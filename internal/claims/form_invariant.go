package claims

import (
	"fmt"
	"sort"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
)

// DiffersByCPUs is the Comparison.Result of an invariant claim whose
// rates differ significantly between GOMAXPROCS settings.
const DiffersByCPUs Difference = "differs by GOMAXPROCS"

// procsKey identifies the cells of an invariant claim that differ only in
// GOMAXPROCS.
type procsKey struct {
	check  int
	column string
	probe  string
	mode   toolchain.Mode
	lang   string
}

// invariant is the form of a claim that says an outcome does not depend
// on the number of CPUs.
type invariant struct{}

// decide compares, by Fisher's exact test with Holm's correction
// over all pairs, the observing trials of cells that differ only in
// GOMAXPROCS. A significant difference refutes the claim, naming both
// cells; without one the claim is held.
func (invariant) decide(d *Decision, c Claim, cells []CellResult, decided, observed []bool) {
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
				cmp.Tests = append(cmp.Tests, Test{Between: DiffersByCPUs, Probe: k.probe, Mode: k.mode, Row: Row{Lang: a.Row.Lang, Procs: a.Procs},
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
					t.KA, t.NA, catalogue.ProcsLabel(pr[0].Procs), t.KB, t.NB, catalogue.ProcsLabel(pr[1].Procs), formatP(t.Adjusted)),
				Brief: fmt.Sprintf("%d/%d at %s, %d/%d at %s",
					t.KA, t.NA, catalogue.ProcsLabel(pr[0].Procs), t.KB, t.NB, catalogue.ProcsLabel(pr[1].Procs))})
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

func (invariant) column(cells []CellResult, d Decision, col Column) (ColumnStatus, string) {
	for _, w := range d.Where {
		if w.Column == col.Label {
			return ColRefuted, "refuted: " + w.Brief
		}
	}
	n := 0
	for _, t := range d.Comparison.Tests {
		for _, r := range cells {
			if t.Probe == r.Probe && t.Mode == r.Mode && (t.A == procsColumn(r) || t.B == procsColumn(r)) {
				n++
				break
			}
		}
	}
	if n == 0 {
		return ColNotMeasured, "not measured at two GOMAXPROCS settings"
	}
	return ColHeld, fmt.Sprintf("held: no significant difference in %d %s", n, pluralWord(n, "comparison", "comparisons"))
}

func (invariant) lead(d Decision) string {
	switch d.Status {
	case Refuted:
		return fmt.Sprintf("Refuted: the rate differs significantly between GOMAXPROCS settings: %s.", listWhere(d.Where))
	case Held:
		return fmt.Sprintf("Held: no significant difference between GOMAXPROCS settings in %d comparisons (%d cells, %d trials). That is not proof that the rates are equal.",
			len(d.Comparison.Tests), d.Cells, d.Trials)
	}
	return d.notMeasuredLead()
}
