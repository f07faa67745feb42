// Probe promoted-method: calls methods promoted through embedded fields.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: bufio.ReadWriter.AvailableBuffer exists from Go 1.18 on,
// Available from Go 1 on, sync.Map.Clear from Go 1.23.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"sync"
)

type guarded struct {
	sync.Mutex
	sync.Map
}

func main() {
	var buf bytes.Buffer
	rw := bufio.NewReadWriter(bufio.NewReader(&buf), bufio.NewWriter(&buf))
	fmt.Println(rw.Available(), len(rw.AvailableBuffer()))
	var g guarded
	g.Lock()
	g.Store("a", 1)
	g.Clear()
	g.Unlock()
}
