package runner_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/runner"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
)

// buildOutcomeSource is a build-outcome probe named %[1]s whose rejection
// patterns are %[2]s and whose main function body is %[3]s.
const buildOutcomeSource = `//go:build maplab_build_outcome

// Probe %[1]s: a test fixture for maplab:build-outcome.
//
// Hazard: none.
//
// Promise: none.
//
// maplab:build-outcome %[2]s
// maplab:modes plain
package main

import (
	"fmt"
	"os"
)

func main() {
	%[3]s
	fmt.Println(` + "`" + `maplab-result {"probe":"%[1]s","status":"clean","detail":"compiled","metrics":{}}` + "`" + `)
	os.Exit(0)
}
`

// TestBuildOutcome checks the three ends of a build-outcome probe's build
// with the host toolchain: rejected with an expected message (one
// measured trial of kind rejected, the message as its reason, no path in
// it), rejected with a message no pattern matches (build-failed, a broken
// probe), and accepted (trials run as for any probe).
func TestBuildOutcome(t *testing.T) {
	dir, host := hostToolchain(t)
	fixtures := []struct {
		name, patterns, body string
	}{
		{"dup-rejected", "`duplicate key .* in map literal`", "_ = map[int]int{1: 1, 1: 2}"},
		{"dup-unexpected", "`duplicate key .* in map literal`", "undefinedName()"},
		{"dup-accepted", "`duplicate key .* in map literal`", "_ = map[int]int{1: 1, 2: 2}"},
	}
	var probes []catalogue.Probe
	for _, f := range fixtures {
		p, err := catalogue.Parse(f.name, f.name+"/main.go", []byte(fmt.Sprintf(buildOutcomeSource, f.name, f.patterns, f.body)))
		if err != nil {
			t.Fatal(err)
		}
		probes = append(probes, p)
	}
	out := mkdir(t, filepath.Join(dir, "results"))
	cfg := hostConfig(dir, out, runner.Plan(probes, []toolchain.Toolchain{host}, []toolchain.Mode{toolchain.Plain}), stats.Fixed(3))
	sum, err := runner.Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	cells := readFile(t, runner.FileFor(out, cfg.Machine.MachineID, host)).Cells
	if len(cells) != 3 {
		t.Fatalf("%d cells, want 3", len(cells))
	}
	for _, c := range cells {
		switch c.Probe {
		case "dup-rejected":
			want := outcome.Outcome{Kind: outcome.Rejected, Reason: "duplicate key 1 in map literal"}
			if c.NotRun != nil || c.N != 1 || len(c.Tallies) != 1 || c.Tallies[0].Outcome != want || c.Tallies[0].K != 1 {
				t.Errorf("%s: not run %v, n %d, tallies %+v; want one trial %s", c.Probe, c.NotRun, c.N, c.Tallies, want)
			}
			if len(c.Samples) != 1 || !strings.Contains(c.Samples[0].Stderr, "duplicate key 1 in map literal") {
				t.Errorf("%s: samples %+v, want one holding the compiler's output", c.Probe, c.Samples)
			}
		case "dup-unexpected":
			if c.NotRun == nil || c.NotRun.Kind != outcome.BuildFailed || !strings.Contains(c.NotRun.Reason, "undefined: undefinedName") || c.N != 0 {
				t.Errorf("%s: not run %v, n %d; want build-failed naming undefinedName", c.Probe, c.NotRun, c.N)
			}
		case "dup-accepted":
			if c.NotRun != nil || c.N != 3 || len(c.Tallies) != 1 || c.Tallies[0].Kind != outcome.Clean {
				t.Errorf("%s: not run %v, n %d, tallies %+v; want 3 clean trials", c.Probe, c.NotRun, c.N, c.Tallies)
			}
		}
	}
	if sum.Trials != 1+3 {
		t.Errorf("Run counted %d trials, want 4 (one build, three runs)", sum.Trials)
	}
}
