package report

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/toolchain"
)

// The per-cell verdicts of a performance check (see PerfPoint.Verdict).
const (
	PerfHolds = "holds"
	PerfFails = "fails"
	PerfNoise = "inside the noise"
)

// PerfChart is the performance view of one claim whose checks are
// interval clauses (claims package, Intervals): the ratio each check reads,
// per toolchain, with its interval, against the claimed ratio.
type PerfChart struct {
	// Anchor names the chart: "perf-" and the claim id; its SVG file is
	// charts/Anchor.svg.
	Anchor    string `json:"anchor"`
	Claim     string `json:"claim"`
	Statement string `json:"statement"`
	// Claimed is the ratio every check of the claim compares with, e.g.
	// 4; each series has its own comparison.
	Claimed float64 `json:"claimed"`
	// Series has one entry per check and GOMAXPROCS setting.
	Series []PerfSeries `json:"series"`
}

// PerfSeries is one check of a performance claim at one GOMAXPROCS
// setting, across the measured columns.
type PerfSeries struct {
	// Label is the metric, the row and the claim, e.g.
	// "syncmap_rwmutex_r90_small, GOMAXPROCS=1: claimed > 4".
	Label  string `json:"label"`
	Metric string `json:"metric"`
	Row    string `json:"row"`
	// Cmp is the check's comparison with PerfChart.Claimed: <, <=, > or >=.
	Cmp    string      `json:"cmp"`
	Points []PerfPoint `json:"points"`

	procs int // the row's GOMAXPROCS, catalogue.ProcsAll for all CPUs
}

// PerfPoint is one measured cell of a series.
type PerfPoint struct {
	// Column is the column's label, CPUs the number of CPUs of the
	// machine it was measured on.
	Column string `json:"column"`
	Gccgo  bool   `json:"gccgo"`
	CPUs   int    `json:"cpus"`
	// Trials is the number of trials that reported the ratio; Mean is the
	// mean of their medians and [Lo, Hi] the engine's interval for their
	// median, of confidence Confidence (the claim's family level, or
	// less when the trials were too few for it: then the point is inside
	// the noise).
	Trials     int     `json:"trials"`
	Mean       float64 `json:"mean"`
	Lo         float64 `json:"lo"`
	Hi         float64 `json:"hi"`
	Confidence float64 `json:"confidence"`
	// Verdict is PerfHolds, PerfFails or PerfNoise: the check on this
	// cell alone.
	Verdict string `json:"verdict"`
}

// intervalClause returns the interval clause of a check whose predicate is
// that one clause, compared with a number (not with a baseline cell).
func intervalClause(ch claims.Check) (claims.Clause, bool) {
	if len(ch.Predicate.Clauses) != 1 || ch.Predicate.Clauses[0].Op != claims.OpInterval || ch.Predicate.Clauses[0].Versus {
		return claims.Clause{}, false
	}
	return ch.Predicate.Clauses[0], true
}

// performance builds one PerfChart per claim whose every check is a single
// interval clause, all with one ratio, from the engine's evidence: the
// cells the engine read, with the median intervals it decided on.
func (b *builder) performance() []PerfChart {
	var out []PerfChart
	for _, v := range b.rep.Verdicts {
		var ch PerfChart
		ok := len(v.Checks) > 0
		for i, check := range v.Checks {
			c, isInterval := intervalClause(check)
			if !isInterval || i > 0 && c.Value != ch.Claimed {
				ok = false
				break
			}
			ch.Claimed = c.Value
		}
		if !ok {
			continue
		}
		ch.Anchor, ch.Claim, ch.Statement = "perf-"+v.ID, v.ID, v.Statement
		ch.Series = b.perfSeries(v)
		if len(ch.Series) > 0 {
			out = append(out, ch)
		}
	}
	return out
}

