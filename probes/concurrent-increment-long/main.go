// Probe concurrent-increment-long: two goroutines each do m[k]++ ten million times on one map, without a lock.
//
// Hazard: a counter map shared by goroutines without a lock, in a program
// that may run on one CPU: a container pinned to one CPU (a cpuset), a
// one-CPU machine, or GOMAXPROCS=1 set by hand. (A CPU quota of one CPU is
// not enough: Go 1.25's container-aware default rounds a quota below 2 up
// to 2, runtime/cgroup_linux.go defaultGOMAXPROCS.) With one processor
// the two goroutines never run at the same instant; they interleave only
// when the scheduler preempts one of them, about every 10ms, which a long
// burst of increments lets happen. The runtime's concurrent-write check
// sees two writers only if the preempted goroutine stopped between setting
// and clearing the map's writing flag, that is at a preemption point
// inside the map code. Asynchronous preemption never stops runtime code
// (runtime.isAsyncSafePoint refuses functions of runtime and
// internal/runtime), so only a function call inside the map assignment,
// whose prologue honours a pending preemption request, can be that point.
// In go1.26.8 runtime.mapassign_fast64 calls (*Map).putSlotSmallFast64 with
// the flag set, and that function has a stack-check prologue; in go1.27.3
// putSlotSmallFast64 is a leaf without one, and the bucket maps of go1.19
// call nothing on this path once the key exists. So whether one CPU can
// ever catch this misuse depends on the release's map code.
//
// Promise: none for the program: unsynchronised writes are a data race. The
// gc runtime detects some concurrent map writes on a best-effort basis and
// then stops the program with "concurrent map writes"; the race detector
// reports the race.
//
// Checks: one map holds one counter; two goroutines, released together at a
// spinning gate, each do m[k]++ ten million times. If the program survives,
// the counter must equal twenty million (else corrupt, with "lost N of M
// increments without a fatal error"). Metrics: whether the two bursts
// overlapped in time (overlapping_rounds; on one CPU only preemption makes
// them overlap, and a trial where they did not is idle), the increments,
// those lost, and the GOMAXPROCS the program ran at, so that the cell
// shows the setting was in effect. In a race build the probe also shows
// whether the race detector reports the race: on one CPU each goroutine
// runs about 10ms of instrumented increments between preemptions, and the
// detector can only report a race if it can restore the stack of the
// other goroutine's earlier access from its bounded per-goroutine history
// (GORACE history_size; by hand on go1.27.3, history_size=0 gave no report
// in 3 of 3 runs that lost millions of increments, history_size=7 reports
// in 2 of 3).
//
// maplab:claims single-cpu-catches-concurrent-writes single-cpu-increments-safe detection-independent-of-cpus race-detector-reports-every-race
// maplab:alone
// maplab:gomaxprocs 1 all -- the probe asks whether one CPU catches or loses
// concurrent increments: claims single-cpu-catches-concurrent-writes and
// single-cpu-increments-safe read the GOMAXPROCS=1 row, and
// detection-independent-of-cpus compares it with all CPUs.
// maplab:trials 40 until fatal in plain gomaxprocs=1 -- written for claim
// single-cpu-catches-concurrent-writes, which reads plain builds at
// GOMAXPROCS=1: where go1.26.8 catches the writers on one CPU (15 of 80
// trials at the lowest, testscript/testdata), 40 trials with no catch
// would have probability 2.5e-4, so a row with none really differs; a cell
// that has caught them has answered that and stops under the ordinary
// rule. The race builds' claim (race-detector-reports-every-race) is
// answered by one trial that ends without a report, and with all CPUs
// every toolchain catches the writers in the first trials, so elsewhere
// the floor only costs time (the race builds at GOMAXPROCS=1 ran all 60
// trials, 71 and 85 s per cell on go1.19.8 and go1.27.3, 2026-12-05).
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

const probe = "concurrent-increment-long"

const (
	goroutines   = 2
	perGoroutine = 10000000
	key          = 7
)

func main() {
	m := map[int]int{key: 0}
	// One round: each goroutine's burst is all its increments.
	rounds, overlapping := runRounds(goroutines, 1, 1, time.Hour, func(g, r int) {
		for i := 0; i < perGoroutine; i++ {
			m[key]++
		}
	})
	total := goroutines * perGoroutine * rounds
	got := m[key]
	metrics := map[string]float64{"overlapping_rounds": float64(overlapping), "increments": float64(total),
		"lost_increments": float64(total - got), "gomaxprocs": float64(runtime.GOMAXPROCS(0))}
	if got != total || len(m) != 1 {
		report("corrupt", fmt.Sprintf("lost %d of %d increments without a fatal error at GOMAXPROCS=%d; the bursts overlapped in time: %v",
			total-got, total, runtime.GOMAXPROCS(0), overlapping > 0), metrics)
	}
	report("clean", fmt.Sprintf("no increment was lost at GOMAXPROCS=%d; the bursts overlapped in time: %v",
		runtime.GOMAXPROCS(0), overlapping > 0), metrics)
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
