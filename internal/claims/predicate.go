package claims

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/stats"
)

// Predicate is a parsed holds_if expression: clauses that must all hold.
type Predicate struct {
	Clauses []Clause
}

// ClauseOp names the form of a clause.
type ClauseOp string

// The clause forms of the predicate language.
const (
	OpLeading    ClauseOp = "leading"    // leading ==, != or in
	OpAny        ClauseOp = "any"        // any outcome in [...]
	OpNo         ClauseOp = "no"         // no outcome in [...]
	OpReason     ClauseOp = "reason"     // any reason "TEXT"
	OpRate       ClauseOp = "rate"       // rate(kinds) OP x
	OpMetric     ClauseOp = "metric"     // metric(name) OP x: every trial
	OpMax        ClauseOp = "max"        // max(name) OP x
	OpMin        ClauseOp = "min"        // min(name) OP x
	OpMean       ClauseOp = "mean"       // mean(name) OP x
	OpInterval   ClauseOp = "interval"   // interval(name) OP x: [min, max] over trials
	cmpIn                 = "in"         // comparison of "leading in [...]"
	fieldLang             = "lang"       // scope field
	fieldRelease          = "release"    // scope field
	fieldKind             = "kind"       // scope field
	fieldProcs            = "gomaxprocs" // scope field
	fieldVariant          = "variant"    // scope field
	fieldTarget           = "target"     // scope field
	targetNative          = "native"     // a native binary, as opposed to js
	versusWord            = "versus"     // the operand of interval(NAME) OP versus
	noVariant             = "none"       // the variant of an ordinary build
)

// Clause is one test of a predicate.
type Clause struct {
	Op ClauseOp
	// Cmp is the comparison: ==, !=, <, <=, >, >=, or "in" for leading.
	Cmp string
	// Kinds are the outcome kinds the clause is about.
	Kinds []outcome.Kind
	// Metric is the metric name of a metric, max, min or mean clause.
	Metric string
	// Text is the text an "any reason" clause looks for.
	Text string
	// Value is the number a rate or metric is compared with.
	Value float64
	// Versus marks "interval(NAME) OP versus": the interval is compared
	// with the same metric's interval in a baseline cell (Check.Versus),
	// not with Value.
	Versus bool
}

// Scope is a parsed when expression: conditions that must all hold for a
// check to apply to a cell. The zero Scope applies everywhere.
type Scope struct {
	Conds []Cond
}

// Cond is one condition of a scope.
type Cond struct {
	// Field is "lang", "release", "kind", "gomaxprocs" or "variant".
	Field string
	Cmp   string
	// Value is a release such as "go1.22", "gc"/"gccgo" for kind, a
	// count of CPUs or "all" for gomaxprocs, or a toolchain variant such as
	// "noswissmap" or "none" for variant.
	Value string
}

// Target describes the cell a scope is asked about.
type Target struct {
	// Lang is the language version the cell was built with ("" without
	// go.mod), Release the toolchain's release and Kind its compiler.
	Lang, Release, Kind string
	// Procs is the cell's GOMAXPROCS, 0 for the runtime's default (all
	// CPUs).
	Procs int
	// Variant is the toolchain's variant (a GOEXPERIMENT such as
	// "noswissmap"), "" for an ordinary build.
	Variant string
	// GOOS is the target's operating system; Native is false for a
	// program run by another program (Node.js for js/wasm and GopherJS),
	// whose goroutines share one thread.
	GOOS   string
	Native bool
}

// Tally is the number of trials of a cell with one outcome: the results
// file's own type.
type Tally = results.Tally

// MetricSummary aggregates one metric over every counted trial of a cell
// that reported it: the results file's own type (results.Cell.Metrics;
// idle trials are not in it).
type MetricSummary = results.MetricSummary

// Observation is what a predicate sees of one measured cell: every tally
// of its trials (idle ones included) and its metric aggregates.
type Observation struct {
	Tallies []Tally
	Metrics map[string]MetricSummary
}

// Observe returns what a predicate sees of a measured results cell: its
// tallies and metric aggregates, shared, not copied.
func Observe(c *results.Cell) Observation {
	return Observation{Tallies: c.Tallies, Metrics: c.Metrics}
}

// Counted returns the number of trials that count in rates: every trial
// but idle ones.
func (o Observation) Counted() int {
	n := 0
	for _, t := range o.Tallies {
		if t.Kind.Counted() {
			n += t.K
		}
	}
	return n
}

// Idle returns the number of idle trials.
func (o Observation) Idle() int {
	n := 0
	for _, t := range o.Tallies {
		if t.Kind == outcome.Idle {
			n += t.K
		}
	}
	return n
}

// count returns the number of counted trials whose kind counts toward one
// of kinds (by outcome.Kind.Has).
func (o Observation) count(kinds []outcome.Kind) int {
	n := 0
	for _, t := range o.Tallies {
		if t.Kind.Counted() && hasAny(t.Kind, kinds) {
			n += t.K
		}
	}
	return n
}

// Leading returns the most frequent kind of the counted trials, ties
// broken by outcome.Order, and "" when no trial counts.
func (o Observation) Leading() (outcome.Kind, int) {
	per := map[outcome.Kind]int{}
	for _, t := range o.Tallies {
		if t.Kind.Counted() {
			per[t.Kind] += t.K
		}
	}
	var best outcome.Kind
	bestK := 0
	for _, k := range outcome.Order {
		if c := per[k]; c > bestK {
			best, bestK = k, c
		}
	}
	return best, bestK
}

// Count is a number of trials known to lie in [Lo, Hi]; it is exact when
// Lo == Hi. Metric aggregates (min and max) often bound a count without
// fixing it.
type Count struct {
	Lo, Hi int
}

// Exact reports whether the count is known exactly.
func (c Count) Exact() bool { return c.Lo == c.Hi }

