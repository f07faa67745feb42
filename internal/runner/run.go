package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/maplab/maplab/internal/build"
	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/classify"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/proberesult"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
	"github.com/maplab/maplab/internal/trial"
)

// Config is everything a run needs.
type Config struct {
	Tasks []Task
	// Rule decides how many trials each cell gets.
	Rule stats.Rule
	// Timeout bounds one trial; zero means the probe's own timeout.
	Timeout time.Duration
	// Parallel is the number of cells worked on at once.
	Parallel int
	// OutDir is the results root: the files of this run go to its
	// machine's directory, OutDir/<Machine.MachineID>/, one per toolchain.
	OutDir string
	// Fresh re-runs cells that the output directory already holds.
	Fresh bool
	// Builder builds the probes.
	Builder *build.Builder
	// Machine describes the machine this run happens on, and the run
	// (see DescribeMachine); each results file records it as its env. Its
	// MachineID selects the directory under OutDir and the cells that can
	// be reused.
	Machine results.Env
	// TrialEnv is the environment of every trial.
	TrialEnv []string
	// Events, if set, receives progress events. It is called from several
	// goroutines, one call at a time.
	Events func(Event)
	// Near, if set, is the sequential rule of timing cells: for a probe
	// that asks for exactly N trials (maplab:trials N exactly), Near(t)
	// says whether a claim reads the cell's times against a threshold and
	// returns the test to apply after N trials. Where the test reports the
	// cell still near the threshold (claims.NearThreshold), the cell runs
	// N more trials. Every cell the rule applies to records
	// claims.SequentialLooks looks (results.Cell.Looks), which the claims
	// engine corrects for. A rule given on the command line (-trials)
	// turns it off.
	Near func(t Task) (near func(*results.Cell) bool, ok bool)
}

// Summary tells what a run did.
type Summary struct {
	Reused  int // cells kept from earlier runs
	Ran     int // cells measured now
	Trials  int // trials executed now
	Files   []string
	Stopped bool // the context ended the run early
}

// samplesPerOutcome is how many trials of each distinct outcome a cell keeps.
const samplesPerOutcome = 2

// stderrSample is how much of a trial's stderr a sample keeps.
const stderrSample = 2048

// outputCap is how much of each output stream of a trial the classifier
// sees. Several race reports can come before a fatal error's message, so it
// is well above trial.DefaultOutputCap; it still bounds memory when a probe
// floods its output.
const outputCap = 1 << 20

// Run executes the tasks. Finished cells are written as soon as they finish,
// so cancelling ctx loses at most the cells in progress; the next run
// resumes by reusing every finished cell whose probe source is unchanged.
// A failure of the lab itself, such as a results file that cannot be
// written, stops the run and is returned.
func Run(ctx context.Context, cfg Config) (Summary, error) {
	var sum Summary
	if cfg.Parallel < 1 {
		cfg.Parallel = 1
	}
	store, err := openStore(cfg)
	if err != nil {
		return sum, err
	}
	emit := serialize(cfg.Events)

	var todo []Task
	for _, t := range cfg.Tasks {
		if c, ok := store.reusable(t); ok && !cfg.Fresh {
			sum.Reused++
			emit(Event{Type: EventCellReused, Task: t.Name(), Toolchain: t.Toolchain.ID, Probe: t.Probe.Name, Cell: &c})
			continue
		}
		todo = append(todo, t)
	}
	plan := Event{Type: EventPlan, Total: len(todo), Reused: sum.Reused, Toolchains: toolchainIDs(cfg.Tasks)}
	for _, t := range todo {
		if t.timing() {
			plan.TimingCells++
			plan.TimingTrials += cfg.Rule.Exactly(t.Probe.Trials).Min
		}
		if t.beside() {
			plan.BesideCells++
		}
	}
	emit(plan)

	// A failure of the lab itself (results that cannot be written, a
	// trial that cannot start) stops the run: measuring on would only
	// lose more work.
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu       sync.Mutex
		done     int
		raceGone = map[string]string{} // toolchain ID -> why race cannot start
		firstErr error
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	// Binaries are built ahead on CPUs that one-CPU alone trials leave
	// free (buildBeside).
	besideCtx, stopBeside := context.WithCancel(runCtx)
	besideDone := make(chan struct{})
	go func() {
		defer close(besideDone)
		buildBeside(besideCtx, CPUs, cfg.Builder, todo)
	}()
	work := make(chan Task)
	var wg sync.WaitGroup
	for i := 0; i < cfg.Parallel; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range work {
				if runCtx.Err() != nil {
					continue
				}
				mu.Lock()
				if why, ok := raceGone[t.Toolchain.ID]; ok && t.Mode == toolchain.Race && t.NotRun == nil {
					t.NotRun = &outcome.Outcome{Kind: outcome.Unavailable, Reason: why}
				}
				mu.Unlock()
				timing, beside := t.timing(), t.beside()
				emit(Event{Type: EventCellStart, Task: t.Name(), Toolchain: t.Toolchain.ID, Probe: t.Probe.Name, Timing: timing, Beside: beside})
				cell, trials, err := runCell(runCtx, cfg, t)
				if err != nil {
					if ctx.Err() == nil {
						fail(err)
					}
					continue
				}
				if t.Mode == toolchain.Race && cell.NotRun != nil && cell.NotRun.Kind == outcome.Unavailable && t.NotRun == nil {
					mu.Lock()
					raceGone[t.Toolchain.ID] = cell.NotRun.Reason
					mu.Unlock()
				}
				if err := store.put(t.Toolchain, cell); err != nil {
					fail(err)
					continue
				}
				mu.Lock()
				done++
				sum.Ran++
				sum.Trials += trials
				d := done
				mu.Unlock()
				emit(Event{Type: EventCellDone, Task: t.Name(), Toolchain: t.Toolchain.ID, Probe: t.Probe.Name, Done: d, Total: len(todo), Cell: &cell, Timing: timing, Beside: beside})
			}
		}()
	}
