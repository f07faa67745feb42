package testscript_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/maplab/maplab/internal/build"
	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/runner"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
	"github.com/maplab/maplab/internal/trial"
)

// commands holds the custom script commands, sorted by name.
// Update doc.go when adding, removing or changing one.
var commands = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	"metric":   cmdMetric,
	"outcome":  cmdOutcome,
	"probe":    cmdProbe,
	"rate":     cmdRate,
	"status":   cmdStatus,
	"waitfile": cmdWaitfile,
}

// conditions holds the custom script conditions, sorted by name. A
// condition is written [name] or [name:arg]; the function gets the
// toolchain under test and the arg ("" for none).
// Update doc.go when adding, removing or changing one.
var conditions = map[string]func(tc toolchain.Toolchain, arg string) (bool, error){
	"kind":      condKind,
	"lang":      condLang,
	"race":      condRace,
	"release":   condRelease,
	"swiss":     condSwiss,
	"toolchain": condToolchain,
}

// stateKey is the key of a script's *scriptState in testscript's values.
type stateKey struct{}

// scriptState is what the commands of one script share: the toolchain
// under test and the last cell the probe command measured.
type scriptState struct {
	lab  *lab
	tc   toolchain.Toolchain
	work string // the script's $WORK
	last *measured
}

// measured is one cell measured by the probe command.
type measured struct {
	task runner.Task
	cell results.Cell
}

// state returns the script's state, or fails the script when the command
// only makes sense in the per-toolchain suite.
func state(ts *testscript.TestScript, cmd string) *scriptState {
	st, ok := ts.Value(stateKey{}).(*scriptState)
	if !ok {
		ts.Fatalf("%s: no toolchain under test here (the command belongs to the per-toolchain suite, testdata/*.txtar)", cmd)
	}
	return st
}

// lastCell returns the cell of the script's last probe command.
func lastCell(ts *testscript.TestScript, cmd string) (*scriptState, *measured) {
	st := state(ts, cmd)
	if st.last == nil {
		ts.Fatalf("%s: no probe has run in this script yet (run \"probe NAME\" first)", cmd)
	}
	return st, st.last
}

// where names the script and the toolchain, to start failure messages.
func where(ts *testscript.TestScript, st *scriptState) string {
	return fmt.Sprintf("%s.txtar on %s", ts.Name(), st.tc.ID)
}

const probeUsage = "usage: probe NAME [-trials N] [-mode plain|race] [-lang go1.N|toolchain] [-gomaxprocs N|all] [-alone]"

// cmdProbe builds a probe with the toolchain under test and runs its trials
// through the matrix's own runner, then remembers the cell.
func cmdProbe(ts *testscript.TestScript, neg bool, args []string) {
	a, err := parseProbeArgs(args)
	if err != nil {
		ts.Fatalf("probe: %v\n%s", err, probeUsage)
	}
	if neg {
		ts.Fatalf("unsupported: ! probe (assert on the outcome with outcome or rate)")
	}
	st := state(ts, "probe")
	sel, err := catalogue.Select(st.lab.probes, []string{a.name})
	if err != nil {
		ts.Fatalf("probe: %v", err)
	}
	p := sel[0]
	if !p.RunsIn(a.mode) {
		ts.Fatalf("probe: %s does not run in %s mode (its maplab:modes directive says %v)", p.Name, a.mode, p.Modes)
	}
	p.Langs = []string{a.lang}
	// One GOMAXPROCS setting per probe command, whatever the probe's
	// gomaxprocs directive lists.
	p.Procs = []int{a.procs}
	// -alone makes every trial of the cell hold the processors alone
	// (runner.CPUs), as maplab:alone does in the matrix.
	p.Alone = p.Alone || a.alone
	tasks := runner.Plan([]catalogue.Probe{p}, []toolchain.Toolchain{st.tc}, []toolchain.Mode{a.mode})
	if len(tasks) != 1 {
		ts.Fatalf("probe: the plan for %s on %s in %s mode with language %s has %d cells, want 1", p.Name, st.tc.ID, a.mode, a.lang, len(tasks))
	}
	out := filepath.Join(st.work, "results")
	cfg := runner.Config{
		Tasks:    tasks,
		Rule:     stats.Fixed(a.trials),
		Parallel: 1,
		OutDir:   out,
		Fresh:    true,
		Builder:  st.lab.builder,
		Machine:  runner.DescribeMachine(time.Now()),
		TrialEnv: trial.CleanEnv(),
	}
	if err := os.MkdirAll(out, 0o777); err != nil {
		ts.Fatalf("probe: %v", err)
	}
	start := time.Now()
	if _, err := runner.Run(context.Background(), cfg); err != nil {
		ts.Fatalf("probe: %s on %s: %v", p.Name, st.tc.ID, err)
	}
	// Read the cell back from the results file, so that what the script
	// asserts on is what the matrix stores.
	f, err := results.Read(runner.FileFor(out, cfg.Machine.MachineID, st.tc))
	if err != nil {
		ts.Fatalf("probe: %v", err)
	}
	t := tasks[0]
	want := results.Key{Probe: p.Name, Mode: t.Mode, Lang: t.Lang, Procs: t.Procs}
	var cell *results.Cell
	for i := range f.Cells {
		if f.Cells[i].Key() == want {
			cell = &f.Cells[i]
		}
	}
	if cell == nil {
		ts.Fatalf("probe: the results file holds no cell %s", want)
	}
	st.last = &measured{task: t, cell: *cell}
	ts.Logf("%s: %s (n=%d, %.1fs)", cellName(t), distribution(*cell), cell.N, time.Since(start).Seconds())
}