// String returns "k", or "at least lo" / "lo to hi" for a bounded count.
func (c Count) String() string {
	switch {
	case c.Lo == c.Hi:
		return strconv.Itoa(c.Lo)
	case c.Lo > 0:
		return fmt.Sprintf("%d to %d", c.Lo, c.Hi)
	}
	return fmt.Sprintf("at most %d", c.Hi)
}

// Result is the evaluation of a predicate on one observation.
type Result struct {
	// Known is false when the predicate could not be decided (no counted
	// trials, a metric no trial reported, or a comparison that the
	// aggregates cannot settle).
	Known bool
	// Holds is the verdict when Known.
	Holds bool
	// Why explains the values the decision rests on, e.g.
	// "rate(fatal) = 0.97 (116/120)"; it ends with the idle trials left
	// out, if any.
	Why string
	// N is the number of counted trials (idle excluded), Idle the number
	// of idle trials.
	N, Idle int
	// Every is set when every clause asks something of every trial
	// ("no outcome in", "rate(..) == 1", "metric(..)"): the predicate
	// holds when no trial violates it, and Violating counts the trials
	// that did, out of Trials.
	Every     bool
	Violating Count
	// Some is set when every clause asks that some trial did something
	// ("any outcome in", "any reason", "rate(..) > 0", "max(..) > x"):
	// Satisfying counts the trials that did, out of Trials.
	Some       bool
	Satisfying Count
	// Trials is the number of trials Violating and Satisfying are out of:
	// the counted trials, or fewer when a metric clause saw fewer.
	Trials int
	// Noise is set when the result is not Known because a median
	// interval (or the ratio of two medians) reaches into the RunMargin
	// band around its threshold, or its trials are too few for the
	// confidence asked: more trials could decide it unless Within.
	Noise bool
	// Within is set with Noise when every interval that decided nothing
	// lies inside its RunMargin band: more trials cannot decide it.
	Within bool
	// Open is set with Noise when more trials would likely decide an
	// interval that decided nothing: its trials are too few for the
	// level, or it reaches into its RunMargin band from outside while its
	// trials' median lies outside the band, so that an interval narrowed
	// around that median would clear the band. (One whose median lies
	// inside the band would narrow into it.) The runner's sequential rule
	// extends only such cells (NearThreshold).
	Open bool
	// Brief is Why as a column of the grid shows it, a few words wide: an
	// interval clause's reason is its interval alone, "median in [0.7,
	// 1.3]", a comparison with a baseline the ratio of the medians,
	// "median ratio to go1.19.8 in [1.01, 1.16]"; the metric, trials,
	// ranks and confidence are in Why. Other reasons are as in Why.
	Brief string
}

// trialTest is what a clause asks of single trials, when it asks
// something of every trial (every) or of some trial (some); ok counts
// the trials that satisfy the test, out of n.
type trialTest struct {
	every, some bool
	ok          Count
	n           int
	// within marks an interval clause whose interval lies inside its
	// RunMargin band; open one that more trials would likely decide (see
	// Result.Open).
	within, open bool
	// brief is the clause's reason as a column of the grid shows it, when
	// it is shorter than the reason (see Result.Brief).
	brief string
}

// Eval evaluates p on o with every median interval at Confidence: for a
// cell read alone. The engine evaluates with EvalAt and the level its
// family of cells needs.
func (p Predicate) Eval(o Observation) Result { return p.EvalAt(o, Confidence) }

// EvalAt evaluates p on o; an interval clause decides only with a median
// interval of confidence at least level. Every clause is evaluated so that
// Why explains all of them; the predicate holds when all clauses hold.
func (p Predicate) EvalAt(o Observation, level float64) Result {
	res := Result{N: o.Counted(), Idle: o.Idle()}
	idleNote := ""
	if res.Idle > 0 {
		idleNote = fmt.Sprintf("%d idle trials excluded", res.Idle)
		if res.Idle == 1 {
			idleNote = "1 idle trial excluded"
		}
	}
	if res.N <= 0 {
		res.Why = "no counted trials"
		if res.Idle > 0 {
			res.Why = fmt.Sprintf("all %d trials idle (the goroutines never overlapped)", res.Idle)
		}
		return res
	}
	res.Known, res.Holds = true, true
	res.Every, res.Some = len(p.Clauses) > 0, len(p.Clauses) > 0
	res.Trials = res.N
	var why, briefs []string
	var tests []trialTest
	open := 0 // undecided interval clauses that more trials could decide
	for _, c := range p.Clauses {
		holds, known, w, tt := c.eval(o, res.N, level)
		why = append(why, w)
		if tt.brief == "" {
			tt.brief = w
		}
		briefs = append(briefs, tt.brief)
		if !known && c.Op == OpInterval && o.Metrics[c.Metric].Count > 0 {
			res.Noise = true
			if !tt.within {
				open++
			}
			res.Open = res.Open || tt.open
		}
		tests = append(tests, tt)
		res.Every = res.Every && tt.every
		res.Some = res.Some && tt.some
		if tt.n < res.Trials {
			res.Trials = tt.n
		}
		if !known {
			res.Known = false
			continue
		}
		if !holds {
			res.Holds = false
		}
	}
	if !res.Known {
		res.Holds = false
	}
	res.Within = res.Noise && open == 0
	n := res.Trials
	if res.Every {
		// A trial violates the predicate when it violates some clause.
		lo, hi := 0, 0
		for _, t := range tests {
			bad := Count{Lo: t.n - t.ok.Hi, Hi: t.n - t.ok.Lo}
			if bad.Lo > lo {
				lo = bad.Lo
			}
			hi += bad.Hi
		}
		if hi > n {
			hi = n
		}
		if lo > hi {
			lo = hi
		}
		res.Violating = Count{lo, hi}
	}
	if res.Some {
		// A trial satisfies the predicate when it satisfies every clause.
		lo, hi := 0, n
		for _, t := range tests {
			lo += t.ok.Lo
			if t.ok.Hi < hi {
				hi = t.ok.Hi
			}
		}
		lo -= (len(tests) - 1) * n
		if lo < 0 {
			lo = 0
		}
		if lo > hi {
			lo = hi
		}
		res.Satisfying = Count{lo, hi}
	}
	if idleNote != "" {
		why = append(why, idleNote)
		briefs = append(briefs, idleNote)
	}
	res.Why, res.Brief = strings.Join(why, "; "), strings.Join(briefs, "; ")
	return res
}

