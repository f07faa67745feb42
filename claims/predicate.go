package claims

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/maplab/maplab/internal/outcome"
)

// Predicate is a parsed holds_if expression: clauses that must all hold.
type Predicate struct {
	Clauses []Clause
}

// Universal reports whether p asks that some outcome happened in every
// trial ("rate(...) == 1"): holding it means no trial contradicted it,
// which a finite number of trials cannot turn into "always".
func (p Predicate) Universal() bool {
	for _, c := range p.Clauses {
		if c.Op != OpRate || c.Cmp != "==" || c.Value != 1 {
			return false
		}
	}
	return len(p.Clauses) > 0
}

// Existential reports whether p only asks that some outcome occurred
// ("any outcome in [...]"): failing it means the outcome was not observed
// in the trials run, which cannot prove that it never happens.
func (p Predicate) Existential() bool {
	for _, c := range p.Clauses {
		if c.Op != OpAny {
			return false
		}
	}
	return len(p.Clauses) > 0
}

// ClauseOp names the form of a clause.
type ClauseOp string

// The clause forms of the predicate language.
const (
	OpLeading    ClauseOp = "leading" // leading ==, != or in
	OpAny        ClauseOp = "any"     // any outcome in [...]
	OpNo         ClauseOp = "no"      // no outcome in [...]
	OpRate       ClauseOp = "rate"    // rate(kinds) OP x
	OpMetric     ClauseOp = "metric"  // metric(name) OP x
	cmpIn                 = "in"      // comparison of "leading in [...]"
	fieldLang             = "lang"    // scope field
	fieldRelease          = "release" // scope field
	fieldKind             = "kind"    // scope field
)

// Clause is one test of a predicate.
type Clause struct {
	Op ClauseOp
	// Cmp is the comparison: ==, !=, <, <=, >, >=, or "in" for leading.
	Cmp string
	// Kinds are the outcome kinds the clause is about.
	Kinds []outcome.Kind
	// Metric is the metric name of a metric clause.
	Metric string
	// Value is the number a rate or metric is compared with.
	Value float64
}

// Scope is a parsed when expression: conditions that must all hold for a
// check to apply to a cell. The zero Scope applies everywhere.
type Scope struct {
	Conds []Cond
}

// Cond is one condition of a scope.
type Cond struct {
	// Field is "lang", "release" or "kind".
	Field string
	Cmp   string
	// Value is a release such as "go1.22", or "gc"/"gccgo" for kind.
	Value string
}

// Observation is what a predicate sees of one measured cell.
type Observation struct {
	// N is the number of trials.
	N int
	// Counts holds the number of trials per outcome kind.
	Counts map[outcome.Kind]int
	// Metrics holds, per metric name, the values reported by the cell's
	// kept samples.
	Metrics map[string][]float64
}

// Leading returns the most frequent kind of o, ties broken by
// outcome.Order, and "" when o has no trials.
func (o Observation) Leading() outcome.Kind {
	var best outcome.Kind
	bestK := 0
	for _, k := range outcome.Order {
		if c := o.Counts[k]; c > bestK {
			best, bestK = k, c
		}
	}
	return best
}

// Result is the evaluation of a predicate on one observation.
type Result struct {
	// Known is false when the predicate could not be decided (no trials, or
	// a metric no sample reported).
	Known bool
	// Holds is the verdict when Known.
	Holds bool
	// Why explains the values the decision rests on, e.g.
	// "rate(fatal) = 0.97 (116/120)".
	Why string
	// MetricSamples is the number of samples metric clauses read.
	MetricSamples int
}

