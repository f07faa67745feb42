// Probe gobuild-only: has a file constrained only by a //go:build line.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: Go releases before 1.17 read only // +build lines.
package main

import "fmt"

func main() {
	fmt.Println(name())
}
