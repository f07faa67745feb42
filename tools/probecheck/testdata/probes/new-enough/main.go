// Probe new-enough: clears a map and clones it, declaring Go 1.21.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: clear and maps.Clone exist from Go 1.21 on.
//
// maplab:minimum go1.21
// maplab:modes plain
package main

import (
	"fmt"
	"maps"
)

func main() {
	m := map[string]int{"a": 1}
	c := maps.Clone(m)
	clear(m)
	fmt.Println(len(m), len(c))
}
