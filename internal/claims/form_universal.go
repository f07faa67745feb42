package claims

import (
	"fmt"

	"github.com/maplab/maplab/internal/stats"
)

// universal is the form of a claim that says something always or never
// happens: one counterexample refutes it; it is held only where every cell
// that should decide it did, and undecided where some are inside the
// noise.
type universal struct{}

func (universal) decide(d *Decision, c Claim, cells []CellResult, decided, observed []bool) {
	if d.Cells == 0 {
		d.Status = NotMeasured
		if d.Noise > 0 {
			d.Status = Undecided
		}
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
	d.Comparison = compareColumns(Universal, cells)
	switch {
	case len(d.Where) > 0:
		d.Status = Refuted
		return
	case d.Noise > 0:
		d.Status = Undecided
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

func (universal) column(cells []CellResult, d Decision, col Column) (ColumnStatus, string) {
	n, known, noise := countedTrials(cells)
	for _, r := range cells {
		res := r.Result
		if res.Known && !res.Holds {
			switch {
			case r.rejectedBuild():
				return ColRefuted, "refuted (rejected)"
			case res.Every:
				return ColRefuted, fmt.Sprintf("refuted %s/%d", res.Violating, res.Trials)
			}
			return ColRefuted, "refuted: " + res.Brief
		}
	}
	switch {
	case noise:
		return ColNoise, fmt.Sprintf("inside the noise (%d/%d decided)", known, len(cells)) // cells
	case known == 0:
		return ColNotMeasured, "all idle"
	}
	for _, r := range cells {
		if r.Result.Known && r.rejectedBuild() {
			return ColHeld, "held (rejected)"
		}
	}
	return ColHeld, fmt.Sprintf("held (%d)", n) // n trials
}

func (universal) lead(d Decision) string {
	switch d.Status {
	case Refuted:
		return fmt.Sprintf("Refuted by counterexample: %s.", listWhere(d.Where)) + d.familyNote()
	case Undecided:
		return fmt.Sprintf("Undecided: no cell refutes it, but %d %s that should decide it %s inside the noise (%d %s decided it). ",
			d.Noise, pluralWord(d.Noise, "cell", "cells"), pluralWord(d.Noise, "is", "are"), d.Cells, pluralWord(d.Cells, "cell", "cells")) +
			d.noiseRemedy() + d.familyNote()
	case Held:
		switch {
		case d.Builds:
			return fmt.Sprintf("Held in all %d %s, each a build that the compiler rejected. A build is deterministic, so this is certain for the toolchains measured, and says nothing about others.",
				d.Cells, pluralWord(d.Cells, "cell", "cells"))
		case d.BoundTrials > 0:
			return fmt.Sprintf("Held in all %d trials (%d %s); the rate at which it holds is at least %s (95%%, one-sided exact Clopper-Pearson bound, trials taken as one sample). That is not proof that it always holds.",
				d.BoundTrials, d.Cells, pluralWord(d.Cells, "cell", "cells"), formatPct(d.Bound))
		case d.Family > 0:
			return fmt.Sprintf("Held in all %d %s (%d trials): in each, the median lies on the claimed side, beyond the run-to-run margin (a factor of %s).", d.Cells, pluralWord(d.Cells, "cell", "cells"), d.Trials, formatNum(RunMargin)) +
				d.familyNote() + " That is a statement about each cell's median, not about every trial, and not proof that it always holds."
		}
		return fmt.Sprintf("Held in all %d %s (%d trials). That is not proof that it always holds.", d.Cells, pluralWord(d.Cells, "cell", "cells"), d.Trials)
	}
	return d.notMeasuredLead()
}

// noiseRemedy says what could decide the cells inside the noise: more
// trials, or, for those whose medians lie within RunMargin of what they
// are compared with, nothing one run on this machine can give.
func (d Decision) noiseRemedy() string {
	margin := fmt.Sprintf("within the run-to-run margin (a factor of %s) of what %s compared with, closer than two runs on one machine agree: no number of trials in one run decides %s, only a steadier machine.",
		formatNum(RunMargin), pluralWord(d.Within, "it is", "they are"), pluralWord(d.Within, "it", "them"))
	switch {
	case d.Within == 0:
		return fmt.Sprintf("More trials per cell, or a quieter machine, could decide %s.", pluralWord(d.Noise, "it", "them"))
	case d.Within == d.Noise:
		return pluralWord(d.Noise, "Its median lies ", "Their medians lie ") + margin
	}
	return fmt.Sprintf("More trials could decide %d of them; the %s ", d.Noise-d.Within, pluralWord(d.Within, "median of the other lies", fmt.Sprintf("medians of the other %d lie", d.Within))) + margin
}
