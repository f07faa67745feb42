// Probe make-hint-growth: whether a map made with make(map, n) still allocates larger storage while n entries are inserted.
//
// Hazard: make(map[K]V, n) is used in the belief that the map then never
// rehashes while it fills up to n entries. The spec only says the map is
// allocated "with enough space to hold" n elements as a hint. For bucket
// maps (runtime/map.go, go1.19) makemap picks the smallest B for which
// overLoadFactor(n, B) is false and allocates 2^B buckets (and, from B = 4,
// 2^(B-4) spare overflow buckets, makeBucketArray); mapassign grows only
// when overLoadFactor(count+1, B), which cannot happen before the n-th
// insert is done, though overflow buckets beyond the spares may still be
// allocated one at a time. For Swiss maps (internal/runtime/maps/map.go,
// NewMap, of go1.26.8 and go1.27.3) the hint becomes a capacity of n*8/7
// slots, spread over a directory of 2^k tables of at most 1024 slots
// each; a table may hold 7/8 of its slots and the keys are spread over the
// tables by hash, so when n*8/7 fills every table exactly (n = 7168: 8
// tables of 1024 slots for 896 keys each) a table that gets more than its
// share splits while the map is filled.
//
// Promise: the spec: "The initial capacity does not bound its size: maps
// grow to accommodate the number of items stored in them". Nothing says
// whether n items fit without growth.
//
// Checks: for n = 104 (6.5 entries for each of 16 buckets: the bucket
// map's most crowded fit), 832 (the same for 128 buckets), 7168, 10000 and
// 500000, int64 keys 1 to n are inserted into a map[int64]*int64 (nil
// values) made with make(m, n) and into one made without a hint, with the
// collector off, and the allocations made during the inserts are counted
// with runtime.ReadMemStats (the hinted map's own make is not counted); the
// hinted fill is done three times, each with a new map, and the one with
// the fewest allocations counts, since the runtime itself now and then
// allocates during a fill (a map that grows with some hash seeds and not
// with others thus shows no growth unless it grew all three times). The
// size class of what the first insert into an empty map allocates is the
// map's storage unit (one bucket, or one group of 8 slots); growth
// allocates a bucket array or a table's groups, at least two units, while
// the other allocations of inserts are one unit (a bucket map's overflow
// bucket; the value type has a pointer so that bucket maps do not also
// record overflow buckets in a slice that append grows) or smaller. So
// big_allocs_hint_N counts the allocations larger than one unit (from
// MemStats.BySize, and objects too large for it) while the hinted map is
// filled: 0 when it never grew. A Swiss split allocates two tables'
// groups, and sometimes a larger directory, so this counts allocations, not
// growth events. Invariant: every map has n entries, each key with its
// value. Metrics per n: allocs_hint_N and big_allocs_hint_N, allocs_nohint_N
// and big_allocs_nohint_N; big_allocs_hint, the sum over all n. When the
// map without a hint showed no large allocation at every n, allocations
// cannot be told apart and no figure is reported.
//
// maplab:claims make-hint-prevents-growth
// maplab:modes plain
// maplab:timeout 20s
// maplab:observe "{big_allocs_hint} big allocations filling hinted maps"
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

const probe = "make-hint-growth"

var sizes = []int{104, 832, 7168, 10000, 500000}

// repeats is how many times the map with the hint is filled per size.
const repeats = 3

// m is a package variable so that the maps live on the heap, as the maps of
// real programs do.
var m map[int64]*int64

var before, after runtime.MemStats

