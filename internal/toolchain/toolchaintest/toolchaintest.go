// Package toolchaintest gives tests the toolchains under test: the ones
// MAPLAB_TOOLCHAINS names, or else the five this project's machines have
// (the host Go, Go 1.19, gccgo 11 and 12, and go1.27.3 through GOTOOLCHAIN).
//
// A toolchain that is absent skips the tests that need it with a message
// saying how to install it, unless MAPLAB_REQUIRE_ALL=1 (set by .ci/run),
// in which case the test fails.
package toolchaintest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/maplab/maplab/internal/toolchain"
)

// RequireEnv names the variable that turns skips for absent toolchains and
// programs into failures.
const RequireEnv = "MAPLAB_REQUIRE_ALL"

// Required reports whether absent toolchains must fail tests.
func Required() bool { return os.Getenv(RequireEnv) == "1" }

// Absent skips t, or fails it when Required, saying what is missing and how
// to get it.
func Absent(t testing.TB, what, fix string) {
	t.Helper()
	if Required() {
		t.Fatalf("%s is absent (%s=1 requires it): %s", what, RequireEnv, fix)
	}
	t.Skipf("%s is absent: %s (set %s=1 to make this a failure)", what, fix, RequireEnv)
}

// Wanted describes one expected local toolchain.
type Wanted struct {
	// Name is a human name, e.g. "Go 1.19".
	Name string
	// Entry is the toolchain entry passed to discovery.
	Entry string
	// Fix says how to install it.
	Fix string
}

// LocalFive lists the toolchains of this project's machines.
func LocalFive() []Wanted {
	host := "go"
	if p, err := exec.LookPath("go"); err == nil {
		host = p
	}
	return []Wanted{
		{"host Go", host, "install Go and put it on PATH"},
		{"Go 1.19", distGoroot("go-1.19"), "apt-get install golang-1.19-go"},
		{"gccgo 11 (Go 1.16 library)", onPath("gccgo-11"), "apt-get install gccgo-11"},
		{"gccgo 12 (Go 1.18 library)", onPath("gccgo-12"), "apt-get install gccgo-12"},
		{"go1.27.3", "go1.27.3", "run: GOTOOLCHAIN=go1.27.3 go version"},
	}
}

// distGoroot returns the GOROOT named dir (e.g. "go-1.19") among the
// distribution installs discovery searches (toolchain.DistGlobs, so
// MAPLAB_DIST_GLOBS=none hides them), or "" when there is none.
func distGoroot(dir string) string {
	for _, g := range toolchain.DistGlobs(nil) {
		matches, _ := filepath.Glob(g)
		for _, m := range matches {
			goroot := filepath.Dir(filepath.Dir(m))
			if filepath.Base(goroot) == dir {
				return goroot
			}
		}
	}
	return ""
}

// onPath returns the path of command name on PATH, or name itself, which
// discovery then reports as not found.
func onPath(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	return name
}

// CacheDir returns a cache directory shared by test runs, so that
// toolchain identification and probe builds are reused across packages.
func CacheDir(name string) string {
	d, err := os.UserCacheDir()
	if err != nil {
		d = os.TempDir()
	}
	return filepath.Join(d, "maplab", name)
}

// Under returns the toolchains under test. With MAPLAB_TOOLCHAINS set, it is
// exactly those (an unusable entry fails the test). Otherwise it is each of
// LocalFive that is present; each absent one is reported through Absent in
// a subtest named after it, so the rest still run.
func Under(t *testing.T) []toolchain.Toolchain {
	t.Helper()
	ctx := context.Background()
	if env := os.Getenv(toolchain.EnvVar); env != "" {
		tcs, _, err := toolchain.Discover(ctx, toolchain.Options{Explicit: toolchain.SplitList(env), CacheDir: CacheDir("toolchains")})
		if err != nil {
			t.Fatalf("%s=%q: %v", toolchain.EnvVar, env, err)
		}
		return tcs
	}
	var out []toolchain.Toolchain
	for _, w := range LocalFive() {
		if w.Entry == "" {
			w := w
			t.Run("absent "+w.Name, func(t *testing.T) {
				Absent(t, w.Name, w.Fix+" (not among the distribution installs "+toolchain.DistGlobsVar+" selects)")
			})
			continue
		}
		tcs, _, err := toolchain.Discover(ctx, toolchain.Options{Explicit: []string{w.Entry}, CacheDir: CacheDir("toolchains")})
		if err != nil || len(tcs) == 0 {
			w := w
			t.Run("absent "+w.Name, func(t *testing.T) { Absent(t, w.Name, w.Fix+" ("+errString(err)+")") })
			continue
		}
		out = append(out, tcs...)
	}
	return out
}

// NodeTargets returns the toolchains under test whose programs run in
// Node.js: GopherJS and gc's js/wasm. With MAPLAB_TOOLCHAINS set, it is
// those of its toolchains (none, for a job that measures one native
// release). Otherwise discovery searches the machine, and a GopherJS or a
// js/wasm toolchain it does not find is reported through Absent in a
// subtest named after it, so the others still run.
func NodeTargets(t *testing.T) []toolchain.Toolchain {
	t.Helper()
	ctx := context.Background()
	opt := toolchain.Options{CacheDir: CacheDir("toolchains")}
	explicit := os.Getenv(toolchain.EnvVar) != ""
	if explicit {
		opt.Explicit = toolchain.SplitList(os.Getenv(toolchain.EnvVar))
	}
	tcs, _, err := toolchain.Discover(ctx, opt)
	if err != nil {
		t.Fatalf("discovering toolchains: %v", err)
	}
	var out []toolchain.Toolchain
	gopherjs, wasm := false, false
	for _, tc := range tcs {
		if tc.Native() {
			continue
		}
		out = append(out, tc)
		gopherjs = gopherjs || tc.Kind == toolchain.GopherJS
		wasm = wasm || tc.GOOS == toolchain.JSOS && tc.GOARCH == toolchain.WasmArch
	}
	if explicit {
		return out
	}
	node := ""
	if _, err := exec.LookPath("node"); err != nil {
		node = " (node is not on PATH: install Node.js first)"
	}
	if !gopherjs {
		t.Run("absent GopherJS", func(t *testing.T) {
			Absent(t, "GopherJS", "go run ./matrix install gopherjs (needs /usr/lib/go-1.19: apt-get install golang-1.19-go) and Node.js"+node)
		})
	}
	if !wasm {
		t.Run("absent js/wasm", func(t *testing.T) {
			Absent(t, "gc js/wasm (run by Node.js)", "install Node.js (node on PATH)"+node)
		})
	}
	return out
}

func errString(err error) string {
	if err == nil {
		return "not found"
	}
	return err.Error()
}