// perfSeries returns the series of a claim's charts: one per check and
// GOMAXPROCS setting, a point per cell the engine read.
func (b *builder) perfSeries(v Verdict) []PerfSeries {
	type key struct {
		check, procs int
	}
	var out []PerfSeries
	index := map[key]int{}
	cpus := map[string]int{}
	for ci, col := range b.rep.Columns {
		if fi := b.colFile[ci]; fi >= 0 {
			cpus[col.Label] = b.files[fi].Env.CPUs
		}
	}
	kinds := map[string]toolchain.Kind{}
	for _, col := range b.rep.Columns {
		kinds[col.Label] = col.Kind
	}
	for _, e := range v.Evidence {
		c, _ := intervalClause(v.Checks[e.Check])
		iv, ok := e.Intervals[c.Metric]
		if !ok || iv.Trials == 0 {
			continue
		}
		k := key{e.Check, e.Row.Procs}
		si, seen := index[k]
		if !seen {
			si = len(out)
			index[k] = si
			row := catalogue.ProcsLabel(e.Row.Procs)
			out = append(out, PerfSeries{Label: fmt.Sprintf("%s, %s: claimed %s %s", c.Metric, row, c.Cmp, perfValue(c.Value)), Metric: c.Metric, Row: row, Cmp: c.Cmp, procs: e.Row.Procs})
		}
		verdict := PerfNoise
		switch e.Decision {
		case "held":
			verdict = PerfHolds
		case "counterexample":
			verdict = PerfFails
		}
		out[si].Points = append(out[si].Points, PerfPoint{Column: e.Column, Gccgo: kinds[e.Column] == toolchain.GCCGO, CPUs: cpus[e.Column],
			Trials: iv.Trials, Mean: iv.Mean, Lo: iv.Lo, Hi: iv.Hi, Confidence: iv.Confidence, Verdict: verdict})
	}
	// GOMAXPROCS=1 (and other counts, ascending) before all CPUs, as in
	// the tables.
	rank := func(n int) int {
		if n == catalogue.ProcsAll {
			return catalogue.MaxProcs + 1
		}
		return n
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i].procs) < rank(out[j].procs) })
	return out
}

// perfIntro says how the performance charts are made; every renderer
// shows it.
var perfIntro = "Each performance probe runs the alternatives in one process, interleaved, and takes the ratio of their throughputs or of their times per repetition (each probe's Checks say which); a trial reports the median over its repetitions. " +
	"A point is the mean of the trials' medians and its bar an interval for their median, between two of the trials' values ranked from each end, which covers the median ratio with the confidence shown whatever the distribution; the confidence is 1 − 0.05/m for a claim read in m cells, so that all m intervals are right together with 95%. " +
	"A cell holds when the whole interval is on the claimed side of the claimed ratio (the dashed line) by more than the run-to-run margin, a factor of " + runMargin + " (two runs on one machine move a median by that much), fails when it is that far on the other side, and is inside the noise otherwise, or when the trials are too few for the confidence. " +
	"The ratios depend on the machine: the CPUs of the machine that measured a column are shown beside it, because contention on 2 CPUs is not contention on 64."

// runMargin is claims.RunMargin as the performance pages print it.
var runMargin = strconv.FormatFloat(claims.RunMargin, 'g', -1, 64)

// perfValue formats a ratio with up to three significant decimals.
func perfValue(f float64) string {
	switch {
	case f >= 10:
		return fmt.Sprintf("%.1f", f)
	case f >= 1:
		return fmt.Sprintf("%.2f", f)
	}
	return fmt.Sprintf("%.3f", f)
}

// perfCell formats a point as "0.620 [0.410, 0.800] (6 trials, 96.8%) fails".
func perfCell(p PerfPoint) string {
	return fmt.Sprintf("%s [%s, %s] (%d trials, %s) %s", perfValue(p.Mean), perfValue(p.Lo), perfValue(p.Hi), p.Trials, perfConfidence(p.Confidence), p.Verdict)
}

// perfConfidence formats a confidence in [0, 1] as a percentage, rounded
// down to one decimal so that it never overstates.
func perfConfidence(c float64) string {
	return fmt.Sprintf("%.1f%%", math.Floor(c*1000)/10)
}

// perfColumns returns the column labels of a chart's points, in order of
// first appearance, each with the CPUs of its machine.
func perfColumns(ch PerfChart) (labels []string, cpus map[string]int) {
	cpus = map[string]int{}
	for _, s := range ch.Series {
		for _, p := range s.Points {
			if _, ok := cpus[p.Column]; !ok {
				labels = append(labels, p.Column)
				cpus[p.Column] = p.CPUs
			}
		}
	}
	return labels, cpus
}

