//go:build linux

package cli_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/results"
)

// Issue 16: no process outlives the lab. Each test SIGKILLs the matrix, the
// one signal it cannot catch, at a chosen stage of its work and then looks
// for every process it started, directly or not.

// orphanGrace is how long the processes of a SIGKILLed matrix may take to
// die.
const orphanGrace = time.Second

// process is one process as /proc/<pid>/stat shows it.
type process struct {
	pid, ppid, pgid int
	comm            string
}

func (p process) String() string {
	return fmt.Sprintf("%d (%s, parent %d, group %d)", p.pid, p.comm, p.ppid, p.pgid)
}

// liveProcesses returns every process of the system that is not a zombie.
func liveProcesses() []process {
	entries, _ := os.ReadDir("/proc")
	var out []process
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses.
		open, close := bytes.IndexByte(stat, '('), bytes.LastIndexByte(stat, ')')
		if open < 0 || close < open {
			continue
		}
		f := strings.Fields(string(stat[close+1:]))
		if len(f) < 3 || f[0] == "Z" || f[0] == "X" {
			continue
		}
		p := process{pid: pid, comm: string(stat[open+1 : close])}
		p.ppid, _ = strconv.Atoi(f[1])
		p.pgid, _ = strconv.Atoi(f[2])
		out = append(out, p)
	}
	return out
}

// hasEnv reports whether the environment of process pid holds the entry kv.
func hasEnv(pid int, kv string) bool {
	env, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
	if err != nil {
		return false
	}
	for _, e := range bytes.Split(env, []byte{0}) {
		if string(e) == kv {
			return true
		}
	}
	return false
}

// labProcesses returns the live processes of the repository's matrix runs:
// the descendants of root (0 for none), and every process whose environment
// holds the repository's TMPDIR, which the matrix, its reaper, the go
// command and the compiler it runs, the probes and their children all
// inherit. The second rule finds them after the matrix died and they were
// given to another parent.
func (r *repo) labProcesses(root int) []process {
	all := liveProcesses()
	children := map[int][]process{}
	for _, p := range all {
		children[p.ppid] = append(children[p.ppid], p)
	}
	found := map[int]process{}
	var walk func(pid int)
	walk = func(pid int) {
		for _, c := range children[pid] {
			if _, ok := found[c.pid]; !ok {
				found[c.pid] = c
				walk(c.pid)
			}
		}
	}
	if root > 0 {
		walk(root)
	}
	marker := "TMPDIR=" + r.tmp
	for _, p := range all {
		if p.pid != os.Getpid() && hasEnv(p.pid, marker) {
			found[p.pid] = p
		}
	}
	var out []process
	for _, p := range found {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].pid < out[j].pid })
	return out
}

