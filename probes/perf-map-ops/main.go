// Probe perf-map-ops: the time of a map lookup that hits, one that misses, an insert and an iteration step, for int, string and struct keys at 6, 1,000 and 1,000,000 entries.
//
// Hazard: programs are tuned, and Go releases judged, on the strength of
// the claim that the Swiss-table maps of Go 1.24 are faster than the
// bucket maps before them. The claim comes from benchmarks of a few key
// types and sizes; Go issue 70849 reports lookups in small maps with keys
// that have no specialised fast path (struct keys) getting slower.
//
// Promise: none about speed. Every lookup of a present key must find its
// value, every lookup of an absent key must find nothing, every map built
// must end with its n entries, and an iteration must visit every entry
// once.
//
// Checks: three key types, int64 (a fast path in both designs), a
// 16-byte string (a fast path too) and a struct of an int64 and an int32
// (no fast path: the generic code), at three sizes, 6, 1,000 and
// 1,000,000 entries. For each, four operations: hit (look up present keys
// in a random order), miss (look up absent keys), insert (build maps from
// empty without a size hint, the growth included) and iterate (range over
// the map). The first pass builds every map from empty, and that build
// is its first insert measurement; then repetitions measure every
// combination again, in an order rotated between repetitions, after a
// garbage collection, except the insert at 1,000,000 entries, measured
// once per trial by the build (it is most of a repetition's cost:
// 1.3 s of a 1.9 s repetition on go1.26.8, when it was repeated).
// A measurement is at least 50,000 operations (100,000 until 2026-12-05,
// when a repetition took 0.45 s; the shortest still takes a quarter of a
// millisecond, thousands of times the clock's resolution). Repetitions
// go on for about 0.5s (3 to 5 of them; with gccgo, whose
// repetition takes about 4s, 1: both claims read gc cells only). The
// metric OP_KEY_SIZE (e.g. hit_struct_6, insert_string_1m) is the median
// over a trial's measurements of the nanoseconds per operation (per entry
// visited for iterate), OP_KEY_SIZE_lo and OP_KEY_SIZE_hi the smallest and
// largest. Times are not comparable between machines; within one
// machine's run they are comparable between releases. A wrong lookup, a
// map of the wrong length or an iteration that misses or repeats an entry
// makes the trial corrupt.
//
// maplab:claims swiss-maps-faster swiss-maps-faster-than-noswissmap
// maplab:modes plain
// maplab:alone
// maplab:trials 17 exactly -- swiss-maps-faster reads 72 cells, each
// compared with a baseline: each side's median at 1 - 0.05/144 needs at
// least 13 trials (the range of n trials covers the median with 1 -
// 2·0.5^n). What changed compares this probe's medians between releases
// with every other value of the report, about 560 comparisons whose two
// intervals each need 1 - 0.05/1120: 16 trials, one more for a lost
// trial (with 14, on 2026-12-05, it could no longer show that go1.26.8's
// lookups in maps of 1,000 entries take half the time of go1.19.8's). At
// 17 the claim's intervals leave the most extreme trial on each side out.
// Under the claims' run-to-run margin a comparison decides only beyond a
// ratio of 1.5, and a disturbed trial can only leave it undecided. (It
// was 22 trials before the margin. A trial takes about 2.5 s, 1.5 s of it
// building the three maps of 1,000,000 entries whose inserts the claim
// times.)
// maplab:timeout 30s
// maplab:observe "{hit_int_6:.1} ns per hit (int key, 6 entries)" "{hit_struct_6:.1} (struct key)"
// maplab:unsupported gccgo -- its question is gc's map design (the Swiss tables of go1.24 against the bucket maps before them), which gccgo's maps are neither of; no claim reads a gccgo cell, and the two gccgo cells took about 2 min 20 s of a 21-minute cold local run (2026-12-05)
// maplab:unsupported js -- one trial runs past its 30 s timeout in Node.js (measured 2026-12-05: GopherJS 1.19, go1.26.8 and go1.27.3 js/wasm, hang in one trial each); its maps of 1,000,000 entries need a native target
package main

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"sort"
	"time"
)

const probe = "perf-map-ops"

const (
	opsPerMeasure = 50000 // lookups, inserts or entries visited per measurement (at least)
	maxReps       = 5
	budget        = 500 * time.Millisecond
)

// skey is a key type without a fast path in either map design.
type skey struct {
	a int64
	b int32
}

var sizes = []struct {
	name string
	n    int
}{{"6", 6}, {"1k", 1000}, {"1m", 1000000}}

var keyNames = []string{"int", "string", "struct"}

var opNames = []string{"hit", "miss", "insert", "iterate"}

