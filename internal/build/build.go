// Package build compiles a probe with one toolchain, in one mode and
// language version, from an isolated copy of its source, and caches the
// binary by content.
//
// A probe is never built inside this repository: the repository's go.mod
// names a language version and dependencies old toolchains cannot read.
// Each build gets a fresh work directory holding only the probe's main.go
// and, for module-aware gc toolchains (go1.12 and later), a generated go.mod
// whose go line is the requested language version. Older gc toolchains
// build in GOPATH mode; gccgo compiles the file directly. GopherJS builds
// like gc (gopherjs build, JavaScript out), and gc's js/wasm toolchains
// are gc with GOOS=js GOARCH=wasm in their environment: the binary of
// either is run through the toolchain's launcher (toolchain.Command).
package build

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/procgroup"
	"github.com/maplab/maplab/internal/toolchain"
)

// formatVersion changes whenever the way probes are built changes, so that
// cached binaries built the old way are not reused.
const formatVersion = "build-v3" // v2: gccgo links statically; v3: without DWARF (gc), with gold (gccgo)

// Request says what to build.
type Request struct {
	Probe     catalogue.Probe
	Toolchain toolchain.Toolchain
	Mode      toolchain.Mode
	// Lang is the resolved language version for the go.mod go line, e.g.
	// "go1.21", or "" to build without a go.mod (see ResolveLang).
	Lang string
}

// Error is a failed build. Output holds the toolchain's messages.
type Error struct {
	Request Request
	Output  string
	Err     error
	// Work is the temporary directory the build ran in, which paths in
	// Output may name; empty when the toolchain did not start.
	Work string
}

// positionRE matches the position that starts a compiler error line,
// "./main.go:6:25: " (gc) or "main.go:6:32: error: " (gccgo), with any
// directory before the file name.
var positionRE = regexp.MustCompile(`^\S*\.go:[0-9]+(:[0-9]+)?: (error: )?`)

// typographicQuotes turns the quotes GCC prints under a UTF-8 locale into
// the ASCII ones it prints otherwise.
var typographicQuotes = strings.NewReplacer("\u2018", "'", "\u2019", "'", "\u201c", `"`, "\u201d", `"`)

// Messages returns the compiler's error messages in the build's output,
// one per error line, without the position, gccgo's "error: " and the
// source lines gccgo quotes under them, and with the paths of the build's
// work directory and of the toolchain's GOROOT replaced by $WORK and
// $GOROOT, so that the same rejection reads the same on every machine:
// "duplicate key 1 in map literal", "package maps is not in GOROOT
// ($GOROOT/src/maps)"; GCC's typographic quotes become ASCII ones. Output
// without any error line gives its first line that is not a "# package"
// header.
func (e *Error) Messages() []string {
	clean := func(s string) string {
		if e.Work != "" {
			s = strings.ReplaceAll(s, e.Work, "$WORK")
		}
		if g := e.Request.Toolchain.GOROOT; g != "" {
			s = strings.ReplaceAll(s, g, "$GOROOT")
		}
		// gccgo quotes names with typographic quotes under a UTF-8
		// locale and ASCII ones otherwise.
		return strings.TrimSpace(typographicQuotes.Replace(s))
	}
	var msgs []string
	var other string
	for _, l := range strings.Split(e.Output, "\n") {
		l = strings.TrimRight(l, " \t\r")
		if loc := positionRE.FindStringIndex(l); loc != nil {
			msgs = append(msgs, clean(l[loc[1]:]))
			continue
		}
		if t := strings.TrimSpace(l); other == "" && t != "" && !strings.HasPrefix(t, "#") {
			other = clean(t)
		}
	}
	if len(msgs) == 0 && other != "" {
		msgs = []string{other}
	}
	return msgs
}

func (e *Error) Error() string {
	return fmt.Sprintf("building %s with %s (%s): %v\n%s", e.Request.Probe.Name, e.Request.Toolchain.ID, e.Request.Mode, e.Err, strings.Join(toolchain.FirstLines(e.Output, 10), "\n"))
}

func (e *Error) Unwrap() error { return e.Err }

// Builder builds probes into a content-addressed cache directory. It is safe
// for concurrent use; concurrent requests for the same binary build once.
type Builder struct {
	// CacheDir holds the binaries, one directory per cache key.
	CacheDir string
	// BaseEnv is the environment builds start from (PATH and HOME at
	// least); toolchain settings are added to it.
	BaseEnv []string

	mu       sync.Mutex
	inflight map[string]*call
}

type call struct {
	done chan struct{}
	path string
	err  error
}

// Key returns the cache key of a request: it changes when the probe source,
// the toolchain, the mode or the language version changes.
func Key(r Request) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n", formatVersion, r.Probe.Name, r.Probe.Hash,
		r.Toolchain.ID, r.Toolchain.Version, r.Toolchain.Path, strings.Join(r.Toolchain.ExtraEnv, " "), r.Mode, r.Lang)
	return hex.EncodeToString(h.Sum(nil))[:24]
}

