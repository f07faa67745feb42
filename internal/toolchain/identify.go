package toolchain

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/maplab/maplab/internal/procgroup"
)

// identifySource is the program built with each toolchain to learn what it
// really is. It must build with every toolchain from Go 1.9 and gccgo on:
// standard library only, no newer API.
const identifySource = `package main

import (
	"fmt"
	"go/build"
	"runtime"
)

func main() {
	tags := build.Default.ReleaseTags
	last := ""
	if len(tags) > 0 {
		last = tags[len(tags)-1]
	}
	fmt.Printf("version=%s\n", runtime.Version())
	fmt.Printf("compiler=%s\n", runtime.Compiler)
	fmt.Printf("goos=%s\n", runtime.GOOS)
	fmt.Printf("goarch=%s\n", runtime.GOARCH)
	fmt.Printf("release=%s\n", last)
}
`

// identifyTimeout bounds identifying one toolchain. A first build with a
// cold build cache takes seconds; a toolchain that takes minutes is broken.
const identifyTimeout = 3 * time.Minute

// identifySchema changes whenever identifySource or facts change, so that
// cached facts from an older maplab are not reused.
const identifySchema = 2

// facts is what identification learns by building and running the
// identify program with a toolchain and asking the toolchain about itself.
// Gathering facts is the slow part of discovery, so facts are cached.
type facts struct {
	// RuntimeVersion is runtime.Version() of the identify program.
	RuntimeVersion string `json:"runtime_version"`
	// Compiler is runtime.Compiler: "gc" or "gccgo".
	Compiler string `json:"compiler"`
	GOOS     string `json:"goos"`
	GOARCH   string `json:"goarch"`
	// LastTag is the last entry of go/build.Default.ReleaseTags, e.g.
	// "go1.18": the release of the standard library.
	LastTag string `json:"last_tag"`
	// GoVersion is `go env GOVERSION` (or the version from `go version`
	// for go commands without GOVERSION); gc only.
	GoVersion string `json:"go_version,omitempty"`
	// GOROOT, CgoEnabled and CC come from `go env`; gc only.
	GOROOT     string `json:"goroot,omitempty"`
	CgoEnabled string `json:"cgo_enabled,omitempty"`
	CC         string `json:"cc,omitempty"`
	// GCCVersion is `gccgo -dumpfullversion`; gccgo only.
	GCCVersion string `json:"gcc_version,omitempty"`
	// GopherJSVersion is GopherJS's own version from `gopherjs version`,
	// e.g. "1.19.0-beta2"; GopherJS only.
	GopherJSVersion string `json:"gopherjs_version,omitempty"`
	// Launcher is the command that ran the identify program (see
	// Toolchain.Launcher); NodeVersion is `node --version` when that is
	// Node.js. Both are empty for a native toolchain.
	Launcher    []string `json:"launcher,omitempty"`
	NodeVersion string   `json:"node_version,omitempty"`
}

// parseIdentify parses the output of the identify program into f.
func parseIdentify(out string, f *facts) error {
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		k, v, ok := strings.Cut(strings.TrimRight(line, "\r"), "=")
		if !ok {
			return fmt.Errorf("identify program printed %q, want key=value lines", line)
		}
		seen[k] = true
		switch k {
		case "version":
			f.RuntimeVersion = v
		case "compiler":
			f.Compiler = v
		case "goos":
			f.GOOS = v
		case "goarch":
			f.GOARCH = v
		case "release":
			f.LastTag = v
		}
	}
	for _, k := range []string{"version", "compiler", "goos", "goarch", "release"} {
		if !seen[k] {
			return fmt.Errorf("identify program printed no %s= line", k)
		}
	}
	return nil
}

