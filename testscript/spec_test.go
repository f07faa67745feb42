package testscript_test

// This file holds the pure parts of the custom commands: argument parsing,
// outcome selectors, comparisons and the text that describes a cell. None of
// it runs anything or touches files.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// defaultTrials is the number of trials of a probe command without -trials.
const defaultTrials = 40

// maxTrials caps -trials: the suite must stay fast.
const maxTrials = 2000

// langRE matches a language version given to -lang or to [lang:…].
var langRE = regexp.MustCompile(`^go1\.[0-9]+$`)

// probeArgs are the parsed arguments of the probe command.
type probeArgs struct {
	name   string
	trials int
	mode   toolchain.Mode
	lang   string // go1.N or catalogue.LangToolchain
	alone  bool   // run while no other probe command runs
	procs  int    // GOMAXPROCS, catalogue.ProcsAll for the runtime's default
}

// parseProbeArgs parses "NAME [-trials N] [-mode plain|race] [-lang go1.N|toolchain] [-gomaxprocs N|all] [-alone]".
func parseProbeArgs(args []string) (probeArgs, error) {
	a := probeArgs{trials: defaultTrials, mode: toolchain.Plain, lang: catalogue.LangToolchain}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return a, errors.New("missing probe name")
	}
	a.name = args[0]
	fs := flag.NewFlagSet("probe", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.IntVar(&a.trials, "trials", a.trials, "")
	mode := fs.String("mode", string(a.mode), "")
	fs.StringVar(&a.lang, "lang", a.lang, "")
	fs.BoolVar(&a.alone, "alone", false, "")
	procs := fs.String("gomaxprocs", "all", "")
	if err := fs.Parse(args[1:]); err != nil {
		return a, err
	}
	if fs.NArg() > 0 {
		return a, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if a.trials < 1 || a.trials > maxTrials {
		return a, fmt.Errorf("-trials must be from 1 to %d, not %d", maxTrials, a.trials)
	}
	switch m := toolchain.Mode(*mode); m {
	case toolchain.Plain, toolchain.Race:
		a.mode = m
	default:
		return a, fmt.Errorf("unknown mode %q (valid: plain, race)", *mode)
	}
	if a.lang != catalogue.LangToolchain && !langRE.MatchString(a.lang) {
		return a, fmt.Errorf("bad -lang %q (want go1.N or %s)", a.lang, catalogue.LangToolchain)
	}
	n, ok := catalogue.ParseProcs(*procs)
	if !ok {
		return a, fmt.Errorf("bad -gomaxprocs %q (want a count from 1 to %d, or all)", *procs, catalogue.MaxProcs)
	}
	a.procs = n
	return a, nil
}

// selector picks the trials whose outcome has one of a few kinds and,
// optionally, a reason matching a regular expression. Its text form is
// KIND[|KIND…][:REASON-REGEXP].
type selector struct {
	text   string
	kinds  []outcome.Kind
	reason *regexp.Regexp // nil matches every reason
}

// parseSelector parses KIND[|KIND…][:REASON-REGEXP].
func parseSelector(s string) (selector, error) {
	sel := selector{text: s}
	kinds, reason, hasReason := strings.Cut(s, ":")
	for _, k := range strings.Split(kinds, "|") {
		kind, err := outcome.Parse(k)
		if err != nil {
			return sel, err
		}
		sel.kinds = append(sel.kinds, kind)
	}
	if hasReason {
		re, err := regexp.Compile(reason)
		if err != nil {
			return sel, fmt.Errorf("bad reason regexp %q: %v", reason, err)
		}
		sel.reason = re
	}
	return sel, nil
}

// match reports whether o is selected: a kind selects trials that have it
// (outcome.Kind.Has), so race selects race+fatal trials and so does fatal.
func (s selector) match(o outcome.Outcome) bool {
	for _, k := range s.kinds {
		if o.Kind.Has(k) {
			return s.reason == nil || s.reason.MatchString(o.Reason)
		}
	}
	return false
}

// selectors is a list of selectors; a trial is selected when any of them
// selects it.
type selectors []selector

// parseSelectors parses each argument as a selector.
func parseSelectors(args []string) (selectors, error) {
	var out selectors
	for _, a := range args {
		s, err := parseSelector(a)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (ss selectors) match(o outcome.Outcome) bool {
	for _, s := range ss {
		if s.match(o) {
			return true
		}
	}
	return false
}

// count returns how many of the cell's trials ss selects.
func (ss selectors) count(c results.Cell) int {
	k := 0
	for _, t := range c.Tallies {
		if ss.match(t.Outcome) {
			k += t.K
		}
	}
	return k
}

// denominator returns the number of trials a rate of ss is taken over: the
// counted trials (idle ones left out, their hazard did not happen), or all
// of them when ss selects idle itself.
func (ss selectors) denominator(c results.Cell) int {
	for _, s := range ss {
		for _, k := range s.kinds {
			if k == outcome.Idle {
				return c.N
			}
		}
	}
	return c.Counted()
}

func (ss selectors) String() string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.text
	}
	return strings.Join(parts, " ")
}

// comparison is "OP X" with OP one of >= <= > < ==.
type comparison struct {
	op string
	x  float64
}

// ops lists the comparison operators in the order usage messages show them.
var ops = []string{">=", "<=", ">", "<", "=="}

// parseComparison parses OP and X. When unit is set, X must lie in [0, 1].
func parseComparison(op, x string, unit bool) (comparison, error) {
	c := comparison{op: op}
	known := false
	for _, o := range ops {
		known = known || o == op
	}
	if !known {
		return c, fmt.Errorf("unknown operator %q (valid: %s)", op, strings.Join(ops, " "))
	}
	v, err := strconv.ParseFloat(x, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return c, fmt.Errorf("bad number %q", x)
	}
	if unit && (v < 0 || v > 1) {
		return c, fmt.Errorf("rate bound %s is outside [0, 1]", x)
	}
	c.x = v
	return c, nil
}

// eps absorbs float rounding in k/n, so that "rate clean == 0.5" holds for
// 20 of 40 trials.
const eps = 1e-9

// holds reports whether v OP X.
func (c comparison) holds(v float64) bool {
	switch c.op {
	case ">=":
		return v >= c.x-eps
	case "<=":
		return v <= c.x+eps
	case ">":
		return v > c.x+eps
	case "<":
		return v < c.x-eps
	case "==":
		return math.Abs(v-c.x) <= eps
	}
	return false
}

func (c comparison) String() string { return c.op + " " + strconv.FormatFloat(c.x, 'g', -1, 64) }

// distribution describes a cell for failure messages and the script log:
// "fatal:concurrent map writes 38, clean 2", or "not run: unsupported:needs
// go1.21, toolchain has go1.19.8".
func distribution(c results.Cell) string {
	if c.NotRun != nil {
		return "not run: " + c.NotRun.String()
	}
	if len(c.Tallies) == 0 {
		return "no trials"
	}
	parts := make([]string, len(c.Tallies))
	for i, t := range c.Tallies {
		parts[i] = fmt.Sprintf("%s %d", t.Outcome, t.K)
	}
	return strings.Join(parts, ", ")
}

// metricSummary returns the summary of metric name over the cell's
// counted trials, and whether any of them reported it.
func metricSummary(c results.Cell, name string) (results.MetricSummary, bool) {
	m, ok := c.Metrics[name]
	return m, ok && m.Count > 0
}