// eval evaluates one clause on o, whose counted trials number n.
func (c Clause) eval(o Observation, n int, level float64) (holds, known bool, why string, tt trialTest) {
	exact := func(k int) Count { return Count{k, k} }
	if c.Versus {
		return false, false, c.String() + ": needs a baseline cell (EvalVersus)", trialTest{n: n}
	}
	switch c.Op {
	case OpLeading:
		l, k := o.Leading()
		switch c.Cmp {
		case "==":
			holds = l.Has(c.Kinds[0])
		case "!=":
			holds = !l.Has(c.Kinds[0])
		default:
			holds = hasAny(l, c.Kinds)
		}
		return holds, true, fmt.Sprintf("leading %s (%d/%d)", l, k, n), trialTest{n: n}
	case OpAny, OpNo:
		k := o.count(c.Kinds)
		w := fmt.Sprintf("%s %d/%d", kindList(c.Kinds), k, n)
		if c.Op == OpNo {
			return k == 0, true, w, trialTest{every: true, ok: exact(n - k), n: n}
		}
		return k > 0, true, w, trialTest{some: true, ok: exact(k), n: n}
	case OpReason:
		k := 0
		for _, t := range o.Tallies {
			if t.Kind.Counted() && strings.Contains(t.Reason, c.Text) {
				k += t.K
			}
		}
		return k > 0, true, fmt.Sprintf("reason %q %d/%d", c.Text, k, n), trialTest{some: true, ok: exact(k), n: n}
	case OpRate:
		k := o.count(c.Kinds)
		r := float64(k) / float64(n)
		w := fmt.Sprintf("rate(%s) = %s (%d/%d)", kindList(c.Kinds), formatNum(r), k, n)
		tt = trialTest{n: n}
		switch {
		case c.Value == 1 && (c.Cmp == "==" || c.Cmp == ">="):
			tt.every, tt.ok = true, exact(k) // every trial has a listed kind
		case c.Value == 0 && (c.Cmp == "==" || c.Cmp == "<="):
			tt.every, tt.ok = true, exact(n-k) // no trial has one
		case c.Value == 0 && (c.Cmp == ">" || c.Cmp == "!="):
			tt.some, tt.ok = true, exact(k) // some trial has one
		case c.Value == 1 && (c.Cmp == "<" || c.Cmp == "!="):
			tt.some, tt.ok = true, exact(n-k) // some trial has none
		}
		return compare(r, c.Cmp, c.Value), true, w, tt
	case OpMetric, OpMax, OpMin, OpMean, OpInterval:
		m, ok := o.Metrics[c.Metric]
		if !ok || m.Count == 0 {
			return false, false, fmt.Sprintf("metric %s not reported by any trial", c.Metric), trialTest{n: n}
		}
		if c.Op == OpInterval {
			return c.evalInterval(m, level)
		}
		return c.evalMetric(m)
	}
	return false, false, "unknown clause", trialTest{n: n}
}

// Intervals reports whether the predicate estimates a median: it has an
// interval clause (against a number or a baseline).
func (p Predicate) Intervals() bool {
	for _, c := range p.Clauses {
		if c.Op == OpInterval {
			return true
		}
	}
	return false
}

// Versus reports whether the predicate compares a cell with a baseline
// cell (interval(NAME) OP versus) and so must be evaluated by EvalVersus.
func (p Predicate) Versus() bool {
	for _, c := range p.Clauses {
		if c.Versus {
			return true
		}
	}
	return false
}

// EvalVersus evaluates a predicate of "interval(NAME) OP versus" clauses on
// the cell o against the baseline cell base, measured in the column named
// baseLabel, at level Confidence; see EvalVersusAt.
func (p Predicate) EvalVersus(o, base Observation, baseLabel string) Result {
	return p.EvalVersusAt(o, base, baseLabel, Confidence)
}

// EvalVersusAt evaluates a predicate of "interval(NAME) OP versus" clauses
// on the cell o against the baseline cell base. Each side's median is
// estimated by an order-statistic interval of confidence 1-(1-level)/2,
// so that together the two bound the ratio of the medians with at least
// level. A clause holds when that ratio lies on the OP side of 1 by more
// than RunMargin, fails when it lies that far on the other side, and is
// undecided, "inside the noise", otherwise or when either side has too
// few trials to reach its confidence (Within marks a ratio wholly inside
// the margin). The verdict is about the whole
// cell pair: Every and Some are false, so such cells are never compared
// by Fisher's test.
func (p Predicate) EvalVersusAt(o, base Observation, baseLabel string, level float64) Result {
	res := Result{N: o.Counted(), Idle: o.Idle(), Trials: o.Counted()}
	if res.N <= 0 {
		res.Why = "no counted trials"
		return res
	}
	res.Known, res.Holds = true, true
	var why, briefs []string
	open := 0
	for _, c := range p.Clauses {
		a, b := o.Metrics[c.Metric], base.Metrics[c.Metric]
		holds, known, within, w, brief := c.evalVersus(a, b, baseLabel, level)
		why = append(why, w)
		briefs = append(briefs, brief)
		if !known {
			res.Known = false
			if a.Count > 0 && b.Count > 0 {
				res.Noise = true
				if !within {
					open++
				}
			}
		} else if !holds {
			res.Holds = false
		}
	}
	if !res.Known {
		res.Holds = false
	}
	res.Within = res.Noise && open == 0
	res.Why, res.Brief = strings.Join(why, "; "), strings.Join(briefs, "; ")
	return res
}

