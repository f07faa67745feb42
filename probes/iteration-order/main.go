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
// maps built afresh the same way (fresh_small_*); how many small-map
// ranges happened to follow insertion order; and small_rotations and
// fresh_small_rotations, 1 when every order seen was a rotation of one
// cyclic order (the first order seen, started at another key), 0 when
// some order was not.
//
// maplab:claims iteration-order-random small-map-order-stable small-map-order-rotations
// maplab:modes plain race -- claim small-map-order-rotations lists race among its modes
// and reads these cells; the program starts no goroutine, so drop race
// here once the claim reads plain cells only.
// maplab:observe "{distinct_orders}/{ranges} orders distinct" "small map: {small_distinct_orders} orders, {small_rotations:?all rotations|not all rotations}"
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
	orders, firsts, inOrder, rotations := orderStats(func() map[int]int { return m }, small)
	metrics["small_distinct_orders"] = float64(orders)
	metrics["small_distinct_first"] = float64(firsts)
	metrics["small_insertion_order"] = float64(inOrder)
	metrics["small_rotations"] = flag(rotations)

	orders, firsts, _, rotations = orderStats(func() map[int]int { return build(small) }, small)
	metrics["fresh_small_distinct_orders"] = float64(orders)
	metrics["fresh_small_distinct_first"] = float64(firsts)
	metrics["fresh_small_rotations"] = flag(rotations)

	big := build(large)
	orders, firsts, _, _ = orderStats(func() map[int]int { return big }, large)
	metrics["distinct_orders"] = float64(orders)
	metrics["distinct_first"] = float64(firsts)

	report("clean", fmt.Sprintf("over %d ranges: one %d-key map gave %v distinct orders (%v first keys, %v in insertion order, rotations of one cycle: %v); fresh %d-key maps gave %v orders (rotations of one cycle: %v); one %d-key map gave %v orders (%v first keys)",
		ranges, small, metrics["small_distinct_orders"], metrics["small_distinct_first"], metrics["small_insertion_order"], metrics["small_rotations"],
		small, metrics["fresh_small_distinct_orders"], metrics["fresh_small_rotations"], large, metrics["distinct_orders"], metrics["distinct_first"]), metrics)
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
// keys and of ranges in insertion order, and whether every order was a
// rotation of the first one. It reports corrupt if a range does not produce
// every key exactly once.
func orderStats(next func() map[int]int, n int) (orders, firsts, inOrder int, rotations bool) {
	seenOrders := make(map[uint64]bool)
	seenFirsts := make(map[int]bool)
	var cycle []int
	rotations = true
	for r := 0; r < ranges; r++ {
		order := make([]int, 0, n)
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
			order = append(order, k)
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
		if cycle == nil {
			cycle = order
		} else if !isRotation(order, cycle) {
			rotations = false
		}
	}
	return len(seenOrders), len(seenFirsts), inOrder, rotations
}

// isRotation reports whether order is cycle started at another element:
// both hold the same n distinct keys and order[i] == cycle[(j+i)%n] where
// cycle[j] == order[0].
func isRotation(order, cycle []int) bool {
	n := len(cycle)
	if len(order) != n {
		return false
	}
	j := 0
	for j < n && cycle[j] != order[0] {
		j++
	}
	if j == n {
		return false
	}
	for i := range order {
		if order[i] != cycle[(j+i)%n] {
			return false
		}
	}
	return true
}

// flag returns 1 for true and 0 for false.
func flag(b bool) float64 {
	if b {
		return 1
	}
	return 0
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