feed:
	for _, t := range todo {
		select {
		case work <- t:
		case <-runCtx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	stopBeside()
	<-besideDone
	sum.Files = store.files()
	sum.Stopped = ctx.Err() != nil
	if firstErr != nil {
		return sum, firstErr
	}
	if !sum.Stopped {
		emit(Event{Type: EventRunDone, Done: sum.Ran, Trials: sum.Trials, Reused: sum.Reused})
	}
	return sum, nil
}

// toolchainIDs returns the IDs of the toolchains of tasks, in order of
// first appearance.
func toolchainIDs(tasks []Task) []string {
	var ids []string
	seen := map[string]bool{}
	for _, t := range tasks {
		if !seen[t.Toolchain.ID] {
			seen[t.Toolchain.ID] = true
			ids = append(ids, t.Toolchain.ID)
		}
	}
	return ids
}

// runCell builds and measures one cell. It returns an error only for
// failures of the lab itself (cancellation, unwritable cache); a probe that
// fails to build is a build-failed cell, unless it is a build-outcome probe
// and the compiler rejected it with a message it expects: that cell is
// measured, with one rejected trial (see rejected).
func runCell(ctx context.Context, cfg Config, t Task) (results.Cell, int, error) {
	cell := results.Cell{Probe: t.Probe.Name, ProbeHash: t.Probe.Hash, MaplabCommit: cfg.Machine.MaplabCommit,
		Mode: t.Mode, Lang: t.Lang, Procs: t.Procs, Tallies: []results.Tally{}}
	if t.NotRun != nil {
		cell.NotRun = t.NotRun
		return cell, 0, nil
	}
	// A build competes for the processors like an ordinary trial, so it
	// must not run on the CPUs of a maplab:alone trial.
	on, release := CPUs.HoldBuild()
	bin, _, err := cfg.Builder.BuildOn(ctx, t.Request(), on)
	release()
	if err != nil {
		var be *build.Error
		if !errors.As(err, &be) {
			return cell, 0, err
		}
		kind := outcome.BuildFailed
		if _, statErr := os.Stat(t.Toolchain.Path); statErr != nil {
			kind = outcome.Unavailable
		} else if c, ok := rejected(cell, t.Probe, be); ok {
			return c, 1, nil
		}
		cell.NotRun = &outcome.Outcome{Kind: kind, Reason: strings.Join(toolchain.FirstLines(be.Output, 3), "\n")}
		return cell, 0, nil
	}
	// Seconds is the wall time of the trials, so the clock starts after
	// the build.
	start := time.Now()
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = t.Probe.Timeout
	}
	env := trialEnv(cfg.TrialEnv, t.Procs)
	// A probe's floor (maplab:trials) holds only in the cells its "in"
	// settings name; elsewhere the adaptive rule alone decides.
	raised := cfg.Rule
	if t.Probe.FloorIn(t.Mode, t.Procs) {
		raised = cfg.Rule.AtLeast(t.Probe.Trials)
	}
	var near func(*results.Cell) bool // the sequential rule's test, see Config.Near
	if t.Probe.Exactly {
		raised = cfg.Rule.Exactly(t.Probe.Trials)
		if cfg.Near != nil && cfg.Rule.Min != cfg.Rule.Max {
			if f, ok := cfg.Near(t); ok {
				near, cell.Looks = f, claims.SequentialLooks
			}
		}
	}
	seen := false // a trial had one of the probe's Until kinds
	var (
		order   []outcome.Outcome
		counts  = map[outcome.Outcome]int{}
		samples = map[outcome.Outcome]int{}
		n       int
	)
	for {
		// The rule counts outcome kinds: the report's rates, charts and
		// claims are of kinds, and a kind's messages (concurrent map writes
		// or read and map write, both fatal) are shown with their counts,
		// not sampled until each message's share is known within the rule's
		// half-width.
		var cnt []int
		at := map[outcome.Kind]int{}
		for _, o := range order {
			if i, ok := at[o.Kind]; ok {
				cnt[i] += counts[o]
				continue
			}
			at[o.Kind] = len(cnt)
			cnt = append(cnt, counts[o])
		}
		// The raised floor bounds an outcome never seen, which only counted
		// trials can do: a cell whose every trial so far was idle (on one
		// CPU, short bursts never overlap) stops under the plain rule.
		counted := 0
		for _, o := range order {
			if o.Kind.Counted() {
				counted += counts[o]
			}
		}
		rule := raised
		if seen || counted == 0 {
			rule = cfg.Rule
		}
		if n > 0 && rule.Done(cnt) {
			if near == nil {
				break
			}
			// The sequential rule's one look: after N trials, a cell
			// still near a threshold gets N more.
			test := near
			near = nil
			partial := cell
			partial.N, partial.Tallies = n, tallies(order, counts)
			if !test(&partial) {
				break
			}
			raised = stats.Fixed(2 * n)
			continue
		}
		path, args := t.Toolchain.Command(bin)
		res, err := runTrial(ctx, t, trial.Spec{Path: path, Args: args, Env: env, Timeout: timeout, OutputCap: outputCap, CPUs: t.Procs})
		if ctx.Err() != nil {
			return cell, n, ctx.Err()
		}
		if err != nil {
			return cell, n, fmt.Errorf("%s: starting trial: %w", t.Name(), err)
		}
		if t.Procs != catalogue.ProcsAll {
			limit := results.CPULimitEnv
			if res.Affinity {
				limit = results.CPULimitEnvAffinity
			}
			if n > 0 && cell.CPULimit != limit {
				return cell, n, fmt.Errorf("%s: the CPU limit changed between trials (%s, then %s)", t.Name(), cell.CPULimit, limit)
			}
			cell.CPULimit = limit
		}
		in := classify.Input{
			ExitCode: res.ExitCode, Signal: res.Signal, TimedOut: res.TimedOut,
			Stdout: res.Stdout, Stderr: res.Stderr,
			Toolchain: t.Toolchain.Kind, Release: t.Toolchain.Release, Mode: t.Mode,
		}
		o := classify.Classify(in)
		if !o.Kind.Trial() {
			// The race runtime could not start (classify.RaceUnavailable):
			// the probe never ran, so this is no outcome of the probe, in
			// whichever trial it happens. The trials measured so far are
			// dropped with it; a cell is either measured or not run.
			cell.N, cell.Tallies, cell.Samples = 0, []results.Tally{}, nil
			cell.NotRun = &o
			cell.Seconds = time.Since(start).Seconds()
			return cell, n + 1, nil
		}
		n++
		for _, k := range t.Probe.Until {
			seen = seen || o.Kind.Has(k)
		}
		r, found, perr := proberesult.Parse(res.Stdout)
		if found && perr == nil && o.Kind.Counted() {
			cell.AddMetrics(r.Metrics)
		}
		if counts[o] == 0 {
			order = append(order, o)
		}
		counts[o]++
		if samples[o] < samplesPerOutcome {
			samples[o]++
			cell.Samples = append(cell.Samples, sample(o, res, r, found && perr == nil))
		}
	}
	cell.N = n
	cell.Tallies = tallies(order, counts)
	cell.Seconds = time.Since(start).Seconds()
	return cell, n, nil
}

