// Probe perf-delete-loop-vs-remake: emptying a map with the delete loop against making a new one, as ratios.
//
// Hazard: code that reuses a map empties it with
// for k := range m { delete(m, k) } or replaces it with
// m = make(map[K]V, n), picking one on the strength of the folklore that
// the delete loop is slow (one iterator step and one delete per entry) and
// a new map is cheap, a belief that ignores both what the compiler does
// with the idiom and the garbage the new map leaves to the collector.
//
// Promise: none about speed. The spec says a map entry removed during a
// range loop is not produced later, so the loop empties the map (entries
// whose key is not equal to itself, such as NaN, excepted). gc turns this
// exact loop (a new key variable, the single statement delete(m, k), the
// same map) into one call of runtime.mapclear when == on the key type is
// reflexive (isMapClear in cmd/compile/internal/walk/range.go of go1.19,
// go1.26.8 and go1.27.3), so not for float64 keys; gccgo 11 and 12 turn
// it into runtime.mapclear for float64 keys too (seen in their assembly).
// go1.19 rewrites the loop only in the body of the function that holds it,
// not in a copy inlined elsewhere (seen in its assembly), so the loops here
// are in functions kept out of line.
//
// Checks: in one process, with the collector off except for explicit
// runtime.GC calls, four ways of emptying a map of 100000 keys are timed:
// the delete loop and m = make(map[K]V, 100000), each with int and with
// float64 keys. Every step starts from the map refilled with the same
// 100000 keys (untimed) and a runtime.GC (untimed); the step is timed
// alone, and again together with a runtime.GC right after it, which
// counts the collection of the garbage a new map leaves. One repetition
// times every variant once, in an order rotated between repetitions;
// repetitions go on for about 0.4s (3 to 25 of them; 1s, 20 to 23
// repetitions, until 2026-12-05). For each comparison
// A/B the time ratio is taken per repetition; the metric NAME is the
// median over repetitions, NAME_lo and NAME_hi the smallest and largest:
// delete_remake (int keys, step alone), delete_remake_gc (int keys, step
// and collection), float_delete_remake (float64 keys, step alone),
// float_int_delete (the float64 delete loop over the int one) and
// refill_remake_delete (refilling the new map over refilling the emptied
// one, the cost the new map defers to the next fill). The map must be
// empty after every step and hold exactly the 100000 keys with their
// values after every refill, or the trial is corrupt.
//
// maplab:claims delete-loop-slower-than-remake
// maplab:modes plain
// maplab:alone
// maplab:trials 11 exactly -- its claim reads 10 cells of two looks each
// (the runner's sequential rule, which adds 11 trials to a cell near the
// threshold): a median at 1 - 0.05/20 needs at least 10 trials, one more
// for a lost trial
// maplab:timeout 20s
// maplab:observe "the delete loop takes {delete_remake:.2}× the time of remaking"
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"time"
)

const probe = "perf-delete-loop-vs-remake"

const (
	entries = 100000
	minReps = 3
	maxReps = 25
	budget  = 400 * time.Millisecond
)

// The maps, global so that the compiler cannot see what happens to them
// between the steps.
var (
	intMap   map[int]int
	floatMap map[float64]int
)

// The variants, in the order of their index.
const (
	iDelInt = iota
	iRemakeInt
	iDelFloat
	iRemakeFloat
	nVariants
)

var variantNames = [nVariants]string{"int delete loop", "int make", "float64 delete loop", "float64 make"}

// value is the only value key k ever has.
func value(k int) int { return k*7 + 1 }

// deleteInts and deleteFloats are kept out of line: go1.19 compiles the
// idiom to runtime.mapclear in the function's own body but leaves the copy
// inlined into a caller an ordinary loop (seen with -gcflags=-S), while
// go1.26.8 and go1.27.3 rewrite both.
//
//go:noinline
func deleteInts() {
	m := intMap
	for k := range m {
		delete(m, k)
	}
}

//go:noinline
func deleteFloats() {
	m := floatMap
	for k := range m {
		delete(m, k)
	}
}

func remakeInts()   { intMap = make(map[int]int, entries) }
func remakeFloats() { floatMap = make(map[float64]int, entries) }

func refillInts() {
	m := intMap
	for k := 0; k < entries; k++ {
		m[k] = value(k)
	}
}

func refillFloats() {
	m := floatMap
	for k := 0; k < entries; k++ {
		m[float64(k)] = value(k)
	}
}

