//go:build linux

package bench_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/maplab/maplab/bench"
	"github.com/maplab/maplab/internal/build"
	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/classify"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/runner"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
	"github.com/maplab/maplab/internal/toolchain/toolchaintest"
	"github.com/maplab/maplab/internal/trial"
)

// allEnv names the variable that makes the full-matrix benchmarks use every
// toolchain discovery finds instead of the go command on PATH only.
const allEnv = "MAPLAB_BENCH_ALL"

// tmpRoot holds what the benchmarks share across functions (the matrix
// binary, its cache and results); TestMain removes it.
var tmpRoot string

func TestMain(m *testing.M) {
	code := m.Run()
	if tmpRoot != "" {
		os.RemoveAll(tmpRoot)
	}
	if details.Len() > 0 {
		fmt.Printf("\nDetails:\n%s", details.String())
	}
	os.Exit(code)
}

// details collects per-cell lines that would not fit in a benchmark's log
// (the testing package keeps 10 lines of it); TestMain prints them after
// the benchmark results, so that those stay in the format benchstat reads.
var details struct {
	mu sync.Mutex
	bytes.Buffer
}

// detailf adds a line to the details, prefixed with the benchmark's name.
func detailf(b *testing.B, format string, args ...interface{}) {
	details.mu.Lock()
	defer details.mu.Unlock()
	fmt.Fprintf(&details, "%s: %s\n", b.Name(), fmt.Sprintf(format, args...))
}

// lab is what every benchmark needs: the repository, its probes and the
// host toolchain.
type lab struct {
	root   string
	goCmd  string
	probes []catalogue.Probe
	host   toolchain.Toolchain
}

var shared struct {
	once sync.Once
	lab  lab
	err  error
}

// setup finds the repository root, loads the catalogue and identifies the
// host toolchain, once per test binary.
func setup(b *testing.B) *lab {
	b.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		toolchaintest.Absent(b, "the go command", "install Go and put it on PATH")
	}
	shared.once.Do(func() {
		l := &shared.lab
		l.goCmd = goCmd
		if l.root, err = filepath.Abs(".."); err != nil {
			shared.err = err
			return
		}
		if _, err := os.Stat(filepath.Join(l.root, "go.mod")); err != nil {
			shared.err = fmt.Errorf("repository root: %w", err)
			return
		}
		if l.probes, err = catalogue.Load(filepath.Join(l.root, "probes")); err != nil {
			shared.err = err
			return
		}
		tcs, _, err := toolchain.Discover(context.Background(), toolchain.Options{Explicit: []string{goCmd}, CacheDir: toolchaintest.CacheDir("toolchains")})
		if err != nil || len(tcs) != 1 {
			shared.err = fmt.Errorf("identifying %s: %v (found %d)", goCmd, err, len(tcs))
			return
		}
		l.host = tcs[0]
		if tmpRoot, err = os.MkdirTemp("", "maplab-bench-"); err != nil {
			shared.err = err
		}
	})
	if shared.err != nil {
		b.Fatal(shared.err)
	}
	return &shared.lab
}

func (l *lab) probe(b *testing.B, name string) catalogue.Probe {
	b.Helper()
	for _, p := range l.probes {
		if p.Name == name {
			return p
		}
	}
	b.Fatalf("no probe %q in the catalogue", name)
	return catalogue.Probe{}
}

// sharedBuilder builds into the cache the tests share, so benchmarks that
// measure trials do not pay for builds.
func sharedBuilder() *build.Builder {
	return &build.Builder{CacheDir: toolchaintest.CacheDir("build"), BaseEnv: trial.CleanEnv()}
}

// overheadProbe is a fast single-goroutine probe.
const overheadProbe = "delete-during-range"

