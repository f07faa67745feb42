//go:build unix

package runner_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/build"
	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/runner"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
	"github.com/maplab/maplab/internal/trial"
)

// Issue 7: faults lose nothing and run nothing. These tests drive
// runner.Run directly, with fixture toolchains and probes.

// testDate is the date of the test runs' environment.
var testDate = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// probeSource is a minimal probe that reports clean; %[1]s is its name and
// %[2]s its modes.
const probeSource = `// Probe %[1]s: a test fixture that reports clean at once.
//
// Hazard: none.
//
// Promise: none; the runner tests only need a probe that runs.
//
// maplab:modes %[2]s
// maplab:timeout 5s
package main

import "fmt"

func main() {
	fmt.Println(` + "`" + `maplab-result {"probe":"%[1]s","status":"clean","detail":"","metrics":{}}` + "`" + `)
}
`

// fixtureProbes parses probes with the given names from probeSource.
func fixtureProbes(t *testing.T, modes string, names ...string) []catalogue.Probe {
	t.Helper()
	var ps []catalogue.Probe
	for _, n := range names {
		p, err := catalogue.Parse(n, n+"/main.go", []byte(fmt.Sprintf(probeSource, n, modes)))
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	return ps
}

// missing skips the test for want of a program, or fails it when
// MAPLAB_REQUIRE_ALL=1 (as in CI).
func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("MAPLAB_REQUIRE_ALL") == "1" {
		t.Fatal(why + " (MAPLAB_REQUIRE_ALL=1)")
	}
	t.Skip(why)
}

// discoverOne identifies the toolchain of the go command at path.
func discoverOne(t *testing.T, path, cache string) toolchain.Toolchain {
	t.Helper()
	tcs, _, err := toolchain.Discover(context.Background(), toolchain.Options{Explicit: []string{path}, CacheDir: cache})
	if err != nil || len(tcs) != 1 {
		t.Fatalf("discovering %s: %v (found %d)", path, err, len(tcs))
	}
	return tcs[0]
}

// hostToolchain returns a new scratch directory and the go command on
// PATH, discovered with its toolchain cache under dir/toolchains; a test
// without a go command is missing its toolchain.
func hostToolchain(t *testing.T) (dir string, host toolchain.Toolchain) {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		missing(t, "no go command on PATH")
	}
	dir = t.TempDir()
	return dir, discoverOne(t, goCmd, filepath.Join(dir, "toolchains"))
}

