// Probe concurrent-counter-increment: m[k]++ from several goroutines without a lock.
//
// Hazard: goroutines count events in a shared map with m[k]++.
// The increment is a read-modify-write of the value: increments can be lost
// even when the map's structure survives, and the runtime's check covers
// only the map operation, not the addition.
//
// Promise: none for the program: unsynchronised increments are a data race.
// The gc runtime (since Go 1.6) detects some concurrent map writes on a
// best-effort basis and then stops the program with "concurrent map
// writes"; the race detector reports the race.
//
// Checks: in each round two goroutines start together at a gate and each
// increment four counters of a fresh map 64 times in all. Rounds go on
// until 8 of them have overlapped in time (or 100 rounds, or 50ms). If the
// program survives, the sum of every round's counters must equal the
// number of increments (else corrupt: lost updates without a fatal error).
// Metrics count rounds, rounds in which the bursts overlapped in time,
// rounds with lost increments and the increments lost.
//
// maplab:claims lost-updates-without-fatal concurrent-writes-always-detected no-concurrent-detection-go1.9 concurrent-detection-deterministic-since-1.22
// maplab:alone
// maplab:observe "{lost_increments} increments lost in {overlapping_rounds} overlapping rounds"
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

const probe = "concurrent-counter-increment"

const (
	goroutines = 2
	maxRounds  = 100
	want       = 8 // overlapping rounds after which no new round starts
	budget     = 50 * time.Millisecond
	increments = 64 // increments by each goroutine per round
	counters   = 4
)

func main() {
	maps := make([]map[int]int, maxRounds)
	for r := range maps {
		maps[r] = make(map[int]int)
		for k := 0; k < counters; k++ {
			maps[r][k] = 0
		}
	}
	rounds, overlapping := runRounds(goroutines, maxRounds, want, budget, func(g, r int) {
		m := maps[r]
		for i := 0; i < increments; i++ {
			m[i%counters]++
		}
	})

	damaged, lost := 0, 0
	for _, m := range maps[:rounds] {
		sum := 0
		for _, v := range m {
			sum += v
		}
		if sum != goroutines*increments || len(m) != counters {
			damaged++
			lost += goroutines*increments - sum
		}
	}
	metrics := map[string]float64{"rounds": float64(rounds), "overlapping_rounds": float64(overlapping),
		"damaged_rounds": float64(damaged), "lost_increments": float64(lost)}
	if damaged > 0 {
		report("corrupt", fmt.Sprintf("%d of %d rounds lost %d of %d increments without a fatal error; %d rounds overlapped in time",
			damaged, rounds, lost, rounds*goroutines*increments, overlapping), metrics)
	}
	report("clean", fmt.Sprintf("no increment was lost in %d rounds; %d rounds overlapped in time", rounds, overlapping), metrics)
}

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
