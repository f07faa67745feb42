// Probe concurrent-iterate-delete: ranging over a map in one goroutine while another deletes from it, without a lock.
//
// Hazard: one goroutine ranges over a shared map while another removes
// expired entries. Deleting feels harmless because the map only shrinks,
// and deleting during one's own range is allowed.
//
// Promise: none for the program: iteration concurrent with a delete is a
// data race (the spec's permission to delete during range is for the
// iterating goroutine only). The gc runtime checks, on a best-effort basis,
// for a write in progress in every iterator step and then stops the program
// with "concurrent map iteration and map write"; the race detector reports
// the race.
//
// Checks: in each round a deleter removes the even keys of a map holding 48
// keys while an iterator, started together with it at a gate, ranges over
// it once. Rounds go on until 8 of them have overlapped in time (or 100
// rounds, or 50ms). If the program survives, every range must have produced
// every odd key exactly once, no key twice, only keys with their own
// values; afterwards exactly the odd keys remain (else corrupt). Metrics
// count rounds, rounds in which the bursts overlapped in time, bad ranges
// and damaged maps.
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

const probe = "concurrent-iterate-delete"

const (
	maxRounds = 100
	want      = 8 // overlapping rounds after which no new round starts
	budget    = 50 * time.Millisecond
	keys      = 48 // keys present before each round; the even ones are deleted
)

func main() {
	maps := make([]map[int]int, maxRounds)
	for r := range maps {
		maps[r] = make(map[int]int)
		for k := 0; k < keys; k++ {
			maps[r][k] = value(k)
		}
	}
	var badRanges int
	var firstBad string
	rounds, overlapping := runRounds(2, maxRounds, want, budget, func(g, r int) {
		m := maps[r]
		if g == 0 {
			for k := 0; k < keys; k += 2 {
				delete(m, k)
			}
			return
		}
		if problem := checkRange(m); problem != "" {
			badRanges++
			if firstBad == "" {
				firstBad = fmt.Sprintf("round %d: %s", r, problem)
			}
		}
	})

	damaged := 0
	for _, m := range maps[:rounds] {
		bad := len(m) != keys/2
		for k := 0; k < keys && !bad; k++ {
			v, ok := m[k]
			bad = ok != (k%2 == 1) || (ok && v != value(k))
		}
		if bad {
			damaged++
		}
	}
	metrics := map[string]float64{"rounds": float64(rounds), "overlapping_rounds": float64(overlapping),
		"bad_ranges": float64(badRanges), "damaged_rounds": float64(damaged)}
	if badRanges > 0 || damaged > 0 {
		report("corrupt", fmt.Sprintf("%d bad ranges (first: %s) and %d damaged maps without a fatal error; %d of %d rounds overlapped in time",
			badRanges, firstBad, damaged, overlapping, rounds), metrics)
	}
	report("clean", fmt.Sprintf("every range produced each surviving key once and exactly the odd keys remained; %d of %d rounds overlapped in time", overlapping, rounds), metrics)
}

// checkRange ranges over m once and describes the first broken invariant,
// or returns "".
func checkRange(m map[int]int) string {
	var count [keys]int
	for k, v := range m {
		if k < 0 || k >= keys || v != value(k) {
			return fmt.Sprintf("produced key %d with value %d", k, v)
		}
		count[k]++
		if count[k] > 1 {
			return fmt.Sprintf("produced key %d twice", k)
		}
	}
	for k := 1; k < keys; k += 2 {
		if count[k] != 1 {
			return fmt.Sprintf("did not produce the never-deleted key %d", k)
		}
	}
	return ""
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