// TestVanishedToolchain checks that a toolchain that disappears between
// discovery and build gets its cells recorded as unavailable, with the
// reason, and every other toolchain completes.
func TestVanishedToolchain(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		missing(t, "no go command on PATH")
	}
	dir := t.TempDir()
	cache := filepath.Join(dir, "toolchains")
	host := discoverOne(t, goCmd, cache)

	// A fixture toolchain: a wrapper script around the host go command.
	// It is discovered like any go command, then deleted.
	shimDir := filepath.Join(dir, "vanishing", "bin")
	shim := filepath.Join(shimDir, "go")
	if err := os.MkdirAll(shimDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(shim, []byte("#!/bin/sh\nexec '"+goCmd+"' \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	gone := discoverOne(t, shim, cache)
	if gone.Path != shim {
		t.Fatalf("the wrapper was discovered as %s, want %s", gone.Path, shim)
	}
	gone.ID += "+vanished" // it is the host's release; keep its results apart
	if err := os.RemoveAll(filepath.Join(dir, "vanishing")); err != nil {
		t.Fatal(err)
	}

	probes := fixtureProbes(t, "plain", "probe-a", "probe-b")
	out := mkdir(t, filepath.Join(dir, "results"))
	cfg := hostConfig(dir, out, runner.Plan(probes, []toolchain.Toolchain{gone, host}, []toolchain.Mode{toolchain.Plain}), stats.Fixed(2))
	sum, err := runner.Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if sum.Ran != 4 {
		t.Errorf("%d cells recorded, want 4", sum.Ran)
	}
	vanished := readFile(t, runner.FileFor(out, cfg.Machine.MachineID, gone)).Cells
	if len(vanished) != 2 {
		t.Fatalf("vanished toolchain: %d cells, want 2", len(vanished))
	}
	t.Logf("vanished toolchain: %v", vanished[0].NotRun)
	for _, c := range vanished {
		if c.NotRun == nil || c.NotRun.Kind != outcome.Unavailable || !strings.Contains(c.NotRun.Reason, shim) {
			t.Errorf("vanished toolchain, cell %s: not run %v; want unavailable with a reason naming %s", c.Key(), c.NotRun, shim)
		}
	}
	f := readFile(t, runner.FileFor(out, cfg.Machine.MachineID, host))
	if len(f.Cells) != 2 {
		t.Fatalf("host toolchain: %d cells, want 2", len(f.Cells))
	}
	for _, c := range f.Cells {
		if lead, k := c.Leading(); c.N != 2 || lead.Kind != outcome.Clean || k != 2 {
			t.Errorf("host toolchain, cell %s: %v in %d of %d trials; want 2 clean trials", c.Key(), lead, k, c.N)
		}
	}
}

// tsanFailure is what an old race runtime prints when it cannot map its
// shadow memory (see internal/classify testdata, race-tsan-unexpected-
// mapping); it exits 66 before the program starts.
const tsanFailure = "FATAL: ThreadSanitizer: unexpected memory mapping 0x5581f3a00000-0x5581f3b2c000"

// TestRaceRuntimeFailureUnavailable checks that when the race detector
// cannot start (a ThreadSanitizer mapping error), the race cells of that
// toolchain are "unavailable" with the reason, never a probe outcome,
// whether the failure comes in the first trial or a later one; plain cells
// are unaffected.
//
// The fixture binaries are shell scripts placed in the build cache under
// the keys the runner asks for, so no toolchain runs.
func TestRaceRuntimeFailureUnavailable(t *testing.T) {
	tests := []struct {
		name string
		// failFrom is the race trial, counted over the whole run from 1,
		// from which the race runtime fails to start.
		failFrom int
		// raceTrials is how many race trials should run: the runner
		// stops measuring race on the toolchain after the failure.
		raceTrials int
	}{
		{"first trial", 1, 1},
		{"later trial", 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tc := toolchain.Toolchain{
				ID: "go1.18.10", Kind: toolchain.GC, Version: "go1.18.10", Release: "go1.18.10", Lang: "go1.18",
				GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Path: filepath.Join(dir, "never-run", "go"),
				Modes: []toolchain.Mode{toolchain.Plain, toolchain.Race},
			}
			probes := fixtureProbes(t, "plain race", "probe-a", "probe-b")
			tasks := runner.Plan(probes, []toolchain.Toolchain{tc}, []toolchain.Mode{toolchain.Plain, toolchain.Race})
			b := &build.Builder{CacheDir: filepath.Join(dir, "build")}
			count := filepath.Join(dir, "race-trials")
			for _, task := range tasks {
				script := fmt.Sprintf("#!/bin/sh\necho 'maplab-result {\"probe\":\"%s\",\"status\":\"clean\",\"detail\":\"\",\"metrics\":{}}'\n", task.Probe.Name)
				if task.Mode == toolchain.Race {
					script = fmt.Sprintf("#!/bin/sh\necho x >> '%s'\nif [ \"$(wc -l < '%s')\" -ge %d ]; then\n\techo '%s' >&2\n\texit 66\nfi\n", count, count, tt.failFrom, tsanFailure) + script[len("#!/bin/sh\n"):]
				}
				bin := filepath.Join(b.CacheDir, build.Key(task.Request()), "probe")
				if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			out := mkdir(t, filepath.Join(dir, "results"))
			cfg := runner.Config{
				Tasks: tasks, Rule: stats.Fixed(4), Parallel: 1, OutDir: out, Builder: b,
				Machine: runner.DescribeMachine(testDate), TrialEnv: trial.CleanEnv(),
			}
			if _, err := runner.Run(context.Background(), cfg); err != nil {
				t.Fatalf("Run: %v", err)
			}
			f := readFile(t, runner.FileFor(out, cfg.Machine.MachineID, tc))
			if len(f.Cells) != 4 {
				t.Fatalf("%d cells, want 4", len(f.Cells))
			}
			for _, c := range f.Cells {
				switch c.Mode {
				case toolchain.Race:
					if c.NotRun == nil || c.NotRun.Kind != outcome.Unavailable || c.NotRun.Reason != "ThreadSanitizer: unexpected memory mapping" || c.N != 0 || len(c.Tallies) != 0 {
						t.Errorf("race cell %s: n %d, tallies %v, not run %v; want unavailable: ThreadSanitizer: unexpected memory mapping", c.Key(), c.N, c.Tallies, c.NotRun)
					}
				case toolchain.Plain:
					if lead, k := c.Leading(); c.N != 4 || lead.Kind != outcome.Clean || k != 4 {
						t.Errorf("plain cell %s: %v in %d of %d trials; want 4 clean trials", c.Key(), lead, k, c.N)
					}
				}
			}
			data, err := os.ReadFile(count)
			if err != nil {
				t.Fatal(err)
			}
			if n := strings.Count(string(data), "\n"); n != tt.raceTrials {
				t.Errorf("%d race trials ran, want %d: none after the race runtime failed to start", n, tt.raceTrials)
			}
		})
	}
}

func mkdir(t *testing.T, dir string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func readFile(t *testing.T, path string) results.File {
	t.Helper()
	f, err := results.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