// full reports the first way the map of variant i differs from the refilled
// contents.
func full(i int) string {
	if i == iDelInt || i == iRemakeInt {
		if len(intMap) != entries {
			return fmt.Sprintf("len %d, want %d", len(intMap), entries)
		}
		for k := 0; k < entries; k += 997 {
			if v, ok := intMap[k]; !ok || v != value(k) {
				return fmt.Sprintf("key %d: got %d (present %v), want %d", k, v, ok, value(k))
			}
		}
		return ""
	}
	if len(floatMap) != entries {
		return fmt.Sprintf("len %d, want %d", len(floatMap), entries)
	}
	for k := 0; k < entries; k += 997 {
		if v, ok := floatMap[float64(k)]; !ok || v != value(k) {
			return fmt.Sprintf("key %d: got %d (present %v), want %d", k, v, ok, value(k))
		}
	}
	return ""
}

// empty reports the length of the map of variant i if it is not empty.
func empty(i int) string {
	n := len(intMap)
	if i == iDelFloat || i == iRemakeFloat {
		n = len(floatMap)
	}
	if n != 0 {
		return fmt.Sprintf("len %d after emptying, want 0", n)
	}
	return ""
}

// measure refills the map of variant i, collects garbage, empties the map
// the variant's way and collects garbage again. It returns the time of the
// refill, of the step, and of the step with the collection after it.
func measure(i int) (refill, step, withGC time.Duration) {
	t0 := time.Now()
	if i == iDelInt || i == iRemakeInt {
		refillInts()
	} else {
		refillFloats()
	}
	refill = time.Since(t0)
	if msg := full(i); msg != "" {
		report("corrupt", fmt.Sprintf("%s: after the refill: %s", variantNames[i], msg), nil)
	}
	runtime.GC()
	start := time.Now()
	switch i {
	case iDelInt:
		deleteInts()
	case iRemakeInt:
		remakeInts()
	case iDelFloat:
		deleteFloats()
	case iRemakeFloat:
		remakeFloats()
	}
	stepEnd := time.Now()
	runtime.GC()
	end := time.Now()
	if msg := empty(i); msg != "" {
		report("corrupt", fmt.Sprintf("%s: %s", variantNames[i], msg), nil)
	}
	return refill, stepEnd.Sub(start), end.Sub(start)
}

func main() {
	debug.SetGCPercent(-1)
	intMap = make(map[int]int, entries)
	floatMap = make(map[float64]int, entries)
	var refill, step, withGC [nVariants][]float64
	begin := time.Now()
	reps := 0
	for reps < maxReps && (reps < minReps || time.Since(begin) < budget) {
		for j := 0; j < nVariants; j++ {
			i := (j + reps) % nVariants
			r, s, g := measure(i)
			refill[i] = append(refill[i], r.Seconds())
			step[i] = append(step[i], s.Seconds())
			withGC[i] = append(withGC[i], g.Seconds())
		}
		reps++
	}
	metrics := map[string]float64{"repetitions": float64(reps), "entries": entries}
	ratio(metrics, "delete_remake", step[iDelInt], step[iRemakeInt])
	ratio(metrics, "delete_remake_gc", withGC[iDelInt], withGC[iRemakeInt])
	ratio(metrics, "float_delete_remake", step[iDelFloat], step[iRemakeFloat])
	ratio(metrics, "float_int_delete", step[iDelFloat], step[iDelInt])
	ratio(metrics, "refill_remake_delete", refill[iRemakeInt], refill[iDelInt])
	report("clean", fmt.Sprintf("%d repetitions over %d keys: every step emptied the map; delete loop/make, int keys: %v (%v..%v), with the collection: %v (%v..%v)",
		reps, entries, metrics["delete_remake"], metrics["delete_remake_lo"], metrics["delete_remake_hi"],
		metrics["delete_remake_gc"], metrics["delete_remake_gc_lo"], metrics["delete_remake_gc_hi"]), metrics)
}

// ratio stores the median, smallest and largest of the per-repetition
// ratios a[r]/b[r] as NAME, NAME_lo and NAME_hi.
func ratio(metrics map[string]float64, name string, a, b []float64) {
	var rs []float64
	for r := range a {
		d := b[r]
		if d <= 0 {
			d = 1e-9 // a step below the clock's resolution
		}
		rs = append(rs, a[r]/d)
	}
	sort.Float64s(rs)
	metrics[name] = round3(rs[len(rs)/2])
	metrics[name+"_lo"] = round3(rs[0])
	metrics[name+"_hi"] = round3(rs[len(rs)-1])
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
