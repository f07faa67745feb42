// Probe atomic-and-os: uses sync/atomic types (Go 1.19) and os.ReadFile (Go 1.16).
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: atomic.Int64 exists from Go 1.19 on, os.ReadFile from Go 1.16.
package main

import (
	"fmt"
	"os"
	"sync/atomic"
)

func main() {
	var n atomic.Int64
	n.Add(1)
	var old int64
	atomic.AddInt64(&old, 1)
	b, err := os.ReadFile("x")
	fmt.Println(n.Load(), old, len(b), err)
}
