// Probe concurrent-len-write: calling len on a map while another goroutine writes it, without a lock.
//
// Hazard: a goroutine polls len(m) of a shared map (for metrics, progress,
// a size limit) while another goroutine inserts. It looks read-only and
// harmless, and some believe the runtime guards it like other map reads.
//
// Promise: none for the program: len concurrent with a write is a data race
// that the race detector reports. The runtime's best-effort check guards
// lookups, iteration and writes, not len: len reads a counter directly, so
// no fatal error is expected in plain mode.
//
// Checks: in each round a writer inserts 64 keys into a fresh map while a
// reader, started together with it at a gate, calls len 256 times. Rounds
// go on until 8 of them have overlapped in time (or 100 rounds, or 50ms).
// If the program survives, the lengths seen must never decrease and never
// exceed the number of keys inserted, and every map must hold every key
// afterwards (else corrupt). Metrics count rounds, rounds in which the
// bursts overlapped in time, and lengths seen strictly between empty and
// full (proof that len ran during the writes).
//
// maplab:claims len-is-checked-by-runtime
// maplab:alone
// maplab:observe "{intermediate_lens} mid-write lengths seen, {bad_lens} impossible"
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

const probe = "concurrent-len-write"

const (
	maxRounds = 100
	want      = 8 // overlapping rounds after which no new round starts
	budget    = 50 * time.Millisecond
	inserts   = 64  // keys the writer adds per round
	polls     = 256 // calls of len by the reader per round
)

func main() {
	maps := make([]map[int]int, maxRounds)
	for r := range maps {
		maps[r] = make(map[int]int)
	}
	var badLens, intermediate int
	var firstBad string
	rounds, overlapping := runRounds(2, maxRounds, want, budget, func(g, r int) {
		m := maps[r]
		if g == 0 {
			for k := 0; k < inserts; k++ {
				m[k] = value(k)
			}
			return
		}
		last := 0
		for i := 0; i < polls; i++ {
			n := len(m)
			if n < last || n > inserts {
				badLens++
				if firstBad == "" {
					firstBad = fmt.Sprintf("round %d: len went from %d to %d", r, last, n)
				}
			}
			if n > 0 && n < inserts {
				intermediate++
			}
			last = n
		}
	})

	damaged := 0
	for _, m := range maps[:rounds] {
		bad := len(m) != inserts
		for k := 0; k < inserts && !bad; k++ {
			v, ok := m[k]
			bad = !ok || v != value(k)
		}
		if bad {
			damaged++
		}
	}
	metrics := map[string]float64{"rounds": float64(rounds), "overlapping_rounds": float64(overlapping),
		"intermediate_lens": float64(intermediate), "bad_lens": float64(badLens), "damaged_rounds": float64(damaged)}
	if badLens > 0 || damaged > 0 {
		report("corrupt", fmt.Sprintf("%d impossible lengths (first: %s) and %d damaged maps; %d of %d rounds overlapped in time",
			badLens, firstBad, damaged, overlapping, rounds), metrics)
	}
	report("clean", fmt.Sprintf("len never decreased or overshot; %d lengths were seen mid-write; %d of %d rounds overlapped in time",
		intermediate, overlapping, rounds), metrics)
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
