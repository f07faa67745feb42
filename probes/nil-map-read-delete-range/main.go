// Probe nil-map-read-delete-range: reading, deleting from, ranging over and taking len of a nil map.
//
// Hazard: code reads from a map that was never made (a nil map), for example
// a zero-value struct field or a map returned as nil by a function. Many
// believe any use of a nil map panics and guard every read.
//
// Promise: the spec says a nil map behaves like an empty map except that no
// elements may be added: lookups return the zero value, len is 0, range
// produces nothing, and delete of an absent key is a no-op.
//
// Checks: every read-only operation on nil maps of several key types returns
// what an empty map would; no recover is installed, so a panic shows as a
// runtime panic. Metric operations counts the operations performed.
//
// maplab:claims nil-map-read-panics
// maplab:modes plain
// maplab:observe "{operations} read-only operations checked"
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

const probe = "nil-map-read-delete-range"

func main() {
	ops := 0
	check := func(ok bool, what string) {
		ops++
		if !ok {
			report("corrupt", "nil map: "+what, map[string]float64{"operations": float64(ops)})
		}
	}

	var ints map[int]int
	check(ints[7] == 0, "lookup did not return the zero value")
	v, present := ints[7]
	check(v == 0 && !present, "comma-ok lookup reported a present entry")
	check(len(ints) == 0, "len is not 0")
	delete(ints, 7)
	check(len(ints) == 0, "len is not 0 after delete")
	n := 0
	for range ints {
		n++
	}
	check(n == 0, "range produced entries")

	var strs map[string][]int
	check(len(strs["k"]) == 0, "lookup of a slice value was not empty")
	grown := append(strs["k"], 1)
	check(len(grown) == 1 && len(strs) == 0, "appending to a looked-up value changed the nil map")
	delete(strs, "k")
	for k, v := range strs {
		check(false, fmt.Sprintf("range produced %q: %v", k, v))
	}

	var ifaces map[interface{}]bool
	check(!ifaces[struct{ a, b int }{1, 2}], "lookup with an interface key returned true")
	delete(ifaces, "absent")
	check(len(ifaces) == 0, "len of an interface-keyed nil map is not 0")

	report("clean", fmt.Sprintf("%d read-only operations on nil maps behaved as on empty maps", ops),
		map[string]float64{"operations": float64(ops)})
}

// report prints the result line and exits: 0 clean, 3 corrupt, 4 recovered.
func report(status, detail string, metrics map[string]float64) {
	if metrics == nil {
		metrics = map[string]float64{}
	}
	b, err := json.Marshal(struct {
		Probe   string             `json:"probe"`
		Status  string             `json:"status"`
		Detail  string             `json:"detail"`
		Metrics map[string]float64 `json:"metrics"`
	}{probe, status, detail, metrics})
	if err != nil {
		fmt.Fprintln(os.Stderr, "maplab: encoding result:", err)
		os.Exit(1)
	}
	fmt.Println("maplab-result " + string(b))
	os.Exit(map[string]int{"clean": 0, "corrupt": 3, "recovered": 4}[status])
}
