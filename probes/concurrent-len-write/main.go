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
// Checks: in each of a few short rounds a writer inserts keys into a fresh
// map while a reader calls len repeatedly. If the program survives, the
// lengths seen must never decrease and never exceed the number of keys
// inserted, and the map must hold every key afterwards (else corrupt).
// Metrics count rounds, rounds in which the bursts overlapped in time, and
// lengths seen strictly between empty and full (proof that len ran during
// the writes).
//
// maplab:claims len-is-checked-by-runtime
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

const probe = "concurrent-len-write"

const (
	rounds  = 10
	inserts = 64  // keys the writer adds per round
	polls   = 256 // calls of len by the reader per round
)

func main() {
	maps := make([]map[int]int, rounds)
	for r := range maps {
		maps[r] = make(map[int]int)
	}
	var badLens, intermediate int
	var firstBad string
	overlapping := runRounds(2, rounds, func(g, r int) {
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
	for _, m := range maps {
		bad := len(m) != inserts
		for k := 0; k < inserts && !bad; k++ {
			v, ok := m[k]
			bad = !ok || v != value(k)
		}
		if bad {
			damaged++
		}
	}
	metrics := map[string]float64{"rounds": rounds, "overlapping_rounds": float64(overlapping),
		"intermediate_lens": float64(intermediate), "bad_lens": float64(badLens), "damaged_rounds": float64(damaged)}
	if badLens > 0 || damaged > 0 {
		report("corrupt", fmt.Sprintf("%d impossible lengths (first: %s) and %d damaged maps; %d of %d rounds overlapped in time",
			badLens, firstBad, damaged, overlapping, rounds), metrics)
	}
	report("clean", fmt.Sprintf("len never decreased or overshot; %d lengths were seen mid-write; %d of %d rounds overlapped in time",
		intermediate, overlapping, rounds), metrics)
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
