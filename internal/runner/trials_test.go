package runner_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/build"
	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/runner"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
	"github.com/maplab/maplab/internal/trial"
)

// untilSource is a probe that always reports status %[2]s (exit %[3]d)
// and metrics %[4]s, and asks for 60 trials until a corrupt trial is seen.
const untilSource = `// Probe %[1]s: a test fixture for maplab:trials N until KIND.
//
// Hazard: none.
//
// Promise: none.
//
// maplab:modes plain
// maplab:trials 60 until corrupt
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println(` + "`" + `maplab-result {"probe":"%[1]s","status":"%[2]s","detail":"d","metrics":{%[4]s}}` + "`" + `)
	os.Exit(%[3]d)
}
`

// TestTrialsUntil checks maplab:trials 60 until corrupt: a cell that
// never sees corrupt gets its 60 trials, one that sees it at once stops
// where the adaptive rule alone stops a uniform cell (20), and so does one
// whose every trial is idle, which cannot bound anything.
func TestTrialsUntil(t *testing.T) {
	dir, host := hostToolchain(t)
	var probes []catalogue.Probe
	for _, p := range []struct {
		name, status string
		exit         int
		metrics      string
	}{{"never-corrupt", "clean", 0, ""}, {"always-corrupt", "corrupt", 3, ""}, {"always-idle", "clean", 0, `"overlapping_rounds":0`}} {
		probes = append(probes, parseProbe(t, p.name, fmt.Sprintf(untilSource, p.name, p.status, p.exit, p.metrics)))
	}
	want := map[string]int{"never-corrupt": 60, "always-corrupt": stats.DefaultRule.Min, "always-idle": stats.DefaultRule.Min}
	for _, c := range runPlain(t, dir, host, probes...) {
		if c.N != want[c.Probe] {
			t.Errorf("%s: %d trials, want %d", c.Probe, c.N, want[c.Probe])
		}
	}
}

// TestTrialsFloorIn checks that a floor limited to one setting
// (maplab:trials 60 until corrupt in gomaxprocs=1) holds only there: the
// probe's GOMAXPROCS=1 cell, never corrupt, gets its 60 trials, and its
// all-CPUs cell stops where the adaptive rule alone stops a uniform cell.
func TestTrialsFloorIn(t *testing.T) {
	dir, host := hostToolchain(t)
	src := strings.Replace(fmt.Sprintf(untilSource, "scoped", "clean", 0, ""), "maplab:trials 60 until corrupt", "maplab:gomaxprocs 1 all\n// maplab:trials 60 until corrupt in plain gomaxprocs=1", 1)
	want := map[int]int{1: 60, catalogue.ProcsAll: stats.DefaultRule.Min}
	cells := runPlain(t, dir, host, parseProbe(t, "scoped", src))
	if len(cells) != 2 {
		t.Fatalf("%d cells, want 2 (GOMAXPROCS=1 and all CPUs)", len(cells))
	}
	for _, c := range cells {
		if c.N != want[c.Procs] {
			t.Errorf("%s: %d trials, want %d", catalogue.ProcsLabel(c.Procs), c.N, want[c.Procs])
		}
	}
}

// twoMessagesSource is a probe whose every trial is corrupt, with one of
// two messages chosen at random (the host Go seeds math/rand itself): one
// outcome kind with two messages in about equal shares.
const twoMessagesSource = `// Probe two-messages: a test fixture for the adaptive rule's kinds.
//
// Hazard: none.
//
// Promise: none.
//
// maplab:modes plain
package main

import (
	"fmt"
	"math/rand"
	"os"
)

func main() {
	detail := map[int]string{0: "even", 1: "odd"}[rand.Intn(2)]
	fmt.Println(` + "`" + `maplab-result {"probe":"two-messages","status":"corrupt","detail":"` + "`" + ` + detail + ` + "`" + `"}` + "`" + `)
	os.Exit(3)
}
`

