package toolchain

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sharedCache is an identification cache shared by the tests that are not
// about caching, so each toolchain is identified once per test binary.
var sharedCache string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "maplab-toolchain-test-")
	if err != nil {
		panic(err)
	}
	sharedCache = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// absent skips the test because something it needs is missing, or fails it
// when MAPLAB_REQUIRE_ALL=1 says everything must be present.
func absent(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("MAPLAB_REQUIRE_ALL") == "1" {
		t.Fatalf("MAPLAB_REQUIRE_ALL=1 but "+format, args...)
	}
	t.Skipf(format, args...)
}

// versionFile returns the first line of goroot/VERSION: what the
// distribution says it installed, independent of running the toolchain.
func versionFile(t *testing.T, goroot string) string {
	t.Helper()
	f, err := os.Open(filepath.Join(goroot, "VERSION"))
	if err != nil {
		t.Fatalf("reading the VERSION file: %v", err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Scan()
	return strings.TrimSpace(s.Text())
}

// hostGo returns the go command on PATH and its GOROOT, or skips.
func hostGo(t *testing.T) (path, goroot string) {
	t.Helper()
	path, err := exec.LookPath("go")
	if err != nil {
		absent(t, "no go command on PATH")
	}
	out, err := exec.Command(path, "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	return path, strings.TrimSpace(string(out))
}

func byID(ts []Toolchain, id string) (Toolchain, bool) {
	for _, t := range ts {
		if t.ID == id {
			return t, true
		}
	}
	return Toolchain{}, false
}

// checkRace checks that a gc toolchain on a machine with a C compiler and a
// race-capable platform offers race mode, and that every toolchain explains
// a missing race mode.
func checkRace(t *testing.T, tc Toolchain) {
	t.Helper()
	if !tc.Supports(Plain) {
		t.Errorf("%s: plain mode missing: %v", tc.ID, tc.Modes)
	}
	switch {
	case tc.Kind == GCCGO:
		if tc.Supports(Race) || tc.Unavailable[Race] != "gccgo has no race detector" {
			t.Errorf("%s: modes %v, Unavailable[race] %q; want race unavailable because gccgo has no race detector", tc.ID, tc.Modes, tc.Unavailable[Race])
		}
	case RaceDetectorSupported(tc.Release, tc.GOOS, tc.GOARCH) && hasCC():
		if !tc.Supports(Race) {
			t.Errorf("%s: race mode unavailable on %s/%s with a C compiler: %s", tc.ID, tc.GOOS, tc.GOARCH, tc.Unavailable[Race])
		}
	default:
		if !tc.Supports(Race) && tc.Unavailable[Race] == "" {
			t.Errorf("%s: race mode unavailable without a reason", tc.ID)
		}
	}
}

func hasCC() bool {
	_, err := exec.LookPath("gcc")
	if err != nil {
		_, err = exec.LookPath("clang")
	}
	return err == nil
}

// TestDiscoverLocal discovers the toolchains of this project's machines
// and checks each one it can see is there independently.
func TestDiscoverLocal(t *testing.T) {
	ctx := context.Background()
	found, missing, err := Discover(ctx, Options{CacheDir: sharedCache})
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	for _, tc := range found {
		t.Logf("found %-16s %-6s %-8s %s %v %s", tc.ID, tc.Kind, tc.Source, tc.Path, tc.ExtraEnv, tc.Unavailable[Race])
	}
	for _, h := range missing {
		t.Logf("hint %s", h)
	}

	seenIDs := map[string]bool{}
	for _, tc := range found {
		if seenIDs[tc.ID] {
			t.Errorf("ID %s found twice", tc.ID)
		}
		seenIDs[tc.ID] = true
		checkRace(t, tc)
	}

	t.Run("host go", func(t *testing.T) {
		_, goroot := hostGo(t)
		want := versionFile(t, goroot)
		tc, ok := byID(found, want)
		if !ok {
			t.Fatalf("host go %s (%s/VERSION) not found", want, goroot)
		}
		if tc.Kind != GC || tc.Release != want || tc.Lang != LangOf(want) || tc.GOROOT != goroot {
			t.Errorf("host go = %+v, want gc release %s lang %s in %s", tc, want, LangOf(want), goroot)
		}
	})

	t.Run("go1.19 from /usr/lib/go-1.19", func(t *testing.T) {
		const goroot = "/usr/lib/go-1.19"
		if _, err := os.Stat(filepath.Join(goroot, "bin", "go")); err != nil {
			absent(t, "Debian's golang-1.19-go is not installed (%v); apt-get install golang-1.19-go", err)
		}
		if !searched(filepath.Join(goroot, "bin", "go")) {
			absent(t, "%s is hidden: %s=%q does not search it", goroot, DistGlobsVar, os.Getenv(DistGlobsVar))
		}
		want := versionFile(t, goroot)
		tc, ok := byID(found, want)
		if !ok {
			t.Fatalf("%s from %s not found", want, goroot)
		}
		if tc.Kind != GC || tc.Lang != "go1.19" || tc.GOROOT != goroot {
			t.Errorf("go1.19 = %+v, want gc, lang go1.19, GOROOT %s", tc, goroot)
		}
	})

	t.Run("go1.27.3 through GOTOOLCHAIN", func(t *testing.T) {
		path, _ := hostGo(t)
		out, err := exec.Command(path, "env", "GOMODCACHE").Output()
		if err != nil {
			t.Fatalf("go env GOMODCACHE: %v", err)
		}
		dir := filepath.Join(strings.TrimSpace(string(out)), "golang.org", "toolchain@v0.0.1-go1.27.3."+goHost(t))
		if _, err := os.Stat(filepath.Join(dir, "bin", "go")); err != nil {
			absent(t, "go1.27.3 is not in the module cache (%v); GOTOOLCHAIN=go1.27.3 go version fetches it", err)
		}
		tc, ok := byID(found, "go1.27.3")
		if !ok {
			t.Fatal("go1.27.3 not found although it is in the module cache")
		}
		if tc.GOROOT != dir || !reflect.DeepEqual(tc.ExtraEnv, []string{"GOTOOLCHAIN=go1.27.3"}) || tc.Source != "GOTOOLCHAIN" {
			t.Errorf("go1.27.3 = %+v, want GOROOT %s, Env GOTOOLCHAIN=go1.27.3, Source GOTOOLCHAIN", tc, dir)
		}
	})

	gccgos := []struct{ driver, id, lang, gccMajor string }{
		{"gccgo-11", "gccgo11-go1.16", "go1.16", "11."},
		{"gccgo-12", "gccgo12-go1.18", "go1.18", "12."},
	}
	for _, g := range gccgos {
		t.Run(g.driver, func(t *testing.T) {
			if _, err := exec.LookPath(g.driver); err != nil {
				absent(t, "%s is not installed; apt-get install %s", g.driver, g.driver)
			}
			tc, ok := byID(found, g.id)
			if !ok {
				t.Fatalf("%s not found as %s", g.driver, g.id)
			}
			if tc.Kind != GCCGO || LangOf(tc.Release) != g.lang || tc.Lang != "" || !strings.HasPrefix(tc.CompilerVersion, g.gccMajor) {
				t.Errorf("%s = %+v, want gccgo with the %s library, no lang, GCC %s", g.driver, tc, g.lang, g.gccMajor)
			}
		})
	}
}

func goHost(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOHOSTOS", "GOHOSTARCH").Output()
	if err != nil {
		t.Fatalf("go env GOHOSTOS GOHOSTARCH: %v", err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		t.Fatalf("go env GOHOSTOS GOHOSTARCH printed %q", out)
	}
	return f[0] + "-" + f[1]
}

func TestDiscoverUsesCache(t *testing.T) {
	hostGo(t)
	ctx := context.Background()
	opt := Options{CacheDir: t.TempDir(), Explicit: []string{"go"}}
	first, _, err := Discover(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(opt.CacheDir, cacheFile)); err != nil {
		t.Fatalf("no cache written: %v", err)
	}
	before := factsGathered.Load()
	second, _, err := Discover(ctx, opt)
	if err != nil {
		t.Fatal(err)
	}
	if n := factsGathered.Load() - before; n != 0 {
		t.Errorf("second discovery identified %d toolchains, want 0 (cached)", n)
	}
	if !reflect.DeepEqual(first, second) {
		t.Errorf("cached discovery differs:\n%+v\n%+v", first, second)
	}
	opt.NoCache = true
	before = factsGathered.Load()
	if _, _, err := Discover(ctx, opt); err != nil {
		t.Fatal(err)
	}
	if n := factsGathered.Load() - before; n != 1 {
		t.Errorf("discovery without cache identified %d toolchains, want 1", n)
	}
}

func TestDiscoverExplicitErrors(t *testing.T) {
	hostGo(t)
	dir := t.TempDir()
	script := filepath.Join(dir, "notgo")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho nope >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.txt")
	if err := os.WriteFile(plain, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A stand-in gccgo driver: the variant is refused before the driver
	// runs, so the test needs no gccgo installed.
	fakeGccgo := filepath.Join(dir, "gccgo-12")
	if err := os.WriteFile(fakeGccgo, []byte("#!/bin/sh\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		entry string
		want  []string
	}{
		{dir, []string{"not a Go toolchain: no bin/go or gccgo driver found in " + dir, "give a go command, a GOROOT directory"}},
		{filepath.Join(dir, "missing"), []string{"not a Go toolchain", "no such file or directory", "give a go command"}},
		{script, []string{"not a Go toolchain", "nope", "give a go command"}},
		{plain, []string{"not a Go toolchain", "not executable"}},
		{"no-such-command-xyz", []string{"not the ID of a toolchain found here (found: ", "nor a command on PATH", "not found in PATH", "give a go command"}},
		{"gccgo99-go1.99", []string{"not the ID of a toolchain found here", "nor a command on PATH"}},
		{"go1.99.1", []string{"not in the module cache", "never downloads", "GOTOOLCHAIN=go1.99.1 go version"}},
		// Not the ID of a toolchain found here (go1.19.99 is no release),
		// so it is read as a release for GOTOOLCHAIN.
		{"go1.19.99", []string{"GOTOOLCHAIN can only select go1.21 or later", "matrix install go1.19.99"}},
		{"go+nosuchexperiment", []string{"rejects GOEXPERIMENT=nosuchexperiment"}},
		{fakeGccgo + "+noswissmap", []string{"needs a gc toolchain"}},
		{"go+Bad", []string{`bad variant "Bad"`}},
	}
	for _, tt := range tests {
		t.Run(tt.entry, func(t *testing.T) {
			found, missing, err := Discover(context.Background(), Options{CacheDir: sharedCache, Explicit: []string{tt.entry}})
			if err == nil {
				t.Fatalf("Discover(%q) found %+v, want an error", tt.entry, found)
			}
			if len(found) != 0 || len(missing) != 0 {
				t.Errorf("Discover(%q) = %d toolchains, %d hints, want none", tt.entry, len(found), len(missing))
			}
			msg := err.Error()
			if !strings.Contains(msg, `toolchain entry "`+tt.entry+`"`) && !strings.Contains(msg, `unknown toolchain "`+tt.entry+`"`) {
				t.Errorf("error %q does not name the entry", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
		})
	}

	t.Run("bare gccgo-12+noswissmap on PATH", func(t *testing.T) {
		environ := append(os.Environ(), "PATH="+dir)
		_, _, err := Discover(context.Background(), Options{CacheDir: sharedCache, Environ: environ, Explicit: []string{"gccgo-12+noswissmap"}})
		if err == nil || !strings.Contains(err.Error(), "needs a gc toolchain") {
			t.Errorf("error = %v, want one saying the variant needs a gc toolchain", err)
		}
	})

	t.Run("good and bad together", func(t *testing.T) {
		found, _, err := Discover(context.Background(), Options{CacheDir: sharedCache, Explicit: []string{"go", dir}})
		if err == nil || !strings.Contains(err.Error(), dir) {
			t.Errorf("error = %v, want one about %s", err, dir)
		}
		if len(found) != 1 || found[0].Source != "explicit" {
			t.Errorf("found %+v, want the go command alone with source explicit", found)
		}
	})
}

// TestDiscoverSelectsByID checks that an explicit entry naming the ID of a
// toolchain the search finds selects that toolchain, as found by the
// search, whatever its kind: "matrix toolchains" and "matrix run" accept
// the IDs the listing shows.
func TestDiscoverSelectsByID(t *testing.T) {
	hostGo(t)
	ctx := context.Background()
	t.Setenv(EnvVar, "") // search, whatever the test's environment lists
	all, _, err := Discover(ctx, Options{CacheDir: sharedCache})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range all {
		if !LooksLikeID(want.ID) {
			t.Errorf("%s, an ID Discover gives, does not look like an ID", want.ID)
			continue
		}
		t.Run(want.ID, func(t *testing.T) {
			got, _, err := Discover(ctx, Options{CacheDir: sharedCache, Explicit: []string{want.ID}, ExplicitSource: "-toolchains"})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
				t.Errorf("Discover(%q) = %+v, want the searched toolchain %+v", want.ID, got, want)
			}
		})
	}
	// Through MAPLAB_TOOLCHAINS too, and with the IDs in any order.
	var ids []string
	for i := len(all) - 1; i >= 0; i-- {
		ids = append(ids, all[i].ID)
	}
	t.Setenv(EnvVar, strings.Join(ids, ","))
	got, _, err := Discover(ctx, Options{CacheDir: sharedCache})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, all) {
		t.Errorf("%s=%s selected %d toolchains, want the %d found", EnvVar, strings.Join(ids, ","), len(got), len(all))
	}
}

func TestLooksLikeID(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"go1.19.8", true},
		{"go1.24.6+noswissmap", true},
		{"gccgo12-go1.18", true},
		{"gccgo-go1.18", true},
		{"devel-go1.27-abcdef1234", true},
		{"go1.26.8-js-wasm", true},
		{"gopherjs1.19.0-beta2-go1.19.8", true},
		{"gopherjs", false},
		{"go1.26.8-js", false},
		{"go", false},
		{"gccgo-12", false},
		{"/usr/lib/go-1.19", false},
		{"no-such-toolchain", false},
	} {
		if got := LooksLikeID(tt.in); got != tt.want {
			t.Errorf("LooksLikeID(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestDiscoverEnvList(t *testing.T) {
	path, goroot := hostGo(t)
	environ := append(os.Environ(), EnvVar+"=go, "+goroot+":"+path)
	found, missing, err := Discover(context.Background(), Options{CacheDir: sharedCache, Environ: environ})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].Source != EnvVar || found[0].ID != versionFile(t, goroot) {
		t.Errorf("found %+v, want only the host go (three spellings, deduplicated), source %s", found, EnvVar)
	}
	if missing != nil {
		t.Errorf("explicit discovery gave hints %v", missing)
	}
}

func TestDiscoverVariant(t *testing.T) {
	_, goroot := hostGo(t)
	host := versionFile(t, goroot)
	if LangOf(host) != "go1.26" {
		t.Skipf("host go is %s; the variant test uses GOEXPERIMENT=nogreenteagc, which go1.26 accepts", host)
	}
	found, _, err := Discover(context.Background(), Options{CacheDir: sharedCache, Explicit: []string{"go", "go+nogreenteagc"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tc := range found {
		ids = append(ids, tc.ID)
	}
	want := []string{host, host + "+nogreenteagc"}
	if !reflect.DeepEqual(ids, want) {
		t.Fatalf("IDs %q, want %q", ids, want)
	}
	v := found[1]
	if v.Variant != "nogreenteagc" || !reflect.DeepEqual(v.ExtraEnv, []string{"GOEXPERIMENT=nogreenteagc"}) || v.Release != host {
		t.Errorf("variant = %+v", v)
	}
	if rv := ParseRuntimeVersion(v.Version); !reflect.DeepEqual(rv.Experiments, []string{"nogreenteagc"}) {
		t.Errorf("variant runtime.Version() %q does not report the experiment", v.Version)
	}
}

// fakeHome returns an environment whose HOME is a new directory, keeping
// the go command's caches where they are so builds stay fast and offline.
func fakeHome(t *testing.T, pathList string) (home string, environ []string) {
	t.Helper()
	out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE", "GOPATH").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	f := strings.Split(strings.TrimSpace(string(out)), "\n")
	home = t.TempDir()
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "HOME", "PATH", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", EnvVar:
			continue
		}
		environ = append(environ, kv)
	}
	environ = append(environ, "HOME="+home, "PATH="+pathList, "GOCACHE="+f[0], "GOMODCACHE="+f[1], "GOPATH="+f[2])
	return home, environ
}

func TestDiscoverSDK(t *testing.T) {
	const goroot = "/usr/lib/go-1.19"
	if _, err := os.Stat(filepath.Join(goroot, "bin", "go")); err != nil {
		absent(t, "test needs %s as a stand-in SDK: %v", goroot, err)
	}
	home, environ := fakeHome(t, os.Getenv("PATH"))
	want := versionFile(t, goroot)
	bin := filepath.Join(home, "sdk", want, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(goroot, "bin", "go"), filepath.Join(bin, "go")); err != nil {
		t.Fatal(err)
	}
	for _, globs := range [][]string{{}, nil} {
		found, _, err := Discover(context.Background(), Options{CacheDir: sharedCache, Environ: environ, DistGlobs: globs})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, tc := range found {
			// GopherJS compiles go1.19's library too; only gc counts here.
			if LangOf(tc.Release) == "go1.19" && tc.Kind == GC && tc.Native() {
				n++
				if tc.ID != want || tc.Source != "~/sdk" {
					t.Errorf("DistGlobs %q: found %s from %s, want %s from ~/sdk", globs, tc.ID, tc.Source, want)
				}
			}
		}
		if n != 1 {
			t.Errorf("DistGlobs %q: found go1.19 %d times, want once", globs, n)
		}
	}
}

func TestDiscoverHints(t *testing.T) {
	path, _ := hostGo(t)
	binDir := t.TempDir()
	if err := os.Symlink(path, filepath.Join(binDir, "go")); err != nil {
		t.Fatal(err)
	}
	// PATH holds only the go command: no gccgo, no C compiler.
	_, environ := fakeHome(t, binDir)
	found, missing, err := Discover(context.Background(), Options{CacheDir: sharedCache, Environ: environ, DistGlobs: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range found {
		if tc.Kind == GCCGO || LangOf(tc.Release) == "go1.19" {
			t.Errorf("found %s with a PATH of only the go command and no distribution globs", tc.ID)
		}
		if tc.Supports(Race) {
			t.Errorf("%s offers race mode without a C compiler on PATH", tc.ID)
		} else if why := tc.Unavailable[Race]; !strings.Contains(why, "cgo") {
			t.Errorf("%s: race unavailable because %q, want a reason about cgo", tc.ID, why)
		}
	}
	fixes := map[string]string{}
	for _, h := range missing {
		fixes[h.Toolchain] = h.Fix
	}
	for name, want := range map[string]string{
		"Go 1.19":                    "apt-get install golang-1.19-go",
		"gccgo 11 (Go 1.16 library)": "apt-get install gccgo-11",
		"gccgo 12 (Go 1.18 library)": "apt-get install gccgo-12",
		"any other release":          "go run ./matrix install go1.X.Y",
	} {
		if fix, ok := fixes[name]; !ok || !strings.Contains(fix, want) {
			t.Errorf("hint for %q = %q (present %v), want one containing %q", name, fix, ok, want)
		}
	}
	if _, ok := byID(found, "go1.27.3"); ok {
		if _, hinted := fixes["go1.27.3"]; hinted {
			t.Error("go1.27.3 found and hinted as missing")
		}
	}
}

func TestDistGlobsVar(t *testing.T) {
	tests := []struct {
		value string
		want  []string
	}{
		{"", DefaultDistGlobs},
		{"  ", DefaultDistGlobs},
		{"none", []string{}},
		{"/opt/go-*/bin/go", []string{"/opt/go-*/bin/go"}},
		{"/a/bin/go" + string(filepath.ListSeparator) + " /b/*/bin/go ", []string{"/a/bin/go", "/b/*/bin/go"}},
	}
	for _, tt := range tests {
		got := DistGlobs([]string{"HOME=/x", DistGlobsVar + "=" + tt.value})
		if !reflect.DeepEqual(got, tt.want) || got == nil {
			t.Errorf("%s=%q: DistGlobs = %#v, want %#v", DistGlobsVar, tt.value, got, tt.want)
		}
	}
	if got := DistGlobs([]string{"HOME=/x"}); !reflect.DeepEqual(got, DefaultDistGlobs) {
		t.Errorf("unset: DistGlobs = %#v, want the defaults", got)
	}

	// MAPLAB_DIST_GLOBS=none hides /usr/lib/go-* from a search.
	if _, err := os.Stat("/usr/lib/go-1.19/bin/go"); err != nil {
		absent(t, "test needs /usr/lib/go-1.19 to show it hidden: %v", err)
	}
	path, _ := hostGo(t)
	binDir := t.TempDir()
	if err := os.Symlink(path, filepath.Join(binDir, "go")); err != nil {
		t.Fatal(err)
	}
	_, environ := fakeHome(t, binDir)
	for _, v := range []string{"none", ""} {
		found, _, err := Discover(context.Background(), Options{CacheDir: sharedCache, Environ: append(environ, DistGlobsVar+"="+v)})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, tc := range found {
			if strings.HasPrefix(tc.Source, "/usr/lib/go-") {
				n++
			}
		}
		if v == "none" && n != 0 || v == "" && n == 0 {
			t.Errorf("%s=%q: found %d toolchains from /usr/lib in %v", DistGlobsVar, v, n, found)
		}
	}
}

// searched reports whether discovery searches the go command bin among
// distribution installs (DistGlobs of this process's environment).
func searched(bin string) bool {
	for _, g := range DistGlobs(nil) {
		if ok, _ := filepath.Match(g, bin); ok {
			return true
		}
	}
	return false
}
