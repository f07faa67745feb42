// Probe unhashable-interface-key: using a slice, map or func as the dynamic key of an interface-keyed map.
//
// Hazard: a map[interface{}]V receives a key whose dynamic type is not
// comparable, such as []int. The compiler cannot reject it, so the mistake
// surfaces at run time, possibly only for some operations or map states.
//
// Promise: the spec says that for interface key types the comparison
// operators must be defined for the dynamic key values, and that failure
// causes a run-time panic. A run-time panic can be caught by recover.
//
// Checks: assignment, lookup and delete with a []int key, on an empty and on
// a non-empty map, each run under a deferred recover. Assignment must panic
// (else the map would hold a key it cannot compare: corrupt). The result is
// "recovered" with the assignment's panic message; metrics record, per
// operation, whether it panicked (1) or quietly did nothing (0), and the
// detail names operations that did not panic.
//
// maplab:modes plain
// maplab:observe "{assign_empty_panicked:?assignment panics|assignment quiet} on an empty map"
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

const probe = "unhashable-interface-key"

func main() {
	key := []int{1, 2}
	empty := make(map[interface{}]int)
	full := map[interface{}]int{"a": 1, 2: 2, 3.5: 3}

	ops := []struct {
		name string
		f    func()
	}{
		{"lookup_empty", func() { _ = empty[key] }},
		{"delete_empty", func() { delete(empty, key) }},
		{"lookup_nonempty", func() { _ = full[key] }},
		{"delete_nonempty", func() { delete(full, key) }},
		{"assign_empty", func() { empty[key] = 1 }},
		{"assign_nonempty", func() { full[key] = 1 }},
	}
	metrics := map[string]float64{}
	var quiet []string
	assignMsg := ""
	for _, op := range ops {
		msg := panicMessage(op.f)
		if msg == "" {
			metrics[op.name+"_panicked"] = 0
			quiet = append(quiet, op.name)
			continue
		}
		metrics[op.name+"_panicked"] = 1
		if strings.HasPrefix(op.name, "assign") && assignMsg == "" {
			assignMsg = msg
		}
	}
	if len(empty) != 0 || len(full) != 3 {
		report("corrupt", fmt.Sprintf("after the operations len(empty) = %d and len(full) = %d, want 0 and 3", len(empty), len(full)), metrics)
	}
	if metrics["assign_empty_panicked"] == 0 || metrics["assign_nonempty_panicked"] == 0 {
		report("corrupt", "assigning with an unhashable key did not panic (did not panic: "+strings.Join(quiet, ", ")+")", metrics)
	}
	detail := assignMsg
	if len(quiet) > 0 {
		detail += " (did not panic: " + strings.Join(quiet, ", ") + ")"
	}
	report("recovered", detail, metrics)
}

// panicMessage runs f and returns the message of the panic it raised, or ""
// if it returned normally.
func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
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
