// Command drift measures how far the timing statistics the claims decide
// on move between two runs of the matrix on one machine: the run-to-run
// margin that claims.RunMargin stands for.
//
// Usage:
//
//	drift [-claims file] [-top N] runA runB
//
// runA and runB are each the results directory of one machine written by
// one matrix run, such as results/local-linux-amd64-2cpu-a4207c: every
// *.json file in it is a results file of one toolchain, identified by the
// toolchain ID the file records (not its name).
//
// The statistics are those the claims' interval clauses read (see package
// internal/claims), for every cell measured in both runs (same toolchain
// ID, probe, mode, language version and GOMAXPROCS) whose metric has
// positive values in both:
//
//   - threshold cells: for a clause "interval(NAME) OP X", the median of
//     the cell's values of NAME;
//   - ratios between toolchains: for a clause "interval(NAME) OP versus",
//     which compares two toolchains of one run, the ratio of two
//     toolchains' medians of NAME of one probe, mode, GOMAXPROCS and
//     language row (see claims.RowLang) within one run, for every pair of
//     toolchains, the smaller ID's median divided by the other's.
//
// Each statistic is counted once, however many claims read it. The drift
// of a statistic is |ln(B/A)|, its value in run B against run A, also shown
// as the factor e^drift. For each group the command prints the count, the
// median, 90th and 95th percentile and the largest drift, and the largest
// drifts with their cells and values; then the factor that covers the 95th
// percentile of both groups together. Percentiles are nearest-rank: the
// p-th percentile of n drifts is the one ranked ⌈p·n/100⌉ in increasing
// order, a drift that was measured (the median is the 50th percentile).
//
// The exit status is 0 on success, 2 for bad usage (an unknown flag, not
// two directories) and 1 for any other error: a missing directory, a
// directory without results files, a file that does not read, a claims
// file that does not parse, or two runs that share no cell.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