// candidate is a toolchain to identify: a go command or gccgo driver, with
// the environment entries and variant it was asked for.
type candidate struct {
	kind Kind // GC for a go command, GCCGO for a gccgo driver
	path string
	// env holds entries such as GOTOOLCHAIN=go1.27.3 and
	// GOEXPERIMENT=noswissmap.
	env     []string
	variant string
	source  string
	// entry is the toolchain list entry it came from, if any.
	entry string
	// keyFiles are files whose identity (size, modification time) the
	// cached facts depend on besides path, e.g. the go command a
	// GOTOOLCHAIN release switches to.
	keyFiles []string
	// goos and goarch are the target of a cross toolchain, such as js/wasm
	// for gc (its env then sets GOOS and GOARCH); empty for a native one.
	goos, goarch string
	// node is the Node.js binary that runs the programs of a js/wasm or
	// GopherJS toolchain.
	node string
}

// assemble turns a candidate and its facts into a Toolchain. ccPath is the
// C compiler found for f.CC ("" if none); sysos lists the race runtime
// objects in GOROOT (see raceSysos). It checks that the facts agree with
// each other and returns an error naming the disagreement otherwise.
func assemble(c candidate, f facts, ccPath string, sysos []string) (Toolchain, error) {
	t := Toolchain{
		Kind:        Kind(f.Compiler),
		Version:     f.RuntimeVersion,
		GOOS:        f.GOOS,
		GOARCH:      f.GOARCH,
		Path:        c.path,
		ExtraEnv:    c.env,
		Variant:     c.variant,
		Source:      c.source,
		Modes:       []Mode{Plain},
		Unavailable: map[Mode]string{},
		Launcher:    f.Launcher,
	}
	if f.NodeVersion != "" {
		t.Runner = NodeRunner(f.NodeVersion)
	}
	if c.goos != "" && (f.GOOS != c.goos || f.GOARCH != c.goarch) {
		return t, fmt.Errorf("%s: built for %s/%s, but its programs report %s/%s", c.path, c.goos, c.goarch, f.GOOS, f.GOARCH)
	}
	if t.Kind != c.kind {
		if c.kind == GC && t.Kind == GCCGO {
			return t, fmt.Errorf("%s builds with gccgo (a go command from a gccgo package); name the gccgo driver instead, e.g. /usr/bin/gccgo-12", c.path)
		}
		return t, fmt.Errorf("%s builds programs whose runtime.Compiler is %q, want %q", c.path, f.Compiler, c.kind)
	}
	if !IsRelease(f.LastTag) || LangOf(f.LastTag) != f.LastTag {
		return t, fmt.Errorf("%s: go/build release tags end at %q, want a tag like go1.18", c.path, f.LastTag)
	}
	if f.GOOS == "" || f.GOARCH == "" {
		return t, fmt.Errorf("%s: identify program reported no GOOS/GOARCH", c.path)
	}
	rv := ParseRuntimeVersion(f.RuntimeVersion)
	switch t.Kind {
	case GC:
		t.GOROOT = f.GOROOT
		switch {
		case rv.Release != "":
			t.Release = rv.Release
		case rv.Devel != "":
			t.Release = f.LastTag
		default:
			return t, fmt.Errorf("%s: unrecognised runtime.Version() %q", c.path, f.RuntimeVersion)
		}
		if LangOf(t.Release) != f.LastTag {
			return t, fmt.Errorf("%s: runtime.Version() is %q but go/build release tags end at %s", c.path, f.RuntimeVersion, f.LastTag)
		}
		if gv := ParseRuntimeVersion(f.GoVersion); f.GoVersion != "" && (gv.Release != rv.Release || gv.Devel != rv.Devel) {
			return t, fmt.Errorf("%s: go env GOVERSION is %q but programs it builds report %q", c.path, f.GoVersion, f.RuntimeVersion)
		}
		// The linker lists the experiments that differ from the release's
		// defaults; one that is missing was asked for but changes nothing.
		for _, x := range strings.Split(c.variant, "+") {
			if x != "" && !contains(rv.Experiments, x) {
				return t, fmt.Errorf("%s: variant +%s changes nothing: %s already builds with GOEXPERIMENT=%s by default (runtime.Version() is %q)", c.path, x, rv.Release, x, f.RuntimeVersion)
			}
		}
		t.Lang = LangOf(t.Release)
		t.ID = MakeID(GC, rv.Release, rv.Devel, "", c.variant)
		if c.goos != "" {
			t.ID = TargetID(t.ID, c.goos, c.goarch)
		}
		if why := raceUnavailable(t.Release, f, ccPath, sysos); why != "" {
			t.Unavailable[Race] = why
		} else {
			t.Modes = append(t.Modes, Race)
		}
	case GCCGO:
		if c.variant != "" {
			return t, fmt.Errorf("%s: variant +%s needs a gc toolchain; gccgo has no GOEXPERIMENT", c.path, c.variant)
		}
		// gccgo 11 reports "go1.16.5 gccgo …"; gccgo 12 reports "unknown",
		// so the release tags are the authority.
		t.Release = f.LastTag
		if rv.Release != "" && LangOf(rv.Release) == f.LastTag {
			t.Release = rv.Release
		}
		t.CompilerVersion = f.GCCVersion
		// Lang stays empty: gccgo builds without a go.mod, so no language
		// version is selected.
		t.ID = MakeID(GCCGO, t.Release, "", f.GCCVersion, "")
		t.Unavailable[Race] = "gccgo has no race detector"
	case GopherJS:
		if rv.Release == "" || LangOf(rv.Release) != f.LastTag {
			return t, fmt.Errorf("%s: runtime.Version() is %q but go/build release tags end at %s", c.path, f.RuntimeVersion, f.LastTag)
		}
		t.Release = rv.Release
		t.Lang = LangOf(t.Release)
		t.GOROOT = f.GOROOT
		t.CompilerVersion = f.GopherJSVersion
		t.ID = GopherJSID(f.GopherJSVersion, t.Release)
		t.Unavailable[Race] = "GopherJS has no race detector"
	default:
		return t, fmt.Errorf("%s: unknown runtime.Compiler %q", c.path, f.Compiler)
	}
	return t, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// raceUnavailable returns why the race detector cannot be used with a gc
// toolchain, or "" if it can.
func raceUnavailable(release string, f facts, ccPath string, sysos []string) string {
	platform := f.GOOS + "/" + f.GOARCH
	switch {
	case !RaceDetectorSupported(release, f.GOOS, f.GOARCH):
		return "the race detector does not support " + platform
	case f.CgoEnabled != "1":
		return "cgo is disabled (CGO_ENABLED=" + f.CgoEnabled + "); the race detector needs cgo"
	case ccPath == "":
		cc := f.CC
		if cc == "" {
			cc = "(none)"
		}
		return "no C compiler: CC " + cc + " not found; the race detector needs cgo"
	case f.GOROOT != "" && !raceRuntimeShipped(sysos, f.GOOS, f.GOARCH):
		return "no race runtime for " + platform + " in " + filepath.Join(f.GOROOT, "src", "runtime", "race")
	}
	return ""
}

// envFor returns base with the settings every discovery, build and run
// command gets: GOROOT, GOOS, GOARCH and GOEXPERIMENT removed;
// GOTOOLCHAIN=local (so the go command never switches or downloads on its
// own), GOFLAGS empty, GOPROXY=off and GOWORK=off; then extra, which may
// override any of them (e.g. GOTOOLCHAIN=go1.27.3).
func envFor(base, extra []string) []string {
	drop := map[string]bool{"GOROOT": true, "GOOS": true, "GOARCH": true, "GOEXPERIMENT": true}
	set := []string{"GOTOOLCHAIN=local", "GOFLAGS=", "GOPROXY=off", "GOWORK=off"}
	set = append(set, extra...)
	for _, kv := range set {
		k, _, _ := strings.Cut(kv, "=")
		drop[k] = true
	}
	out := make([]string, 0, len(base)+len(set))
	for _, kv := range base {
		k, _, _ := strings.Cut(kv, "=")
		if !drop[k] {
			out = append(out, kv)
		}
	}
	// Later entries win; keep only the last value of each key in set.
	last := map[string]int{}
	for i, kv := range set {
		k, _, _ := strings.Cut(kv, "=")
		last[k] = i
	}
	for i, kv := range set {
		k, _, _ := strings.Cut(kv, "=")
		if last[k] == i {
			out = append(out, kv)
		}
	}
	return out
}

// BuildEnv returns the environment for building and running programs with
// t, starting from base (os.Environ() style): GOROOT, GOOS, GOARCH and
// GOEXPERIMENT are removed; GOTOOLCHAIN=local, GOFLAGS=, GOPROXY=off and
// GOWORK=off are set so that nothing is switched or fetched; then t.ExtraEnv
// applies (e.g. GOTOOLCHAIN=go1.27.3, GOEXPERIMENT=noswissmap).
func (t Toolchain) BuildEnv(base []string) []string {
	return envFor(base, t.ExtraEnv)
}

// gatherFacts builds and runs the identify program with c and asks the
// toolchain about itself. environ is the base environment.
func gatherFacts(ctx context.Context, c candidate, environ []string) (facts, error) {
	factsGathered.Add(1)
	ctx, cancel := context.WithTimeout(ctx, identifyTimeout)
	defer cancel()
	var f facts
	env := envFor(environ, c.env)
	tmp, err := os.MkdirTemp("", "maplab-identify-")
	if err != nil {
		return f, fmt.Errorf("identifying %s: %w", c.path, err)
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "main.go")
	if err := os.WriteFile(src, []byte(identifySource), 0o644); err != nil {
		return f, fmt.Errorf("identifying %s: %w", c.path, err)
	}
	bin := filepath.Join(tmp, "identify")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	switch c.kind {
	case GC:
		out, err := run(ctx, tmp, env, c.path, "env", "GOROOT", "CGO_ENABLED", "CC", "GOVERSION")
		if err != nil {
			if x := envValue(c.env, "GOEXPERIMENT"); x != "" && strings.Contains(err.Error(), "GOEXPERIMENT") {
				return f, fmt.Errorf("the toolchain rejects GOEXPERIMENT=%s (noswissmap, for one, exists only in go1.24 and go1.25): %w", x, err)
			}
			return f, &notGoError{err}
		}
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		for len(lines) < 4 {
			lines = append(lines, "")
		}
		f.GOROOT, f.CgoEnabled, f.CC, f.GoVersion = lines[0], lines[1], lines[2], lines[3]
		if f.GoVersion == "" {
			// go env GOVERSION exists from Go 1.16 on.
			out, err := run(ctx, tmp, env, c.path, "version")
			if err != nil {
				return f, err
			}
			if f.GoVersion, _, _, err = ParseGoVersion(out); err != nil {
				return f, err
			}
		}
		if _, err := run(ctx, tmp, env, c.path, "build", "-o", bin, "main.go"); err != nil {
			return f, fmt.Errorf("building the identify program: %w", err)
		}
		if c.goos == JSOS && c.goarch == WasmArch {
			exec := ""
			for _, p := range WasmExecCandidates(f.GOROOT) {
				if _, err := os.Stat(p); err == nil {
					exec = p
					break
				}
			}
			if exec == "" {
				return f, fmt.Errorf("no wasm_exec_node.js or wasm_exec.js in %s (lib/wasm or misc/wasm) to run js/wasm programs with", f.GOROOT)
			}
			f.Launcher = []string{c.node, exec}
		}
	case GopherJS:
		out, err := run(ctx, tmp, env, c.path, "version")
		if err != nil {
			return f, &notGoError{err}
		}
		if f.GopherJSVersion, _, err = ParseGopherJSVersion(out); err != nil {
			return f, err
		}
		f.GOROOT = envValue(env, GopherJSGorootVar)
		if _, err := run(ctx, tmp, env, c.path, "build", "-o", bin, "main.go"); err != nil {
			return f, fmt.Errorf("building the identify program: %w", err)
		}
		f.Launcher = []string{c.node}
	case GCCGO:
		out, err := run(ctx, tmp, env, c.path, "-dumpfullversion")
		if err != nil || strings.TrimSpace(out) == "" {
			// -dumpfullversion exists from GCC 7 on.
			out, err = run(ctx, tmp, env, c.path, "-dumpversion")
		}
		if err != nil {
			return f, &notGoError{err}
		}
		f.GCCVersion = strings.TrimSpace(out)
		if _, err := run(ctx, tmp, env, c.path, "-o", bin, "main.go"); err != nil {
			return f, fmt.Errorf("building the identify program: %w", err)
		}
	}
	if c.node != "" {
		out, err := run(ctx, tmp, env, c.node, "--version")
		if err != nil {
			return f, fmt.Errorf("asking Node.js its version: %w", err)
		}
		if f.NodeVersion, _, err = ParseNodeVersion(out); err != nil {
			return f, err
		}
	}
	argv := []string{bin}
	if len(f.Launcher) > 0 {
		argv = append(append([]string{}, f.Launcher...), bin)
	}
	out, err := run(ctx, tmp, env, argv[0], argv[1:]...)
	if err != nil {
		return f, fmt.Errorf("running the identify program: %w", err)
	}
	if err := parseIdentify(out, &f); err != nil {
		return f, err
	}
	return f, nil
}

// factsGathered counts calls of gatherFacts, so tests can see whether the
// cache was used.
var factsGathered atomic.Int64

// notGoError marks a failure of the first command run with a candidate:
// the file is most likely not a Go toolchain at all.
type notGoError struct{ err error }

func (e *notGoError) Error() string { return e.err.Error() }
func (e *notGoError) Unwrap() error { return e.err }

// run runs name with args in dir and returns its standard output. The
// error names the command and quotes the first lines of its standard error.
// The command runs in a process group that dies with the lab (see package
// procgroup).
func run(ctx context.Context, dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	err := procgroup.Run(ctx, cmd)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = ctxErr
		}
		msg := strings.Join(append([]string{name}, args...), " ")
		if lines := FirstLines(stderr.String(), 2); len(lines) > 0 {
			return stdout.String(), fmt.Errorf("%s: %w: %s", msg, err, strings.Join(lines, "; "))
		}
		return stdout.String(), fmt.Errorf("%s: %w", msg, err)
	}
	return stdout.String(), nil
}