// BenchmarkTrialOverhead compares the matrix running a prebuilt probe with
// a bare exec loop of the same binary, three ways:
//
//   - trial/bare: 200 trials of trial.Run plus classify.Classify against
//     200 of exec.Command(bin).Run(), alternating trial by trial (the
//     order swaps every trial);
//   - runner/bare: ten runner.Run calls on the already built cell with a
//     fixed rule of 20 trials (the smallest cell the adaptive rule makes,
//     so the per-cell work of planning, the cache lookup and the results
//     file write weighs most), each against 20 bare runs, alternating
//     block by block;
//   - ms/cell-overhead: the fixed cost of a cell, from 40 cells of one
//     trial against 40 bare runs (difference of the medians).
func BenchmarkTrialOverhead(b *testing.B) {
	const (
		trials     = 200
		block      = 20
		cellsOfOne = 40
	)
	l := setup(b)
	ctx := context.Background()
	tasks := runner.Plan([]catalogue.Probe{l.probe(b, overheadProbe)}, []toolchain.Toolchain{l.host}, []toolchain.Mode{toolchain.Plain})
	if len(tasks) != 1 || tasks[0].NotRun != nil {
		b.Fatalf("plan for %s on %s: %d tasks, want one runnable", overheadProbe, l.host.ID, len(tasks))
	}
	task := tasks[0]
	builder := sharedBuilder()
	bin, _, err := builder.Build(ctx, task.Request())
	if err != nil {
		b.Fatal(err)
	}
	env := trial.CleanEnv()
	bare := func() time.Duration {
		start := time.Now()
		if err := exec.Command(bin).Run(); err != nil {
			b.Fatalf("bare run of %s: %v", bin, err)
		}
		return time.Since(start)
	}
	viaTrial := func() time.Duration {
		start := time.Now()
		res, err := trial.Run(ctx, trial.Spec{Path: bin, Env: env, Timeout: task.Probe.Timeout, OutputCap: 1 << 20})
		if err != nil {
			b.Fatal(err)
		}
		o := classify.Classify(classify.Input{
			ExitCode: res.ExitCode, Signal: res.Signal, TimedOut: res.TimedOut,
			Stdout: res.Stdout, Stderr: res.Stderr,
			Toolchain: task.Toolchain.Kind, Release: task.Toolchain.Release, Mode: task.Mode,
		})
		d := time.Since(start)
		if !o.Kind.Trial() {
			b.Fatalf("trial of %s: %v", bin, o)
		}
		return d
	}
	out := b.TempDir()
	viaRunner := func(trials int) time.Duration {
		cfg := runner.Config{
			Tasks: tasks, Rule: stats.Fixed(trials), Parallel: 1, OutDir: out, Fresh: true,
			Builder: builder, Machine: runner.DescribeMachine(time.Now()), TrialEnv: env,
		}
		start := time.Now()
		sum, err := runner.Run(ctx, cfg)
		d := time.Since(start)
		if err != nil || sum.Ran != 1 || sum.Trials != trials {
			b.Fatalf("runner.Run: %v (%d cells, %d trials; want 1, %d)", err, sum.Ran, sum.Trials, trials)
		}
		return d
	}
	// Warm up the page cache and the exec path of both.
	for i := 0; i < 5; i++ {
		bare()
		viaTrial()
	}

	var bareA, trialA, bareB, runnerB, bareC, runnerC []time.Duration
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for i := 0; i < trials; i++ {
			if i%2 == 0 {
				bareA = append(bareA, bare())
				trialA = append(trialA, viaTrial())
			} else {
				trialA = append(trialA, viaTrial())
				bareA = append(bareA, bare())
			}
		}
		for i := 0; i < trials/block; i++ {
			var blk time.Duration
			runBare := func() {
				for j := 0; j < block; j++ {
					blk += bare()
				}
				bareB = append(bareB, blk)
			}
			if i%2 == 0 {
				runBare()
				runnerB = append(runnerB, viaRunner(block))
			} else {
				runnerB = append(runnerB, viaRunner(block))
				runBare()
			}
		}
		// The fixed cost of a cell (plan, cache lookup, results file
		// written and synced): cells of one trial against single runs.
		for i := 0; i < cellsOfOne; i++ {
			if i%2 == 0 {
				bareC = append(bareC, bare())
				runnerC = append(runnerC, viaRunner(1))
			} else {
				runnerC = append(runnerC, viaRunner(1))
				bareC = append(bareC, bare())
			}
		}
	}
	b.StopTimer()
	ms := func(d time.Duration, n int) float64 { return float64(d) / float64(time.Millisecond) / float64(n) }
	total := b.N * trials
	b.ReportMetric(float64(bench.Sum(trialA))/float64(bench.Sum(bareA)), "trial/bare")
	b.ReportMetric(float64(bench.Median(trialA))/float64(bench.Median(bareA)), "trial/bare-median")
	b.ReportMetric(float64(bench.Sum(runnerB))/float64(bench.Sum(bareB)), "runner/bare")
	b.ReportMetric(ms(bench.Sum(bareA), total), "ms/bare-run")
	b.ReportMetric(ms(bench.Sum(trialA), total), "ms/trial")
	b.ReportMetric(ms(bench.Sum(runnerB), total), "ms/runner-trial")
	cellCost := bench.Median(runnerC) - bench.Median(bareC)
	b.ReportMetric(ms(cellCost, 1), "ms/cell-overhead")
	b.Logf("%s on %s: %d interleaved trials each way; bare %v total (median %v), trial.Run+classify %v (median %v); runner.Run cells of %d: %v against %v bare",
		overheadProbe, l.host.ID, total, bench.Sum(bareA).Round(time.Millisecond), bench.Median(bareA).Round(time.Microsecond),
		bench.Sum(trialA).Round(time.Millisecond), bench.Median(trialA).Round(time.Microsecond), block,
		bench.Sum(runnerB).Round(time.Millisecond), bench.Sum(bareB).Round(time.Millisecond))
	b.Logf("cells of one trial: median %v against %v for a bare run: %v per cell",
		bench.Median(runnerC).Round(time.Microsecond), bench.Median(bareC).Round(time.Microsecond), cellCost.Round(time.Microsecond))
}

