package cellcost

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

var update = flag.Bool("update", false, "rewrite testdata/summary.md")

var (
	plain, race = toolchain.Plain, toolchain.Race
	both        = []toolchain.Mode{plain, race}
	allCPUs     = []int{catalogue.ProcsAll}
	probes      = map[string]Probe{
		"single":     {Modes: []toolchain.Mode{plain}, Procs: allCPUs},
		"concurrent": {Goroutines: true, Modes: both, Procs: allCPUs},
		"perf":       {Timing: true, Modes: []toolchain.Mode{plain}, Procs: []int{1, catalogue.ProcsAll}},
	}
)

func cell(probe string, mode toolchain.Mode, procs int, seconds float64, kinds ...outcome.Kind) results.Cell {
	c := results.Cell{Probe: probe, Mode: mode, Procs: procs, Seconds: seconds}
	for _, k := range kinds {
		c.Tallies = append(c.Tallies, results.Tally{Outcome: outcome.Outcome{Kind: k}, K: 10})
		c.N += 10
	}
	return c
}

func TestCategory(t *testing.T) {
	tests := []struct {
		cell results.Cell
		want string
	}{
		{cell("perf", plain, 1, 1, outcome.Clean), Timing},
		{cell("single", race, 0, 1, outcome.Clean), RaceNoGo},
		{cell("single", race, 1, 1, outcome.Clean), RaceNoGo},
		{cell("concurrent", race, 1, 1, outcome.Race), RaceOneCPU},
		{cell("concurrent", plain, 1, 1, outcome.Idle), IdleOneCPU},
		{cell("concurrent", plain, 1, 1, outcome.Idle, outcome.Corrupt), OtherOneCPU},
		{cell("concurrent", plain, 1, 0), OtherOneCPU},
		{cell("concurrent", plain, 0, 1, outcome.Idle), EverythingElse},
		{cell("concurrent", race, 0, 1, outcome.Race), EverythingElse},
		// A probe no longer in the catalogue counts as concurrent.
		{cell("gone", race, 0, 1, outcome.Clean), EverythingElse},
	}
	for _, tt := range tests {
		if got := Category(tt.cell, probes); got != tt.want {
			t.Errorf("Category(%s %s procs %d %v) = %q, want %q", tt.cell.Probe, tt.cell.Mode, tt.cell.Procs, tt.cell.Tallies, got, tt.want)
		}
	}
}

func TestSummarize(t *testing.T) {
	files := []results.File{
		{Toolchain: toolchain.Toolchain{ID: "go1.26.8"}, Cells: []results.Cell{
			cell("single", plain, 0, 2, outcome.Clean),
			cell("single", race, 0, 8, outcome.Clean),
			cell("concurrent", plain, 1, 3, outcome.Idle),
			cell("perf", plain, 0, 40, outcome.Clean),
		}},
		{Toolchain: toolchain.Toolchain{ID: "gccgo12-go1.18"}, Cells: []results.Cell{
			cell("single", plain, 0, 5, outcome.Clean),
			cell("perf", plain, 0, 80, outcome.Clean),
		}},
	}
	s := Summarize(files, probes)
	if s.Total.Cells != 6 || s.Total.Trials != 60 || s.Total.Seconds != 138 || s.Total.Dropped != 11 {
		t.Errorf("Total = %+v, want 6 cells, 60 trials, 138 s, 11 s dropped (single race, concurrent at GOMAXPROCS=1)", s.Total)
	}
	if len(s.Toolchains) != 2 || s.Toolchains[0].Name != "go1.26.8" || s.Toolchains[0].Seconds != 53 || s.Toolchains[1].Seconds != 85 {
		t.Errorf("Toolchains = %+v, want go1.26.8 53 s, gccgo12-go1.18 85 s", s.Toolchains)
	}
	if s.Rows[0].Name != "perf plain all CPUs" || s.Rows[0].Cells != 2 || s.Rows[0].Seconds != 120 {
		t.Errorf("Rows[0] = %+v, want perf plain all CPUs, 2 cells, 120 s", s.Rows[0])
	}
	var buf bytes.Buffer
	if err := s.Markdown(&buf, 3); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "summary.md")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != string(want) {
		t.Errorf("Markdown =\n%s\nwant (%s)\n%s", got, golden, want)
	}
}
