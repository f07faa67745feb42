// Probe missing: a probe whose copied helpers are checked.
//
// Hazard: none.
//
// Promise: none.
//
// maplab:modes plain
package main

func main() { println("no report") }
