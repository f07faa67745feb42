// Probe sync-map: stores and ranges over a sync.Map.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: sync.Map exists from Go 1.9 on.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var m sync.Map
	m.Store("a", 1)
	v, ok := m.Load("a")
	n := 0
	m.Range(func(k, v interface{}) bool { n++; return true })
	fmt.Println(v, ok, n)
}
