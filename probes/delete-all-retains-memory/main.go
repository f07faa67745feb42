// Probe delete-all-retains-memory: how much heap a map keeps after every entry was deleted.
//
// Hazard: a long-lived map (a cache, a session table) grows large once, then
// has its entries deleted; the program expects the memory back. Go maps do
// not shrink when entries are deleted, so the emptied map can keep the
// memory of its peak size until the map itself is dropped.
//
// Promise: none about memory: the spec only says delete removes the entry.
// After deleting every key, len is 0, range produces nothing and the map
// stays usable.
//
// Checks: a map is filled with 100000 int64 entries and every key is then
// deleted one by one; len must be 0, range must produce nothing and a new
// insertion must work (the invariant). Metrics, from runtime.ReadMemStats
// HeapAlloc after runtime.GC: the heap held by the filled map, by the
// emptied map, by a fresh empty map, and after the emptied map is dropped,
// in bytes, and retained_ratio, the emptied map's bytes over the filled
// map's.
//
// maplab:claims delete-frees-memory
// maplab:modes plain
// maplab:observe "emptied map keeps {retained_ratio:.2} of its filled heap"
// maplab:unsupported gopherjs -- runtime.ReadMemStats reports 0 for every heap figure under GopherJS (measured 2026-12-05), so the probe has nothing to compare
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
)

const probe = "delete-all-retains-memory"

const entries = 100000

func main() {
	base := liveHeap()
	m := make(map[int64]int64)
	for k := int64(0); k < entries; k++ {
		m[k] = k
	}
	filled := liveHeap() - base

	for k := int64(0); k < entries; k++ {
		delete(m, k)
	}
	retained := liveHeap() - base
	if len(m) != 0 {
		report("corrupt", fmt.Sprintf("len is %d after deleting all %d keys", len(m), entries), nil)
	}
	for k, v := range m {
		report("corrupt", fmt.Sprintf("range over the emptied map produced %d: %d", k, v), nil)
	}
	m[1] = 1
	if len(m) != 1 || m[1] != 1 {
		report("corrupt", fmt.Sprintf("after one insertion into the emptied map len is %d, m[1] is %d", len(m), m[1]), nil)
	}
	delete(m, 1)
	runtime.KeepAlive(m)

	before := liveHeap()
	fresh := make(map[int64]int64)
	fresh[1] = 1
	delete(fresh, 1)
	freshBytes := liveHeap() - before
	runtime.KeepAlive(fresh)

	m = nil
	dropped := liveHeap() - base

	ratio := 0.0
	if filled > 0 {
		ratio = float64(retained*1000/filled) / 1000 // three decimals
	}
	report("clean", fmt.Sprintf("a map of %d entries held %d bytes; after deleting every key it still held %d bytes (ratio %v), a fresh empty map %d bytes; dropping the map left %d bytes",
		entries, filled, retained, ratio, freshBytes, dropped),
		map[string]float64{"entries": entries, "filled_bytes": float64(filled), "retained_bytes": float64(retained),
			"fresh_bytes": float64(freshBytes), "dropped_bytes": float64(dropped), "retained_ratio": ratio})
}

// liveHeap runs a garbage collection and returns the bytes of live heap
// objects (HeapAlloc) as a signed number, so that differences may go below
// zero.
func liveHeap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
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
