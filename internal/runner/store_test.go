package runner_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/runner"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
)

// fakeHost describes a machine without reading this one.
func fakeHost(getenv map[string]string, cpus int, model string) runner.Host {
	return runner.Host{
		Getenv: func(k string) string { return getenv[k] },
		ReadFile: func(name string) ([]byte, error) {
			if name == "/proc/cpuinfo" && model != "" {
				return []byte("processor\t: 0\nmodel name\t: " + model + "\n"), nil
			}
			return nil, os.ErrNotExist
		},
		Hostname: func() (string, error) { return "box", nil },
		GOOS:     "linux", GOARCH: "amd64", NumCPU: cpus, GOMAXPROCS: cpus,
	}
}

func TestDescribeHost(t *testing.T) {
	now := time.Date(2026, 11, 29, 5, 0, 0, 0, time.UTC)
	local := runner.DescribeHost(now, fakeHost(nil, 2, "Intel(R) Xeon(R) CPU @ 2.20GHz"))
	if local.MachineID != "local-linux-amd64-2cpu-6a5256" || local.Runner != results.RunnerLocal || local.Hostname != "box" || local.CPUModel != "Intel(R) Xeon(R) CPU @ 2.20GHz" {
		t.Errorf("local machine: %+v", local)
	}
	gh := runner.DescribeHost(now, fakeHost(map[string]string{"GITHUB_ACTIONS": "true", "ImageOS": "ubuntu24", "RUNNER_OS": "Linux"}, 4, "AMD EPYC 7763 64-Core Processor"))
	if gh.MachineID != "github-ubuntu24-linux-amd64-4cpu-f56edd" || gh.Runner != results.RunnerGitHub || gh.RunnerImage != "ubuntu24" || gh.Hostname != "" {
		t.Errorf("GitHub runner: %+v", gh)
	}
	unknown := runner.DescribeHost(now, fakeHost(nil, 2, ""))
	if unknown.CPUModel != "unknown" || unknown.MachineID == local.MachineID {
		t.Errorf("machine without /proc/cpuinfo: %+v; want cpu model unknown and an ID apart from %s", unknown, local.MachineID)
	}
}

