// Probe concurrent-disjoint-writes: goroutines writing disjoint keys of one map without a lock.
//
// Hazard: each goroutine writes only "its own" keys, so the author believes
// the goroutines cannot interfere. They share the map's internal structure
// (buckets or groups, the count, growth), so writes can be lost silently
// when the runtime's check does not catch the overlap.
//
// Promise: none for the program: unsynchronised writes are a data race. The
// gc runtime (since Go 1.6) detects some concurrent writes on a best-effort
// basis and then stops the program with the fatal error "concurrent map
// writes"; the race detector reports the race.
//
// Checks: in each round two goroutines start together at a gate and insert
// their own 16 keys into a fresh map. Rounds go on until 8 of them have
// overlapped in time (or 100 rounds, or 50ms). If the program survives,
// every key of every round must be present with its value (else corrupt:
// silent loss). Metrics count rounds, rounds in which the bursts overlapped
// in time (a clean run without overlap says the writes never collided),
// damaged rounds and missing keys.
//
// maplab:claims concurrent-writes-always-detected concurrent-writes-lose-entries-silently no-concurrent-detection-go1.9 concurrent-detection-deterministic-since-1.22
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

const probe = "concurrent-disjoint-writes"

const (
	goroutines = 2
	maxRounds  = 100
	want       = 8 // overlapping rounds after which no new round starts
	budget     = 50 * time.Millisecond
	burst      = 16 // keys inserted by each goroutine per round
)

func main() {
	maps := make([]map[int]int, maxRounds)
	for r := range maps {
		maps[r] = make(map[int]int)
	}
	rounds, overlapping := runRounds(goroutines, maxRounds, want, budget, func(g, r int) {
		m := maps[r]
		for i := 0; i < burst; i++ {
			k := g*burst + i
			m[k] = value(k)
		}
	})

	damaged, missing := 0, 0
	for _, m := range maps[:rounds] {
		lost := 0
		for k := 0; k < goroutines*burst; k++ {
			if v, ok := m[k]; !ok || v != value(k) {
				lost++
			}
		}
		if lost > 0 || len(m) != goroutines*burst {
			damaged++
			missing += lost
		}
	}
	metrics := map[string]float64{"rounds": float64(rounds), "overlapping_rounds": float64(overlapping),
		"damaged_rounds": float64(damaged), "missing_keys": float64(missing)}
	if damaged > 0 {
		report("corrupt", fmt.Sprintf("%d of %d rounds lost writes (%d keys missing or wrong) without a fatal error; %d rounds overlapped in time",
			damaged, rounds, missing, overlapping), metrics)
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