// perfAlt is the text alternative of a performance chart.
func perfAlt(ch PerfChart) string {
	return fmt.Sprintf("Ratio per toolchain for claim %s, with the range of its trials, against the claimed ratio %s", ch.Claim, perfValue(ch.Claimed))
}

// perfMarkdown writes the Performance section; Markdown calls it only
// when the report has performance charts or memory rows.
func perfMarkdown(w io.Writer, r Report) {
	p := func(format string, args ...interface{}) { fmt.Fprintf(w, format, args...) }
	p("## Performance\n\n")
	if len(r.Performance) == 0 {
		p("No performance claim was measured.\n\n")
	} else {
		p("%s\n\n", md(perfIntro))
	}
	for _, ch := range r.Performance {
		p("### %s\n\n", md(ch.Claim))
		p("%s The claim's verdict is in [Claims](#%s).\n\n", md(ch.Statement), claimAnchor(ch.Claim))
		p("![%s](charts/%s.svg)\n\n", md(perfAlt(ch)), mdURL(ch.Anchor))
		labels, cpus := perfColumns(ch)
		p("| ratio |")
		for _, l := range labels {
			p(" %s (%d CPUs) |", md(l), cpus[l])
		}
		p("\n|---|%s\n", strings.Repeat("---|", len(labels)))
		for _, s := range ch.Series {
			p("| %s |", md(s.Label))
			at := map[string]PerfPoint{}
			for _, pt := range s.Points {
				at[pt.Column] = pt
			}
			for _, l := range labels {
				if pt, ok := at[l]; ok {
					p(" %s |", md(perfCell(pt)))
				} else {
					p(" not measured |")
				}
			}
			p("\n")
		}
		p("\n")
	}
	memoryMarkdown(w, r)
}

// Performance chart geometry, in pixels.
const (
	perfLeft   = 44
	perfTop    = 12
	perfHeight = 140
	perfStep   = 56
	perfBottom = 130
	perfLegend = 14 // per series line of the legend
	perfMinY   = 1.0 / 32
	perfMaxY   = 32.0
)

