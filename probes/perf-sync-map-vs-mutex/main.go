// Probe perf-sync-map-vs-mutex: throughput of map + Mutex, map + RWMutex, sync.Map and a map sharded over 16 RWMutexes, as ratios.
//
// Hazard: programs pick a concurrent map on the strength of repeated
// performance claims (sync.Map is several times faster than a map under an
// RWMutex when reads dominate; sharding over 16 locks multiplies
// throughput) that come from benchmarks which never contend, never write,
// or ran on one release and machine.
//
// Promise: none about speed. The sync package documents what sync.Map is
// optimised for (keys written once and read many times, or disjoint key
// sets per goroutine); every structure here must end with the right
// contents.
//
// Checks: in one process, five structures run the same operations: a map
// under a sync.Mutex, a map under a sync.RWMutex (RLock to read), a
// sync.Map, a map sharded over 16 sync.RWMutexes, and a plain map used by a
// single goroutine (the floor). Workloads read 90% and 50% of the time
// (r90, r50: the two its claims read; 100% and 99%, which no claim read,
// took half of every trial until 2026-12-05) over a small (1000) and a
// large (50000) set of keys. Reads look up a key that is always present and must find its
// value; writes store or delete a key of a second, disjoint range, so the
// final contents are known whatever the interleaving. The four concurrent
// structures run with 4 goroutines whatever GOMAXPROCS is (the same work at
// every setting, only the parallelism differs); the floor runs the same
// number of operations in one goroutine. One repetition measures every
// structure once on every workload and key set, in an order rotated
// between repetitions; repetitions go on for about 0.25s (3 to 9 of
// them; with four workloads and 0.8s, until 2026-12-05, 5 to 7).
// For each comparison A/B the throughput ratio is taken per repetition; the
// metric NAME is the median over repetitions, NAME_lo and NAME_hi the
// smallest and largest. Comparisons: syncmap_rwmutex, syncmap_mutex,
// shard16_mutex, rwmutex_mutex and mutex_plain, each suffixed with the
// workload and key set (e.g. syncmap_rwmutex_r90_small). Any wrong read,
// missing key or wrong final contents makes the trial corrupt.
//
// maplab:claims sync-map-4x-rwmutex-read-heavy sharded-map-4x-mutex sync-map-slower-write-heavy sharding-helps-only-with-contention
// maplab:modes plain
// maplab:alone
// maplab:gomaxprocs 1 all -- claim sharding-helps-only-with-contention
// compares one CPU, where goroutines never contend in parallel, with all
// CPUs; the checks of its other claims read both rows.
// maplab:trials 12 exactly -- its claims read up to 20 cells each, of two
// looks each (the runner's sequential rule, which adds 12 trials to a cell
// near a threshold): a median at 1 - 0.05/40 needs at least 11 trials,
// one more for a lost trial
// maplab:timeout 20s
// maplab:observe "sync.Map throughput {syncmap_rwmutex_r90_small:.2}× the RWMutex map's (90% reads, small map)" "16 shards {shard16_mutex_r90_small:.2}× one mutex"
// maplab:unsupported gopherjs -- one trial runs past its timeout under GopherJS (measured 2026-12-05), and its timings would be of JavaScript objects, not of Go's map implementation
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

const probe = "perf-sync-map-vs-mutex"

const (
	goroutines = 4    // of every concurrent structure, at every GOMAXPROCS
	opsPerG    = 8000 // operations of one goroutine in one measurement
	minReps    = 3
	maxReps    = 9
	budget     = 250 * time.Millisecond
	shards     = 16
)

// store is the interface every structure is measured through, so that the
// call overhead is the same for all of them.
type store interface {
	load(k int) (int, bool)
	store(k, v int)
	del(k int)
	contents() map[int]int
}

type mutexMap struct {
	mu sync.Mutex
	m  map[int]int
}

func (s *mutexMap) load(k int) (int, bool) {
	s.mu.Lock()
	v, ok := s.m[k]
	s.mu.Unlock()
	return v, ok
}
func (s *mutexMap) store(k, v int) { s.mu.Lock(); s.m[k] = v; s.mu.Unlock() }
func (s *mutexMap) del(k int)      { s.mu.Lock(); delete(s.m, k); s.mu.Unlock() }
func (s *mutexMap) contents() map[int]int {
	return copyMap(s.m)
}

type rwMap struct {
	mu sync.RWMutex
	m  map[int]int
}