// matrixRun is one invocation of the full local matrix: "matrix run" and
// then "matrix report".
type matrixRun struct {
	wall time.Duration
	// peakRSS is the larger VmHWM of the two matrix processes: their own
	// peak resident set, without builds and probes.
	peakRSS int64
	// maxRSSTree is the largest ru_maxrss wait4 reported, which covers the
	// matrix process and every descendant it waited for (go build, the
	// linker, the probes).
	maxRSSTree int64
	summary    bench.RunSummary
}

var fullMatrix struct {
	once sync.Once
	// cold starts from a fresh MAPLAB_CACHE (empty build cache and
	// toolchain identification cache) and an empty results directory;
	// warm reruns with nothing changed; fresh reruns with -fresh, so that
	// every trial runs again but no probe is built: the cost of the
	// probes themselves, through the matrix.
	cold, warm, fresh matrixRun
	err               error
}

// runFullMatrix runs the full local matrix three times, once per test
// binary: cold, warm and fresh (see fullMatrix). The Go build cache
// (GOCACHE) is the user's in every run.
func runFullMatrix(b *testing.B, l *lab) {
	b.Helper()
	fullMatrix.once.Do(func() {
		fullMatrix.err = func() error {
			dir := filepath.Join(tmpRoot, "matrix")
			bin := filepath.Join(dir, "matrix")
			cmd := exec.Command(l.goCmd, "build", "-o", bin, "./matrix")
			cmd.Dir = l.root
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("building the matrix: %v\n%s", err, out)
			}
			var env []string
			for _, kv := range os.Environ() {
				if !strings.HasPrefix(kv, "MAPLAB_CACHE=") {
					env = append(env, kv)
				}
			}
			env = append(env, "MAPLAB_CACHE="+filepath.Join(dir, "cache"))
			resultsDir, docsDir := filepath.Join(dir, "results"), filepath.Join(dir, "docs")
			runArgs := []string{"run", "-json", "-out", resultsDir}
			if os.Getenv(allEnv) != "1" {
				runArgs = append(runArgs, "-toolchains", l.goCmd)
			}
			reportArgs := []string{"report", "-out", docsDir, resultsDir}
			for _, r := range []struct {
				run   *matrixRun
				extra []string
			}{
				{&fullMatrix.cold, nil},
				{&fullMatrix.warm, nil},
				{&fullMatrix.fresh, []string{"-fresh"}},
			} {
				start := time.Now()
				events, err := measure(l.root, env, bin, append(append([]string(nil), runArgs...), r.extra...), r.run)
				if err != nil {
					return err
				}
				if r.run.summary, err = bench.ReadRunEvents(events); err != nil {
					return err
				}
				if _, err := measure(l.root, env, bin, reportArgs, r.run); err != nil {
					return err
				}
				r.run.wall = time.Since(start)
				switch r.run {
				case &fullMatrix.cold:
					err = detailCells(b, "cold", resultsDir)
				case &fullMatrix.fresh:
					err = detailCells(b, "fresh", resultsDir)
				}
				if err != nil {
					return err
				}
			}
			return nil
		}()
	})
	if fullMatrix.err != nil {
		b.Fatal(fullMatrix.err)
	}
}

