// Probe insert-during-range: adding new keys to a map inside a range loop over it.
//
// Hazard: the loop body inserts a new key for every key it is given. Programs
// that rely on the new keys being visited (or on their being skipped) behave
// differently from run to run.
//
// Promise: the spec says an entry created during iteration may be produced
// or skipped; entries that existed before the loop and are not removed are
// produced exactly once, and no entry is produced twice.
//
// Checks: the maps are created with room for every insertion, so they do not
// grow; every original key is produced exactly once with its own value and
// every new key at most once. Metrics count the new keys inserted and how
// many of them the loop produced; the share varies, and both "all" and "none"
// are allowed.
//
// maplab:claims insert-during-range-visits-new range-sees-snapshot
// maplab:modes plain race -- claim range-sees-snapshot lists race among its modes
// and reads these cells; the program starts no goroutine, so drop race
// here once the claim reads plain cells only.
// maplab:observe "{new_produced_pct}% of new keys produced"
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

const probe = "insert-during-range"

var sizes = []int{1, 2, 4, 8, 9, 16, 100, 1000, 5000}

const repeats = 3

func main() {
	var maps, inserted, newProduced int
	for _, n := range sizes {
		for rep := 0; rep < repeats; rep++ {
			ins, np, err := insertWhileRanging(n)
			if err != "" {
				report("corrupt", fmt.Sprintf("map of %d entries: %s", n, err), map[string]float64{"size": float64(n)})
			}
			maps++
			inserted += ins
			newProduced += np
		}
	}
	report("clean", fmt.Sprintf("%d maps ranged while inserting: %d of %d new keys were produced, every original key exactly once", maps, newProduced, inserted),
		map[string]float64{"maps": float64(maps), "new_inserted": float64(inserted), "new_produced": float64(newProduced),
			"new_produced_pct": float64(100 * newProduced / inserted)})
}

// insertWhileRanging fills a map with keys 0..n-1 and, for each original
// key the loop produces, inserts the new key k+n. It returns the number of
// new keys inserted and produced, and the first broken invariant ("" if
// none).
func insertWhileRanging(n int) (inserted, newProduced int, err string) {
	m := make(map[int]int, 4*n)
	for k := 0; k < n; k++ {
		m[k] = value(k)
	}
	count := make([]int, 2*n)
	for k, v := range m {
		if k < 0 || k >= 2*n {
			return inserted, newProduced, fmt.Sprintf("produced unknown key %d", k)
		}
		if v != value(k) {
			return inserted, newProduced, fmt.Sprintf("key %d produced with value %d, want %d", k, v, value(k))
		}
		count[k]++
		if count[k] > 1 {
			return inserted, newProduced, fmt.Sprintf("key %d produced twice", k)
		}
		if k >= n {
			newProduced++
			continue
		}
		m[k+n] = value(k + n)
		inserted++
	}
	for k := 0; k < n; k++ {
		if count[k] != 1 {
			return inserted, newProduced, fmt.Sprintf("original key %d produced %d times", k, count[k])
		}
	}
	if len(m) != 2*n {
		return inserted, newProduced, fmt.Sprintf("len is %d after inserting, want %d", len(m), 2*n)
	}
	return inserted, newProduced, ""
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
