// Probe concurrent-read-write: one goroutine reading a map while another writes it, without a lock.
//
// Hazard: a map is filled by one goroutine and read by another (a config
// reloaded in the background, a cache read by handlers). Reads during a
// write can see a map in the middle of an insertion or a resize.
//
// Promise: none for the program: a read concurrent with a write is a data
// race. The gc runtime (since Go 1.6) checks, on a best-effort basis, for a
// write in progress at the start of a lookup and then stops the program
// with "concurrent map read and map write"; the race detector reports the
// race.
//
// Checks: in each round a writer inserts 16 new keys into a map that
// already holds 8 keys while a reader, started together with it at a gate,
// looks up every key twice. Rounds go on until 8 of them have overlapped in
// time (or 100 rounds, or 50ms). If the program survives, the reader must
// have found every key that existed before the round with its value, and
// every new key it found must hold its value; every map must hold every key
// afterwards (else corrupt: a wrong read or lost write without a fatal
// error). Metrics count rounds, rounds in which the bursts overlapped in
// time, bad reads and damaged maps.
//
// maplab:claims concurrent-detection-since-1.6
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

const probe = "concurrent-read-write"

const (
	maxRounds = 100
	want      = 8 // overlapping rounds after which no new round starts
	budget    = 50 * time.Millisecond
	existing  = 8  // keys present before each round
	inserts   = 16 // keys the writer adds per round
	passes    = 2  // lookups of every key by the reader per round
)

func main() {
	maps := make([]map[int]int, maxRounds)
	for r := range maps {
		maps[r] = make(map[int]int)
		for k := 0; k < existing; k++ {
			maps[r][k] = value(k)
		}
	}
	var badReads int
	var firstBad string
	rounds, overlapping := runRounds(2, maxRounds, want, budget, func(g, r int) {
		m := maps[r]
		if g == 0 {
			for k := existing; k < existing+inserts; k++ {
				m[k] = value(k)
			}
			return
		}
		for p := 0; p < passes; p++ {
			for k := 0; k < existing+inserts; k++ {
				v, ok := m[k]
				if (ok && v != value(k)) || (!ok && k < existing) {
					badReads++
					if firstBad == "" {
						firstBad = fmt.Sprintf("round %d: lookup of key %d gave %d, %v", r, k, v, ok)
					}
				}
			}
		}
	})

	damaged := 0
	for _, m := range maps[:rounds] {
		bad := len(m) != existing+inserts
		for k := 0; k < existing+inserts && !bad; k++ {
			v, ok := m[k]
			bad = !ok || v != value(k)
		}
		if bad {
			damaged++
		}
	}
	metrics := map[string]float64{"rounds": float64(rounds), "overlapping_rounds": float64(overlapping),
		"bad_reads": float64(badReads), "damaged_rounds": float64(damaged)}
	if badReads > 0 || damaged > 0 {
		report("corrupt", fmt.Sprintf("%d bad reads (first: %s) and %d damaged maps without a fatal error; %d of %d rounds overlapped in time",
			badReads, firstBad, damaged, overlapping, rounds), metrics)
	}
	report("clean", fmt.Sprintf("every read was consistent and every write arrived; %d of %d rounds overlapped in time", overlapping, rounds), metrics)
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