// detailCells adds to the details, from the results of the named run in
// dir, the cell time of each toolchain and the ten slowest cells. A cell's Seconds is the wall
// time of its trials, including any wait for the processors (maplab:alone).
func detailCells(b *testing.B, run, dir string) error {
	files, err := results.ReadAll(dir)
	if err != nil {
		return err
	}
	type timed struct {
		name    string
		seconds float64
		n       int
	}
	var slow []timed
	for _, f := range files {
		var tc timed
		for _, c := range f.Cells {
			tc.seconds += c.Seconds
			tc.n += c.N
			slow = append(slow, timed{f.Toolchain.ID + " " + c.Key().String(), c.Seconds, c.N})
		}
		detailf(b, "%s run, %s: %d cells, %d trials, %.1f s of cell time", run, f.Toolchain.ID, len(f.Cells), tc.n, tc.seconds)
	}
	sort.Slice(slow, func(i, j int) bool { return slow[i].seconds > slow[j].seconds })
	for i := 0; i < len(slow) && i < 10; i++ {
		detailf(b, "slow cell %d in the %s run: %s: %.1f s for %d trials (%.0f ms each)",
			i+1, run, slow[i].name, slow[i].seconds, slow[i].n, 1000*slow[i].seconds/float64(slow[i].n))
	}
	return nil
}

// measure runs the matrix binary with args, polling its VmHWM every 10 ms,
// and folds its peak RSS into r. It returns the process's stdout (the
// event stream of "matrix run -json").
func measure(root string, env []string, bin string, args []string, r *matrixRun) ([]byte, error) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = root
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var werr error
poll:
	for {
		if data, err := os.ReadFile(status); err == nil {
			if hwm, ok := bench.VmHWM(data); ok && hwm > r.peakRSS {
				r.peakRSS = hwm
			}
		}
		select {
		case werr = <-done:
			break poll
		case <-time.After(10 * time.Millisecond):
		}
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss*1024 > r.maxRSSTree {
		r.maxRSSTree = ru.Maxrss * 1024
	}
	if werr != nil {
		return stdout.Bytes(), fmt.Errorf("matrix %s: %v\n%s", strings.Join(args, " "), werr, stderr.Bytes())
	}
	return stdout.Bytes(), nil
}

// BenchmarkWarmRerun compares a rerun of the full local matrix with nothing
// changed against the cold run, and the cold run against a -fresh rerun
// that runs every trial again with every probe already built (see
// runFullMatrix). It uses the host toolchain unless MAPLAB_BENCH_ALL=1.
func BenchmarkWarmRerun(b *testing.B) {
	l := setup(b)
	for n := 0; n < b.N; n++ {
		runFullMatrix(b, l)
	}
	cold, warm, fresh := fullMatrix.cold, fullMatrix.warm, fullMatrix.fresh
	if warm.summary.Ran != 0 || warm.summary.Reused != cold.summary.Ran+cold.summary.Reused {
		b.Errorf("warm run measured %d cells and reused %d; want 0 measured, all %d reused", warm.summary.Ran, warm.summary.Reused, cold.summary.Ran)
	}
	if fresh.summary.Ran != cold.summary.Ran {
		b.Errorf("fresh run measured %d cells, want %d", fresh.summary.Ran, cold.summary.Ran)
	}
	b.ReportMetric(warm.wall.Seconds()/cold.wall.Seconds(), "warm/cold")
	b.ReportMetric(cold.wall.Seconds(), "s/cold")
	b.ReportMetric(warm.wall.Seconds(), "s/warm")
	b.ReportMetric(fresh.wall.Seconds(), "s/fresh")
	b.ReportMetric(cold.wall.Seconds()/fresh.wall.Seconds(), "cold/fresh")
	b.ReportMetric(float64(cold.summary.Ran), "cells")
	b.ReportMetric(float64(cold.summary.Trials), "trials/cold")
	b.ReportMetric(float64(fresh.summary.Trials), "trials/fresh")
	b.Logf("toolchains: %s", strings.Join(cold.summary.Toolchains, ", "))
	b.Logf("cold: %v (%d cells, %d trials); warm: %v (%d cells reused); fresh, builds cached: %v (%d trials)",
		cold.wall.Round(time.Millisecond), cold.summary.Ran, cold.summary.Trials,
		warm.wall.Round(time.Millisecond), warm.summary.Reused, fresh.wall.Round(time.Millisecond), fresh.summary.Trials)
}

