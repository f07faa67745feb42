//go:build unix

package procgroup

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"sync"
	"syscall"
)

// reaperEnv is set in the environment of a reaper; the read end of its
// pipe from the lab is file descriptor reaperFD.
const (
	reaperEnv = "MAPLAB_PROCGROUP_REAPER"
	reaperFD  = 3
)

// reaper is this process's reaper, started at the first Start after Main.
var reaper struct {
	mu      sync.Mutex
	enabled bool     // Main was called: this program can run as a reaper
	started bool     // startReaper was tried
	w       *os.File // the pipe to the reaper; nil when there is none
	pid     int
}

// Main must be called first thing in the main function of a program that
// starts groups, and in TestMain of a test binary that wants the reaper.
// When this process was started as a reaper it runs the reaper until the
// lab that started it is gone and returns true: the caller must then exit
// at once, with status 0. Otherwise it enables the reaper for the groups
// Start starts from now on and returns false.
func Main() (isReaper bool) {
	if os.Getenv(reaperEnv) == "" {
		reaper.mu.Lock()
		reaper.enabled = true
		reaper.mu.Unlock()
		return false
	}
	in := os.NewFile(reaperFD, "lab")
	// The terminal's signals are for the lab; the reaper ends when the
	// lab does.
	signal.Ignore(syscall.SIGINT, syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGTERM)
	for _, pgid := range Reap(in) {
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	}
	return true
}

// ReaperPID returns the process id of this process's reaper, or 0 when it
// has none (Main was not called, no group was started yet, or the reaper
// could not start or has died).
func ReaperPID() int {
	reaper.mu.Lock()
	defer reaper.mu.Unlock()
	if reaper.w == nil {
		return 0
	}
	return reaper.pid
}

// ensureReaper starts the reaper if it is enabled and not started yet.
// Start calls it before it starts a group, not after: starting the reaper
// forks and execs this program, which takes milliseconds on a busy
// machine, and a lab killed in that time would leave the first group's
// children without a reaper.
func ensureReaper() {
	reaper.mu.Lock()
	defer reaper.mu.Unlock()
	if reaper.enabled && !reaper.started {
		reaper.started = true
		startReaper()
	}
}

// watch tells the reaper that the group pgid started, starting the reaper
// first if it is not running yet.
func watch(pgid int) {
	reaper.mu.Lock()
	defer reaper.mu.Unlock()
	if !reaper.enabled {
		return
	}
	if !reaper.started {
		reaper.started = true
		startReaper()
	}
	send(fmt.Sprintf("+%d\n", pgid))
}

// unwatch tells the reaper that the group pgid is done.
func unwatch(pgid int) {
	reaper.mu.Lock()
	defer reaper.mu.Unlock()
	send(fmt.Sprintf("-%d\n", pgid))
}

// send writes msg to the reaper; reaper.mu must be held. A short message is
// written to a pipe in one piece. If the reaper is gone, the groups lose
// that guard and keep Pdeathsig.
func send(msg string) {
	if reaper.w == nil {
		return
	}
	if _, err := reaper.w.WriteString(msg); err != nil {
		reaper.w.Close()
		reaper.w = nil
	}
}

// startReaper starts this program's executable as the reaper, with the read
// end of a pipe as its file descriptor 3; reaper.mu must be held. The
// write end stays here, close-on-exec, so that only this process holds it
// and the kernel closes it when this process ends, however it ends. If the
// reaper cannot start, groups keep Pdeathsig alone.
func startReaper() {
	exe, err := os.Executable()
	if err != nil {
		return
	}
	r, w, err := os.Pipe()
	if err != nil {
		return
	}
	defer r.Close()
	cmd := &exec.Cmd{
		Path:       exe,
		Args:       []string{"maplab-reaper"},
		Env:        append(os.Environ(), reaperEnv+"=1"),
		ExtraFiles: []*os.File{r},
		// A group of its own: Ctrl-C and kills of the lab's group do not
		// reach it.
		SysProcAttr: &syscall.SysProcAttr{Setpgid: true},
	}
	if err := cmd.Start(); err != nil {
		w.Close()
		return
	}
	reaper.w, reaper.pid = w, cmd.Process.Pid
	// Reap the reaper if it ends before this process does.
	go cmd.Wait()
}
