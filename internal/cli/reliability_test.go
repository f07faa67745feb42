//go:build linux

package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
)

// Issue 7: faults, interrupts and hostile input lose nothing and run
// nothing. Each test below covers one guarantee end to end, through the
// matrix command.

// TestHangKillsProcessGroup checks that a probe that never returns is
// recorded as a hang within its timeout plus a second, and its whole process
// group, the child it started included, is gone.
func TestHangKillsProcessGroup(t *testing.T) {
	r := newRepo(t, "hang-forever")
	const trials = 2
	const timeout = 500 * time.Millisecond // the fixture's maplab:timeout
	o := r.mustRun(runArgs("-trials", strconv.Itoa(trials))...)

	cell := cellOf(t, readResults(t, filepath.Join(r.root, "results")), "hang-forever")
	if cell.N != trials || len(cell.Tallies) != 1 || cell.Tallies[0].Kind != outcome.Hang {
		t.Fatalf("cell = n %d, tallies %v; want %d trials, all hang", cell.N, cell.Tallies, trials)
	}
	perTrial := time.Duration(cell.Seconds / float64(cell.N) * float64(time.Second))
	if perTrial < timeout || perTrial > timeout+time.Second {
		t.Errorf("a hanging trial took %v on average, want between the timeout %v and %v", perTrial, timeout, timeout+time.Second)
	}

	var pids []int
	for _, tr := range r.trials() {
		pids = append(pids, tr.pid)
	}
	children := readPIDs(t, filepath.Join(r.tmp, "maplab-children.log"))
	if len(pids) != trials || len(children) != trials {
		t.Fatalf("the fixture logged %d probe and %d child pids, want %d of each", len(pids), len(children), trials)
	}
	all := append(pids, children...)
	defer killAll(all)
	if left := survivors(all, 200*time.Millisecond); len(left) > 0 {
		t.Errorf("processes of the hanging probe still alive after the run: %v (probes %v, children %v)", left, pids, children)
	}
	t.Logf("run took %v; %v per hanging trial", o.elapsed.Round(time.Millisecond), perTrial.Round(time.Millisecond))
}

func readPIDs(t *testing.T, path string) []int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, f := range strings.Fields(string(data)) {
		pid, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		pids = append(pids, pid)
	}
	return pids
}

// maxRSS is the bound on the matrix's resident memory while probes flood
// their output.
const maxRSS = 200e6

// TestStderrFloodBoundedMemory checks that a probe that writes 100 MiB to
// stderr in every trial leaves the matrix's peak resident memory under 200
// MB, and the stored sample keeps only the head of the output.
func TestStderrFloodBoundedMemory(t *testing.T) {
	r := newRepo(t, "stderr-flood")
	const trials = 3
	cmd := r.command(runArgs("-trials", strconv.Itoa(trials), "-parallel", "2")...)
	cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// VmHWM is the process's own peak resident set (builds and probes are
	// other processes); it only grows, so the last reading is the peak.
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	var peak int64
	done := make(chan error)
	go func() { done <- cmd.Wait() }()
	var o exitInfo
poll:
	for {
		if kb := vmHWM(status); kb*1024 > peak {
			peak = kb * 1024
		}
		select {
		case err := <-done:
			o = exited(t, cmd, start, err)
			break poll
		case <-time.After(10 * time.Millisecond):
		}
	}
	if o.code != 0 {
		t.Fatalf("matrix run: exit status %d\n%s", o.code, o.stderr)
	}
	if peak == 0 {
		t.Fatal("could not read the matrix's VmHWM from /proc")
	}
	t.Logf("peak RSS of the matrix: %.1f MB over %d trials of 100 MiB stderr (%v)", float64(peak)/1e6, trials, o.elapsed.Round(time.Millisecond))
	if peak >= maxRSS {
		t.Errorf("peak RSS of the matrix = %.1f MB, want under %.0f MB", float64(peak)/1e6, maxRSS/1e6)
	}

	cell := cellOf(t, readResults(t, filepath.Join(r.root, "results")), "stderr-flood")
	if cell.N != trials || cell.Tallies[0].Kind != outcome.Clean {
		t.Fatalf("cell = n %d, tallies %v; want %d clean trials", cell.N, cell.Tallies, trials)
	}
	if got := len(r.trials()); got != trials {
		t.Fatalf("%d trials logged, want %d", got, trials)
	}
	if len(cell.Samples) == 0 {
		t.Fatal("no sample kept")
	}
	for _, s := range cell.Samples {
		if len(s.Stderr) == 0 || len(s.Stderr) > 4096 || !strings.HasPrefix(s.Stderr, "flood 0123") {
			t.Errorf("sample stderr holds %d bytes starting %.20q; want the head of the flood, at most 4 KiB", len(s.Stderr), s.Stderr)
		}
	}
	if fi, err := os.Stat(resultsPath(filepath.Join(r.root, "results"))); err != nil || fi.Size() > 64<<10 {
		t.Errorf("results file: %v, size %d; want under 64 KiB", err, fi.Size())
	}
}