func (s *rwMap) load(k int) (int, bool) {
	s.mu.RLock()
	v, ok := s.m[k]
	s.mu.RUnlock()
	return v, ok
}
func (s *rwMap) store(k, v int) { s.mu.Lock(); s.m[k] = v; s.mu.Unlock() }
func (s *rwMap) del(k int)      { s.mu.Lock(); delete(s.m, k); s.mu.Unlock() }
func (s *rwMap) contents() map[int]int {
	return copyMap(s.m)
}

type syncMap struct{ m sync.Map }

func (s *syncMap) load(k int) (int, bool) {
	v, ok := s.m.Load(k)
	if !ok {
		return 0, false
	}
	return v.(int), true
}
func (s *syncMap) store(k, v int) { s.m.Store(k, v) }
func (s *syncMap) del(k int)      { s.m.Delete(k) }
func (s *syncMap) contents() map[int]int {
	out := map[int]int{}
	s.m.Range(func(k, v interface{}) bool {
		out[k.(int)] = v.(int)
		return true
	})
	return out
}

// shard is one lock and its map, padded so that neighbouring shards' locks
// do not share a cache line.
type shard struct {
	mu sync.RWMutex
	m  map[int]int
	_  [64]byte
}

type shardedMap struct{ s [shards]shard }

func (s *shardedMap) of(k int) *shard {
	return &s.s[(uint32(k)*2654435761)>>28]
}
func (s *shardedMap) load(k int) (int, bool) {
	sh := s.of(k)
	sh.mu.RLock()
	v, ok := sh.m[k]
	sh.mu.RUnlock()
	return v, ok
}
func (s *shardedMap) store(k, v int) { sh := s.of(k); sh.mu.Lock(); sh.m[k] = v; sh.mu.Unlock() }
func (s *shardedMap) del(k int)      { sh := s.of(k); sh.mu.Lock(); delete(sh.m, k); sh.mu.Unlock() }
func (s *shardedMap) contents() map[int]int {
	out := map[int]int{}
	for i := range s.s {
		for k, v := range s.s[i].m {
			out[k] = v
		}
	}
	return out
}

// plainMap is the floor: a map without any lock, used by one goroutine.
type plainMap struct{ m map[int]int }

func (s *plainMap) load(k int) (int, bool) { v, ok := s.m[k]; return v, ok }
func (s *plainMap) store(k, v int)         { s.m[k] = v }
func (s *plainMap) del(k int)              { delete(s.m, k) }
func (s *plainMap) contents() map[int]int  { return copyMap(s.m) }

func copyMap(m map[int]int) map[int]int {
	out := make(map[int]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// The structures, in the order of their index.
const (
	iMutex = iota
	iRW
	iSync
	iShard
	iPlain
	nStructs
)

var structNames = [nStructs]string{"mutex", "rwmutex", "syncmap", "shard16", "plain"}

func newStore(i int) store {
	switch i {
	case iMutex:
		return &mutexMap{m: map[int]int{}}
	case iRW:
		return &rwMap{m: map[int]int{}}
	case iSync:
		return &syncMap{}
	case iShard:
		s := &shardedMap{}
		for j := range s.s {
			s.s[j].m = map[int]int{}
		}
		return s
	}
	return &plainMap{m: map[int]int{}}
}

// value is the only value key k ever has.
func value(k int) int { return k*7 + 1 }

type workload struct {
	name        string
	readPermill uint64
}

var workloads = []workload{{"r90", 900}, {"r50", 500}}

type keySet struct {
	name string
	n    int
}

var keySets = []keySet{{"small", 1000}, {"large", 50000}}

// comparisons are the throughput ratios reported: numerator over
// denominator.
var comparisons = [][2]int{{iSync, iRW}, {iSync, iMutex}, {iShard, iMutex}, {iRW, iMutex}, {iMutex, iPlain}}

// claimed lists the metrics the claims of claims/claims.json read; main
// stops with an error if one of them is not among the metrics it reports.
var claimed = []string{
	"syncmap_rwmutex_r90_small", "syncmap_rwmutex_r90_large",
	"shard16_mutex_r90_small", "shard16_mutex_r90_large",
	"syncmap_mutex_r50_small", "syncmap_mutex_r50_large",
}

// run does ops operations of workload w on s with seed, over keys [0, n)
// for reads and [n, 2n) for writes, and returns the number of wrong reads.
func run(s store, w workload, n, ops int, seed uint64) int {
	x := seed | 1
	bad := 0
	un := uint64(n)
	for i := 0; i < ops; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		if x%1000 < w.readPermill {
			k := int((x >> 10) % un)
			if v, ok := s.load(k); !ok || v != value(k) {
				bad++
			}
			continue
		}
		k := n + int((x>>10)%un)
		if x>>40&1 == 0 {
			s.store(k, value(k))
		} else {
			s.del(k)
		}
	}
	return bad
}

// measure runs one measurement of structure i and returns its throughput
// in operations per second and its wrong reads.
func measure(i int, s store, w workload, n int, rep int) (float64, int) {
	if i == iPlain {
		start := time.Now()
		bad := run(s, w, n, goroutines*opsPerG, uint64(rep)*7919+1)
		return float64(goroutines*opsPerG) / time.Since(start).Seconds(), bad
	}
	var wg sync.WaitGroup
	var bad int64
	gate := make(chan struct{})
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			<-gate
			atomic.AddInt64(&bad, int64(run(s, w, n, opsPerG, uint64(rep*goroutines+g)*7919+1)))
		}(g)
	}
	start := time.Now()
	close(gate)
	wg.Wait()
	return float64(goroutines*opsPerG) / time.Since(start).Seconds(), int(bad)
}

