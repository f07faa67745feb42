package report

import (
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/outcome"
)

// TestPaletteContrast checks every swatch's text against its background
// and, for outcome kinds, against the stripes of a mixed cell: the WCAG 2
// contrast ratio must be at least MinContrast.
func TestPaletteContrast(t *testing.T) {
	for _, s := range Palette {
		fg := mustRGB(s.FG)
		if c := contrast(fg, mustRGB(s.BG)); c < MinContrast {
			t.Errorf("%s: text %s on %s has contrast %.2f, want at least %.1f", s.Class, s.FG, s.BG, c, MinContrast)
		}
		if strings.HasPrefix(s.Class, "k-") {
			if c := contrast(fg, stripeBG(s)); c < MinContrast {
				t.Errorf("%s: text %s on a mixed cell's stripes has contrast %.2f, want at least %.1f", s.Class, s.FG, c, MinContrast)
			}
		}
	}
}

// TestPaletteDistinct checks that every outcome kind has a swatch and
// that no two kinds (nor a kind and a cell not measured) look alike:
// their backgrounds differ, or their borders do.
func TestPaletteDistinct(t *testing.T) {
	look := map[string]string{}
	has := map[string]bool{}
	for _, s := range Palette {
		has[s.Class] = true
		if !strings.HasPrefix(s.Class, "k-") && s.Class != "nm" {
			continue
		}
		key := strings.ToLower(s.BG) + " " + s.Border
		if other, ok := look[key]; ok {
			t.Errorf("%s and %s look alike: background %s, border %q", s.Class, other, s.BG, s.Border)
		}
		look[key] = s.Class
	}
	for _, k := range outcome.Order {
		if !has["k-"+string(k)] {
			t.Errorf("outcome kind %s has no swatch", k)
		}
	}
	for _, d := range []string{DecisionHeld, DecisionRefuted, DecisionConfirmed, DecisionNotObserved, DecisionInsideNoise, DecisionNotApplicable, DecisionNotMeasured, string(Undecided)} {
		if !has["d-"+strings.ReplaceAll(d, " ", "-")] {
			t.Errorf("decision %q has no swatch", d)
		}
	}
}

// TestContrastFormula checks the WCAG formula on known pairs.
func TestContrastFormula(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#777777", "#ffffff", 4.48},
		{"#595959", "#ffffff", 7.0},
	}
	for _, tt := range tests {
		if got := contrast(mustRGB(tt.a), mustRGB(tt.b)); got < tt.want-0.01 || got > tt.want+0.01 {
			t.Errorf("contrast(%s, %s) = %.3f, want %.2f", tt.a, tt.b, got, tt.want)
		}
	}
}
