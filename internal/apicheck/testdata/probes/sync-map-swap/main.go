// Probe sync-map-swap: calls sync.Map.Swap, added in Go 1.20 to a type of Go 1.9.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: (*sync.Map).Swap exists from Go 1.20 on.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var m sync.Map
	old, loaded := m.Swap("a", 1)
	fmt.Println(old, loaded)
}
