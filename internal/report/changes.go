package report

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/toolchain"
)

// Alpha is the family-wise significance level of "What changed": a
// difference between two columns is listed when Fisher's exact test,
// Holm-adjusted over every comparison the report makes, gives at most
// Alpha. It is the level of the claims' comparisons.
const Alpha = claims.Alpha

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

// pair is two adjacent measured (or build-failed) cells of one row and
// chain.
type pair struct {
	section, row int
	chain        claims.Chain
	from, to     int // column indices
	a, b         Cell
}

// ChangeStats says how "What changed" was decided: Tests comparisons by
// Fisher's exact test, Holm-adjusted together, and Metrics comparisons of
// measured values; Noise pairs of adjacent cells that differ, but not
// significantly (they are not listed).
type ChangeStats struct {
	Tests   int
	Metrics int
	Noise   int
}

// changes compares, for every row, adjacent columns of each chain (gc
// releases, each gc variant, gccgo) that hold a measured or build-failed
// cell. Columns that were not measured, and unsupported or unavailable
// cells, are skipped: the comparison is between adjacent measured releases.
// Every kind's trials, and every signature that only one of the two cells
// has, are compared by Fisher's exact test; the p-values of the whole
// report are adjusted together by Holm's method, and a pair is listed only
// when some comparison is significant at Alpha (or the probe stops or
// starts building). The other pairs that differ are counted as noise.
func changes(r Report, cs []claims.Claim) ([]Change, ChangeStats) {
	var chains []claims.Chain
	seen := map[claims.Chain]bool{}
	for _, c := range r.Columns {
		if !seen[c.Chain] {
			seen[c.Chain] = true
			chains = append(chains, c.Chain)
		}
	}
	sort.SliceStable(chains, func(i, j int) bool { return chainRank(chains[i]) < chainRank(chains[j]) })
	var pairs []pair
	for si, s := range r.Sections {
		for ri, row := range s.Rows {
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
					if prev >= 0 && row.Cells[prev].raw != nil && c.raw != nil {
						pairs = append(pairs, pair{section: si, row: ri, chain: chain, from: prev, to: ci, a: row.Cells[prev], b: c})
					}
					prev = ci
				}
			}
		}
	}
	// The engine makes every test; this file only lists and words them.
	// The values compared are those a claim reads and those the probe's
	// observation shows: what a reader of the cells sees.
	read := claims.ReadMetrics(cs)
	timing := map[string]bool{}
	for _, p := range r.Probes {
		read[p.Name] = union(read[p.Name], p.Observe.Metrics())
		timing[p.Name] = p.Timing
	}
	var in []claims.Pair
	for _, p := range pairs {
		probe := r.Sections[p.section].Rows[p.row].Probe
		cp := claims.Pair{A: p.a.raw, B: p.b.raw, Timing: timing[probe]}
		if _, ok := buildOutcomeChange(p.a, p.b); !ok {
			cp.Metrics = read[probe]
		}
		in = append(in, cp)
	}
	res := claims.ComparePairs(in)
	var st ChangeStats
	var out []Change
	for i, p := range pairs {
		pr := res[i]
		if _, ok := buildOutcomeChange(p.a, p.b); ok {
			pr = claims.PairResult{} // builds are deterministic: no test
		}
		st.Tests += len(pr.Tests)
		st.Metrics += len(in[i].Metrics)
		class, details := decidePair(p.a, p.b, pr)
		if class == "" {
			if pr.Differs {
				st.Noise++
			}
			continue
		}
		s := r.Sections[p.section]
		row := s.Rows[p.row]
		from, to := r.Columns[p.from], r.Columns[p.to]
		out = append(out, Change{Probe: row.Probe, RowLabel: row.Label, Anchor: row.Anchor, Mode: s.Mode, Chain: chainText(p.chain),
			From: from.Label, To: to.Label, FromID: from.ID, ToID: to.ID, Class: class, Details: details})
	}
	return out, st
}

// chainRank orders chains: native gc, its variants, native gccgo, then
// the others (other platforms, other implementations).
func chainRank(c claims.Chain) int {
	switch {
	case c.Reference():
		return 0
	case c.Kind == toolchain.GC && c.Platform == "":
		return 1
	case c.Kind == toolchain.GCCGO && c.Platform == "":
		return 2
	}
	return 3
}

// chainText names a chain in changes: "gc", "gc+noswissmap", "gccgo",
// "gc js/wasm", with "@MACHINE" for an extra column's.
func chainText(c claims.Chain) string {
	if c.Machine != "" {
		return c.String() + "@" + c.Machine
	}
	return c.String()
}

