// Probe delete-during-range: deleting entries of a map inside a range loop over it.
//
// Hazard: the loop body deletes the entry it was just given and the next key,
// which may not have been reached yet. Many believe this panics or corrupts the
// iteration, and rewrite such loops in two phases.
//
// Promise: the spec allows it: an entry removed before the loop reaches it is
// not produced, and each entry is produced at most once. Entries that are
// neither removed nor added during the loop are produced exactly once.
//
// Checks: for maps of several sizes (some of them just past a growth
// threshold, so that old runtimes iterate while buckets are being evacuated)
// every key is produced at most once, never after it was deleted, with its
// own value; every key is either produced or deleted before it was reached;
// and the map is empty afterwards. Metrics count produced keys and keys
// deleted before they were reached.
//
// maplab:claims delete-during-range-panics
// maplab:modes plain
// maplab:observe "{produced} keys produced, {deleted_unreached} deleted before reached"
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

const probe = "delete-during-range"

// sizes mixes tiny maps, maps just past a growth threshold and larger maps.
var sizes = []int{1, 2, 8, 9, 14, 27, 53, 105, 209, 417, 833, 1000, 1665, 6657}

const repeats = 3

func main() {
	var maps, produced, skipped int
	for _, n := range sizes {
		for rep := 0; rep < repeats; rep++ {
			p, s, err := deleteWhileRanging(n)
			if err != "" {
				report("corrupt", fmt.Sprintf("map of %d entries: %s", n, err), map[string]float64{"size": float64(n)})
			}
			maps++
			produced += p
			skipped += s
		}
	}
	report("clean", fmt.Sprintf("%d maps ranged while deleting: %d keys produced, %d deleted before they were reached, none produced twice or after deletion", maps, produced, skipped),
		map[string]float64{"maps": float64(maps), "produced": float64(produced), "deleted_unreached": float64(skipped)})
}

// deleteWhileRanging fills a map with n keys, ranges over it deleting the
// current key and the next key (k+1)%n, and returns how many keys were produced,
// how many were deleted before being reached, and a description of the first
// broken invariant ("" if none).
func deleteWhileRanging(n int) (produced, skipped int, err string) {
	m := make(map[int]int)
	for k := 0; k < n; k++ {
		m[k] = value(k)
	}
	seen := make([]bool, n)
	deleted := make([]bool, n)
	for k, v := range m {
		switch {
		case k < 0 || k >= n:
			return produced, skipped, fmt.Sprintf("produced unknown key %d", k)
		case v != value(k):
			return produced, skipped, fmt.Sprintf("key %d produced with value %d, want %d", k, v, value(k))
		case seen[k]:
			return produced, skipped, fmt.Sprintf("key %d produced twice", k)
		case deleted[k]:
			return produced, skipped, fmt.Sprintf("key %d produced after it was deleted", k)
		}
		seen[k] = true
		produced++
		delete(m, k)
		deleted[k] = true
		if p := (k + 1) % n; !deleted[p] {
			delete(m, p)
			deleted[p] = true
			skipped++
		}
	}
	for k := 0; k < n; k++ {
		if !seen[k] && !deleted[k] {
			return produced, skipped, fmt.Sprintf("key %d was never produced although it was never deleted", k)
		}
	}
	if len(m) != 0 {
		return produced, skipped, fmt.Sprintf("len is %d after every key was deleted", len(m))
	}
	return produced, skipped, ""
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
