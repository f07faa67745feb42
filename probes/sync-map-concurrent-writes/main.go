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
// Checks: in each of a few short rounds two goroutines start together and
// store their own keys into a fresh sync.Map; afterwards every key of every
// round must be present with its value (else corrupt). Metrics count
// rounds, rounds in which the bursts overlapped in time, and damaged rounds.
//
// maplab:alone
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
	rounds     = 6
	burst      = 8 // keys stored by each goroutine per round
)

func main() {
	maps := make([]*sync.Map, rounds)
	for r := range maps {
		maps[r] = new(sync.Map)
	}
	overlapping := runRounds(goroutines, rounds, func(g, r int) {
		sm := maps[r]
		for i := 0; i < burst; i++ {
			k := g*burst + i
			sm.Store(k, value(k))
		}
	})

	damaged := 0
	for _, sm := range maps {
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
	metrics := map[string]float64{"rounds": rounds, "overlapping_rounds": float64(overlapping), "damaged_rounds": float64(damaged)}
	if damaged > 0 {
		report("corrupt", fmt.Sprintf("%d of %d rounds lost stores", damaged, rounds), metrics)
	}
	report("clean", fmt.Sprintf("every key of %d rounds arrived; %d rounds overlapped in time", rounds, overlapping), metrics)
}

func value(k int) int { return k*7 + 1 }

// runRounds runs work(g, r) for every goroutine g < goroutines in every
// round r < rounds. The goroutines are released together and start each
// round together at a spinning barrier; a goroutine that has waited there
// for more than 100µs yields now and then, so that one processor is
// enough. Bursts are timed with the monotonic clock, which adds no
// synchronisation the race detector could see. It returns the number of
// rounds in which two bursts overlapped in time.
func runRounds(goroutines, rounds int, work func(g, r int)) (overlapping int) {
	spans := make([][]span, rounds)
	for r := range spans {
		spans[r] = make([]span, goroutines)
	}
	start := make(chan struct{})
	var arrived int32
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			<-start
			for r := 0; r < rounds; r++ {
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
		}(g)
	}
	close(start)
	wg.Wait()
	for _, s := range spans {
		if overlapped(s) {
			overlapping++
		}
	}
	return overlapping
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
