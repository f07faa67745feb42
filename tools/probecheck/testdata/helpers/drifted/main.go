// Probe drifted: a probe whose copied helpers are checked.
//
// Hazard: none.
//
// Promise: none.
//
// maplab:modes plain
package main

func main() { report("clean") }

// report says what happened.
func report(status string) {
	println("status:", status)
}

// twice is an optional helper.
func twice(x int) int { return x + x }
