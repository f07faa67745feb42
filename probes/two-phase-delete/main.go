// Probe two-phase-delete: collecting keys in a range loop, then deleting them after it (control).
//
// Hazard: none; this is the pattern commonly recommended instead of deleting
// inside the loop. It is here as a control: the lab must report it clean on
// every toolchain, or the lab is crying wolf.
//
// Promise: ranging without modifying the map produces every entry exactly
// once; deleting the collected keys afterwards removes exactly them.
//
// Checks: for maps of several sizes, the keys with even values are collected
// during the range and deleted after it; every key was produced exactly
// once, exactly the odd-valued keys remain, with their values. Metrics count
// the keys deleted and kept.
//
// maplab:modes plain
// maplab:observe "{deleted} deleted, {kept} kept"
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

const probe = "two-phase-delete"

var sizes = []int{1, 2, 8, 9, 14, 100, 1000, 5000}

const repeats = 3

func main() {
	var maps, deleted, kept int
	for _, n := range sizes {
		for rep := 0; rep < repeats; rep++ {
			d, err := twoPhaseDelete(n)
			if err != "" {
				report("corrupt", fmt.Sprintf("map of %d entries: %s", n, err), map[string]float64{"size": float64(n)})
			}
			maps++
			deleted += d
			kept += n - d
		}
	}
	report("clean", fmt.Sprintf("%d maps: %d collected keys deleted after the loop, %d kept, every key produced once", maps, deleted, kept),
		map[string]float64{"maps": float64(maps), "deleted": float64(deleted), "kept": float64(kept)})
}

// twoPhaseDelete fills a map with keys 0..n-1, collects the keys with even
// values during a range and deletes them afterwards. It returns how many
// keys were deleted and the first broken invariant ("" if none).
func twoPhaseDelete(n int) (deleted int, err string) {
	m := make(map[int]int)
	for k := 0; k < n; k++ {
		m[k] = value(k)
	}
	count := make([]int, n)
	var doomed []int
	for k, v := range m {
		if k < 0 || k >= n || v != value(k) {
			return 0, fmt.Sprintf("produced key %d with value %d", k, v)
		}
		count[k]++
		if v%2 == 0 {
			doomed = append(doomed, k)
		}
	}
	for _, k := range doomed {
		delete(m, k)
	}
	for k := 0; k < n; k++ {
		if count[k] != 1 {
			return 0, fmt.Sprintf("key %d produced %d times", k, count[k])
		}
		v, ok := m[k]
		if ok != (value(k)%2 != 0) || (ok && v != value(k)) {
			return 0, fmt.Sprintf("after deleting, key %d present %v with value %d", k, ok, v)
		}
	}
	if len(m) != n-len(doomed) {
		return 0, fmt.Sprintf("len is %d after deleting %d of %d keys", len(m), len(doomed), n)
	}
	return len(doomed), ""
}

func value(k int) int { return k*7 + 1 }

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
