//go:build linux

package procgroup_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/procgroup"
)

// helperEnv selects a helper behaviour when the test binary runs itself;
// noReaperEnv makes it skip procgroup.Main, so that it has no reaper.
const (
	helperEnv   = "MAPLAB_PROCGROUP_HELPER"
	noReaperEnv = "MAPLAB_PROCGROUP_NO_REAPER"
)

// helpers are the behaviours the test binary can take on.
var helpers = map[string]func(){
	// sleep never returns.
	"sleep": func() { time.Sleep(time.Hour) },
	// parent starts a sleeping child in its own process group, prints
	// "parent PID child PID" and never returns.
	"parent": func() {
		fmt.Printf("parent %d child %d\n", os.Getpid(), startHelper("sleep"))
		time.Sleep(time.Hour)
	},
	// leave starts a sleeping child, prints "child PID" and exits at
	// once.
	"leave": func() {
		fmt.Printf("child %d\n", startHelper("sleep"))
		os.Exit(0)
	},
	// lab is a lab: it starts a parent helper with procgroup.Start,
	// prints "leader PID child PID reaper PID" and never returns.
	"lab": func() {
		cmd := helperCommand("parent")
		out, err := cmd.StdoutPipe()
		if err != nil {
			fail(err)
		}
		g, err := procgroup.Start(cmd)
		if err != nil {
			fail(err)
		}
		var parent, child int
		if _, err := fmt.Fscanf(bufio.NewReader(out), "parent %d child %d\n", &parent, &child); err != nil {
			fail(err)
		}
		fmt.Printf("leader %d child %d reaper %d\n", g.Pid(), child, procgroup.ReaperPID())
		time.Sleep(time.Hour)
	},
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(9)
}

// helperCommand returns a command running the named helper.
func helperCommand(name string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(append(os.Environ(), helperEnv+"="+name), env...)
	return cmd
}

// startHelper starts the named helper as a plain child of this process, in
// its process group, and returns its pid.
func startHelper(name string) int {
	cmd := helperCommand(name)
	if err := cmd.Start(); err != nil {
		fail(err)
	}
	return cmd.Process.Pid
}