// tallies returns the counts of the outcomes in order of first sight,
// sorted by count, most frequent first.
func tallies(order []outcome.Outcome, counts map[outcome.Outcome]int) []results.Tally {
	var ts []results.Tally
	for _, o := range order {
		ts = append(ts, results.Tally{Outcome: o, K: counts[o]})
	}
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].K > ts[j].K })
	return ts
}

// rejected returns cell measured as one rejected trial when p is a
// build-outcome probe and one of the compiler's messages in the failed
// build be is a rejection p expects (catalogue.Probe.Rejects). The build
// is the whole measurement: builds are deterministic, so it is not
// repeated. The reason is the first of the compiler's error messages that
// p expects, tidied (see build.Error.Messages); the sample keeps the head
// of the output.
// Any other failure is not a measurement, and the cell is build-failed.
func rejected(cell results.Cell, p catalogue.Probe, be *build.Error) (results.Cell, bool) {
	if !p.BuildOutcome() {
		return cell, false
	}
	match := ""
	for _, m := range be.Messages() {
		if p.Rejects(m) {
			match = m
			break
		}
	}
	if match == "" {
		return cell, false
	}
	o := outcome.Outcome{Kind: outcome.Rejected, Reason: classify.Tidy(match)}
	cell.N = 1
	cell.Tallies = []results.Tally{{Outcome: o, K: 1}}
	head := strings.Join(toolchain.FirstLines(be.Output, 10), "\n")
	cell.Samples = []results.Sample{sample(o, trial.Result{ExitCode: buildExit(be), Stderr: []byte(head)}, proberesult.Result{}, false)}
	return cell, true
}

