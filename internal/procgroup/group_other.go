//go:build !unix

package procgroup

import (
	"os/exec"
	"sync"
)

// Group is a started command. On this platform it has no process group:
// Kill ends the command only, and nothing ends it when the lab dies.
type Group struct {
	cmd       *exec.Cmd
	exited    chan struct{}
	waitErr   error
	closeOnce sync.Once
}

// StartLimited is Start; this platform sets no CPU affinity, so it reports
// false.
func StartLimited(cmd *exec.Cmd, set CPUSet) (*Group, bool, error) {
	g, err := Start(cmd)
	return g, false, err
}

// Start starts cmd. This platform has neither process groups nor
// Pdeathsig (see the package comment).
func Start(cmd *exec.Cmd) (*Group, error) {
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	g := &Group{cmd: cmd, exited: make(chan struct{})}
	go func() {
		defer close(g.exited)
		g.waitErr = cmd.Wait()
	}()
	return g, nil
}

// Pid returns the command's process id.
func (g *Group) Pid() int { return g.cmd.Process.Pid }

// Exited returns a channel that is closed when the command has exited.
func (g *Group) Exited() <-chan struct{} { return g.exited }

// Kill kills the command (not its children: there is no group).
func (g *Group) Kill() { _ = g.cmd.Process.Kill() }

// Close kills the command, waits for it and returns the error of
// cmd.Wait.
func (g *Group) Close() error {
	g.closeOnce.Do(func() {
		g.Kill()
		<-g.exited
	})
	return g.waitErr
}

// Main reports false: this platform has no reaper.
func Main() bool { return false }

// ReaperPID returns 0: this platform has no reaper.
func ReaperPID() int { return 0 }