// medianInterval estimates the median of a cell's metric with confidence
// at least level: from its values where the results file has them, else
// from [Min, Max], the only interval known. ok is false when the trials
// are too few for level.
func medianInterval(m MetricSummary, level float64) (stats.MedianInterval, bool) {
	if len(m.Values) == m.Count && m.Count > 0 {
		return stats.MedianCI(m.Values, level)
	}
	iv := stats.MedianInterval{Lo: m.Min, Hi: m.Max, Rank: 1, N: m.Count, Confidence: stats.MedianCoverage(m.Count, 1)}
	return iv, m.Count >= 2 && iv.Confidence >= level
}

// sampleMedian returns the median of the values the cell's trials
// reported, when the summary keeps them all.
func sampleMedian(m MetricSummary) (float64, bool) {
	if len(m.Values) != m.Count {
		return 0, false
	}
	return stats.Median(m.Values)
}

// tooFew says that n trials cannot reach level.
func tooFew(n int, level float64) string {
	return fmt.Sprintf("%d trials cannot give %s%% confidence for the median; that needs at least %d", n, formatConf(level), stats.MedianTrials(level))
}

// formatConf prints a confidence in percent, rounded down to a digit
// that does not overstate it.
func formatConf(c float64) string {
	digits := 10.0 // one decimal of a percent
	switch {
	case c >= 0.9999:
		digits = 1e3
	case c >= 0.999:
		digits = 1e2
	}
	return strconv.FormatFloat(math.Floor(c*100*digits)/digits, 'f', -1, 64)
}

// intervalString describes a median interval.
func intervalString(name string, m MetricSummary, iv stats.MedianInterval) string {
	s := fmt.Sprintf("interval(%s) = [%s, %s] over %d trials", name, formatNum(iv.Lo), formatNum(iv.Hi), m.Count)
	if iv.Rank > 1 {
		s += fmt.Sprintf(" (values ranked %d and %d; median range %s to %s)", iv.Rank, m.Count+1-iv.Rank, formatNum(m.Min), formatNum(m.Max))
	}
	return s
}

// evalVersus decides one "interval(NAME) OP versus" clause from the
// metric a of the cell and b of the baseline. The two intervals bound the
// ratio of the medians, a's over b's; the clause decides when that ratio
// clears 1 by RunMargin, on either side (see RunMargin), and within marks
// a ratio that lies inside the band, which more trials cannot decide.
// brief is the reason as a grid column shows it (Result.Brief).
func (c Clause) evalVersus(a, b MetricSummary, baseLabel string, level float64) (holds, known, within bool, why, brief string) {
	if !c.Versus {
		why = c.String() + ": not a comparison with a baseline"
		return false, false, false, why, why
	}
	side := 1 - (1-level)/2
	ia, okA := medianInterval(a, side)
	ib, okB := medianInterval(b, side)
	if !okA || !okB {
		n := a.Count
		if okA {
			n = b.Count
		}
		why = fmt.Sprintf("interval(%s) over %d trials against %s's over %d: %s", c.Metric, a.Count, baseLabel, b.Count, tooFew(n, side))
		return false, false, false, why, why
	}
	rng := fmt.Sprintf("interval(%s) = [%s, %s] over %d trials against %s's [%s, %s] over %d", c.Metric,
		formatNum(ia.Lo), formatNum(ia.Hi), a.Count, baseLabel, formatNum(ib.Lo), formatNum(ib.Hi), b.Count)
	bd, ok := marginBand(c.Cmp, 1)
	if !ok || ia.Lo <= 0 || ib.Lo <= 0 {
		return false, false, false, rng + ": cannot compare (" + c.Cmp + " versus a baseline needs < or > and positive values)",
			"median in [" + formatNum(ia.Lo) + ", " + formatNum(ia.Hi) + "]"
	}
	lo, hi := ia.Lo/ib.Hi, ia.Hi/ib.Lo
	conf := ia.Confidence + ib.Confidence - 1
	ratio := fmt.Sprintf("ratio of the medians [%s, %s]", formatNum(lo), formatNum(hi))
	brief = fmt.Sprintf("median ratio to %s in [%s, %s]", baseLabel, formatNum(lo), formatNum(hi))
	switch bd.side(lo, hi) {
	case sideHolds, sideFails:
		holds = bd.side(lo, hi) == sideHolds
		where := "above it"
		if hi < 1 {
			where = "below it"
		}
		return holds, true, false, fmt.Sprintf("%s: %s, %s, beyond the run-to-run margin %s (with at least %s%% confidence)", rng, where, ratio, bd, formatConf(conf)), brief
	case sideWithin:
		return false, false, true, fmt.Sprintf("%s: %s, inside the noise, within the run-to-run margin %s", rng, ratio, bd), brief
	}
	return false, false, false, fmt.Sprintf("%s: %s, inside the noise (it reaches into the run-to-run margin %s)", rng, ratio, bd), brief
}

// IntervalConfidence returns the confidence with which the range [min,
// max] of n trials' values covers the median of the distribution the
// values come from: 1 - 2·0.5^n (93.75% for 5 trials, 96.9% for 6),
// whatever that distribution is.
func IntervalConfidence(n int) float64 {
	return stats.MedianCoverage(n, 1)
}