func TestMain(m *testing.M) {
	// Keep the main thread to the main goroutine: the runtime never ends
	// the main thread, so TestThreadEndDoesNotKill needs its goroutine on
	// another one.
	runtime.LockOSThread()
	if os.Getenv(noReaperEnv) == "" && procgroup.Main() {
		return
	}
	if name := os.Getenv(helperEnv); name != "" {
		h, ok := helpers[name]
		if !ok {
			fail(fmt.Errorf("unknown helper %q", name))
		}
		h()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// alive reports whether pid is a live process (not a zombie) running this
// test binary; reading the command line guards against a recycled pid.
func alive(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	if i := bytes.LastIndexByte(stat, ')'); i >= 0 && i+2 < len(stat) && (stat[i+2] == 'Z' || stat[i+2] == 'X') {
		return false
	}
	exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	if err != nil {
		return false
	}
	self, _ := os.Executable()
	return exe == self
}

// survivors returns the pids still alive after waiting up to grace for
// them to die.
func survivors(pids []int, grace time.Duration) []int {
	deadline := time.Now().Add(grace)
	for {
		var left []int
		for _, p := range pids {
			if alive(p) {
				left = append(left, p)
			}
		}
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func killAll(pids []int) {
	for _, p := range pids {
		if alive(p) {
			syscall.Kill(p, syscall.SIGKILL)
		}
	}
}

// TestLabKilled checks what is left when a lab that started a group (a
// leader with a child of its own) dies of SIGKILL: with the reaper,
// nothing after a second; with Pdeathsig alone, the leader dies but its
// child lives on, which is why there is a reaper.
func TestLabKilled(t *testing.T) {
	tests := []struct {
		name        string
		env         []string
		childLives  bool
		wantReaper  bool
		description string
	}{
		{"with reaper", nil, false, true, "the reaper kills the group"},
		{"Pdeathsig alone", []string{noReaperEnv + "=1"}, true, false, "Pdeathsig reaches the leader only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lab := helperCommand("lab", tt.env...)
			out, err := lab.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			lab.Stderr = os.Stderr
			if err := lab.Start(); err != nil {
				t.Fatal(err)
			}
			var leader, child, reaperPID int
			if _, err := fmt.Fscanf(bufio.NewReader(out), "leader %d child %d reaper %d\n", &leader, &child, &reaperPID); err != nil {
				lab.Process.Kill()
				lab.Wait()
				t.Fatalf("reading the lab's report: %v", err)
			}
			pids := []int{leader, child}
			if reaperPID != 0 {
				pids = append(pids, reaperPID)
			}
			defer killAll(pids)
			if (reaperPID != 0) != tt.wantReaper {
				t.Fatalf("the lab's reaper is %d; want one: %v", reaperPID, tt.wantReaper)
			}
			if left := survivors(pids, 0); len(left) != len(pids) {
				t.Fatalf("before the kill only %v of %v are alive", left, pids)
			}
			lab.Process.Signal(syscall.SIGKILL)
			lab.Wait()
			if tt.childLives {
				// Give Pdeathsig the same second, then check the child
				// is still there.
				if left := survivors([]int{leader}, time.Second); len(left) > 0 {
					t.Errorf("the leader %d survived the lab: Pdeathsig did not reach it", leader)
				}
				if !alive(child) {
					t.Errorf("the leader's child %d died with the lab without a reaper; the reaper would not be needed", child)
				}
				return
			}
			if left := survivors(pids, time.Second); len(left) > 0 {
				t.Errorf("alive a second after the lab died of SIGKILL: %v (leader %d, child %d, reaper %d)", left, leader, child, reaperPID)
			}
		})
	}
}

// TestCloseKillsLeftovers checks that Close, after the leader exited on its
// own, kills the child it left in the group.
func TestCloseKillsLeftovers(t *testing.T) {
	cmd := helperCommand("leave")
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	cmd.WaitDelay = time.Second
	g, err := procgroup.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	<-g.Exited()
	// The child holds stdout open, so the pid is read after Close; find
	// it in /proc meanwhile, by its group.
	child := 0
	deadline := time.Now().Add(5 * time.Second)
	for child == 0 && time.Now().Before(deadline) {
		child = memberOf(g.Pid())
		time.Sleep(5 * time.Millisecond)
	}
	if err := g.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if child == 0 {
		t.Fatalf("found no member of group %d left by its leader; stdout %q", g.Pid(), stdout.String())
	}
	if left := survivors([]int{child}, 500*time.Millisecond); len(left) > 0 {
		t.Errorf("the child %d left by the leader survived Close", child)
	}
	if !strings.Contains(stdout.String(), fmt.Sprintf("child %d", child)) {
		t.Errorf("the leader's output %q does not name the child %d found in its group", stdout.String(), child)
	}
}

// memberOf returns a live process of group pgid other than its leader, or 0.
func memberOf(pgid int) int {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == pgid || !alive(pid) {
			continue
		}
		if p, err := syscall.Getpgid(pid); err == nil && p == pgid {
			return pid
		}
	}
	return 0
}

// TestRunCancelKillsGroup checks that Run returns soon after its context is
// cancelled, and that the command and its child, sent SIGKILL, are gone a
// second later.
func TestRunCancelKillsGroup(t *testing.T) {
	cmd := helperCommand("parent")
	pr, pw := io.Pipe()
	cmd.Stdout = pw
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- procgroup.Run(ctx, cmd); pw.Close() }()
	var parent, child int
	if _, err := fmt.Fscanf(bufio.NewReader(pr), "parent %d child %d\n", &parent, &child); err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	defer killAll([]int{parent, child})
	cancelled := time.Now()
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Error("Run of a killed command returned no error")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return within 5s of the cancellation")
	}
	t.Logf("Run returned %v after the cancellation", time.Since(cancelled).Round(time.Millisecond))
	if left := survivors([]int{parent, child}, time.Second); len(left) > 0 {
		t.Errorf("alive a second after Run returned: %v", left)
	}
}

