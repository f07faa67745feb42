// Probe unknown-metric: its observation names a metric it never reports.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: none.
//
// maplab:modes plain
// maplab:observe "ratio {ratio}, {missing} missing"
package main

import "fmt"

func main() {
	// The word missing in a comment is no metric.
	metrics := map[string]float64{"ratio": 0.5}
	fmt.Println(metrics)
}
