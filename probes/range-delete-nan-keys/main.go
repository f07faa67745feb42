// Probe range-delete-nan-keys: the map-clearing idiom for k := range m { delete(m, k) } on NaN keys.
//
// Hazard: code empties a map with the idiom for k := range m { delete(m, k) },
// which compilers recognise and replace with a bulk clear. On a map with NaN
// keys the idiom's meaning and the bulk clear differ: a compiler that applies
// the rewrite anyway changes what the program does.
//
// Promise: an optimisation must not change what a program does, and the
// loop's parts are well defined: range produces each NaN entry, and
// delete(m, NaN) removes nothing because no key equals NaN (gc's reading of
// the spec, golang/go#20660, #63312: only clear removes NaN keys). So the NaN
// entries must survive the loop; the ordinary keys are all removed.
//
// Checks: after the idiom, a float64-keyed map and an interface{}-keyed map
// still hold exactly their NaN entries, and a map without NaN keys is empty.
// Metrics report the entries left in each map.
//
// maplab:claims delete-idiom-empties-map
// maplab:modes plain
// maplab:observe "NaN entries left: {float64_left} float64, {interface_left} interface{}"
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
)

const probe = "range-delete-nan-keys"

const inserts = 100

func main() {
	nan := math.NaN()

	floats := make(map[float64]int)
	ifaces := make(map[interface{}]int)
	plain := make(map[float64]int)
	for i := 0; i < inserts; i++ {
		floats[nan] = i
		floats[float64(i)] = i
		ifaces[nan] = i
		ifaces[i] = i
		plain[float64(i)] = i
	}

	for k := range floats {
		delete(floats, k)
	}
	for k := range ifaces {
		delete(ifaces, k)
	}
	for k := range plain {
		delete(plain, k)
	}

	metrics := map[string]float64{"nan_entries": inserts, "float64_left": float64(len(floats)),
		"interface_left": float64(len(ifaces)), "plain_left": float64(len(plain))}
	if len(plain) != 0 {
		report("corrupt", fmt.Sprintf("the idiom left %d entries in a map without NaN keys", len(plain)), metrics)
	}
	if len(floats) != inserts || len(ifaces) != inserts {
		report("corrupt", fmt.Sprintf("the idiom left %d float64 and %d interface{} entries, want the %d NaN entries in each: NaN keys were removed although delete(m, NaN) removes nothing",
			len(floats), len(ifaces), inserts), metrics)
	}
	for k := range floats {
		if !math.IsNaN(k) {
			report("corrupt", fmt.Sprintf("the idiom left the ordinary key %v", k), metrics)
		}
	}
	report("clean", fmt.Sprintf("the idiom removed every ordinary key and left the %d NaN entries in both maps, as delete(m, NaN) removes nothing", inserts), metrics)
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