// decidePair returns the change class of cell a (older release) against
// cell b (newer) and its details, from tests with their Holm-adjusted
// p-values, or "" when nothing changed significantly. A probe that stops
// or starts building is always a change. Otherwise only significant
// comparisons count: a changed leading kind is named when one of the two
// kinds' rates changed significantly; the class is regressed when a bad
// kind (corrupt, crash, hang) rose significantly, fixed when one fell,
// changed otherwise.
func decidePair(a, b Cell, pr claims.PairResult) (string, []string) {
	if d, ok := buildOutcomeChange(a, b); ok {
		if d == "" {
			return "", nil
		}
		return Changed, []string{d}
	}
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
	sig := map[outcome.Kind]bool{}
	var rates, msgs []string
	up, down := false, false
	for _, t := range pr.Tests {
		if !t.Significant {
			continue
		}
		if t.Sig == (outcome.Outcome{}) {
			sig[t.Kind] = true
			rates = append(rates, fmt.Sprintf("%s %d/%d → %d/%d (%s)", t.Kind, t.KA, t.NA, t.KB, t.NB, formatHolm(t.Adjusted)))
			if bad(t.Kind) {
				if ratio(t.KB, t.NB) > ratio(t.KA, t.NA) {
					up = true
				} else {
					down = true
				}
			}
			continue
		}
		if t.KA == 0 {
			msgs = append(msgs, fmt.Sprintf("new message %s (%d/%d; %s)", t.Sig, t.KB, t.NB, formatHolm(t.Adjusted)))
		} else {
			msgs = append(msgs, fmt.Sprintf("message gone: %s (was %d/%d; %s)", t.Sig, t.KA, t.NA, formatHolm(t.Adjusted)))
		}
	}
	var values []string
	for _, m := range pr.Metrics {
		how := "every trial alike"
		if !m.Certain {
			how = "medians apart at " + claims.FormatConfidence(m.Confidence) + "%"
		}
		values = append(values, fmt.Sprintf("%s %s → %s (%s)", m.Name, m.From, m.To, how))
	}
	if len(rates) == 0 && len(msgs) == 0 && len(values) == 0 {
		return "", nil
	}
	var details []string
	class := Changed
	if a.Leading != b.Leading && (sig[a.Leading] || sig[b.Leading]) {
		details = append(details, fmt.Sprintf("leading %s → %s", describe(a), describe(b)))
		switch {
		case !bad(a.Leading) && bad(b.Leading):
			class = Regressed
		case bad(a.Leading) && !bad(b.Leading):
			class = Fixed
		}
	}
	if class == Changed {
		switch {
		case up:
			class = Regressed
		case down:
			class = Fixed
		}
	}
	details = append(details, rates...)
	details = append(details, msgs...)
	details = append(details, values...)
	return class, details
}

// buildOutcomeChange decides a pair of measured cells of which at least
// one is a rejected build (see Rejection): ok is false otherwise. Builds
// are deterministic, so a difference is certain, not a rate to test: the
// change is "now rejected by the compiler: MESSAGE (was clean 20/20)",
// "now compiles: clean 20/20 (was rejected by the compiler: MESSAGE)" or
// "compiler message A → B", and "" when both rejected the program with the
// same message. Neither direction is a regression: accepting or rejecting
// the program is what a build-outcome probe measures.
func buildOutcomeChange(a, b Cell) (detail string, ok bool) {
	if a.State != Measured || b.State != Measured {
		return "", false
	}
	ra, aRejected := Rejection(a)
	rb, bRejected := Rejection(b)
	switch {
	case aRejected && bRejected:
		if ra.Reason == rb.Reason {
			return "", true
		}
		return fmt.Sprintf("compiler message %q → %q", ra.Reason, rb.Reason), true
	case bRejected:
		return fmt.Sprintf("now %s%s (was %s)", RejectedPrefix, rb.Reason, describe(a)), true
	case aRejected:
		return fmt.Sprintf("now compiles: %s (was %s%s)", describe(b), RejectedPrefix, ra.Reason), true
	}
	return "", false
}

// formatHolm formats a Holm-adjusted p-value.
func formatHolm(p float64) string {
	if p < 1e-4 {
		return "adjusted p < 0.0001"
	}
	return "adjusted p = " + strconv.FormatFloat(p, 'f', 4, 64)
}

// describe returns "fatal 116/120" for a measured cell and the kind for a
// cell that did not run.
func describe(c Cell) string {
	if c.State != Measured {
		return string(c.Leading)
	}
	return fmt.Sprintf("%s %d/%d", c.Leading, c.K, c.N)
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

// union returns the sorted names of a and b, each once.
func union(a, b []string) []string {
	set := map[string]bool{}
	for _, x := range append(append([]string(nil), a...), b...) {
		set[x] = true
	}
	out := make([]string, 0, len(set))
	for x := range set {
		out = append(out, x)
	}
	sort.Strings(out)
	return out
}
