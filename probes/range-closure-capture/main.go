// Probe range-closure-capture: closures and goroutines that capture the k, v variables of a map range.
//
// Hazard: a range loop over a map creates closures or starts goroutines that
// refer to the loop's k and v. Until Go 1.22 the loop had one k and one v for
// all iterations, so every closure saw the last entry; since Go 1.22 each
// iteration has its own. Which one a program gets depends on the language
// version its module declares (the go line of go.mod), not on the toolchain.
//
// Promise: the spec of the language version in force: before go1.22 the
// iteration variables are shared by all iterations; from go1.22 on each
// iteration has fresh variables.
//
// Checks: the captured pairs must follow one of the two semantics
// consistently: either every closure and goroutine sees the last entry
// produced (shared variables) or each sees the entry of its own iteration
// (per-iteration variables); any mixture is corrupt. Goroutines read the
// variables only after the loop has finished (they wait on a channel), so
// the probe has no data race under either semantics. Both outcomes are
// clean; metric per_iteration is 1 for per-iteration and 0 for shared
// variables.
//
// maplab:langs go1.21 toolchain
// maplab:claims range-capture-shared-before-1.22
// maplab:observe "{per_iteration:?a variable per iteration|one variable shared}" "distinct values captured: {distinct_captured}"
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
)

const probe = "range-closure-capture"

const entries = 8

type pair struct{ k, v int }

func main() {
	m := make(map[int]int)
	for k := 0; k < entries; k++ {
		m[k] = k * 10
	}

	var produced []pair
	var closures []func() pair
	seen := make([]pair, entries)
	start := make(chan struct{})
	var wg sync.WaitGroup
	i := 0
	for k, v := range m {
		produced = append(produced, pair{k, v})
		closures = append(closures, func() pair { return pair{k, v} })
		wg.Add(1)
		go func(slot int) {
			defer wg.Done()
			<-start
			seen[slot] = pair{k, v}
		}(i)
		i++
	}
	close(start)
	wg.Wait()

	captured := make([]pair, 0, 2*entries)
	for _, f := range closures {
		captured = append(captured, f())
	}
	captured = append(captured, seen...)

	last := produced[len(produced)-1]
	shared, perIteration := true, true
	for j, c := range captured {
		shared = shared && c == last
		perIteration = perIteration && c == produced[j%entries]
	}
	switch {
	case perIteration:
		report("clean", fmt.Sprintf("per-iteration k, v: each of %d closures and %d goroutines saw the entry of its own iteration", entries, entries),
			map[string]float64{"per_iteration": 1, "distinct_captured": float64(distinct(captured))})
	case shared:
		report("clean", fmt.Sprintf("shared k, v: all %d closures and %d goroutines saw the last entry produced (%d, %d)", entries, entries, last.k, last.v),
			map[string]float64{"per_iteration": 0, "distinct_captured": float64(distinct(captured))})
	}
	report("corrupt", fmt.Sprintf("captured pairs %v follow neither semantics (produced %v)", captured, produced),
		map[string]float64{"distinct_captured": float64(distinct(captured))})
}

// distinct returns the number of distinct pairs in ps.
func distinct(ps []pair) int {
	set := make(map[pair]bool)
	for _, p := range ps {
		set[p] = true
	}
	return len(set)
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