// BenchmarkPeakRSS reports the matrix process's own peak resident set
// through the full local matrix (see runFullMatrix), and for comparison the
// largest ru_maxrss of its process tree, which the builds dominate.
func BenchmarkPeakRSS(b *testing.B) {
	l := setup(b)
	for n := 0; n < b.N; n++ {
		runFullMatrix(b, l)
	}
	const mb = 1e6
	var peak, tree int64
	for _, r := range []matrixRun{fullMatrix.cold, fullMatrix.warm, fullMatrix.fresh} {
		peak = max(peak, r.peakRSS)
		tree = max(tree, r.maxRSSTree)
	}
	if peak == 0 {
		b.Fatal("could not read the matrix's VmHWM from /proc")
	}
	b.ReportMetric(float64(peak)/mb, "MB-peak-RSS")
	b.ReportMetric(float64(fullMatrix.cold.peakRSS)/mb, "MB-cold")
	b.ReportMetric(float64(fullMatrix.warm.peakRSS)/mb, "MB-warm")
	b.ReportMetric(float64(fullMatrix.fresh.peakRSS)/mb, "MB-fresh")
	b.ReportMetric(float64(tree)/mb, "MB-tree-maxrss")
	b.Logf("toolchains: %s; matrix VmHWM cold %.1f MB, warm %.1f MB, fresh %.1f MB; process tree ru_maxrss %.1f MB",
		strings.Join(fullMatrix.cold.summary.Toolchains, ", "), float64(fullMatrix.cold.peakRSS)/mb, float64(fullMatrix.warm.peakRSS)/mb,
		float64(fullMatrix.fresh.peakRSS)/mb, float64(tree)/mb)
}

// fixedTrials is the fixed rule the adaptive one is compared with: the
// adaptive rule's own cap.
const fixedTrials = 400

// runTrial runs one trial under the runner's processor lock, as the
// matrix does: alone when the probe is marked maplab:alone.
func runTrial(ctx context.Context, alone bool, s trial.Spec) (trial.Result, error) {
	defer runner.CPUs.Hold(alone)()
	return trial.Run(ctx, s)
}

