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
// collector off, and runtime.ReadMemStats is read after every insert.
// The size class of what the first insert allocates is the map's storage
// unit (one bucket, or one group of 8 slots). An insert is a growth point
// when it allocated an object larger than that unit (MemStats.BySize, or
// an object too large for BySize): a new bucket array is at least two
// buckets, a new table's groups at least two groups. The only other
// allocations are of one unit (a bucket map's overflow bucket; the value
// type has a pointer so that the runtime does not also record overflow
// buckets in a slice, whose growth by append would look like map growth)
// or smaller (bookkeeping). Invariant: after the walk the map has every
// key with its value. Metrics: growth_points (how many), first_growth_at,
// second_growth_at, overflow_allocs (inserts that allocated exactly one
// unit and nothing larger), unit_bytes, and load_factor_6_5, 1 when the
// growth points are exactly those the go1.19 rule predicts and 0 when not;
// the detail lists the growth points. No metric when the first insert
// allocated nothing, since the walk then cannot tell growth from anything.
//
// maplab:claims map-grows-at-load-factor-6.5 noswissmap-restores-bucket-maps
// maplab:modes plain
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

	unit := largest[1]
	if unit == 0 || large[1] {
		report("clean", fmt.Sprintf("the first insert allocated no object of a size class (largest %d bytes, a large object: %v), so growth cannot be told from other allocations; no figures", unit, large[1]),
			map[string]float64{"entries": entries})
	}
	var points []int
	overflow := 0
	for k := 2; k <= entries; k++ {
		switch {
		case large[k] || largest[k] > unit:
			points = append(points, k)
		case largest[k] == unit:
			overflow++
		}
	}
	predicted := predict()
	matches := 0.0
	if fmt.Sprint(points) == fmt.Sprint(predicted) {
		matches = 1
	}
	metrics := map[string]float64{
		"entries":         entries,
		"unit_bytes":      float64(unit),
		"growth_points":   float64(len(points)),
		"overflow_allocs": float64(overflow),
		"load_factor_6_5": matches,
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
	report("clean", fmt.Sprintf("inserting keys 1 to %d one by one, the map allocated larger storage on inserting entries %s (%s); %d other inserts allocated one %d-byte unit",
		entries, list(points), verdict, overflow, unit), metrics)
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
