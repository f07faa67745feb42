// Package stats holds the statistics the lab needs to treat best-effort
// detection honestly: Wilson score intervals for a rate, the adaptive
// stopping rule for trials, a two-proportion test for deciding whether a
// rate changed between two toolchains, and the exact methods claim verdicts
// rest on: Fisher's exact test, Holm's correction for multiple comparisons
// and one-sided exact (Clopper-Pearson) bounds of a rate.
package stats

import "math"

// Z95 is the standard normal quantile for a two-sided 95% interval.
const Z95 = 1.959963984540054

// Wilson returns the 95% Wilson score interval for k successes in n trials.
// For n == 0 it returns the uninformative interval [0, 1].
func Wilson(k, n int) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	z := Z95
	p := float64(k) / float64(n)
	nf := float64(n)
	den := 1 + z*z/nf
	center := (p + z*z/(2*nf)) / den
	half := z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf)) / den
	lo, hi = center-half, center+half
	if lo < 0 {
		lo = 0
	}
	if hi > 1 {
		hi = 1
	}
	return lo, hi
}

// Rule decides when a cell has had enough trials.
type Rule struct {
	// Min is the number of trials after which a cell whose trials all had
	// the same outcome stops.
	Min int
	// Max caps the number of trials of any cell.
	Max int
	// HalfWidth is the largest acceptable half-width of the 95% Wilson
	// interval of every outcome's rate in a mixed cell (0.10 for ±10 points).
	HalfWidth float64
}

// DefaultRule is the adaptive rule of the matrix: stop a uniform cell after
// 20 trials, a mixed cell when every outcome's rate is known within ±10
// points, and any cell after 400 trials. (The runner counts outcome
// kinds: see package runner.)
var DefaultRule = Rule{Min: 20, Max: 400, HalfWidth: 0.10}

// Fixed returns a rule that runs exactly n trials.
func Fixed(n int) Rule { return Rule{Min: n, Max: n, HalfWidth: 0} }

// AtLeast returns r raised so that a uniform cell gets at least n trials
// (a probe's maplab:trials). A fixed rule (Min == Max, as Fixed makes) is
// what the user asked for and is returned unchanged, and so is r when n is
// not above its minimum.
func (r Rule) AtLeast(n int) Rule {
	if r.Min == r.Max || n <= r.Min {
		return r
	}
	r.Min = n
	if r.Max < n {
		r.Max = n
	}
	return r
}

// Exactly returns the rule for a probe that asks for exactly n trials per
// cell (maplab:trials N exactly): Fixed(n), unless r is itself fixed (what
// the user asked for on the command line), which is returned unchanged.
func (r Rule) Exactly(n int) Rule {
	if r.Min == r.Max || n <= 0 {
		return r
	}
	return Fixed(n)
}

// Done reports whether a cell with the given per-outcome counts (adding up
// to the number of trials run) needs no more trials.
func (r Rule) Done(counts []int) bool {
	n := 0
	nonzero := 0
	for _, k := range counts {
		n += k
		if k > 0 {
			nonzero++
		}
	}
	if n >= r.Max {
		return true
	}
	if n < r.Min {
		return false
	}
	if nonzero <= 1 {
		return true
	}
	if r.HalfWidth <= 0 {
		return false
	}
	for _, k := range counts {
		lo, hi := Wilson(k, n)
		if (hi-lo)/2 > r.HalfWidth {
			return false
		}
	}
	return true
}

// TwoProportion returns the two-sided p-value of the pooled two-proportion
// z-test of k1/n1 against k2/n2. It returns 1 when either sample is empty or
// the pooled rate is 0 or 1 (no evidence of a difference).
func TwoProportion(k1, n1, k2, n2 int) float64 {
	if n1 <= 0 || n2 <= 0 {
		return 1
	}
	p1 := float64(k1) / float64(n1)
	p2 := float64(k2) / float64(n2)
	p := float64(k1+k2) / float64(n1+n2)
	se := math.Sqrt(p * (1 - p) * (1/float64(n1) + 1/float64(n2)))
	if se == 0 {
		return 1
	}
	z := math.Abs(p1-p2) / se
	return math.Erfc(z / math.Sqrt2)
}
