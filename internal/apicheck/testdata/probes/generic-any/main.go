// Probe generic-any: declares a generic function over any.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: type parameters and any exist from Go 1.18 on.
package main

import "fmt"

func keys[K comparable, V any](m map[K]V) int {
	return len(m)
}

func main() {
	fmt.Println(keys(map[string]int{"a": 1}))
}
