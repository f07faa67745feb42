// Package trial runs one trial of a prebuilt probe binary: it starts the
// binary in its own process group with an explicit environment, keeps the
// head of its output, and kills the whole group when the trial times out or
// is cancelled.
//
// Run never uses a shell, never lets a probe's output grow the caller's
// memory beyond Spec.OutputCap per stream, and returns within about a second
// of the timeout even when the probe leaves children behind that hold its
// output pipes open.
package trial

import (
	"os"
	"strings"
	"time"
)

// DefaultOutputCap is the number of bytes kept per output stream when
// Spec.OutputCap is zero.
const DefaultOutputCap = 64 << 10

// waitDelay bounds how long Run waits for the output pipes to close after the
// probe's process group is gone. It only matters when a descendant escaped the
// group (for example with setsid) and still holds a pipe.
const waitDelay = 500 * time.Millisecond

// Spec describes one trial.
type Spec struct {
	// Path is the binary to run; it is started directly, never by a shell.
	Path string
	// Args are the arguments after the program name.
	Args []string
	// Env is the complete environment of the trial. A nil Env means an empty
	// environment, not the caller's: use CleanEnv to build one.
	Env []string
	// Dir is the working directory; empty means the caller's.
	Dir string
	// Timeout bounds the trial's wall time. Zero or negative means no timeout
	// other than the context's.
	Timeout time.Duration
	// OutputCap is the number of bytes kept from the head of each of stdout
	// and stderr. The rest is read and discarded. Zero or negative means
	// DefaultOutputCap.
	OutputCap int
	// CPUs, when positive, limits the trial to that many CPUs the way a
	// container or taskset would: where the platform allows (Linux), the
	// process starts with a CPU affinity of the first CPUs the caller may
	// use, so the kernel runs it on those only and the Go runtime counts
	// only those. Result.Affinity tells whether it was applied. The
	// GOMAXPROCS variable is the caller's to set in Env.
	CPUs int
}

// Result is what one trial did.
type Result struct {
	// ExitCode is the exit status, or -1 if the process was killed by a
	// signal.
	ExitCode int
	// Signal names the signal that killed the process, e.g. "SIGSEGV" or
	// "SIGKILL"; empty for a normal exit.
	Signal string
	// TimedOut is set when the trial exceeded Spec.Timeout and its process
	// group was killed (Signal is then "SIGKILL").
	TimedOut bool
	// Stdout and Stderr are the heads of the two streams, at most
	// Spec.OutputCap bytes each.
	Stdout, Stderr []byte
	// Truncated is set when either stream was longer than Spec.OutputCap.
	Truncated bool
	// Affinity is set when the process started with the CPU affinity that
	// Spec.CPUs asked for.
	Affinity bool
	// Elapsed is the time from start until the process exited or was killed.
	Elapsed time.Duration
}

// keptEnv lists the variables CleanEnv copies from the caller's environment.
var keptEnv = []string{"PATH", "HOME", "TMPDIR", "USER", "LANG", "LC_ALL", "LC_CTYPE"}

// RaceEnv is the GORACE setting CleanEnv gives every trial. It pins the race
// detector's exit status to 66 (its default, made explicit so a GORACE in the
// caller's environment cannot change it) and lets the program continue after
// the first report, so a race report and a later fatal error are both seen.
// atexit_sleep_ms=0 drops the race runtime's default one-second pause before
// exit, which would otherwise make every race trial last a second; probes
// wait for their own goroutines before they exit, so no report is lost.
const RaceEnv = "GORACE=exitcode=66 halt_on_error=0 atexit_sleep_ms=0"

// CleanEnv returns a minimal environment for a trial: PATH, HOME, TMPDIR,
// USER, LANG, LC_ALL and LC_CTYPE copied from the current process when set,
// then RaceEnv, then extra. Everything else is dropped, in particular
// GOTRACEBACK, GODEBUG, GOMAXPROCS, GOGC and GOEXPERIMENT, so that a probe
// sees the runtime defaults unless extra sets them. A later entry for the same
// name replaces an earlier one, so extra can override anything, including
// GORACE.
func CleanEnv(extra ...string) []string {
	return cleanEnv(os.Environ(), extra...)
}

func cleanEnv(environ []string, extra ...string) []string {
	var env []string
	for _, name := range keptEnv {
		for i := len(environ) - 1; i >= 0; i-- {
			if v, ok := strings.CutPrefix(environ[i], name+"="); ok {
				env = append(env, name+"="+v)
				break
			}
		}
	}
	env = append(env, RaceEnv)
	env = append(env, extra...)
	return dedupEnv(env)
}

// dedupEnv removes entries whose name appears again later, keeping the order
// of the entries that remain.
func dedupEnv(env []string) []string {
	last := make(map[string]int, len(env))
	for i, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		last[name] = i
	}
	out := env[:0:0]
	for i, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if last[name] == i {
			out = append(out, kv)
		}
	}
	return out
}

// headWriter keeps the first max bytes written to it and counts the rest.
// Its Write never fails, so the copying goroutine keeps draining the pipe.
type headWriter struct {
	max       int
	buf       []byte
	truncated bool
}

func (w *headWriter) Write(p []byte) (int, error) {
	if room := w.max - len(w.buf); room > 0 {
		if len(p) <= room {
			w.buf = append(w.buf, p...)
			return len(p), nil
		}
		w.buf = append(w.buf, p[:room]...)
	}
	if len(p) > 0 {
		w.truncated = true
	}
	return len(p), nil
}
