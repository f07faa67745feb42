package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Swatch is how the HTML page colours one kind of cell: an outcome kind
// (class k-KIND), a cell not measured (class nm), a grid decision (class
// d-DECISION) or a claim verdict (class v-VERDICT).
type Swatch struct {
	// Class is the CSS class, without the dot.
	Class string
	// BG and FG are the background and text colours, "#rrggbb".
	BG, FG string
	// Border is a CSS border style ("dashed", "dotted") drawn in FG, ""
	// for none; it tells apart kinds whose backgrounds are alike.
	Border string
}

// Stripes overlays a mixed cell (one with more than one outcome kind):
// light stripes on a cell with dark text, dark stripes on one with light
// text, so that the text keeps its contrast on both.
const (
	lightStripe = 0.55 // white at this opacity
	darkStripe  = 0.35 // black at this opacity
)

// MinContrast is the least contrast ratio of a cell's text on every
// background it can have (WCAG 2 AA for normal text).
const MinContrast = 4.5

// Palette lists every swatch of the page. Each outcome kind has its own
// background (or border): race, race+recovered, race+panic and race+crash
// differ; unsupported and unavailable differ; idle (dashed) and not
// measured (white, no border) differ.
var Palette = []Swatch{
	{Class: "k-clean", BG: "#d9f2d0", FG: "#1a1a1a"},
	{Class: "k-idle", BG: "#eef1f5", FG: "#3d4a5c", Border: "dashed"},
	{Class: "k-corrupt", BG: "#6a1b7a", FG: "#ffffff"},
	{Class: "k-recovered", BG: "#cfe6f3", FG: "#1a1a1a"},
	{Class: "k-panic", BG: "#ffd9a8", FG: "#1a1a1a"},
	{Class: "k-fatal", BG: "#f5a6a6", FG: "#1a1a1a"},
	{Class: "k-race", BG: "#f6c7e8", FG: "#1a1a1a"},
	{Class: "k-race+corrupt", BG: "#7d2f8e", FG: "#ffffff", Border: "dotted"},
	{Class: "k-race+recovered", BG: "#dccdf2", FG: "#1a1a1a"},
	{Class: "k-race+panic", BG: "#f2c48e", FG: "#1a1a1a", Border: "dotted"},
	{Class: "k-race+fatal", BG: "#ee93bb", FG: "#1a1a1a"},
	{Class: "k-race+crash", BG: "#7a3b22", FG: "#ffffff", Border: "dotted"},
	{Class: "k-crash", BG: "#a0522d", FG: "#ffffff"},
	{Class: "k-hang", BG: "#555555", FG: "#ffffff"},
	{Class: "k-rejected", BG: "#99ccff", FG: "#1a1a1a"},
	{Class: "k-build-failed", BG: "#bbbbbb", FG: "#1a1a1a"},
	{Class: "k-unsupported", BG: "#e3e3e3", FG: "#3b3b3b"},
	{Class: "k-unavailable", BG: "#f6f3df", FG: "#4d4a3a", Border: "dotted"},
	{Class: "nm", BG: "#ffffff", FG: "#595959"},

	{Class: "d-held", BG: "#d9f2d0", FG: "#1a1a1a"},
	{Class: "d-refuted", BG: "#f5a6a6", FG: "#1a1a1a"},
	{Class: "d-confirmed", BG: "#cfe6f3", FG: "#1a1a1a"},
	{Class: "d-not-observed", BG: "#ffe9a8", FG: "#1a1a1a"},
	{Class: "d-inside-the-noise", BG: "#e6e0f5", FG: "#1a1a1a"},
	{Class: "d-not-applicable", BG: "#f2f2f2", FG: "#4a4a4a"},
	{Class: "d-not-measured", BG: "#ffffff", FG: "#4a4a4a"},
	{Class: "d-undecided", BG: "#ffffff", FG: "#1a1a1a", Border: "dashed"},

	{Class: "v-confirmed", BG: "#d9f2d0", FG: "#1a1a1a"},
	{Class: "v-held", BG: "#d9f2d0", FG: "#1a1a1a"},
	{Class: "v-refuted", BG: "#f5a6a6", FG: "#1a1a1a"},
	{Class: "v-not-observed", BG: "#ffe9a8", FG: "#1a1a1a"},
	{Class: "v-not-measured", BG: "#eeeeee", FG: "#1a1a1a"},
	{Class: "v-undecided", BG: "#ffffff", FG: "#1a1a1a", Border: "dashed"},
}

// paletteCSS writes the palette's rules: colours, borders, the stripes of
// a mixed cell, and links in the cell's colour.
func paletteCSS() string {
	var b strings.Builder
	for _, s := range Palette {
		sel := "." + strings.ReplaceAll(s.Class, "+", `\+`)
		// td.X ties with ".matrix td" and comes later, so a cell's own
		// border wins over the table's.
		fmt.Fprintf(&b, "%s, td%s { background-color: %s; color: %s;", sel, sel, s.BG, s.FG)
		if s.Border != "" {
			fmt.Fprintf(&b, " border: 1px %s %s;", s.Border, s.FG)
		}
		b.WriteString(" }\n")
		if strings.HasPrefix(s.Class, "k-") {
			stripe := fmt.Sprintf("rgba(255,255,255,%g)", lightStripe)
			if lightText(s) {
				stripe = fmt.Sprintf("rgba(0,0,0,%g)", darkStripe)
			}
			fmt.Fprintf(&b, "%s.mixed { background-image: repeating-linear-gradient(135deg, %s 0 4px, transparent 4px 10px); }\n", sel, stripe)
			fmt.Fprintf(&b, "td%s > details > summary a { color: %s; }\n", sel, s.FG)
		}
	}
	return b.String()
}

// lightText reports whether a swatch has text lighter than its
// background.
func lightText(s Swatch) bool {
	return luminance(mustRGB(s.FG)) > luminance(mustRGB(s.BG))
}

// stripeBG is the colour of a mixed cell's stripes over a swatch's
// background.
func stripeBG(s Swatch) [3]float64 {
	bg := mustRGB(s.BG)
	over, alpha := [3]float64{255, 255, 255}, lightStripe
	if lightText(s) {
		over, alpha = [3]float64{0, 0, 0}, darkStripe
	}
	var out [3]float64
	for i := range bg {
		out[i] = alpha*over[i] + (1-alpha)*bg[i]
	}
	return out
}

// mustRGB reads "#rrggbb" into 0–255 channels; the palette is ours, so a
// bad colour is a programming error.
func mustRGB(hex string) [3]float64 {
	if len(hex) != 7 || hex[0] != '#' {
		panic("report: bad palette colour " + hex)
	}
	var c [3]float64
	for i := range c {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			panic("report: bad palette colour " + hex)
		}
		c[i] = float64(v)
	}
	return c
}

// luminance is the WCAG 2 relative luminance of an sRGB colour.
func luminance(c [3]float64) float64 {
	lin := func(v float64) float64 {
		v /= 255
		if v <= 0.03928 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c[0]) + 0.7152*lin(c[1]) + 0.0722*lin(c[2])
}

// contrast is the WCAG 2 contrast ratio of two colours, from 1 to 21.
func contrast(a, b [3]float64) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
