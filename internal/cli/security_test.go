package cli_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Processes are started with an argument vector, never through a shell
// string: a probe name, path or output that reached "sh -c" could run
// commands. TestNoShellCommands scans the module's Go source for that.

// shells are the base names of programs that run a command string given
// with -c.
var shells = map[string]bool{"sh": true, "bash": true, "dash": true, "zsh": true, "ksh": true, "ash": true, "mksh": true, "busybox": true}

// commandFlag matches -c alone or among other single-letter shell flags
// (-ec, -xc, -lc).
var commandFlag = regexp.MustCompile(`^-[a-z]*c[a-z]*$`)

// starters lists, per import path, the functions that start a process and
// the index of the argument naming the program.
var starters = map[string]map[string]int{
	"os/exec": {"Command": 0, "CommandContext": 1},
	"os":      {"StartProcess": 0},
	"syscall": {"Exec": 0, "ForkExec": 0, "StartProcess": 0},
}

// shellCalls returns "file:line" for every call in f that starts a shell
// with a command string: the program is a shell (a string literal such as
// "sh" or "/bin/bash", "env" followed by one, or os.Getenv("SHELL")) and an
// argument holds a -c flag.
func shellCalls(fset *token.FileSet, f *ast.File) []string {
	names := map[string]string{} // local package name -> import path
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if _, ok := starters[p]; !ok {
			continue
		}
		name := path.Base(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		names[name] = p
	}
	var found []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		at, ok := starters[names[pkg.Name]][sel.Sel.Name]
		if !ok || len(call.Args) <= at {
			return true
		}
		// The program and everything after it, flattened to the string
		// literals and expressions they are made of (argv slices included).
		var words []ast.Expr
		for _, a := range call.Args[at:] {
			ast.Inspect(a, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.BasicLit:
					words = append(words, x)
					return false
				case *ast.CallExpr:
					if isGetenvShell(x) {
						words = append(words, x)
						return false
					}
				}
				return true
			})
		}
		if startsShell(words) {
			found = append(found, fset.Position(call.Pos()).String())
		}
		return true
	})
	return found
}

// startsShell reports whether words (program first) run a shell with -c.
func startsShell(words []ast.Expr) bool {
	shell, flag := false, false
	for i, w := range words {
		if isGetenvShell(w) {
			shell = true
			continue
		}
		s, ok := literal(w)
		if !ok {
			continue
		}
		base := path.Base(s)
		if shells[base] && (i == 0 || shell || isEnv(words[:i])) {
			shell = true
		}
		if shell && commandFlag.MatchString(s) {
			flag = true
		}
	}
	return shell && flag
}

// isEnv reports whether the words before a shell's name are env (and its
// options), as in exec.Command("/usr/bin/env", "bash", "-c", s).
func isEnv(before []ast.Expr) bool {
	if len(before) == 0 {
		return false
	}
	s, ok := literal(before[0])
	if !ok || path.Base(s) != "env" {
		return false
	}
	for _, w := range before[1:] {
		if s, ok := literal(w); !ok || !strings.HasPrefix(s, "-") {
			return false
		}
	}
	return true
}

func literal(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// isGetenvShell reports whether e is os.Getenv("SHELL").
func isGetenvShell(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Getenv" {
		return false
	}
	s, ok := literal(call.Args[0])
	return ok && s == "SHELL"
}

func TestShellCallsDetector(t *testing.T) {
	tests := []struct {
		name string
		body string
		want int
	}{
		{"sh -c", `exec.Command("sh", "-c", s)`, 1},
		{"bash -c with context", `exec.CommandContext(ctx, "/bin/bash", "-c", s)`, 1},
		{"combined flags", `exec.Command("/bin/sh", "-ec", s)`, 1},
		{"argv built with append", `exec.Command("dash", append([]string{"-c"}, args...)...)`, 1},
		{"through env", `exec.Command("/usr/bin/env", "bash", "-c", s)`, 1},
		{"user's shell", `exec.Command(os.Getenv("SHELL"), "-c", s)`, 1},
		{"syscall.Exec", `syscall.Exec("/bin/sh", []string{"sh", "-c", s}, nil)`, 1},
		{"os.StartProcess", `os.StartProcess("/bin/sh", []string{"/bin/sh", "-c", s}, nil)`, 1},
		{"two calls", `exec.Command("sh", "-c", s); exec.Command("zsh", "-c", s)`, 2},
		{"go build", `exec.Command("go", "build", "-o", s, ".")`, 0},
		{"gccgo -c compiles", `exec.Command(gccgo, "-c", "main.go")`, 0},
		{"a script file", `exec.Command("sh", "script.sh")`, 0},
		{"-c for another program", `exec.Command("tar", "-c", "-f", s, "sh")`, 0},
		{"a shell name as data", `exec.Command("echo", "sh", "-c")`, 0},
		{"another package's Command", `other.Command("sh", "-c", s)`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"os\"\n\t\"os/exec\"\n\t\"syscall\"\n)\n\nfunc f() {\n\t" + tt.body + "\n}\n"
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "p.go", src, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			if got := shellCalls(fset, f); len(got) != tt.want {
				t.Errorf("%s: found %v, want %d", tt.body, got, tt.want)
			}
		})
	}
	t.Run("renamed import", func(t *testing.T) {
		src := "package p\n\nimport run \"os/exec\"\n\nfunc f(s string) { run.Command(\"sh\", \"-c\", s) }\n"
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "p.go", src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		if got := shellCalls(fset, f); len(got) != 1 {
			t.Errorf("found %v, want 1", got)
		}
	})
}

// TestNoShellCommands fails if any non-test Go file of the module starts a
// process through a shell command string.
func TestNoShellCommands(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files := 0
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		for _, at := range shellCalls(fset, f) {
			t.Errorf("%s: starts a shell with a command string; pass an argument vector to exec.Command instead", at)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Fatalf("scanned only %d Go files under %s", files, root)
	}
	t.Logf("scanned %d Go files", files)
}

// moduleRoot returns the directory of this module's go.mod.
func moduleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod above %s", wd)
		}
	}
}
