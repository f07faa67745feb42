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
// Checks: in each of a few short rounds two goroutines start together and
// increment four counters of a fresh map. If the program survives, the sum
// of the counters must equal the number of increments (else corrupt: lost
// updates without a fatal error). Metrics count rounds, rounds in which the
// bursts overlapped in time, rounds with lost increments and the increments
// lost.
//
// maplab:claims lost-updates-without-fatal concurrent-writes-always-detected
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

const probe = "concurrent-counter-increment"

const (
	goroutines = 2
	rounds     = 10
	increments = 32 // increments by each goroutine per round
	counters   = 4
)

func main() {
	maps := make([]map[int]int, rounds)
	for r := range maps {
		maps[r] = make(map[int]int)
		for k := 0; k < counters; k++ {
			maps[r][k] = 0
		}
	}
	overlapping := runRounds(goroutines, rounds, func(g, r int) {
		m := maps[r]
		for i := 0; i < increments; i++ {
			m[i%counters]++
		}
	})

	damaged, lost := 0, 0
	for _, m := range maps {
		sum := 0
		for _, v := range m {
			sum += v
		}
		if sum != goroutines*increments || len(m) != counters {
			damaged++
			lost += goroutines*increments - sum
		}
	}
	metrics := map[string]float64{"rounds": rounds, "overlapping_rounds": float64(overlapping),
		"damaged_rounds": float64(damaged), "lost_increments": float64(lost)}
	if damaged > 0 {
		report("corrupt", fmt.Sprintf("%d of %d rounds lost %d of %d increments without a fatal error; %d rounds overlapped in time",
			damaged, rounds, lost, rounds*goroutines*increments, overlapping), metrics)
	}
	report("clean", fmt.Sprintf("no increment was lost in %d rounds; %d rounds overlapped in time", rounds, overlapping), metrics)
}

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
