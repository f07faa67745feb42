//go:build maplab_build_outcome

// Probe map-literal-duplicate-int-key: a map literal that repeats a constant int key.
//
// Hazard: a long map literal (a lookup table, a set of names) is edited by
// hand, and the same key ends up in it twice, as map[int]int{0: 1, 0: 2}.
// Whichever entry wins, one of the two is lost without a word.
//
// Promise: the spec's Composite literals section says it is an error to
// specify multiple elements with the same constant key value, so the
// program must not compile. Go issue 28104 reported gccgo accepting this
// very form; the issue says later gccgo releases reject it.
//
// Checks: whether the toolchain compiles the program at all: a rejection
// whose message says "duplicate key ... in map literal" (gc names the
// key, gccgo does not) is the measurement, outcome rejected. When the
// toolchain accepts it, the program checks what the literal built: one
// entry (else corrupt); it reports clean with the value kept, and metrics
// len and last_kept (1 when the second value won).
//
// maplab:build-outcome `^duplicate key (.* )?in map literal$`
// maplab:modes plain
// maplab:claims duplicate-int-keys-rejected
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

const probe = "map-literal-duplicate-int-key"

func main() {
	m := map[int]int{0: 1, 0: 2}
	v, ok := m[0]
	last := 0.0
	if v == 2 {
		last = 1
	}
	metrics := map[string]float64{"len": float64(len(m)), "last_kept": last}
	if len(m) != 1 || !ok || v != 1 && v != 2 {
		report("corrupt", fmt.Sprintf("compiled: the literal with the int key 0 twice built %v (len %d), want one entry", m, len(m)), metrics)
	}
	which := "first"
	if last == 1 {
		which = "last"
	}
	report("clean", fmt.Sprintf("compiled: the literal kept the %s value, len %d", which, len(m)), metrics)
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