// vmHWM returns the VmHWM of a /proc/<pid>/status file in kB, or 0.
func vmHWM(status string) int64 {
	data, err := os.ReadFile(status)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb
		}
	}
	return 0
}

// sleepers are four probes made from the sleeper fixture.
var sleepers = []string{"sleep-a=sleeper", "sleep-b=sleeper", "sleep-c=sleeper", "sleep-d=sleeper"}

// TestInterruptKeepsCellsAndResumes checks that SIGINT during a run exits
// within 2 seconds with the finished cells kept and the trial in progress
// killed; the next run reuses those cells, measures only the rest, and ends
// with the same cells as an uninterrupted run.
func TestInterruptKeepsCellsAndResumes(t *testing.T) {
	r := newRepo(t, sleepers...)
	args := runArgs("-trials", "3", "-parallel", "1")

	// The uninterrupted run, which also builds the probes.
	r.mustRun(append(args, "-out", "reference")...)
	want := cellKeys(readResults(t, filepath.Join(r.root, "reference")))
	if len(want) != len(sleepers) {
		t.Fatalf("uninterrupted run: cells %v, want %d", want, len(sleepers))
	}
	before := len(r.trials())

	cmd := r.command(append(args, "-json")...)
	cmd.Stderr = new(bytes.Buffer)
	ch := events(t, cmd)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	first := waitEvent(t, ch, "cell-done", 30*time.Second)
	// Each cell takes about 300 ms; let the next one start.
	time.Sleep(100 * time.Millisecond)
	signalled := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	var doneProbes []string
	doneProbes = append(doneProbes, first.Probe)
	for e := range ch {
		if e.Type == "cell-done" {
			doneProbes = append(doneProbes, e.Probe)
		}
	}
	o := wait(t, cmd, start)
	exit := time.Since(signalled)
	t.Logf("exited %v after SIGINT with status %d; cells done: %v", exit.Round(time.Millisecond), o.code, doneProbes)
	if exit > 2*time.Second {
		t.Errorf("the matrix took %v to exit after SIGINT, want at most 2s", exit)
	}
	if o.code != 130 || !strings.Contains(o.stderr, "interrupted") {
		t.Errorf("exit status %d, stderr:\n%s\nwant 130 and a message saying it was interrupted", o.code, o.stderr)
	}
	kept := readResults(t, filepath.Join(r.root, "results"))
	if len(kept.Cells) != len(doneProbes) || len(kept.Cells) == len(sleepers) {
		t.Fatalf("after the interrupt the results hold %v; want exactly the %d finished cells %v, fewer than all %d", cellKeys(kept), len(doneProbes), doneProbes, len(sleepers))
	}
	interrupted := r.trials()[before:]
	var pids []int
	for _, tr := range interrupted {
		pids = append(pids, tr.pid)
	}
	defer killAll(pids)
	if left := survivors(pids, 200*time.Millisecond); len(left) > 0 {
		t.Errorf("trials still running after the interrupted matrix exited: %v", left)
	}

	// Resume.
	before = len(r.trials())
	o = r.mustRun(args...)
	if !strings.Contains(o.stderr, fmt.Sprintf("%d reused", len(doneProbes))) {
		t.Errorf("the resumed run does not say it reused %d cells:\n%s", len(doneProbes), o.stderr)
	}
	for _, tr := range r.trials()[before:] {
		for _, p := range doneProbes {
			if tr.probe == p {
				t.Errorf("the resumed run measured %s again, which the interrupted run had finished", p)
			}
		}
	}
	if got := cellKeys(readResults(t, filepath.Join(r.root, "results"))); !reflect.DeepEqual(got, want) {
		t.Errorf("cells after resuming:\n%v\nwant, as after an uninterrupted run:\n%v", got, want)
	}
}

