// Probe good: a probe whose copied helpers are checked.
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
	println(status)
}
