//go:build linux

package cli_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/runner"
	"github.com/maplab/maplab/internal/toolchain"
)

// The end-to-end tests run the real matrix command, built once per test
// binary, on fixture repositories: a temporary directory holding a go.mod
// and probes/<name>/main.go copied from testdata/probes. They use only the
// go command on PATH as toolchain, and plain mode unless a test says
// otherwise, to stay fast.
//
// Every fixture probe appends "name pid ppid" to $TMPDIR/maplab-trials.log
// when it starts; each repository gets its own TMPDIR, so a test can count
// the trials that ran and tell which matrix process started them.

// fsizeEnv makes the test binary, run as a helper, lower its file size
// limit (RLIMIT_FSIZE) to the value in bytes and exec the command in its
// remaining arguments. Writes past the limit fail with EFBIG, which is how
// the tests simulate a full disk without mounting anything.
const fsizeEnv = "MAPLAB_CLI_TEST_FSIZE"

func TestMain(m *testing.M) {
	if v := os.Getenv(fsizeEnv); v != "" {
		execWithFileSizeLimit(v, os.Args[1:])
	}
	code := m.Run()
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// execWithFileSizeLimit replaces the process with args[0] after setting its
// file size limit to limit bytes. It never returns.
func execWithFileSizeLimit(limit string, args []string) {
	n, err := strconv.ParseUint(limit, 10, 64)
	if err == nil {
		err = syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n})
	}
	if err == nil && len(args) == 0 {
		err = errors.New("no command")
	}
	if err == nil {
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, fsizeEnv+"=") {
				env = append(env, kv)
			}
		}
		err = syscall.Exec(args[0], args, env)
	}
	fmt.Fprintf(os.Stderr, "file size limit helper: %v\n", err)
	os.Exit(125)
}

// shared is what every end-to-end test of this binary uses: the matrix
// command, the host go command and its toolchain, and a cache directory
// (MAPLAB_CACHE) so that toolchain identification and probe builds happen
// once.
var shared struct {
	once  sync.Once
	err   error
	dir   string
	bin   string
	goCmd string
	cache string
	tc    toolchain.Toolchain
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

// setup builds the matrix command and identifies the host toolchain, once.
// It skips the test when no go command is on PATH.
func setup(t *testing.T) {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		missing(t, "no go command on PATH: the end-to-end tests build the matrix and probes with it")
	}
	shared.once.Do(func() {
		shared.goCmd = goCmd
		shared.err = prepare()
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
}

func prepare() error {
	dir, err := os.MkdirTemp("", "maplab-cli-test-")
	if err != nil {
		return err
	}
	shared.dir = dir
	shared.cache = filepath.Join(dir, "cache")
	shared.bin = filepath.Join(dir, "matrix")
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	build := exec.Command(shared.goCmd, "build", "-o", shared.bin, "./matrix")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building the matrix command: %v\n%s", err, out)
	}
	cmd := exec.Command(shared.bin, "toolchains", "-json", "-toolchains", shared.goCmd)
	cmd.Dir = dir
	cmd.Env = matrixEnv(filepath.Join(dir, "tmp"))
	os.MkdirAll(filepath.Join(dir, "tmp"), 0o755)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("matrix toolchains: %v\n%s", err, stderr.Bytes())
	}
	var tcs []toolchain.Toolchain
	if err := json.Unmarshal(out, &tcs); err != nil || len(tcs) != 1 {
		return fmt.Errorf("matrix toolchains -json: want one toolchain, got %s (%v)", out, err)
	}
	shared.tc = tcs[0]
	return nil
}

// matrixEnv is the environment of a matrix process: the test's, without
// maplab settings, with the shared cache and the given TMPDIR.
func matrixEnv(tmp string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "MAPLAB_") || strings.HasPrefix(kv, "TMPDIR=") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "MAPLAB_CACHE="+shared.cache, "TMPDIR="+tmp)
}