// evalInterval decides interval(NAME) OP X from an interval for the median
// of the values the cell's trials reported, of confidence at least level:
// the clause holds when the whole interval satisfies the comparison, fails
// when none of it does, and is undecided ("inside the noise") when the
// interval straddles X or the trials are too few to reach level. The
// clause is about the cell's median, not about single trials: its verdict
// carries no per-trial count.
func (c Clause) evalInterval(m MetricSummary, level float64) (holds, known bool, why string, tt trialTest) {
	n := m.Count
	tt = trialTest{n: n}
	iv, ok := medianInterval(m, level)
	if !ok {
		tt.open = n > 0
		return false, false, fmt.Sprintf("interval(%s) over %d trials: %s", c.Metric, n, tooFew(n, level)), tt
	}
	rng := intervalString(c.Metric, m, iv) + fmt.Sprintf(" (%s%% confidence for the median)", formatConf(iv.Confidence))
	tt.brief = "median in [" + formatNum(iv.Lo) + ", " + formatNum(iv.Hi) + "]"
	b, ok := marginBand(c.Cmp, c.Value)
	if !ok {
		lowOK, highOK := compare(iv.Lo, c.Cmp, c.Value), compare(iv.Hi, c.Cmp, c.Value)
		switch {
		case lowOK && highOK:
			return true, true, rng, tt
		case !lowOK && !highOK:
			return false, true, rng, tt
		}
		tt.open = true // no margin: a narrower interval may leave out the value
		return false, false, rng + fmt.Sprintf(": inside the noise (the interval contains %s)", formatNum(c.Value)), tt
	}
	switch b.side(iv.Lo, iv.Hi) {
	case sideHolds:
		return true, true, rng, tt
	case sideFails:
		return false, true, rng, tt
	case sideWithin:
		tt.within = true
		return false, false, rng + fmt.Sprintf(": inside the noise, within the run-to-run margin (the interval lies within %s, %s ÷ or × %s)", b, formatNum(c.Value), formatNum(RunMargin)), tt
	}
	if med, ok := sampleMedian(m); ok {
		tt.open = med < b.lo || med > b.hi
	}
	return false, false, rng + fmt.Sprintf(": inside the noise (the interval reaches into %s, %s ÷ or × %s)", b, formatNum(c.Value), formatNum(RunMargin)), tt
}

// RunMargin is the factor by which a median must clear what an interval
// clause compares it with, on the side the clause asks for or on the
// other, before the clause decides: interval(x) < 1 holds when the
// interval lies below 1/RunMargin and fails when it lies above
// 1·RunMargin. An interval wholly between the two is inside the
// run-to-run margin, which no number of trials decides; one that reaches
// into it from outside is inside the noise, and more trials may decide it.
//
// A median interval covers the median of one run's trials. Timing
// trials are not independent draws of one machine's speed: they share the
// machine's state of the moment. Four fresh cold runs on the 2-core
// machine of results/local-linux-amd64-2cpu-a4207c (2026-12-05, one set
// of probes; go run ./tools/drift for each pair) moved the medians the
// claims compare with a number by a factor of up to 1.81, and by more
// than 1.17 to 1.58 for the 5% that moved most in each of the six pairs
// (1.41 to 1.58 in the three pairs with the run that was slower
// throughout, at most 1.28 in the others); the ratios between two
// toolchains' medians of one run, which the versus claims compare, by
// more than 1.05 to 1.39. Each run's intervals were a few percent wide. A
// decision closer to its threshold than the margin is a property of the
// run, not of the toolchain: the next run may reverse it. With the
// margin, the four runs give every claim the same verdict in all six
// pairs; without it, one or two claims changed in five of the six.
const RunMargin = 1.5

// A band is the values around a threshold inside which a median decides
// nothing: [lo, hi], with the side of it the clause asks for.
type band struct {
	lo, hi float64
	below  bool // the clause holds below the band (< or <=)
}

// marginBand returns the band of RunMargin around x for the comparison
// cmp, or false when the margin does not apply: an equality, or a
// threshold that is not positive (the margin is a factor).
func marginBand(cmp string, x float64) (band, bool) {
	if x <= 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return band{}, false
	}
	switch cmp {
	case "<", "<=":
		return band{x / RunMargin, x * RunMargin, true}, true
	case ">", ">=":
		return band{x / RunMargin, x * RunMargin, false}, true
	}
	return band{}, false
}

func (b band) String() string { return "[" + formatNum(b.lo) + ", " + formatNum(b.hi) + "]" }

// The places of an interval against a band.
const (
	sideNoise  = iota // it reaches into the band from outside: more trials may decide
	sideHolds         // wholly on the side the clause asks for
	sideFails         // wholly on the other side
	sideWithin        // wholly inside the band: no number of trials decides
)

// side places the interval [lo, hi] against b.
func (b band) side(lo, hi float64) int {
	switch {
	case hi < b.lo:
		if b.below {
			return sideHolds
		}
		return sideFails
	case lo > b.hi:
		if b.below {
			return sideFails
		}
		return sideHolds
	case lo >= b.lo && hi <= b.hi:
		return sideWithin
	}
	return sideNoise
}