// TestThreadEndDoesNotKill checks that a group started from a goroutine
// that locked its thread and then returned, which ends the thread, is not
// killed by Pdeathsig: Start starts every group from a thread that lives as
// long as the process.
func TestThreadEndDoesNotKill(t *testing.T) {
	started := make(chan *procgroup.Group, 1)
	go func() {
		runtime.LockOSThread()
		// Returning without UnlockOSThread ends this thread (not the main
		// thread, which TestMain keeps).
		if syscall.Gettid() == syscall.Getpid() {
			t.Error("the test runs on the main thread, which never ends")
		}
		g, err := procgroup.Start(helperCommand("sleep"))
		if err != nil {
			t.Error(err)
		}
		started <- g
	}()
	g := <-started
	if g == nil {
		return
	}
	defer g.Close()
	time.Sleep(300 * time.Millisecond)
	select {
	case <-g.Exited():
		t.Fatal("the group's leader died when the thread of the goroutine that started it ended")
	default:
	}
	if !alive(g.Pid()) {
		t.Fatal("the group's leader is not alive")
	}
}

// TestRunOnPinsTheGroup checks that RunOn starts a command on the CPUs
// of its set and that what the command starts inherits them, as a go
// command's compile and link do: a shell's child reads its own affinity.
func TestRunOnPinsTheGroup(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("this machine gives the test one CPU: nothing lies after the first")
	}
	self, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
	}
	out := filepath.Join(t.TempDir(), "status")
	for _, tt := range []struct {
		set  procgroup.CPUSet
		want int
	}{{procgroup.CPUsAfter(1), runtime.NumCPU() - 1}, {procgroup.FirstCPUs(1), 1}, {procgroup.CPUSet{}, runtime.NumCPU()}} {
		// cat is the shell's child (a command follows it): cat's own
		// status shows the affinity it inherited. (Only sh and coreutils
		// are sure to be on PATH: .ci/run's host-only phase.)
		cmd := exec.Command("sh", "-c", "cat /proc/self/status > "+out+"; true")
		if err := procgroup.RunOn(context.Background(), cmd, tt.set); err != nil {
			t.Fatalf("RunOn %s: %v", tt.set, err)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		got := cpuList(t, firstLine(string(b), "Cpus_allowed_list"))
		if len(got) != tt.want {
			t.Errorf("a child started on %s may run on CPUs %v, want %d of them", tt.set, got, tt.want)
		}
		first := -1
		for c := range cpuList(t, firstLine(string(self), "Cpus_allowed_list")) {
			if first < 0 || c < first {
				first = c
			}
		}
		if tt.set == procgroup.CPUsAfter(1) && got[first] {
			t.Errorf("a child started on %s may run on CPU %d, the lab's first", tt.set, first)
		}
	}
}

// firstLine returns the line of status that starts with key.
func firstLine(status, key string) string {
	for _, l := range strings.Split(status, "\n") {
		if strings.HasPrefix(l, key) {
			return l
		}
	}
	return ""
}

// cpuList parses a Cpus_allowed_list line ("Cpus_allowed_list:\t0-1,4")
// into the set of CPUs it lists.
func cpuList(t *testing.T, line string) map[int]bool {
	t.Helper()
	_, list, ok := strings.Cut(strings.TrimSpace(line), ":")
	if !ok {
		t.Fatalf("not a Cpus_allowed_list line: %q", line)
	}
	m := map[int]bool{}
	for _, part := range strings.Split(strings.TrimSpace(list), ",") {
		lo, hi, found := strings.Cut(part, "-")
		if !found {
			hi = lo
		}
		a, err1 := strconv.Atoi(lo)
		b, err2 := strconv.Atoi(hi)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad CPU list %q", list)
		}
		for c := a; c <= b; c++ {
			m[c] = true
		}
	}
	return m
}