// TestInterruptKillsRunningTrial checks that SIGINT while a trial hangs (its
// timeout raised to 30 s) exits within 2 seconds, killing the trial's whole
// process group, and records nothing for the unfinished cell.
func TestInterruptKillsRunningTrial(t *testing.T) {
	r := newRepo(t, "hang-forever")
	cmd := r.command(runArgs("-trials", "1", "-timeout", "30s", "-json")...)
	cmd.Stderr = new(bytes.Buffer)
	ch := events(t, cmd)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, ch, "cell-start", 60*time.Second)
	// Wait for the trial and its child to start.
	deadline := time.Now().Add(10 * time.Second)
	for len(r.trials()) == 0 || !fileExists(filepath.Join(r.tmp, "maplab-children.log")) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the hanging trial did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	signalled := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	guard := time.AfterFunc(5*time.Second, func() { cmd.Process.Kill() })
	defer guard.Stop()
	for range ch {
	}
	o := wait(t, cmd, start)
	exit := time.Since(signalled)
	t.Logf("exited %v after SIGINT with status %d", exit.Round(time.Millisecond), o.code)
	if exit > 2*time.Second || o.code != 130 {
		t.Errorf("exit status %d %v after SIGINT; want 130 within 2s\nstderr:\n%s", o.code, exit, o.stderr)
	}
	pids := readPIDs(t, filepath.Join(r.tmp, "maplab-children.log"))
	for _, tr := range r.trials() {
		pids = append(pids, tr.pid)
	}
	defer killAll(pids)
	if left := survivors(pids, 200*time.Millisecond); len(left) > 0 {
		t.Errorf("processes of the interrupted trial still alive: %v", left)
	}
	if f, err := results.Read(resultsPath(filepath.Join(r.root, "results"))); err == nil && len(f.Cells) > 0 {
		t.Errorf("the unfinished cell was recorded: %v", cellKeys(f))
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestKillDuringWritesNeverCorrupts checks that SIGKILL at random moments of
// runs that rewrite the results file after every cell never leaves a file
// that does not parse, and the next run recovers (the dead run's lock is no
// obstacle) and completes.
func TestKillDuringWritesNeverCorrupts(t *testing.T) {
	r := newRepo(t, sleepers...)
	out := filepath.Join(r.root, "results")
	args := runArgs("-trials", "1", "-parallel", "2", "-fresh")
	// Build the probes first, then time a run, so that the kills land
	// among trials and writes rather than in builds.
	r.mustRun(args...)
	full := r.mustRun(args...)
	t.Logf("a full run takes %v", full.elapsed.Round(time.Millisecond))

	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	const rounds = 6
	for i := 0; i < rounds; i++ {
		cmd := r.command(args...)
		cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Int63n(int64(full.elapsed)))
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		o := wait(t, cmd, start)
		entries, _ := os.ReadDir(filepath.Join(out, thisMachine))
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") { // temporary files
				continue
			}
			if _, err := results.Read(filepath.Join(out, thisMachine, e.Name())); err != nil {
				t.Fatalf("round %d (SIGKILL after %v, exit status %d): %v", i, delay, o.code, err)
			}
		}
		if _, err := results.ReadAll(out); err != nil {
			t.Fatalf("round %d: %v", i, err)
		}
	}
	r.mustRun(runArgs("-trials", "1")...)
	if got := readResults(t, out).Cells; len(got) != len(sleepers) {
		t.Errorf("after recovering, the results hold %d cells, want %d", len(got), len(sleepers))
	}
}

