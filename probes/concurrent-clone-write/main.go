// Probe concurrent-clone-write: maps.Clone of a map while another goroutine writes it, without a lock.
//
// Hazard: a goroutine takes a "snapshot" of a shared map with maps.Clone
// (Go 1.21) while another goroutine inserts into it, believing the copy is
// taken atomically. Clone copies the map's internal tables and can copy them
// in the middle of an insertion or a resize.
//
// Promise: none for the program: cloning concurrently with a write is a data
// race. The gc runtime checks, on a best-effort basis, for a write in
// progress while cloning and then stops the program with a fatal error
// ("concurrent map clone and map write" in Go 1.21-1.23). Whether the race
// detector sees the clone is for the table to say: the runtime's clone is
// not necessarily instrumented.
//
// Checks: in each of a few short rounds a writer inserts new keys into a
// map that already holds 16 keys while a cloner clones it. If the program
// survives, the clone must hold every pre-existing key, only known keys
// with their own values, and agree with itself (len equals the entries a
// range produces, lookups find what range produced); the original must hold
// every key afterwards (else corrupt). Metrics count rounds, rounds in which
// the bursts overlapped in time, bad clones, and the clones that caught a
// partial write (more than the pre-existing but not all keys).
//
// maplab:minimum go1.21
// maplab:claims concurrent-detection-since-1.6
// maplab:alone
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
	rounds   = 10
	existing = 16 // keys present before each round
	inserts  = 16 // keys the writer adds per round
)

func main() {
	originals := make([]map[int]int, rounds)
	for r := range originals {
		originals[r] = make(map[int]int)
		for k := 0; k < existing; k++ {
			originals[r][k] = value(k)
		}
	}
	var badClones, partialClones int
	var firstBad string
	overlapping := runRounds(2, rounds, func(g, r int) {
		m := originals[r]
		if g == 0 {
			for k := existing; k < existing+inserts; k++ {
				m[k] = value(k)
			}
			return
		}
		c := maps.Clone(m)
		if problem := checkClone(c); problem != "" {
			badClones++
			if firstBad == "" {
				firstBad = fmt.Sprintf("round %d: %s", r, problem)
			}
		}
		if len(c) > existing && len(c) < existing+inserts {
			partialClones++
		}
	})

	damaged := 0
	for _, m := range originals {
		if checkClone(m) != "" || len(m) != existing+inserts {
			damaged++
		}
	}
	metrics := map[string]float64{"rounds": rounds, "overlapping_rounds": float64(overlapping),
		"bad_clones": float64(badClones), "partial_clones": float64(partialClones), "damaged_rounds": float64(damaged)}
	if badClones > 0 || damaged > 0 {
		report("corrupt", fmt.Sprintf("%d bad clones (first: %s) and %d damaged maps without a fatal error; %d of %d rounds overlapped in time",
			badClones, firstBad, damaged, overlapping, rounds), metrics)
	}
	report("clean", fmt.Sprintf("every clone was consistent (%d caught a partial write) and every write arrived; %d of %d rounds overlapped in time",
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