// Eval evaluates p on o. Every clause is evaluated so that Why explains
// all of them; the predicate holds when all clauses hold.
func (p Predicate) Eval(o Observation) Result {
	if o.N <= 0 {
		return Result{Known: false, Why: "no trials"}
	}
	res := Result{Known: true, Holds: true}
	var why []string
	for _, c := range p.Clauses {
		holds, known, w, samples := c.eval(o)
		why = append(why, w)
		if samples > res.MetricSamples {
			res.MetricSamples = samples
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
	res.Why = strings.Join(why, "; ")
	return res
}

func (c Clause) eval(o Observation) (holds, known bool, why string, samples int) {
	switch c.Op {
	case OpLeading:
		l := o.Leading()
		switch c.Cmp {
		case "==":
			holds = l == c.Kinds[0]
		case "!=":
			holds = l != c.Kinds[0]
		default:
			holds = hasKind(c.Kinds, l)
		}
		return holds, true, fmt.Sprintf("leading %s (%d/%d)", l, o.Counts[l], o.N), 0
	case OpAny, OpNo:
		k := o.count(c.Kinds)
		holds = k > 0
		if c.Op == OpNo {
			holds = k == 0
		}
		return holds, true, fmt.Sprintf("%s %d/%d", kindList(c.Kinds), k, o.N), 0
	case OpRate:
		k := o.count(c.Kinds)
		r := float64(k) / float64(o.N)
		return compare(r, c.Cmp, c.Value), true, fmt.Sprintf("rate(%s) = %s (%d/%d)", kindList(c.Kinds), formatNum(r), k, o.N), 0
	case OpMetric:
		vals := o.Metrics[c.Metric]
		if len(vals) == 0 {
			return false, false, fmt.Sprintf("metric %s not reported by any sample", c.Metric), 0
		}
		holds = true
		bad := 0
		for _, v := range vals {
			if !compare(v, c.Cmp, c.Value) {
				holds = false
				bad++
			}
		}
		lo, hi := minMax(vals)
		rng := formatNum(lo)
		if hi != lo {
			rng += ".." + formatNum(hi)
		}
		w := fmt.Sprintf("metric %s = %s in %d samples", c.Metric, rng, len(vals))
		if bad > 0 {
			w += fmt.Sprintf(" (%d fail %s %s)", bad, c.Cmp, formatNum(c.Value))
		}
		return holds, true, w, len(vals)
	}
	return false, false, "unknown clause", 0
}

func (o Observation) count(kinds []outcome.Kind) int {
	n := 0
	for _, k := range kinds {
		n += o.Counts[k]
	}
	return n
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

func minMax(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		lo = math.Min(lo, x)
		hi = math.Max(hi, x)
	}
	return lo, hi
}

func formatNum(f float64) string {
	return strconv.FormatFloat(f, 'g', 4, 64)
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

// Applies reports whether the scope selects a cell built with language
// version lang by a toolchain of the given kind and release. Compare
// orders releases; it is passed in so that the scope and the report share
// one definition.
func (s Scope) Applies(lang, release, kind string, cmpRelease func(a, b string) int) bool {
	for _, c := range s.Conds {
		switch c.Field {
		case fieldKind:
			eq := kind == c.Value
			if (c.Cmp == "==") != eq {
				return false
			}
		default:
			v := lang
			if c.Field == fieldRelease {
				v = release
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
	case OpRate:
		return "rate(" + strings.Join(kinds, ", ") + ") " + c.Cmp + " " + formatNum(c.Value)
	case OpMetric:
		return "metric(" + c.Metric + ") " + c.Cmp + " " + formatNum(c.Value)
	}
	return "?"
}

var (
	releaseRE = regexp.MustCompile(`^go1\.[0-9]+(\.[0-9]+)?$`)
	metricRE  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
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
	case "metric":
		if len(t) < 4 || t[1] != "(" || t[3] != ")" || !metricRE.MatchString(t[2]) {
			return Clause{}, fmt.Errorf("usage: metric(NAME) OP NUMBER")
		}
		cmp, v, err := parseComparison(t[4:])
		if err != nil {
			return Clause{}, err
		}
		return Clause{Op: OpMetric, Cmp: cmp, Metric: t[2], Value: v}, nil
	}
	return Clause{}, fmt.Errorf("unknown clause %q (want leading, any, no, rate or metric)", t[0])
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
			return Scope{}, fmt.Errorf("%q: usage: lang|release OP go1.N, or kind ==|!= gc|gccgo", strings.Join(t, " "))
		}
		c := Cond{Field: t[0], Cmp: t[1], Value: t[2]}
		switch c.Field {
		case fieldLang, fieldRelease:
			if !releaseRE.MatchString(c.Value) {
				return Scope{}, fmt.Errorf("%q: %q is not a release such as go1.22", strings.Join(t, " "), c.Value)
			}
		case fieldKind:
			if c.Cmp != "==" && c.Cmp != "!=" || c.Value != "gc" && c.Value != "gccgo" {
				return Scope{}, fmt.Errorf("%q: usage: kind ==|!= gc|gccgo", strings.Join(t, " "))
			}
		default:
			return Scope{}, fmt.Errorf("%q: unknown field %q (want lang, release or kind)", strings.Join(t, " "), c.Field)
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
		if c.Op == OpMetric && !seen[c.Metric] {
			seen[c.Metric] = true
			out = append(out, c.Metric)
		}
	}
	sort.Strings(out)
	return out
}
