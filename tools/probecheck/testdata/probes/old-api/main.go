// Probe old-api: stores into a sync.Map and rounds a duration (Go 1.9).
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: sync.Map and time.Duration.Round exist from Go 1.9 on.
//
// maplab:modes plain
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var m sync.Map
	m.Store("a", time.Duration(1500).Round(time.Microsecond))
	fmt.Println(m.Load("a"))
}
