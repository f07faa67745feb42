// Probe future-minimum: declares a minimum no toolchain has yet.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: none.
//
// maplab:minimum go1.99
// maplab:modes plain
package main

func main() {}
