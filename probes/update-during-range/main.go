// Probe update-during-range: assigning new values to existing keys inside a range loop.
//
// Hazard: the loop body stores a new value for the key it was given and for
// another key not yet reached. Programmers unsure whether this is allowed
// copy the map first or collect the updates; others wonder whether the loop
// later sees the old or the new value of an updated key.
//
// Promise: updating an existing key does not add or remove an entry, so the
// spec's guarantees hold: every entry is produced exactly once. The spec
// does not say whether a value updated before its key is reached is
// produced old or new.
//
// Checks: for maps of several sizes every key is produced exactly once, with
// either its old or its updated value, and holds its updated value
// afterwards. Metrics count how many keys updated ahead of the loop were
// produced with the new value and how many with the old one.
//
// maplab:claims range-sees-snapshot
// maplab:modes plain race -- claim range-sees-snapshot lists race among its modes
// and reads these cells; the program starts no goroutine, so drop race
// here once the claim reads plain cells only.
// maplab:observe "{ahead_produced_new} updated keys produced with the new value, {ahead_produced_old} with the old"
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

const probe = "update-during-range"

var sizes = []int{1, 2, 8, 9, 14, 100, 1000, 5000}

const repeats = 3

func main() {
	var maps, fresh, stale int
	for _, n := range sizes {
		for rep := 0; rep < repeats; rep++ {
			f, s, err := updateWhileRanging(n)
			if err != "" {
				report("corrupt", fmt.Sprintf("map of %d entries: %s", n, err), map[string]float64{"size": float64(n)})
			}
			maps++
			fresh += f
			stale += s
		}
	}
	report("clean", fmt.Sprintf("%d maps updated while ranging: every key produced exactly once; keys updated before they were reached came with the new value %d times, the old value %d times", maps, fresh, stale),
		map[string]float64{"maps": float64(maps), "ahead_produced_new": float64(fresh), "ahead_produced_old": float64(stale)})
}

// updateWhileRanging fills a map with keys 0..n-1 and, for each key k the
// loop produces, stores new values for k and for (k+1)%n. It returns how
// many keys updated before being reached were produced with their new and
// their old value, and the first broken invariant ("" if none).
func updateWhileRanging(n int) (fresh, stale int, err string) {
	m := make(map[int]int)
	for k := 0; k < n; k++ {
		m[k] = oldValue(k)
	}
	count := make([]int, n)
	updated := make([]bool, n)
	for k, v := range m {
		if k < 0 || k >= n {
			return fresh, stale, fmt.Sprintf("produced unknown key %d", k)
		}
		count[k]++
		if count[k] > 1 {
			return fresh, stale, fmt.Sprintf("key %d produced twice", k)
		}
		switch {
		case v == newValue(k) && updated[k]:
			fresh++
		case v == oldValue(k) && updated[k]:
			stale++
		case v != oldValue(k):
			return fresh, stale, fmt.Sprintf("key %d produced with value %d, want %d", k, v, oldValue(k))
		}
		m[k] = newValue(k)
		updated[k] = true
		p := (k + 1) % n
		m[p] = newValue(p)
		updated[p] = true
	}
	for k := 0; k < n; k++ {
		if count[k] != 1 {
			return fresh, stale, fmt.Sprintf("key %d produced %d times", k, count[k])
		}
		if m[k] != newValue(k) {
			return fresh, stale, fmt.Sprintf("key %d holds %d after the loop, want %d", k, m[k], newValue(k))
		}
	}
	if len(m) != n {
		return fresh, stale, fmt.Sprintf("len is %d after updating, want %d", len(m), n)
	}
	return fresh, stale, ""
}

func oldValue(k int) int { return k*7 + 1 }
func newValue(k int) int { return -k*7 - 1 }

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