func main() {
	unit := storageUnit()
	if unit == 0 {
		report("clean", "the first insert into an empty map allocated no object of a size class, so growth cannot be told from other allocations; no figures", nil)
	}
	metrics := map[string]float64{"unit_bytes": float64(unit)}
	var details []string
	sawGrowth := true
	bigHint := 0.0
	for _, n := range sizes {
		// The runtime itself now and then allocates while a map is
		// filled (seen on go1.26.8 in about one fill of 832 keys in 300:
		// six objects, two of 480 and two of 1152 bytes, in a fill that
		// cannot grow), and those allocations cannot be told from the
		// map's. So the hinted fill is done three times, each with a new
		// map and hash seed, and the smallest counts are kept.
		hint := fill(n, true, unit)
		for i := 1; i < repeats; i++ {
			again := fill(n, true, unit)
			if again.big < hint.big || again.big == hint.big && again.count < hint.count {
				hint = again
			}
		}
		nohint := fill(n, false, unit)
		if nohint.big == 0 {
			sawGrowth = false
		}
		metrics[fmt.Sprintf("allocs_hint_%d", n)] = float64(hint.count)
		metrics[fmt.Sprintf("big_allocs_hint_%d", n)] = float64(hint.big)
		metrics[fmt.Sprintf("allocs_nohint_%d", n)] = float64(nohint.count)
		metrics[fmt.Sprintf("big_allocs_nohint_%d", n)] = float64(nohint.big)
		bigHint += float64(hint.big)
		details = append(details, fmt.Sprintf("n=%d: with the hint %d allocations, %d larger than a unit; without %d, %d larger", n, hint.count, hint.big, nohint.count, nohint.big))
	}
	if !sawGrowth {
		report("clean", fmt.Sprintf("a map filled without a hint showed no allocation larger than its %d-byte unit at some n, so growth cannot be seen; no figures (%s)", unit, strings.Join(details, "; ")), nil)
	}
	metrics["big_allocs_hint"] = bigHint
	report("clean", fmt.Sprintf("filling maps of int64 keys (storage unit %d bytes), %s", unit, strings.Join(details, "; ")), metrics)
}

// storageUnit returns the largest size class allocated by the first insert
// into an empty map, or 0 if it allocated none.
func storageUnit() uint32 {
	debug.SetGCPercent(-1)
	m = make(map[int64]*int64)
	runtime.ReadMemStats(&before)
	m[1] = nil
	runtime.ReadMemStats(&after)
	debug.SetGCPercent(100)
	largest, _, large := classify(&before, &after, 0)
	if large > 0 {
		return 0
	}
	m = nil
	return largest
}

type allocs struct{ count, big uint64 }

// fill makes a map, with the hint n or without, inserts the keys 1 to n
// with the collector off, checks the map, and returns the allocations made
// during the inserts.
func fill(n int, hint bool, unit uint32) allocs {
	runtime.GC()
	debug.SetGCPercent(-1)
	if hint {
		m = make(map[int64]*int64, n)
	} else {
		m = make(map[int64]*int64)
	}
	runtime.ReadMemStats(&before)
	for k := int64(1); k <= int64(n); k++ {
		m[k] = nil
	}
	runtime.ReadMemStats(&after)
	debug.SetGCPercent(100)
	_, big, large := classify(&before, &after, unit)
	big += large
	if len(m) != n {
		report("corrupt", fmt.Sprintf("after inserting keys 1 to %d (hint: %v) the map has %d entries", n, hint, len(m)), nil)
	}
	for k := int64(1); k <= int64(n); k++ {
		if v, ok := m[k]; !ok || v != nil {
			report("corrupt", fmt.Sprintf("after inserting keys 1 to %d (hint: %v) key %d is missing or has a wrong value (present: %v)", n, hint, k, ok), nil)
		}
	}
	m = nil
	return allocs{count: after.Mallocs - before.Mallocs, big: big}
}

// classify returns, for the allocations between two readings, the largest
// size class used, the number of objects of size classes larger than unit,
// and the number of objects too large for any size class.
func classify(a, b *runtime.MemStats, unit uint32) (largest uint32, bigger, large uint64) {
	var count, bytes uint64
	for c := range b.BySize {
		if d := b.BySize[c].Mallocs - a.BySize[c].Mallocs; d > 0 {
			largest = b.BySize[c].Size
			count += d
			bytes += d * uint64(b.BySize[c].Size)
			if b.BySize[c].Size > unit {
				bigger += d
			}
		}
	}
	// Objects beyond the largest size class are not in BySize: they are
	// the rest of the allocated bytes and of the count (at least one when
	// the bytes say there are some).
	if b.TotalAlloc-a.TotalAlloc > bytes+uint64(b.BySize[len(b.BySize)-1].Size) {
		large = 1
		if n := b.Mallocs - a.Mallocs; n > count+1 {
			large = n - count
		}
	}
	return largest, bigger, large
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
