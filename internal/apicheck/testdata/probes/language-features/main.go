// Probe language-features: uses language features newer than Go 1.9.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: each feature exists from the release go/types names.
package main

import "fmt"

func main() {
	for i := range 3 {
		fmt.Println(i, max(i, 1), 0b101, 1_000)
	}
	s := []int{1, 2}
	p := (*[2]int)(s)
	fmt.Println(p)
}
