// Probe nil-map-write: assigning to an entry of a nil map.
//
// Hazard: a map variable declared but never made (var m map[string]int, or a
// struct field left nil) is written to.
//
// Promise: the spec says a nil map behaves like an empty map except that
// no elements may be added: assigning to it causes a run-time panic. A
// run-time panic can be caught by a deferred recover.
//
// Checks: the assignment must panic and a deferred recover must catch it.
// The result is "recovered" with the panic message as the detail; metric
// runtime_error is 1 when the recovered value is a runtime.Error. If the
// assignment does not panic the probe reports corrupt.
//
// maplab:claims nil-map-write-recoverable
// maplab:modes plain
// maplab:observe "{runtime_error:?the panic is a runtime.Error|the panic is no runtime.Error}"
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
)

const probe = "nil-map-write"

func main() {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		isRuntimeError := 0.0
		if _, ok := r.(runtime.Error); ok {
			isRuntimeError = 1
		}
		report("recovered", fmt.Sprint(r), map[string]float64{"runtime_error": isRuntimeError})
	}()
	m := nilMap()
	m["answer"] = 42
	report("corrupt", fmt.Sprintf("assignment to an entry in a nil map did not panic (len now %d)", len(m)), nil)
}

// nilMap returns a nil map without the compiler seeing a literal nil at the
// assignment.
func nilMap() map[string]int {
	var m map[string]int
	return m
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