// BenchmarkAdaptiveTrials runs the whole catalogue on the host toolchain,
// plain mode, with the adaptive rule (stats.DefaultRule) and with a fixed
// 400 trials per cell, through runner.Run as the matrix does, and compares
// the number of runs and each cell's leading outcome kind.
//
// Detection of concurrent misuse is timing dependent, so two independent
// runs can disagree on a mixed cell whatever the rule. To tell the rule's
// effect from run-to-run variation, a third pass records every cell's 400
// outcomes in order (trial.Run and classify.Classify, with maplab:alone
// probes alone on the machine, as runner.Run does) and compares:
//
//   - cells-differing: fixed (runner.Run) against adaptive (runner.Run),
//     two independent runs: the headline figure;
//   - cells-differing-same-trials: the 400 recorded trials against the
//     prefix of them the adaptive rule would have stopped after: the
//     rule's own effect;
//   - cells-differing-fixed-fixed: fixed (runner.Run) against the 400
//     recorded trials: how often two independent 400-trial runs disagree.
func BenchmarkAdaptiveTrials(b *testing.B) {
	l := setup(b)
	ctx := context.Background()
	tasks := runner.Plan(l.probes, []toolchain.Toolchain{l.host}, []toolchain.Mode{toolchain.Plain})
	builder := sharedBuilder()
	env := trial.CleanEnv()
	measure := func(rule stats.Rule) ([]results.Cell, runner.Summary, time.Duration) {
		var cells []results.Cell
		cfg := runner.Config{
			Tasks: tasks, Rule: rule, Parallel: runtime.NumCPU(), OutDir: b.TempDir(), Fresh: true,
			Builder: builder, Machine: runner.DescribeMachine(time.Now()), TrialEnv: env,
			Events: func(e runner.Event) {
				if e.Type == runner.EventCellDone {
					cells = append(cells, *e.Cell)
				}
			},
		}
		start := time.Now()
		sum, err := runner.Run(ctx, cfg)
		if err != nil {
			b.Fatal(err)
		}
		return cells, sum, time.Since(start)
	}
	// record runs fixedTrials trials of every cell with trial.Run and
	// classify.Classify, runtime.NumCPU() cells at once, and returns the
	// fixed cells and the cells of the prefixes the adaptive rule keeps.
	record := func() (fixed, prefix []results.Cell, prefixRuns int) {
		work := make(chan runner.Task)
		var (
			wg sync.WaitGroup
			mu sync.Mutex
		)
		for i := 0; i < runtime.NumCPU(); i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for t := range work {
					bin, _, err := builder.Build(ctx, t.Request())
					if err != nil {
						b.Errorf("%s: %v", t.Name(), err)
						continue
					}
					var seq []outcome.Outcome
					for n := 0; n < fixedTrials; n++ {
						res, err := runTrial(ctx, t.Probe.Alone, trial.Spec{Path: bin, Env: env, Timeout: t.Probe.Timeout, OutputCap: 1 << 20})
						if err != nil {
							b.Errorf("%s: %v", t.Name(), err)
							break
						}
						seq = append(seq, classify.Classify(classify.Input{
							ExitCode: res.ExitCode, Signal: res.Signal, TimedOut: res.TimedOut,
							Stdout: res.Stdout, Stderr: res.Stderr,
							Toolchain: t.Toolchain.Kind, Release: t.Toolchain.Release, Mode: t.Mode,
						}))
					}
					stop := bench.StopAt(seq, stats.DefaultRule)
					base := results.Cell{Probe: t.Probe.Name, ProbeHash: t.Probe.Hash, Mode: t.Mode, Lang: t.Lang}
					f, p := base, base
					f.N, f.Tallies = len(seq), bench.Tallies(seq)
					p.N, p.Tallies = stop, bench.Tallies(seq[:stop])
					mu.Lock()
					fixed, prefix = append(fixed, f), append(prefix, p)
					prefixRuns += stop
					mu.Unlock()
				}
			}()
		}
		for _, t := range tasks {
			if t.NotRun == nil {
				work <- t
			}
		}
		close(work)
		wg.Wait()
		return fixed, prefix, prefixRuns
	}
	// Build first, so that no pass pays for builds.
	measure(stats.Fixed(1))

	var (
		adaptiveRuns, fixedRuns, prefixRuns, cells, mixed int
		differing, differingSame, differingFixed          int
		// shifted counts differing cells whose leading kind's rate differs
		// between the two runs with p < 0.05: more than sampling noise.
		shifted                 [3]int
		adaptiveTime, fixedTime time.Duration
	)
	// compare counts the cells whose leading outcome kind differs between
	// two runs, details each with the p-value of the difference in the
	// first run's leading kind's rate, and returns how many differ with
	// p < 0.05.
	compare := func(what string, a, b_ []results.Cell) (differ, significant int) {
		diffs, _ := bench.CompareLeading(a, b_)
		for _, d := range diffs {
			lead, _ := d.A.Leading()
			ka, kb := bench.KindCount(d.A, lead.Kind), bench.KindCount(d.B, lead.Kind)
			p := stats.TwoProportion(ka, d.A.N, kb, d.B.N)
			if p < 0.05 {
				significant++
			}
			detailf(b, "%s: leading outcome kind differs in %s: %s in %d/%d against %d/%d (two-proportion p = %.2g)",
				what, d.Key, lead.Kind, ka, d.A.N, kb, d.B.N, p)
		}
		return len(diffs), significant
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		adaptive, sa, ta := measure(stats.DefaultRule)
		fixed, sf, tf := measure(stats.Fixed(fixedTrials))
		b.StopTimer()
		recorded, prefix, pr := record()
		b.StartTimer()
		adaptiveRuns += sa.Trials
		fixedRuns += sf.Trials
		prefixRuns += pr
		adaptiveTime += ta
		fixedTime += tf

		_, shared := bench.CompareLeading(fixed, adaptive)
		cells += shared
		d, sig := compare("fixed vs adaptive", fixed, adaptive)
		differing, shifted[0] = differing+d, shifted[0]+sig
		d, sig = compare("400 recorded vs their adaptive prefix", recorded, prefix)
		differingSame, shifted[1] = differingSame+d, shifted[1]+sig
		d, sig = compare("fixed vs 400 recorded", fixed, recorded)
		differingFixed, shifted[2] = differingFixed+d, shifted[2]+sig

		runs := map[string][]results.Cell{"fixed": fixed, "adaptive": adaptive, "recorded": recorded, "prefix": prefix}
		byKey := map[results.Key]map[string]results.Cell{}
		for name, cs := range runs {
			for _, c := range cs {
				if byKey[c.Key()] == nil {
					byKey[c.Key()] = map[string]results.Cell{}
				}
				byKey[c.Key()][name] = c
			}
		}
		for _, c := range fixed {
			m := byKey[c.Key()]
			if !bench.Mixed(m["fixed"]) && !bench.Mixed(m["adaptive"]) && !bench.Mixed(m["recorded"]) {
				continue
			}
			mixed++
			detailf(b, "mixed cell %s: fixed %s | adaptive %s | 400 recorded %s | their adaptive prefix %s", c.Key(),
				bench.Distribution(m["fixed"]), bench.Distribution(m["adaptive"]), bench.Distribution(m["recorded"]), bench.Distribution(m["prefix"]))
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(fixedRuns)/float64(adaptiveRuns), "fixed/adaptive")
	b.ReportMetric(float64(differing), "cells-differing")
	b.ReportMetric(float64(differingSame), "cells-differing-same-trials")
	b.ReportMetric(float64(differingFixed), "cells-differing-fixed-fixed")
	b.ReportMetric(float64(fixedRuns)/float64(b.N), "runs-fixed")
	b.ReportMetric(float64(adaptiveRuns)/float64(b.N), "runs-adaptive")
	b.ReportMetric(float64(prefixRuns)/float64(b.N), "runs-adaptive-prefix")
	b.ReportMetric(float64(mixed)/float64(b.N), "cells-mixed")
	b.ReportMetric(fixedTime.Seconds()/adaptiveTime.Seconds(), "time-fixed/adaptive")
	b.Logf("%s plain: %d cells, %d of them mixed in some pass; fixed %d: %d runs in %v; adaptive: %d runs in %v (%d on the recorded trials)",
		l.host.ID, cells/b.N, mixed/b.N, fixedTrials, fixedRuns/b.N, (fixedTime / time.Duration(b.N)).Round(time.Millisecond),
		adaptiveRuns/b.N, (adaptiveTime / time.Duration(b.N)).Round(time.Millisecond), prefixRuns/b.N)
	b.Logf("cells whose leading outcome kind differs (of them with p < 0.05): fixed vs adaptive %d (%d), same trials %d (%d), fixed vs fixed %d (%d)",
		differing, shifted[0], differingSame, shifted[1], differingFixed, shifted[2])
}

