// Probe unhashable-key-empty-map: looking up or deleting an unhashable interface key in a nil or empty map.
//
// Hazard: a map[interface{}]V is indexed or deleted from with a key whose
// dynamic type is not comparable, such as []int. On a map with entries that
// panics; code that only ever meets the mistake on a nil or empty map (a
// cache not yet filled, a map not yet made) may never see the panic in
// testing, or may see it only with some Go releases.
//
// Promise: the spec says that for interface key types the comparison
// operators must be defined for the dynamic key values and that failure
// causes a run-time panic; it does not say whether an empty map, which has
// nothing to compare with, must fail. Go issue 23734 (2018) made the gc
// runtime hash the key even when the map is nil or empty, so that it panics
// there too.
//
// Checks: with a []int key, each under its own deferred recover: lookup
// (v := m[k]), lookup with comma-ok, and delete, on a nil map and on an
// empty one; then, as a reference, a lookup on a map with entries. The nil
// map must stay nil and the empty map empty (the invariant). The status is
// "recovered" with the first panic message when any operation panicked,
// "clean" when none did. Metrics: one 0/1 flag per operation
// (<op>_panicked), panicked_ops and quiet_ops, the counts of the six
// nil-or-empty operations that panicked and that returned quietly.
//
// maplab:claims unhashable-key-empty-map-panics
// maplab:modes plain race -- claim unhashable-key-empty-map-panics lists race among its modes
// and reads these cells; the program starts no goroutine, so drop race
// here once the claim reads plain cells only.
// maplab:observe "{panicked_ops} operations panicked, {quiet_ops} quiet"
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

const probe = "unhashable-key-empty-map"

var (
	nilMap   map[interface{}]int
	emptyMap = make(map[interface{}]int)
	fullMap  = map[interface{}]int{"a": 1, 2: 2, 3.5: 3}

	sinkInt  int
	sinkBool bool
)

func main() {
	var key interface{} = []int{1, 2}
	ops := []struct {
		name string
		f    func()
	}{
		{"lookup_nil", func() { sinkInt = nilMap[key] }},
		{"lookup2_nil", func() { sinkInt, sinkBool = nilMap[key] }},
		{"delete_nil", func() { delete(nilMap, key) }},
		{"lookup_empty", func() { sinkInt = emptyMap[key] }},
		{"lookup2_empty", func() { sinkInt, sinkBool = emptyMap[key] }},
		{"delete_empty", func() { delete(emptyMap, key) }},
		{"lookup_nonempty", func() { sinkInt = fullMap[key] }},
	}
	metrics := map[string]float64{}
	var quiet []string
	first := ""
	panicked, silent := 0, 0
	for _, op := range ops {
		msg := panicMessage(op.f)
		reference := strings.HasSuffix(op.name, "_nonempty")
		if msg == "" {
			metrics[op.name+"_panicked"] = 0
			quiet = append(quiet, op.name)
			if !reference {
				silent++
			}
			continue
		}
		metrics[op.name+"_panicked"] = 1
		if !reference {
			panicked++
		}
		if first == "" {
			first = msg
		}
	}
	metrics["panicked_ops"] = float64(panicked)
	metrics["quiet_ops"] = float64(silent)
	if nilMap != nil || len(emptyMap) != 0 || len(fullMap) != 3 {
		report("corrupt", fmt.Sprintf("after the operations the nil map is nil: %v, len(empty) = %d, len(full) = %d; want true, 0, 3",
			nilMap == nil, len(emptyMap), len(fullMap)), metrics)
	}
	if first == "" {
		report("clean", "no operation with a []int key panicked", metrics)
	}
	detail := first
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
