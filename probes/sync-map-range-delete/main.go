// Probe sync-map-range-delete: deleting from a sync.Map inside its Range while another goroutine stores (control).
//
// Hazard: none; sync.Map (Go 1.9) is built for concurrent use and its Range
// callback may call any method on the map. It is here as a control for the
// plain-map hazards: it must come out clean on every toolchain and under
// the race detector.
//
// Promise: the sync.Map documentation: Range calls f for each key present,
// visits no key more than once, does not block other methods, and f may
// call any method on the map, including Delete.
//
// Checks: in each of a few short rounds one goroutine ranges over a
// sync.Map of 32 keys deleting each key it visits, while another goroutine
// stores new keys. Every original key must be visited exactly once with its
// value, no key twice; afterwards no original key remains and every new key
// is present (else corrupt). Metrics count rounds, rounds in which bursts
// overlapped in time, and new keys the Range visited.
//
// maplab:claims sync-map-range-delete-safe
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

const probe = "sync-map-range-delete"

const (
	rounds   = 10
	existing = 32 // keys present before each round, deleted by the Range
	inserts  = 16 // keys stored concurrently per round
)

func main() {
	maps := make([]*sync.Map, rounds)
	for r := range maps {
		maps[r] = new(sync.Map)
		for k := 0; k < existing; k++ {
			maps[r].Store(k, value(k))
		}
	}
	var bad string
	newVisited := 0
	overlapping := runRounds(2, rounds, func(g, r int) {
		sm := maps[r]
		if g == 0 {
			for k := existing; k < existing+inserts; k++ {
				sm.Store(k, value(k))
			}
			return
		}
		var count [existing + inserts]int
		sm.Range(func(key, val interface{}) bool {
			k, v := key.(int), val.(int)
			if k < 0 || k >= existing+inserts || v != value(k) || count[k] > 0 {
				if bad == "" {
					bad = fmt.Sprintf("round %d: Range visited key %d with value %d (visits before: %d)", r, k, v, count[k])
				}
				return true
			}
			count[k]++
			if k < existing {
				sm.Delete(k)
			} else {
				newVisited++
			}
			return true
		})
		for k := 0; k < existing; k++ {
			if count[k] != 1 && bad == "" {
				bad = fmt.Sprintf("round %d: Range visited original key %d %d times", r, k, count[k])
			}
		}
	})

	damaged := 0
	for _, sm := range maps {
		for k := 0; k < existing+inserts; k++ {
			v, ok := sm.Load(k)
			if ok != (k >= existing) || (ok && v.(int) != value(k)) {
				damaged++
				break
			}
		}
	}
	metrics := map[string]float64{"rounds": rounds, "overlapping_rounds": float64(overlapping),
		"new_visited": float64(newVisited), "damaged_rounds": float64(damaged)}
	if bad != "" {
		report("corrupt", bad, metrics)
	}
	if damaged > 0 {
		report("corrupt", fmt.Sprintf("%d of %d rounds ended with wrong contents", damaged, rounds), metrics)
	}
	report("clean", fmt.Sprintf("Range visited every original key once and deleted it while %d new keys were stored (%d visited); %d of %d rounds overlapped in time",
		rounds*inserts, newVisited, overlapping, rounds), metrics)
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