// buildExit returns the exit status of a failed build, or -1 when it has
// none.
func buildExit(be *build.Error) int {
	var ee *exec.ExitError
	if errors.As(be.Err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

// trialEnv returns the environment of a trial at GOMAXPROCS procs: base
// without any GOMAXPROCS, plus GOMAXPROCS=procs unless procs is
// catalogue.ProcsAll.
func trialEnv(base []string, procs int) []string {
	env := make([]string, 0, len(base)+1)
	for _, kv := range base {
		if !strings.HasPrefix(kv, "GOMAXPROCS=") {
			env = append(env, kv)
		}
	}
	if procs != catalogue.ProcsAll {
		env = append(env, fmt.Sprintf("GOMAXPROCS=%d", procs))
	}
	return env
}

// sample keeps one trial's outcome, exit, result line (when valid) and the
// head of its stderr.
func sample(o outcome.Outcome, res trial.Result, r proberesult.Result, valid bool) results.Sample {
	s := results.Sample{Outcome: o, ExitCode: res.ExitCode, Signal: res.Signal}
	if valid {
		s.Result = &r
	}
	stderr := res.Stderr
	if len(stderr) > stderrSample {
		stderr = stderr[:stderrSample]
	}
	s.Stderr = string(stderr)
	return s
}

// serialize wraps an event sink so that calls never overlap.
func serialize(f func(Event)) func(Event) {
	if f == nil {
		return func(Event) {}
	}
	var mu sync.Mutex
	return func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		f(e)
	}
}

// FileFor returns the path of the results file of toolchain tc measured on
// the machine with ID machine, under the results root root:
// root/<machine>/<toolchain>.json.
func FileFor(root, machine string, tc toolchain.Toolchain) string {
	return filepath.Join(root, machine, results.FileName(tc))
}

// runTrial runs one trial of t under the processor lock (see CPUs): alone
// when the probe is marked maplab:alone.
func runTrial(ctx context.Context, t Task, s trial.Spec) (trial.Result, error) {
	defer holdFor(t)()
	return trial.Run(ctx, s)
}

// holdFor takes the processors for one trial of t. An alone trial pinned
// to the first n CPUs (GOMAXPROCS=n) holds only those, and builds may use
// the others (Processors.HoldBeside), except a timing probe's, whose
// times every other process on the machine would disturb.
func holdFor(t Task) (release func()) {
	switch {
	case !t.Probe.Alone:
		return CPUs.Hold(false)
	case t.Probe.Timing():
		return CPUs.Hold(true)
	default:
		return CPUs.HoldCPUs(t.Procs)
	}
}
