// Probe goroutine-race: starts a goroutine, so race builds need no reason.
//
// Hazard: none; the header is the test.
//
// Promise: none.
package main

func main() {
	done := make(chan bool)
	go func() { done <- true }()
	<-done
}