// check reports the first way the contents of s differ from what the
// operations allow: every key of [0, n) with its value, keys of [n, 2n)
// absent or with their value, nothing else.
func check(s store, n int) string {
	c := s.contents()
	for k := 0; k < n; k++ {
		if v, ok := c[k]; !ok || v != value(k) {
			return fmt.Sprintf("key %d: got %d (present %v), want %d", k, v, ok, value(k))
		}
	}
	for k, v := range c {
		if k < 0 || k >= 2*n || v != value(k) {
			return fmt.Sprintf("unexpected entry %d: %d", k, v)
		}
	}
	return ""
}

func main() {
	// tput[key set][workload][structure] holds one throughput per repetition.
	tput := make([][][nStructs][]float64, len(keySets))
	stores := make([][nStructs]store, len(keySets))
	for ki, ks := range keySets {
		tput[ki] = make([][nStructs][]float64, len(workloads))
		for i := 0; i < nStructs; i++ {
			s := newStore(i)
			for k := 0; k < ks.n; k++ {
				s.store(k, value(k))
			}
			stores[ki][i] = s
		}
	}
	begin := time.Now()
	reps := 0
	for reps < maxReps && (reps < minReps || time.Since(begin) < budget) {
		for ki, ks := range keySets {
			for wi, w := range workloads {
				for j := 0; j < nStructs; j++ {
					i := (j + reps) % nStructs
					t, bad := measure(i, stores[ki][i], w, ks.n, reps)
					if bad > 0 {
						report("corrupt", fmt.Sprintf("%s, %s, %s keys: %d reads did not find the value of a key that is always present", structNames[i], w.name, ks.name, bad), nil)
					}
					tput[ki][wi][i] = append(tput[ki][wi][i], t)
				}
			}
		}
		reps++
	}
	for ki, ks := range keySets {
		for i := 0; i < nStructs; i++ {
			if msg := check(stores[ki][i], ks.n); msg != "" {
				report("corrupt", fmt.Sprintf("%s, %s keys, final contents: %s", structNames[i], ks.name, msg), nil)
			}
		}
	}
	metrics := map[string]float64{"repetitions": float64(reps), "goroutines": goroutines, "gomaxprocs": float64(runtime.GOMAXPROCS(0))}
	for ki, ks := range keySets {
		for wi, w := range workloads {
			for _, c := range comparisons {
				name := structNames[c[0]] + "_" + structNames[c[1]] + "_" + w.name + "_" + ks.name
				var rs []float64
				for r := 0; r < reps; r++ {
					rs = append(rs, tput[ki][wi][c[0]][r]/tput[ki][wi][c[1]][r])
				}
				sort.Float64s(rs)
				metrics[name] = round3(rs[len(rs)/2])
				metrics[name+"_lo"] = round3(rs[0])
				metrics[name+"_hi"] = round3(rs[len(rs)-1])
			}
		}
	}
	for _, name := range claimed {
		if _, ok := metrics[name]; !ok {
			fmt.Fprintln(os.Stderr, "maplab: the probe does not report claimed metric", name)
			os.Exit(1)
		}
	}
	report("clean", fmt.Sprintf("%d repetitions at GOMAXPROCS=%d: every structure ended with the right contents; sync.Map/RWMutex at 90%% reads, small keys: %v (%v..%v)",
		reps, runtime.GOMAXPROCS(0), metrics["syncmap_rwmutex_r90_small"], metrics["syncmap_rwmutex_r90_small_lo"], metrics["syncmap_rwmutex_r90_small_hi"]), metrics)
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
