// Probe concurrent-readers-only: several goroutines reading and ranging over a map that nobody writes (control).
//
// Hazard: none, if the map is really never written after the goroutines
// start: a map built once and then only read (a lookup table) is commonly
// shared without a lock. It is here as a control: it must come out clean on
// every toolchain and under the race detector.
//
// Promise: the Go FAQ and the memory model: concurrent reads without writes
// are not a data race, so map lookups and iteration from several goroutines
// are safe when the map was fully built before the goroutines started.
//
// Checks: a map of 128 keys is built before the goroutines start; in each
// round two goroutines start together at a gate, look up 64 keys (present
// and absent) and range over the whole map. Rounds go on until 8 of them
// have overlapped in time (or 100 rounds, or 50ms). Every lookup must
// return the key's value or miss for absent keys, and every range must
// produce each key exactly once (else corrupt). Metrics count rounds,
// rounds in which bursts overlapped in time, and reads done.
//
// maplab:claims concurrent-readers-safe
// maplab:alone
// maplab:observe "{reads} reads in {overlapping_rounds} overlapping rounds"
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

const probe = "concurrent-readers-only"

const (
	goroutines = 2
	maxRounds  = 100
	want       = 8 // overlapping rounds after which no new round starts
	budget     = 50 * time.Millisecond
	keys       = 128
	lookups    = 64 // per goroutine per round, half of them for absent keys
)

func main() {
	m := make(map[int]int)
	for k := 0; k < keys; k++ {
		m[k] = value(k)
	}
	bad := make([]string, goroutines)
	reads := make([]int, goroutines)
	rounds, overlapping := runRounds(goroutines, maxRounds, want, budget, func(g, r int) {
		for i := 0; i < lookups; i++ {
			k := (g*31 + r*17 + i*7) % (2 * keys)
			v, ok := m[k]
			reads[g]++
			if ok != (k < keys) || (ok && v != value(k)) {
				if bad[g] == "" {
					bad[g] = fmt.Sprintf("lookup of key %d gave %d, %v", k, v, ok)
				}
			}
		}
		var count [keys]int
		n := 0
		for k, v := range m {
			if k < 0 || k >= keys || v != value(k) || count[k] > 0 {
				if bad[g] == "" {
					bad[g] = fmt.Sprintf("range produced key %d with value %d", k, v)
				}
				continue
			}
			count[k]++
			n++
		}
		reads[g]++
		if n != keys && bad[g] == "" {
			bad[g] = fmt.Sprintf("range produced %d of %d keys", n, keys)
		}
	})

	total := 0
	for _, n := range reads {
		total += n
	}
	metrics := map[string]float64{"rounds": float64(rounds), "overlapping_rounds": float64(overlapping), "reads": float64(total)}
	for g, b := range bad {
		if b != "" {
			report("corrupt", fmt.Sprintf("reader %d: %s", g, b), metrics)
		}
	}
	if len(m) != keys {
		report("corrupt", fmt.Sprintf("len is %d after reading only, want %d", len(m), keys), metrics)
	}
	report("clean", fmt.Sprintf("%d concurrent lookups and ranges were all consistent; %d of %d rounds overlapped in time", total, overlapping, rounds), metrics)
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