// perfColours tell the series of a chart apart.
var perfColours = []string{"#1f4e79", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#2c3e50"}

// PerfChartSVG renders a performance chart as an SVG document: per column,
// one point per series at the mean ratio with a bar for its range, on a
// logarithmic axis, and the claimed ratio as a dashed line. All text is
// XML-escaped; the SVG has no script and no external references.
func PerfChartSVG(ch PerfChart) string {
	var b strings.Builder
	labels, cpus := perfColumns(ch)
	col := map[string]int{}
	for i, l := range labels {
		col[l] = i
	}
	ns := len(ch.Series)
	width := perfLeft + len(labels)*perfStep + 8
	if width < 380 {
		width = 380
	}
	height := perfTop + perfHeight + perfBottom + ns*perfLegend
	clamp := func(v float64) float64 { return math.Min(math.Max(v, perfMinY), perfMaxY) }
	y := func(v float64) float64 {
		return perfTop + (math.Log2(perfMaxY)-math.Log2(clamp(v)))/(math.Log2(perfMaxY)-math.Log2(perfMinY))*perfHeight
	}
	x := func(ci, si int) float64 {
		return float64(perfLeft+ci*perfStep) + float64(perfStep)*(float64(si)+1)/float64(ns+1)
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s" font-family="sans-serif" font-size="10">`,
		width, height, width, height, esc(perfAlt(ch)))
	fmt.Fprintf(&b, "<title>%s</title>", esc(perfAlt(ch)))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" fill="#fff"/>`, width, height)
	for _, g := range []struct {
		v     float64
		label string
	}{{1.0 / 16, "1/16"}, {0.25, "1/4"}, {1, "1"}, {4, "4"}, {16, "16"}} {
		fmt.Fprintf(&b, `<line x1="%d" y1="%s" x2="%d" y2="%s" stroke="#ddd"/>`, perfLeft, num(y(g.v)), width-4, num(y(g.v)))
		fmt.Fprintf(&b, `<text x="%d" y="%s" text-anchor="end" fill="#555">%s×</text>`, perfLeft-4, num(y(g.v)+3), g.label)
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="%s" x2="%d" y2="%s" stroke="#000" stroke-dasharray="4 3"><title>%s</title></line>`,
		perfLeft, num(y(ch.Claimed)), width-4, num(y(ch.Claimed)), esc("claimed ratio "+perfValue(ch.Claimed)))
	for i, l := range labels {
		xi := float64(perfLeft+i*perfStep) + perfStep/2
		ly := y(perfMinY) + 8
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" fill="#555" transform="rotate(-45 %s %s)">%s</text>`,
			num(xi), num(ly), num(xi), num(ly), esc(fmt.Sprintf("%s (%d CPUs)", l, cpus[l])))
	}
	for si, s := range ch.Series {
		colour := perfColours[si%len(perfColours)]
		for _, p := range s.Points {
			xi := x(col[p.Column], si)
			tip := fmt.Sprintf("%s on %s (%d CPUs): %s", s.Label, p.Column, p.CPUs, perfCell(p))
			fmt.Fprintf(&b, "<g><title>%s</title>", esc(tip))
			fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>`, num(xi), num(y(p.Lo)), num(xi), num(y(p.Hi)), colour)
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3" fill="%s"/></g>`, num(xi), num(y(p.Mean)), colour)
		}
		ly := perfTop + perfHeight + perfBottom + si*perfLegend + 4
		fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="3" fill="%s"/><text x="%d" y="%d" fill="#333">%s</text>`, perfLeft, ly, colour, perfLeft+8, ly+3, esc(s.Label))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// htmlPerfChart is a performance chart with its SVG and table for the
// page.
type htmlPerfChart struct {
	PerfChart
	SVG     template.HTML
	Columns []string
	CPUs    map[string]int
	Rows    []htmlPerfRow
}

// htmlPerfRow is one series of a performance table: its label and one
// formatted cell per column.
type htmlPerfRow struct {
	Label string
	Cells []string
}

// htmlPerfCharts prepares the performance charts for the page.
func htmlPerfCharts(r Report) []htmlPerfChart {
	var out []htmlPerfChart
	for _, ch := range r.Performance {
		labels, cpus := perfColumns(ch)
		hc := htmlPerfChart{PerfChart: ch, SVG: template.HTML(PerfChartSVG(ch)), Columns: labels, CPUs: cpus} // #nosec: built with esc
		for _, s := range ch.Series {
			row := htmlPerfRow{Label: s.Label}
			at := map[string]PerfPoint{}
			for _, pt := range s.Points {
				at[pt.Column] = pt
			}
			for _, l := range labels {
				if pt, ok := at[l]; ok {
					row.Cells = append(row.Cells, perfCell(pt))
				} else {
					row.Cells = append(row.Cells, "not measured")
				}
			}
			hc.Rows = append(hc.Rows, row)
		}
		out = append(out, hc)
	}
	return out
}

// jsonPerformance returns the performance charts and memory rows for
// compat.json, with every number rounded to four decimals.
func jsonPerformance(r Report) ([]PerfChart, []MemoryRow) {
	var perf []PerfChart
	for _, ch := range r.Performance {
		c := ch
		c.Series = nil
		for _, s := range ch.Series {
			s.Points = append([]PerfPoint(nil), s.Points...)
			for i := range s.Points {
				p := &s.Points[i]
				p.Mean, p.Lo, p.Hi, p.Confidence = round4(p.Mean), round4(p.Lo), round4(p.Hi), round4(p.Confidence)
			}
			c.Series = append(c.Series, s)
		}
		perf = append(perf, c)
	}
	var mem []MemoryRow
	for _, row := range r.Memory {
		row.Cells = append([]MemoryCell(nil), row.Cells...)
		for i := range row.Cells {
			c := &row.Cells[i]
			c.Mean, c.Lo, c.Hi = round4(c.Mean), round4(c.Lo), round4(c.Hi)
		}
		mem = append(mem, row)
	}
	return perf, mem
}
