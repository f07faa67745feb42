package concwrites

import (
	"fmt"
	"strconv"
	"sync"
)

func loop(keys []string) map[string]int {
	m := map[string]int{}
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m[k] = i // want `concwrites: m is written by every goroutine the loop starts at line 14, with no lock.*\[claim concurrent-writes-always-detected: .*#claim-concurrent-writes-always-detected\] \[claim single-cpu-catches-concurrent-writes: `
		}()
	}
	wg.Wait()
	return m
}

func starterWrites() {
	m := map[int]int{}
	go func() {
		m[1] = 1
	}()
	m[2] = 2 // want `concwrites: m is written here while the goroutine started at line 25 may still write it`
}

func starterReads() int {
	m := map[int]int{}
	go func() {
		delete(m, 1)
	}()
	s := strconv.Itoa(3)
	fmt.Sprint(s)
	return m[2] // want `m is read here while the goroutine started at line 33`
}

func starterRanges() {
	m := map[int]int{}
	go func() {
		m[1]++
	}()
	for k := range m { // want `m is read here`
		_ = k
	}
}

func twoGoroutines() {
	m := map[int]int{}
	go func() {
		m[1] = 1
	}()
	go func() {
		m[2] = 2 // want `m is written by this goroutine while the one started at line 53 may write it`
	}()
}

func silenced() {
	m := map[int]int{}
	go func() {
		m[1] = 1
	}()
	m[2] = 2 //mapvet:ignore concwrites the goroutine never runs in tests
}

// Negative cases: happens-before through Wait, channel receive, Lock;
// goroutines that lock; maps made per goroutine; per-iteration variables;
// accesses before the go statement; a call between that might wait.

func waited() {
	m := map[int]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m[1] = 1
	}()
	wg.Wait()
	m[2] = 2
}

func received() {
	m := map[int]int{}
	done := make(chan struct{})
	go func() {
		m[1] = 1
		close(done)
	}()
	<-done
	m[2] = 2
}

func selected() {
	m := map[int]int{}
	done := make(chan struct{})
	go func() {
		m[1] = 1
		close(done)
	}()
	select {
	case <-done:
	}
	m[2] = 2
}

func locked(keys []string) {
	var mu sync.Mutex
	m := map[string]int{}
	for _, k := range keys {
		go func() {
			mu.Lock()
			m[k]++
			mu.Unlock()
		}()
	}
	mu.Lock()
	m["x"] = 1
	mu.Unlock()
}

func lockedHelper(keys []string) {
	m := map[string]int{}
	var s struct{ sync.Mutex }
	for _, k := range keys {
		go func() {
			s.Lock()
			defer s.Unlock()
			m[k]++
		}()
	}
}

func perGoroutine(keys []string) {
	for range keys {
		m := map[string]int{}
		go func() {
			m["a"] = 1
		}()
	}
}

func perIteration(ms []map[string]int) {
	for _, m := range ms {
		go func() {
			m["a"] = 1
		}()
	}
}

func before() {
	m := map[int]int{}
	m[0] = 0
	go func() {
		m[1] = 1
	}()
}

func helperWaits(wait func()) {
	m := map[int]int{}
	go func() {
		m[1] = 1
	}()
	wait()
	m[2] = 2
}

func goroutineWaits(start chan struct{}) {
	m := map[int]int{}
	go func() {
		<-start
		m[1] = 1
	}()
	m[0] = 0
	close(start)
}

func loopWaits(keys []string) {
	m := map[string]int{}
	for _, k := range keys {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			m[k] = 1
		}()
		wg.Wait()
	}
}

func loopReturns(keys []string) {
	m := map[string]int{}
	for _, k := range keys {
		go func() {
			m[k] = 1
		}()
		return
	}
}

func reassigned() {
	m := map[int]int{}
	go func() {
		m[1] = 1
	}()
	m = map[int]int{}
	m[2] = 2
}

func branched(ok bool) {
	m := map[int]int{}
	if ok {
		go func() {
			m[1] = 1
		}()
		return
	}
	m[2] = 2
}

func readOnlyGoroutine() {
	m := map[int]int{}
	go func() {
		_ = m[1]
	}()
	_ = m[2]
}
