// Probe rwmutex-guarded: concurrent writers, readers and iterators of a map guarded by a sync.RWMutex (control).
//
// Hazard: none; this is the standard fix for concurrent map access. It is
// here as a control: it runs the same kind of colliding bursts as the
// unsynchronised probes and must come out clean on every toolchain and
// under the race detector, or the lab is crying wolf.
//
// Promise: the Go memory model: map operations done while holding the write
// lock, and reads done while holding a read lock, are ordered, so there is
// no data race and the map behaves as in a single goroutine.
//
// Checks: in each round four goroutines start together at a gate: two
// writers insert their own 16 keys and update 4 shared ones under Lock,
// while two readers look up keys and range over the map under RLock.
// Rounds go on until 8 of them have overlapped in time (or 100 rounds, or
// 50ms). Readers must see only keys with valid values and no key twice in
// a range; afterwards every key must be present with its value (else
// corrupt). Metrics count rounds, rounds in which the bursts overlapped in
// time, and lookups and ranges done.
//
// maplab:claims rwmutex-makes-map-safe
// maplab:alone
// maplab:observe "{damaged_rounds} damaged of {overlapping_rounds} overlapping rounds"
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

const probe = "rwmutex-guarded"

const (
	goroutines = 4 // 0 and 1 write, 2 and 3 read
	maxRounds  = 100
	want       = 8 // overlapping rounds after which no new round starts
	budget     = 50 * time.Millisecond
	inserts    = 16 // keys each writer adds per round
	shared     = 4  // keys both writers update
)

func main() {
	type guarded struct {
		mu sync.RWMutex
		m  map[int]int
	}
	maps := make([]*guarded, maxRounds)
	for r := range maps {
		maps[r] = &guarded{m: make(map[int]int)}
	}
	bad := make([]string, goroutines)
	reads := make([]int, goroutines)
	rounds, overlapping := runRounds(goroutines, maxRounds, want, budget, func(g, r int) {
		gm := maps[r]
		if g < 2 {
			for i := 0; i < inserts; i++ {
				k := shared + g*inserts + i
				gm.mu.Lock()
				gm.m[k] = value(k)
				gm.m[i%shared] = value(i % shared)
				gm.mu.Unlock()
			}
			return
		}
		for i := 0; i < inserts; i++ {
			k := (i * 7) % (shared + 2*inserts)
			gm.mu.RLock()
			v, ok := gm.m[k]
			gm.mu.RUnlock()
			reads[g]++
			if ok && v != value(k) && bad[g] == "" {
				bad[g] = fmt.Sprintf("round %d: lookup of key %d gave %d", r, k, v)
			}
			if i%4 == 0 {
				gm.mu.RLock()
				seen := make(map[int]bool)
				for k, v := range gm.m {
					if v != value(k) || seen[k] {
						if bad[g] == "" {
							bad[g] = fmt.Sprintf("round %d: range produced key %d with value %d (seen before: %v)", r, k, v, seen[k])
						}
					}
					seen[k] = true
				}
				gm.mu.RUnlock()
				reads[g]++
			}
		}
	})

	damaged := 0
	for _, gm := range maps[:rounds] {
		wrong := len(gm.m) != shared+2*inserts
		for k := 0; k < shared+2*inserts && !wrong; k++ {
			v, ok := gm.m[k]
			wrong = !ok || v != value(k)
		}
		if wrong {
			damaged++
		}
	}
	metrics := map[string]float64{"rounds": float64(rounds), "overlapping_rounds": float64(overlapping),
		"reads": float64(reads[2] + reads[3]), "damaged_rounds": float64(damaged)}
	for _, b := range bad {
		if b != "" {
			report("corrupt", "a reader saw an inconsistent map under RLock: "+b, metrics)
		}
	}
	if damaged > 0 {
		report("corrupt", fmt.Sprintf("%d of %d rounds lost writes made under Lock", damaged, rounds), metrics)
	}
	report("clean", fmt.Sprintf("%d locked reads and ranges were consistent and every locked write arrived; %d of %d rounds overlapped in time",
		reads[2]+reads[3], overlapping, rounds), metrics)
}

func value(k int) int { return k*7 + 1 }

// runRounds runs rounds of bursts: in round r every goroutine g <
// goroutines calls work(g, r) once. It stops after maxRounds rounds, or
// earlier, one round after want rounds have overlapped or after the rounds
// have taken more than budget, and returns how many rounds ran and in how
// many of them two bursts overlapped in time.
//
// The goroutines start every round together at a spinning gate (an atomic
// counter), so that whenever the program has two processors the bursts
// start within a fraction of a microsecond of each other. A goroutine that
// has waited at the gate for more than 100µs yields now and then, so that
// the rounds also advance when there are more goroutines than processors;
// bursts that then run one after the other do not count as overlapping.
// The gate orders each round after the previous one, never the bursts of
// one round. Bursts are timed with the monotonic clock, which adds no
// synchronisation the race detector could see. Before the gate of round r
// every goroutine reads the spans of round r-2 (all written before the gate
// of round r-1), so all take the same decision to stop.
func runRounds(goroutines, maxRounds, want int, budget time.Duration, work func(g, r int)) (rounds, overlapping int) {
	spans := make([][]span, maxRounds)
	for r := range spans {
		spans[r] = make([]span, goroutines)
	}
	ran := make([]int, goroutines)
	var arrived int32
	var wg sync.WaitGroup
	begin := time.Now()
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			seen, r := 0, 0
			for ; r < maxRounds; r++ {
				if r >= 2 {
					if overlapped(spans[r-2]) {
						seen++
					}
					if seen >= want || spans[r-2][0].end.Sub(begin) > budget {
						break
					}
				}
				atomic.AddInt32(&arrived, 1)
				waiting := time.Now()
				for spin := 1; atomic.LoadInt32(&arrived) < int32((r+1)*goroutines); spin++ {
					if spin%256 == 0 && time.Since(waiting) > 100*time.Microsecond {
						runtime.Gosched()
					}
				}
				spans[r][g].start = time.Now()
				work(g, r)
				spans[r][g].end = time.Now()
			}
			ran[g] = r
		}(g)
	}
	wg.Wait()
	for _, s := range spans[:ran[0]] {
		if overlapped(s) {
			overlapping++
		}
	}
	return ran[0], overlapping
}

// span is the time one goroutine spent in its burst of one round.
type span struct{ start, end time.Time }

// overlapped reports whether any two spans intersect in time.
func overlapped(spans []span) bool {
	for i := range spans {
		for j := i + 1; j < len(spans); j++ {
			if spans[i].start.Before(spans[j].end) && spans[j].start.Before(spans[i].end) {
				return true
			}
		}
	}
	return false
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
