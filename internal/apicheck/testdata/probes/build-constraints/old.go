//go:build !go1.21
// +build !go1.21

package main

func reset(m map[int]int) {
	for k := range m {
		delete(m, k)
	}
}