// evalMetric decides a metric clause from the aggregate of every trial
// that reported the metric.
func (c Clause) evalMetric(m MetricSummary) (holds, known bool, why string, tt trialTest) {
	n := m.Count
	rng := formatNum(m.Min)
	if m.Max != m.Min {
		rng += ".." + formatNum(m.Max)
	}
	tt = trialTest{n: n}
	switch c.Op {
	case OpMean:
		mean := m.Sum / float64(n)
		return compare(mean, c.Cmp, c.Value), true, fmt.Sprintf("mean(%s) = %s over %d trials", c.Metric, formatNum(mean), n), tt
	case OpMax, OpMin:
		v := m.Max
		if c.Op == OpMin {
			v = m.Min
		}
		holds = compare(v, c.Cmp, c.Value)
		// max(x) > v: some trial exceeds v; max(x) < v: every trial is below.
		// min mirrors it.
		upper := c.Op == OpMax && (c.Cmp == "<" || c.Cmp == "<=") || c.Op == OpMin && (c.Cmp == ">" || c.Cmp == ">=")
		lower := c.Op == OpMax && (c.Cmp == ">" || c.Cmp == ">=") || c.Op == OpMin && (c.Cmp == "<" || c.Cmp == "<=")
		sat := func(x float64) bool { return compare(x, c.Cmp, c.Value) }
		switch {
		case upper:
			tt.every, tt.ok = true, boundCount(n, sat(m.Min), sat(m.Max), m.Min == m.Max)
		case lower:
			tt.some, tt.ok = true, boundCount(n, sat(m.Min), sat(m.Max), m.Min == m.Max)
		}
		return holds, true, fmt.Sprintf("%s(%s) = %s over %d trials", c.Op, c.Metric, formatNum(v), n), tt
	}
	// metric(x) OP v: every trial that reported x satisfies the comparison.
	w := fmt.Sprintf("metric %s = %s in %d trials", c.Metric, rng, n)
	sat := func(x float64) bool { return compare(x, c.Cmp, c.Value) }
	tt.every = true
	if c.Cmp == "!=" && m.Min < c.Value && c.Value < m.Max {
		// Some trial may have hit the value exactly; min and max cannot
		// tell.
		tt.ok = Count{2, n}
		if n < 2 {
			tt.ok = Count{n, n}
		}
		return false, false, w + fmt.Sprintf(" (cannot decide != %s from the range)", formatNum(c.Value)), tt
	}
	switch c.Cmp {
	case "==":
		holds = m.Min == c.Value && m.Max == c.Value
	case "!=":
		holds = sat(m.Min) && sat(m.Max)
	case "<", "<=":
		holds = sat(m.Max)
	default:
		holds = sat(m.Min)
	}
	if holds {
		tt.ok = Count{n, n}
	} else {
		tt.ok = boundCount(n, sat(m.Min), sat(m.Max), m.Min == m.Max)
		if c.Cmp == "==" && !sat(m.Min) && !sat(m.Max) {
			// Both ends differ from the value; trials in between may not.
			tt.ok = Count{0, n - 2}
			if m.Min == m.Max || n < 2 || m.Min > c.Value || m.Max < c.Value {
				tt.ok = Count{0, 0}
			}
		}
		w += fmt.Sprintf(" (not every trial %s %s)", c.Cmp, formatNum(c.Value))
	}
	return holds, true, w, tt
}

// boundCount returns how many of n trials satisfy a test that is monotone
// in the metric's value, knowing whether the trials at the minimum and at
// the maximum satisfy it.
func boundCount(n int, atMin, atMax, single bool) Count {
	switch {
	case single || atMin && atMax:
		if atMin {
			return Count{n, n}
		}
		return Count{0, 0}
	case atMin || atMax:
		return Count{1, n - 1}
	}
	return Count{0, 0}
}

func hasAny(k outcome.Kind, list []outcome.Kind) bool {
	for _, f := range list {
		if k.Has(f) {
			return true
		}
	}
	return false
}

func hasKind(ks []outcome.Kind, k outcome.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func kindList(ks []outcome.Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, "|")
}

// formatNum prints a measured value for people, to four significant
// digits.
func formatNum(f float64) string {
	return strconv.FormatFloat(f, 'g', 4, 64)
}

// exactNum prints a number of the source form: the shortest text that
// parses back to the same float64, with an exponent written without "+"
// (which the tokenizer does not accept).
func exactNum(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'g', -1, 64), "e+", "e", 1)
}

// compare reports whether a cmp b.
func compare(a float64, cmp string, b float64) bool {
	switch cmp {
	case "==":
		return a == b
	case "!=":
		return a != b
	case "<":
		return a < b
	case "<=":
		return a <= b
	case ">":
		return a > b
	case ">=":
		return a >= b
	}
	return false
}

// Applies reports whether the scope selects the cell t. cmpRelease orders
// releases; it is passed in so that the scope and the report share one
// definition.
func (s Scope) Applies(t Target, cmpRelease func(a, b string) int) bool {
	for _, c := range s.Conds {
		switch c.Field {
		case fieldKind, fieldProcs, fieldVariant, fieldTarget:
			eq := t.Kind == c.Value
			switch c.Field {
			case fieldTarget:
				eq = c.Value == targetNative && t.Native || c.Value == t.GOOS && !t.Native
			case fieldProcs:
				eq = catalogue.ProcsArg(t.Procs) == c.Value
			case fieldVariant:
				eq = t.Variant == c.Value || t.Variant == "" && c.Value == noVariant
			}
			if (c.Cmp == "==") != eq {
				return false
			}
		default:
			v := t.Lang
			if c.Field == fieldRelease {
				v = t.Release
			}
			if v == "" {
				return false
			}
			if !compare(float64(cmpRelease(v, c.Value)), c.Cmp, 0) {
				return false
			}
		}
	}
	return true
}

// String returns the scope in its source form.
func (s Scope) String() string {
	parts := make([]string, len(s.Conds))
	for i, c := range s.Conds {
		parts[i] = c.Field + " " + c.Cmp + " " + c.Value
	}
	return strings.Join(parts, " and ")
}

// String returns the predicate in a canonical source form.
func (p Predicate) String() string {
	parts := make([]string, len(p.Clauses))
	for i, c := range p.Clauses {
		parts[i] = c.String()
	}
	return strings.Join(parts, " and ")
}