// cellName names a measured cell in logs: "go1.19.8 concurrent-writes race
// lang go1.19".
func cellName(t runner.Task) string {
	s := fmt.Sprintf("%s %s %s", t.Toolchain.ID, t.Probe.Name, t.Mode)
	if t.Lang != "" {
		s += " lang " + t.Lang
	}
	if t.Procs != catalogue.ProcsAll {
		s += " " + catalogue.ProcsLabel(t.Procs)
	}
	return s
}

const outcomeUsage = "usage: outcome KIND [REASON-REGEXP]"

// cmdOutcome asserts the leading (most frequent) outcome of the last cell.
func cmdOutcome(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 1 || len(args) > 2 {
		ts.Fatalf(outcomeUsage)
	}
	spec := args[0]
	if len(args) == 2 {
		spec += ":" + args[1]
	}
	if strings.Contains(args[0], ":") || strings.Contains(args[0], "|") {
		ts.Fatalf("outcome: one kind, then the reason regexp as a separate word\n%s", outcomeUsage)
	}
	sel, err := parseSelector(spec)
	if err != nil {
		ts.Fatalf("outcome: %v\n%s", err, outcomeUsage)
	}
	st, m := lastCell(ts, "outcome")
	lead, k := m.cell.Leading()
	if sel.match(lead) == !neg {
		ts.Logf("outcome %s: leading %s (%d/%d)", sel.text, lead, k, m.cell.N)
		return
	}
	want := sel.text
	if neg {
		want = "not " + want
	}
	ts.Fatalf("%s: leading outcome is %s (%d/%d; %s), want %s", where(ts, st), lead, k, m.cell.N, distribution(m.cell), want)
}

const rateUsage = "usage: rate SELECTOR... OP X (SELECTOR is KIND[|KIND...][:REASON-REGEXP], OP one of >= <= > < ==, X in [0, 1])"

// cmdRate asserts the fraction of the last cell's trials with an outcome
// that any of the selectors selects.
func cmdRate(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 3 {
		ts.Fatalf(rateUsage)
	}
	sel, err := parseSelectors(args[:len(args)-2])
	if err != nil {
		ts.Fatalf("rate: %v\n%s", err, rateUsage)
	}
	cmp, err := parseComparison(args[len(args)-2], args[len(args)-1], true)
	if err != nil {
		ts.Fatalf("rate: %v\n%s", err, rateUsage)
	}
	if neg {
		ts.Fatalf("unsupported: ! rate (use the opposite comparison)")
	}
	st, m := lastCell(ts, "rate")
	c := m.cell
	n := sel.denominator(c)
	if c.NotRun != nil || n == 0 {
		ts.Fatalf("%s: rate %s: the cell has no counted trials (%s)", where(ts, st), sel, distribution(c))
	}
	k := sel.count(c)
	r := float64(k) / float64(n)
	if cmp.holds(r) {
		ts.Logf("rate %s = %.3g (%d/%d counted trials), %s holds", sel, r, k, n, cmp)
		return
	}
	ts.Fatalf("%s: rate %s = %.3g (%d/%d counted trials; %s), want %s", where(ts, st), sel, r, k, n, distribution(c), cmp)
}

const metricUsage = "usage: metric NAME OP X (OP one of >= <= > < ==)"

// cmdMetric asserts a metric of the probe's result line in every sample of
// the last cell that reports it.
func cmdMetric(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf(metricUsage)
	}
	cmp, err := parseComparison(args[1], args[2], false)
	if err != nil {
		ts.Fatalf("metric: %v\n%s", err, metricUsage)
	}
	if neg {
		ts.Fatalf("unsupported: ! metric (use the opposite comparison)")
	}
	st, m := lastCell(ts, "metric")
	name := args[0]
	sum, ok := metricSummary(m.cell, name)
	if !ok {
		ts.Fatalf("%s: metric %s: no counted trial reports it (%d trials; %s)", where(ts, st), name, m.cell.N, distribution(m.cell))
	}
	// Every comparison is monotone, so it holds for every value when it
	// holds for the least and the greatest.
	if !cmp.holds(sum.Min) || !cmp.holds(sum.Max) {
		ts.Fatalf("%s: metric %s = %g..%g over %d trials (of %d; %s), want %s in every one",
			where(ts, st), name, sum.Min, sum.Max, sum.Count, m.cell.N, distribution(m.cell), cmp)
	}
	ts.Logf("metric %s %s holds in all %d trials that report it (%g..%g, of %d trials)", name, cmp, sum.Count, sum.Min, sum.Max, m.cell.N)
}

