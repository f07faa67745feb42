// Probe perf-sync-map-churn: sync.Map against map + Mutex when a new key arrives after every Range, as ratios.
//
// Hazard: programs keep a registry whose keys come and go (sessions,
// connections) in a sync.Map and walk it with Range now and then. In the
// sync.Map of Go 1.9 to 1.23 a Range promotes the map's dirty part to its
// read-only part, and the next Store of a key that is not in the read-only
// part copies every entry of it into a new dirty map (dirtyLocked in
// sync/map.go of go1.19, the design gccgo 11 and 12 ship too): one
// Range and one new key cost a copy of the whole map. Go 1.24 replaced the
// implementation with a concurrent hash-trie (Go issue 70683; sync.Map
// wraps internal/sync.HashTrieMap in go1.26.8 and go1.27.3), whose Store
// and Range copy nothing.
//
// Promise: none about speed. The sync package documents the two cases
// sync.Map is optimised for (keys written once and read many times, or
// disjoint key sets per goroutine) and recommends a plain map with locking
// for most code; both structures must hold the right contents.
//
// Checks: in one goroutine, a sync.Map and a map[int]int under a
// sync.Mutex run the same cycles over a sliding window of n keys: a Range
// (or, under the Mutex, a range loop over the map holding the lock), the
// Store of the key just above the window and the Delete of its lowest key,
// so that the map always holds n keys. Workloads: the Range visits every
// key (full) or stops at the first (first), and a control whose cycle is a
// full Range alone, with no new key (rangeonly), which shows what the
// Range itself costs; each at n = 1000 (1k) and n = 100000 (100k). One
// repetition runs each structure on each workload and size for a batch of
// cycles (at least 3ms of them, at least one cycle), the structures in an
// order alternated between repetitions; repetitions go on for about 0.2s
// (3 to 25 of them; 0.8s until 2026-12-05, when a trial's 11 or 12
// repetitions took 0.8s of its 1.3s). The metric syncmap_mutex_W_N is the median over
// repetitions of the ratio of the sync.Map's time per cycle to the Mutex
// map's (W full, first or rangeonly, N 1k or 100k), with _lo and _hi the
// smallest and largest; growth_W is the median of the per-repetition ratio
// of syncmap_mutex_W_100k to syncmap_mutex_W_1k.
// A Range that produces a key outside the window or a wrong value, a full
// Range that does not produce n keys, or final contents other than the
// window make the trial corrupt.
//
// maplab:claims sync-map-slow-key-churn
// maplab:modes plain
// maplab:alone
// maplab:trials 11 exactly -- its claim reads 10 cells of two looks each
// (the runner's sequential rule, which adds 11 trials to a cell near the
// threshold): a median at 1 - 0.05/20 needs at least 10 trials, one more
// for a lost trial
// maplab:timeout 20s
// maplab:observe "sync.Map takes {syncmap_mutex_full_100k:.1}× the mutex map's time (100k keys)"
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"
)

const probe = "perf-sync-map-churn"

const (
	minReps = 3
	maxReps = 25
	budget  = 200 * time.Millisecond
	batch   = 3 * time.Millisecond
)

// value is the only value key k ever has.
func value(k int) int { return k*7 + 1 }

// store is the interface both structures are measured through, so that the
// call overhead is the same for both. walk calls f for the entries, as
// Range does, until f returns false.
type store interface {
	walk(f func(k, v int) bool)
	store(k, v int)
	del(k int)
}

type mutexMap struct {
	mu sync.Mutex
	m  map[int]int
}

func (s *mutexMap) walk(f func(k, v int) bool) {
	s.mu.Lock()
	for k, v := range s.m {
		if !f(k, v) {
			break
		}
	}
	s.mu.Unlock()
}
func (s *mutexMap) store(k, v int) { s.mu.Lock(); s.m[k] = v; s.mu.Unlock() }
func (s *mutexMap) del(k int)      { s.mu.Lock(); delete(s.m, k); s.mu.Unlock() }

type syncMap struct{ m sync.Map }

func (s *syncMap) walk(f func(k, v int) bool) {
	s.m.Range(func(k, v interface{}) bool { return f(k.(int), v.(int)) })
}
func (s *syncMap) store(k, v int) { s.m.Store(k, v) }
func (s *syncMap) del(k int)      { s.m.Delete(k) }

// window is one structure on one workload and size: it holds the keys
// [lo, lo+n).
type window struct {
	s     store
	n, lo int
	full  bool
	churn bool
}