// repo is a fixture repository.
type repo struct {
	t    *testing.T
	root string // holds go.mod and probes/
	tmp  string // TMPDIR of the matrix and its trials
}

// newRepo makes a fixture repository holding the named probes. An entry
// "copy=fixture" installs testdata/probes/fixture under the name copy,
// with every occurrence of the fixture's name in its source replaced.
func newRepo(t *testing.T, probes ...string) *repo {
	t.Helper()
	setup(t)
	r := &repo{t: t, root: t.TempDir()}
	r.tmp = filepath.Join(r.root, "tmp")
	for _, d := range []string{r.tmp, filepath.Join(r.root, "probes")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(r.root, "go.mod"), []byte("module maplab.test/fixture\n\ngo 1.21\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range probes {
		name, fixture, ok := strings.Cut(p, "=")
		if !ok {
			fixture = name
		}
		src, err := os.ReadFile(filepath.Join("testdata", "probes", fixture, "main.go"))
		if err != nil {
			t.Fatal(err)
		}
		src = bytes.ReplaceAll(src, []byte(fixture), []byte(name))
		dir := filepath.Join(r.root, "probes", name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

// runArgs returns the arguments of a "matrix run" on the host toolchain in
// plain mode, followed by extra.
func runArgs(extra ...string) []string {
	return append([]string{"run", "-toolchains", shared.goCmd, "-modes", "plain"}, extra...)
}

// command returns the matrix command with args, run in the repository.
// If the test ends while the command runs, the command is killed.
func (r *repo) command(args ...string) *exec.Cmd {
	cmd := exec.Command(shared.bin, args...)
	cmd.Dir = r.root
	cmd.Env = matrixEnv(r.tmp)
	r.t.Cleanup(func() {
		if cmd.Process != nil && cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd
}

// limitedCommand returns the matrix command with args, run in the
// repository with its file size limit set to fsize bytes: the test binary
// lowers the limit and execs the matrix (see fsizeEnv).
func (r *repo) limitedCommand(fsize int, args ...string) *exec.Cmd {
	r.t.Helper()
	self, err := os.Executable()
	if err != nil {
		r.t.Fatal(err)
	}
	cmd := r.command(args...)
	cmd.Path = self
	cmd.Args = append([]string{self, shared.bin}, args...)
	cmd.Env = append(cmd.Env, fsizeEnv+"="+strconv.Itoa(fsize))
	return cmd
}

// exitInfo is what one matrix process did.
type exitInfo struct {
	stdout, stderr string
	code           int
	elapsed        time.Duration
}

// wait waits for a started command and returns what it did.
func wait(t *testing.T, cmd *exec.Cmd, start time.Time) exitInfo {
	t.Helper()
	return exited(t, cmd, start, cmd.Wait())
}

// exited returns what a command did, given the error of its Wait.
func exited(t *testing.T, cmd *exec.Cmd, start time.Time, err error) exitInfo {
	t.Helper()
	o := exitInfo{elapsed: time.Since(start), code: cmd.ProcessState.ExitCode()}
	if b, ok := cmd.Stdout.(*bytes.Buffer); ok {
		o.stdout = b.String()
	}
	if b, ok := cmd.Stderr.(*bytes.Buffer); ok {
		o.stderr = b.String()
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("matrix %s: %v", strings.Join(cmd.Args[1:], " "), err)
	}
	return o
}

// run runs the matrix command to completion.
func (r *repo) run(args ...string) exitInfo {
	r.t.Helper()
	cmd := r.command(args...)
	cmd.Stdout, cmd.Stderr = new(bytes.Buffer), new(bytes.Buffer)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	return wait(r.t, cmd, start)
}

// mustRun runs the matrix command and fails the test unless it exits 0.
func (r *repo) mustRun(args ...string) exitInfo {
	r.t.Helper()
	o := r.run(args...)
	if o.code != 0 {
		r.t.Fatalf("matrix %s: exit status %d\nstderr:\n%s", strings.Join(args, " "), o.code, o.stderr)
	}
	return o
}

// trial is one line of the trials log.
type trial struct {
	probe     string
	pid, ppid int
}

// trials returns the trials the fixture probes logged so far.
func (r *repo) trials() []trial {
	r.t.Helper()
	data, err := os.ReadFile(filepath.Join(r.tmp, "maplab-trials.log"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		r.t.Fatal(err)
	}
	// A trial appends its line while the test may be reading: only whole
	// lines count, so a file just created (empty) or a line half written
	// is not yet a trial.
	complete := string(data)
	if i := strings.LastIndexByte(complete, '\n'); i >= 0 {
		complete = complete[:i]
	} else {
		complete = ""
	}
	var out []trial
	for _, line := range strings.Split(complete, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var tr trial
		if _, err := fmt.Sscan(line, &tr.probe, &tr.pid, &tr.ppid); err != nil {
			r.t.Fatalf("trials log line %q: %v", line, err)
		}
		out = append(out, tr)
	}
	return out
}

// thisMachine is the ID of the machine the tests run on, which names its
// directory under a results root.
var thisMachine = runner.DescribeMachine(time.Now()).MachineID

// resultsPath is the results file of the host toolchain on this machine
// under the results root dir.
func resultsPath(dir string) string {
	return filepath.Join(dir, thisMachine, results.FileName(shared.tc))
}

// readResults reads the host toolchain's results file in dir.
func readResults(t *testing.T, dir string) results.File {
	t.Helper()
	f, err := results.Read(resultsPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// cellOf returns the cell of probe in f, failing the test if there is none.
func cellOf(t *testing.T, f results.File, probe string) results.Cell {
	t.Helper()
	for _, c := range f.Cells {
		if c.Probe == probe {
			return c
		}
	}
	t.Fatalf("no cell for probe %s in the results (cells: %v)", probe, cellKeys(f))
	return results.Cell{}
}

// cellKeys returns "probe/mode/lang outcome" for every cell of f, sorted as
// the file is.
func cellKeys(f results.File) []string {
	var out []string
	for _, c := range f.Cells {
		o, _ := c.Leading()
		out = append(out, c.Key().String()+" "+o.String())
	}
	return out
}

// alive reports whether pid is a live process (not a zombie) started from
// a binary in the shared cache, i.e. a fixture probe or its child. Reading
// the command line guards against a recycled pid.
func alive(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// The state follows the parenthesised command name.
	if i := bytes.LastIndexByte(stat, ')'); i >= 0 && i+2 < len(stat) && stat[i+2] == 'Z' {
		return false
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return false
	}
	return bytes.Contains(cmdline, []byte(shared.cache))
}

// survivors returns the pids in pids that are still alive after waiting
// up to grace for them to die.
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
		time.Sleep(20 * time.Millisecond)
	}
}

// killAll kills the given processes, so that a failing test leaves nothing
// behind.
func killAll(pids []int) {
	for _, p := range pids {
		if alive(p) {
			syscall.Kill(p, syscall.SIGKILL)
		}
	}
}

// event is the part of a matrix -json progress event the tests read.
type event struct {
	Type  string `json:"type"`
	Probe string `json:"probe"`
}

// events decodes the JSON progress events of a matrix -json run, sending
// each on the returned channel, which is closed at the end of the stream.
func events(t *testing.T, cmd *exec.Cmd) <-chan event {
	t.Helper()
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan event, 100)
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(pipe)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var e event
			if json.Unmarshal(sc.Bytes(), &e) == nil {
				ch <- e
			}
		}
	}()
	return ch
}

// waitEvent waits for an event of type typ, failing the test after limit.
func waitEvent(t *testing.T, ch <-chan event, typ string, limit time.Duration) event {
	t.Helper()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				t.Fatalf("the matrix ended without a %s event", typ)
			}
			if e.Type == typ {
				return e
			}
		case <-timer.C:
			t.Fatalf("no %s event within %v", typ, limit)
		}
	}
}
