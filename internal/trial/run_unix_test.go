//go:build unix

package trial

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// helperEnv selects a helper behaviour when the test binary runs itself.
const helperEnv = "MAPLAB_TRIAL_HELPER"

// helpers are the behaviours the test binary can take on as a trial.
var helpers = map[string]func(){
	// sleep never returns.
	"sleep": func() { time.Sleep(time.Hour) },
	// hang starts a sleeping child, prints its pid and never returns.
	"hang": func() {
		startChild()
		time.Sleep(time.Hour)
	},
	// orphan starts a sleeping child, prints its pid and exits at once,
	// leaving the child holding stdout and stderr open.
	"orphan": func() {
		startChild()
		os.Exit(0)
	},
	// flood writes 100 MB to stderr and a short line to stdout.
	"flood": func() {
		chunk := bytes.Repeat([]byte("0123456789abcdef"), 4096) // 64 KiB
		for i := 0; i < 1600; i++ {                             // 100 MiB
			if _, err := os.Stderr.Write(chunk); err != nil {
				os.Exit(9)
			}
		}
		fmt.Println("flooded")
	},
	// exit3 prints on both streams and exits with status 3.
	"exit3": func() {
		fmt.Println("out")
		fmt.Fprintln(os.Stderr, "err")
		os.Exit(3)
	},
	// selfkill kills itself with SIGKILL.
	"selfkill": func() {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		time.Sleep(time.Hour)
	},
	// env prints its environment, one entry a line.
	"env": func() {
		for _, kv := range os.Environ() {
			fmt.Println(kv)
		}
	},
}

// startChild starts the test binary as a sleeping child, which inherits the
// helper's process group and output, and prints "child PID".
func startChild() {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), helperEnv+"=sleep")
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(8)
	}
	fmt.Printf("child %d\n", cmd.Process.Pid)
}

func TestMain(m *testing.M) {
	if name := os.Getenv(helperEnv); name != "" {
		h, ok := helpers[name]
		if !ok {
			fmt.Fprintf(os.Stderr, "unknown helper %q\n", name)
			os.Exit(7)
		}
		h()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// missing skips the test for want of a program, or fails it when
// MAPLAB_REQUIRE_ALL=1 (as in CI).
func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("MAPLAB_REQUIRE_ALL") == "1" {
		t.Fatal(why + " (MAPLAB_REQUIRE_ALL=1)")
	}
	t.Skip(why)
}

// helperSpec returns a Spec that runs the named helper.
func helperSpec(name string, timeout time.Duration) Spec {
	return Spec{
		Path:    os.Args[0],
		Env:     CleanEnv(helperEnv + "=" + name),
		Timeout: timeout,
	}
}

// childPID returns the pid a helper printed with startChild.
func childPID(t *testing.T, stdout []byte) int {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(stdout))
	for sc.Scan() {
		if s, ok := strings.CutPrefix(sc.Text(), "child "); ok {
			pid, err := strconv.Atoi(s)
			if err != nil {
				t.Fatalf("bad child line %q", sc.Text())
			}
			return pid
		}
	}
	t.Fatalf("helper printed no child pid; stdout %q", stdout)
	return 0
}

// alive reports whether pid is a running (not zombie) process. Orphans are
// reaped by pid 1, which in containers may never do so, so a zombie counts
// as dead.
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	if runtime.GOOS != "linux" {
		return true
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 || i+2 >= len(stat) {
		return true
	}
	state := stat[i+2]
	return state != 'Z' && state != 'X'
}

// assertGone fails unless pid stops running shortly. SIGKILL is delivered
// asynchronously, so the check polls briefly.
func assertGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for alive(pid) {
		if time.Now().After(deadline) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("child %d still running after the trial", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestRunTimeoutKillsGroup(t *testing.T) {
	const timeout = time.Second
	start := time.Now()
	r, err := Run(context.Background(), helperSpec("hang", timeout))
	wall := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if !r.TimedOut {
		t.Errorf("TimedOut = false, want true (result %+v)", r)
	}
	if r.ExitCode != -1 || r.Signal != "SIGKILL" {
		t.Errorf("exit %d signal %q, want -1 SIGKILL", r.ExitCode, r.Signal)
	}
	if wall > timeout+time.Second || r.Elapsed > timeout+time.Second {
		t.Errorf("Run took %v (Elapsed %v), want at most %v", wall, r.Elapsed, timeout+time.Second)
	}
	if r.Elapsed < timeout {
		t.Errorf("Elapsed %v, shorter than the timeout %v", r.Elapsed, timeout)
	}
	assertGone(t, childPID(t, r.Stdout))
}

func TestRunCancelKillsGroup(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const after = 500 * time.Millisecond
	time.AfterFunc(after, cancel)
	start := time.Now()
	r, err := Run(ctx, helperSpec("hang", time.Minute))
	wall := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if r.TimedOut {
		t.Errorf("TimedOut = true after a cancel, want false")
	}
	if r.Signal != "SIGKILL" {
		t.Errorf("signal %q, want SIGKILL", r.Signal)
	}
	if wall > after+time.Second {
		t.Errorf("Run returned %v after start, want within a second of the cancel at %v", wall, after)
	}
	assertGone(t, childPID(t, r.Stdout))
}

func TestRunCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, helperSpec("exit3", time.Minute)); !errors.Is(err, context.Canceled) {
		t.Errorf("Run with a done context: err = %v, want context.Canceled", err)
	}
}

