// Probe growth-load-factor: the numbers of entries at which a map allocates new, larger storage as keys are inserted one by one.
//
// Hazard: sizing and memory estimates are made from the rule that a map
// grows when its load factor passes 6.5 entries per bucket. That is the
// bucket map's rule: in runtime/map.go of go1.19, mapassign grows the map
// before inserting a new key when overLoadFactor(count+1, B), that is when
// count+1 > 8 and count+1 > 13*(2^B/2) (loadFactorNum 13, loadFactorDen 2,
// bucketCnt 8), and hashGrow doubles the bucket array (B+1). From an empty
// map that predicts growth on inserting entries 9, 14, 27, 53, 105, 209,
// 417, 833, 1665, 3329, 6657 and 13313. Swiss maps (gc go1.24 on;
// internal/runtime/maps in go1.26.8 and go1.27.3) follow another rule: a
// small map holds 8 entries in one group, then becomes a table of 16
// slots; a table may fill 7/8 of its slots (maxAvgGroupLoad 7 of 8 in
// group.go, maxGrowthLeft in table.go) and then doubles, up to 1024 slots
// (maxTableCapacity), past which it splits into two tables of 1024 slots,
// each growing on its own as its share of the keys (chosen by hash)
// reaches 896.
//
// Promise: none: the spec says nothing about a map's storage.
//
// Checks: int64 keys 1 to 20000 are inserted one by one into an empty
// map[int64]*int64 (nil values) held in a package variable, with the
// collector off, and runtime.ReadMemStats is read after every insert; the
// walk is done twice, each time with a new map. The size class of what the
// first insert allocates is the map's storage unit (one bucket, or one
// group of 8 slots). An insert is a growth point when it allocated an
// object larger than that unit (MemStats.BySize, or an object too large
// for BySize) in both walks: a new bucket array is at least two buckets, a
// new table's groups at least two groups, and the runtime itself now and
// then allocates a larger object at some insert of one walk only
// (growth_points_one_walk counts those inserts, with a Swiss table's
// splits, which fall elsewhere under another hash seed). The only other
// allocations are of one unit (a bucket map's overflow bucket; the value
// type has a pointer so that the runtime does not also record overflow
// buckets in a slice, whose growth by append would look like map growth)
// or smaller (bookkeeping). Invariant: after each walk the map has every
// key with its value. Metrics: growth_points (how many), first_growth_at,
// second_growth_at, growth_points_one_walk, overflow_allocs (inserts of
// the first walk that allocated exactly one unit and nothing larger),
// unit_bytes, and load_factor_6_5, 1 when the growth points are exactly
// those the go1.19 rule predicts and 0 when not; the detail lists the
// growth points. No metric when the first insert allocated nothing, since
// the walk then cannot tell growth from anything.
//
// maplab:claims map-grows-at-load-factor-6.5 noswissmap-restores-bucket-maps
// maplab:modes plain
// maplab:observe "grows at {first_growth_at}, {second_growth_at}, …" "{load_factor_6_5:?load factor 6.5|load factor not 6.5}"
// maplab:unsupported gopherjs -- runtime.ReadMemStats reports 0 for every heap figure under GopherJS (measured 2026-12-05), so the probe has nothing to compare
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
)

const probe = "growth-load-factor"

const entries = 20000

// m is a package variable so that the map and its storage live on the
// heap, as the maps of real programs do, and not on the stack.
var m map[int64]*int64

var prev, cur runtime.MemStats

