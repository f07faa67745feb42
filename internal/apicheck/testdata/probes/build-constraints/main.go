// Probe build-constraints: splits new and old code by release build tags.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: files are selected by the minimum's release tags.
package main

import "fmt"

func main() {
	m := map[int]int{1: 1}
	reset(m)
	fmt.Println(len(m), other())
}
