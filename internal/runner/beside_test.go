package runner_test

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/build"
	"github.com/maplab/maplab/internal/runner"
	"github.com/maplab/maplab/internal/toolchain"
	"github.com/maplab/maplab/internal/trial"
)

// TestBuildBeside checks that the plan's binaries are built while an
// alone trial holds the first CPU, on the other, and that nothing is
// built while no such trial runs: buildBeside only fills CPUs that would
// idle.
func TestBuildBeside(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("this machine has one CPU: nothing can run beside a one-CPU trial")
	}
	dir, host := hostToolchain(t)
	tasks := runner.Plan(fixtureProbes(t, "plain", "first", "second"), []toolchain.Toolchain{host}, []toolchain.Mode{toolchain.Plain})
	b := &build.Builder{CacheDir: filepath.Join(dir, "build"), BaseEnv: trial.CleanEnv()}
	built := func() (n int) {
		for _, task := range tasks {
			if b.Has(task.Request()) {
				n++
			}
		}
		return n
	}
	p := runner.NewProcessors(2)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		runner.BuildBeside(ctx, p, b, tasks)
	}()
	time.Sleep(500 * time.Millisecond)
	if n := built(); n != 0 {
		t.Fatalf("%d binaries were built with no one-CPU trial running", n)
	}
	release := p.HoldCPUs(1)
	defer release()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("the builds beside a one-CPU trial did not finish")
	}
	if n := built(); n != len(tasks) {
		t.Fatalf("%d of %d binaries were built beside the one-CPU trial", n, len(tasks))
	}
}
