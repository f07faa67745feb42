package apicheck

import (
	"go/importer"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	hostOnce sync.Once
	hostTab  *Table
	hostErr  error
)

// hostTable loads the API files of the toolchain running the test once.
func hostTable(t *testing.T) *Table {
	t.Helper()
	hostOnce.Do(func() {
		dir, err := APIDir()
		if err != nil {
			hostErr = err
			return
		}
		hostTab, hostErr = LoadTable(dir)
	})
	if hostErr != nil {
		if os.Getenv("MAPLAB_REQUIRE_ALL") == "1" {
			t.Fatalf("loading the toolchain's API files: %v", hostErr)
		}
		t.Skipf("skipping: the toolchain's API files are not available: %v", hostErr)
	}
	return hostTab
}

func newChecker(t *testing.T) *Checker {
	t.Helper()
	fset := token.NewFileSet()
	return &Checker{Table: hostTable(t), Fset: fset, Importer: importer.ForCompiler(fset, "gc", nil)}
}

func TestCheckDir(t *testing.T) {
	c := newChecker(t)
	tests := []struct {
		probe   string
		minimum Release
		want    []string // findings, file names relative to the probe directory
	}{
		{"strings-builder", 9, []string{
			"main.go:14:16: strings.Builder requires go1.10 (probe minimum go1.9)",
			"main.go:15:4: (*strings.Builder).WriteString requires go1.10 (probe minimum go1.9)",
			"main.go:16:21: strings.Builder requires go1.10 (probe minimum go1.9)",
			"main.go:16:30: (*strings.Builder).WriteString requires go1.10 (probe minimum go1.9)",
			"main.go:18:16: (*strings.Builder).String requires go1.10 (probe minimum go1.9)",
		}},
		{"strings-builder", 10, nil},
		{"clear-builtin", 9, []string{
			"main.go:12:2: clear requires go1.21 or later (probe minimum go1.9)",
		}},
		{"clear-builtin", 21, nil},
		{"generic-any", 9, []string{
			"main.go:10:11: type parameter requires go1.18 or later (probe minimum go1.9)",
			"main.go:10:13: predeclared comparable requires go1.18 or later (probe minimum go1.9)",
			"main.go:10:27: predeclared any requires go1.18 or later (probe minimum go1.9)",
			"main.go:10:38: invalid map key type K (missing comparable constraint)",
			"main.go:15:18: implicit function instantiation requires go1.18 or later (probe minimum go1.9)",
		}},
		{"generic-any", 18, nil},
		{"maps-clone", 21, nil},
		{"maps-clone", 20, []string{
			"main.go:12:2: package maps requires go1.21 (probe minimum go1.20)",
			"main.go:17:12: maps.Clone requires go1.21 (probe minimum go1.20)",
			"main.go:18:22: built-in min requires go1.21 or later (probe minimum go1.20)",
		}},
		{"maps-iter", 23, nil},
		{"maps-iter", 21, []string{
			"main.go:17:20: cannot range over maps.All(m) (value of func type iter.Seq2[string, int]): requires go1.23 or later (probe minimum go1.21)",
			"main.go:17:25: maps.All requires go1.23 (probe minimum go1.21)",
		}},
		{"sync-map", 9, nil},
		{"sync-map", 8, []string{
			"main.go:14:13: sync.Map requires go1.9 (probe minimum go1.8)",
			"main.go:15:4: (*sync.Map).Store requires go1.9 (probe minimum go1.8)",
			"main.go:16:13: (*sync.Map).Load requires go1.9 (probe minimum go1.8)",
			"main.go:18:4: (*sync.Map).Range requires go1.9 (probe minimum go1.8)",
		}},
		// A method newer than its type.
		{"sync-map-swap", 9, []string{
			"main.go:15:19: (*sync.Map).Swap requires go1.20 (probe minimum go1.9)",
		}},
		{"sync-map-swap", 20, nil},
		// Value-receiver methods of a Go 1 type, added in Go 1.9.
		{"duration-round", 9, nil},
		{"duration-round", 8, []string{
			"main.go:15:16: time.Duration.Round requires go1.9 (probe minimum go1.8)",
			"main.go:15:38: time.Duration.Truncate requires go1.9 (probe minimum go1.8)",
		}},
		// os.FileInfo, os.FileMode and os.PathError became aliases of
		// io/fs types in Go 1.16; their members are as old as os.
		{"moved-types", 0, nil},
		// Promoted through a standard type (bufio.ReadWriter embeds
		// *bufio.Writer) and through the probe's own struct.
		{"promoted-method", 9, []string{
			"main.go:24:37: bufio.ReadWriter.AvailableBuffer requires go1.18 (probe minimum go1.9)",
			"main.go:28:4: (*sync.Map).Clear requires go1.23 (probe minimum go1.9)",
		}},
		{"promoted-method", 23, nil},
		// Interface methods, and methods of a type returned by a method.
		{"reflect-map-range", 12, []string{
			"main.go:20:55: reflect.Type.OverflowInt requires go1.23 (probe minimum go1.12)",
		}},
		{"reflect-map-range", 9, []string{
			"main.go:16:18: reflect.MapIter requires go1.12 (probe minimum go1.9)",
			"main.go:16:30: reflect.Value.MapRange requires go1.12 (probe minimum go1.9)",
			"main.go:17:9: (*reflect.MapIter).Next requires go1.12 (probe minimum go1.9)",
			"main.go:18:18: (*reflect.MapIter).Key requires go1.12 (probe minimum go1.9)",
			"main.go:18:28: (*reflect.MapIter).Value requires go1.12 (probe minimum go1.9)",
			"main.go:20:55: reflect.Type.OverflowInt requires go1.23 (probe minimum go1.9)",
		}},
		// Struct fields, selected and in keyed literals.
		{"build-info", 12, []string{
			"main.go:19:41: runtime/debug.BuildInfo.GoVersion requires go1.18 (probe minimum go1.12)",
			"main.go:22:13: runtime/debug.BuildSetting requires go1.18 (probe minimum go1.12)",
			"main.go:22:26: runtime/debug.BuildSetting.Key requires go1.18 (probe minimum go1.12)",
			"main.go:22:36: runtime/debug.BuildSetting.Value requires go1.18 (probe minimum go1.12)",
		}},
		{"build-info", 18, nil},
		{"atomic-and-os", 17, []string{
			"main.go:15:15: sync/atomic.Int64 requires go1.19 (probe minimum go1.17)",
			"main.go:16:4: (*sync/atomic.Int64).Add requires go1.19 (probe minimum go1.17)",
			"main.go:20:16: (*sync/atomic.Int64).Load requires go1.19 (probe minimum go1.17)",
		}},
		{"atomic-and-os", 9, []string{
			"main.go:15:15: sync/atomic.Int64 requires go1.19 (probe minimum go1.9)",
			"main.go:16:4: (*sync/atomic.Int64).Add requires go1.19 (probe minimum go1.9)",
			"main.go:19:15: os.ReadFile requires go1.16 (probe minimum go1.9)",
			"main.go:20:16: (*sync/atomic.Int64).Load requires go1.19 (probe minimum go1.9)",
		}},
		// Methods of an instance of a generic standard type.
		{"atomic-pointer", 19, nil},
		{"atomic-pointer", 18, []string{
			"main.go:16:15: sync/atomic.Pointer requires go1.19 (probe minimum go1.18)",
			"main.go:18:4: (*sync/atomic.Pointer).Store requires go1.19 (probe minimum go1.18)",
			"main.go:19:21: (*sync/atomic.Pointer).Load requires go1.19 (probe minimum go1.18)",
		}},
		{"language-features", 9, []string{
			"main.go:11:17: cannot range over 3 (untyped int constant): requires go1.22 or later (probe minimum go1.9)",
			"main.go:12:29: binary literal requires go1.13 or later (probe minimum go1.9)",
			"main.go:12:36: underscore in numeric literal requires go1.13 or later (probe minimum go1.9)",
			"main.go:15:17: cannot convert s (variable of type []int) to type *[2]int: conversion of slice to array pointer requires go1.17 or later (probe minimum go1.9)",
		}},
		{"language-features", 22, nil},
		// new.go (go1.21) is left out below go1.21, old.go from go1.21 on;
		// tagged.go's //go:build go1.9 must not lift it to go1.21 rules.
		{"build-constraints", 9, []string{
			"tagged.go:9:8: predeclared any requires go1.18 or later (probe minimum go1.9)",
		}},
		{"build-constraints", 21, nil},
		{"gobuild-only", 9, []string{
			"always.go:1:1: //go:build line without a // +build line is ignored before go1.17 (probe minimum go1.9)",
		}},
		{"gobuild-only", 17, nil},
	}
	for _, tt := range tests {
		t.Run(tt.probe+"@"+tt.minimum.String(), func(t *testing.T) {
			dir := filepath.Join("testdata", "probes", tt.probe)
			r, err := c.CheckDir(dir, tt.minimum)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range r.Findings {
				got = append(got, strings.TrimPrefix(f.String(), dir+string(filepath.Separator)))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestCheckDirReport(t *testing.T) {
	c := newChecker(t)
	dir := filepath.Join("testdata", "probes", "build-constraints")
	r, err := c.CheckDir(dir, 9)
	if err != nil {
		t.Fatal(err)
	}
	join := func(names ...string) string {
		var out []string
		for _, n := range names {
			out = append(out, filepath.Join(dir, n))
		}
		return strings.Join(out, " ")
	}
	if got, want := strings.Join(r.Files, " "), join("main.go", "old.go", "tagged.go"); got != want {
		t.Errorf("Files = %s, want %s", got, want)
	}
	if got, want := strings.Join(r.Ignored, " "), join("new.go"); got != want {
		t.Errorf("Ignored = %s, want %s", got, want)
	}

	r, err = c.CheckDir(filepath.Join("testdata", "probes", "maps-clone"), 21)
	if err != nil {
		t.Fatal(err)
	}
	if r.Floor != 21 || r.Symbols == 0 {
		t.Errorf("maps-clone: Floor = %v, Symbols = %d; want go1.21 and some", r.Floor, r.Symbols)
	}
}

func TestCheckDirErrors(t *testing.T) {
	c := newChecker(t)
	empty := t.TempDir()
	if _, err := c.CheckDir(empty, 9); err == nil {
		t.Errorf("CheckDir(empty dir) succeeded, want an error")
	}
	if _, err := c.CheckDir(filepath.Join(empty, "missing"), 9); err == nil {
		t.Errorf("CheckDir(missing dir) succeeded, want an error")
	}

	bad := t.TempDir()
	src := "package main\n\nfunc main() {\n\tx :=\n}\n"
	if err := os.WriteFile(filepath.Join(bad, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := c.CheckDir(bad, 9)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) == 0 || !strings.Contains(r.Findings[0].String(), "main.go:5:1: expected") {
		t.Errorf("syntax error findings = %v, want one at main.go:5:1", r.Findings)
	}
}

func TestReleaseTags(t *testing.T) {
	if got := strings.Join(ReleaseTags(3), " "); got != "go1.1 go1.2 go1.3" {
		t.Errorf("ReleaseTags(3) = %q", got)
	}
	if got := ReleaseTags(0); len(got) != 0 {
		t.Errorf("ReleaseTags(0) = %q, want none", got)
	}
}

func TestNeeds(t *testing.T) {
	c := newChecker(t)
	tests := []struct {
		probe string
		upto  Release
		want  Release
		ok    bool
	}{
		{"strings-builder", 21, 10, true},
		{"sync-map", 21, 9, true},
		{"sync-map-swap", 21, 20, true},
		{"maps-clone", 21, 21, true},
		{"maps-iter", 23, 23, true},
		{"language-features", 22, 22, true},
		{"build-info", 21, 18, true},
		{"moved-types", 21, 0, true},
		{"strings-builder", 9, 9, false},
	}
	for _, tt := range tests {
		got, ok, err := c.Needs(filepath.Join("testdata", "probes", tt.probe), tt.upto)
		if err != nil {
			t.Errorf("Needs(%s, %v): %v", tt.probe, tt.upto, err)
			continue
		}
		if got != tt.want || ok != tt.ok {
			t.Errorf("Needs(%s, %v) = %v, %v; want %v, %v", tt.probe, tt.upto, got, ok, tt.want, tt.ok)
		}
	}
}
