// Package maplab_test checks that the README describes the repository as
// it is.
package maplab_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// layoutRow matches a row of the README's Layout table and captures its
// first cell.
var layoutRow = regexp.MustCompile("(?m)^\\| (`[^|]+`) \\|")

// layoutPaths returns the paths the Layout section of readme names in its
// first column, without a trailing slash.
func layoutPaths(readme string) []string {
	_, section, ok := strings.Cut(readme, "\n## Layout\n")
	if !ok {
		return nil
	}
	if i := strings.Index(section, "\n## "); i >= 0 {
		section = section[:i]
	}
	var paths []string
	for _, m := range layoutRow.FindAllStringSubmatch(section, -1) {
		for _, p := range regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(m[1], -1) {
			paths = append(paths, strings.TrimSuffix(p[1], "/"))
		}
	}
	return paths
}

// goPackages returns the directories under root holding a Go package,
// except the probes (one row for probes/) and testdata.
func goPackages(t *testing.T, root string) []string {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "probes") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			dir, _ := filepath.Rel(root, filepath.Dir(p))
			if dir != "." {
				seen[filepath.ToSlash(dir)] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for d := range seen {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	return dirs
}

// TestReadmeLayoutListsEveryPackage checks that the Layout table of the
// README has a row for every Go package and no row for a path that is
// gone.
func TestReadmeLayoutListsEveryPackage(t *testing.T) {
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, p := range layoutPaths(string(data)) {
		listed[p] = true
		// A placeholder such as results/<machine> names the folder above it.
		dir, _, _ := strings.Cut(p, "/<")
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("README.md Layout lists %s, which does not exist", p)
		}
	}
	if len(listed) == 0 {
		t.Fatal("README.md has no Layout table")
	}
	pkgs := goPackages(t, ".")
	if len(pkgs) < 10 {
		t.Fatalf("found only %d packages: %v", len(pkgs), pkgs)
	}
	for _, p := range pkgs {
		if !listed[p] {
			t.Errorf("README.md Layout has no row for the package %s", p)
		}
	}
}

// TestLayoutPathsCanFail proves a package missing from the table is
// noticed: the parser reads the first column only.
func TestLayoutPathsCanFail(t *testing.T) {
	readme := "# x\n\n## Layout\n\n| folder | what |\n|---|---|\n| `internal/cli` | mentions `internal/progress` |\n| `results/<machine>/`, `docs/` | data |\n\n## Next\n| `internal/later` | x |\n"
	got := strings.Join(layoutPaths(readme), " ")
	if want := "internal/cli results/<machine> docs"; got != want {
		t.Errorf("layoutPaths = %q, want %q", got, want)
	}
}

// testCommand is the README's test command: go test's default timeout of
// ten minutes per package is enough (./testscript, the longest, took 270 s
// with every toolchain on a quiet 2-core machine once gccgo probes linked
// statically, issue 25).
const testCommand = "go test ./..."

// TestReadmeTestCommandIsWhatCIRuns checks that the README gives the test
// command as testCommand, with and without MAPLAB_REQUIRE_ALL=1, and that
// both phases of .ci/run run that command.
func TestReadmeTestCommandIsWhatCIRuns(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := os.ReadFile(filepath.Join(".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range testCommandProblems(string(readme), string(ci)) {
		t.Error(p)
	}
}

// testCommandProblems returns what is wrong with the test commands of a
// README and a .ci/run script.
func testCommandProblems(readme, ci string) []string {
	var out []string
	if !regexp.MustCompile("(?m)^" + regexp.QuoteMeta(testCommand) + "( |$)").MatchString(readme) {
		out = append(out, "README.md gives no line starting with the test command "+testCommand)
	}
	if !strings.Contains(readme, "`MAPLAB_REQUIRE_ALL=1 "+testCommand+"`") {
		out = append(out, "README.md does not say MAPLAB_REQUIRE_ALL=1 "+testCommand)
	}
	// The full phase runs the command as it is; the host-only phase runs
	// it on its packages, ./... unless it is given others.
	if !regexp.MustCompile(`(?m)^\s*MAPLAB_REQUIRE_ALL=1 ` + regexp.QuoteMeta(testCommand) + `\s*$`).MatchString(ci) {
		out = append(out, ".ci/run (full) does not run MAPLAB_REQUIRE_ALL=1 "+testCommand)
	}
	host := strings.Replace(testCommand, "./...", `"${pkgs[@]}"`, 1)
	if !regexp.MustCompile(`(?m)^\s*`+regexp.QuoteMeta(host)+`\s*$`).MatchString(ci) || !strings.Contains(ci, `pkgs=(./...)`) {
		out = append(out, ".ci/run (host-only) does not run "+host+" with pkgs=(./...) by default")
	}
	sort.Strings(out)
	return out
}

// TestTestCommandProblemsCanFail proves the check notices a README and a
// .ci/run that give another command.
func TestTestCommandProblemsCanFail(t *testing.T) {
	readme := "```sh\n" + testCommand + "   # the tests\n```\n`MAPLAB_REQUIRE_ALL=1 " + testCommand + "` fails on skips\n"
	host := strings.Replace(testCommand, "./...", `"${pkgs[@]}"`, 1)
	ci := "pkgs=(./...)\n\t\t" + host + "\n\tMAPLAB_REQUIRE_ALL=1 " + testCommand + "\n"
	if got := testCommandProblems(readme, ci); len(got) != 0 {
		t.Errorf("agreeing files: %q, want no problem", got)
	}
	other := func(s string) string { return strings.ReplaceAll(s, "go test ", "go test -short ") }
	if got := testCommandProblems(other(readme), other(ci)); len(got) != 4 {
		t.Errorf("with another command in both: %d problems %q, want 4", len(got), got)
	}
}