// Has reports whether the cache holds the probe binary for r.
func (b *Builder) Has(r Request) bool {
	_, err := os.Stat(filepath.Join(b.CacheDir, Key(r), "probe"))
	return err == nil
}

// Build returns the path of the probe binary for r, building it unless the
// cache already holds it. cached reports a cache hit.
func (b *Builder) Build(ctx context.Context, r Request) (path string, cached bool, err error) {
	return b.BuildOn(ctx, r, procgroup.CPUSet{})
}

// BuildOn is Build with the build's processes (the go command's compile
// and link, gccgo's cc1 and ld) started on the CPUs of set, so that a
// build can run beside a trial that holds the other CPUs (see
// runner.Processors). Where they run changes nothing in the binary.
func (b *Builder) BuildOn(ctx context.Context, r Request, set procgroup.CPUSet) (path string, cached bool, err error) {
	key := Key(r)
	final := filepath.Join(b.CacheDir, key, "probe")
	if _, err := os.Stat(final); err == nil {
		return final, true, nil
	}
	b.mu.Lock()
	if b.inflight == nil {
		b.inflight = map[string]*call{}
	}
	if c, ok := b.inflight[key]; ok {
		b.mu.Unlock()
		select {
		case <-c.done:
			return c.path, true, c.err
		case <-ctx.Done():
			return "", false, ctx.Err()
		}
	}
	c := &call{done: make(chan struct{})}
	b.inflight[key] = c
	b.mu.Unlock()

	c.path, c.err = b.build(ctx, r, final, set)
	close(c.done)
	b.mu.Lock()
	delete(b.inflight, key)
	b.mu.Unlock()
	return c.path, false, c.err
}

func (b *Builder) build(ctx context.Context, r Request, final string, set procgroup.CPUSet) (string, error) {
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return "", fmt.Errorf("creating build cache: %w", err)
	}
	// Another process sharing the cache may be building the same binary:
	// wait for it, then use its result.
	unlock, err := lockFile(ctx, filepath.Join(filepath.Dir(final), ".lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	if _, err := os.Stat(final); err == nil {
		return final, nil
	}
	work, err := os.MkdirTemp(filepath.Dir(final), "work-")
	if err != nil {
		return "", fmt.Errorf("creating build work dir: %w", err)
	}
	defer os.RemoveAll(work)

	out := filepath.Join(work, "probe.bin")
	argv, dir, env, err := Command(r, b.BaseEnv, work, out)
	if err != nil {
		return "", err
	}
	for name, content := range Files(r) {
		p := filepath.Join(work, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			return "", fmt.Errorf("writing isolated probe copy: %w", err)
		}
	}
	// The build runs in a process group of its own that dies with the lab
	// (see package procgroup): the go command's compile and link, and
	// gccgo's cc1 and ld, are killed with it when the run is cancelled or
	// the lab is killed.
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	cmd.WaitDelay = time.Second
	err = procgroup.RunOn(ctx, cmd, set)
	if errors.Is(err, exec.ErrWaitDelay) {
		// The build succeeded; a process that left its group kept the
		// output pipe open past WaitDelay.
		err = nil
	}
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			// The toolchain itself could not be started (it vanished, or
			// is not executable).
			return "", &Error{Request: r, Output: err.Error(), Err: fmt.Errorf("toolchain %s unavailable: %w", r.Toolchain.Path, err)}
		}
		return "", &Error{Request: r, Output: buf.String(), Err: err, Work: work}
	}
	if err := os.Rename(out, final); err != nil {
		return "", fmt.Errorf("storing built probe: %w", err)
	}
	return final, nil
}

// Files returns the isolated work tree for r: the probe's main.go and, in
// module mode, a generated go.mod. Paths are relative to the work dir.
func Files(r Request) map[string][]byte {
	files := map[string][]byte{}
	switch {
	case r.Toolchain.Kind == toolchain.GCCGO:
		files["main.go"] = r.Probe.Source
	case r.Lang != "":
		files["main.go"] = r.Probe.Source
		files["go.mod"] = []byte(fmt.Sprintf("module maplab.probe/%s\n\ngo %s\n", r.Probe.Name, strings.TrimPrefix(r.Lang, "go")))
	default:
		files[filepath.Join("src", "maplabprobe", r.Probe.Name, "main.go")] = r.Probe.Source
	}
	return files
}