// FirstLines returns the first n lines of s that are not blank, without
// their trailing space: the head of what a toolchain printed, for
// messages.
func FirstLines(s string, n int) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if len(out) == n {
			break
		}
		if l = strings.TrimRight(l, " \t\r"); strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// envValue returns the value of key in env, or "".
func envValue(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}

var errNotFound = errors.New("not found")

// lookPath finds an executable named file in the directories of pathList.
// A name containing a path separator is checked as is.
func lookPath(file, pathList string) (string, error) {
	names := []string{file}
	if runtime.GOOS == "windows" && filepath.Ext(file) == "" {
		names = []string{file + ".exe", file}
	}
	if strings.ContainsAny(file, `/\`) {
		for _, n := range names {
			if isExecutable(n) {
				return n, nil
			}
		}
		return "", fmt.Errorf("%s: %w", file, errNotFound)
	}
	for _, dir := range filepath.SplitList(pathList) {
		if dir == "" {
			continue
		}
		for _, n := range names {
			p := filepath.Join(dir, n)
			if isExecutable(p) {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("%s: %w in PATH", file, errNotFound)
}

func isExecutable(p string) bool {
	fi, err := os.Stat(p)
	if err != nil || fi.IsDir() {
		return false
	}
	return runtime.GOOS == "windows" || fi.Mode()&0o111 != 0
}
