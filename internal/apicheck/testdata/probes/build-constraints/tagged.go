//go:build go1.9
// +build go1.9

package main

// other is built by every release the probe supports; its build line must
// not raise its language version above the minimum.
func other() int {
	var x any = 1
	_ = x
	return 0
}
