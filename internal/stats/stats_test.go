package stats

import (
	"math"
	"testing"
)

func TestWilson(t *testing.T) {
	// Reference values computed from the closed form (Wilson 1927) and
	// checked against the R call prop.test(k, n, correct = FALSE)$conf.int.
	tests := []struct {
		k, n   int
		lo, hi float64
	}{
		{0, 0, 0, 1},
		{0, 20, 0, 0.1611},
		{20, 20, 0.8389, 1},
		{50, 100, 0.4038, 0.5962},
		{97, 120, 0.7281, 0.8691},
	}
	for _, tt := range tests {
		lo, hi := Wilson(tt.k, tt.n)
		if math.Abs(lo-tt.lo) > 1e-3 || math.Abs(hi-tt.hi) > 1e-3 {
			t.Errorf("Wilson(%d, %d) = [%.4f, %.4f], want [%.4f, %.4f]", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
}

func TestRuleDone(t *testing.T) {
	tests := []struct {
		name   string
		counts []int
		want   bool
	}{
		{"too few", []int{5}, false},
		{"uniform at min", []int{20}, true},
		{"uniform with zero others", []int{20, 0}, true},
		{"mixed early", []int{15, 5}, false},
		{"mixed wide", []int{40, 40}, false},         // half-width 0.107
		{"mixed narrow enough", []int{50, 50}, true}, // half-width 0.096
		{"mixed with zero", []int{45, 45, 0}, false},
		{"cap", []int{200, 200}, true},
	}
	for _, tt := range tests {
		if got := DefaultRule.Done(tt.counts); got != tt.want {
			t.Errorf("%s: Done(%v) = %v, want %v", tt.name, tt.counts, got, tt.want)
		}
	}
	if Fixed(30).Done([]int{29}) || !Fixed(30).Done([]int{10, 20}) {
		t.Errorf("Fixed(30) does not stop at exactly 30 trials")
	}
}

func TestTwoProportion(t *testing.T) {
	if p := TwoProportion(10, 100, 10, 100); p < 0.99 {
		t.Errorf("equal rates: p = %v, want ~1", p)
	}
	// 90/100 against 50/100: z ≈ 6.32, p far below 0.001.
	if p := TwoProportion(90, 100, 50, 100); p > 1e-6 {
		t.Errorf("very different rates: p = %v, want < 1e-6", p)
	}
	// 12/40 against 20/40: z = 1.826, two-sided p = 0.0679.
	if p := TwoProportion(12, 40, 20, 40); math.Abs(p-0.0679) > 1e-3 {
		t.Errorf("TwoProportion(12, 40, 20, 40) = %.4f, want 0.0679", p)
	}
	if p := TwoProportion(0, 0, 5, 10); p != 1 {
		t.Errorf("empty sample: p = %v, want 1", p)
	}
}

func TestRuleExactly(t *testing.T) {
	tests := []struct {
		r    Rule
		n    int
		want Rule
	}{
		{DefaultRule, 6, Fixed(6)},
		{DefaultRule, 500, Fixed(500)},
		{DefaultRule, 0, DefaultRule},
		{Fixed(5), 6, Fixed(5)},
	}
	for _, tt := range tests {
		if got := tt.r.Exactly(tt.n); got != tt.want {
			t.Errorf("%+v.Exactly(%d) = %+v, want %+v", tt.r, tt.n, got, tt.want)
		}
	}
}

func TestRuleAtLeast(t *testing.T) {
	tests := []struct {
		r    Rule
		n    int
		want Rule
	}{
		{DefaultRule, 0, DefaultRule},
		{DefaultRule, 10, DefaultRule},
		{DefaultRule, 300, Rule{Min: 300, Max: 400, HalfWidth: 0.10}},
		{DefaultRule, 500, Rule{Min: 500, Max: 500, HalfWidth: 0.10}},
		{Fixed(5), 300, Fixed(5)},
	}
	for _, tt := range tests {
		if got := tt.r.AtLeast(tt.n); got != tt.want {
			t.Errorf("%+v.AtLeast(%d) = %+v, want %+v", tt.r, tt.n, got, tt.want)
		}
	}
}
