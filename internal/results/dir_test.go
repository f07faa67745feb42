package results

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// helperEnv makes the test binary act as a second matrix run that holds the
// lock on the directory named by the variable until its stdin closes.
const helperEnv = "MAPLAB_RESULTS_LOCK_HELPER"

func TestMain(m *testing.M) {
	if dir := os.Getenv(helperEnv); dir != "" {
		unlock, err := Lock(dir)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("locked")
		bufio.NewReader(os.Stdin).ReadString('\n') // until EOF
		if err := unlock(); err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestLockInProcess(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no flock on " + runtime.GOOS)
	}
	dir := t.TempDir()
	unlock, err := Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Lock(dir)
	var locked *LockedError
	if !errors.As(err, &locked) {
		t.Fatalf("second Lock: err = %v, want a *LockedError", err)
	}
	want := fmt.Sprintf("%s/: another matrix run (pid %d) holds the lock; wait for it or use another -out", dir, os.Getpid())
	if err.Error() != want {
		t.Errorf("second Lock:\n got %v\nwant %s", err, want)
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	if err := unlock(); err != nil {
		t.Errorf("second unlock: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, lockName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("unlock left the lock file: %v", err)
	}
	unlock, err = Lock(dir)
	if err != nil {
		t.Fatalf("Lock after unlock: %v", err)
	}
	unlock()
}

// startHolder starts a helper process that holds the lock on dir.
func startHolder(t *testing.T, dir string) (*exec.Cmd, func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), helperEnv+"="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "locked\n" {
		t.Fatalf("lock holder said %q, want %q", line, "locked\n")
	}
	return cmd, func() { stdin.Close() }
}

func TestLockAcrossProcesses(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no flock on " + runtime.GOOS)
	}
	dir := t.TempDir()
	holder, release := startHolder(t, dir)

	_, err := Lock(dir)
	var locked *LockedError
	if !errors.As(err, &locked) || locked.PID != holder.Process.Pid {
		t.Fatalf("Lock while another process holds it: err = %v, want a *LockedError naming pid %d", err, holder.Process.Pid)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("(pid %d) holds the lock", holder.Process.Pid)) {
		t.Errorf("error %q does not name the holder", err)
	}

	release()
	if err := holder.Wait(); err != nil {
		t.Fatalf("lock holder: %v", err)
	}
	unlock, err := Lock(dir)
	if err != nil {
		t.Fatalf("Lock after the holder released it: %v", err)
	}
	unlock()
}

func TestLockReleasedWhenHolderDies(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		t.Skip("no flock on " + runtime.GOOS)
	}
	dir := t.TempDir()
	holder, _ := startHolder(t, dir)
	if _, err := Lock(dir); err == nil {
		t.Fatal("Lock succeeded while the holder is alive")
	}
	holder.Process.Kill()
	holder.Wait()
	// The dead holder's lock file is still there, with its pid.
	if _, err := os.Stat(filepath.Join(dir, lockName)); err != nil {
		t.Fatalf("lock file of the killed holder: %v", err)
	}
	unlock, err := Lock(dir)
	if err != nil {
		t.Fatalf("Lock after the holder died: %v", err)
	}
	unlock()
}

func TestCheckWritable(t *testing.T) {
	tmp := t.TempDir()
	nested := filepath.Join(tmp, "a", "b")
	if err := CheckWritable(nested); err != nil {
		t.Fatalf("CheckWritable(new nested dir): %v", err)
	}
	if entries, err := os.ReadDir(nested); err != nil || len(entries) != 0 {
		t.Errorf("CheckWritable left %d entries in %s (err %v)", len(entries), nested, err)
	}

	file := filepath.Join(tmp, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		dir  string
		want string
	}{
		// These fail for root too, unlike a chmod.
		{"under a regular file", filepath.Join(file, "sub"),
			fmt.Sprintf("%s/sub/: not writable: mkdir %s: not a directory; choose another -out", file, file)},
		{"a regular file", file,
			fmt.Sprintf("%s/: not writable: mkdir %s: not a directory; choose another -out", file, file)},
	}
	if runtime.GOOS == "linux" {
		if _, err := os.Stat("/proc/self"); err == nil {
			tests = append(tests, struct{ name, dir, want string }{"in /proc", "/proc/maplab-results",
				"/proc/maplab-results/: not writable: mkdir /proc/maplab-results: no such file or directory; choose another -out"})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckWritable(tt.dir)
			if err == nil || err.Error() != tt.want {
				t.Errorf("CheckWritable(%s):\n got %v\nwant %s", tt.dir, err, tt.want)
			}
		})
	}

	t.Run("read-only dir", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("running as root: permission bits do not stop root's writes (the cases above cover root)")
		}
		ro := filepath.Join(tmp, "ro")
		if err := os.Mkdir(ro, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(ro, 0o700) })
		err := CheckWritable(ro)
		if err == nil || !strings.HasPrefix(err.Error(), ro+"/: not writable: ") || !strings.HasSuffix(err.Error(), "; choose another -out") {
			t.Errorf("CheckWritable(read-only dir): err = %v", err)
		}
	})
}
