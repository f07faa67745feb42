// Probe costly: asks for race builds and a GOMAXPROCS=1 row without a reason.
//
// Hazard: none; the header is the test.
//
// Promise: none.
//
// maplab:gomaxprocs 1 all
package main

func main() {}
