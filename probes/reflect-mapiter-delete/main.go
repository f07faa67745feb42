// Probe reflect-mapiter-delete: deleting map entries through reflect while iterating with reflect.Value.MapRange.
//
// Hazard: generic code (encoders, deep-copy and diff libraries) walks a map
// with reflect.Value.MapRange and deletes entries through
// reflect.Value.SetMapIndex(key, reflect.Value{}) as it goes.
//
// Promise: the reflect documentation says MapIter iterates like a range
// statement over the map, so the range rules apply: an entry removed before
// it is reached is not produced, and each entry is produced at most once.
//
// Checks: for maps of several sizes the iterator's current key and the next
// key (k+1)%n are deleted through reflect; every key is produced at most
// once, never after it was deleted, with its own value; every key is
// produced or deleted first; the map is empty afterwards. Metrics count
// produced keys and keys deleted before they were reached.
//
// maplab:minimum go1.12
// maplab:modes plain
// maplab:observe "{produced} keys produced, {deleted_unreached} deleted before reached"
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
)

const probe = "reflect-mapiter-delete"

var sizes = []int{1, 2, 8, 9, 14, 53, 209, 833, 1000, 1665}

const repeats = 3

func main() {
	var maps, produced, skipped int
	for _, n := range sizes {
		for rep := 0; rep < repeats; rep++ {
			p, s, err := deleteWhileIterating(n)
			if err != "" {
				report("corrupt", fmt.Sprintf("map of %d entries: %s", n, err), map[string]float64{"size": float64(n)})
			}
			maps++
			produced += p
			skipped += s
		}
	}
	report("clean", fmt.Sprintf("%d maps iterated with MapRange while deleting: %d keys produced, %d deleted before they were reached, none produced twice or after deletion", maps, produced, skipped),
		map[string]float64{"maps": float64(maps), "produced": float64(produced), "deleted_unreached": float64(skipped)})
}

// deleteWhileIterating fills a map with n keys, iterates over it with
// MapRange deleting the current key and the next key (k+1)%n through
// reflect, and returns how many keys were produced, how many were deleted
// before being reached, and the first broken invariant ("" if none).
func deleteWhileIterating(n int) (produced, skipped int, err string) {
	m := make(map[int]int)
	for k := 0; k < n; k++ {
		m[k] = value(k)
	}
	rv := reflect.ValueOf(m)
	seen := make([]bool, n)
	deleted := make([]bool, n)
	for it := rv.MapRange(); it.Next(); {
		k, v := int(it.Key().Int()), int(it.Value().Int())
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
		rv.SetMapIndex(reflect.ValueOf(k), reflect.Value{})
		deleted[k] = true
		if p := (k + 1) % n; !deleted[p] {
			rv.SetMapIndex(reflect.ValueOf(p), reflect.Value{})
			deleted[p] = true
			skipped++
		}
	}
	for k := 0; k < n; k++ {
		if !seen[k] && !deleted[k] {
			return produced, skipped, fmt.Sprintf("key %d was never produced although it was never deleted", k)
		}
	}
	if rv.Len() != 0 || len(m) != 0 {
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
