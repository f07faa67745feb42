package report

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/stats"
)

// Alpha is the significance level of the two-proportion test that decides
// whether a rate changed between two columns.
const Alpha = 0.01

// bad reports whether k is an outcome a user would call broken rather than
// merely loud: silent corruption, an unexplained crash, a hang, or a
// toolchain that cannot build the probe. Moving into one of them is a
// regression, moving out of one a fix; every other change is a change.
func bad(k outcome.Kind) bool {
	switch k {
	case outcome.Corrupt, outcome.Crash, outcome.Hang, outcome.BuildFailed:
		return true
	}
	return false
}

// changes compares, for every row, adjacent columns of each chain (gc
// releases, each gc variant, gccgo) that hold a measured or build-failed
// cell. Columns that were not measured, and unsupported or unavailable
// cells, are skipped: the comparison is between adjacent measured releases.
func changes(r Report) []Change {
	var chains []string
	seen := map[string]bool{}
	for _, c := range r.Columns {
		if !seen[c.Chain] {
			seen[c.Chain] = true
			chains = append(chains, c.Chain)
		}
	}
	sort.SliceStable(chains, func(i, j int) bool { return chainRank(chains[i]) < chainRank(chains[j]) })
	var out []Change
	for _, s := range r.Sections {
		for _, row := range s.Rows {
			for _, chain := range chains {
				prev := -1
				for ci, col := range r.Columns {
					if col.Chain != chain {
						continue
					}
					c := row.Cells[ci]
					if !(c.State == Measured || c.State == NotRun && c.Leading == outcome.BuildFailed) {
						continue
					}
					if prev >= 0 {
						class, details := compareCells(row.Cells[prev], c)
						if class != "" {
							from := r.Columns[prev]
							out = append(out, Change{Probe: row.Probe, RowLabel: row.Label, Anchor: row.Anchor, Mode: s.Mode, Chain: chain,
								From: from.Label, To: col.Label, FromID: from.ID, ToID: col.ID, Class: class, Details: details})
						}
					}
					prev = ci
				}
			}
		}
	}
	return out
}

// chainRank orders chains: gc, gc variants, gccgo, others.
func chainRank(c string) int {
	switch {
	case c == "gc":
		return 0
	case len(c) > 3 && c[:3] == "gc+":
		return 1
	case c == "gccgo":
		return 2
	}
	return 3
}

// compareCells compares cell a (older release) with cell b (newer) and
// returns the change class and its details, or "" when nothing changed
// significantly.
//
// A change is reported when an outcome kind's rate differs by the
// two-proportion test at p < Alpha (a changed leading kind counts only
// then), when a reason (signature) appears or disappears, or when a cell
// turns build-failed or back.
func compareCells(a, b Cell) (string, []string) {
	if a.State == NotRun || b.State == NotRun {
		switch {
		case a.State == NotRun && b.State == NotRun:
			return "", nil
		case b.State == NotRun:
			return Regressed, []string{fmt.Sprintf("now %s (was %s)", b.Leading, describe(a))}
		default:
			return Fixed, []string{fmt.Sprintf("builds again: %s (was %s)", describe(b), a.Leading)}
		}
	}
	count := func(c Cell) map[outcome.Kind]int {
		m := map[outcome.Kind]int{}
		for _, k := range c.Kinds {
			m[k.Kind] = k.K
		}
		return m
	}
	ka, kb := count(a), count(b)
	var details []string
	sig := map[outcome.Kind]bool{}
	var rateDetails []string
	for _, k := range outcome.Order {
		if ka[k] == 0 && kb[k] == 0 {
			continue
		}
		p := stats.TwoProportion(ka[k], a.N, kb[k], b.N)
		if p < Alpha {
			sig[k] = true
			rateDetails = append(rateDetails, fmt.Sprintf("%s %s (%d/%d) → %s (%d/%d), %s",
				k, pct(ka[k], a.N), ka[k], a.N, pct(kb[k], b.N), kb[k], b.N, formatP(p)))
		}
	}
	class := ""
	if a.Leading != b.Leading && (sig[a.Leading] || sig[b.Leading]) {
		details = append(details, fmt.Sprintf("leading %s → %s", describe(a), describe(b)))
		switch {
		case !bad(a.Leading) && bad(b.Leading):
			class = Regressed
		case bad(a.Leading) && !bad(b.Leading):
			class = Fixed
		default:
			class = Changed
		}
	}
	details = append(details, rateDetails...)
	if class == "" && len(rateDetails) > 0 {
		class = Changed
		badA, badB := 0, 0
		for k, n := range ka {
			if bad(k) {
				badA += n
			}
		}
		for k, n := range kb {
			if bad(k) {
				badB += n
			}
		}
		if stats.TwoProportion(badA, a.N, badB, b.N) < Alpha {
			if ratio(badB, b.N) > ratio(badA, a.N) {
				class = Regressed
			} else {
				class = Fixed
			}
		}
	}
	sa, sb := signatures(a), signatures(b)
	for _, o := range sortedOutcomes(sb) {
		if _, ok := sa[o]; !ok {
			details = append(details, fmt.Sprintf("new signature %s (%d/%d)%s", o, sb[o], b.N, significance(0, a.N, sb[o], b.N)))
		}
	}
	for _, o := range sortedOutcomes(sa) {
		if _, ok := sb[o]; !ok {
			details = append(details, fmt.Sprintf("signature gone: %s (was %d/%d)%s", o, sa[o], a.N, significance(sa[o], a.N, 0, b.N)))
		}
	}
	if len(details) == 0 {
		return "", nil
	}
	if class == "" {
		class = Changed
	}
	return class, details
}

func significance(k1, n1, k2, n2 int) string {
	if stats.TwoProportion(k1, n1, k2, n2) < Alpha {
		return ""
	}
	return ", not significant at p < 0.01"
}

// signatures returns the counts of the outcomes with a reason.
func signatures(c Cell) map[outcome.Outcome]int {
	m := map[outcome.Outcome]int{}
	for _, o := range c.Outcomes {
		if o.Reason != "" {
			m[o.Outcome] += o.K
		}
	}
	return m
}

func sortedOutcomes(m map[outcome.Outcome]int) []outcome.Outcome {
	var out []outcome.Outcome
	for o := range m {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool {
		if x, y := kindIndex(out[i].Kind), kindIndex(out[j].Kind); x != y {
			return x < y
		}
		return out[i].Reason < out[j].Reason
	})
	return out
}

// describe returns "fatal 97% (116/120)" for a measured cell and the kind
// for a cell that did not run.
func describe(c Cell) string {
	if c.State != Measured {
		return string(c.Leading)
	}
	return fmt.Sprintf("%s %s (%d/%d)", c.Leading, pct(c.K, c.N), c.K, c.N)
}

// pct formats k/n as a percentage, rounded to a whole number unless that
// would show 0% or 100% for a rate that is neither.
func pct(k, n int) string {
	if n == 0 {
		return "–"
	}
	if k == 0 {
		return "0%"
	}
	if k == n {
		return "100%"
	}
	v := 100 * float64(k) / float64(n)
	r := math.Round(v)
	if r == 0 || r == 100 {
		s := strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64)
		if s == "0.0" {
			s = "0.1"
		}
		if s == "100.0" {
			s = "99.9"
		}
		return s + "%"
	}
	return strconv.Itoa(int(r)) + "%"
}

func formatP(p float64) string {
	if p < 1e-4 {
		return "p < 0.0001"
	}
	return "p = " + strconv.FormatFloat(p, 'f', 4, 64)
}
