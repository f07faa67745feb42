// Probe atomic-pointer: uses the generic sync/atomic.Pointer type (Go 1.19).
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: atomic.Pointer exists from Go 1.19 on.
//
// maplab:minimum go1.19
package main

import (
	"fmt"
	"sync/atomic"
)

func main() {
	var p atomic.Pointer[map[string]int]
	m := map[string]int{"a": 1}
	p.Store(&m)
	fmt.Println(len(*p.Load()))
}
