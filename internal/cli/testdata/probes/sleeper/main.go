// Probe sleeper: a test fixture that sleeps briefly and reports clean.
//
// Hazard: none; test copies of this probe under other names give a run
// several cells that each take a moment.
//
// Promise: the matrix stores every finished cell and resumes after an
// interruption.
//
// Checks: nothing; it appends "name pid ppid" to $TMPDIR/maplab-trials.log,
// sleeps 100 ms and reports clean.
//
// maplab:modes plain
// maplab:timeout 5s
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"
)

const probe = "sleeper"

func main() {
	if f, err := os.OpenFile(filepath.Join(os.TempDir(), "maplab-trials.log"), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
		fmt.Fprintf(f, "%s %d %d\n", probe, os.Getpid(), os.Getppid())
		f.Close()
	}
	time.Sleep(100 * time.Millisecond)
	fmt.Printf("maplab-result {\"probe\":%q,\"status\":\"clean\",\"detail\":\"slept\",\"metrics\":{}}\n", probe)
}
