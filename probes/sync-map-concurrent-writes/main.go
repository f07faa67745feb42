// Probe sync-map-concurrent-writes: goroutines storing disjoint keys into one sync.Map (control).
//
// Hazard: none; this is the concurrent-disjoint-writes workload with
// sync.Map (Go 1.9) instead of a plain map. It is here as a control: it
// must come out clean on every toolchain and under the race detector, or
// the lab is crying wolf.
//
// Promise: the sync.Map documentation: it is safe for concurrent use by
// multiple goroutines without additional locking.
//
// Checks: in each round two goroutines start together at a gate and store
// their own 16 keys into a fresh sync.Map. Rounds go on until 8 of them
// have overlapped in time (or 100 rounds, or 50ms). Afterwards every key of
// every round must be present with its value (else corrupt). Metrics count
// rounds, rounds in which the bursts overlapped in time, and damaged
// rounds.
//
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

const probe = "sync-map-concurrent-writes"

const (
	goroutines = 2
	maxRounds  = 100
	want       = 8 // overlapping rounds after which no new round starts
	budget     = 50 * time.Millisecond
	burst      = 16 // keys stored by each goroutine per round
)

func main() {
	maps := make([]*sync.Map, maxRounds)
	for r := range maps {
		maps[r] = new(sync.Map)
	}
	rounds, overlapping := runRounds(goroutines, maxRounds, want, budget, func(g, r int) {
		sm := maps[r]
		for i := 0; i < burst; i++ {
			k := g*burst + i
			sm.Store(k, value(k))
		}
	})

	damaged := 0
	for _, sm := range maps[:rounds] {
		n := 0
		sm.Range(func(key, val interface{}) bool {
			n++
			return true
		})
		bad := n != goroutines*burst
		for k := 0; k < goroutines*burst && !bad; k++ {
			v, ok := sm.Load(k)
			bad = !ok || v.(int) != value(k)
		}
		if bad {
			damaged++
		}
	}
	metrics := map[string]float64{"rounds": float64(rounds), "overlapping_rounds": float64(overlapping), "damaged_rounds": float64(damaged)}
	if damaged > 0 {
		report("corrupt", fmt.Sprintf("%d of %d rounds lost stores", damaged, rounds), metrics)
	}
	report("clean", fmt.Sprintf("every key of %d rounds arrived; %d rounds overlapped in time", rounds, overlapping), metrics)
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
