//go:build maplab_build_outcome

// Probe build-outcome-bad-header: its pattern is not a valid regular expression.
//
// Hazard: h.
//
// Promise: p.
//
// maplab:build-outcome `duplicate (key`
package main

func main() {
	_ = map[int]int{0: 1, 0: 2}
}
