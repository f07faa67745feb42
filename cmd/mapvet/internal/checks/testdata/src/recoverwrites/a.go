package recoverwrites

import "sync"

func inGoroutine(keys []string) {
	m := map[string]int{}
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { // want `recoverwrites: this recover cannot catch the fatal error "concurrent map writes": goroutines started at line 10 write m together without a lock \[claim recover-catches-concurrent-writes: .*#claim-recover-catches-concurrent-writes\]`
				recover()
			}()
			m[k]++
		}()
	}
	wg.Wait()
}

func inStarter() {
	defer func() { // want `recoverwrites: this recover cannot catch`
		if r := recover(); r != nil {
			println("survived")
		}
	}()
	m := map[int]int{}
	go func() {
		m[1] = 1
	}()
	m[2] = 2
}

func silenced(keys []string) {
	m := map[string]int{}
	for _, k := range keys {
		go func() {
			//mapvet:ignore recoverwrites the recover is for the parse below
			defer func() { recover() }()
			m[k]++
		}()
	}
}

// Negative cases: the writes are locked, the other party only reads
// after a Wait, the recover guards no shared map, the goroutines write
// maps of their own.

func lockedWrites(keys []string) {
	var mu sync.Mutex
	m := map[string]int{}
	for _, k := range keys {
		go func() {
			defer func() { recover() }()
			mu.Lock()
			m[k]++
			mu.Unlock()
		}()
	}
}

func waitedRead() int {
	defer func() { recover() }()
	m := map[int]int{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m[1] = 1
	}()
	wg.Wait()
	return m[1]
}

func readAfter() int {
	defer func() { recover() }()
	m := map[int]int{}
	go func() {
		m[1] = 1
	}()
	return m[1]
}

func ownMaps(keys []string) {
	for _, k := range keys {
		go func() {
			defer func() { recover() }()
			m := map[string]int{}
			m[k]++
		}()
	}
}

func noMap(keys []string) {
	defer func() { recover() }()
	for range keys {
		go func() {
			panic("x")
		}()
	}
}
