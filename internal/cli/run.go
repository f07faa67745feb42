package cli

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/maplab/maplab/internal/build"
	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/progress"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/runner"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
	"github.com/maplab/maplab/internal/trial"
)

// runFlags are the flags of "run", shared with the no-argument main job.
type runFlags struct {
	probes, toolchains, modes, trials, out string
	timeout                                time.Duration
	parallel                               int
	fresh, json                            bool
	// outSet is set when -out was given on the command line: the path is
	// then the user's, relative to the working directory, whatever it
	// says; the default is relative to the repository root.
	outSet bool
	// toolchainsSet is set when -toolchains was given on the command line
	// (its default is $MAPLAB_TOOLCHAINS).
	toolchainsSet bool
}

func (f *runFlags) register(inv *invocation, fs interface {
	StringVar(*string, string, string, string)
	DurationVar(*time.Duration, string, time.Duration, string)
	IntVar(*int, string, int, string)
	BoolVar(*bool, string, bool, string)
}) {
	fs.StringVar(&f.probes, "probes", "", "comma-separated probe names (default: every probe under probes/)")
	fs.StringVar(&f.toolchains, "toolchains", inv.getenv(toolchain.EnvVar), toolchainsUsage)
	fs.StringVar(&f.modes, "modes", "plain,race", "comma-separated modes: plain (ordinary build) and race (built with -race)")
	fs.StringVar(&f.trials, "trials", "auto", "trials per cell: a number, or auto (stop a uniform cell after 20, a mixed one when every rate is known within ±10 points, at most 400; a timing probe runs the trials its header asks for, and as many again where a median sits at the edge of a claim's run-to-run margin); a number fixes every cell, timing probes too")
	fs.DurationVar(&f.timeout, "timeout", 0, "time limit of one trial; past it the trial's process group is killed and the trial counts as hang (default: the probe's maplab:timeout, 10s unless set)")
	fs.IntVar(&f.parallel, "parallel", runtime.NumCPU(), "cells measured at once")
	fs.StringVar(&f.out, "out", "results", "results root: this machine's files go to its directory, <out>/<machine id>/, one per toolchain")
	fs.BoolVar(&f.fresh, "fresh", false, "measure every cell again instead of reusing cells whose probe source is unchanged")
	fs.BoolVar(&f.json, "json", false, "write progress as a stream of JSON events on stdout")
}

// setFrom records which flags of fs, once parsed, the command line gave.
func (f *runFlags) setFrom(fs *flagSet) {
	f.outSet, f.toolchainsSet = isSet(fs.FlagSet, "out"), isSet(fs.FlagSet, "toolchains")
}

// outDir returns the results root: -out as the user typed it, relative to
// the working directory, or the default relative to the repository root.
func (f runFlags) outDir(inv *invocation) string {
	return inv.outPath(f.out, f.outSet)
}

func cmdRun(ctx context.Context, inv *invocation, args []string) error {
	fs := newFlags(inv, "run", "[flags]", `
Run builds every selected probe once per toolchain, mode and language
version, from an isolated copy, runs it many times and classifies every run
(clean, idle, corrupt, recovered, panic, fatal, race, race+corrupt,
race+fatal and the other race+X kinds, crash, hang, rejected,
build-failed, unsupported, unavailable; idle is a concurrent probe whose
goroutines never overlapped, left out of rates; rejected is a build-outcome
probe the compiler refused with an expected message, measured by one
build). Each toolchain's cells go to one results file in
this machine's directory of the results root, results/<machine id>/, written
atomically as each cell finishes: interrupt with Ctrl-C at any time and run
the same command again to resume. Only cells measured on this machine are
reused; another machine's files are never read or changed.

The machine ID names what changes measurements: the runner (local, or
github-<image> on GitHub Actions), GOOS, GOARCH, the CPU count and a hash
of the CPU model, e.g. local-linux-amd64-2cpu-6a5256. To contribute a
release others cannot run, measure it with -toolchains /path/to/go/bin/go
and validate the file with "go run ./matrix check".`)
	var f runFlags
	f.register(inv, fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("run: unexpected argument %q (probes are chosen with -probes)", fs.Arg(0))
	}
	f.setFrom(fs)
	_, err := run(ctx, inv, f)
	return err
}