// TestRuleCountsKinds checks that the adaptive rule counts outcome kinds:
// a cell whose trials are all corrupt, with two messages in about equal
// shares, stops after the rule's 20 trials, where counting messages as
// outcomes would run it until each message's share were known within ±10
// points (about 90 trials). Both messages are still recorded.
func TestRuleCountsKinds(t *testing.T) {
	dir, host := hostToolchain(t)
	cells := runPlain(t, dir, host, parseProbe(t, "two-messages", twoMessagesSource))
	if len(cells) != 1 {
		t.Fatalf("%d cells, want 1", len(cells))
	}
	c := cells[0]
	if c.N != stats.DefaultRule.Min {
		t.Errorf("%d trials, want %d: one kind (corrupt) stops the cell whatever its messages", c.N, stats.DefaultRule.Min)
	}
	// 20 trials with one message alone have probability 2·0.5^20: that
	// would be a broken fixture, not bad luck.
	var reasons []string
	for _, tl := range c.Tallies {
		if tl.Kind != outcome.Corrupt {
			t.Errorf("tally %s %q, want corrupt only", tl.Kind, tl.Reason)
		}
		reasons = append(reasons, tl.Reason)
	}
	if len(reasons) != 2 {
		t.Errorf("messages %q, want both \"even\" and \"odd\" recorded", reasons)
	}
}

// exactlyProbe returns a probe name like untilSource's, clean with the
// given metrics, that asks for exactly n trials per cell.
func exactlyProbe(t *testing.T, name string, n int, metrics string) catalogue.Probe {
	t.Helper()
	src := strings.Replace(fmt.Sprintf(untilSource, name, "clean", 0, metrics), "maplab:trials 60 until corrupt", fmt.Sprintf("maplab:trials %d exactly", n), 1)
	return parseProbe(t, name, src)
}

