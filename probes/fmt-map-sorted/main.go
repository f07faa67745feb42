// Probe fmt-map-sorted: whether fmt prints a map's entries in key order.
//
// Hazard: a test or a log comparison checks fmt's rendering of a map (%v,
// Sprint, Println) against an expected string. That only works if the
// entries come out in the same order every time, while range over the same
// map changes order from loop to loop.
//
// Promise: the spec leaves the iteration order of maps unspecified. The fmt
// documentation from Go 1.12 on says maps are printed sorted by key (NaN
// before other floats); before Go 1.12 fmt printed the entries in the order
// the map produced them, with no promise at all.
//
// Checks: three maps, keyed by int (40 keys), string (26 keys) and float64
// (8 keys: a NaN, both infinities and five numbers), each filled in
// descending key order so that no rotation of the insertion order is
// sorted, are printed 50 times each with fmt.Sprint. Every rendering must
// hold every entry exactly once (the invariant). Metrics: prints,
// sorted_prints (renderings in ascending key order, NaN first),
// all_sorted (1 when every rendering was sorted) and distinct_renderings
// (the most distinct renderings of any one map).
//
// maplab:claims fmt-prints-maps-sorted
// maplab:modes plain race -- claim fmt-prints-maps-sorted lists race among its modes
// and reads these cells; the program starts no goroutine, so drop race
// here once the claim reads plain cells only.
// maplab:observe "{sorted_prints}/{prints} renderings sorted"
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
)

const probe = "fmt-map-sorted"

const printsPerMap = 50

// sample is one map, its entries in ascending key order as "k:v" items (the
// sorted rendering's items) and a function that prints the map with fmt.
type sample struct {
	name   string
	sorted []string
	print  func() string
}

func main() {
	samples := []sample{intMap(), stringMap(), floatMap()}
	prints, sortedPrints, distinct := 0, 0, 0
	for _, s := range samples {
		want := "map[" + strings.Join(s.sorted, " ") + "]"
		seen := make(map[string]bool)
		for i := 0; i < printsPerMap; i++ {
			got := s.print()
			if err := sameEntries(got, s.sorted); err != "" {
				report("corrupt", fmt.Sprintf("%s map printed as %q: %s", s.name, got, err),
					map[string]float64{"prints": float64(prints)})
			}
			prints++
			if got == want {
				sortedPrints++
			}
			seen[got] = true
		}
		if len(seen) > distinct {
			distinct = len(seen)
		}
	}
	allSorted := 0.0
	if sortedPrints == prints {
		allSorted = 1
	}
	report("clean", fmt.Sprintf("%d of %d renderings of three maps by fmt.Sprint were sorted by key; distinct renderings of one map: at most %d",
		sortedPrints, prints, distinct),
		map[string]float64{"prints": float64(prints), "sorted_prints": float64(sortedPrints),
			"all_sorted": allSorted, "distinct_renderings": float64(distinct)})
}

// intMap holds keys 0..39 with values "v0".."v39", inserted in descending
// order.
func intMap() sample {
	const n = 40
	m := make(map[int]string)
	var sorted []string
	for k := n - 1; k >= 0; k-- {
		m[k] = fmt.Sprintf("v%d", k)
	}
	for k := 0; k < n; k++ {
		sorted = append(sorted, fmt.Sprintf("%d:v%d", k, k))
	}
	return sample{"int-keyed", sorted, func() string { return fmt.Sprint(m) }}
}

// stringMap holds keys "a".."z" with values 0..25, inserted in descending
// order.
func stringMap() sample {
	m := make(map[string]int)
	var sorted []string
	for i := 25; i >= 0; i-- {
		m[string(rune('a'+i))] = i
	}
	for i := 0; i < 26; i++ {
		sorted = append(sorted, fmt.Sprintf("%c:%d", 'a'+i, i))
	}
	return sample{"string-keyed", sorted, func() string { return fmt.Sprint(m) }}
}

// floatMap holds a NaN, both infinities and five finite keys, inserted in
// descending order with the NaN last. fmt's documented order puts the NaN
// first, then the others ascending.
func floatMap() sample {
	keys := []float64{math.Inf(1), 1e9, 2.5, 0, -1, -7.25, math.Inf(-1), math.NaN()}
	m := make(map[float64]int)
	for i, k := range keys {
		m[k] = i
	}
	var sorted []string
	sorted = append(sorted, fmt.Sprintf("%v:%d", keys[len(keys)-1], len(keys)-1))
	for i := len(keys) - 2; i >= 0; i-- {
		sorted = append(sorted, fmt.Sprintf("%v:%d", keys[i], i))
	}
	return sample{"float64-keyed", sorted, func() string { return fmt.Sprint(m) }}
}

// sameEntries reports ("" if none) how the rendering got differs from a map
// holding exactly the items want, in any order.
func sameEntries(got string, want []string) string {
	if !strings.HasPrefix(got, "map[") || !strings.HasSuffix(got, "]") {
		return "not of the form map[...]"
	}
	items := strings.Fields(got[len("map[") : len(got)-1])
	if len(items) != len(want) {
		return fmt.Sprintf("%d entries, want %d", len(items), len(want))
	}
	sort.Strings(items)
	w := append([]string(nil), want...)
	sort.Strings(w)
	for i := range items {
		if items[i] != w[i] {
			return fmt.Sprintf("entry %q, want %q", items[i], w[i])
		}
	}
	return ""
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
