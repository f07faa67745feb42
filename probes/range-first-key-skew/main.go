// Probe range-first-key-skew: how evenly `for k := range m { return k }` picks a key.
//
// Hazard: code picks "a random key" of a map with `for k := range m {
// return k }` (a random server, a random sample), in the belief that the
// randomised range order makes every key equally likely.
//
// Promise: the spec says the iteration order is not specified; it promises
// no distribution at all. The gc runtime starts each range at a random
// position, not at a random key. In bucket maps (runtime/map.go of
// go1.19, mapiterinit and mapiternext) it picks a random start bucket and
// a random offset 0-7, and walks each bucket's 8 slots from that offset,
// skipping empty slots; in Swiss maps (internal/runtime/maps/table.go of
// go1.26.8 and go1.27.3, Iter.Init and Iter.Next) a random entryOffset and
// dirOffset play the same part over a group's 8 slots. The first key
// produced is the first filled slot at or after a random slot, so a key
// that follows empty slots is picked more often. A map of 3 keys, filled
// into slots 0-2 of its one bucket or group, gives its first key 6 of the
// 8 starting slots. gccgo's libgo sources are not installed on the machine
// that wrote this probe, so its iterator was not read, only measured.
//
// Checks: every pick is a key of the map (the invariant). For a map of 3
// int keys and one of 100, picks times the loop returns its first key;
// metrics: chi_square_small and chi_square_large, Pearson's statistic of
// the pick counts against equal counts (2 and 99 degrees of freedom; the
// critical values at p = 1e-6 are 27.6 and 180.8), and top_share_small and
// top_over_fair_large, the share of picks of the most picked key of the
// small map (1/3 if fair) and the most picked key's count of the large
// map over the fair count (three decimals).
//
// maplab:claims range-first-key-fair
// maplab:modes plain
// maplab:observe "top first key {top_share_small:%} of picks (small map)" "{top_over_fair_large:.1}× a fair share (large map)"
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

const probe = "range-first-key-skew"

const picks = 30000

func main() {
	metrics := map[string]float64{"picks": picks}
	chi, top := skew(3)
	metrics["chi_square_small"] = chi
	metrics["top_share_small"] = float64(int(top*1000)) / 1000
	chi, top = skew(100)
	metrics["chi_square_large"] = chi
	metrics["top_over_fair_large"] = float64(int(top*100*1000)) / 1000
	report("clean", fmt.Sprintf("%d picks of the first key of a range: over 3 keys the most picked key had a share of %v (chi-square %.1f, 2 df); over 100 keys the most picked key came %vx as often as a fair pick would (chi-square %.1f, 99 df)",
		picks, metrics["top_share_small"], metrics["chi_square_small"], metrics["top_over_fair_large"], metrics["chi_square_large"]), metrics)
}

// skew builds a map of the keys 0..n-1, inserted in increasing order,
// picks its first key picks times, and returns Pearson's chi-square
// statistic of the counts against equal counts, rounded to one decimal,
// and the largest count's share of the picks. It reports corrupt if a
// pick is not a key of the map.
func skew(n int) (chi, top float64) {
	m := make(map[int]int)
	for k := 0; k < n; k++ {
		m[k] = k
	}
	counts := make([]int, n)
	for i := 0; i < picks; i++ {
		k := first(m)
		if k < 0 || k >= n {
			report("corrupt", fmt.Sprintf("range over a map of the keys 0..%d produced %d", n-1, k), nil)
		}
		counts[k]++
	}
	fair := float64(picks) / float64(n)
	most := 0
	for _, c := range counts {
		d := float64(c) - fair
		chi += d * d / fair
		if c > most {
			most = c
		}
	}
	return float64(int(chi*10)) / 10, float64(most) / float64(picks)
}

// first returns the first key a range over m produces, or -1 for an empty
// map.
func first(m map[int]int) int {
	for k := range m {
		return k
	}
	return -1
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
