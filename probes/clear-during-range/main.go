// Probe clear-during-range: calling clear on a map inside a range loop over it.
//
// Hazard: the loop body calls clear(m) after a few entries, and sometimes
// refills the map with new keys, expecting the loop to stop producing the
// entries it removed.
//
// Promise: clear deletes every entry, and the spec says an entry removed
// before the loop reaches it is not produced. After clear, the loop may
// produce only keys added after the clear (each at most once).
//
// Checks: for maps of several sizes, with and without refilling, no original
// key is produced after clear, no key is produced twice, values are the
// keys' own, and the map holds exactly the refilled keys afterwards. Metrics
// count the maps and the refilled keys the loop produced.
//
// maplab:minimum go1.21
// maplab:claims clear-during-range-stops
// maplab:modes plain
// maplab:observe "{refilled_produced} refilled keys produced over {maps} maps"
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

const probe = "clear-during-range"

var sizes = []int{1, 2, 8, 9, 14, 100, 1000, 5000}

const repeats = 3

func main() {
	var maps, refilledProduced int
	for _, n := range sizes {
		for _, refill := range []bool{false, true} {
			for rep := 0; rep < repeats; rep++ {
				rp, err := clearWhileRanging(n, refill)
				if err != "" {
					report("corrupt", fmt.Sprintf("map of %d entries (refill %v): %s", n, refill, err), map[string]float64{"size": float64(n)})
				}
				maps++
				refilledProduced += rp
			}
		}
	}
	report("clean", fmt.Sprintf("%d maps cleared while ranging: no original entry was produced after clear; %d refilled keys were produced", maps, refilledProduced),
		map[string]float64{"maps": float64(maps), "refilled_produced": float64(refilledProduced)})
}

// clearWhileRanging fills a map with keys 0..n-1, ranges over it and calls
// clear after the first min(3, n) entries; with refill it then inserts the
// new keys n..2n-1. It returns how many refilled keys the loop produced and
// the first broken invariant ("" if none).
func clearWhileRanging(n int, refill bool) (refilledProduced int, err string) {
	m := make(map[int]int)
	for k := 0; k < n; k++ {
		m[k] = value(k)
	}
	clearAfter := min(3, n)
	count := make([]int, 2*n)
	produced := 0
	cleared := false
	for k, v := range m {
		if k < 0 || k >= 2*n {
			return refilledProduced, fmt.Sprintf("produced unknown key %d", k)
		}
		if v != value(k) {
			return refilledProduced, fmt.Sprintf("key %d produced with value %d, want %d", k, v, value(k))
		}
		count[k]++
		if count[k] > 1 {
			return refilledProduced, fmt.Sprintf("key %d produced twice", k)
		}
		if cleared && k < n {
			return refilledProduced, fmt.Sprintf("original key %d produced after clear (%d entries were produced before clear)", k, clearAfter)
		}
		if k >= n {
			refilledProduced++
		}
		produced++
		if produced == clearAfter && !cleared {
			clear(m)
			cleared = true
			if len(m) != 0 {
				return refilledProduced, fmt.Sprintf("len is %d right after clear", len(m))
			}
			if refill {
				for nk := n; nk < 2*n; nk++ {
					m[nk] = value(nk)
				}
			}
		}
	}
	want := 0
	if refill {
		want = n
	}
	if len(m) != want {
		return refilledProduced, fmt.Sprintf("len is %d after the loop, want %d", len(m), want)
	}
	for k := range m {
		if k < n {
			return refilledProduced, fmt.Sprintf("original key %d is still in the map after clear", k)
		}
	}
	return refilledProduced, ""
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