// orphansAfter waits up to orphanGrace for the processes of the
// repository's matrix runs to die, and returns the ones still alive then,
// and how long it took for none to be left. Survivors are killed before it
// returns, so that a failing test leaves nothing behind.
func (r *repo) orphansAfter(killed time.Time) ([]process, time.Duration) {
	for {
		left := r.labProcesses(0)
		if len(left) == 0 {
			return nil, time.Since(killed)
		}
		if time.Since(killed) > orphanGrace {
			for _, p := range left {
				syscall.Kill(p.pid, syscall.SIGKILL)
			}
			return left, time.Since(killed)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestKillDuringTrialLeavesNoOrphans checks that SIGKILL of the matrix while
// a trial runs (a probe that started a child and blocks, its timeout raised
// to 30 s) leaves no process of the matrix's tree alive a second later: not
// the probe, not its child.
func TestKillDuringTrialLeavesNoOrphans(t *testing.T) {
	r := newRepo(t, "hang-forever")
	cmd := r.command(runArgs("-trials", "1", "-timeout", "30s")...)
	cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for len(r.trials()) == 0 || !fileExists(filepath.Join(r.tmp, "maplab-children.log")) {
		if time.Now().After(deadline) {
			t.Fatal("the hanging trial did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	before := r.labProcesses(cmd.Process.Pid)
	killed := time.Now()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	wait(t, cmd, start)
	left, took := r.orphansAfter(killed)
	t.Logf("processes of the matrix's tree at the kill: %v; %d left after %v", before, len(left), took.Round(time.Millisecond))
	if len(before) < 2 {
		t.Fatalf("before the kill the tree held %v; want at least the probe and its child", before)
	}
	if len(left) > 0 {
		t.Errorf("%d processes of the SIGKILLed matrix alive after %v: %v", len(left), orphanGrace, left)
	}
}

// slowProbe returns the source of a probe that takes the compiler seconds
// to build: funcs functions of 50 map lookups each. seed makes the source
// unique, so that no cache holds its build.
func slowProbe(name string, funcs int, seed int64) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "// Probe %s: a test fixture that is slow to compile.\n//\n", name)
	fmt.Fprintf(&b, "// Hazard: none; the tests kill the matrix while it builds this probe.\n//\n")
	fmt.Fprintf(&b, "// Promise: none.\n//\n// maplab:modes plain\npackage main\n\nimport \"fmt\"\n\nconst seed = %d\n\n", seed)
	for f := 0; f < funcs; f++ {
		fmt.Fprintf(&b, "func f%d(m map[int]int) int {\n\ts := 0\n", f)
		for i := 0; i < 50; i++ {
			fmt.Fprintf(&b, "\tif m[%d] > %d {\n\t\ts += m[%d] * %d\n\t} else {\n\t\ts -= %d\n\t}\n", i+f, i, i*f, i+1, f)
		}
		fmt.Fprintf(&b, "\treturn s\n}\n\n")
	}
	fmt.Fprintf(&b, "func main() {\n\tm := map[int]int{}\n\ts := seed\n")
	for f := 0; f < funcs; f++ {
		fmt.Fprintf(&b, "\ts += f%d(m)\n", f)
	}
	fmt.Fprintf(&b, "\tfmt.Printf(\"maplab-result {\\\"probe\\\":%%q,\\\"status\\\":\\\"clean\\\",\\\"detail\\\":\\\"%%d\\\",\\\"metrics\\\":{}}\\n\", %q, s)\n}\n", name)
	return []byte(b.String())
}

// TestKillDuringBuildLeavesNoOrphans checks that SIGKILL of the matrix
// while the go command builds a probe leaves no process of the matrix's
// tree alive a second later: not the go command, not the compiler it runs.
// SIGINT, which the matrix handles, must do the same, the matrix exiting
// within two seconds.
func TestKillDuringBuildLeavesNoOrphans(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGINT} {
		t.Run(sigName(sig), func(t *testing.T) {
			r := newRepo(t)
			dir := filepath.Join(r.root, "probes", "slow-build")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "main.go"), slowProbe("slow-build", 300, time.Now().UnixNano()), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := r.command(runArgs("-trials", "1")...)
			cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
			start := time.Now()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait for the compiler: the go command has started its
			// children.
			var compiling []process
			deadline := time.Now().Add(60 * time.Second)
			for len(compiling) == 0 {
				if time.Now().After(deadline) {
					t.Fatal("the compiler did not start")
				}
				tree := r.labProcesses(cmd.Process.Pid)
				if len(tree) == 0 {
					o := wait(t, cmd, start)
					t.Fatalf("the matrix exited (status %d) before the compiler started:\n%s", o.code, o.stderr)
				}
				for _, p := range tree {
					if p.comm == "compile" {
						compiling = append(compiling, p)
					}
				}
				time.Sleep(5 * time.Millisecond)
			}
			before := r.labProcesses(cmd.Process.Pid)
			signalled := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			o := wait(t, cmd, start)
			exit := time.Since(signalled)
			left, took := r.orphansAfter(signalled)
			t.Logf("processes of the matrix's tree at the %s: %v; the matrix exited after %v, %d left after %v",
				sigName(sig), before, exit.Round(time.Millisecond), len(left), took.Round(time.Millisecond))
			if len(left) > 0 {
				t.Errorf("%d processes of the matrix alive %v after %s: %v", len(left), orphanGrace, sigName(sig), left)
			}
			if sig == syscall.SIGINT && (o.code != 130 || exit > 2*time.Second) {
				t.Errorf("after SIGINT the matrix exited with status %d after %v; want 130 within 2s\n%s", o.code, exit, o.stderr)
			}
		})
	}
}

// sigName names a signal for a subtest and a message.
func sigName(sig syscall.Signal) string {
	switch sig {
	case syscall.SIGKILL:
		return "SIGKILL"
	case syscall.SIGINT:
		return "SIGINT"
	}
	return sig.String()
}

// chaosKills is the number of SIGKILLs TestChaosKillsLoseNoCells delivers
// to running matrix processes.
const chaosKills = 20

// chaosRunsPerKill bounds the runs TestChaosKillsLoseNoCells may start per
// kill it delivers. A run killed at a moment drawn from the length of an
// uninterrupted run escapes its kill only when it had less to do (a resumed
// series) or the machine got faster, so about two runs per kill are
// expected (32 runs for 20 kills under a load of 10); ten per kill means
// the kills keep missing.
const chaosRunsPerKill = 10

// TestChaosKillsLoseNoCells SIGKILLs runs over three small probes at 20
// random moments, resuming after each, and checks that no kill loses a
// finished cell, leaves a results file that does not read, leaves the
// output directory locked or leaves a process behind, and that every
// resumed series ends with exactly the cells of an uninterrupted run, each
// with at least the asked trials. When a run finishes before its kill, the
// series is complete: it is checked and the next one starts from an empty
// directory, so every one of the 20 kills hits a run at work. The seed of
// the kill moments is logged; MAPLAB_CHAOS_SEED=N repeats them.
//
// The kill moments are drawn from the length of an uninterrupted run as
// measured last, not once: every series that ends without a kill from an
// empty directory measures it again. A length measured once, at the start,
// while the machine was busier than later (other test packages building
// and running beside this one) made the kills miss most runs, and the
// test ran out of its time for 20 kills under load. How many runs 20 kills
// may take is bounded by a count (chaosRunsPerKill), not by a wall-clock
// time, which a loaded machine stretches.
func TestChaosKillsLoseNoCells(t *testing.T) {
	r := newRepo(t, "chaos-a=sleeper", "chaos-b=sleeper", "chaos-c=sleeper")
	const trials = 2
	args := runArgs("-trials", strconv.Itoa(trials), "-parallel", "2")
	runIn := func(out string) []string { return append(append([]string{}, args...), "-out", out) }

	// The uninterrupted run, which also builds the probes, then a timed
	// one from scratch with the builds cached.
	r.mustRun(runIn("reference")...)
	want := cellKeys(readResults(t, filepath.Join(r.root, "reference")))
	if len(want) != 3 {
		t.Fatalf("uninterrupted run: cells %v, want 3", want)
	}
	full := r.mustRun(runIn("timing")...).elapsed

	seed := time.Now().UnixNano()
	if s := os.Getenv("MAPLAB_CHAOS_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseInt(s, 10, 64); err != nil {
			t.Fatalf("MAPLAB_CHAOS_SEED=%q: %v", s, err)
		}
	}
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d (MAPLAB_CHAOS_SEED=%d repeats the kill moments); an uninterrupted run takes %v", seed, seed, full.Round(time.Millisecond))

	out := filepath.Join(r.root, "chaos")
	var (
		kills, series, lost, corrupt, locked, orphans int
		before                                        map[string]bool // cells after the previous kill
	)
	// complete checks a finished series: the cells of the uninterrupted
	// run, nothing locked, no temporary file.
	complete := func() {
		t.Helper()
		series++
		f := readResults(t, out)
		if got := cellKeys(f); !reflect.DeepEqual(got, want) {
			lost += len(want) - len(got)
			t.Errorf("series %d ends with cells %v, want those of an uninterrupted run %v", series, got, want)
		}
		for _, c := range f.Cells {
			if c.N < trials {
				t.Errorf("series %d: cell %s has %d trials, want at least %d", series, c.Key(), c.N, trials)
			}
		}
		entries, _ := os.ReadDir(filepath.Join(out, thisMachine))
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				t.Errorf("series %d: %s left in the results directory", series, e.Name())
			}
		}
		if fileExists(filepath.Join(out, ".lock")) {
			t.Errorf("series %d: the lock file is left behind", series)
		}
		if err := os.RemoveAll(out); err != nil {
			t.Fatal(err)
		}
		before = nil
	}

	runs := 0
	for kills < chaosKills {
		if runs >= chaosRunsPerKill*chaosKills {
			t.Fatalf("only %d kills in %d runs (an uninterrupted run took %v when last measured)", kills, runs, full.Round(time.Millisecond))
		}
		runs++
		// A run from an empty directory that escapes its kill is an
		// uninterrupted run: its length is the new one to draw from.
		fresh := !fileExists(out)
		cmd := r.command(runIn(out)...)
		cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		delay := time.Duration(rng.Int63n(int64(full)))
		var err error
		select {
		case err = <-done:
		case <-time.After(delay):
			cmd.Process.Signal(syscall.SIGKILL)
			err = <-done
		}
		o := exited(t, cmd, start, err)
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
			// The run finished before its kill.
			if o.code != 0 {
				t.Fatalf("series %d: exit status %d\n%s", series+1, o.code, o.stderr)
			}
			if fresh {
				full = o.elapsed
			}
			complete()
			continue
		}
		kills++
		killed := time.Now()

		if left, _ := r.orphansAfter(killed); len(left) > 0 {
			orphans += len(left)
			t.Errorf("kill %d (after %v): processes left: %v", kills, delay.Round(time.Millisecond), left)
		}
		entries, _ := os.ReadDir(filepath.Join(out, thisMachine))
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") { // temporary files
				continue
			}
			if _, err := results.Read(filepath.Join(out, thisMachine, e.Name())); err != nil {
				corrupt++
				t.Errorf("kill %d (after %v): %v", kills, delay.Round(time.Millisecond), err)
			}
		}
		// A run killed before it created the output directory locked
		// nothing.
		if fileExists(out) {
			if unlock, err := results.Lock(out); err != nil {
				locked++
				t.Errorf("kill %d: the output directory stays locked: %v", kills, err)
			} else {
				unlock()
			}
		}
		now := map[string]bool{}
		if f, err := results.Read(resultsPath(out)); err == nil {
			for _, k := range cellKeys(f) {
				now[k] = true
			}
			for _, c := range f.Cells {
				if c.N < trials {
					t.Errorf("kill %d: cell %s has %d trials, want at least %d", kills, c.Key(), c.N, trials)
				}
			}
		}
		for k := range before {
			if !now[k] {
				lost++
				t.Errorf("kill %d (after %v) lost the finished cell %s", kills, delay.Round(time.Millisecond), k)
			}
		}
		before = now
	}
	// Resume the last series to its end.
	r.mustRun(runIn(out)...)
	complete()
	t.Logf("%d SIGKILLs at random moments in %d runs over %d resumed series (an uninterrupted run took %v when last measured): %d cells lost, %d corrupt files, %d locks left, %d orphans",
		kills, runs, series, full.Round(time.Millisecond), lost, corrupt, locked, orphans)
}
