//go:build maplab_build_outcome

// Probe build-outcome: uses maps.Keys, which go1.9 does not have, on purpose.
//
// Hazard: h.
//
// Promise: p.
//
// maplab:build-outcome `^package maps is not in (GOROOT|std)\b` `^undefined: maps\.Keys$`
// maplab:modes plain
package main

import (
	"maps"
	"sort"
)

func main() {
	keys := maps.Keys(map[string]int{"a": 1})
	sort.Strings(keys)
}
