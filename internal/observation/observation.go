// Package observation renders what a probe observed: a short phrase in words
// and numbers ("struct{}/bool 0.90", "string key replaced") that the
// report shows in a probe's cells instead of its exit status alone.
//
// A probe defines its observation once, in its header, with the directive
//
//	maplab:observe "TEMPLATE" ["TEMPLATE" ...]
//
// Each TEMPLATE is a Go string literal (double-quoted or backquoted) of
// plain text and placeholders, each naming a metric the probe reports on
// its result line:
//
//	{METRIC}        the metric's value over the cell's trials: one number
//	                when every trial reported the same (after rounding),
//	                else "MIN–MAX"
//	{METRIC:%}      the same as a whole percentage of 1 ("0–3%", "100%";
//	                "<1" and ">99" for values that would round to 0 or 100)
//	{METRIC:.D}     the value as {METRIC} does, always with D decimals
//	                (D from 0 to 3): {ratio:.2} writes 1 as "1.00"
//	{METRIC:mean}   the mean over the trials
//	{METRIC:n}      the number of trials that reported the metric
//	{METRIC:?YES|NO} YES when every trial reported a value other than 0,
//	                NO when every trial reported 0, else "YES in K/N" for a
//	                0-or-1 metric (K trials of N reported 1) or "YES or NO"
//
// Numbers are written as integers when every value is whole, else with two
// decimals. "{}" is literal text (as in "struct{}/bool {ratio}"); braces
// have no other use outside placeholders. A cell lacking a metric a template names shows nothing for
// that template; the rendered templates are joined by ", ". Metric names are lower-case words joined by
// '_' (letters, digits), as probes report them.
//
// Rendering takes the cell's metric aggregates (results.MetricSummary),
// the same values the claims read, so that a cell and a verdict never
// disagree about what was measured.
package observation

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/maplab/maplab/internal/results"
)

// Usage is the directive's usage line.
const Usage = `usage: maplab:observe "TEMPLATE" ... (Go-quoted templates of text and {METRIC}, {METRIC:%}, {METRIC:mean}, {METRIC:n} or {METRIC:?YES|NO} placeholders)`

var metricRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// Template is one parsed observation template.
type Template struct {
	src   string
	parts []part
}

// part is a literal text (metric == "") or a placeholder.
type part struct {
	text   string
	metric string
	// format is "", "%", "mean", "n", "?" or "." (fixed decimals).
	format string
	// decimals is the number of decimals of the "." format.
	decimals int
	yes, no  string
}

// Parse reads one template (its unquoted text).
func Parse(s string) (Template, error) {
	t := Template{src: s}
	rest := s
	for rest != "" {
		open := strings.IndexAny(rest, "{}")
		if open < 0 {
			t.parts = append(t.parts, part{text: rest})
			break
		}
		if strings.HasPrefix(rest[open:], "{}") {
			// "{}" is literal text, as in struct{}.
			t.parts = append(t.parts, part{text: rest[:open+2]})
			rest = rest[open+2:]
			continue
		}
		if rest[open] == '}' {
			return t, fmt.Errorf("template %q: '}' without '{'", s)
		}
		if open > 0 {
			t.parts = append(t.parts, part{text: rest[:open]})
		}
		end := strings.IndexAny(rest[open+1:], "{}")
		if end < 0 || rest[open+1+end] != '}' {
			return t, fmt.Errorf("template %q: '{' without '}'", s)
		}
		p, err := placeholder(rest[open+1 : open+1+end])
		if err != nil {
			return t, fmt.Errorf("template %q: %v", s, err)
		}
		t.parts = append(t.parts, p)
		rest = rest[open+1+end+1:]
	}
	if len(t.Metrics()) == 0 {
		return t, fmt.Errorf("template %q names no metric; an observation shows measured values", s)
	}
	return t, nil
}

// placeholder reads the inside of {…}.
func placeholder(in string) (part, error) {
	name, format := in, ""
	if i := strings.Index(in, ":"); i >= 0 {
		name, format = in[:i], in[i+1:]
	}
	if !metricRE.MatchString(name) {
		return part{}, fmt.Errorf("bad metric name %q in {%s}", name, in)
	}
	p := part{metric: name}
	switch {
	case format == "", format == "%", format == "mean", format == "n":
		p.format = format
	case len(format) == 2 && format[0] == '.' && format[1] >= '0' && format[1] <= '3':
		p.format, p.decimals = ".", int(format[1]-'0')
	case strings.HasPrefix(format, "?"):
		choices := strings.Split(format[1:], "|")
		if len(choices) != 2 || choices[0] == "" || choices[1] == "" {
			return part{}, fmt.Errorf("{%s}: want {%s:?YES|NO} with two non-empty texts", in, name)
		}
		p.format, p.yes, p.no = "?", choices[0], choices[1]
	default:
		return part{}, fmt.Errorf("{%s}: unknown format %q (valid: %%, .0 to .3, mean, n, ?YES|NO)", in, format)
	}
	return p, nil
}