// String returns the clause in a canonical source form.
func (c Clause) String() string {
	kinds := make([]string, len(c.Kinds))
	for i, k := range c.Kinds {
		kinds[i] = string(k)
	}
	list := "[" + strings.Join(kinds, ", ") + "]"
	switch c.Op {
	case OpLeading:
		if c.Cmp == cmpIn {
			return "leading in " + list
		}
		return "leading " + c.Cmp + " " + kinds[0]
	case OpAny, OpNo:
		return string(c.Op) + " outcome in " + list
	case OpReason:
		return "any reason " + strconv.Quote(c.Text)
	case OpRate:
		return "rate(" + strings.Join(kinds, ", ") + ") " + c.Cmp + " " + exactNum(c.Value)
	case OpMetric, OpMax, OpMin, OpMean, OpInterval:
		if c.Versus {
			return string(c.Op) + "(" + c.Metric + ") " + c.Cmp + " " + versusWord
		}
		return string(c.Op) + "(" + c.Metric + ") " + c.Cmp + " " + exactNum(c.Value)
	}
	return "?"
}

var (
	releaseRE = regexp.MustCompile(`^go1\.[0-9]+(\.[0-9]+)?$`)
	metricRE  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	variantRE = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	cmps      = map[string]bool{"==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true}
)

// tokenize splits an expression into words, numbers, comparison operators
// and the punctuation ( ) [ ] ,.
func tokenize(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case strings.IndexByte("()[],", c) >= 0:
			toks = append(toks, string(c))
			i++
		case strings.IndexByte("=!<>", c) >= 0:
			j := i + 1
			if j < len(s) && s[j] == '=' {
				j++
			}
			op := s[i:j]
			if !cmps[op] {
				return nil, fmt.Errorf("bad operator %q at offset %d", op, i)
			}
			toks = append(toks, op)
			i = j
		case c == '"':
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				return nil, fmt.Errorf("unterminated string at offset %d", i)
			}
			toks = append(toks, s[i:i+j+2])
			i += j + 2
		case isWordByte(c):
			j := i
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			return nil, fmt.Errorf("unexpected character %q at offset %d", c, i)
		}
	}
	return toks, nil
}

func isWordByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// splitAnd splits tokens at the word "and".
func splitAnd(toks []string) [][]string {
	var out [][]string
	cur := []string{}
	for _, t := range toks {
		if t == "and" {
			out = append(out, cur)
			cur = []string{}
			continue
		}
		cur = append(cur, t)
	}
	return append(out, cur)
}

// ParsePredicate parses a holds_if expression.
func ParsePredicate(s string) (Predicate, error) {
	toks, err := tokenize(s)
	if err != nil {
		return Predicate{}, err
	}
	if len(toks) == 0 {
		return Predicate{}, fmt.Errorf("empty predicate")
	}
	var p Predicate
	for _, part := range splitAnd(toks) {
		c, err := parseClause(part)
		if err != nil {
			return Predicate{}, fmt.Errorf("%q: %v", strings.Join(part, " "), err)
		}
		p.Clauses = append(p.Clauses, c)
	}
	return p, nil
}

func parseClause(t []string) (Clause, error) {
	if len(t) == 0 {
		return Clause{}, fmt.Errorf("empty clause")
	}
	switch t[0] {
	case "leading":
		if len(t) == 3 && (t[1] == "==" || t[1] == "!=") {
			k, err := parseKind(t[2])
			if err != nil {
				return Clause{}, err
			}
			return Clause{Op: OpLeading, Cmp: t[1], Kinds: []outcome.Kind{k}}, nil
		}
		if len(t) >= 2 && t[1] == cmpIn {
			kinds, rest, err := parseList(t[2:], "[", "]")
			if err != nil {
				return Clause{}, err
			}
			if len(rest) != 0 {
				return Clause{}, fmt.Errorf("unexpected %q after list", rest[0])
			}
			return Clause{Op: OpLeading, Cmp: cmpIn, Kinds: kinds}, nil
		}
		return Clause{}, fmt.Errorf("usage: leading == KIND | leading != KIND | leading in [KIND, ...]")
	case "any", "no":
		if t[0] == "any" && len(t) >= 2 && t[1] == "reason" {
			if len(t) != 3 || !strings.HasPrefix(t[2], `"`) || len(t[2]) < 3 || strings.ContainsAny(t[2][1:len(t[2])-1], `\"`) {
				return Clause{}, fmt.Errorf(`usage: any reason "TEXT" (non-empty, without quotes or backslashes)`)
			}
			return Clause{Op: OpReason, Text: t[2][1 : len(t[2])-1]}, nil
		}
		if len(t) < 3 || t[1] != "outcome" || t[2] != cmpIn {
			return Clause{}, fmt.Errorf("usage: %s outcome in [KIND, ...]", t[0])
		}
		kinds, rest, err := parseList(t[3:], "[", "]")
		if err != nil {
			return Clause{}, err
		}
		if len(rest) != 0 {
			return Clause{}, fmt.Errorf("unexpected %q after list", rest[0])
		}
		return Clause{Op: ClauseOp(t[0]), Kinds: kinds}, nil
	case "rate":
		kinds, rest, err := parseList(t[1:], "(", ")")
		if err != nil {
			return Clause{}, fmt.Errorf("usage: rate(KIND, ...) OP NUMBER: %v", err)
		}
		cmp, v, err := parseComparison(rest)
		if err != nil {
			return Clause{}, err
		}
		if v < 0 || v > 1 {
			return Clause{}, fmt.Errorf("rate is compared with %v, outside [0, 1]", v)
		}
		return Clause{Op: OpRate, Cmp: cmp, Kinds: kinds, Value: v}, nil
	case "metric", "max", "min", "mean":
		if len(t) < 4 || t[1] != "(" || t[3] != ")" || !metricRE.MatchString(t[2]) {
			return Clause{}, fmt.Errorf("usage: %s(NAME) OP NUMBER", t[0])
		}
		cmp, v, err := parseComparison(t[4:])
		if err != nil {
			return Clause{}, err
		}
		return Clause{Op: ClauseOp(t[0]), Cmp: cmp, Metric: t[2], Value: v}, nil
	case "interval":
		if len(t) < 4 || t[1] != "(" || t[3] != ")" || !metricRE.MatchString(t[2]) {
			return Clause{}, fmt.Errorf("usage: interval(NAME) OP NUMBER|versus (OP one of <, <=, >, >=)")
		}
		if len(t) == 6 && t[5] == versusWord {
			if t[4] != "<" && t[4] != ">" {
				return Clause{}, fmt.Errorf("interval(%s) %s versus: an interval is compared with a baseline's by < or >", t[2], t[4])
			}
			return Clause{Op: OpInterval, Cmp: t[4], Metric: t[2], Versus: true}, nil
		}
		cmp, v, err := parseComparison(t[4:])
		if err != nil {
			return Clause{}, err
		}
		if cmp == "==" || cmp == "!=" {
			return Clause{}, fmt.Errorf("interval(%s) %s: an interval is compared with <, <=, > or >=", t[2], cmp)
		}
		return Clause{Op: OpInterval, Cmp: cmp, Metric: t[2], Value: v}, nil
	}
	return Clause{}, fmt.Errorf("unknown clause %q (want leading, any, no, rate, metric, max, min, mean or interval)", t[0])
}

