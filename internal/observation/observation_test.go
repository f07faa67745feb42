package observation

import (
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/results"
)

func sum(vs ...float64) results.MetricSummary {
	var s results.MetricSummary
	for _, v := range vs {
		s = s.Add(v)
	}
	return s
}

func TestRender(t *testing.T) {
	m := map[string]results.MetricSummary{
		"ratio":    sum(0.897, 0.906),
		"same":     sum(0.997, 1),
		"frac":     sum(0, 0.03),
		"all":      sum(1, 1, 1),
		"none":     sum(0, 0),
		"some":     sum(1, 0, 1),
		"twos":     sum(2, 0),
		"at":       sum(14, 14),
		"points":   sum(8, 11),
		"negative": sum(-0.001, -0.001),
		"tiny":     sum(0.001),
		"almost":   sum(0.999),
	}
	tests := []struct{ tmpl, want string }{
		{"struct{}/bool {ratio}", "struct{}/bool 0.90–0.91"},
		{"ratio {ratio}", "ratio 0.90–0.91"},
		{"ratio {same}", "ratio 1.00"},
		{"repeats in {frac:%} of calls", "repeats in 0–3% of calls"},
		{"{all:?replaced|kept}", "replaced"},
		{"{none:?replaced|kept}", "kept"},
		{"{some:?replaced|kept}", "replaced in 2/3"},
		{"{twos:?replaced|kept}", "replaced or kept"},
		{"grows at 9, {at}", "grows at 9, 14"},
		{"{points} points over {points:n} trials", "8–11 points over 2 trials"},
		{"mean {points:mean}", "mean 9.50"},
		{"{all:.2} {ratio:.1} {ratio:.0}", "1.00 0.9 1"},
		{"{negative:%}", "0%"},
		{"{tiny:%} {almost:%}", "<1% >99%"},
		{"{missing} x", ""},
	}
	for _, tt := range tests {
		tmpl, err := Parse(tt.tmpl)
		if err != nil {
			if tt.want != "" {
				t.Errorf("Parse(%q): %v", tt.tmpl, err)
			}
			continue
		}
		got, ok := tmpl.Render(m)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Render(%q) = %q, %v; want %q", tt.tmpl, got, ok, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ tmpl, want string }{
		{"struct{ X }/bool {ratio}", "bad metric name"},
		{"no metric", "names no metric"},
		{"{ratio", "'{' without '}'"},
		{"ratio}", "'}' without '{'"},
		{"{Ratio}", "bad metric name"},
		{"{ratio:x}", "unknown format"},
		{"{ratio:?yes}", "two non-empty texts"},
		{"{ratio:.4}", "unknown format"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.tmpl)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v; want an error containing %q", tt.tmpl, err, tt.want)
		}
	}
}

func TestParseDirective(t *testing.T) {
	set, err := ParseDirective("\"ratio {a}\" `{b:%} of calls`")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(set.Metrics(), ","); got != "a,b" {
		t.Errorf("Metrics() = %q, want a,b", got)
	}
	m := map[string]results.MetricSummary{"a": sum(1), "b": sum(0.5)}
	if got, want := set.Render(m), "ratio 1, 50% of calls"; got != want {
		t.Errorf("Render = %q, want %q", got, want)
	}
	delete(m, "a")
	if got, want := set.Render(m), "50% of calls"; got != want {
		t.Errorf("Render without a = %q, want %q", got, want)
	}
	for _, bad := range []string{"", "ratio", `"{a}""{b}"`, `'x'`} {
		if _, err := ParseDirective(bad); err == nil {
			t.Errorf("ParseDirective(%q) succeeded, want an error", bad)
		}
	}
}
