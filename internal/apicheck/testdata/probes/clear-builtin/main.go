// Probe clear-builtin: uses the clear built-in, added in Go 1.21.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: clear exists from Go 1.21 on.
package main

import "fmt"

func main() {
	m := map[string]int{"a": 1}
	clear(m)
	fmt.Println(len(m))
}