// Command returns the command, its directory and its complete environment
// for building r in work into out, starting from the environment base. It
// is pure: nothing runs. The toolchain's own settings come from
// Toolchain.BuildEnv (nothing switched or fetched, then the toolchain's
// ExtraEnv, e.g. GOTOOLCHAIN=go1.27.3); Command adds only what the build mode
// needs.
func Command(r Request, base []string, work, out string) (argv []string, dir string, env []string, err error) {
	tc := r.Toolchain
	switch tc.Kind {
	case toolchain.GCCGO:
		if r.Mode == toolchain.Race {
			return nil, "", nil, fmt.Errorf("%s: gccgo has no race detector", tc.ID)
		}
		// Mirror what "go build -compiler=gccgo" passes, -O2 -g, and link
		// statically. A program linked against Debian's libgo.so spends
		// about 0.25 s of every start in libbacktrace, inflating and
		// sorting the library's compressed DWARF (perf, gccgo 11 and 12,
		// 2026-12-05): a quarter of a second per trial, more than most
		// probes take. The static program runs the same libgo, of the same
		// release, from libgo.a, and starts in about 0.04 s; its panic
		// and fatal tracebacks, memory figures and outcomes were checked
		// the same (testscript/testdata; BenchmarkGCCGOStart in bench/
		// measures the start of both).
		//
		// It links with gold, which links the static program in 0.46 s
		// where the default linker takes 0.72 s (gccgo 12, 2026-12-05):
		// over a hundred gccgo builds in a cold run, the linker was most
		// of a gccgo build. The program and its DWARF, which libgo's
		// tracebacks read, are the same. Where binutils has no gold (it
		// is a package of its own from Debian 13 on), the default linker
		// links.
		argv = []string{tc.Path, "-O2", "-g", "-static"}
		if _, err := exec.LookPath("ld.gold"); err == nil {
			argv = append(argv, "-fuse-ld=gold")
		}
		return append(argv, "-o", out, "main.go"), work, tc.BuildEnv(base), nil
	case toolchain.GC:
	case toolchain.GopherJS:
		if r.Mode == toolchain.Race {
			return nil, "", nil, fmt.Errorf("%s: GopherJS has no race detector", tc.ID)
		}
		// gopherjs build takes the go command's -o and a --tags list; it
		// compiles the standard library of GOPHERJS_GOROOT (tc.ExtraEnv).
		// It writes JavaScript (and a source map beside it), run by node.
		argv = []string{tc.Path, "build", "-o", out}
		if r.Probe.BuildOutcome() {
			argv = append(argv, "--tags", catalogue.BuildOutcomeTag)
		}
		argv = append(argv, ".")
		extra := []string{"GO111MODULE=on"}
		dir = work
		if r.Lang == "" {
			extra = []string{"GO111MODULE=off", "GOPATH=" + work}
			dir = filepath.Join(work, "src", "maplabprobe", r.Probe.Name)
		}
		return argv, dir, tc.BuildEnv(append(append([]string{}, base...), extra...)), nil
	default:
		return nil, "", nil, fmt.Errorf("%s: unknown toolchain kind %q", tc.ID, tc.Kind)
	}
	// -ldflags=-w leaves out the DWARF sections, which only debuggers
	// read: a traceback, a panic's message and a race report come from
	// the runtime's own tables, which stay. Linking without them takes a
	// race build 0.30 s instead of 0.48 s and a plain one 0.19 s instead
	// of 0.24 s (go1.26.8, 2026-12-05), about 250 builds a cold run.
	argv = []string{tc.Path, "build", "-ldflags=-w", "-o", out}
	if r.Mode == toolchain.Race {
		argv = append(argv, "-race")
	}
	extra := []string{}
	if r.Mode == toolchain.Race {
		extra = append(extra, "CGO_ENABLED=1")
	}
	if r.Lang != "" {
		// GOPATH stays the user's: its module cache holds the toolchains
		// that GOTOOLCHAIN selects.
		extra = append(extra, "GO111MODULE=on")
		dir = work
	} else {
		extra = append(extra, "GO111MODULE=off", "GOPATH="+work)
		dir = filepath.Join(work, "src", "maplabprobe", r.Probe.Name)
	}
	if r.Probe.BuildOutcome() {
		// A build-outcome probe is excluded from the repository's own
		// builds by its build tag (see catalogue.BuildOutcomeTag). gccgo
		// compiles the file it is given whatever its constraints.
		argv = append(argv, "-tags", catalogue.BuildOutcomeTag)
	}
	argv = append(argv, ".")
	return argv, dir, tc.BuildEnv(append(append([]string{}, base...), extra...)), nil
}

// ResolveLang turns a probe's langs directive entry into the go.mod
// language version for toolchain tc. It returns ok == false when the
// toolchain cannot build with that language version (it is newer than the
// toolchain). The result is "" for toolchains that build without go.mod.
func ResolveLang(entry string, tc toolchain.Toolchain) (lang string, ok bool) {
	if tc.Kind == toolchain.GCCGO || tc.Lang == "" || toolchain.CompareRelease(tc.Release, "go1.12") < 0 {
		return "", entry == catalogue.LangToolchain
	}
	if entry == catalogue.LangToolchain {
		return tc.Lang, true
	}
	if toolchain.CompareRelease(entry, tc.Lang) > 0 {
		return "", false
	}
	return entry, true
}

// Langs returns the distinct language versions p is built with on tc, in
// directive order.
func Langs(p catalogue.Probe, tc toolchain.Toolchain) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range p.Langs {
		l, ok := ResolveLang(e, tc)
		if ok && !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}
