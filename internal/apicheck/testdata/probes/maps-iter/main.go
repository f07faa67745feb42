// Probe maps-iter: ranges over maps.All (Go 1.23).
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: maps.All and range over functions exist from Go 1.23 on.
//
// maplab:minimum go1.23
package main

import (
	"fmt"
	"maps"
)

func main() {
	m := map[string]int{"a": 1}
	for k, v := range maps.All(m) {
		fmt.Println(k, v)
	}
}