// TestStoreKeepsMachinesApart checks that cells are reused only on the
// machine that measured them: a run on a second machine measures every
// cell again, into its own directory, and leaves the first machine's file
// alone.
func TestStoreKeepsMachinesApart(t *testing.T) {
	root := t.TempDir()
	now := time.Date(2026, 11, 29, 5, 0, 0, 0, time.UTC)
	a := runner.DescribeHost(now, fakeHost(nil, 2, "Intel(R) Xeon(R) CPU @ 2.20GHz"))
	b := runner.DescribeHost(now, fakeHost(nil, 4, "Intel(R) Xeon(R) CPU @ 2.20GHz"))
	tc := toolchain.Toolchain{ID: "go1.19.8", Kind: toolchain.GC, Version: "go1.19.8", Release: "go1.19.8", GOOS: "linux", GOARCH: "amd64"}
	// Cells the plan knows cannot run are recorded without building, so
	// the store is exercised without a toolchain.
	var tasks []runner.Task
	for _, name := range []string{"probe-a", "probe-b"} {
		tasks = append(tasks, runner.Task{Probe: catalogue.Probe{Name: name, Hash: "h-" + name}, Toolchain: tc, Mode: toolchain.Plain,
			NotRun: &outcome.Outcome{Kind: outcome.Unsupported, Reason: "needs go1.99"}})
	}
	run := func(env results.Env, fresh bool) (runner.Summary, error) {
		return runner.Run(context.Background(), runner.Config{Tasks: tasks, Rule: stats.Fixed(1), OutDir: root, Machine: env, Fresh: fresh})
	}

	sum, err := run(a, false)
	if err != nil || sum.Ran != 2 || sum.Reused != 0 {
		t.Fatalf("first run on machine a: %+v, %v; want 2 cells measured", sum, err)
	}
	pathA := runner.FileFor(root, a.MachineID, tc)
	if want := filepath.Join(root, "local-linux-amd64-2cpu-6a5256", "go1.19.8.json"); pathA != want || len(sum.Files) != 1 || sum.Files[0] != want {
		t.Fatalf("files %v (FileFor %s), want %s", sum.Files, pathA, want)
	}
	sum, err = run(b, false)
	if err != nil || sum.Ran != 2 || sum.Reused != 0 {
		t.Errorf("run on machine b: %+v, %v; want both cells measured again, none reused from machine a", sum, err)
	}
	if f := readFile(t, runner.FileFor(root, b.MachineID, tc)); f.Env.MachineID != b.MachineID || len(f.Cells) != 2 {
		t.Errorf("machine b's file: machine %s, %d cells; want %s, 2", f.Env.MachineID, len(f.Cells), b.MachineID)
	}
	sum, err = run(a, false)
	if err != nil || sum.Ran != 0 || sum.Reused != 2 {
		t.Errorf("second run on machine a: %+v, %v; want both cells reused", sum, err)
	}

	// A file of machine b put into machine a's directory is not reused,
	// nor silently replaced.
	data, err := os.ReadFile(runner.FileFor(root, b.MachineID, tc))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pathA, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = run(a, false)
	want := pathA + ": measured on machine " + b.MachineID + ", not on this one (" + a.MachineID + "): move it to " + filepath.Join(root, b.MachineID) + "/, or run with -fresh to replace it"
	if err == nil || err.Error() != want {
		t.Errorf("run with another machine's file in place:\n got %v\nwant %s", err, want)
	}
	sum, err = run(a, true)
	if err != nil || sum.Ran != 2 {
		t.Errorf("fresh run over another machine's file: %+v, %v; want 2 cells measured", sum, err)
	}
	if f := readFile(t, pathA); f.Env.MachineID != a.MachineID {
		t.Errorf("after -fresh, %s records machine %s, want %s", pathA, f.Env.MachineID, a.MachineID)
	}

	// An environment without its machine is a mistake of the caller.
	bad := a
	bad.MachineID = ""
	if _, err := run(bad, false); err == nil || !strings.Contains(err.Error(), "names machine \"\"") {
		t.Errorf("run without a machine id: err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "go1.19.8.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a results file was written directly in the results root: %v", err)
	}
}

// TestReuseByProbeSourceKeepsCommits checks that a later run reuses a cell
// only when its probe's source hash is unchanged, and that every cell keeps
// the commit of the run that measured it while the file names the commit of
// the run that wrote it last.
func TestReuseByProbeSourceKeepsCommits(t *testing.T) {
	root := t.TempDir()
	now := time.Date(2026, 11, 29, 5, 0, 0, 0, time.UTC)
	tc := toolchain.Toolchain{ID: "go1.19.8", Kind: toolchain.GC, Version: "go1.19.8", Release: "go1.19.8", GOOS: "linux", GOARCH: "amd64"}
	commitA := results.Commit{Revision: strings.Repeat("a", 40), Tree: results.TreeClean, From: results.FromGit}
	commitB := results.Commit{Revision: strings.Repeat("b", 40), Tree: results.TreeDirty, From: results.FromGit}
	run := func(commit results.Commit, hashA string) runner.Summary {
		t.Helper()
		env := runner.DescribeHost(now, fakeHost(nil, 2, "Intel(R) Xeon(R) CPU @ 2.20GHz"))
		env.MaplabCommit = commit
		var tasks []runner.Task
		for name, hash := range map[string]string{"probe-a": hashA, "probe-b": "h-b"} {
			tasks = append(tasks, runner.Task{Probe: catalogue.Probe{Name: name, Hash: hash}, Toolchain: tc, Mode: toolchain.Plain,
				NotRun: &outcome.Outcome{Kind: outcome.Unsupported, Reason: "needs go1.99"}})
		}
		sum, err := runner.Run(context.Background(), runner.Config{Tasks: tasks, Rule: stats.Fixed(1), OutDir: root, Machine: env})
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	run(commitA, "h-a1")
	if sum := run(commitB, "h-a2"); sum.Ran != 1 || sum.Reused != 1 {
		t.Errorf("second run, probe-a's source changed: %d measured, %d reused; want 1 and 1", sum.Ran, sum.Reused)
	}
	env := runner.DescribeHost(now, fakeHost(nil, 2, "Intel(R) Xeon(R) CPU @ 2.20GHz"))
	f := readFile(t, runner.FileFor(root, env.MachineID, tc))
	if f.Env.MaplabCommit != commitB || f.Env.MaplabVersion != "bbbbbbbbbbbb+dirty" {
		t.Errorf("file commit %+v (%s), want the last run's %+v", f.Env.MaplabCommit, f.Env.MaplabVersion, commitB)
	}
	want := map[string]struct {
		hash   string
		commit results.Commit
	}{"probe-a": {"h-a2", commitB}, "probe-b": {"h-b", commitA}}
	if len(f.Cells) != 2 {
		t.Fatalf("%d cells, want 2", len(f.Cells))
	}
	for _, c := range f.Cells {
		if w := want[c.Probe]; c.ProbeHash != w.hash || c.MaplabCommit != w.commit {
			t.Errorf("cell %s: hash %s, commit %s; want %s, %s", c.Key(), c.ProbeHash, c.MaplabCommit, w.hash, w.commit)
		}
	}
}

// TestReuseFollowsPlannedUnsupported checks that a cell is measured again
// when a maplab:unsupported line, which leaves the probe's hash as it is,
// changes whether or why the plan calls it unsupported.
func TestReuseFollowsPlannedUnsupported(t *testing.T) {
	root := t.TempDir()
	now := time.Date(2026, 12, 5, 5, 0, 0, 0, time.UTC)
	tc := toolchain.Toolchain{ID: "gopherjs1.19.0-beta2-go1.19.8", Kind: toolchain.GopherJS, Version: "go1.19.8", Release: "go1.19.8", GOOS: "js", GOARCH: "ecmascript"}
	run := func(notRun *outcome.Outcome) runner.Summary {
		t.Helper()
		env := runner.DescribeHost(now, fakeHost(nil, 2, "Intel(R) Xeon(R) CPU @ 2.20GHz"))
		tasks := []runner.Task{{Probe: catalogue.Probe{Name: "probe-a", Hash: "h-a"}, Toolchain: tc, Mode: toolchain.Plain, NotRun: notRun}}
		sum, err := runner.Run(context.Background(), runner.Config{Tasks: tasks, Rule: stats.Fixed(1), OutDir: root, Machine: env})
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	noHeap := &outcome.Outcome{Kind: outcome.Unsupported, Reason: "not supported on gopherjs: no heap figures"}
	other := &outcome.Outcome{Kind: outcome.Unsupported, Reason: "not supported on js: no processes"}
	built := &outcome.Outcome{Kind: outcome.Unavailable, Reason: "race mode not supported"}
	for i, step := range []struct {
		notRun *outcome.Outcome
		reused int
	}{
		{noHeap, 0}, // first run
		{noHeap, 1}, // same plan: reused
		{other, 0},  // another reason
		{built, 0},  // no longer unsupported
		{built, 1},
		{noHeap, 0}, // unsupported again
	} {
		if sum := run(step.notRun); sum.Reused != step.reused || sum.Ran+sum.Reused != 1 {
			t.Errorf("run %d (%v): %d measured, %d reused; want %d reused", i+1, step.notRun, sum.Ran, sum.Reused, step.reused)
		}
	}
}
