package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// processState lists the functions and variables of package os that read
// the process's streams or environment. Below Main, package cli reads
// these only through what Main gives it (invocation.stdout, invocation.stderr,
// invocation.environ), so that a caller such as the testscript suite decides
// them.
var processState = map[string]bool{
	"Stdin": true, "Stdout": true, "Stderr": true,
	"Getenv": true, "LookupEnv": true, "Environ": true, "ExpandEnv": true,
	"UserCacheDir": true, "UserConfigDir": true, "UserHomeDir": true, "TempDir": true,
}

// TestOnlyMainReadsProcessState checks that no code of package cli other
// than Main reads os.Stderr, os.Getenv and the like.
func TestOnlyMainReadsProcessState(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		for _, where := range processStateReads(fset, f) {
			t.Errorf("%s: reads the process's own streams or environment; use the invocation Main builds", where)
		}
	}
	if checked == 0 {
		t.Fatal("no source files checked")
	}
}

// processStateReads returns "file:line: os.X" for each use of processState
// in f outside func Main.
func processStateReads(fset *token.FileSet, f *ast.File) []string {
	osName := ""
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "os" {
			osName = "os"
			if imp.Name != nil {
				osName = imp.Name.Name
			}
		}
	}
	if osName == "" {
		return nil
	}
	var found []string
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "Main" {
			continue
		}
		ast.Inspect(d, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == osName && processState[sel.Sel.Name] {
				found = append(found, fset.Position(sel.Pos()).String()+": os."+sel.Sel.Name)
			}
			return true
		})
	}
	return found
}

// TestProcessStateReadsCanFail proves the check finds a read.
func TestProcessStateReadsCanFail(t *testing.T) {
	src := `package cli

import "os"

func Main() { _ = os.Environ() }

func helper() { _ = os.Stderr; _ = os.Getenv("X") }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := processStateReads(fset, f)
	want := []string{"x.go:7:21: os.Stderr", "x.go:7:36: os.Getenv"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("processStateReads = %q, want %q", got, want)
	}
}

// TestUserCacheDir checks the cache directory for each operating system,
// read from the environment the command was given.
func TestUserCacheDir(t *testing.T) {
	tests := []struct {
		goos string
		env  map[string]string
		want string // "" for an error
	}{
		{"linux", map[string]string{"XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"}, "/x/cache"},
		{"linux", map[string]string{"XDG_CACHE_HOME": "relative", "HOME": "/home/u"}, "/home/u/.cache"},
		{"linux", map[string]string{"HOME": "/home/u"}, "/home/u/.cache"},
		{"linux", nil, ""},
		{"darwin", map[string]string{"HOME": "/Users/u"}, "/Users/u/Library/Caches"},
		{"darwin", nil, ""},
		{"windows", map[string]string{"LocalAppData": `C:\Users\u\AppData\Local`}, `C:\Users\u\AppData\Local`},
		{"windows", map[string]string{"HOME": "/home/u"}, ""},
		{"plan9", map[string]string{"home": "/usr/u"}, "/usr/u/lib/cache"},
	}
	for _, tt := range tests {
		got, err := userCacheDir(tt.goos, func(k string) string { return tt.env[k] })
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("userCacheDir(%s, %v) = %q, want an error", tt.goos, tt.env, got)
		case tt.want != "" && (err != nil || filepath.ToSlash(got) != filepath.ToSlash(tt.want)):
			t.Errorf("userCacheDir(%s, %v) = %q, %v; want %q", tt.goos, tt.env, got, err, tt.want)
		}
	}
}

// TestCacheDirFromGivenEnvironment checks that MAPLAB_CACHE and HOME come
// from the environment Main was given, not from the test process's.
func TestCacheDirFromGivenEnvironment(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the expected paths are Linux's")
	}
	t.Setenv("MAPLAB_CACHE", "/process/cache")
	inv := &invocation{environ: []string{"HOME=/given/home"}}
	if got, err := cacheDir(inv, "build"); err != nil || got != "/given/home/.cache/maplab/build" {
		t.Errorf("cacheDir = %q, %v; want /given/home/.cache/maplab/build", got, err)
	}
	inv.environ = append(inv.environ, "MAPLAB_CACHE=/given/cache")
	if got, err := cacheDir(inv, "build"); err != nil || got != "/given/cache/build" {
		t.Errorf("cacheDir = %q, %v; want /given/cache/build", got, err)
	}
	inv.environ = nil
	if got, err := cacheDir(inv, "build"); err == nil || !strings.Contains(err.Error(), "set MAPLAB_CACHE") {
		t.Errorf("cacheDir without HOME = %q, %v; want an error naming MAPLAB_CACHE", got, err)
	}
}
