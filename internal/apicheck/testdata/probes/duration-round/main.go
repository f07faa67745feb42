// Probe duration-round: rounds and truncates a time.Duration (both Go 1.9).
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: Duration.Round and Duration.Truncate exist from Go 1.9 on.
package main

import (
	"fmt"
	"time"
)

func main() {
	d := 1500 * time.Millisecond
	fmt.Println(d.Round(time.Second), d.Truncate(time.Second), d.Seconds())
}
