//go:build unix

package procgroup

import (
	"os/exec"
	"runtime"
	"sync"
	"syscall"
)

// Group is a started command, the leader of its own process group.
type Group struct {
	cmd  *exec.Cmd
	pgid int

	exited  chan struct{}
	reaped  bool  // set before exited is closed when the leader was reaped
	waitErr error // cmd.Wait's error once reaped

	closeOnce sync.Once
}

// Start starts cmd as the leader of a new process group, with Pdeathsig
// where the platform has it, and registers the group with the reaper (see
// the package comment). It sets cmd.SysProcAttr, keeping nothing of a
// value already there.
//
// Once Start succeeds, the caller must call Close, which alone reaps the
// leader: never call cmd.Wait.
func Start(cmd *exec.Cmd) (*Group, error) {
	g, _, err := StartLimited(cmd, CPUSet{})
	return g, err
}

// StartLimited is Start with, unless set is the zero CPUSet, a CPU
// affinity of set's CPUs for the new process where the platform allows
// (see startPinned); it reports whether the affinity was set. Children
// inherit it: a go command's compile and link run on the same CPUs.
func StartLimited(cmd *exec.Cmd, set CPUSet) (*Group, bool, error) {
	attr := &syscall.SysProcAttr{Setpgid: true}
	setDeathSignal(attr)
	cmd.SysProcAttr = attr
	ensureReaper()
	var err error
	pinned := false
	onStarterThread(func() { pinned, err = startPinned(cmd, set) })
	if err != nil {
		return nil, false, err
	}
	g := &Group{cmd: cmd, pgid: cmd.Process.Pid, exited: make(chan struct{})}
	watch(g.pgid)
	go g.watchExit()
	return g, pinned, nil
}

// watchExit closes g.exited when the leader has exited. Where the platform
// allows (see waitExited) it does so without reaping the leader, whose
// zombie then keeps the process group id reserved until Close has killed
// what is left of the group: the kill cannot reach an unrelated group
// that was given the same id.
func (g *Group) watchExit() {
	defer close(g.exited)
	if waitExited(g.pgid) == nil {
		return
	}
	g.waitErr = g.cmd.Wait()
	g.reaped = true
}

// Pid returns the leader's process id, which is also the group's id.
func (g *Group) Pid() int { return g.pgid }

// Exited returns a channel that is closed when the leader has exited.
func (g *Group) Exited() <-chan struct{} { return g.exited }

// Kill sends SIGKILL to every process of the group. A group that no longer
// exists is not an error.
func (g *Group) Kill() { _ = syscall.Kill(-g.pgid, syscall.SIGKILL) }

// Close kills what is left of the group, waits for the leader to exit,
// tells the reaper the group is done and reaps the leader. It returns
// the error of cmd.Wait: an *exec.ExitError for a non-zero exit or a
// signal, or exec.ErrWaitDelay when a process that escaped the group held
// an output pipe open past cmd.WaitDelay. Close may be called more than
// once; later calls return the first call's error.
func (g *Group) Close() error {
	g.closeOnce.Do(func() {
		g.Kill()
		<-g.exited
		unwatch(g.pgid)
		if !g.reaped {
			g.waitErr = g.cmd.Wait()
			g.reaped = true
		}
	})
	return g.waitErr
}

// starter runs the functions given to onStarterThread on one goroutine
// locked to its operating system thread for the life of the process.
// Pdeathsig is sent when the thread that started the child ends (Linux
// ties it to the thread, not to the process), and the runtime ends a
// thread when a goroutine that locked it returns without unlocking it: a
// child started from an ordinary goroutine may run on such a thread later
// and be killed while the lab is alive. This thread never ends before the
// process does.
var starter struct {
	once sync.Once
	fns  chan func()
}

// onStarterThread runs f on the starter thread and returns when it is
// done.
func onStarterThread(f func()) {
	starter.once.Do(func() {
		starter.fns = make(chan func())
		go func() {
			runtime.LockOSThread()
			// Never unlocked, and the goroutine never returns.
			for f := range starter.fns {
				f()
			}
		}()
	})
	done := make(chan struct{})
	starter.fns <- func() {
		defer close(done)
		f()
	}
	<-done
}