func main() {
	// Two walks, each with a new map (and hash seed). The runtime itself
	// now and then allocates while the program runs (seen on go1.19.8 in
	// about one walk in 150: one object larger than a bucket at insert
	// 16210, far from any growth), and that cannot be told from the map's
	// own allocation; it does not recur at the same insert, while a bucket
	// map's growth points, fixed by its load factor, do. So an insert is a
	// growth point when it allocated larger storage in both walks.
	first, unit := walk()
	second, unit2 := walk()
	if unit == 0 || unit2 != unit {
		report("clean", fmt.Sprintf("the first insert allocated no object of one size class in both walks (%d and %d bytes), so growth cannot be told from other allocations; no figures", unit, unit2),
			map[string]float64{"entries": entries})
	}
	inSecond := map[int]bool{}
	for _, k := range second.points {
		inSecond[k] = true
	}
	var points []int
	for _, k := range first.points {
		if inSecond[k] {
			points = append(points, k)
		}
	}
	oneWalk := len(first.points) + len(second.points) - 2*len(points)
	predicted := predict()
	matches := 0.0
	if fmt.Sprint(points) == fmt.Sprint(predicted) {
		matches = 1
	}
	metrics := map[string]float64{
		"entries":                entries,
		"unit_bytes":             float64(unit),
		"growth_points":          float64(len(points)),
		"growth_points_one_walk": float64(oneWalk),
		"overflow_allocs":        float64(first.overflow),
		"load_factor_6_5":        matches,
	}
	if len(points) > 0 {
		metrics["first_growth_at"] = float64(points[0])
	}
	if len(points) > 1 {
		metrics["second_growth_at"] = float64(points[1])
	}
	verdict := "as load factor 6.5 predicts"
	if matches == 0 {
		verdict = "load factor 6.5 predicts " + list(predicted)
	}
	report("clean", fmt.Sprintf("inserting keys 1 to %d one by one, twice, the map allocated larger storage on inserting entries %s in both walks (%s); %d more inserts did in one walk only; %d other inserts of the first walk allocated one %d-byte unit",
		entries, list(points), verdict, oneWalk, first.overflow, unit), metrics)
}

// walkResult is what one walk saw: the inserts that allocated an object
// larger than the storage unit, and how many allocated exactly one unit.
type walkResult struct {
	points   []int
	overflow int
}

// walk inserts keys 1 to entries one by one into a new map with the
// collector off, reading runtime.ReadMemStats after every insert, checks
// the map, and returns what it saw and the storage unit: the largest size
// class the first insert allocated (0 if it allocated nothing of a size
// class).
func walk() (walkResult, uint32) {
	debug.SetGCPercent(-1)
	m = make(map[int64]*int64)
	// Per insert: the largest size class allocated, and whether an object
	// too large for BySize was.
	largest := make([]uint32, entries+1)
	large := make([]bool, entries+1)
	runtime.ReadMemStats(&prev)
	for k := int64(1); k <= entries; k++ {
		m[k] = nil
		runtime.ReadMemStats(&cur)
		if cur.Mallocs != prev.Mallocs {
			largest[k], large[k] = classify(&prev, &cur)
		}
		prev = cur
	}
	debug.SetGCPercent(100)

	if len(m) != entries {
		report("corrupt", fmt.Sprintf("after inserting %d distinct keys the map has %d entries", entries, len(m)), nil)
	}
	for k := int64(1); k <= entries; k++ {
		if v, ok := m[k]; !ok || v != nil {
			report("corrupt", fmt.Sprintf("after inserting keys 1 to %d, key %d is missing or has a wrong value (present: %v)", entries, k, ok), nil)
		}
	}
	m = nil
	unit := largest[1]
	if large[1] {
		unit = 0
	}
	var w walkResult
	for k := 2; k <= entries; k++ {
		switch {
		case large[k] || largest[k] > unit:
			w.points = append(w.points, k)
		case largest[k] == unit:
			w.overflow++
		}
	}
	return w, unit
}

// classify returns the largest size class in which an object was allocated
// between two readings, and whether an object too large for any size class
// was allocated.
func classify(a, b *runtime.MemStats) (largest uint32, large bool) {
	var count, bytes uint64
	for c := range b.BySize {
		if d := b.BySize[c].Mallocs - a.BySize[c].Mallocs; d > 0 {
			largest = b.BySize[c].Size
			count += d
			bytes += d * uint64(b.BySize[c].Size)
		}
	}
	// Objects beyond the largest size class are not in BySize: they are
	// the rest of the allocated bytes. Tiny allocations may make the
	// counts differ by a few bytes, never by an object's worth.
	large = b.TotalAlloc-a.TotalAlloc > bytes+uint64(b.BySize[len(b.BySize)-1].Size)
	return largest, large
}

// predict returns the inserts at which go1.19's rule grows a map that
// starts empty: before inserting entry n into a map of n-1 entries and 2^B
// buckets, it grows if overLoadFactor(n, B), that is n > 8 and
// n > 13*(2^B/2), and then has 2^(B+1) buckets.
func predict() []int {
	var points []int
	B := uint(0)
	for n := 1; n <= entries; n++ {
		if n > 8 && n > 13*((1<<B)/2) {
			points = append(points, n)
			B++
		}
	}
	return points
}

// list formats insert numbers as "9, 14, 27".
func list(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
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
