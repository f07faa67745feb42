package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/maplab/maplab/claims"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// observe turns a measured results cell into what a predicate sees.
func observe(c *results.Cell) (claims.Observation, error) {
	o := claims.Observation{Counts: map[outcome.Kind]int{}, Metrics: map[string][]float64{}}
	for _, t := range c.Tallies {
		o.Counts[t.Kind] += t.K
		o.N += t.K
	}
	for _, s := range c.Samples {
		if s.Result == nil {
			continue
		}
		for name, v := range s.Result.Metrics {
			o.Metrics[name] = append(o.Metrics[name], v)
		}
	}
	return o, nil
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

type colResult struct {
	decided bool
	holds   bool
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

func (b *builder) verdict(cl claims.Claim) Verdict {
	v := Verdict{ID: cl.ID, Statement: cl.Statement, Source: cl.Source, Probes: cl.Probes}
	for _, ch := range cl.Checks {
		s := ch.Probe
		if ch.Mode != "" {
			s += " (" + string(ch.Mode) + ")"
		}
		if ch.When != "" {
			s += " when " + ch.When
		}
		v.Checks = append(v.Checks, s+": "+ch.HoldsIf)
	}
	results := make([]colResult, len(b.rep.Columns))
	var unknown []string
	for ci, col := range b.rep.Columns {
		fi := b.colFile[ci]
		if fi < 0 {
			continue
		}
		tc := b.files[fi].Toolchain
		all := true
		any := false
		for _, ch := range cl.Checks {
			byMode := b.cells[fi][ch.Probe]
			var modes []string
			for m := range byMode {
				if ch.Mode == "" || m == ch.Mode {
					modes = append(modes, string(m))
				}
			}
			sort.Strings(modes)
			for _, m := range modes {
				for _, c := range byMode[toolchain.Mode(m)] {
					if c.NotRun != nil {
						continue
					}
					lang := effectiveLang(c, tc)
					if !ch.Scope.Applies(lang, tc.Release, string(tc.Kind), compareRelease) {
						continue
					}
					o, err := observe(c)
					if err != nil {
						b.warnf("%s: cell %s/%s: unreadable result line: %v", tc.ID, c.Probe, c.Mode, err)
					}
					res := ch.Predicate.Eval(o)
					v.Evidence = append(v.Evidence, Evidence{Column: col.Label, Probe: c.Probe, Mode: c.Mode, Lang: lang,
						Known: res.Known, Holds: res.Holds, Why: res.Why})
					if res.MetricSamples > 0 {
						v.MetricSamples += res.MetricSamples
						v.MetricTrials += o.N
					}
					if !res.Known {
						unknown = append(unknown, fmt.Sprintf("%s on %s: %s", c.Probe, col.Label, res.Why))
						for _, m := range ch.Predicate.Metrics() {
							if len(o.Metrics[m]) == 0 {
								b.warnf("claim %s: metric %s not reported by any kept sample of %s/%s on %s", cl.ID, m, c.Probe, c.Mode, tc.ID)
							}
						}
						continue
					}
					any = true
					all = all && res.Holds
				}
			}
		}
		if any {
			results[ci] = colResult{decided: true, holds: all}
			if all {
				v.Holds = append(v.Holds, col.Label)
			} else {
				v.Fails = append(v.Fails, col.Label)
			}
		}
	}
	decided := len(v.Holds) + len(v.Fails)
	switch {
	case decided == 0:
		v.Status = NotMeasuredClaim
	case len(v.Fails) == 0:
		v.Status = Confirmed
	case len(v.Holds) == 0:
		v.Status = Refuted
	default:
		v.Status = VersionDependent
	}
	v.Flips = b.flips(results)
	v.Summary = summary(v, unknown, cl)
	return v
}

// flips describes every boundary, within a chain, between adjacent
// decided columns whose verdicts differ, naming the columns in between
// that decide nothing.
func (b *builder) flips(res []colResult) []string {
	var out []string
	chains := map[string][]int{}
	var order []string
	for ci, c := range b.rep.Columns {
		if _, ok := chains[c.Chain]; !ok {
			order = append(order, c.Chain)
		}
		chains[c.Chain] = append(chains[c.Chain], ci)
	}
	sort.SliceStable(order, func(i, j int) bool { return chainRank(order[i]) < chainRank(order[j]) })
	for _, chain := range order {
		prev := -1
		var between []string
		for _, ci := range chains[chain] {
			if !res[ci].decided {
				if prev >= 0 {
					between = append(between, b.rep.Columns[ci].Label)
				}
				continue
			}
			if prev >= 0 && res[prev].holds != res[ci].holds {
				s := fmt.Sprintf("between %s (%s) and %s (%s) on %s", b.rep.Columns[prev].Label, holdsWord(res[prev].holds),
					b.rep.Columns[ci].Label, holdsWord(res[ci].holds), chain)
				if len(between) > 0 {
					s += ", with " + span(between) + " in between not measured"
				}
				out = append(out, s)
			}
			prev = ci
			between = nil
		}
	}
	return out
}

func holdsWord(h bool) string {
	if h {
		return "holds"
	}
	return "fails"
}

// span lists labels, abbreviating long runs as "first … last (n)".
func span(labels []string) string {
	if len(labels) <= 3 {
		return strings.Join(labels, ", ")
	}
	return fmt.Sprintf("%s … %s (%d columns)", labels[0], labels[len(labels)-1], len(labels))
}

func summary(v Verdict, unknown []string, cl claims.Claim) string {
	var s string
	switch v.Status {
	case Confirmed:
		s = fmt.Sprintf("Holds on every toolchain where it was measured (%d): %s.", len(v.Holds), strings.Join(v.Holds, ", "))
	case Refuted:
		s = fmt.Sprintf("Fails on every toolchain where it was measured (%d): %s.", len(v.Fails), strings.Join(v.Fails, ", "))
		if existential(cl) {
			s += " The claim says something can happen and it was not observed in the trials run; that does not prove it never happens."
		}
	case VersionDependent:
		s = fmt.Sprintf("Holds on %s; fails on %s.", strings.Join(v.Holds, ", "), strings.Join(v.Fails, ", "))
		if len(v.Flips) > 0 {
			s += " Flips " + strings.Join(v.Flips, "; ") + "."
		}
	default:
		if len(unknown) > 0 {
			s = "No measured cell decides it: " + unknown[0]
			if len(unknown) > 1 {
				s += fmt.Sprintf(" (and %d more)", len(unknown)-1)
			}
			s += "."
		} else {
			s = fmt.Sprintf("No results for %s in the scope of its checks.", strings.Join(checkProbes(cl), ", "))
		}
	}
	if len(v.Holds) > 0 && universal(cl) {
		s += " Where it holds, it held in every trial run; a finite number of trials cannot prove that it always does."
	}
	if v.MetricSamples > 0 {
		s += fmt.Sprintf(" Metrics read from %d kept samples of %d trials.", v.MetricSamples, v.MetricTrials)
	}
	return s
}

// universal reports whether every check of cl asks that an outcome
// happened in every trial.
func universal(cl claims.Claim) bool {
	for _, c := range cl.Checks {
		if !c.Predicate.Universal() {
			return false
		}
	}
	return len(cl.Checks) > 0
}

func checkProbes(cl claims.Claim) []string {
	var out []string
	seen := map[string]bool{}
	for _, ch := range cl.Checks {
		if !seen[ch.Probe] {
			seen[ch.Probe] = true
			out = append(out, ch.Probe)
		}
	}
	return out
}

// existential reports whether every check of cl only asks that some
// outcome occurred.
func existential(cl claims.Claim) bool {
	for _, c := range cl.Checks {
		if !c.Predicate.Existential() {
			return false
		}
	}
	return len(cl.Checks) > 0
}
