package runner_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/runner"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
)

// TestEventsTellTheSummary checks that the event stream alone says what a
// run did, as its Summary does: the plan names the toolchains, and the
// last event, run-done, counts the cells measured, their trials and the
// cells reused. Tools read "matrix run -json" instead of its messages.
func TestEventsTellTheSummary(t *testing.T) {
	root := t.TempDir()
	machine := runner.DescribeHost(time.Date(2026, 11, 29, 5, 0, 0, 0, time.UTC), fakeHost(nil, 2, "cpu"))
	var tasks []runner.Task
	for _, id := range []string{"go1.19.8", "gccgo12-go1.18"} {
		tc := toolchain.Toolchain{ID: id, Release: "go1.18"}
		for _, name := range []string{"probe-a", "probe-b"} {
			tasks = append(tasks, runner.Task{Probe: catalogue.Probe{Name: name, Hash: "h-" + name}, Toolchain: tc, Mode: toolchain.Plain,
				NotRun: &outcome.Outcome{Kind: outcome.Unsupported, Reason: "needs go1.99"}})
		}
	}
	run := func() (runner.Summary, []runner.Event) {
		var events []runner.Event
		cfg := runner.Config{Tasks: tasks, Rule: stats.Fixed(1), OutDir: root, Machine: machine, Parallel: 2,
			Events: func(e runner.Event) { events = append(events, e) }}
		sum, err := runner.Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return sum, events
	}
	for i, want := range []runner.Event{
		{Type: runner.EventRunDone, Done: 4},
		{Type: runner.EventRunDone, Reused: 4},
	} {
		sum, events := run()
		if len(events) == 0 {
			t.Fatalf("run %d emitted no events", i+1)
		}
		var plan *runner.Event
		for j := range events {
			if events[j].Type == runner.EventPlan {
				plan = &events[j]
			}
		}
		if plan == nil || !reflect.DeepEqual(plan.Toolchains, []string{"go1.19.8", "gccgo12-go1.18"}) {
			t.Errorf("run %d: plan event %+v, want the toolchains go1.19.8, gccgo12-go1.18", i+1, plan)
		}
		last := events[len(events)-1]
		last.Toolchains = nil
		if !reflect.DeepEqual(last, want) {
			t.Errorf("run %d: last event %+v, want %+v", i+1, last, want)
		}
		if last.Done != sum.Ran || last.Trials != sum.Trials || last.Reused != sum.Reused {
			t.Errorf("run %d: run-done %+v disagrees with the summary %+v", i+1, last, sum)
		}
	}
}
