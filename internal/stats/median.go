package stats

import (
	"math"
	"sort"
)

// MedianInterval is a distribution-free confidence interval for the
// median of the distribution some values were drawn from: the values
// ranked Rank and N+1-Rank in sorted order. It covers the median with
// probability at least Confidence, whatever the distribution, since the
// number of values below the median is Binomial(N, 1/2).
type MedianInterval struct {
	Lo, Hi     float64
	Rank, N    int
	Confidence float64
}

// Median returns the median of values, the mean of the middle two for an
// even count, and false when there are none. values is not changed.
func Median(values []float64) (float64, bool) {
	n := len(values)
	if n == 0 {
		return 0, false
	}
	v := append([]float64(nil), values...)
	sort.Float64s(v)
	if n%2 == 0 {
		return (v[n/2-1] + v[n/2]) / 2, true
	}
	return v[n/2], true
}

// MedianCoverage returns the probability that the interval between the
// values ranked r and n+1-r of n independent values covers their
// distribution's median: 1 - 2·P(Binomial(n, 1/2) < r).
func MedianCoverage(n, r int) float64 {
	if r < 1 || 2*r > n+1 {
		return 0
	}
	tail := 0.0
	for i := 0; i < r; i++ {
		tail += math.Exp(lchoose(n, i) - float64(n)*math.Ln2)
	}
	c := 1 - 2*tail
	if c < 0 {
		return 0
	}
	return c
}

// MedianTrials returns the fewest values whose extreme interval (ranks 1
// and n) covers the median with at least conf: the n with 1 - 2·0.5^n ≥
// conf.
func MedianTrials(conf float64) int {
	n := 2
	for MedianCoverage(n, 1) < conf {
		n++
	}
	return n
}

// MedianCI returns the narrowest order-statistic interval of values that
// covers their median with at least conf: the greatest rank r whose
// interval [x(r), x(n+1-r)] still has that coverage, so that the r-1
// most extreme values on each side (outliers among them) do not move
// it. ok is false when even the full range [min, max] does not reach
// conf (too few values).
func MedianCI(values []float64, conf float64) (MedianInterval, bool) {
	n := len(values)
	if n < 2 || MedianCoverage(n, 1) < conf {
		return MedianInterval{N: n}, false
	}
	r := 1
	for MedianCoverage(n, r+1) >= conf {
		r++
	}
	s := append([]float64(nil), values...)
	sort.Float64s(s)
	return MedianInterval{Lo: s[r-1], Hi: s[n-r], Rank: r, N: n, Confidence: MedianCoverage(n, r)}, true
}