// String returns the template's source text.
func (t Template) String() string { return t.src }

// Metrics returns the metrics the template names, in order, each once.
func (t Template) Metrics() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range t.parts {
		if p.metric != "" && !seen[p.metric] {
			seen[p.metric] = true
			out = append(out, p.metric)
		}
	}
	return out
}

// Render fills the template from a cell's metric aggregates. It reports
// false when a metric it names is missing from m (or no trial reported
// it).
func (t Template) Render(m map[string]results.MetricSummary) (string, bool) {
	var b strings.Builder
	for _, p := range t.parts {
		if p.metric == "" {
			b.WriteString(p.text)
			continue
		}
		s, ok := m[p.metric]
		if !ok || s.Count == 0 {
			return "", false
		}
		b.WriteString(p.render(s))
	}
	return b.String(), true
}

func (p part) render(s results.MetricSummary) string {
	switch p.format {
	case "%":
		l, h := percent(s.Min), percent(s.Max)
		if l == h {
			return l + "%"
		}
		return l + "–" + h + "%"
	case "mean":
		return span(s.Mean(), s.Mean())
	case "n":
		return strconv.Itoa(s.Count)
	case ".":
		return spanPrec(s.Min, s.Max, p.decimals)
	case "?":
		switch {
		case s.Min != 0 && s.Max != 0 && (s.Min > 0 || s.Max < 0):
			return p.yes
		case s.Min == 0 && s.Max == 0:
			return p.no
		case s.Min == 0 && s.Max == 1 && s.Sum == math.Trunc(s.Sum):
			return fmt.Sprintf("%s in %d/%d", p.yes, int(s.Sum), s.Count)
		}
		return p.yes + " or " + p.no
	}
	return span(s.Min, s.Max)
}

// percent writes a fraction as a whole percentage, "<1" for one above 0
// that would round to 0 and ">99" for one below 1 that would round to 100,
// so that a rounded figure never reads as "none" or "all" when it is not.
func percent(f float64) string {
	p := math.Round(100 * f)
	if p == 0 { // -0 too: write it as 0
		p = 0
	}
	switch {
	case p == 0 && f > 0:
		return "<1"
	case p == 100 && f < 1:
		return ">99"
	}
	return strconv.FormatFloat(p, 'f', 0, 64)
}

// span writes a range of values: one number when both ends read the same.
func span(lo, hi float64) string {
	prec := 0
	if lo != math.Trunc(lo) || hi != math.Trunc(hi) {
		prec = 2
	}
	return spanPrec(lo, hi, prec)
}

// spanPrec writes a range of values with prec decimals: one number when
// both ends read the same.
func spanPrec(lo, hi float64, prec int) string {
	l, h := strconv.FormatFloat(lo, 'f', prec, 64), strconv.FormatFloat(hi, 'f', prec, 64)
	if l == "-0" || l == "-0.00" {
		l = l[1:]
	}
	if l == h {
		return l
	}
	return l + "–" + h
}

// Set is a probe's observation: its templates in header order.
type Set []Template

// ParseDirective reads the arguments of maplab:observe: one or more Go
// string literals separated by spaces.
func ParseDirective(rest string) (Set, error) {
	var set Set
	rest = strings.TrimSpace(rest)
	for rest != "" {
		lit, err := strconv.QuotedPrefix(rest)
		if err != nil || strings.HasPrefix(lit, "'") {
			return nil, fmt.Errorf("%s: %q is not a quoted template", Usage, firstField(rest))
		}
		s, _ := strconv.Unquote(lit)
		t, err := Parse(s)
		if err != nil {
			return nil, err
		}
		set = append(set, t)
		after := rest[len(lit):]
		rest = strings.TrimSpace(after)
		if rest != "" && after == strings.TrimLeft(after, " \t") {
			return nil, fmt.Errorf("%s: templates must be separated by spaces, after %s", Usage, lit)
		}
	}
	if len(set) == 0 {
		return nil, errors.New(Usage)
	}
	return set, nil
}

// Metrics returns every metric the set names, each once.
func (set Set) Metrics() []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range set {
		for _, m := range t.Metrics() {
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	return out
}

// Render fills every template the cell's metrics allow and joins them
// with ", "; "" when none could be filled.
func (set Set) Render(m map[string]results.MetricSummary) string {
	var out []string
	for _, t := range set {
		if s, ok := t.Render(m); ok {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

// Strings returns the templates' source texts.
func (set Set) Strings() []string {
	var out []string
	for _, t := range set {
		out = append(out, t.src)
	}
	return out
}

func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return s
}