// TestUnwritableOutputFailsBeforeWork checks that an output directory that
// cannot be created or written, or a disk with no room, is a clear error
// naming the directory before any toolchain is looked at or any trial runs.
func TestUnwritableOutputFailsBeforeWork(t *testing.T) {
	r := newRepo(t, "sleep-a=sleeper")
	plain := filepath.Join(r.root, "plain-file")
	if err := os.WriteFile(plain, []byte("not a directory\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		out   string
		fsize int // file size limit in bytes, or -1 for none
		want  string
	}{
		{"under a regular file", filepath.Join(plain, "results"), -1, "not a directory"},
		{"the regular file itself", plain, -1, "not a directory"},
		{"in /proc", "/proc/self/maplab-results", -1, "not writable"},
		{"no room left", filepath.Join(r.root, "full"), 0, "file too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := runArgs("-out", tt.out)
			cmd := r.command(args...)
			if tt.fsize >= 0 {
				cmd = r.limitedCommand(tt.fsize, args...)
			}
			cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
			start := time.Now()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			o := wait(t, cmd, start)
			t.Logf("%v: %s", o.elapsed.Round(time.Millisecond), strings.TrimSpace(o.stderr))
			if o.code != 1 {
				t.Errorf("exit status %d, want 1; stderr:\n%s", o.code, o.stderr)
			}
			shown := filepath.Clean(tt.out) + "/"
			if !strings.Contains(o.stderr, shown) || !strings.Contains(o.stderr, tt.want) || !strings.Contains(o.stderr, "-out") {
				t.Errorf("stderr:\n%s\nwant an error naming %s, saying %q and suggesting another -out", o.stderr, shown, tt.want)
			}
			if strings.Contains(o.stderr, "toolchains:") || strings.Contains(o.stderr, "cells") {
				t.Errorf("the matrix started working before reporting the output directory:\n%s", o.stderr)
			}
			if n := len(r.trials()); n != 0 {
				t.Errorf("%d trials ran", n)
			}
			if o.elapsed > 5*time.Second {
				t.Errorf("the error took %v", o.elapsed)
			}
		})
	}
}

// TestDiskFullMidRunStops checks that when results cannot be written any
// more in the middle of a run, the run stops at once with an error naming
// the file, instead of measuring every remaining cell for nothing, and
// leaves no partial file.
func TestDiskFullMidRunStops(t *testing.T) {
	r := newRepo(t, sleepers...)
	args := runArgs("-trials", "2", "-parallel", "1")
	// Warm the caches, so that the limited run writes nothing but results.
	r.mustRun(append(args, "-out", "warm")...)
	// The limit applies to the probes' trials log too: start it afresh.
	if err := os.Remove(filepath.Join(r.tmp, "maplab-trials.log")); err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(r.root, "results")
	// Room for the writability check, not for a results file.
	cmd := r.limitedCommand(256, append(args, "-out", out)...)
	cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	o := wait(t, cmd, start)
	if o.code != 1 || !strings.Contains(o.stderr, resultsPath(out)) || !strings.Contains(o.stderr, "file too large") {
		t.Fatalf("exit status %d, stderr:\n%s\nwant 1 and an error naming %s", o.code, o.stderr, resultsPath(out))
	}
	if ran := len(r.trials()); ran != 2 {
		t.Errorf("%d trials ran; want the 2 of the first cell only, the run stopping when its results could not be written", ran)
	}
	entries, _ := os.ReadDir(filepath.Join(out, thisMachine))
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			t.Errorf("partial results left behind: %s", e.Name())
		}
	}
}

// TestConcurrentRunRefused checks that a second run on an output directory
// that another run is writing refuses at once, naming the holder, runs no
// trial, and the first run's results come out whole.
func TestConcurrentRunRefused(t *testing.T) {
	r := newRepo(t, "sleep-a=sleeper", "sleep-b=sleeper")
	args := runArgs("-trials", "4", "-parallel", "1")
	first := r.command(append(args, "-json")...)
	first.Stderr = new(bytes.Buffer)
	ch := events(t, first)
	start := time.Now()
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, ch, "cell-start", 60*time.Second)

	second := r.command(args...)
	second.Stdout, second.Stderr = new(bytes.Buffer), new(bytes.Buffer)
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	o := wait(t, second, time.Now())
	if o.code != 1 || !strings.Contains(o.stderr, "holds the lock") || !strings.Contains(o.stderr, fmt.Sprintf("pid %d", first.Process.Pid)) {
		t.Errorf("second run: exit status %d, stderr:\n%s\nwant 1 and a message that pid %d holds the lock", o.code, o.stderr, first.Process.Pid)
	}
	if o.elapsed > 5*time.Second {
		t.Errorf("the second run took %v to refuse", o.elapsed)
	}

	for range ch {
	}
	fo := wait(t, first, start)
	if fo.code != 0 {
		t.Fatalf("first run: exit status %d\n%s", fo.code, fo.stderr)
	}
	for _, tr := range r.trials() {
		if tr.ppid == second.Process.Pid {
			t.Errorf("the refused run started trial %d", tr.pid)
		}
	}
	f := readResults(t, filepath.Join(r.root, "results"))
	if len(f.Cells) != 2 || f.Cells[0].N != 4 || f.Cells[1].N != 4 {
		t.Errorf("results after both runs: %v; want the first run's 2 cells of 4 trials", cellKeys(f))
	}
}

