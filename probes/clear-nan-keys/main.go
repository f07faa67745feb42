// Probe clear-nan-keys: removing NaN map keys with the clear builtin.
//
// Hazard: a float-keyed map has accumulated NaN keys, which neither lookup nor
// delete can reach (see nan-keys). Before Go 1.21 the only way out was to
// drop the map; clear(m) was added partly for this case.
//
// Promise: clear(m) deletes all entries, resulting in an empty map, NaN keys
// included; the map stays usable afterwards.
//
// Checks: a map holding NaN and ordinary keys (float64, and an interface{}
// map holding NaN) is empty after clear: len is 0 and range produces
// nothing; a deleting range loop beforehand leaves the NaN entries, as the
// spec implies; after clear a new NaN entry can be added. Metrics report the
// entries left after the delete loop and after clear.
//
// maplab:minimum go1.21
// maplab:claims clear-removes-nan-keys
// maplab:modes plain
// maplab:observe "{left_after_delete_loop}/{nan_entries} NaN entries left by a delete loop, {left_after_clear} after clear"
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
)

const probe = "clear-nan-keys"

const inserts = 100

func main() {
	nan := math.NaN()
	m := make(map[float64]int)
	for i := 0; i < inserts; i++ {
		m[nan] = i
		m[float64(i)] = i
	}
	ranged := 0
	for k := range m {
		delete(m, k)
		ranged++ // keeps the loop from being compiled as the map-clear idiom (see range-delete-nan-keys)
	}
	afterDelete := len(m)
	if afterDelete != inserts {
		report("corrupt", fmt.Sprintf("a deleting range loop left %d entries, want the %d NaN entries", afterDelete, inserts), nil)
	}
	clear(m)
	produced := 0
	for range m {
		produced++
	}
	if len(m) != 0 || produced != 0 {
		report("corrupt", fmt.Sprintf("after clear len is %d and range produced %d entries", len(m), produced), nil)
	}
	m[nan] = 1
	m[2] = 2
	if len(m) != 2 {
		report("corrupt", fmt.Sprintf("after clear and two insertions len is %d, want 2", len(m)), nil)
	}

	mi := make(map[interface{}]int)
	for i := 0; i < inserts; i++ {
		mi[nan] = i
		mi[i] = i
	}
	clear(mi)
	if len(mi) != 0 {
		report("corrupt", fmt.Sprintf("interface{} map: after clear len is %d", len(mi)), nil)
	}

	report("clean", fmt.Sprintf("a deleting range loop left %d NaN entries; clear removed them all", afterDelete),
		map[string]float64{"nan_entries": inserts, "left_after_delete_loop": float64(afterDelete), "left_after_clear": 0})
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
