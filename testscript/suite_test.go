package testscript_test

import (
	"context"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/maplab/maplab/internal/build"
	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/cli"
	"github.com/maplab/maplab/internal/runner"
	"github.com/maplab/maplab/internal/toolchain"
	"github.com/maplab/maplab/internal/toolchain/toolchaintest"
	"github.com/maplab/maplab/internal/trial"
)

// probesDir is the probe catalogue, relative to this package's directory
// (where go test runs).
const probesDir = "../probes"

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"matrix": matrixMain,
	})
}

// matrixMain is the matrix command as scripts exec it: the same as
// matrix/main.go, run by a copy of the test binary.
func matrixMain() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// lab is what every script of the per-toolchain suite shares: the probe
// catalogue and one builder, whose cache is shared with other test
// packages and runs (toolchaintest.CacheDir("build")).
type lab struct {
	probes  []catalogue.Probe
	builder *build.Builder
}

func newLab(t testing.TB) *lab {
	t.Helper()
	dir, err := filepath.Abs(probesDir)
	if err != nil {
		t.Fatal(err)
	}
	probes, err := catalogue.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return &lab{
		probes:  probes,
		builder: &build.Builder{CacheDir: toolchaintest.CacheDir("build"), BaseEnv: trial.CleanEnv()},
	}
}

// params returns the testscript parameters that run the scripts in dir
// against toolchain tc.
func (l *lab) params(tc toolchain.Toolchain, dir string) testscript.Params {
	return testscript.Params{
		Dir: dir,
		Setup: func(env *testscript.Env) error {
			env.Values[stateKey{}] = &scriptState{lab: l, tc: tc, work: env.WorkDir}
			env.Setenv("TOOLCHAIN", tc.ID)
			return nil
		},
		Cmds:                commands,
		Condition:           condition(&tc),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
	}
}

// TestProbes runs testdata/*.txtar once per toolchain under test, in a
// subtest named after the toolchain's ID. See doc.go.
func TestProbes(t *testing.T) {
	l := newLab(t)
	for _, tc := range toolchaintest.Under(t) {
		tc := tc
		t.Run(tc.ID, func(t *testing.T) {
			t.Parallel()
			testscript.Run(t, l.params(tc, "testdata"))
		})
	}
}

// TestTargets runs testdata/targets/*.txtar once per toolchain under test
// whose programs run in Node.js (GopherJS, gc js/wasm), in a subtest named
// after its ID. See doc.go.
func TestTargets(t *testing.T) {
	l := newLab(t)
	for _, tc := range toolchaintest.NodeTargets(t) {
		tc := tc
		t.Run(tc.ID, func(t *testing.T) {
			t.Parallel()
			testscript.Run(t, l.params(tc, filepath.Join("testdata", "targets")))
		})
	}
}

// TestCLI runs testdata/cli/*.txtar, end-to-end scripts for the matrix
// command, once, with the host Go toolchain.
func TestCLI(t *testing.T) {
	host := hostToolchain(t)
	probes, err := filepath.Abs(probesDir)
	if err != nil {
		t.Fatal(err)
	}
	home, _ := os.UserHomeDir()
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "cli"),
		Setup: func(env *testscript.Env) error {
			// The matrix finds its catalogue in the working directory:
			// $WORK/probes is the repository's.
			if err := os.Symlink(probes, filepath.Join(env.WorkDir, "probes")); err != nil {
				return err
			}
			// Builds need the real home (the go command's caches, and the
			// module cache holding GOTOOLCHAIN releases); the matrix's own
			// caches are the ones the other tests share.
			env.Setenv("HOME", home)
			env.Setenv("MAPLAB_CACHE", filepath.Dir(toolchaintest.CacheDir("build")))
			env.Setenv("HOSTGO", host.Path)
			env.Setenv("HOSTID", host.ID)
			env.Setenv("MACHINE", runner.DescribeMachine(time.Now()).MachineID)
			return nil
		},
		Cmds:                commands,
		Condition:           condition(nil),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
	})
}

// hostToolchain returns the go command on PATH, identified.
func hostToolchain(t *testing.T) toolchain.Toolchain {
	t.Helper()
	path, err := exec.LookPath("go")
	if err != nil {
		toolchaintest.Absent(t, "the go command", "install Go and put it on PATH")
	}
	tcs, _, err := toolchain.Discover(context.Background(), toolchain.Options{Explicit: []string{path}, CacheDir: toolchaintest.CacheDir("toolchains")})
	if err != nil || len(tcs) != 1 {
		t.Fatalf("identifying %s: %v (%d toolchains)", path, err, len(tcs))
	}
	return tcs[0]
}
