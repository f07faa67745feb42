// Probe large-values-freed-on-delete: whether delete gives back the memory of 128- and 129-byte map values.
//
// Hazard: a map of large values (records, buffers) is emptied with delete
// and the program expects the values' memory back. A map stores a value of
// at most 128 bytes inside its buckets or groups, and a larger one in an
// object of its own that the slot points to: maxElemSize = 128 in
// runtime/map.go (go1.19), abi.MapMaxElemBytes = 128 in internal/abi/map.go
// (go1.26.8, go1.27.3; gccgo's libgo sources are not installed here). Since
// maps never shrink on delete, a 128-byte value keeps its slot's memory
// after delete, while the object of a 129-byte value becomes garbage once
// delete clears the pointer to it.
//
// Promise: none about memory: the spec only says delete removes the entry.
// After deleting every key, len is 0 and range produces nothing.
//
// Checks: for values of 128 and then 129 bytes, a map is filled with 20000
// int64 keys and every key is deleted again; len must be 0 and range must
// produce nothing (the invariant). Metrics, from runtime.ReadMemStats
// HeapAlloc after runtime.GC: the heap each filled map held and, as
// retained_ratio_128 and retained_ratio_129, the share of it the emptied map
// still held; a figure that cannot be right (a heap that shrank below where
// it started) is left out rather than reported.
//
// maplab:claims large-values-freed-on-delete
// maplab:modes plain
// maplab:observe "emptied map keeps {retained_ratio_128:.2} (128-byte values)" "{retained_ratio_129:.2} (129-byte values)"
// maplab:unsupported gopherjs -- runtime.ReadMemStats reports 0 for every heap figure under GopherJS (measured 2026-12-05), so the probe has nothing to compare
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
)

const probe = "large-values-freed-on-delete"

const entries = 20000

func main() {
	metrics := map[string]float64{"entries": entries}
	var details []string
	// Each size is measured in a function of its own, so that nothing of
	// one map is reachable, even conservatively, while the other is
	// measured.
	filled, retained := measure128()
	record(metrics, &details, 128, filled, retained, "filled_bytes_128", "retained_bytes_128", "retained_ratio_128")
	filled, retained = measure129()
	record(metrics, &details, 129, filled, retained, "filled_bytes_129", "retained_bytes_129", "retained_ratio_129")
	report("clean", fmt.Sprintf("%s; %s", details[0], details[1]), metrics)
}

// measure128 fills and empties a map of 128-byte values and returns the
// heap it held filled and emptied.
func measure128() (filled, retained int64) {
	base := liveHeap()
	m := make(map[int64][128]byte)
	for k := int64(0); k < entries; k++ {
		m[k] = [128]byte{1}
	}
	filled = liveHeap() - base
	for k := int64(0); k < entries; k++ {
		delete(m, k)
	}
	retained = liveHeap() - base
	n, ranged := len(m), false
	for range m {
		ranged = true
	}
	check(n, ranged, 128)
	runtime.KeepAlive(m)
	return filled, retained
}

// measure129 is measure128 with 129-byte values.
func measure129() (filled, retained int64) {
	base := liveHeap()
	m := make(map[int64][129]byte)
	for k := int64(0); k < entries; k++ {
		m[k] = [129]byte{1}
	}
	filled = liveHeap() - base
	for k := int64(0); k < entries; k++ {
		delete(m, k)
	}
	retained = liveHeap() - base
	n, ranged := len(m), false
	for range m {
		ranged = true
	}
	check(n, ranged, 129)
	runtime.KeepAlive(m)
	return filled, retained
}

// check reports corrupt when an emptied map is not empty.
func check(n int, ranged bool, size int) {
	if n != 0 || ranged {
		report("corrupt", fmt.Sprintf("after deleting all %d keys of the map of %d-byte values len is %d, range produced an entry: %v", entries, size, n, ranged), nil)
	}
}

// record adds the metrics of the map of size-byte values, under the names
// given, and a sentence.
func record(metrics map[string]float64, details *[]string, size int, filled, retained int64, filledName, retainedName, ratioName string) {
	if filled <= 0 || retained < 0 || retained > 2*filled {
		// The heap moved for reasons of its own (a collector that frees
		// late): no figure rather than a wrong one.
		*details = append(*details, fmt.Sprintf("%d-byte values: no figure (the filled map held %d bytes, the emptied one %d)", size, filled, retained))
		return
	}
	ratio := float64(retained*1000/filled) / 1000 // three decimals
	metrics[filledName] = float64(filled)
	metrics[retainedName] = float64(retained)
	metrics[ratioName] = ratio
	*details = append(*details, fmt.Sprintf("%d-byte values: the filled map held %d bytes, the emptied one %d (ratio %v)", size, filled, retained, ratio))
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