// BenchmarkBuildCache builds every probe for the host toolchain (every
// toolchain found with MAPLAB_BENCH_ALL=1, one after the other), in every
// mode and language version the plan asks for, into an empty build cache
// with runtime.NumCPU() builds at once (as the matrix does with its default
// -parallel), then asks for them all again. The Go build cache (GOCACHE) is
// the user's in both rounds.
func BenchmarkBuildCache(b *testing.B) {
	l := setup(b)
	ctx := context.Background()
	tcs := []toolchain.Toolchain{l.host}
	if os.Getenv(allEnv) == "1" {
		found, _, err := toolchain.Discover(ctx, toolchain.Options{CacheDir: toolchaintest.CacheDir("toolchains")})
		if err != nil {
			b.Fatal(err)
		}
		tcs = found
	}
	buildAll := func(builder *build.Builder, reqs []build.Request) (time.Duration, int) {
		work := make(chan build.Request)
		var (
			wg     sync.WaitGroup
			mu     sync.Mutex
			cached int
		)
		start := time.Now()
		for i := 0; i < runtime.NumCPU(); i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range work {
					_, hit, err := builder.Build(ctx, r)
					if err != nil {
						b.Errorf("building %s %s with %s: %v", r.Probe.Name, r.Mode, r.Toolchain.ID, err)
					}
					mu.Lock()
					if hit {
						cached++
					}
					mu.Unlock()
				}
			}()
		}
		for _, r := range reqs {
			work <- r
		}
		close(work)
		wg.Wait()
		return time.Since(start), cached
	}
	var (
		first, second time.Duration
		builds        int
		ids           []string
	)
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for _, tc := range tcs {
			// One request per binary: a probe measured at two GOMAXPROCS
			// settings has one build for both; a build-outcome probe, whose
			// build some toolchains reject by design, is left out.
			var reqs []build.Request
			seen := map[string]bool{}
			for _, t := range runner.Plan(l.probes, []toolchain.Toolchain{tc}, []toolchain.Mode{toolchain.Plain, toolchain.Race}) {
				r := t.Request()
				if key := build.Key(r); t.NotRun == nil && !t.Probe.BuildOutcome() && !seen[key] {
					seen[key] = true
					reqs = append(reqs, r)
				}
			}
			builder := &build.Builder{CacheDir: b.TempDir(), BaseEnv: trial.CleanEnv()}
			d1, hits1 := buildAll(builder, reqs)
			d2, hits2 := buildAll(builder, reqs)
			if hits1 != 0 || hits2 != len(reqs) {
				b.Errorf("%s: cache hits: %d of %d in the first round, %d in the second; want 0 and all", tc.ID, hits1, len(reqs), hits2)
			}
			first += d1
			second += d2
			builds += len(reqs)
			if n == 0 {
				ids = append(ids, tc.ID)
			}
			detailf(b, "%s: %d builds with %d at once: %v cold (%v each), %v from the cache",
				tc.ID, len(reqs), runtime.NumCPU(), d1.Round(time.Millisecond), (d1 / time.Duration(max(1, len(reqs)))).Round(time.Millisecond), d2.Round(time.Microsecond))
		}
	}
	b.StopTimer()
	b.ReportMetric(second.Seconds()/first.Seconds(), "second/first")
	b.ReportMetric(first.Seconds()/float64(b.N), "s/first")
	b.ReportMetric(float64(second)/float64(time.Millisecond)/float64(b.N), "ms/second")
	b.ReportMetric(float64(builds/b.N), "builds")
	b.Logf("%s: %d builds (plain and race) with %d at once: %v cold, %v from the cache",
		strings.Join(ids, ", "), builds/b.N, runtime.NumCPU(), (first / time.Duration(b.N)).Round(time.Millisecond), (second / time.Duration(b.N)).Round(time.Microsecond))
}