// opInsert is the index of "insert" in opNames.
const opInsert = 2

// claimed lists the metrics the claims of claims/claims.json read; main
// stops with an error if one of them is not among the metrics it reports.
var claimed = []string{
	"hit_int_6", "miss_int_6", "insert_int_6", "iterate_int_6",
	"hit_string_6", "miss_string_6", "insert_string_6", "iterate_string_6",
	"hit_struct_6", "miss_struct_6", "insert_struct_6", "iterate_struct_6",
	"hit_int_1k", "miss_int_1k", "insert_int_1k", "iterate_int_1k",
	"hit_string_1k", "miss_string_1k", "insert_string_1k", "iterate_string_1k",
	"hit_struct_1k", "miss_struct_1k", "insert_struct_1k", "iterate_struct_1k",
	"hit_int_1m", "miss_int_1m", "insert_int_1m", "iterate_int_1m",
	"hit_string_1m", "miss_string_1m", "insert_string_1m", "iterate_string_1m",
	"hit_struct_1m", "miss_struct_1m", "insert_struct_1m", "iterate_struct_1m",
}

// dataset holds, for one size, the keys of each type, present ones at
// even positions of the key space and absent ones at odd, the filled maps
// (nil until the first insert measurement builds them), and the random
// order in which lookups visit the keys.
type dataset struct {
	n                      int
	ints, intsMiss         []int64
	strs, strsMiss         []string
	structs, structsMiss   []skey
	intMap                 map[int64]int64
	strMap                 map[string]int64
	structMap              map[skey]int64
	order                  []int32
	sinkHits, sinkExpected int
}

// strKey returns the 16-byte string key of position i: "key-" and i in 12
// digits.
func strKey(i int) string {
	b := []byte("key-000000000000")
	for j := len(b) - 1; i > 0; j-- {
		b[j] = byte('0' + i%10)
		i /= 10
	}
	return string(b)
}

func newDataset(n int, rng *rand.Rand) *dataset {
	d := &dataset{n: n,
		ints: make([]int64, n), intsMiss: make([]int64, n),
		strs: make([]string, n), strsMiss: make([]string, n),
		structs: make([]skey, n), structsMiss: make([]skey, n)}
	for i := 0; i < n; i++ {
		d.ints[i], d.intsMiss[i] = int64(2*i), int64(2*i+1)
		d.strs[i], d.strsMiss[i] = strKey(2*i), strKey(2*i+1)
		d.structs[i], d.structsMiss[i] = skey{int64(2 * i), int32(i)}, skey{int64(2*i + 1), int32(i)}
	}
	d.order = make([]int32, opsPerMeasure)
	for i := range d.order {
		d.order[i] = int32(rng.Intn(n))
	}
	return d
}

// measure runs operation op on key type key of d and returns the
// nanoseconds per operation, or a description of what went wrong.
func measure(d *dataset, op, key int) (float64, string) {
	start := time.Now()
	count, bad := 0, ""
	switch op {
	case 0, 1:
		count = len(d.order)
		found := lookups(d, op == 0, key)
		if op == 0 && found != count {
			bad = fmt.Sprintf("%d of %d lookups of present keys found their value", found, count)
		}
		if op == 1 && found != 0 {
			bad = fmt.Sprintf("%d of %d lookups of absent keys found a value", found, count)
		}
	case 2:
		var wrong int
		count, wrong = inserts(d, key)
		if wrong > 0 {
			bad = fmt.Sprintf("%d maps built with %d inserts did not have %d entries", wrong, d.n, d.n)
		}
	case 3:
		var wrong int
		count, wrong = iterations(d, key)
		if wrong > 0 {
			bad = fmt.Sprintf("%d iterations did not visit each of the %d entries once", wrong, d.n)
		}
	}
	return float64(time.Since(start).Nanoseconds()) / float64(count), bad
}

// lookups looks up, in d's random order, the present keys (hit) or the
// absent ones, and returns how many found the entry's value.
func lookups(d *dataset, hit bool, key int) int {
	found := 0
	switch key {
	case 0:
		keys := d.intsMiss
		if hit {
			keys = d.ints
		}
		for _, i := range d.order {
			if v, ok := d.intMap[keys[i]]; ok && v == int64(i) {
				found++
			}
		}
	case 1:
		keys := d.strsMiss
		if hit {
			keys = d.strs
		}
		for _, i := range d.order {
			if v, ok := d.strMap[keys[i]]; ok && v == int64(i) {
				found++
			}
		}
	case 2:
		keys := d.structsMiss
		if hit {
			keys = d.structs
		}
		for _, i := range d.order {
			if v, ok := d.structMap[keys[i]]; ok && v == int64(i) {
				found++
			}
		}
	}
	return found
}