// parseProbe parses src as the main.go of probe name.
func parseProbe(t *testing.T, name, src string) catalogue.Probe {
	t.Helper()
	pr, err := catalogue.Parse(name, name+"/main.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return pr
}

// runPlain runs the probes' plain cells on the host toolchain under the
// adaptive rule, with results under dir, and returns the cells written.
func runPlain(t *testing.T, dir string, host toolchain.Toolchain, probes ...catalogue.Probe) []results.Cell {
	t.Helper()
	out := mkdir(t, filepath.Join(dir, "results"))
	cfg := hostConfig(dir, out, runner.Plan(probes, []toolchain.Toolchain{host}, []toolchain.Mode{toolchain.Plain}), stats.DefaultRule)
	if _, err := runner.Run(context.Background(), cfg); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return readFile(t, runner.FileFor(out, cfg.Machine.MachineID, host)).Cells
}

// TestTrialsExactly checks maplab:trials N exactly: a uniform cell gets N
// trials, fewer than the adaptive rule's minimum, and a fixed -trials
// still wins. Run alone, it is a timing cell, and the plan event counts
// it and its trials for the progress estimate.
func TestTrialsExactly(t *testing.T) {
	dir, host := hostToolchain(t)
	pr := exactlyProbe(t, "exactly", 6, "")
	pr.Alone = true
	for _, tt := range []struct {
		rule stats.Rule
		want int
	}{{stats.DefaultRule, 6}, {stats.Fixed(3), 3}} {
		out := mkdir(t, filepath.Join(dir, fmt.Sprintf("results-%d", tt.want)))
		cfg := hostConfig(dir, out, runner.Plan([]catalogue.Probe{pr}, []toolchain.Toolchain{host}, []toolchain.Mode{toolchain.Plain}), tt.rule)
		var plan runner.Event
		var timingDone int
		cfg.Events = func(e runner.Event) {
			switch {
			case e.Type == runner.EventPlan:
				plan = e
			case e.Type == runner.EventCellDone && e.Timing:
				timingDone++
			}
		}
		if _, err := runner.Run(context.Background(), cfg); err != nil {
			t.Fatalf("Run: %v", err)
		}
		cells := readFile(t, runner.FileFor(out, cfg.Machine.MachineID, host)).Cells
		if len(cells) != 1 || cells[0].N != tt.want {
			t.Errorf("rule %+v: cells %+v, want one of %d trials", tt.rule, cells, tt.want)
		}
		if plan.TimingCells != 1 || plan.TimingTrials != tt.want || timingDone != 1 {
			t.Errorf("rule %+v: plan of %d timing cells, %d trials, %d timing cells done; want 1, %d, 1", tt.rule, plan.TimingCells, plan.TimingTrials, timingDone, tt.want)
		}
	}
}

// hostConfig is the Config of a test run that builds probes in dir/build
// and measures them one cell at a time under rule, writing results to out,
// on this machine as of testDate.
func hostConfig(dir, out string, tasks []runner.Task, rule stats.Rule) runner.Config {
	return runner.Config{
		Tasks:    tasks,
		Rule:     rule,
		Parallel: 1,
		OutDir:   out,
		Builder:  &build.Builder{CacheDir: filepath.Join(dir, "build"), BaseEnv: trial.CleanEnv()},
		Machine:  runner.DescribeMachine(testDate),
		TrialEnv: trial.CleanEnv(),
	}
}

// TestSequentialRule checks Config.Near on a probe of 7 exactly whose
// every trial reports x = 1, read by a claim "interval(x) < 2": a cell
// whose claim the first 7 trials leave undecided gets 7 more, one they
// decide stops, both record the two looks; without Near, and under a
// -trials rule, a cell has 7 trials and one look. The test is the one
// matrix run uses, claims.NearThreshold, and what decides is the number
// of cells the run plans: with 1, the claim's family is 2 estimates (two
// looks), each taken at 97.5%, which the range of 7 trials reaches
// (1 - 2·0.5^7 = 98.4%); with 10, each at 99.75%, which 7 trials cannot
// reach and 14 can.
func TestSequentialRule(t *testing.T) {
	dir, host := hostToolchain(t)
	pr := exactlyProbe(t, "timed", 7, `"x":1`)
	cs := func() []claims.Claim {
		cs, err := claims.Parse("claims.json", []byte(`{"schema": 2, "claims": [{"id": "x-small", "statement": "x is small.", "source": "test", "topic": "performance",
			"form": "universal", "modes": ["plain"], "modes_why": "A test.", "probes": ["timed"],
			"checks": [{"probe": "timed", "holds_if": "interval(x) < 2"}]}]}`))
		if err != nil {
			t.Fatal(err)
		}
		return cs
	}()
	for _, tt := range []struct {
		name     string
		claims   []claims.Claim
		planned  int
		rule     stats.Rule
		n, looks int
	}{
		{"undecided", cs, 10, stats.DefaultRule, 14, claims.SequentialLooks},
		{"decided", cs, 1, stats.DefaultRule, 7, claims.SequentialLooks},
		{"no claim", nil, 10, stats.DefaultRule, 7, 0},
		{"fixed rule", cs, 10, stats.Fixed(7), 7, 0},
	} {
		out := mkdir(t, filepath.Join(dir, "results-"+strings.ReplaceAll(tt.name, " ", "-")))
		tasks := runner.Plan([]catalogue.Probe{pr}, []toolchain.Toolchain{host}, []toolchain.Mode{toolchain.Plain})
		cfg := hostConfig(dir, out, tasks, tt.rule)
		cfg.Near = func(task runner.Task) (func(*results.Cell) bool, bool) {
			return claims.NearThreshold(tt.claims, task.Probe.Name, task.Mode, func(string, toolchain.Mode) int { return tt.planned })
		}
		if _, err := runner.Run(context.Background(), cfg); err != nil {
			t.Fatalf("%s: Run: %v", tt.name, err)
		}
		cells := readFile(t, runner.FileFor(out, cfg.Machine.MachineID, host)).Cells
		if len(cells) != 1 || cells[0].N != tt.n || cells[0].Looks != tt.looks || cells[0].Metrics["x"].Count != tt.n {
			t.Errorf("%s: cells %+v, want one of %d trials, %d looks", tt.name, cells, tt.n, tt.looks)
		}
	}
}
