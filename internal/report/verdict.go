package report

import (
	"strings"

	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// observe turns a measured results cell into what a predicate sees: every
// tally (idle included; predicates leave idle trials out) and the metric
// aggregates over every trial of the cell.
func observe(c *results.Cell) claims.Observation {
	o := claims.Observation{Metrics: metricSummaries(c)}
	for _, t := range c.Tallies {
		o.Tallies = append(o.Tallies, claims.Tally{Kind: t.Kind, Reason: t.Reason, K: t.K})
	}
	return o
}

// metricSummaries returns the cell's metric aggregates over its counted
// trials.
func metricSummaries(c *results.Cell) map[string]claims.MetricSummary {
	out := map[string]claims.MetricSummary{}
	for name, m := range c.Metrics {
		out[name] = claims.MetricSummary{Count: m.Count, Sum: m.Sum, Min: m.Min, Max: m.Max}
	}
	return out
}

// effectiveLang is the language version a cell was built with: its own,
// else the toolchain's, else the language of the toolchain's release.
func effectiveLang(c *results.Cell, tc toolchain.Toolchain) string {
	if c.Lang != "" {
		return c.Lang
	}
	if tc.Lang != "" {
		return tc.Lang
	}
	return toolchain.LangOf(tc.Release)
}

// claimTarget describes cell c of toolchain tc to a claim's scopes.
func claimTarget(c *results.Cell, tc toolchain.Toolchain) claims.Target {
	return claims.Target{Lang: effectiveLang(c, tc), Release: tc.Release, Kind: string(tc.Kind), Procs: c.Procs, Variant: tc.Variant}
}

func (b *builder) verdicts() []Verdict {
	if len(b.in.Probes) > 0 && len(b.in.Claims) > 0 {
		pc := map[string][]string{}
		for _, p := range b.in.Probes {
			pc[p.Name] = append([]string{}, p.Claims...)
		}
		for _, p := range claims.CrossCheck(b.in.Claims, pc) {
			b.warnf("claims: %s", p)
		}
	}
	var out []Verdict
	for _, cl := range b.in.Claims {
		out = append(out, b.verdict(cl))
	}
	return out
}

// claimColumn describes report column ci to the claims engine.
func (b *builder) claimColumn(ci int) claims.Column {
	col := b.rep.Columns[ci]
	return claims.Column{Label: col.Label, Chain: col.Chain, Compiler: string(col.Kind), Release: col.Release, Order: ci}
}

// evalVersus evaluates a check that compares cell c of column ci with a
// baseline cell: on the same machine, of the same probe, mode and
// GOMAXPROCS, in the column whose release the check's versus scope selects
// and that is nearest to c's release: the highest release not above it
// (the same release, for a variant such as noswissmap), else the lowest
// above it. Without such a cell the result is undecided.
func (b *builder) evalVersus(ch claims.Check, ci int, c *results.Cell) claims.Result {
	release := b.files[b.colFile[ci]].Toolchain.Release
	var base *results.Cell
	baseCol, baseRelease := -1, ""
	// nearer reports whether release r is a better baseline than the one
	// chosen so far.
	nearer := func(r string) bool {
		if base == nil {
			return true
		}
		below, baseBelow := toolchain.CompareRelease(r, release) <= 0, toolchain.CompareRelease(baseRelease, release) <= 0
		if below != baseBelow {
			return below
		}
		if below {
			return toolchain.CompareRelease(r, baseRelease) > 0
		}
		return toolchain.CompareRelease(r, baseRelease) < 0
	}
	for cj, col := range b.rep.Columns {
		fj := b.colFile[cj]
		if cj == ci || fj < 0 || col.Machine != b.rep.Columns[ci].Machine {
			continue
		}
		tc := b.files[fj].Toolchain
		for _, bc := range b.cells[fj][c.Probe][c.Mode] {
			if bc.NotRun != nil || bc.Procs != c.Procs || !ch.VersusScope.Applies(claimTarget(bc, tc), toolchain.CompareRelease) {
				continue
			}
			if nearer(tc.Release) {
				base, baseCol, baseRelease = bc, cj, tc.Release
			}
		}
	}
	if base == nil {
		return claims.Result{N: observe(c).Counted(), Why: "no baseline cell on this machine where " + ch.Versus}
	}
	return ch.Predicate.EvalVersus(observe(c), observe(base), b.rep.Columns[baseCol].Label)
}

func (b *builder) verdict(cl claims.Claim) Verdict {
	v := Verdict{ID: cl.ID, Statement: cl.Statement, Source: cl.Source, Form: string(cl.Form),
		Modes: append([]toolchain.Mode(nil), cl.Modes...), ModesWhy: cl.ModesWhy, Probes: cl.Probes}
	for _, ch := range cl.Checks {
		s := ch.Probe
		if ch.Mode != "" {
			s += " (" + string(ch.Mode) + ")"
		}
		if ch.When != "" {
			s += " when " + ch.When
		}
		if ch.Versus != "" {
			s += ", against the nearest release where " + ch.Versus
		}
		v.Checks = append(v.Checks, s+": "+ch.HoldsIf)
	}
	var cells []claims.CellResult
	for ci := range b.rep.Columns {
		fi := b.colFile[ci]
		if fi < 0 {
			continue
		}
		tc := b.files[fi].Toolchain
		for chi, ch := range cl.Checks {
			byMode := b.cells[fi][ch.Probe]
			for _, m := range b.modes() {
				if !ch.ReadsMode(cl.Modes, m) {
					continue
				}
				for _, c := range byMode[m] {
					if c.NotRun != nil {
						continue
					}
					lang := effectiveLang(c, tc)
					if !ch.Scope.Applies(claimTarget(c, tc), toolchain.CompareRelease) {
						continue
					}
					var res claims.Result
					if ch.Predicate.Versus() {
						res = b.evalVersus(ch, ci, c)
					} else {
						res = ch.Predicate.Eval(observe(c))
					}
					var row []string
					if info, ok := b.infos[c.Probe]; ok && len(info.Langs) > 1 {
						row = append(row, "lang "+langLabel(c, tc))
					}
					if c.Procs != catalogue.ProcsAll {
						row = append(row, catalogue.ProcsLabel(c.Procs))
					}
					cells = append(cells, claims.CellResult{Check: chi, Column: b.claimColumn(ci), Probe: c.Probe, Mode: c.Mode,
						Lang: lang, Row: strings.Join(row, ", "), Procs: c.Procs, Build: b.infos[c.Probe].BuildOutcome, Result: res})
					e := Evidence{Column: b.rep.Columns[ci].Label, Probe: c.Probe, Mode: c.Mode, Lang: lang, Row: strings.Join(row, ", "),
						Known: res.Known, Holds: res.Holds, N: res.N, Idle: res.Idle, Why: res.Why, Trials: res.Trials}
					if cl.Form == claims.Universal {
						e.K, e.PerTrial = res.Violating, res.Every
					} else {
						e.K, e.PerTrial = res.Satisfying, res.Some
					}
					v.Evidence = append(v.Evidence, e)
					if !res.Known {
						for _, name := range ch.Predicate.Metrics() {
							if s, ok := observe(c).Metrics[name]; !ok || s.Count == 0 {
								b.warnf("claim %s: metric %s not reported by any trial of %s/%s on %s", cl.ID, name, c.Probe, c.Mode, tc.ID)
							}
						}
					}
				}
			}
		}
	}
	d := claims.Decide(cl, cells)
	v.Status = d.Status
	v.Summary = d.Summary
	v.Cells, v.Trials, v.Idle = d.Cells, d.Trials, d.Idle
	v.Bound, v.BoundTrials = d.Bound, d.BoundTrials
	for _, w := range d.Where {
		v.Where = append(v.Where, Where{Column: w.Column, Probe: w.Probe, Row: w.Row, Mode: w.Mode, KMin: w.K.Lo, KMax: w.K.Hi, N: w.N, Trial: w.Trial, Why: w.Why})
	}
	v.Comparison = d.Comparison.Result
	v.ComparisonText = d.Comparison.Text
	v.ComparisonSkipped = d.Comparison.Skipped
	v.Tests = append(v.Tests, d.Comparison.Tests...)
	return v
}
