// Probe string-key-conversion-allocs: heap allocations per operation of m[string(b)] lookups, assignments and deletes.
//
// Hazard: code that holds a key as a []byte indexes a map[string]V with
// m[string(b)] in a hot loop, trusting that the conversion does not copy
// the bytes, and carries that trust over to assignments and deletes. A
// conversion string(b) copies the bytes (runtime slicebytetostring): into a
// 32-byte buffer on the stack when the result does not escape and fits
// (tmpBuf in runtime/string.go), else into a new heap object.
//
// Promise: none in the spec. gc turns the conversion of a lookup's key into
// one that uses the bytes in place: mapKeyReplaceStrConv in
// cmd/compile/internal/walk/order.go (go1.19, go1.26.8, go1.27.3) for m[k]
// and v, ok := m[k] that are not assigned to (Go issue 3512); a switch tag
// or an if condition is such an expression too. Not for assignment: the map
// must keep a copy of a new key, and mapassign_faststr overwrites the stored
// key even when it is already there, so gc copies every time (Go issue
// 52971). delete is not rewritten in go1.19's order.go; go1.26.8 and
// go1.27.3 drop the copy for mapdelete_faststr in an SSA rule
// (cmd/compile/internal/ssa/_gen/generic.rules). gccgo's sources are not
// installed on the machine that wrote this probe, so its handling is only
// measured.
//
// Checks: for keys of 8 bytes (within the stack buffer) and of 64 bytes
// (beyond it), 1000 distinct keys are held as []byte; a map[string]int is
// filled with them. Each form then runs once per key: a plain lookup, a
// comma-ok lookup, a lookup in an if condition, one as a switch tag (all
// of present keys), a plain lookup of missing keys, an assignment to a key
// already present, delete of every key and, last, the assignment of every
// key again into the emptied map (new keys: the control, which must copy).
// Allocations are runtime.MemStats.Mallocs deltas with the collector off,
// divided by the 1000 operations and rounded down, as testing.AllocsPerRun
// does, so a stray allocation of the runtime does not count. Invariant:
// every lookup finds what the map holds, and the map's contents are right
// after each step. Metrics, per form and key length N (8 or 64):
// lookup_allocs_N, commaok_allocs_N, if_allocs_N, switch_allocs_N,
// miss_allocs_N, assign_existing_allocs_N, delete_allocs_N and
// assign_new_allocs_N; lookup_forms_allocs, the sum of the five lookup
// figures over both lengths. When the control shows no allocation, the
// measurement cannot see allocations and no allocation figure is reported.
//
// maplab:claims string-key-lookup-no-alloc string-key-delete-no-alloc string-key-assign-existing-no-alloc
// maplab:modes plain
// maplab:observe "{delete_allocs_64} alloc per delete of a 64-byte key" "{assign_existing_allocs_64} per assignment to an existing key"
// maplab:unsupported gopherjs -- testing.AllocsPerRun counts 0 under GopherJS, whose runtime.ReadMemStats reports no mallocs (measured 2026-12-05), so a copy cannot be seen
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
)

const probe = "string-key-conversion-allocs"

const ops = 1000

// forms are the operations measured, in order.
var forms = []string{"lookup", "commaok", "if", "switch", "miss", "assign_existing", "delete", "assign_new"}

// metricNames names the metric of each form for each key length.
var metricNames = map[int]map[string]string{
	8: {"lookup": "lookup_allocs_8", "commaok": "commaok_allocs_8", "if": "if_allocs_8", "switch": "switch_allocs_8",
		"miss": "miss_allocs_8", "assign_existing": "assign_existing_allocs_8", "delete": "delete_allocs_8", "assign_new": "assign_new_allocs_8"},
	64: {"lookup": "lookup_allocs_64", "commaok": "commaok_allocs_64", "if": "if_allocs_64", "switch": "switch_allocs_64",
		"miss": "miss_allocs_64", "assign_existing": "assign_existing_allocs_64", "delete": "delete_allocs_64", "assign_new": "assign_new_allocs_64"},
}