// badFile is a results file that cannot be read, and a phrase the error
// about it must hold.
type badFile struct {
	name    string
	content []byte
	want    string
}

// badFiles returns truncated, corrupt, empty and foreign results files.
func badFiles(t *testing.T) []badFile {
	t.Helper()
	good := resultsJSON(t)
	var future map[string]interface{}
	if err := json.Unmarshal(good, &future); err != nil {
		t.Fatal(err)
	}
	future["schema"] = results.SchemaVersion + 1
	futureJSON, _ := json.Marshal(future)
	return []badFile{
		{"truncated", good[:len(good)/2], "truncated"},
		{"corrupt", []byte(`{"schema": 1, "toolchain": {"id": "x"}, "cells": [}`), "invalid JSON"},
		{"binary garbage", []byte("\x00\x01\x02\xff maplab"), "invalid JSON"},
		{"empty", nil, "empty file"},
		{"future schema", futureJSON, "schema version"},
		{"foreign JSON", []byte(`{"name": "left-pad", "version": "1.3.0"}`), "not a maplab results file"},
		{"password file", []byte("root:x:0:0:root:/root:/bin/bash\n"), "not a maplab results file"},
		{"unknown field", bytes.Replace(good, []byte(`"cells"`), []byte(`"extra": 1, "cells"`), 1), "unknown field"},
	}
}

// TestBadResultsFileNamed checks that a truncated, corrupt, empty or foreign
// results file in the output directory makes "matrix run" fail before any
// trial with an error naming the file, and leaves the file as it was.
func TestBadResultsFileNamed(t *testing.T) {
	r := newRepo(t, "sleep-a=sleeper")
	for _, tt := range badFiles(t) {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			path := resultsPath(out)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, tt.content, 0o644); err != nil {
				t.Fatal(err)
			}
			o := r.run(runArgs("-trials", "1", "-out", out)...)
			if o.code != 1 || !strings.Contains(o.stderr, path) || !strings.Contains(o.stderr, tt.want) {
				t.Errorf("exit status %d, stderr:\n%s\nwant 1 and an error naming %s and saying %q", o.code, o.stderr, path, tt.want)
			}
			if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, tt.content) {
				t.Errorf("the bad file was changed (%v)", err)
			}
			if n := len(r.trials()); n != 0 {
				t.Errorf("%d trials ran", n)
			}
		})
	}
}

// TestBadResultsFileNamedByReport checks that "matrix report" given a bad
// results file, alone or in a directory beside good ones, fails with an
// error naming it and writes no report.
func TestBadResultsFileNamedByReport(t *testing.T) {
	r := newRepo(t, "sleep-a=sleeper")
	good := resultsJSON(t)
	for _, tt := range badFiles(t) {
		t.Run(tt.name, func(t *testing.T) {
			in := t.TempDir()
			if err := os.WriteFile(filepath.Join(in, "a-good.json"), good, 0o644); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(in, "b-bad.json")
			if err := os.WriteFile(path, tt.content, 0o644); err != nil {
				t.Fatal(err)
			}
			docs := filepath.Join(t.TempDir(), "docs")
			for _, args := range [][]string{{path}, {in}} {
				o := r.run(append([]string{"report", "-out", docs}, args...)...)
				if strings.Contains(o.stderr, "not yet wired") {
					t.Skip("matrix report is not wired yet")
				}
				if o.code != 1 || !strings.Contains(o.stderr, path) || !strings.Contains(o.stderr, tt.want) {
					t.Errorf("report %s: exit status %d, stderr:\n%s\nwant 1 and an error naming %s and saying %q", args[0], o.code, o.stderr, path, tt.want)
				}
				// Issue 15: a file that does not look like one the lab
				// wrote is not the lab's to delete.
				if !bytes.Contains(tt.content, []byte(`"schema"`)) && strings.Contains(o.stderr, "delete it") {
					t.Errorf("report %s: the error advises deleting a file that is not a maplab results file:\n%s", args[0], o.stderr)
				}
				if _, err := os.Stat(docs); err == nil {
					t.Errorf("report %s wrote %s despite the bad file", args[0], docs)
				}
			}
		})
	}
}

