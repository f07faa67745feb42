// Probe maps-iterator-delete: deleting map entries while ranging over maps.Keys or maps.All.
//
// Hazard: since Go 1.23 code ranges over the iterators maps.Keys(m) and
// maps.All(m) instead of over m, and deletes from m in the loop body. Users
// ask whether the iterator adds its own hazard (a snapshot that goes stale,
// or a check that panics).
//
// Promise: the maps package builds these iterators on a range over the map,
// so the range rules apply: an entry removed before it is reached is not
// produced, and each entry is produced at most once.
//
// Checks: for maps of several sizes, ranging over maps.Keys and over
// maps.All, the current key and the next key (k+1)%n are deleted; every key
// is produced at most once, never after it was deleted, with its own value;
// every key is produced or deleted first; the map is empty afterwards.
// Metrics count produced keys and keys deleted before they were reached.
//
// maplab:minimum go1.23
// maplab:claims maps-iterators-safe-to-delete
// maplab:modes plain
// maplab:observe "{produced} keys produced, {deleted_unreached} deleted before reached"
package main

import (
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"os"
)

const probe = "maps-iterator-delete"

var sizes = []int{1, 2, 8, 9, 14, 53, 209, 833, 1000, 1665}

const repeats = 3

func main() {
	var ranged, produced, skipped int
	for _, n := range sizes {
		for _, all := range []bool{false, true} {
			for rep := 0; rep < repeats; rep++ {
				p, s, err := deleteWhileRanging(n, all)
				if err != "" {
					report("corrupt", fmt.Sprintf("map of %d entries (maps.All %v): %s", n, all, err), map[string]float64{"size": float64(n)})
				}
				ranged++
				produced += p
				skipped += s
			}
		}
	}
	report("clean", fmt.Sprintf("%d maps ranged through maps.Keys and maps.All while deleting: %d keys produced, %d deleted before they were reached, none produced twice or after deletion", ranged, produced, skipped),
		map[string]float64{"maps": float64(ranged), "produced": float64(produced), "deleted_unreached": float64(skipped)})
}

// deleteWhileRanging fills a map with n keys, ranges over maps.Keys(m) (or
// maps.All(m)) deleting the current key and the next key (k+1)%n, and
// returns how many keys were produced, how many were deleted before being
// reached, and the first broken invariant ("" if none).
func deleteWhileRanging(n int, all bool) (produced, skipped int, err string) {
	m := make(map[int]int)
	for k := 0; k < n; k++ {
		m[k] = value(k)
	}
	var seq iter.Seq2[int, int] = maps.All(m)
	if !all {
		seq = func(yield func(int, int) bool) {
			for k := range maps.Keys(m) {
				if !yield(k, m[k]) {
					return
				}
			}
		}
	}
	seen := make([]bool, n)
	deleted := make([]bool, n)
	for k, v := range seq {
		switch {
		case k < 0 || k >= n:
			return produced, skipped, fmt.Sprintf("produced unknown key %d", k)
		case seen[k]:
			return produced, skipped, fmt.Sprintf("key %d produced twice", k)
		case deleted[k]:
			return produced, skipped, fmt.Sprintf("key %d produced after it was deleted", k)
		case v != value(k):
			return produced, skipped, fmt.Sprintf("key %d produced with value %d, want %d", k, v, value(k))
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