// run executes a matrix run and returns the results files it wrote.
func run(ctx context.Context, inv *invocation, f runFlags) ([]string, error) {
	rule, err := parseTrials(f.trials)
	if err != nil {
		return nil, err
	}
	modes, err := parseModes(f.modes)
	if err != nil {
		return nil, err
	}
	if f.parallel < 1 {
		return nil, usagef("run: -parallel must be at least 1, not %d", f.parallel)
	}
	if f.timeout < 0 {
		return nil, usagef("run: -timeout must not be negative")
	}
	all, err := catalogue.Load(filepath.Join(inv.root, "probes"))
	if err != nil {
		return nil, err
	}
	probes, err := catalogue.Select(all, list(f.probes))
	if err != nil {
		return nil, usageError{err.Error()}
	}
	out := f.outDir(inv)
	if err := results.CheckWritable(out); err != nil {
		return nil, err
	}
	if err := results.CheckLayout(out); err != nil {
		return nil, err
	}
	unlock, err := results.Lock(out)
	if err != nil {
		return nil, err
	}
	defer unlock()

	tcs, hints, err := selectToolchains(ctx, inv, f.toolchains, f.toolchainsSet)
	if err != nil {
		return nil, err
	}
	// The lab's working tree is the repository root, where git tells the
	// commit when the binary does not.
	machine := runner.DescribeHost(time.Now(), runner.ThisHost(inv.root))
	if !f.json {
		fmt.Fprintf(inv.stderr, "machine: %s (%s); results go to %s\n", machine.MachineID, machine.Machine(), rel(inv, filepath.Join(out, machine.MachineID)))
		fmt.Fprintf(inv.stderr, "toolchains: %s\n", toolchainIDs(tcs))
		if f.toolchains == "" {
			printHints(inv, hints)
		}
	}
	style, pw := progress.StyleFor(inv.stderr), inv.stderr
	if f.json {
		style, pw = progress.JSON, inv.stdout
	}
	buildCache, err := cacheDir(inv, "build")
	if err != nil {
		return nil, err
	}
	pr := progress.New(pw, style)
	tasks := runner.Plan(probes, tcs, modes)
	cfg := runner.Config{
		Tasks:    tasks,
		Near:     nearThreshold(claims.Embedded(), tasks),
		Rule:     rule,
		Timeout:  f.timeout,
		Parallel: f.parallel,
		OutDir:   out,
		Fresh:    f.fresh,
		Builder:  &build.Builder{CacheDir: buildCache, BaseEnv: trial.CleanEnv()},
		Machine:  machine,
		TrialEnv: trial.CleanEnv(),
		Events:   pr.Event,
	}
	sum, err := runner.Run(ctx, cfg)
	pr.Finish()
	if sum.Stopped {
		return sum.Files, errInterrupted
	}
	if err != nil {
		return sum.Files, err
	}
	if !f.json {
		fmt.Fprintf(inv.stderr, "%d cells measured (%d trials), %d reused; results in %s\n", sum.Ran, sum.Trials, sum.Reused, rel(inv, out))
	}
	return sum.Files, nil
}

// nearThreshold returns the sequential rule's test for the timing cells of
// tasks, from the claims cs (see runner.Config.Near): the number of cells
// of each probe and mode the run plans to measure bounds the cells a
// claim reads.
func nearThreshold(cs []claims.Claim, tasks []runner.Task) func(runner.Task) (func(*results.Cell) bool, bool) {
	type key struct {
		probe string
		mode  toolchain.Mode
	}
	planned := map[key]int{}
	for _, t := range tasks {
		if t.NotRun == nil {
			planned[key{t.Probe.Name, t.Mode}]++
		}
	}
	count := func(probe string, mode toolchain.Mode) int { return planned[key{probe, mode}] }
	return func(t runner.Task) (func(*results.Cell) bool, bool) {
		return claims.NearThreshold(cs, t.Probe.Name, t.Mode, count)
	}
}

// isSet reports whether the flag name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func toolchainIDs(tcs []toolchain.Toolchain) string {
	var ids []string
	for _, t := range tcs {
		ids = append(ids, t.ID)
	}
	return strings.Join(ids, ", ")
}

func parseTrials(s string) (stats.Rule, error) {
	if s == "auto" {
		return stats.DefaultRule, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 100000 {
		return stats.Rule{}, usagef("run: -trials must be auto or a number from 1 to 100000, not %q", s)
	}
	return stats.Fixed(n), nil
}

func parseModes(s string) ([]toolchain.Mode, error) {
	var modes []toolchain.Mode
	for _, m := range list(s) {
		switch toolchain.Mode(m) {
		case toolchain.Plain, toolchain.Race:
			modes = append(modes, toolchain.Mode(m))
		default:
			return nil, usagef("run: unknown mode %q (valid: plain, race)", m)
		}
	}
	if len(modes) == 0 {
		return nil, usagef("run: -modes is empty (valid: plain, race)")
	}
	return modes, nil
}

func rel(inv *invocation, p string) string {
	if r, err := filepath.Rel(inv.root, p); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return p
}
