package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// writeResults writes a results file of one toolchain with two cells of
// the real catalogue's probes under a machine directory, and returns the
// machine directory.
func writeResults(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "results", "local-linux-amd64-2cpu-b23a6a")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tc := toolchain.Toolchain{ID: "go1.26.8", Kind: toolchain.GC, Release: "go1.26.8", GOOS: "linux", GOARCH: "amd64", Modes: []toolchain.Mode{toolchain.Plain, toolchain.Race}}
	clean := []results.Tally{{Outcome: outcome.Outcome{Kind: outcome.Clean}, K: 20}}
	f := results.File{Toolchain: tc, Env: results.Env{MachineID: "local-linux-amd64-2cpu-b23a6a", GOOS: "linux", GOARCH: "amd64", CPUs: 2, Date: time.Unix(0, 0).UTC(), Runner: results.RunnerLocal, CPUModel: "unknown"},
		Cells: []results.Cell{
			{Probe: "delete-during-range", ProbeHash: "0000000000000000", Mode: toolchain.Plain, N: 20, Tallies: clean, Seconds: 2},
			{Probe: "delete-during-range", ProbeHash: "0000000000000000", Mode: toolchain.Race, N: 20, Tallies: clean, Seconds: 6},
		}}
	if err := results.Write(filepath.Join(dir, results.FileName(tc)), f); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestRun(t *testing.T) {
	dir := writeResults(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-probes", "../../probes", dir}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	for _, want := range []string{
		"| go1.26.8 | 2 | 40 | 8 | 100% | 6 |",
		"| race builds of probes that start no goroutine | 1 | 20 | 6 | 75% | 6 |",
		"2 cells, 40 trials, 8 cell-seconds (0 min 8 s); 6 of them in cells the probes no longer declare.",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestRunUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{nil, 2, "usage: cellcost"},
		{[]string{"-top", "-1", "x"}, 2, "usage: cellcost"},
		{[]string{"-x"}, 2, "flag provided but not defined"},
		{[]string{"no/such/dir"}, 1, "cellcost: reading results"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(tt.args, &stdout, &stderr); code != tt.code || !strings.Contains(stderr.String(), tt.msg) {
			t.Errorf("run(%q) = %d, stderr %q; want %d and %q", tt.args, code, stderr.String(), tt.code, tt.msg)
		}
	}
}
