// Probe observed-metric: reports a metric its observation names.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: none.
//
// maplab:modes plain
// maplab:observe "ratio {ratio}" "{same:?same|different}"
package main

import "fmt"

func main() {
	metrics := map[string]float64{"ratio": 0.5, "same": 1}
	fmt.Println(metrics)
}
