package stats

import (
	"math"
	"testing"
)

func TestFisherExact(t *testing.T) {
	// Reference values: Fisher's tea-tasting table (Fisher 1935; R's
	// fisher.test(matrix(c(3, 1, 1, 3), 2)) gives 0.4857), the dieting
	// example of the Wikipedia article "Fisher's exact test" (0.002759),
	// and the others summed by hand from the hypergeometric distribution
	// with exact binomial coefficients.
	tests := []struct {
		k1, n1, k2, n2 int
		want           float64
	}{
		{3, 4, 1, 4, 0.4857143},
		{1, 10, 11, 14, 0.002759456},
		{0, 40, 40, 40, 1.86034e-23},
		{1, 40, 3, 40, 0.6153214},
		// The worked example of package claims (race cells of
		// concurrent-counter-increment in the committed run).
		{30, 87, 42, 92, 0.1697444},
		{42, 92, 51, 91, 0.1842680},
		{30, 87, 51, 91, 0.004385794},
		{20, 20, 23, 24, 1},
		{5, 10, 5, 10, 1},
	}
	for _, tt := range tests {
		got := FisherExact(tt.k1, tt.n1, tt.k2, tt.n2)
		if math.Abs(got-tt.want) > 1e-6*math.Max(tt.want, 1e-17) && math.Abs(got-tt.want) > 1e-7 {
			t.Errorf("FisherExact(%d/%d, %d/%d) = %.7g, want %.7g", tt.k1, tt.n1, tt.k2, tt.n2, got, tt.want)
		}
		if rev := FisherExact(tt.k2, tt.n2, tt.k1, tt.n1); math.Abs(rev-got) > 1e-12 {
			t.Errorf("FisherExact is not symmetric: %v vs %v", got, rev)
		}
	}
	if got := FisherExact(0, 40, 40, 40); got > 1e-20 {
		t.Errorf("0/40 vs 40/40: p = %g, want < 1e-20", got)
	}
	if p := FisherExact(0, 0, 3, 10); p != 1 {
		t.Errorf("empty sample: p = %v, want 1", p)
	}
}

func TestHolm(t *testing.T) {
	// R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02.
	got := Holm([]float64{0.01, 0.04, 0.03, 0.005})
	want := []float64{0.03, 0.06, 0.06, 0.02}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("Holm = %v, want %v", got, want)
			break
		}
	}
	// Capped at 1; a single p-value is unchanged.
	if got := Holm([]float64{0.6, 0.7}); got[0] != 1 || got[1] != 1 {
		t.Errorf("Holm(0.6, 0.7) = %v, want [1 1]", got)
	}
	if got := Holm([]float64{0.02}); got[0] != 0.02 {
		t.Errorf("Holm(0.02) = %v, want [0.02]", got)
	}
	if got := Holm(nil); len(got) != 0 {
		t.Errorf("Holm(nil) = %v", got)
	}
}

func TestExactBounds(t *testing.T) {
	tests := []struct {
		k, n   int
		lo, hi float64
	}{
		// k == n: lower = 0.05^(1/n); k == 0: upper = 1 - 0.05^(1/n).
		{20, 20, 0.8608917, 1},
		{0, 300, 0, 0.009936},
		{0, 20, 0, 0.1391083},
		{1000, 1000, 0.9970088, 1},
		// R: binom.test(5, 20, alternative = "greater")$conf.int[1] and
		// binom.test(5, 20, alternative = "less")$conf.int[2], i.e. the
		// 0.05 and 0.95 quantiles of Beta(5, 16) and Beta(6, 15),
		// computed by hand as roots of the binomial tail.
		{5, 20, 0.1040808, 0.4555824},
		{0, 0, 0, 1},
	}
	for _, tt := range tests {
		lo, hi := ExactLower(tt.k, tt.n, 0.95), ExactUpper(tt.k, tt.n, 0.95)
		if math.Abs(lo-tt.lo) > 1e-5 || math.Abs(hi-tt.hi) > 1e-5 {
			t.Errorf("exact bounds of %d/%d = %.7f, %.7f, want %.7f, %.7f", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
	// The bound is a bound: at p = lower, P(X >= k) is 5%.
	if tail := binomTailGE(5, 20, ExactLower(5, 20, 0.95)); math.Abs(tail-0.05) > 1e-9 {
		t.Errorf("P(X >= 5 | lower bound) = %v, want 0.05", tail)
	}
}
