package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
)

// Chart geometry, in pixels.
const (
	chartLeft   = 40
	chartTop    = 12
	chartHeight = 100
	chartStep   = 22
	chartGap    = 16  // between the gc and gccgo columns
	chartBottom = 110 // room for the rotated column labels
)

// ChartSVG renders a chart as an SVG document: one point per column at
// the plotted outcome's rate, with a bar for its 95% Wilson interval.
// Columns without a measurement get a tick and a grey label only. All
// text is XML-escaped; the SVG has no script and no external references.
func ChartSVG(ch Chart) string {
	var b strings.Builder
	n := len(ch.Points)
	gap := 0
	for _, p := range ch.Points {
		if p.Gccgo {
			gap = chartGap
			break
		}
	}
	width := chartLeft + n*chartStep + gap + 8
	height := chartTop + chartHeight + chartBottom
	y := func(r float64) float64 { return chartTop + (1-r)*chartHeight }
	x := func(i int) float64 {
		xx := float64(chartLeft + i*chartStep + chartStep/2)
		if ch.Points[i].Gccgo {
			xx += float64(gap)
		}
		return xx
	}
	desc := fmt.Sprintf("Rate of %s for %s (%s) per toolchain, with 95%% Wilson intervals", ch.Kind, ch.RowLabel, ch.Mode)
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s" font-family="sans-serif" font-size="10">`,
		width, height, width, height, esc(desc))
	fmt.Fprintf(&b, "<title>%s</title>", esc(desc))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%d" height="%d" fill="#fff"/>`, width, height)
	for _, g := range []float64{0, 0.5, 1} {
		fmt.Fprintf(&b, `<line x1="%d" y1="%s" x2="%d" y2="%s" stroke="#ccc"/>`, chartLeft, num(y(g)), width-4, num(y(g)))
		fmt.Fprintf(&b, `<text x="%d" y="%s" text-anchor="end" fill="#555">%d%%</text>`, chartLeft-4, num(y(g)+3), int(g*100))
	}
	for i, p := range ch.Points {
		xi := x(i)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#999"/>`, num(xi), num(y(0)), num(xi), num(y(0)+4))
		colour := "#555"
		if !p.Measured {
			colour = "#aaa"
		}
		ly := y(0) + 8
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" fill="%s" transform="rotate(-60 %s %s)">%s</text>`,
			num(xi), num(ly), colour, num(xi), num(ly), esc(p.Label))
		if !p.Measured {
			continue
		}
		tip := fmt.Sprintf("%s: %s %s (%d/%d), 95%% interval %s–%s", p.Label, ch.Kind, pct(p.K, p.N), p.K, p.N, pctf(p.Lo), pctf(p.Hi))
		fmt.Fprintf(&b, "<g><title>%s</title>", esc(tip))
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#1f4e79" stroke-width="1.5"/>`, num(xi), num(y(p.Lo)), num(xi), num(y(p.Hi)))
		for _, e := range []float64{p.Lo, p.Hi} {
			fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#1f4e79" stroke-width="1.5"/>`, num(xi-3), num(y(e)), num(xi+3), num(y(e)))
		}
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3.5" fill="#c0392b"/></g>`, num(xi), num(y(p.Rate)))
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// esc escapes text for XML (and HTML) content and attribute values.
func esc(s string) string {
	var buf bytes.Buffer
	_ = xml.EscapeText(&buf, []byte(s)) // never fails on a bytes.Buffer
	return buf.String()
}

// num formats a coordinate with at most two decimals.
func num(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

// pctf formats a rate in [0, 1] as a percentage with one decimal.
func pctf(r float64) string {
	return fmt.Sprintf("%.1f%%", 100*r)
}