func main() {
	metrics := map[string]float64{"ops": ops}
	var details []string
	lookupForms, measured := 0.0, 0
	for _, n := range []int{8, 64} {
		keys, missing := makeKeys(n, 0), makeKeys(n, 1)
		m := make(map[string]int)
		for i, b := range keys {
			m[string(b)] = i + 1
		}
		want := ops * (ops + 1) / 2 // the sum of the values
		form := map[string]float64{}
		var got int
		form["lookup"], got = count(func() int { return lookupPlain(m, keys) })
		checkSum(n, "plain lookup", got, want)
		form["commaok"], got = count(func() int { return lookupCommaOK(m, keys) })
		checkSum(n, "comma-ok lookup", got, want)
		form["if"], got = count(func() int { return lookupIf(m, keys) })
		checkSum(n, "lookup in an if condition", got, ops)
		form["switch"], got = count(func() int { return lookupSwitch(m, keys) })
		checkSum(n, "lookup as a switch tag", got, ops)
		form["miss"], got = count(func() int { return lookupCommaOK(m, missing) })
		checkSum(n, "lookup of missing keys", got, 0)
		form["assign_existing"], _ = count(func() int { assign(m, keys); return 0 })
		checkMap(m, keys, n, "assigning to present keys")
		form["delete"], _ = count(func() int { remove(m, keys); return 0 })
		if len(m) != 0 {
			report("corrupt", fmt.Sprintf("%d-byte keys: after deleting all %d keys the map has %d entries", n, ops, len(m)), nil)
		}
		form["assign_new"], _ = count(func() int { assign(m, keys); return 0 })
		checkMap(m, keys, n, "assigning every key again into the emptied map")
		runtime.KeepAlive(missing)

		if form["assign_new"] < 1 {
			details = append(details, fmt.Sprintf("%d-byte keys: inserting new keys counted %v allocations per insert, so the counts cannot see the copy of a key and none is reported", n, form["assign_new"]))
			continue
		}
		for _, f := range forms {
			metrics[metricNames[n][f]] = form[f]
		}
		measured++
		lookupForms += form["lookup"] + form["commaok"] + form["if"] + form["switch"] + form["miss"]
		details = append(details, fmt.Sprintf("%d-byte keys, allocations per operation: lookup %v, comma-ok %v, if %v, switch %v, missing key %v, assign to a present key %v, delete %v, insert a new key %v",
			n, form["lookup"], form["commaok"], form["if"], form["switch"], form["miss"], form["assign_existing"], form["delete"], form["assign_new"]))
	}
	if measured == 2 {
		metrics["lookup_forms_allocs"] = lookupForms
	}
	report("clean", details[0]+"; "+details[1], metrics)
}

// makeKeys returns ops distinct keys of n bytes; keys of different sets
// differ in their first byte.
func makeKeys(n, set int) [][]byte {
	keys := make([][]byte, ops)
	for i := range keys {
		b := make([]byte, n)
		for j := range b {
			b[j] = 'a' + byte(j%26)
		}
		b[0] = byte('A' + set)
		b[n-2], b[n-1] = byte(i/256), byte(i%256)
		keys[i] = b
	}
	return keys
}

var before, after runtime.MemStats

// count runs f with the collector off and returns the heap allocations it
// made per operation, rounded down, and f's result.
func count(f func() int) (float64, int) {
	old := debug.SetGCPercent(-1)
	runtime.ReadMemStats(&before)
	r := f()
	runtime.ReadMemStats(&after)
	debug.SetGCPercent(old)
	return float64((after.Mallocs - before.Mallocs) / ops), r
}

func lookupPlain(m map[string]int, keys [][]byte) int {
	sum := 0
	for _, b := range keys {
		sum += m[string(b)]
	}
	return sum
}

func lookupCommaOK(m map[string]int, keys [][]byte) int {
	sum := 0
	for _, b := range keys {
		v, ok := m[string(b)]
		if ok {
			sum += v
		}
	}
	return sum
}

func lookupIf(m map[string]int, keys [][]byte) int {
	hits := 0
	for _, b := range keys {
		if m[string(b)] > 0 {
			hits++
		}
	}
	return hits
}

func lookupSwitch(m map[string]int, keys [][]byte) int {
	hits := 0
	for _, b := range keys {
		switch m[string(b)] {
		case 0:
		default:
			hits++
		}
	}
	return hits
}

func assign(m map[string]int, keys [][]byte) {
	for i, b := range keys {
		m[string(b)] = i + 1
	}
}

func remove(m map[string]int, keys [][]byte) {
	for _, b := range keys {
		delete(m, string(b))
	}
}

// checkSum reports corrupt when a form's result is not the expected one.
func checkSum(n int, form string, got, want int) {
	if got != want {
		report("corrupt", fmt.Sprintf("%d-byte keys: %s gave %d, want %d", n, form, got, want), nil)
	}
}

// checkMap reports corrupt when m does not map the i-th key to i+1.
func checkMap(m map[string]int, keys [][]byte, n int, step string) {
	if len(m) != ops {
		report("corrupt", fmt.Sprintf("%d-byte keys: after %s the map has %d entries, want %d", n, step, len(m), ops), nil)
	}
	for i, b := range keys {
		if m[string(b)] != i+1 {
			report("corrupt", fmt.Sprintf("%d-byte keys: after %s key %d maps to %d, want %d", n, step, i, m[string(b)], i+1), nil)
		}
	}
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
