// Probe grow-during-range: inserting so many keys inside a range loop that the map grows.
//
// Hazard: the loop body inserts many new keys into the map it ranges over, so
// the map's table is resized (several times) while the iteration is in
// progress. Programs that do this risk, or are feared to risk, missing or
// repeating keys.
//
// Promise: the spec says entries created during iteration may be produced or
// skipped, and that no entry is produced twice; entries that existed before
// the loop and are not removed are produced exactly once, however the map is
// reorganised underneath.
//
// Checks: every original key is produced exactly once with its own value,
// every new key at most once, and the map holds every key afterwards.
// Metrics count new keys inserted and produced.
//
// maplab:claims insert-during-range-visits-new grow-during-range-new-keys-rare
// maplab:modes plain race -- claim grow-during-range-new-keys-rare lists race among its modes
// and reads these cells; the program starts no goroutine, so drop race
// here once the claim reads plain cells only.
// maplab:observe "{new_produced_pct}% of new keys produced"
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

const probe = "grow-during-range"

var sizes = []int{1, 2, 8, 9, 13, 100, 1000}

// perKey new keys are inserted for each original key the loop produces.
const perKey = 8

const repeats = 3

func main() {
	var maps, inserted, newProduced int
	for _, n := range sizes {
		for rep := 0; rep < repeats; rep++ {
			ins, np, err := growWhileRanging(n)
			if err != "" {
				report("corrupt", fmt.Sprintf("map of %d entries: %s", n, err), map[string]float64{"size": float64(n)})
			}
			maps++
			inserted += ins
			newProduced += np
		}
	}
	report("clean", fmt.Sprintf("%d maps grew %dx while ranging: %d of %d new keys were produced, every original key exactly once", maps, perKey+1, newProduced, inserted),
		map[string]float64{"maps": float64(maps), "new_inserted": float64(inserted), "new_produced": float64(newProduced),
			"new_produced_pct": float64(100 * newProduced / inserted)})
}

// growWhileRanging fills a map with keys 0..n-1 and, for each original key
// k the loop produces, inserts the perKey new keys n+k*perKey+j. It returns
// the number of new keys inserted and produced, and the first broken
// invariant ("" if none).
func growWhileRanging(n int) (inserted, newProduced int, err string) {
	m := make(map[int]int)
	for k := 0; k < n; k++ {
		m[k] = value(k)
	}
	total := n + n*perKey
	count := make([]int, total)
	for k, v := range m {
		if k < 0 || k >= total {
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
		for j := 0; j < perKey; j++ {
			nk := n + k*perKey + j
			m[nk] = value(nk)
			inserted++
		}
	}
	for k := 0; k < n; k++ {
		if count[k] != 1 {
			return inserted, newProduced, fmt.Sprintf("original key %d produced %d times", k, count[k])
		}
	}
	if len(m) != total {
		return inserted, newProduced, fmt.Sprintf("len is %d after growing, want %d", len(m), total)
	}
	for k := 0; k < total; k++ {
		if v, ok := m[k]; !ok || v != value(k) {
			return inserted, newProduced, fmt.Sprintf("after the loop key %d holds %d (present %v), want %d", k, v, ok, value(k))
		}
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
