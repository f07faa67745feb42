// Probe costly-reasons: asks for the same settings as costly, each with its reason.
//
// Hazard: none; the header is the test.
//
// Promise: none.
//
// maplab:modes plain race -- a claim reads race cells
// of this program.
// maplab:gomaxprocs 1 all -- a claim compares the two rows.
package main

func main() {}
