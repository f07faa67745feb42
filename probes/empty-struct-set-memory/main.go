// Probe empty-struct-set-memory: the heap a map[int64]struct{} holds against a map[int64]bool with the same keys.
//
// Hazard: sets are written as map[K]struct{} rather than map[K]bool in the
// belief that the empty struct makes the set much smaller, since its values
// take no memory.
//
// Promise: none about memory: the spec says the size of struct{} is zero,
// not how a map lays out its entries. In gc's bucket maps (go1.23 and
// older; cmd/compile/internal/reflectdata MapBucketType in go1.19) a
// bucket holds 8 tophash bytes, then 8 keys, then 8 values, then an
// overflow pointer, so a zero-size value saves its 8 bytes of a bucket: 80
// bytes instead of 88 for int64 keys. In Swiss maps (go1.24 on;
// MapGroupType in cmd/compile/internal/reflectdata/map.go of go1.26.8 and
// go1.27.3) a group holds a control word and 8 slots, each a struct of key
// then value; a struct that ends in a zero-size field gets trailing padding
// (cmd/compile/internal/types/size.go), so a {int64, struct{}} slot is 16
// bytes, like {int64, bool} (Go issue 71368). gccgo's libgo sources are
// not installed on the machine that wrote this probe, so its layout was
// not read, only measured.
//
// Checks: 100 maps of each kind are filled with the same 800 int64 keys
// (so each Swiss map is one table of 1024 slots, whatever the hash seed);
// every map must then have 800 entries and answer every key (the
// invariant). Metrics, from runtime.ReadMemStats HeapAlloc after
// runtime.GC: set_bytes_per_entry and bool_bytes_per_entry, the heap the
// maps of each kind hold divided by their entries, and struct_over_bool,
// the first over the second (three decimals); none of the three when the
// heap did not grow, which would make them meaningless.
//
// maplab:claims empty-struct-set-smaller
// maplab:modes plain
// maplab:observe "struct{}/bool {struct_over_bool:.2}"
// maplab:unsupported gopherjs -- runtime.ReadMemStats reports 0 for every heap figure under GopherJS (measured 2026-12-05), so the probe has nothing to compare
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
)

const probe = "empty-struct-set-memory"

const (
	maps    = 100
	entries = 800
)

func main() {
	base := liveHeap()
	sets := make([]map[int64]struct{}, maps)
	for i := range sets {
		sets[i] = make(map[int64]struct{})
		for k := int64(0); k < entries; k++ {
			sets[i][k] = struct{}{}
		}
	}
	setBytes := liveHeap() - base

	base = liveHeap()
	bools := make([]map[int64]bool, maps)
	for i := range bools {
		bools[i] = make(map[int64]bool)
		for k := int64(0); k < entries; k++ {
			bools[i][k] = true
		}
	}
	boolBytes := liveHeap() - base

	for i := 0; i < maps; i++ {
		if len(sets[i]) != entries || len(bools[i]) != entries {
			report("corrupt", fmt.Sprintf("map %d has %d (struct{}) and %d (bool) entries, want %d", i, len(sets[i]), len(bools[i]), entries), nil)
		}
		for k := int64(0); k < entries; k++ {
			_, inSet := sets[i][k]
			if !inSet || !bools[i][k] {
				report("corrupt", fmt.Sprintf("map %d lost key %d (in the struct{} map: %v, in the bool map: %v)", i, k, inSet, bools[i][k]), nil)
			}
		}
	}
	runtime.KeepAlive(sets)
	runtime.KeepAlive(bools)
	if setBytes <= 0 || boolBytes <= 0 {
		// Not the map's fault: the heap figures cannot be compared, so the
		// trial reports no sizes and decides nothing.
		report("clean", fmt.Sprintf("the heap grew by %d bytes for the struct{} maps and %d for the bool maps; no sizes to compare", setBytes, boolBytes),
			map[string]float64{"entries": float64(maps * entries)})
	}

	n := float64(maps * entries)
	ratio := float64(setBytes*1000/boolBytes) / 1000 // three decimals
	report("clean", fmt.Sprintf("%d maps of %d int64 keys held %d bytes as map[int64]struct{} and %d bytes as map[int64]bool (%.1f and %.1f bytes per entry, ratio %v)",
		maps, entries, setBytes, boolBytes, float64(setBytes)/n, float64(boolBytes)/n, ratio),
		map[string]float64{"entries": n, "set_bytes_per_entry": float64(setBytes) / n, "bool_bytes_per_entry": float64(boolBytes) / n,
			"struct_over_bool": ratio})
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
