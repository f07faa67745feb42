// Probe recover-concurrent-write: a deferred recover around concurrent, unlocked map writes.
//
// Hazard: a program "protects" goroutines that write a shared map with
// defer func() { recover() }(), expecting to survive the runtime's
// concurrent-write check and carry on.
//
// Promise: the gc runtime reports detected concurrent map writes with an
// unrecoverable fatal error ("concurrent map writes"), not a panic: recover
// returns nil and the program stops anyway (since Go 1.6). Undetected
// collisions are not reported at all.
//
// Checks: the workload of concurrent-writes (in each round two goroutines
// start together at a gate and assign the same 8 keys of a fresh map, 4
// times over; rounds go on until 8 of them have overlapped in time, or 100
// rounds, or 50ms), with every burst under a deferred recover. If any
// recover caught a panic the result is "recovered" with its message.
// Otherwise, if the program survives, every round's map must hold exactly
// the keys written with values written for them (else corrupt). Metrics
// count rounds, rounds in which bursts overlapped in time, panics recovered
// and damaged rounds.
//
// maplab:claims recover-catches-concurrent-writes
// maplab:alone
// maplab:observe "{recovered_panics} panics recovered in {overlapping_rounds} overlapping rounds"
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

const probe = "recover-concurrent-write"

const (
	goroutines = 2
	maxRounds  = 100
	want       = 8 // overlapping rounds after which no new round starts
	budget     = 50 * time.Millisecond
	keys       = 8 // keys assigned by every goroutine per round
	passes     = 4 // times each goroutine assigns its keys per round
)

func main() {
	maps := make([]map[int]int, maxRounds)
	for r := range maps {
		maps[r] = make(map[int]int)
	}
	caught := make([]string, goroutines*maxRounds)
	rounds, overlapping := runRounds(goroutines, maxRounds, want, budget, func(g, r int) {
		defer func() {
			if p := recover(); p != nil {
				caught[r*goroutines+g] = fmt.Sprint(p)
			}
		}()
		m := maps[r]
		for p := 0; p < passes; p++ {
			for k := 0; k < keys; k++ {
				m[k] = g*1000 + k
			}
		}
	})

	recovered, message := 0, ""
	for _, msg := range caught {
		if msg != "" {
			recovered++
			message = msg
		}
	}
	damaged := 0
	for _, m := range maps[:rounds] {
		bad := len(m) != keys
		for k := 0; k < keys && !bad; k++ {
			v, ok := m[k]
			bad = !ok || v%1000 != k || v/1000 >= goroutines
		}
		if bad {
			damaged++
		}
	}
	metrics := map[string]float64{"rounds": float64(rounds), "overlapping_rounds": float64(overlapping),
		"recovered_panics": float64(recovered), "damaged_rounds": float64(damaged)}
	if recovered > 0 {
		report("recovered", fmt.Sprintf("recover caught %d panics: %s", recovered, message), metrics)
	}
	if damaged > 0 {
		report("corrupt", fmt.Sprintf("recover caught nothing and %d of %d rounds left a damaged map; %d rounds overlapped in time",
			damaged, rounds, overlapping), metrics)
	}
	report("clean", fmt.Sprintf("recover caught nothing; every round's map held exactly its %d keys; %d of %d rounds overlapped in time",
		keys, overlapping, rounds), metrics)
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
