// Probe stderr-flood: a test fixture that floods its standard error.
//
// Hazard: the probe writes 100 MiB to stderr before it reports, as a
// runaway traceback or debug loop would.
//
// Promise: the matrix keeps only the head of the output, so its memory stays
// bounded however much a probe writes.
//
// Checks: nothing; it appends "name pid ppid" to $TMPDIR/maplab-trials.log,
// floods stderr and reports clean.
//
// maplab:modes plain
// maplab:timeout 30s
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	if f, err := os.OpenFile(filepath.Join(os.TempDir(), "maplab-trials.log"), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
		fmt.Fprintf(f, "stderr-flood %d %d\n", os.Getpid(), os.Getppid())
		f.Close()
	}
	chunk := bytes.Repeat([]byte("flood 0123456789abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n"), 1024)
	for written := 0; written < 100<<20; written += len(chunk) {
		if _, err := os.Stderr.Write(chunk); err != nil {
			os.Exit(9)
		}
	}
	fmt.Println(`maplab-result {"probe":"stderr-flood","status":"clean","detail":"flooded","metrics":{}}`)
}