// inserts builds maps of d.n entries from empty, without a size hint,
// until at least opsPerMeasure inserts (or one map) are done, keeps the
// last one as d's map for the other operations, and returns the number of
// inserts and of maps that ended with the wrong length.
func inserts(d *dataset, key int) (count, wrong int) {
	for count == 0 || count < opsPerMeasure {
		n := 0
		switch key {
		case 0:
			m := map[int64]int64{}
			for i, k := range d.ints {
				m[k] = int64(i)
			}
			n, d.intMap = len(m), m
		case 1:
			m := map[string]int64{}
			for i, k := range d.strs {
				m[k] = int64(i)
			}
			n, d.strMap = len(m), m
		case 2:
			m := map[skey]int64{}
			for i, k := range d.structs {
				m[k] = int64(i)
			}
			n, d.structMap = len(m), m
		}
		if n != d.n {
			wrong++
		}
		count += d.n
	}
	return count, wrong
}

// iterations ranges over the filled map until at least opsPerMeasure
// entries (or one whole map) are visited, and returns the entries visited
// and the number of iterations whose values did not sum as each entry
// once would.
func iterations(d *dataset, key int) (count, wrong int) {
	want := int64(d.n) * int64(d.n-1) / 2
	for count == 0 || count < opsPerMeasure {
		var sum int64
		switch key {
		case 0:
			for _, v := range d.intMap {
				sum += v
			}
		case 1:
			for _, v := range d.strMap {
				sum += v
			}
		case 2:
			for _, v := range d.structMap {
				sum += v
			}
		}
		if sum != want {
			wrong++
		}
		count += d.n
	}
	return count, wrong
}

func main() {
	rng := rand.New(rand.NewSource(1))
	data := make([]*dataset, len(sizes))
	for si, s := range sizes {
		data[si] = newDataset(s.n, rng)
	}
	combos := len(sizes) * len(keyNames) * len(opNames)
	// times[combo] holds nanoseconds per operation, one per repetition.
	times := make([][]float64, combos)
	// The first pass builds the maps: each build is an insert measurement.
	for si := range sizes {
		for key := range keyNames {
			c := (si*len(keyNames)+key)*len(opNames) + opInsert
			ns, bad := measure(data[si], opInsert, key)
			if bad != "" {
				report("corrupt", fmt.Sprintf("insert, %s keys, %d entries: %s", keyNames[key], sizes[si].n, bad), nil)
			}
			times[c] = append(times[c], ns)
		}
	}
	// minReps is the least number of repetitions: 3 with gc, whose cells
	// the claims compare between releases, 1 with gccgo (see the header).
	minReps := 3
	if runtime.Compiler == "gccgo" {
		minReps = 1
	}
	begin := time.Now()
	reps := 0
	for reps < maxReps && (reps < minReps || time.Since(begin) < budget) {
		runtime.GC()
		for j := 0; j < combos; j++ {
			c := (j + reps*5) % combos
			si, key, op := c/(len(keyNames)*len(opNames)), c/len(opNames)%len(keyNames), c%len(opNames)
			if op == opInsert && sizes[si].n >= opsPerMeasure {
				continue // measured once, by the build
			}
			ns, bad := measure(data[si], op, key)
			if bad != "" {
				report("corrupt", fmt.Sprintf("%s, %s keys, %d entries: %s", opNames[op], keyNames[key], sizes[si].n, bad), nil)
			}
			times[c] = append(times[c], ns)
		}
		reps++
	}
	metrics := map[string]float64{"repetitions": float64(reps)}
	for c, ts := range times {
		si, key, op := c/(len(keyNames)*len(opNames)), c/len(opNames)%len(keyNames), c%len(opNames)
		name := opNames[op] + "_" + keyNames[key] + "_" + sizes[si].name
		sort.Float64s(ts)
		metrics[name] = round3(ts[len(ts)/2])
		metrics[name+"_lo"] = round3(ts[0])
		metrics[name+"_hi"] = round3(ts[len(ts)-1])
	}
	for _, name := range claimed {
		if _, ok := metrics[name]; !ok {
			fmt.Fprintln(os.Stderr, "maplab: the probe does not report claimed metric", name)
			os.Exit(1)
		}
	}
	report("clean", fmt.Sprintf("%d repetitions: every lookup, map and iteration was right; ns per op, hit/miss/insert/iterate, struct keys, 6 entries: %v/%v/%v/%v",
		reps, metrics["hit_struct_6"], metrics["miss_struct_6"], metrics["insert_struct_6"], metrics["iterate_struct_6"]), metrics)
}

// round3 rounds a positive number to three decimals.
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
