// Probe iteration-order: how much the order of range over a map varies between loops.
//
// Hazard: code (often a test) depends on the order in which range produces
// map entries: it expects insertion order, a stable order, or at least a
// stable order for small maps.
//
// Promise: the spec says the iteration order over maps is not specified and
// is not guaranteed to be the same from one iteration to the next. The gc
// runtime randomises it on purpose; how much, for small and for large maps,
// is an implementation detail that this probe measures.
//
// Checks: every range produces every key exactly once (the only invariant).
// Metrics, over 100 ranges each: distinct_orders and distinct_first, the
// distinct orders and first keys of one large map (1000 keys) ranged
// repeatedly; the same for one small map (8 keys, small_*) and for small
// maps built afresh the same way (fresh_small_*); and how many small-map
// ranges happened to follow insertion order.
//
// maplab:claims iteration-order-random small-map-order-stable
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

const probe = "iteration-order"

const (
	ranges = 100
	small  = 8
	large  = 1000
)

func main() {
	metrics := map[string]float64{"ranges": ranges}

	m := build(small)
	orders, firsts, inOrder := orderStats(func() map[int]int { return m }, small)
	metrics["small_distinct_orders"] = float64(orders)
	metrics["small_distinct_first"] = float64(firsts)
	metrics["small_insertion_order"] = float64(inOrder)

	orders, firsts, _ = orderStats(func() map[int]int { return build(small) }, small)
	metrics["fresh_small_distinct_orders"] = float64(orders)
	metrics["fresh_small_distinct_first"] = float64(firsts)

	big := build(large)
	orders, firsts, _ = orderStats(func() map[int]int { return big }, large)
	metrics["distinct_orders"] = float64(orders)
	metrics["distinct_first"] = float64(firsts)

	report("clean", fmt.Sprintf("over %d ranges: one %d-key map gave %v distinct orders (%v first keys, %v in insertion order); fresh %d-key maps gave %v orders; one %d-key map gave %v orders (%v first keys)",
		ranges, small, metrics["small_distinct_orders"], metrics["small_distinct_first"], metrics["small_insertion_order"],
		small, metrics["fresh_small_distinct_orders"], large, metrics["distinct_orders"], metrics["distinct_first"]), metrics)
}

// build returns a map holding keys 0..n-1, inserted in increasing order.
func build(n int) map[int]int {
	m := make(map[int]int)
	for k := 0; k < n; k++ {
		m[k] = k
	}
	return m
}

// orderStats ranges ranges times over the map returned by next, which holds
// keys 0..n-1, and returns the number of distinct orders, of distinct first
// keys and of ranges in insertion order. It reports corrupt if a range does
// not produce every key exactly once.
func orderStats(next func() map[int]int, n int) (orders, firsts, inOrder int) {
	seenOrders := make(map[uint64]bool)
	seenFirsts := make(map[int]bool)
	for r := 0; r < ranges; r++ {
		count := make([]int, n)
		hash := uint64(14695981039346656037)
		first, pos, ordered := -1, 0, true
		for k := range next() {
			if k < 0 || k >= n {
				report("corrupt", fmt.Sprintf("range over a %d-key map produced unknown key %d", n, k), nil)
			}
			if first < 0 {
				first = k
			}
			count[k]++
			ordered = ordered && k == pos
			pos++
			hash = (hash ^ uint64(k)) * 1099511628211
		}
		for k, c := range count {
			if c != 1 {
				report("corrupt", fmt.Sprintf("range over a %d-key map produced key %d %d times", n, k, c), nil)
			}
		}
		seenOrders[hash] = true
		seenFirsts[first] = true
		if ordered {
			inOrder++
		}
	}
	return len(seenOrders), len(seenFirsts), inOrder
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
