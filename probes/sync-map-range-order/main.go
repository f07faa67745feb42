// Probe sync-map-range-order: whether sync.Map's Range visits the keys in the same order on every call.
//
// Hazard: code relies on sync.Map's Range order being random on every call,
// like a map's range (to spread work, to pick an entry), or, the other way
// round, on it being the same from one call to the next.
//
// Promise: the sync.Map documentation promises no order for Range. Up to
// go1.23 Range ranges over a plain map (sync/map.go: `for k, e := range
// read.m` in go1.19), whose order the runtime randomises on every loop.
// From go1.24 sync.Map is a HashTrieMap (internal/sync/hashtriemap.go in
// go1.26.8 and go1.27.3; Go issue 70683): Range walks the trie's children
// in index order, and the trie's hash seed is drawn once per map (in
// init), so the order is fixed for one unchanged map and differs between
// maps. gccgo's libgo sources are not installed on the machine that wrote
// this probe, so its sync.Map was not read, only measured.
//
// Checks: every Range call produces every key exactly once (the
// invariant). Metrics: repeat_fraction, over 100 Range calls on one
// unchanged sync.Map of 100 int keys, the fraction of calls whose order
// equals the previous call's (three decimals); distinct_orders, the
// distinct orders among those calls; fresh_distinct_orders, the distinct
// orders of 20 sync.Maps built afresh with the same keys in the same
// order, one Range each.
//
// maplab:claims sync-map-range-order-random
// maplab:modes plain
// maplab:observe "same order as the previous call in {repeat_fraction:%} of calls" "orders seen in {ranges} calls: {distinct_orders}"
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
)

const probe = "sync-map-range-order"

const (
	keys   = 100
	ranges = 100
	fresh  = 20
)

func main() {
	m := build()
	seen := map[string]bool{}
	repeats := 0
	previous := ""
	for i := 0; i < ranges; i++ {
		o := order(m)
		if o == previous {
			repeats++
		}
		previous = o
		seen[o] = true
	}
	freshSeen := map[string]bool{}
	for i := 0; i < fresh; i++ {
		freshSeen[order(build())] = true
	}
	fraction := float64(repeats*1000/(ranges-1)) / 1000 // three decimals
	report("clean", fmt.Sprintf("%d of %d Range calls on one sync.Map of %d keys repeated the previous call's order (%d distinct orders); %d fresh maps gave %d distinct orders",
		repeats, ranges-1, keys, len(seen), fresh, len(freshSeen)),
		map[string]float64{"ranges": ranges, "repeat_fraction": fraction, "distinct_orders": float64(len(seen)),
			"fresh_distinct_orders": float64(len(freshSeen))})
}

// build returns a sync.Map holding the keys 0..keys-1, stored in
// increasing order, then loaded once each so that the old design has
// promoted them to its read-only map.
func build() *sync.Map {
	m := new(sync.Map)
	for k := 0; k < keys; k++ {
		m.Store(k, k)
	}
	for k := 0; k < keys; k++ {
		m.Load(k)
	}
	return m
}

// order ranges over m and returns the keys in the order Range produced
// them, as text. It reports corrupt if a key is missing, repeated or
// unknown.
func order(m *sync.Map) string {
	produced := make([]bool, keys)
	b := make([]byte, 0, keys*3)
	count := 0
	m.Range(func(key, value interface{}) bool {
		k, ok := key.(int)
		if !ok || k < 0 || k >= keys || produced[k] || value.(int) != k {
			report("corrupt", fmt.Sprintf("Range produced key %v with value %v: unknown or repeated", key, value), nil)
		}
		produced[k] = true
		count++
		b = append(b, fmt.Sprint(k, ",")...)
		return true
	})
	if count != keys {
		report("corrupt", fmt.Sprintf("Range produced %d keys, want %d", count, keys), nil)
	}
	return string(b)
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
