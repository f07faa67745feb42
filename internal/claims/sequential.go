package claims

import (
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// SequentialLooks is the number of looks of the runner's sequential rule
// for a timing cell: after its N trials, and after N more if the first
// look found it near a threshold. Every cell the rule applies to records
// it (results.Cell.Looks), so that the engine counts both looks in the
// claim's Bonferroni family (Looks), whether the cell went on or not.
const SequentialLooks = 2

// NearThreshold returns the test of the runner's sequential rule for the
// cells of probe in mode, and whether any claim needs one: a claim of cs
// reads those cells with an interval clause against a number (not
// "versus" another cell, whose baseline the runner does not have). The
// test reports whether, for one such check, more trials would likely
// decide the cell (Result.Open): its trials are too few for the level, or
// its median interval still reaches into the RunMargin band around the
// threshold from outside while the trials' median lies outside the band.
// An interval wholly inside the band (Result.Within) gets no more trials,
// since no number of them decides it, and neither does one whose trials'
// median lies inside the band, which more trials would narrow into it:
// trials go where they can decide something.
//
// The level of the test is the one the claim's family would need if
// every cell its interval checks could read took SequentialLooks looks:
// planned(probe, mode) gives the number of cells of a probe and mode the
// run will measure, across every toolchain and scope (an upper bound of
// the cells a claim reads, so that the runner's test is never less strict
// than the report's). Which looks the rule takes does not change the
// error the report states: that rests on Looks alone.
func NearThreshold(cs []Claim, probe string, mode toolchain.Mode, planned func(probe string, mode toolchain.Mode) int) (func(*results.Cell) bool, bool) {
	type check struct {
		p     Predicate
		level float64
	}
	var checks []check
	for _, c := range cs {
		family := 0
		var mine []Predicate
		for _, ch := range c.Checks {
			if !ch.Predicate.Intervals() || ch.Predicate.Versus() {
				continue
			}
			for _, m := range c.Modes {
				if ch.ReadsMode(c.Modes, m) {
					family += SequentialLooks * planned(ch.Probe, m)
				}
			}
			if ch.Probe == probe && ch.ReadsMode(c.Modes, mode) {
				mine = append(mine, ch.Predicate)
			}
		}
		for _, p := range mine {
			checks = append(checks, check{p, FamilyLevel(family)})
		}
	}
	if len(checks) == 0 {
		return nil, false
	}
	return func(cell *results.Cell) bool {
		o := Observe(cell)
		if o.Counted() == 0 {
			return false
		}
		for _, ch := range checks {
			if r := ch.p.EvalAt(o, ch.level); !r.Known && r.Open {
				return true
			}
		}
		return false
	}, true
}
