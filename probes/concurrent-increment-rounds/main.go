// Probe concurrent-increment-rounds: many rounds of one m[k]++ from each of two goroutines, without a lock.
//
// Hazard: two goroutines count the same event in a shared map with m[k]++,
// rarely enough that a collision "cannot happen". m[k]++ is a lookup of the
// entry and a read-modify-write of its value. In a gc build it compiles to
// one call of the runtime's mapassign, which returns a pointer to the value,
// and an increment through that pointer (cmd/compile/internal/walk,
// walkAssign rewrites m[k] op= r into *p = *p op r; on amd64 go1.26.8 emits
// CALL runtime.mapassign_fast64 then INCQ (AX), not a locked instruction).
// Under -race the compiler first rewrites it into m[k] = m[k] + 1 (order.go),
// a checked lookup then a checked mapassign. Either way the runtime's
// concurrent-write check covers the map calls only, not the increment, so
// two increments can collide and lose one even when the two checked calls
// do not overlap.
//
// Promise: none for the program: unsynchronised increments are a data race.
// The gc runtime (since Go 1.6) detects some concurrent map writes on a
// best-effort basis and then stops the program with "concurrent map
// writes"; the race detector reports the race.
//
// Checks: one map holds one counter. In each round two goroutines, released
// together at a spinning gate, each do m[k]++ once on that counter; rounds
// go on for 4000 rounds or 50ms. If the program survives, the counter must
// equal twice the number of rounds (else corrupt, with "lost N of M
// increments without a fatal error"). Each burst is one increment, tens
// of nanoseconds, so many rounds do not overlap even on two free
// processors: metrics count rounds, rounds in which the two increments
// overlapped in time, increments and increments lost. Where the runtime's check usually catches the collision first, a
// loss is rare: 300 trials with none bound its rate below 1% at 95%.
//
// maplab:claims lost-increments-in-plain-builds concurrent-detection-deterministic-since-1.22
// maplab:alone
// maplab:trials 300 until corrupt in plain -- written for claim
// lost-increments-in-plain-builds (plain builds, all CPUs): 300 trials
// without a lost increment bound its rate below 1%. Race builds are a
// different program (the compiler checks both halves of m[k]++), which
// that claim does not read; they are under the ordinary rule.
// maplab:observe "{lost_increments} of {increments} increments lost"
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

const probe = "concurrent-increment-rounds"

const (
	goroutines = 2
	maxRounds  = 4000
	budget     = 50 * time.Millisecond
	key        = 7
)

func main() {
	m := map[int]int{key: 0}
	// want is maxRounds: the rounds do not stop early for overlaps.
	rounds, overlapping := runRounds(goroutines, maxRounds, maxRounds, budget, func(g, r int) {
		m[key]++
	})

	total := goroutines * rounds
	got := m[key]
	metrics := map[string]float64{"rounds": float64(rounds), "overlapping_rounds": float64(overlapping),
		"increments": float64(total), "lost_increments": float64(total - got)}
	if got < total {
		report("corrupt", fmt.Sprintf("lost %d of %d increments without a fatal error; %d of %d rounds overlapped in time",
			total-got, total, overlapping, rounds), metrics)
	}
	if got != total || len(m) != 1 {
		report("corrupt", fmt.Sprintf("the counter is %d after %d increments and the map has %d entries, want 1", got, total, len(m)), metrics)
	}
	report("clean", fmt.Sprintf("no increment was lost in %d rounds; %d of %d rounds overlapped in time", rounds, overlapping, rounds), metrics)
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
