//go:build unix

package trial

import (
	"context"
	"fmt"
	"os/exec"
	"syscall"
	"time"

	"github.com/maplab/maplab/internal/procgroup"
)

// Run runs one trial described by s and reports what happened. The process
// gets its own process group (see package procgroup, which also makes the
// group die with the lab); when s.Timeout elapses or ctx is done the whole
// group is killed with SIGKILL, so children the probe started die too. When
// the probe exits on its own, whatever is left of its group is killed as
// well.
//
// When ctx is done first, Result reports the kill (Signal "SIGKILL",
// TimedOut false) and callers tell cancellation apart with ctx.Err().
//
// Run returns an error only when the process could not be started,
// including when ctx is already done.
func Run(ctx context.Context, s Spec) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("running %s: %w", s.Path, err)
	}
	limit := s.OutputCap
	if limit <= 0 {
		limit = DefaultOutputCap
	}
	stdout := &headWriter{max: limit}
	stderr := &headWriter{max: limit}

	cmd := exec.Command(s.Path, s.Args...)
	cmd.Env = s.Env
	if cmd.Env == nil {
		cmd.Env = []string{}
	}
	cmd.Dir = s.Dir
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	cmd.WaitDelay = waitDelay

	start := time.Now()
	g, affinity, err := procgroup.StartLimited(cmd, procgroup.FirstCPUs(s.CPUs))
	if err != nil {
		return Result{}, fmt.Errorf("running %s: %w", s.Path, err)
	}

	var timeout <-chan time.Time
	if s.Timeout > 0 {
		timer := time.NewTimer(s.Timeout)
		defer timer.Stop()
		timeout = timer.C
	}
	timedOut := false
	select {
	case <-g.Exited():
	case <-timeout:
		timedOut = true
		g.Kill()
		<-g.Exited()
	case <-ctx.Done():
		g.Kill()
		<-g.Exited()
	}
	elapsed := time.Since(start)
	// Close kills what is left of the group (children of a probe that
	// exited), so they cannot keep the output pipes open or outlive the
	// trial, and reaps the probe. Its error is ignored: it is an
	// *exec.ExitError for a non-zero exit or a signal, or
	// exec.ErrWaitDelay when a descendant that escaped the group held a
	// pipe open, and ProcessState describes both. Copying from the pipes
	// cannot fail with writers that never fail.
	_ = g.Close()

	r := Result{
		TimedOut:  timedOut,
		Stdout:    stdout.buf,
		Stderr:    stderr.buf,
		Truncated: stdout.truncated || stderr.truncated,
		Affinity:  affinity,
		Elapsed:   elapsed,
	}
	r.ExitCode = -1
	if st := cmd.ProcessState; st != nil {
		if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.Signal = SignalName(ws.Signal())
		} else {
			r.ExitCode = st.ExitCode()
		}
	}
	return r, nil
}

// signalNames maps the signals a trial may die of to their conventional
// names.
var signalNames = map[syscall.Signal]string{
	syscall.SIGABRT: "SIGABRT",
	syscall.SIGALRM: "SIGALRM",
	syscall.SIGBUS:  "SIGBUS",
	syscall.SIGFPE:  "SIGFPE",
	syscall.SIGHUP:  "SIGHUP",
	syscall.SIGILL:  "SIGILL",
	syscall.SIGINT:  "SIGINT",
	syscall.SIGKILL: "SIGKILL",
	syscall.SIGPIPE: "SIGPIPE",
	syscall.SIGQUIT: "SIGQUIT",
	syscall.SIGSEGV: "SIGSEGV",
	syscall.SIGSYS:  "SIGSYS",
	syscall.SIGTERM: "SIGTERM",
	syscall.SIGTRAP: "SIGTRAP",
	syscall.SIGUSR1: "SIGUSR1",
	syscall.SIGUSR2: "SIGUSR2",
	syscall.SIGXCPU: "SIGXCPU",
	syscall.SIGXFSZ: "SIGXFSZ",
}

// SignalName returns the conventional name of sig, such as "SIGSEGV", or
// "signal N" for a signal without one.
func SignalName(sig syscall.Signal) string {
	if name, ok := signalNames[sig]; ok {
		return name
	}
	return fmt.Sprintf("signal %d", int(sig))
}
