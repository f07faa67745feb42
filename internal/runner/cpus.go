package runner

import (
	"context"
	"runtime"
	"sync"

	"github.com/maplab/maplab/internal/procgroup"
)

// CPUs guards the machine's processors for every run, benchmark and test
// in this process: ordinary trials and builds share them, a trial of a
// probe marked maplab:alone has them to itself, or, when it runs at
// GOMAXPROCS=n pinned to the first n CPUs, has those n to itself while
// builds may use the others. It is the one lock behind maplab:alone.
var CPUs = NewProcessors(runtime.NumCPU())

// Processors is a lock over the machine's processors. Three kinds of
// holder take it:
//
//   - Shared (Hold(false)): an ordinary trial or a build, on any CPU.
//     Shared holders run side by side.
//   - Alone (Hold(true), HoldCPUs): a trial of a maplab:alone probe. It
//     waits until no one else holds the CPUs it needs: every CPU, or, for
//     a trial pinned to the first n CPUs (GOMAXPROCS=n, procgroup.FirstCPUs)
//     with n below the machine's count, those n. One alone trial runs at a
//     time.
//   - Beside (HoldBuild, HoldBeside): a build pinned to the CPUs a
//     running alone trial leaves free (procgroup.CPUsAfter). It changes
//     nothing on the alone trial's CPUs.
//
// A waiting alone trial keeps back new shared holders and every beside
// holder that would use CPUs it needs, so that it is not starved by a
// stream of ordinary trials or builds.
type Processors struct {
	ncpu int

	mu      sync.Mutex
	cond    *sync.Cond
	shared  int         // shared holders running
	alone   int         // CPUs of the alone trial running (the first alone); 0 when none
	beside  map[int]int // beside holders running, by the number of first CPUs they leave out
	waiting map[int]int // alone trials waiting, by the number of CPUs they need
}

// NewProcessors returns the lock over a machine with ncpu processors.
func NewProcessors(ncpu int) *Processors {
	if ncpu < 1 {
		ncpu = 1
	}
	p := &Processors{ncpu: ncpu, beside: map[int]int{}, waiting: map[int]int{}}
	p.cond = sync.NewCond(&p.mu)
	return p
}

// Hold takes the processors, every one to itself when alone and shared
// otherwise, and returns the function that gives them back.
func (p *Processors) Hold(alone bool) (release func()) {
	if alone {
		return p.HoldCPUs(0)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for !p.sharable() {
		p.cond.Wait()
	}
	p.shared++
	return p.releaser(func() { p.shared-- })
}

// HoldCPUs takes the first cpus processors to itself, for an alone trial
// pinned to them; cpus of 0, or of the machine's count or more, takes
// every processor. It returns the function that gives them back.
func (p *Processors) HoldCPUs(cpus int) (release func()) {
	if cpus <= 0 || cpus > p.ncpu {
		cpus = p.ncpu
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.waiting[cpus]++
	for p.alone > 0 || p.shared > 0 || p.besideWithin(cpus) {
		p.cond.Wait()
	}
	p.waiting[cpus]--
	p.alone = cpus
	// A trial on the first CPUs lets builds wait for room beside it start.
	p.cond.Broadcast()
	return p.releaser(func() { p.alone = 0 })
}

// HoldBuild takes processors for a build and returns the CPUs the build
// is to run on: every CPU, shared with ordinary trials, when no alone
// trial runs or waits; the CPUs after an alone trial's when one runs
// pinned to the first CPUs and no waiting alone trial needs more.
func (p *Processors) HoldBuild() (procgroup.CPUSet, func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if p.sharable() {
			p.shared++
			return procgroup.CPUSet{}, p.releaser(func() { p.shared-- })
		}
		if set, release, ok := p.besideLocked(); ok {
			return set, release
		}
		p.cond.Wait()
	}
}

// HoldBeside waits until an alone trial runs pinned to the first CPUs
// with no waiting alone trial needing more, and then takes the CPUs after
// it for a build, like HoldBuild; it never takes a share of every CPU. It
// returns ok false, holding nothing, once ctx is done.
func (p *Processors) HoldBeside(ctx context.Context) (set procgroup.CPUSet, release func(), ok bool) {
	stop := context.AfterFunc(ctx, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.cond.Broadcast()
	})
	defer stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	for ctx.Err() == nil {
		if set, release, ok := p.besideLocked(); ok {
			return set, release, true
		}
		p.cond.Wait()
	}
	return procgroup.CPUSet{}, nil, false
}

// sharable reports whether a shared holder may start: no alone trial runs
// or waits.
func (p *Processors) sharable() bool {
	return p.alone == 0 && !p.waitingBeyond(0)
}

// besideLocked takes the CPUs after the running alone trial's when it
// leaves some free and no waiting alone trial needs them.
func (p *Processors) besideLocked() (procgroup.CPUSet, func(), bool) {
	k := p.alone
	if k == 0 || k >= p.ncpu || p.waitingBeyond(k) {
		return procgroup.CPUSet{}, nil, false
	}
	p.beside[k]++
	return procgroup.CPUsAfter(k), p.releaser(func() { p.beside[k]-- }), true
}

// waitingBeyond reports whether an alone trial that needs more than the
// first k CPUs is waiting.
func (p *Processors) waitingBeyond(k int) bool {
	for cpus, n := range p.waiting {
		if n > 0 && cpus > k {
			return true
		}
	}
	return false
}

// besideWithin reports whether a beside holder runs on any of the first
// cpus CPUs.
func (p *Processors) besideWithin(cpus int) bool {
	for k, n := range p.beside {
		if n > 0 && k < cpus {
			return true
		}
	}
	return false
}

// releaser returns the function that undoes a hold with undo, once, and
// wakes the waiters.
func (p *Processors) releaser(undo func()) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			undo()
			p.cond.Broadcast()
		})
	}
}