// cycle runs one Range, one Store of a new key and one Delete of an old
// one, and returns a description of the first thing the Range got wrong.
func (w *window) cycle() string {
	seen, bad := 0, ""
	w.s.walk(func(k, v int) bool {
		seen++
		if k < w.lo || k >= w.lo+w.n || v != value(k) {
			bad = fmt.Sprintf("Range produced key %d with value %d, window [%d, %d)", k, v, w.lo, w.lo+w.n)
			return false
		}
		return w.full
	})
	if bad == "" && w.full && seen != w.n {
		bad = fmt.Sprintf("a full Range produced %d keys, want %d", seen, w.n)
	}
	if bad == "" && !w.full && seen != 1 {
		bad = fmt.Sprintf("a Range that stops at the first key produced %d keys", seen)
	}
	if w.churn {
		w.s.store(w.lo+w.n, value(w.lo+w.n))
		w.s.del(w.lo)
		w.lo++
	}
	return bad
}

// perCycle runs cycles for at least batch and returns the time per cycle
// in seconds.
func (w *window) perCycle(name string) float64 {
	start := time.Now()
	cycles := 0
	for {
		if msg := w.cycle(); msg != "" {
			report("corrupt", name+": "+msg, nil)
		}
		cycles++
		if d := time.Since(start); d >= batch {
			return d.Seconds() / float64(cycles)
		}
	}
}

// check reports the first way the contents differ from the window.
func (w *window) check() string {
	got := map[int]int{}
	w.s.walk(func(k, v int) bool { got[k] = v; return true })
	if len(got) != w.n {
		return fmt.Sprintf("%d keys, want %d", len(got), w.n)
	}
	for k := w.lo; k < w.lo+w.n; k++ {
		if v, ok := got[k]; !ok || v != value(k) {
			return fmt.Sprintf("key %d: got %d (present %v), want %d", k, v, ok, value(k))
		}
	}
	return ""
}

type size struct {
	name string
	n    int
}

var sizes = []size{{"1k", 1000}, {"100k", 100000}}

type workload struct {
	name        string
	full, churn bool
}

var workloads = []workload{{"full", true, true}, {"first", false, true}, {"rangeonly", true, false}}

const (
	iSync = iota
	iMutex
	nStructs
)

var structNames = [nStructs]string{"sync.Map", "map+Mutex"}

func newWindow(i, n int, wl workload) *window {
	var s store = &syncMap{}
	if i == iMutex {
		s = &mutexMap{m: map[int]int{}}
	}
	for k := 0; k < n; k++ {
		s.store(k, value(k))
	}
	return &window{s: s, n: n, full: wl.full, churn: wl.churn}
}

func main() {
	// ws[size][workload][structure]; ratios[size][workload] per repetition.
	ws := make([][][nStructs]*window, len(sizes))
	ratios := make([][][]float64, len(sizes))
	for si, sz := range sizes {
		ws[si] = make([][nStructs]*window, len(workloads))
		ratios[si] = make([][]float64, len(workloads))
		for wi, wl := range workloads {
			for i := 0; i < nStructs; i++ {
				ws[si][wi][i] = newWindow(i, sz.n, wl)
			}
		}
	}
	begin := time.Now()
	reps := 0
	for reps < maxReps && (reps < minReps || time.Since(begin) < budget) {
		for si, sz := range sizes {
			for wi, wl := range workloads {
				var t [nStructs]float64
				for j := 0; j < nStructs; j++ {
					i := (j + reps) % nStructs
					t[i] = ws[si][wi][i].perCycle(fmt.Sprintf("%s, %s Range, %s keys", structNames[i], wl.name, sz.name))
				}
				ratios[si][wi] = append(ratios[si][wi], t[iSync]/t[iMutex])
			}
		}
		reps++
	}
	for si, sz := range sizes {
		for wi, wl := range workloads {
			for i := 0; i < nStructs; i++ {
				if msg := ws[si][wi][i].check(); msg != "" {
					report("corrupt", fmt.Sprintf("%s, %s Range, %s keys, final contents: %s", structNames[i], wl.name, sz.name, msg), nil)
				}
			}
		}
	}
	metrics := map[string]float64{"repetitions": float64(reps)}
	for wi, wl := range workloads {
		for si, sz := range sizes {
			median(metrics, "syncmap_mutex_"+wl.name+"_"+sz.name, ratios[si][wi])
		}
		var growth []float64
		for r := 0; r < reps; r++ {
			growth = append(growth, ratios[1][wi][r]/ratios[0][wi][r])
		}
		median(metrics, "growth_"+wl.name, growth)
	}
	report("clean", fmt.Sprintf("%d repetitions: both structures held the right keys throughout; sync.Map/Mutex time per cycle at 100000 keys: %v (%v..%v) with a full Range, %v (%v..%v) with a Range that stops at the first key",
		reps, metrics["syncmap_mutex_full_100k"], metrics["syncmap_mutex_full_100k_lo"], metrics["syncmap_mutex_full_100k_hi"],
		metrics["syncmap_mutex_first_100k"], metrics["syncmap_mutex_first_100k_lo"], metrics["syncmap_mutex_first_100k_hi"]), metrics)
}

// median stores the median, smallest and largest of rs as NAME, NAME_lo
// and NAME_hi.
func median(metrics map[string]float64, name string, rs []float64) {
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
