// Probe perf-clear-capacity: the cost of emptying a map with one entry that once held a million, against a fresh one, as a ratio.
//
// Hazard: code that reuses a map clears it in a loop (clear(m), or the
// delete loop for k := range m { delete(m, k) } before Go 1.21) in the
// belief that clearing is cheap when the map holds few entries, while the
// map keeps the capacity of its largest size and clearing may cost in
// proportion to that capacity (Go issue 70617, open).
//
// Promise: none about speed. The spec says clear deletes all entries of a
// map; a deleting range loop empties it too. gc (go1.19, go1.26.8,
// go1.27.3) compiles both the clear built-in and this exact delete loop to
// one call of runtime.mapclear (walk/range.go, walk/builtin.go), and gccgo
// 11 and 12 compile the delete loop to runtime.mapclear as well (go1.19
// only where the loop's function is not inlined, so it is kept out of
// line here). In go1.19
// mapclear zeroes the whole bucket array and keeps it (runtime/map.go); in
// go1.26.8 and go1.27.3 Map.Clear visits every table of the directory,
// skips a table with no entries and no tombstones and zeroes every group
// of the others, and keeps the directory (internal/runtime/maps/map.go and
// table.go).
//
// Checks: a map is filled with 1000000 int keys and every key but one is
// deleted one by one, so it keeps its capacity; a second map is made with
// that one entry. In one process, both are emptied with the delete loop
// and given their one entry back, over and over: one repetition times a
// batch of such clears of each map (at least 2ms of them, at least one
// clear), in an order alternated between repetitions; repetitions go on
// for about 1s (3 to 25 of them). The first clear of the big map is timed
// alone. Metrics: clear_big_small, the median over repetitions of the
// ratio of the big map's time per clear to the small map's, with
// clear_big_small_lo and clear_big_small_hi the smallest and largest and
// clear_big_small_last the last repetition's (if a clear gave the
// capacity back, later repetitions would be near 1); first_later_big, the
// first clear of the big map over its median later clear; big_clear_ns and
// small_clear_ns, the median times per clear in nanoseconds. Each map must
// be empty after every clear and hold its one entry after every insertion,
// or the trial is corrupt.
//
// maplab:claims clear-cheap-few-entries
// maplab:modes plain
// maplab:alone
// maplab:trials 10 exactly -- its claim reads 5 cells of two looks each
// (the runner's sequential rule, which adds 10 trials to a cell near the
// threshold): a median at 1 - 0.05/10 needs at least 9 trials, one more
// for a lost trial
// maplab:timeout 20s
// maplab:observe "clearing the big map takes {clear_big_small:.0}× the small one's time"
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"time"
)

const probe = "perf-clear-capacity"

const (
	bigEntries = 1000000
	minReps    = 3
	maxReps    = 25
	budget     = time.Second
	batch      = 2 * time.Millisecond
)

// value is the only value key k ever has.
func value(k int) int { return k*7 + 1 }

// clearMap empties m with the delete loop that the compilers turn into
// runtime.mapclear. It is kept out of line because go1.19 leaves a copy
// of the loop inlined into a caller an ordinary loop.
//
//go:noinline
func clearMap(m map[int]int) {
	for k := range m {
		delete(m, k)
	}
}

// cycle empties m and gives it back its one entry, checking both.
func cycle(m map[int]int, name string) {
	clearMap(m)
	if len(m) != 0 {
		report("corrupt", fmt.Sprintf("%s map: len %d after the delete loop, want 0", name, len(m)), nil)
	}
	m[0] = value(0)
	if v, ok := m[0]; !ok || v != value(0) || len(m) != 1 {
		report("corrupt", fmt.Sprintf("%s map: after inserting key 0: got %d (present %v), len %d", name, v, ok, len(m)), nil)
	}
}

// perClear runs cycles of m for at least batch and returns the time per
// cycle in seconds.
func perClear(m map[int]int, name string) float64 {
	start := time.Now()
	n := 0
	for {
		cycle(m, name)
		n++
		if d := time.Since(start); d >= batch {
			return d.Seconds() / float64(n)
		}
	}
}

func main() {
	big := make(map[int]int)
	for k := 0; k < bigEntries; k++ {
		big[k] = value(k)
	}
	for k := 1; k < bigEntries; k++ {
		delete(big, k)
	}
	if v, ok := big[0]; len(big) != 1 || !ok || v != value(0) {
		report("corrupt", fmt.Sprintf("big map after deleting all keys but 0: len %d, key 0 %d (present %v)", len(big), v, ok), nil)
	}
	small := map[int]int{0: value(0)}

	start := time.Now()
	cycle(big, "big")
	first := time.Since(start).Seconds()

	var bigT, smallT, ratios []float64
	begin := time.Now()
	reps := 0
	for reps < maxReps && (reps < minReps || time.Since(begin) < budget) {
		var b, s float64
		if reps%2 == 0 {
			b = perClear(big, "big")
			s = perClear(small, "small")
		} else {
			s = perClear(small, "small")
			b = perClear(big, "big")
		}
		bigT = append(bigT, b)
		smallT = append(smallT, s)
		ratios = append(ratios, b/s)
		reps++
	}
	last := ratios[len(ratios)-1]
	sort.Float64s(ratios)
	sort.Float64s(bigT)
	sort.Float64s(smallT)
	metrics := map[string]float64{
		"repetitions":          float64(reps),
		"big_entries":          bigEntries,
		"clear_big_small":      round3(ratios[len(ratios)/2]),
		"clear_big_small_lo":   round3(ratios[0]),
		"clear_big_small_hi":   round3(ratios[len(ratios)-1]),
		"clear_big_small_last": round3(last),
		"first_later_big":      round3(first / bigT[len(bigT)/2]),
		"big_clear_ns":         round3(bigT[len(bigT)/2] * 1e9),
		"small_clear_ns":       round3(smallT[len(smallT)/2] * 1e9),
	}
	report("clean", fmt.Sprintf("%d repetitions: both maps were empty after every clear; clearing the one-entry map that held %d entries took %v× (%v..%v) the time of clearing a fresh one-entry map (%v ns against %v ns); its first clear %v× a later one",
		reps, bigEntries, metrics["clear_big_small"], metrics["clear_big_small_lo"], metrics["clear_big_small_hi"],
		metrics["big_clear_ns"], metrics["small_clear_ns"], metrics["first_later_big"]), metrics)
}

// round3 rounds a positive ratio to three decimals.
func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }

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
