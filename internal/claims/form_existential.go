package claims

import (
	"fmt"

	"github.com/maplab/maplab/internal/stats"
)

// existential is the form of a claim that says something can happen: one
// observation confirms it, and not observing it is never a refutation.
type existential struct{}

func (existential) decide(d *Decision, c Claim, cells []CellResult, decided, observed []bool) {
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
	d.Comparison = compareColumns(Existential, cells)
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

func (existential) column(cells []CellResult, d Decision, col Column) (ColumnStatus, string) {
	n, known, noise := countedTrials(cells)
	seen := map[int]bool{}
	checks := map[int]bool{}
	k, kn := Count{}, 0
	for _, r := range cells {
		checks[r.Check] = true
		if r.Result.Known && r.Result.Holds {
			seen[r.Check] = true
			if r.Result.Some {
				k.Lo += r.Result.Satisfying.Lo
				k.Hi += r.Result.Satisfying.Hi
				kn += r.Result.Trials
			}
		}
	}
	switch {
	case len(seen) > 0 && len(seen) == len(checks):
		if kn > 0 {
			return ColConfirmed, fmt.Sprintf("confirmed %s/%d", k, kn)
		}
		return ColConfirmed, "confirmed"
	case known > 0 && len(seen) > 0:
		return ColNotObserved, fmt.Sprintf("not observed (%d/%d checks seen)", len(seen), len(checks))
	case known > 0:
		return ColNotObserved, fmt.Sprintf("not observed (%d)", n) // n trials, as "held (n)"
	case noise:
		return ColNoise, "inside the noise"
	}
	return ColNotMeasured, "all idle"
}

func (existential) lead(d Decision) string {
	switch d.Status {
	case Confirmed:
		return fmt.Sprintf("Confirmed by observation: %s.", listWhere(d.Where))
	case NotObserved:
		var s string
		if d.BoundTrials > 0 {
			s = fmt.Sprintf("Not observed in %d trials; the rate is below %s (95%%, one-sided exact Clopper-Pearson bound, trials taken as one sample). Not observing it does not show that it cannot happen.",
				d.BoundTrials, formatPct(d.Bound))
		} else {
			s = fmt.Sprintf("Not observed in %d %s (%d trials). Not observing it does not show that it cannot happen.", d.Cells, pluralWord(d.Cells, "cell", "cells"), d.Trials)
		}
		if len(d.Where) > 0 {
			s += fmt.Sprintf(" Some checks were observed: %s.", listWhere(d.Where))
		}
		return s
	}
	return d.notMeasuredLead()
}