// resultsJSON returns a valid results file for the host toolchain.
func resultsJSON(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "r.json")
	env := results.Env{Runner: results.RunnerLocal, GOOS: "linux", GOARCH: "amd64", CPUs: 2, CPUModel: "test CPU",
		Date: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	env.MachineID = env.Machine().ID()
	f := results.File{
		Toolchain: shared.tc,
		Env:       env,
		Cells: []results.Cell{{
			Probe: "other-probe", ProbeHash: "0123456789abcdef", Mode: "plain", N: 3,
			Tallies: []results.Tally{{Outcome: outcome.Outcome{Kind: outcome.Clean}, K: 3}},
		}},
	}
	if err := results.Write(path, f); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestFreshReplacesBadFileKeepsOtherCells checks that -fresh, which the
// error about an unreadable file suggests, does replace it; and on a
// readable file it re-measures the selected probes without dropping the
// cells of the others.
func TestFreshReplacesBadFileKeepsOtherCells(t *testing.T) {
	r := newRepo(t, "sleep-a=sleeper", "sleep-b=sleeper")
	out := filepath.Join(r.root, "results")
	if err := os.MkdirAll(filepath.Dir(resultsPath(out)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(resultsPath(out), []byte(`{"schema": 1, "cel`), 0o644); err != nil {
		t.Fatal(err)
	}
	o := r.run(runArgs("-trials", "1")...)
	if o.code != 1 || !strings.Contains(o.stderr, "-fresh") {
		t.Fatalf("exit status %d, stderr:\n%s\nwant 1 and the advice to use -fresh", o.code, o.stderr)
	}
	r.mustRun(runArgs("-trials", "1", "-fresh")...)
	if got := cellKeys(readResults(t, out)); len(got) != 2 {
		t.Fatalf("after -fresh: cells %v, want 2", got)
	}

	r.mustRun(runArgs("-trials", "2", "-fresh", "-probes", "sleep-a")...)
	f := readResults(t, out)
	if a, b := cellOf(t, f, "sleep-a"), cellOf(t, f, "sleep-b"); a.N != 2 || b.N != 1 {
		t.Errorf("after -fresh -probes sleep-a: sleep-a has %d trials (want 2, re-measured), sleep-b %d (want 1, kept)", a.N, b.N)
	}
}

// hostileText must match the hostile constant of the hostile-output
// fixture.
const hostileText = "<script>alert(\"maplab\")</script>\n\"><img src=x onerror=alert(1)>\n' onmouseover='alert(2)' & &amp; </textarea></pre>\u2028\u2029 `${alert(3)}` \\\" ]]> <!--\n"

// TestHostileOutputStoredAsData checks that markup and script in a probe's
// stderr and result line are stored escaped (no '<' or '>' in the results
// file) and read back exactly.
func TestHostileOutputStoredAsData(t *testing.T) {
	r := newRepo(t, "hostile-output")
	r.mustRun(runArgs("-trials", "2")...)
	path := resultsPath(filepath.Join(r.root, "results"))
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if i := bytes.IndexAny(raw, "<>\u2028\u2029"); i >= 0 {
		t.Errorf("the results file holds unescaped markup at byte %d: %q", i, raw[max(0, i-40):min(len(raw), i+40)])
	}
	cell := cellOf(t, readResults(t, filepath.Join(r.root, "results")), "hostile-output")
	if cell.N != 2 || cell.Tallies[0].Kind != outcome.Recovered {
		t.Fatalf("cell = n %d, tallies %v; want 2 recovered trials", cell.N, cell.Tallies)
	}
	if want := strings.SplitN(hostileText, "\n", 2)[0]; cell.Tallies[0].Reason != want {
		t.Errorf("reason = %q, want the detail's first line %q", cell.Tallies[0].Reason, want)
	}
	if len(cell.Samples) == 0 {
		t.Fatal("no sample kept")
	}
	for _, s := range cell.Samples {
		if s.Stderr != hostileText {
			t.Errorf("sample stderr = %q, want exactly %q", s.Stderr, hostileText)
		}
		if s.Result == nil || s.Result.Detail != hostileText {
			t.Errorf("sample result %+v, want detail exactly %q", s.Result, hostileText)
		}
	}
}