func parseComparison(t []string) (string, float64, error) {
	if len(t) != 2 || !cmps[t[0]] {
		return "", 0, fmt.Errorf("want a comparison such as \">= 0.99\"")
	}
	v, err := strconv.ParseFloat(t[1], 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return "", 0, fmt.Errorf("bad number %q", t[1])
	}
	return t[0], v, nil
}

// parseList parses open KIND (, KIND)* close and returns the tokens after it.
func parseList(t []string, open, close string) ([]outcome.Kind, []string, error) {
	if len(t) == 0 || t[0] != open {
		return nil, nil, fmt.Errorf("want %q", open)
	}
	var kinds []outcome.Kind
	i := 1
	for {
		if i >= len(t) {
			return nil, nil, fmt.Errorf("missing %q", close)
		}
		k, err := parseKind(t[i])
		if err != nil {
			return nil, nil, err
		}
		if hasKind(kinds, k) {
			return nil, nil, fmt.Errorf("kind %s listed twice", k)
		}
		kinds = append(kinds, k)
		i++
		if i >= len(t) {
			return nil, nil, fmt.Errorf("missing %q", close)
		}
		if t[i] == close {
			return kinds, t[i+1:], nil
		}
		if t[i] != "," {
			return nil, nil, fmt.Errorf("want \",\" or %q, got %q", close, t[i])
		}
		i++
	}
}

// parseKind accepts the kinds a trial can have; build-failed, unsupported
// and unavailable describe cells that never ran, so predicates cannot see
// them.
func parseKind(s string) (outcome.Kind, error) {
	k, err := outcome.Parse(s)
	if err != nil {
		return "", err
	}
	if !k.Trial() {
		return "", fmt.Errorf("kind %s describes a cell that did not run; predicates only see trials", k)
	}
	return k, nil
}

// ParseScope parses a when expression; the empty string is the scope that
// applies everywhere.
func ParseScope(s string) (Scope, error) {
	toks, err := tokenize(s)
	if err != nil {
		return Scope{}, err
	}
	if len(toks) == 0 {
		return Scope{}, nil
	}
	var sc Scope
	for _, t := range splitAnd(toks) {
		if len(t) != 3 || !cmps[t[1]] {
			return Scope{}, fmt.Errorf("%q: usage: lang|release OP go1.N, kind ==|!= gc|gccgo|gopherjs, gomaxprocs ==|!= N|all, variant ==|!= NAME|none, or target ==|!= native|js", strings.Join(t, " "))
		}
		c := Cond{Field: t[0], Cmp: t[1], Value: t[2]}
		switch c.Field {
		case fieldLang, fieldRelease:
			if !releaseRE.MatchString(c.Value) {
				return Scope{}, fmt.Errorf("%q: %q is not a release such as go1.22", strings.Join(t, " "), c.Value)
			}
		case fieldKind:
			if c.Cmp != "==" && c.Cmp != "!=" || c.Value != "gc" && c.Value != "gccgo" && c.Value != "gopherjs" {
				return Scope{}, fmt.Errorf("%q: usage: kind ==|!= gc|gccgo|gopherjs", strings.Join(t, " "))
			}
		case fieldTarget:
			if c.Cmp != "==" && c.Cmp != "!=" || c.Value != targetNative && c.Value != "js" {
				return Scope{}, fmt.Errorf("%q: usage: target ==|!= native|js (native: a binary the machine runs, its goroutines on many threads; js: run by Node.js on one thread)", strings.Join(t, " "))
			}
		case fieldProcs:
			if _, ok := catalogue.ParseProcs(c.Value); !ok || c.Cmp != "==" && c.Cmp != "!=" {
				return Scope{}, fmt.Errorf("%q: usage: gomaxprocs ==|!= N|all", strings.Join(t, " "))
			}
		case fieldVariant:
			if c.Cmp != "==" && c.Cmp != "!=" || !variantRE.MatchString(c.Value) {
				return Scope{}, fmt.Errorf("%q: usage: variant ==|!= NAME|none (a GOEXPERIMENT such as noswissmap, or none for an ordinary build)", strings.Join(t, " "))
			}
		default:
			return Scope{}, fmt.Errorf("%q: unknown field %q (want lang, release, kind, gomaxprocs, variant or target)", strings.Join(t, " "), c.Field)
		}
		sc.Conds = append(sc.Conds, c)
	}
	return sc, nil
}

// Metrics returns the metric names the predicate reads, sorted.
func (p Predicate) Metrics() []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range p.Clauses {
		if c.Metric != "" && !seen[c.Metric] {
			seen[c.Metric] = true
			out = append(out, c.Metric)
		}
	}
	sort.Strings(out)
	return out
}
