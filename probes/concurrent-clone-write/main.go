// Probe concurrent-clone-write: maps.Clone of a map while another goroutine writes it, without a lock.
//
// Hazard: a goroutine takes a "snapshot" of a shared map with maps.Clone
// (Go 1.21) while another goroutine inserts into it, believing the copy is
// taken atomically. Clone copies the map's internal tables and can copy them
// in the middle of an insertion or a resize, and the copy is used later,
// when nobody writes any more.
//
// Promise: none for the program: cloning concurrently with a write is a data
// race. The gc runtime checks once, at the start of a clone, for a write in
// progress and then stops the program with the fatal error "concurrent map
// clone and map write" (Go 1.21 and later: mapclone2 in runtime/map.go up
// to Go 1.23, Map.Clone in internal/runtime/maps since the Swiss-table maps
// of Go 1.24). Whether the race detector sees the clone is for the table to
// say: the runtime's clone is not necessarily instrumented.
//
// Checks: phase 1 runs rounds in which a writer inserts 16 new keys into a
// map that already holds 16 keys while a cloner, started together with it
// at a gate, clones it and keeps the clone; rounds go on until one of
// them has overlapped in time (or 100 rounds, or 50ms): Clone catches a
// write in progress so often that with more overlapping rounds nearly
// every trial ends in phase 1, and phase 2 could never show a clone
// left unusable. Phase 2 starts after
// both goroutines have returned: only the main goroutine runs, and it
// ranges over every clone and then every original. A clone must hold every
// pre-existing key, only known keys with their own values, and agree with
// itself (len equals the entries a range produces, lookups find what range
// produced); every original must hold every key (else corrupt). The fatal
// errors tell the phases apart. "concurrent map clone and map write" comes
// from phase 1: Clone saw the write in progress. "concurrent map iteration
// and map write" can only come from phase 2, since no goroutine ranges in
// phase 1 and nobody writes in phase 2: a clone taken during a write is
// unusable afterwards. That happens with Swiss-table maps, whose Map.Clone
// (go1.26 and go1.27 internal/runtime/maps/map.go) checks the writing flag
// and then copies the whole map header, flag included, so a write that
// starts between the check and the copy leaves the clone marked as being
// written for ever; mapclone2 (Go 1.21-1.23) gives the clone a fresh header
// without flags. Metrics count rounds, rounds in which the bursts
// overlapped in time, bad clones, damaged originals, and the clones that
// caught a partial write (more than the pre-existing but not all keys).
//
// maplab:minimum go1.21
// maplab:claims concurrent-detection-since-1.6 race-detector-reports-clone-write clone-during-write-unusable
// maplab:alone
// maplab:observe "{bad_clones} bad and {partial_clones} partial clones in {overlapping_rounds} overlapping rounds"
package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

const probe = "concurrent-clone-write"

const (
	maxRounds = 100
	want      = 1 // overlapping rounds after which no new round starts
	budget    = 50 * time.Millisecond
	existing  = 16 // keys present before each round
	inserts   = 16 // keys the writer adds per round
)

func main() {
	originals := make([]map[int]int, maxRounds)
	for r := range originals {
		originals[r] = make(map[int]int)
		for k := 0; k < existing; k++ {
			originals[r][k] = value(k)
		}
	}
	clones := make([]map[int]int, maxRounds)

	// Phase 1: clone while the writer inserts. Nobody ranges.
	rounds, overlapping := runRounds(2, maxRounds, want, budget, func(g, r int) {
		m := originals[r]
		if g == 0 {
			for k := existing; k < existing+inserts; k++ {
				m[k] = value(k)
			}
			return
		}
		clones[r] = maps.Clone(m)
	})

	// Phase 2: every goroutine but this one has returned; nobody writes.
	var badClones, partialClones int
	var firstBad string
	for r, c := range clones[:rounds] {
		if problem := checkClone(c); problem != "" {
			badClones++
			if firstBad == "" {
				firstBad = fmt.Sprintf("round %d: %s", r, problem)
			}
		}
		if len(c) > existing && len(c) < existing+inserts {
			partialClones++
		}
	}
	damaged := 0
	for _, m := range originals[:rounds] {
		if checkClone(m) != "" || len(m) != existing+inserts {
			damaged++
		}
	}
	metrics := map[string]float64{"rounds": float64(rounds), "overlapping_rounds": float64(overlapping),
		"bad_clones": float64(badClones), "partial_clones": float64(partialClones), "damaged_rounds": float64(damaged)}
	if badClones > 0 || damaged > 0 {
		report("corrupt", fmt.Sprintf("%d bad clones (first: %s) and %d damaged maps without a fatal error; %d of %d rounds overlapped in time",
			badClones, firstBad, damaged, overlapping, rounds), metrics)
	}
	report("clean", fmt.Sprintf("every clone was consistent and usable afterwards (%d caught a partial write) and every write arrived; %d of %d rounds overlapped in time",
		partialClones, overlapping, rounds), metrics)
}

// checkClone describes the first broken invariant of a clone, or returns "".
func checkClone(c map[int]int) string {
	produced := 0
	for k, v := range c {
		if k < 0 || k >= existing+inserts || v != value(k) {
			return fmt.Sprintf("clone holds key %d with value %d", k, v)
		}
		if w, ok := c[k]; !ok || w != v {
			return fmt.Sprintf("range produced key %d but lookup gives %d, %v", k, w, ok)
		}
		produced++
	}
	if produced != len(c) {
		return fmt.Sprintf("len is %d but range produced %d entries", len(c), produced)
	}
	for k := 0; k < existing; k++ {
		if _, ok := c[k]; !ok {
			return fmt.Sprintf("clone lacks pre-existing key %d", k)
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
