package stats

import (
	"math"
	"math/rand"
	"testing"
)

func TestMedianCoverage(t *testing.T) {
	tests := []struct {
		n, r int
		want float64
	}{
		{6, 1, 1 - 2.0/64},           // the range of 6 values: 96.875%
		{12, 1, 1 - 2.0/4096},        // 99.95%
		{16, 2, 1 - 2*17.0/65536},    // drop one value each side
		{20, 3, 1 - 2*211.0/1048576}, // drop two each side
		{5, 3, 0},                    // the median alone: coverage 1 - 2·P(B<3) = 0
		{5, 4, 0},                    // no such interval
	}
	for _, tt := range tests {
		if got := MedianCoverage(tt.n, tt.r); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("MedianCoverage(%d, %d) = %v, want %v", tt.n, tt.r, got, tt.want)
		}
	}
}

func TestMedianTrials(t *testing.T) {
	// 0.05 over 72 cells: 1 - 2·0.5^n ≥ 1 - 0.05/72 needs n = 12.
	if got := MedianTrials(1 - 0.05/72); got != 12 {
		t.Errorf("MedianTrials(1-0.05/72) = %d, want 12", got)
	}
	if got := MedianTrials(0.95); got != 6 {
		t.Errorf("MedianTrials(0.95) = %d, want 6", got)
	}
}

func TestMedianCIResistsOutliers(t *testing.T) {
	vals := []float64{10, 11, 10.5, 10.2, 10.8, 10.1, 10.3, 10.9, 10.4, 10.6, 10.7, 10.45, 10.55, 10.65, 10.35, 1000}
	iv, ok := MedianCI(vals, 1-0.05/72)
	if !ok {
		t.Fatal("16 values should reach 1-0.05/72")
	}
	if iv.Rank != 2 || iv.Hi != 11 || iv.Lo != 10.1 {
		t.Errorf("MedianCI = %+v, want ranks 2 and 15: [10.1, 11], the outlier 1000 left out", iv)
	}
	if _, ok := MedianCI(vals[:6], 1-0.05/72); ok {
		t.Error("6 values cannot reach 1-0.05/72")
	}
}

// TestMedianCICoverage draws from a skewed distribution and checks that
// the interval misses the true median no more often than it promises.
func TestMedianCICoverage(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	const trials, n, conf = 20000, 9, 0.95
	median := math.Exp(0) // of exp(N(0,1))
	miss := 0
	for i := 0; i < trials; i++ {
		vals := make([]float64, n)
		for j := range vals {
			vals[j] = math.Exp(rng.NormFloat64())
		}
		iv, ok := MedianCI(vals, conf)
		if !ok {
			t.Fatal("9 values reach 95%")
		}
		if iv.Lo > median || iv.Hi < median {
			miss++
		}
	}
	// The promised miss rate is at most 1 - coverage (3.9% for rank 2 of 9);
	// allow three standard errors of the estimate.
	promised := 1 - MedianCoverage(n, 2)
	if rate := float64(miss) / trials; rate > promised+3*math.Sqrt(promised*(1-promised)/trials) {
		t.Errorf("miss rate %.4f above the promised %.4f", rate, promised)
	}
}

// TestMedian checks the sample median: the middle value of an odd count,
// the mean of the middle two of an even one, none of no values, and the
// caller's slice left in its order.
func TestMedian(t *testing.T) {
	for _, tt := range []struct {
		values []float64
		want   float64
		ok     bool
	}{
		{nil, 0, false},
		{[]float64{4}, 4, true},
		{[]float64{3, 1, 2}, 2, true},
		{[]float64{4, 1, 3, 2}, 2.5, true},
		{[]float64{1, 1, 9, 9}, 5, true},
	} {
		in := append([]float64(nil), tt.values...)
		got, ok := Median(in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Median(%v) = %v, %v; want %v, %v", tt.values, got, ok, tt.want, tt.ok)
		}
		for i := range in {
			if in[i] != tt.values[i] {
				t.Errorf("Median(%v) reordered its argument to %v", tt.values, in)
				break
			}
		}
	}
}
