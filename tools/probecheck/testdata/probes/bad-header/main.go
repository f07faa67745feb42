// Probe bad-header: declares its minimum without the go prefix.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: none.
//
// maplab:minimum 1.9
package main

func main() {}