// BenchmarkGCCGOStart measures what linking gccgo probes statically saves
// (internal/build): one probe, delete-during-range, built by every gccgo on
// PATH (gccgo-11, gccgo-12) with and without -static, and its trials run
// alternately, 40 of each. It reports the ratio of the median dynamic trial
// to the median static one, and both medians. It skips when no gccgo is
// installed.
func BenchmarkGCCGOStart(b *testing.B) {
	l := setup(b)
	src := filepath.Join(l.root, "probes", "delete-during-range", "main.go")
	found := 0
	for _, name := range []string{"gccgo-11", "gccgo-12"} {
		path, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		found++
		dir := b.TempDir()
		bins := map[string]string{"dynamic": filepath.Join(dir, "dynamic"), "static": filepath.Join(dir, "static")}
		for kind, out := range bins {
			args := []string{"-O2", "-g", "-o", out, src}
			if kind == "static" {
				args = append([]string{"-static"}, args...)
			}
			if msg, err := exec.Command(path, args...).CombinedOutput(); err != nil {
				b.Fatalf("%s %v: %v\n%s", name, args, err, msg)
			}
		}
		b.Run(name, func(b *testing.B) {
			times := map[string][]float64{}
			for n := 0; n < b.N; n++ {
				for i := 0; i < 40; i++ {
					for _, kind := range []string{"dynamic", "static"} {
						start := time.Now()
						if err := exec.Command(bins[kind]).Run(); err != nil {
							b.Fatalf("%s %s build: %v", name, kind, err)
						}
						times[kind] = append(times[kind], time.Since(start).Seconds())
					}
				}
			}
			med := func(xs []float64) float64 { sort.Float64s(xs); return xs[len(xs)/2] }
			dyn, st := med(times["dynamic"]), med(times["static"])
			b.ReportMetric(dyn*1000, "dynamic-ms/trial")
			b.ReportMetric(st*1000, "static-ms/trial")
			b.ReportMetric(dyn/st, "dynamic/static")
		})
	}
	if found == 0 {
		b.Skip("no gccgo-11 or gccgo-12 on PATH")
	}
}
