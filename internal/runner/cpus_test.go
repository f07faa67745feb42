package runner

import (
	"context"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/procgroup"
)

// start runs hold in a goroutine and returns a channel that receives its
// release function once it holds.
func start(hold func() func()) <-chan func() {
	ch := make(chan func(), 1)
	go func() { ch <- hold() }()
	return ch
}

// waits fails the test if the hold behind ch got the processors within
// 200ms.
func waits(t *testing.T, ch <-chan func(), what string) {
	t.Helper()
	select {
	case release := <-ch:
		release()
		t.Fatalf("%s did not wait", what)
	case <-time.After(200 * time.Millisecond):
	}
}

// gets returns the release function of the hold behind ch, failing the
// test if it did not get the processors within 5s.
func gets(t *testing.T, ch <-chan func(), what string) func() {
	t.Helper()
	select {
	case release := <-ch:
		return release
	case <-time.After(5 * time.Second):
		t.Fatalf("%s did not get the processors", what)
		return nil
	}
}

// holdBuild returns a hold function for HoldBuild that also sends the CPUs it
// was given on on.
func holdBuild(p *Processors, on chan<- procgroup.CPUSet) func() func() {
	return func() func() {
		set, release := p.HoldBuild()
		on <- set
		return release
	}
}

func TestAloneWaitsForShared(t *testing.T) {
	p := NewProcessors(2)
	ordinary := p.Hold(false)
	alone := start(func() func() { return p.Hold(true) })
	waits(t, alone, "an alone trial beside an ordinary one")
	ordinary()
	release := gets(t, alone, "the alone trial once the ordinary one ended")

	shared := start(func() func() { return p.Hold(false) })
	waits(t, shared, "an ordinary trial beside an alone one")
	release()
	first := gets(t, shared, "an ordinary trial after the alone one")
	defer first()
	second := start(func() func() { return p.Hold(false) })
	gets(t, second, "an ordinary trial beside another")()
}

// TestBuildBesideOneCPUTrial checks that a build runs beside an alone
// trial pinned to the first CPU, on the CPUs after it, while ordinary
// trials and an alone trial that needs every CPU wait for both.
func TestBuildBesideOneCPUTrial(t *testing.T) {
	p := NewProcessors(2)
	alone := p.HoldCPUs(1)
	on := make(chan procgroup.CPUSet, 1)
	building := gets(t, start(holdBuild(p, on)), "a build beside a one-CPU alone trial")
	if got := <-on; got != procgroup.CPUsAfter(1) {
		t.Fatalf("the build beside a one-CPU trial got %s, want %s", got, procgroup.CPUsAfter(1))
	}
	ordinary := start(func() func() { return p.Hold(false) })
	waits(t, ordinary, "an ordinary trial beside a one-CPU alone trial")
	alone()
	// The ordinary trial that waited goes first; it may share the
	// machine with the build.
	gets(t, ordinary, "the ordinary trial after the one-CPU trial, beside a build")()

	// The next one-CPU trial needs only the first CPU: the build on the
	// second does not keep it back. One needing every CPU waits for both.
	next := gets(t, start(func() func() { return p.HoldCPUs(1) }), "a one-CPU alone trial beside a build on the other CPU")
	all := start(func() func() { return p.HoldCPUs(2) })
	waits(t, all, "an alone trial on every CPU beside a one-CPU trial and a build")
	next()
	waits(t, all, "an alone trial on every CPU beside a build")
	building()
	gets(t, all, "the alone trial on every CPU once the build ended")()

	// With nothing alone, a build shares every CPU.
	gets(t, start(holdBuild(p, on)), "a build with nothing alone")()
	if got := <-on; got != (procgroup.CPUSet{}) {
		t.Fatalf("a build with nothing alone got %s, want every CPU", got)
	}
}

// TestWaitingAloneKeepsBuildsBack checks that a build does not start
// beside a one-CPU trial while an alone trial that needs every CPU waits:
// it would delay that trial.
func TestWaitingAloneKeepsBuildsBack(t *testing.T) {
	p := NewProcessors(2)
	one := p.HoldCPUs(1)
	all := start(func() func() { return p.HoldCPUs(0) })
	waits(t, all, "an alone trial on every CPU beside a one-CPU trial")
	on := make(chan procgroup.CPUSet, 1)
	b := start(holdBuild(p, on))
	waits(t, b, "a build beside a one-CPU trial while an alone trial on every CPU waits")
	ctx, cancel := context.WithCancel(context.Background())
	beside := make(chan bool, 1)
	go func() {
		_, release, ok := p.HoldBeside(ctx)
		if ok {
			release()
		}
		beside <- ok
	}()
	one()
	release := gets(t, all, "the waiting alone trial on every CPU")
	waits(t, b, "a build beside an alone trial on every CPU")
	release()
	gets(t, b, "the build once no alone trial runs")()
	cancel()
	select {
	case ok := <-beside:
		if ok {
			t.Fatal("HoldBeside held with no one-CPU alone trial running")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("HoldBeside did not return when its context ended")
	}
}

// TestOneCPUMachine checks that on a machine with one CPU a one-CPU alone
// trial holds the machine: nothing runs beside it.
func TestOneCPUMachine(t *testing.T) {
	p := NewProcessors(1)
	alone := p.HoldCPUs(1)
	on := make(chan procgroup.CPUSet, 1)
	b := start(holdBuild(p, on))
	waits(t, b, "a build beside an alone trial on the only CPU")
	alone()
	gets(t, b, "the build after it")()
}

// TestHoldFor checks which hold each kind of trial takes: an alone
// probe's trial pinned to one CPU leaves the other to builds, a timing
// probe's never does.
func TestHoldFor(t *testing.T) {
	saved := CPUs
	defer func() { CPUs = saved }()
	tests := []struct {
		name   string
		probe  catalogue.Probe
		procs  int
		beside bool // a build runs beside the trial
		shared bool // an ordinary trial runs beside it
	}{
		{"ordinary", catalogue.Probe{Name: "p"}, catalogue.ProcsAll, false, true},
		{"alone", catalogue.Probe{Name: "p", Alone: true}, catalogue.ProcsAll, false, false},
		{"alone one CPU", catalogue.Probe{Name: "p", Alone: true}, 1, true, false},
		{"timing one CPU", catalogue.Probe{Name: "p", Alone: true, Trials: 5, Exactly: true}, 1, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			CPUs = NewProcessors(2)
			release := holdFor(Task{Probe: tt.probe, Procs: tt.procs})
			defer release()
			on := make(chan procgroup.CPUSet, 1)
			b := start(holdBuild(CPUs, on))
			o := start(func() func() { return CPUs.Hold(false) })
			if tt.beside {
				gets(t, b, "a build")()
			} else if !tt.shared {
				waits(t, b, "a build")
			}
			if tt.shared {
				gets(t, o, "an ordinary trial")()
			} else {
				waits(t, o, "an ordinary trial")
			}
		})
	}
}
