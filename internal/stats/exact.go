package stats

import (
	"math"
	"sort"
)

// lchoose returns log(n choose k).
func lchoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// FisherExact returns the two-sided p-value of Fisher's exact test of
// k1/n1 against k2/n2, that is of the 2×2 table
//
//	k1  n1-k1
//	k2  n2-k2
//
// Like R's fisher.test, the two-sided p-value sums the hypergeometric
// probabilities of every table with the same margins that is no more
// likely than the observed one (with a relative tolerance of 1e-7). It
// returns 1 when either sample is empty.
func FisherExact(k1, n1, k2, n2 int) float64 {
	if n1 <= 0 || n2 <= 0 || k1 < 0 || k2 < 0 || k1 > n1 || k2 > n2 {
		return 1
	}
	c1 := k1 + k2 // first column total
	n := n1 + n2
	logP := func(x int) float64 {
		return lchoose(n1, x) + lchoose(n2, c1-x) - lchoose(n, c1)
	}
	lo, hi := c1-n2, c1
	if lo < 0 {
		lo = 0
	}
	if hi > n1 {
		hi = n1
	}
	obs := logP(k1)
	limit := obs + math.Log1p(1e-7)
	p := 0.0
	for x := lo; x <= hi; x++ {
		if lp := logP(x); lp <= limit {
			p += math.Exp(lp)
		}
	}
	if p > 1 {
		p = 1
	}
	return p
}

// Holm returns the p-values adjusted for multiple comparisons by Holm's
// step-down method (Holm 1979), in the order given, as R's
// p.adjust(p, "holm") does: the i-th smallest of m p-values is multiplied
// by m-i+1, the results are made non-decreasing in that order, and capped
// at 1. A comparison is significant at family-wise level α when its
// adjusted p-value is at most α.
func Holm(p []float64) []float64 {
	m := len(p)
	idx := make([]int, m)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] < p[idx[b]] })
	out := make([]float64, m)
	running := 0.0
	for rank, i := range idx {
		v := float64(m-rank) * p[i]
		if v > 1 {
			v = 1
		}
		if v < running {
			v = running
		}
		running = v
		out[i] = v
	}
	return out
}

// binomTailGE returns P(X >= k) for X ~ Binomial(n, p).
func binomTailGE(k, n int, p float64) float64 {
	if k <= 0 {
		return 1
	}
	if k > n {
		return 0
	}
	if p <= 0 {
		return 0
	}
	if p >= 1 {
		return 1
	}
	lp, lq := math.Log(p), math.Log1p(-p)
	s := 0.0
	for x := k; x <= n; x++ {
		s += math.Exp(lchoose(n, x) + float64(x)*lp + float64(n-x)*lq)
	}
	return math.Min(s, 1)
}

// ExactLower returns the one-sided exact (Clopper-Pearson) lower
// confidence bound, at level conf (0.95 for 95%), of the rate of which k
// of n trials are a sample: the smallest p with P(X >= k | p) >= 1-conf.
// For k == n it is (1-conf)^(1/n); for k == 0 or n == 0 it is 0. It is
// R's binom.test(k, n, alternative = "greater", conf.level = conf) bound.
func ExactLower(k, n int, conf float64) float64 {
	if n <= 0 || k <= 0 {
		return 0
	}
	alpha := 1 - conf
	if k >= n {
		return math.Pow(alpha, 1/float64(n))
	}
	// P(X >= k | p) grows with p: bisect for the p where it reaches alpha.
	lo, hi := 0.0, 1.0
	for i := 0; i < 100; i++ {
		mid := (lo + hi) / 2
		if binomTailGE(k, n, mid) < alpha {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// ExactUpper returns the one-sided exact (Clopper-Pearson) upper
// confidence bound, at level conf, of the rate of which k of n trials are
// a sample: 1 - ExactLower(n-k, n, conf). For k == 0 it is
// 1 - (1-conf)^(1/n) (about 3/n for 95%, the "rule of three"); for n == 0
// it is 1.
func ExactUpper(k, n int, conf float64) float64 {
	if n <= 0 {
		return 1
	}
	return 1 - ExactLower(n-k, n, conf)
}
