// Probe map-value-struct-modify: modifying struct values held in a map through copies and pointers.
//
// Hazard: m[k].f = x does not compile, so programs modify a copy instead
// (v := m[k]; v.f++, or the value variable of a range loop) and expect the
// map to change; or they switch to pointer values and share them by
// accident.
//
// Promise: the spec says an index expression and a range value variable
// hold copies of the map's values: changing a copy leaves the map as it was
// until the copy is stored back with m[k] = v. With pointer values the map
// holds pointers, so changes through them are visible in the map.
//
// Checks: copies modified through lookup and range leave a struct-valued map
// unchanged, storing the copy back changes it, and changes through a
// pointer-valued map are visible. A deterministic control. Metrics count the
// entries checked.
//
// maplab:modes plain
// maplab:observe "{entries} entries checked"
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

const probe = "map-value-struct-modify"

type point struct{ X, Y int }

const entries = 100

func main() {
	values := make(map[int]point)
	pointers := make(map[int]*point)
	for k := 0; k < entries; k++ {
		values[k] = point{k, k}
		pointers[k] = &point{k, k}
	}

	for k := 0; k < entries; k++ {
		v := values[k]
		v.X += 1000
	}
	for _, v := range values {
		v.Y += 1000
	}
	for k, v := range values {
		if v != (point{k, k}) {
			report("corrupt", fmt.Sprintf("modifying copies changed the map: key %d holds %+v, want %+v", k, v, point{k, k}), nil)
		}
	}

	for k := range values {
		v := values[k]
		v.X += 1000
		values[k] = v
	}
	for k, v := range values {
		if v != (point{k + 1000, k}) {
			report("corrupt", fmt.Sprintf("storing a modified copy back: key %d holds %+v, want %+v", k, v, point{k + 1000, k}), nil)
		}
	}

	for _, p := range pointers {
		p.X += 1000
	}
	for k := 0; k < entries; k++ {
		pointers[k].Y += 1000
	}
	for k, p := range pointers {
		if *p != (point{k + 1000, k + 1000}) {
			report("corrupt", fmt.Sprintf("changes through pointer values: key %d holds %+v, want %+v", k, *p, point{k + 1000, k + 1000}), nil)
		}
	}

	report("clean", fmt.Sprintf("%d struct values were unchanged by modified copies and changed when stored back; %d pointer values showed every change", entries, entries),
		map[string]float64{"entries": entries})
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
