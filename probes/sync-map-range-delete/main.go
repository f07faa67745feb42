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
// Checks: in each round one goroutine ranges over a sync.Map of 32 keys
// deleting each key it visits, while another goroutine, started together
// with it at a gate, stores 16 new keys. Rounds go on until 8 of them have
// overlapped in time (or 100 rounds, or 50ms). Every original key must be
// visited exactly once with its value, no key twice; afterwards no original
// key remains and every new key is present (else corrupt). Metrics count
// rounds, rounds in which bursts overlapped in time, and new keys the Range
// visited.
//
// maplab:claims sync-map-range-delete-safe
// maplab:alone
// maplab:observe "{new_visited} new keys visited, {damaged_rounds} damaged rounds"
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
	maxRounds = 100
	want      = 8 // overlapping rounds after which no new round starts
	budget    = 50 * time.Millisecond
	existing  = 32 // keys present before each round, deleted by the Range
	inserts   = 16 // keys stored concurrently per round
)

func main() {
	maps := make([]*sync.Map, maxRounds)
	for r := range maps {
		maps[r] = new(sync.Map)
		for k := 0; k < existing; k++ {
			maps[r].Store(k, value(k))
		}
	}
	var bad string
	newVisited := 0
	rounds, overlapping := runRounds(2, maxRounds, want, budget, func(g, r int) {
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
	for _, sm := range maps[:rounds] {
		for k := 0; k < existing+inserts; k++ {
			v, ok := sm.Load(k)
			if ok != (k >= existing) || (ok && v.(int) != value(k)) {
				damaged++
				break
			}
		}
	}
	metrics := map[string]float64{"rounds": float64(rounds), "overlapping_rounds": float64(overlapping),
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