const statusUsage = "usage: status CODE program [args...]"

// cmdStatus runs a program like exec and asserts its exit status.
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf(statusUsage)
	}
	want, err := strconv.Atoi(args[0])
	if err != nil || want < 0 || want > 255 {
		ts.Fatalf("status: bad exit status %q\n%s", args[0], statusUsage)
	}
	if neg {
		ts.Fatalf("unsupported: ! status (give the expected exit status instead)")
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("status: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

const waitfileUsage = "usage: waitfile [-timeout DURATION] FILE"

// cmdWaitfile waits until a file exists.
func cmdWaitfile(ts *testscript.TestScript, neg bool, args []string) {
	timeout := time.Minute
	if len(args) == 3 && args[0] == "-timeout" {
		d, err := time.ParseDuration(args[1])
		if err != nil || d <= 0 {
			ts.Fatalf("waitfile: bad timeout %q\n%s", args[1], waitfileUsage)
		}
		timeout, args = d, args[2:]
	}
	if len(args) != 1 {
		ts.Fatalf(waitfileUsage)
	}
	if neg {
		ts.Fatalf("unsupported: ! waitfile (use ! exists)")
	}
	path := ts.MkAbs(args[0])
	deadline := time.Now().Add(timeout)
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("waitfile: %s did not appear within %v", args[0], timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// condition returns testscript's Condition function for the toolchain tc
// (nil outside the per-toolchain suite).
func condition(tc *toolchain.Toolchain) func(string) (bool, error) {
	return func(cond string) (bool, error) {
		name, arg, _ := strings.Cut(cond, ":")
		f, ok := conditions[name]
		if !ok {
			return false, fmt.Errorf("unknown condition (maplab adds kind:gc, kind:gccgo, kind:gopherjs, lang:go1.N, race, release:go1.N, swiss, toolchain:ID; see doc.go)")
		}
		if tc == nil {
			return false, fmt.Errorf("[%s] needs a toolchain under test (per-toolchain suite only)", cond)
		}
		return f(*tc, arg)
	}
}

func noArg(name, arg string) error {
	if arg != "" {
		return fmt.Errorf("[%s] takes no argument", name)
	}
	return nil
}

// condKind: [kind:gc], [kind:gccgo], [kind:gopherjs].
func condKind(tc toolchain.Toolchain, arg string) (bool, error) {
	switch toolchain.Kind(arg) {
	case toolchain.GC, toolchain.GCCGO, toolchain.GopherJS:
		return tc.Kind == toolchain.Kind(arg), nil
	}
	return false, fmt.Errorf("want [kind:gc], [kind:gccgo] or [kind:gopherjs], not [kind:%s]", arg)
}

// condLang: [lang:go1.N], the toolchain can build with language go1.N.
func condLang(tc toolchain.Toolchain, arg string) (bool, error) {
	if !langRE.MatchString(arg) {
		return false, fmt.Errorf("want [lang:go1.N], not [lang:%s]", arg)
	}
	_, ok := build.ResolveLang(arg, tc)
	return ok, nil
}

// condRace: [race], the toolchain has a race detector here.
func condRace(tc toolchain.Toolchain, arg string) (bool, error) {
	if err := noArg("race", arg); err != nil {
		return false, err
	}
	return tc.Supports(toolchain.Race), nil
}

// condRelease: [release:go1.N], the toolchain's library is go1.N or newer.
func condRelease(tc toolchain.Toolchain, arg string) (bool, error) {
	if !toolchain.IsRelease(arg) {
		return false, fmt.Errorf("want [release:go1.N] or [release:go1.N.M], not [release:%s]", arg)
	}
	return toolchain.CompareRelease(tc.Release, arg) >= 0, nil
}

// condSwiss: [swiss], maps are Swiss tables (gc go1.24 and later, unless
// built with GOEXPERIMENT=noswissmap).
func condSwiss(tc toolchain.Toolchain, arg string) (bool, error) {
	if err := noArg("swiss", arg); err != nil {
		return false, err
	}
	return swissMaps(tc), nil
}

func swissMaps(tc toolchain.Toolchain) bool {
	if tc.Kind != toolchain.GC || toolchain.CompareRelease(tc.Release, "go1.24") < 0 {
		return false
	}
	if strings.Contains(tc.Variant, "noswissmap") || strings.Contains(tc.Version, "noswissmap") {
		return false
	}
	for _, e := range tc.ExtraEnv {
		if v, ok := strings.CutPrefix(e, "GOEXPERIMENT="); ok && strings.Contains(v, "noswissmap") {
			return false
		}
	}
	return true
}

// condToolchain: [toolchain:ID], the toolchain under test is ID.
func condToolchain(tc toolchain.Toolchain, arg string) (bool, error) {
	if arg == "" {
		return false, fmt.Errorf("want [toolchain:ID], e.g. [toolchain:go1.19.8]")
	}
	return tc.ID == arg, nil
}
