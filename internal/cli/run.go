package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/maplab/maplab/internal/build"
	"github.com/maplab/maplab/internal/catalogue"
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
}

func (f *runFlags) register(e *env, fs interface {
	StringVar(*string, string, string, string)
	DurationVar(*time.Duration, string, time.Duration, string)
	IntVar(*int, string, int, string)
	BoolVar(*bool, string, bool, string)
}) {
	fs.StringVar(&f.probes, "probes", "", "comma-separated probe names (default: every probe under probes/)")
	fs.StringVar(&f.toolchains, "toolchains", e.getenv("MAPLAB_TOOLCHAINS"), "toolchains to run on: IDs shown by \"matrix toolchains\", go commands, GOROOTs, gccgo drivers or GOTOOLCHAIN versions, comma- or colon-separated (default $MAPLAB_TOOLCHAINS, else every toolchain found)")
	fs.StringVar(&f.modes, "modes", "plain,race", "comma-separated modes: plain (ordinary build) and race (built with -race)")
	fs.StringVar(&f.trials, "trials", "auto", "trials per cell: a number, or auto (stop a uniform cell after 20, a mixed one when every rate is known within ±10 points, at most 400)")
	fs.DurationVar(&f.timeout, "timeout", 0, "time limit of one trial; past it the trial's process group is killed and the trial counts as hang (default: the probe's maplab:timeout, 10s unless set)")
	fs.IntVar(&f.parallel, "parallel", runtime.NumCPU(), "cells measured at once")
	fs.StringVar(&f.out, "out", "results", "results root: this machine's files go to its directory, <out>/<machine id>/, one per toolchain")
	fs.BoolVar(&f.fresh, "fresh", false, "measure every cell again instead of reusing cells whose probe source is unchanged")
	fs.BoolVar(&f.json, "json", false, "write progress as a stream of JSON events on stdout")
}

func cmdRun(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "run", "[flags]", `
Run builds every selected probe once per toolchain, mode and language
version, from an isolated copy, runs it many times and classifies every run
(clean, idle, corrupt, recovered, panic, fatal, race, race+corrupt,
race+fatal and the other race+X kinds, crash, hang, build-failed,
unsupported, unavailable; idle is a concurrent probe whose goroutines never
overlapped, left out of rates). Each toolchain's cells go to one results file in
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
	f.register(e, fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("run: unexpected argument %q (probes are chosen with -probes)", fs.Arg(0))
	}
	f.outSet = isSet(fs.FlagSet, "out")
	_, err := run(ctx, e, f)
	return err
}

// run executes a matrix run and returns the results files it wrote.
func run(ctx context.Context, e *env, f runFlags) ([]string, error) {
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
	all, err := catalogue.Load(filepath.Join(e.root, "probes"))
	if err != nil {
		return nil, err
	}
	probes, err := catalogue.Select(all, list(f.probes))
	if err != nil {
		return nil, usageError{err.Error()}
	}
	out := e.outPath(f.out, f.outSet)
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

	tcs, hints, err := selectToolchains(ctx, e, f.toolchains)
	if err != nil {
		return nil, err
	}
	// The lab's working tree is the repository root, where git tells the
	// commit when the binary does not.
	machine := runner.HostEnvironment(time.Now(), runner.ThisHost(e.root))
	if !f.json {
		fmt.Fprintf(e.stderr, "machine: %s (%s); results go to %s\n", machine.MachineID, machine.Machine(), rel(e, filepath.Join(out, machine.MachineID)))
		fmt.Fprintf(e.stderr, "toolchains: %s\n", toolchainIDs(tcs))
		if f.toolchains == "" {
			printHints(e, hints)
		}
	}
	style := progress.StyleFor(os.Stderr)
	if e.stderr != os.Stderr {
		style = progress.Plain
	}
	pw := e.stderr
	if f.json {
		style, pw = progress.JSON, e.stdout
	}
	pr := progress.New(pw, style)
	cfg := runner.Config{
		Tasks:    runner.Plan(probes, tcs, modes),
		Rule:     rule,
		Timeout:  f.timeout,
		Parallel: f.parallel,
		OutDir:   out,
		Fresh:    f.fresh,
		Builder:  &build.Builder{CacheDir: cacheDir(e, "build"), BaseEnv: trial.CleanEnv()},
		Env:      machine,
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
		fmt.Fprintf(e.stderr, "%d cells measured (%d trials), %d reused; results in %s\n", sum.Ran, sum.Trials, sum.Reused, rel(e, out))
	}
	return sum.Files, nil
}

// isSet reports whether the flag name was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// selectToolchains resolves the -toolchains list. An entry that names a
// discovered toolchain's ID selects it; any other entry (a path, a bare
// command such as gccgo-12, a GOTOOLCHAIN version) is identified on its
// own. An empty list selects everything discovered.
func selectToolchains(ctx context.Context, e *env, entries string) ([]toolchain.Toolchain, []toolchain.Hint, error) {
	want := list(entries)
	if len(want) == 0 {
		return discover(ctx, e, "")
	}
	var found []toolchain.Toolchain
	byID := map[string]toolchain.Toolchain{}
	for _, w := range want {
		if !strings.ContainsRune(w, os.PathSeparator) {
			all, _, err := toolchain.Discover(ctx, toolchain.Options{Environ: withoutEnv(os.Environ(), toolchain.EnvVar), CacheDir: cacheDir(e, "toolchains")})
			if err != nil {
				return nil, nil, err
			}
			found = all
			for _, t := range all {
				byID[t.ID] = t
			}
			break
		}
	}
	var tcs []toolchain.Toolchain
	for _, w := range want {
		if t, ok := byID[w]; ok {
			tcs = append(tcs, t)
			continue
		}
		got, _, err := toolchain.Discover(ctx, toolchain.Options{Explicit: []string{w}, ExplicitSource: "-toolchains", CacheDir: cacheDir(e, "toolchains")})
		if err != nil {
			if strings.ContainsRune(w, os.PathSeparator) {
				return nil, nil, err
			}
			return nil, nil, usagef("unknown toolchain %q (found: %s; or give a path to a go command, GOROOT or gccgo driver, or a release the go command has fetched, e.g. go1.27.3)", w, toolchainIDs(found))
		}
		tcs = append(tcs, got...)
	}
	return tcs, nil, nil
}

// withoutEnv returns env without the variable key.
func withoutEnv(env []string, key string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return out
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

func rel(e *env, p string) string {
	if r, err := filepath.Rel(e.root, p); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return p
}
