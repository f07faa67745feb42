// Probe nan-keys: using NaN as a floating-point map key.
//
// Hazard: a map keyed by float64 receives NaN keys (math.NaN(), 0/0 computed at
// run time, strconv.ParseFloat("NaN", 64)). Each assignment adds a new entry that no lookup can find
// and that delete cannot remove, so the map grows without bound.
//
// Promise: the spec requires == to be defined for map keys, and NaN != NaN.
// Go's implementations read this as: no key equals NaN, so every m[NaN] = v
// adds a distinct entry, lookups with NaN miss, delete(m, NaN) removes
// nothing, and only clear (Go 1.21) empties such a map (golang/go#20660,
// #63312). Range produces every NaN entry once.
//
// Checks: after inserting NaN keys (float64 and float32, and float64 NaN inside
// an interface{} key) len counts every insertion, lookups miss, delete with
// NaN leaves len unchanged, ranging produces each entry once, and deleting
// every key produced by range leaves the NaN entries in place. Metrics report
// the entries left after each kind of delete.
//
// maplab:claims nan-keys-removable-by-delete
// maplab:modes plain
// maplab:observe "{left_after_delete_nan}/{nan_entries} NaN entries left after delete(m, NaN)"
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
)

const probe = "nan-keys"

const inserts = 100

func main() {
	nan := math.NaN()

	m := make(map[float64]int)
	m[1.5] = -1
	for i := 0; i < inserts; i++ {
		m[nan] = i
	}
	if len(m) != inserts+1 {
		report("corrupt", fmt.Sprintf("after %d assignments to m[NaN] len is %d, want %d", inserts, len(m), inserts+1), nil)
	}
	if v, ok := m[nan]; ok {
		report("corrupt", fmt.Sprintf("lookup of NaN found an entry (value %d)", v), nil)
	}
	seen := make([]bool, inserts)
	for k, v := range m {
		if k == 1.5 {
			continue
		}
		if !math.IsNaN(k) || v < 0 || v >= inserts || seen[v] {
			report("corrupt", fmt.Sprintf("range produced key %v value %d, want each NaN entry once", k, v), nil)
		}
		seen[v] = true
	}
	for i := 0; i < inserts; i++ {
		delete(m, nan)
	}
	afterDelete := len(m)
	if afterDelete != inserts+1 {
		report("corrupt", fmt.Sprintf("delete(m, NaN) changed len from %d to %d", inserts+1, afterDelete), nil)
	}
	ranged := 0
	for k := range m {
		delete(m, k)
		ranged++ // keeps the loop from being compiled as the map-clear idiom (see range-delete-nan-keys)
	}
	afterDeleteRange := len(m)
	if afterDeleteRange != inserts {
		report("corrupt", fmt.Sprintf("deleting every key produced by range left %d entries, want the %d NaN entries", afterDeleteRange, inserts), nil)
	}

	m32 := make(map[float32]bool)
	nan32 := float32(nan)
	for i := 0; i < inserts; i++ {
		m32[nan32] = true
	}
	delete(m32, nan32)
	if len(m32) != inserts || m32[nan32] {
		report("corrupt", fmt.Sprintf("float32 NaN keys: len %d after delete, want %d, lookup %v", len(m32), inserts, m32[nan32]), nil)
	}

	mi := make(map[interface{}]int)
	for i := 0; i < inserts; i++ {
		mi[nan] = i
	}
	delete(mi, nan)
	if len(mi) != inserts {
		report("corrupt", fmt.Sprintf("interface{} NaN keys: len %d after delete, want %d", len(mi), inserts), nil)
	}

	report("clean", fmt.Sprintf("%d assignments to m[NaN] made %d entries; lookups missed; delete(m, NaN) and deleting every ranged key left them all", inserts, inserts),
		map[string]float64{"nan_entries": inserts, "left_after_delete_nan": float64(afterDelete - 1), "left_after_delete_ranged": float64(afterDeleteRange)})
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
