//go:build maplab_build_outcome

// Probe maps-keys-slice: sorting the result of maps.Keys as a slice.
//
// Hazard: code written against golang.org/x/exp/maps, whose Keys returns
// the keys as a slice, is moved to the standard library's maps package by
// changing only the import, keys := maps.Keys(m); sort.Strings(keys), in
// the belief that maps.Keys returns a slice there too.
//
// Promise: the standard library has no package maps before Go 1.21; Go
// 1.21 and 1.22 have one without Keys (Go issue 61538 removed it before
// the release); from Go 1.23 maps.Keys returns an iterator, iter.Seq[K]
// (Go issue 61900), which is not a slice. Nothing promises a slice.
//
// Checks: whether the toolchain compiles the program at all: a rejection
// with a message that says there is no such package, no maps.Keys, or
// that the iterator cannot be used as a []string, is the measurement,
// outcome rejected. When a toolchain accepts it, the program checks that
// the sorted slice holds exactly the map's keys (else corrupt) and reports
// clean with metric keys, the slice's length.
//
// maplab:build-outcome `^cannot find package "maps"` `^package maps is not in (GOROOT|std)\b` `^import file .maps. not found$` `^undefined: maps\.Keys$` `^cannot use keys \(variable of .*type iter\.Seq\[string\]\) as \[\]string value`
// maplab:modes plain
// maplab:claims maps-keys-returns-slice
package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"sort"
)

const probe = "maps-keys-slice"

func main() {
	m := map[string]int{"b": 2, "c": 3, "a": 1}
	keys := maps.Keys(m)
	sort.Strings(keys)
	metrics := map[string]float64{"keys": float64(len(keys))}
	if fmt.Sprint(keys) != "[a b c]" {
		report("corrupt", fmt.Sprintf("compiled: maps.Keys of a map with keys a, b, c gave %v once sorted", keys), metrics)
	}
	report("clean", fmt.Sprintf("compiled: maps.Keys returned the keys as a slice, %v once sorted", keys), metrics)
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
