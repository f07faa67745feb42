// Probe maps-clone: clones a map with maps.Clone.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: maps.Clone exists from Go 1.21 on.
//
// maplab:minimum go1.21
package main

import (
	"fmt"
	"maps"
)

func main() {
	m := map[string]int{"a": 1}
	c := maps.Clone(m)
	fmt.Println(len(c), min(1, 2))
}
