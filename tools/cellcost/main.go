// Command cellcost tells where the time of matrix runs went: the
// cell-seconds (wall time of a cell's trials, builds excluded) of results
// files per toolchain, per category of cell and for the costliest probe
// rows, as Markdown tables for BENCHMARKS.md.
//
// Usage:
//
//	cellcost [-probes dir] [-top N] path ...
//
// Each path is a results file or a directory of them (results/<machine>).
// The probes directory (default probes) tells which probes start
// goroutines and which are timing probes; the categories are those of
// package cellcost. The exit status is 0 on success, 1 when the results
// cannot be read and 2 for bad usage.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
