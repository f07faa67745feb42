// Probe new-language: uses language features newer than Go 1.9.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: any exists from Go 1.18, clear from Go 1.21.
//
// maplab:modes plain
package main

import "fmt"

func main() {
	m := map[any]int{1: 1}
	clear(m)
	fmt.Println(len(m))
}