func TestRunKillsLeftoverChildren(t *testing.T) {
	// The helper exits at once but its child holds the output pipes: Run
	// must neither wait for the child nor leave it running.
	start := time.Now()
	r, err := Run(context.Background(), helperSpec("orphan", time.Minute))
	wall := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if r.ExitCode != 0 || r.Signal != "" || r.TimedOut {
		t.Errorf("result %+v, want a normal exit 0", r)
	}
	if wall > 5*time.Second {
		t.Errorf("Run took %v for a helper that exits at once", wall)
	}
	assertGone(t, childPID(t, r.Stdout))
}

func TestRunFloodKeepsHeadOnly(t *testing.T) {
	const limit = 64 << 10
	spec := helperSpec("flood", time.Minute)
	spec.OutputCap = limit

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r, err := Run(context.Background(), spec)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if r.ExitCode != 0 {
		t.Fatalf("flood helper exited %d (signal %q): %.200s", r.ExitCode, r.Signal, r.Stderr)
	}
	if len(r.Stderr) != limit {
		t.Errorf("len(Stderr) = %d, want %d", len(r.Stderr), limit)
	}
	if !bytes.HasPrefix(r.Stderr, []byte("0123456789abcdef0123")) {
		t.Errorf("Stderr does not start with the flood's first bytes: %.40q", r.Stderr)
	}
	if !r.Truncated {
		t.Error("Truncated = false, want true")
	}
	if got := string(r.Stdout); got != "flooded\n" {
		t.Errorf("Stdout = %q, want %q", got, "flooded\n")
	}
	// TotalAlloc counts every byte allocated, freed or not, so it shows a
	// buffer that grew with the output even if the GC has since reclaimed it.
	const most = 50 << 20
	if d := after.TotalAlloc - before.TotalAlloc; d > most {
		t.Errorf("Run allocated %d MB for 100 MB of output, want < %d MB", d>>20, most>>20)
	}
	if after.HeapInuse > before.HeapInuse && after.HeapInuse-before.HeapInuse > most {
		t.Errorf("HeapInuse grew by %d MB, want < %d MB", (after.HeapInuse-before.HeapInuse)>>20, most>>20)
	}
	if after.Sys > before.Sys && after.Sys-before.Sys > most {
		t.Errorf("Sys grew by %d MB, want < %d MB", (after.Sys-before.Sys)>>20, most>>20)
	}
}

func TestRunExitStatus(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		missing(t, "no sh on PATH for the SIGSEGV case")
	}
	tests := []struct {
		name       string
		spec       Spec
		wantCode   int
		wantSignal string
		wantStdout string
		wantStderr string
	}{
		{"normal exit", helperSpec("env", time.Minute), 0, "", "", ""},
		{"exit 3", helperSpec("exit3", time.Minute), 3, "", "out\n", "err\n"},
		{"SIGKILL", helperSpec("selfkill", time.Minute), -1, "SIGKILL", "", ""},
		// A Go program cannot die of SIGSEGV (the runtime turns it into a
		// panic or exit status 2), so a shell kills itself instead.
		{"SIGSEGV", Spec{Path: sh, Args: []string{"-c", "echo before; kill -s SEGV $$; echo after"}, Timeout: time.Minute},
			-1, "SIGSEGV", "before\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Run(context.Background(), tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			if r.ExitCode != tt.wantCode || r.Signal != tt.wantSignal || r.TimedOut {
				t.Errorf("exit %d signal %q timed out %v, want exit %d signal %q", r.ExitCode, r.Signal, r.TimedOut, tt.wantCode, tt.wantSignal)
			}
			if tt.wantStdout != "" && string(r.Stdout) != tt.wantStdout {
				t.Errorf("Stdout = %q, want %q", r.Stdout, tt.wantStdout)
			}
			if tt.wantStderr != "" && string(r.Stderr) != tt.wantStderr {
				t.Errorf("Stderr = %q, want %q", r.Stderr, tt.wantStderr)
			}
			if r.Truncated {
				t.Error("Truncated = true for short output")
			}
		})
	}
}

func TestRunEnvIsExplicit(t *testing.T) {
	t.Setenv("MAPLAB_TRIAL_LEAK", "1")
	r, err := Run(context.Background(), Spec{Path: os.Args[0], Env: []string{helperEnv + "=env"}, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(r.Stdout), helperEnv+"=env\n"; got != want {
		t.Errorf("trial environment %q, want exactly %q", got, want)
	}

	envPath, err := exec.LookPath("env")
	if err != nil {
		missing(t, "no env command on PATH for the nil Env case")
	}
	r, err = Run(context.Background(), Spec{Path: envPath, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Stdout) != 0 || r.ExitCode != 0 {
		t.Errorf("nil Env: env printed %q (exit %d), want an empty environment", r.Stdout, r.ExitCode)
	}
}

func TestRunDir(t *testing.T) {
	pwd, err := exec.LookPath("pwd")
	if err != nil {
		missing(t, "no pwd command on PATH")
	}
	dir := t.TempDir()
	r, err := Run(context.Background(), Spec{Path: pwd, Args: []string{"-P"}, Dir: dir, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	want, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(r.Stdout)); got != want {
		t.Errorf("pwd in the trial = %q, want %q", got, want)
	}
}

func TestRunStartError(t *testing.T) {
	_, err := Run(context.Background(), Spec{Path: "/nonexistent/probe", Timeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/probe") {
		t.Errorf("Run of a missing binary: err = %v, want an error naming the path", err)
	}
}

func TestSignalName(t *testing.T) {
	tests := []struct {
		sig  syscall.Signal
		want string
	}{
		{syscall.SIGSEGV, "SIGSEGV"},
		{syscall.SIGABRT, "SIGABRT"},
		{syscall.Signal(64), "signal 64"},
	}
	for _, tt := range tests {
		if got := SignalName(tt.sig); got != tt.want {
			t.Errorf("SignalName(%d) = %q, want %q", int(tt.sig), got, tt.want)
		}
	}
}
