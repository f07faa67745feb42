package workflowlint

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const workflowsDir = "../../.github/workflows"

// shellcheck returns the shellcheck executable when it is installed. The
// checks do not need it; with it, actionlint also checks run: scripts.
func shellcheck(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("shellcheck")
	if err != nil {
		t.Log("shellcheck not found: run: scripts are not shell-checked")
		return ""
	}
	return p
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestWorkflows lints every workflow of the repository and fails on any
// problem.
func TestWorkflows(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(workflowsDir, "*.y*ml"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
	}
	for _, want := range []string{"ci.yml", "matrix.yml"} {
		if !contains(names, want) {
			t.Errorf("%s: no %s among %v", workflowsDir, want, names)
		}
	}
	opts := Options{Shellcheck: shellcheck(t)}
	for _, f := range files {
		f := f
		t.Run(filepath.Base(f), func(t *testing.T) {
			ps, err := Check(f, readFile(t, f), opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				t.Error(p)
			}
		})
	}
}

// TestFixtures checks that each broken workflow under testdata fails with
// exactly the problems its "# want: <text>" header lines announce: every
// want matches a problem and every problem matches a want.
func TestFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no fixtures in testdata")
	}
	opts := Options{Shellcheck: shellcheck(t)}
	for _, f := range files {
		f := f
		t.Run(strings.TrimSuffix(filepath.Base(f), ".yml"), func(t *testing.T) {
			src := readFile(t, f)
			wants := fixtureWants(t, f, src)
			ps, err := Check(f, src, opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) == 0 {
				t.Fatalf("%s: passed the checks, want it to fail", f)
			}
			for _, w := range wants {
				found := false
				for _, p := range ps {
					found = found || strings.Contains(p.String(), w)
				}
				if !found {
					t.Errorf("%s: no problem mentions %q", f, w)
				}
			}
			for _, p := range ps {
				found := false
				for _, w := range wants {
					found = found || strings.Contains(p.String(), w)
				}
				if !found {
					t.Errorf("unexpected problem: %s", p)
				}
			}
		})
	}
}

// fixtureWants returns the texts of the "# want: " lines of a fixture.
func fixtureWants(t *testing.T, name string, src []byte) []string {
	t.Helper()
	var wants []string
	for i, l := range strings.Split(string(src), "\n") {
		if !strings.HasPrefix(l, "# want:") {
			continue
		}
		w := strings.TrimSpace(strings.TrimPrefix(l, "# want:"))
		if w == "" {
			t.Fatalf("%s:%d: empty want", name, i+1)
		}
		wants = append(wants, w)
	}
	if len(wants) == 0 {
		t.Fatalf("%s: no \"# want:\" line; a fixture must say how it fails", name)
	}
	return wants
}

// TestMatrixWorkflow checks what the policy cannot know about matrix.yml:
// the Go matrix reaches at least the Go release running this test, and it
// has the noswissmap variants of Go 1.24 and 1.25 and a gccgo job.
func TestMatrixWorkflow(t *testing.T) {
	vs, err := Matrix(readFile(t, filepath.Join(workflowsDir, "matrix.yml")))
	if err != nil {
		t.Fatal(err)
	}
	minors := map[int]bool{}
	variants := map[string][]int{}
	ids := map[string]int{}
	gccgo := 0
	for _, v := range vs {
		if v.Include != nil && v.Key == "id" {
			ids[v.Value]++
		}
		switch v.Key {
		case "gccgo":
			gccgo++
		case "go":
			m := goVersion.FindStringSubmatch(v.Value)
			if m == nil {
				t.Errorf("matrix.yml:%d: go %q is not a Go version", v.Line, v.Value)
				continue
			}
			minor, _ := strconv.Atoi(m[1])
			if variant := v.Include["variant"]; variant != "" {
				if !containsInt(variants[variant], minor) {
					variants[variant] = append(variants[variant], minor)
				}
				continue
			}
			minors[minor] = true
		}
	}
	newest := 0
	for m := range minors {
		if m > newest {
			newest = m
		}
	}
	if host, ok := releaseMinor(runtime.Version()); ok && newest < host {
		t.Errorf("matrix.yml lists Go up to 1.%d, older than the Go running this test (%s): add the newer minors", newest, runtime.Version())
	}
	for m := MinCoveredMinor; m <= newest; m++ {
		if !minors[m] {
			t.Errorf("matrix.yml has no plain job for Go 1.%d", m)
		}
	}
	got := variants["noswissmap"]
	sort.Ints(got)
	if fmtInts(got) != "[24 25]" {
		t.Errorf("noswissmap variants for Go minors %v, want [24 25] (GOEXPERIMENT=noswissmap exists in 1.24 and 1.25 only)", got)
	}
	if gccgo == 0 {
		t.Error("matrix.yml has no gccgo job")
	}
	// The arm64 axis: every plain release from MinArm64Minor on runs on an
	// arm64 runner too (policy/arm64 checks the twins row by row).
	arm := map[int]bool{}
	for _, v := range vs {
		if v.Key != "go" || v.Include == nil || !strings.HasSuffix(v.Include["runner"], "-arm") || v.Include["variant"] != "" {
			continue
		}
		if m := goVersion.FindStringSubmatch(v.Value); m != nil {
			minor, _ := strconv.Atoi(m[1])
			arm[minor] = true
		}
	}
	for m := MinArm64Minor; m <= newest; m++ {
		if !arm[m] {
			t.Errorf("matrix.yml has no arm64 row (runner: ubuntu-24.04-arm) for Go 1.%d", m)
		}
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("matrix.yml: id %q names %d jobs; artifact names need unique ids", id, n)
		}
	}
}

// TestScriptsExist checks that the scripts the workflows run are in the
// repository.
func TestScriptsExist(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(workflowsDir, "*.y*ml"))
	if err != nil {
		t.Fatal(err)
	}
	script := regexp.MustCompile(`\.github/scripts/[A-Za-z0-9_.-]+`)
	for _, f := range files {
		for _, s := range script.FindAllString(string(readFile(t, f)), -1) {
			if _, err := os.Stat(filepath.Join("../..", s)); err != nil {
				t.Errorf("%s runs %s: %v", f, s, err)
			}
		}
	}
}

func TestExpressions(t *testing.T) {
	tests := []struct {
		in   string
		want []expression
	}{
		{"go test ./...", nil},
		{"echo ${{ matrix.go }}", []expression{{"matrix.go", 5}}},
		{"a ${{x}} b ${{ y }}", []expression{{"x", 2}, {"y", 11}}},
		{"broken ${{ x", []expression{{"x", 7}}},
	}
	for _, tt := range tests {
		got := expressions(tt.in)
		if fmtExprs(got) != fmtExprs(tt.want) {
			t.Errorf("expressions(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestReleaseMinor(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"go1.26.8", 26, true},
		{"go1.27rc1", 27, true},
		{"go1.9", 9, true},
		{"devel go1.28-abcdef", 0, false},
		{"go1.18 gccgo (Debian 12.2.0-14) 12.2.0", 18, true},
	}
	for _, tt := range tests {
		got, ok := releaseMinor(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("releaseMinor(%q) = %d, %v, want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// releaseMinor returns N of a runtime.Version() "go1.N...", false for a
// development build.
func releaseMinor(v string) (int, bool) {
	m := regexp.MustCompile(`^go1\.(\d+)`).FindStringSubmatch(v)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func fmtInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return "[" + strings.Join(s, " ") + "]"
}

func fmtExprs(es []expression) string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString(e.text + "@" + strconv.Itoa(e.offset) + ";")
	}
	return b.String()
}

func TestMatrixQuoting(t *testing.T) {
	src := []byte(`on: push
jobs:
  a:
    runs-on: ubuntu-24.04
    strategy:
      matrix:
        go: ["1.9", '1.10', 1.11]
        include:
          - { go: "1.12", variant: noswissmap }
    steps:
      - run: go version
`)
	vs, err := Matrix(src)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		got = append(got, v.Key+"="+v.Value+"@"+strconv.Itoa(v.Line)+":"+strconv.Itoa(v.Col)+" quoted="+strconv.FormatBool(v.Quoted)+" include="+v.Include["variant"])
	}
	want := []string{
		"go=1.9@7:14 quoted=true include=",
		"go=1.10@7:21 quoted=true include=",
		"go=1.11@7:29 quoted=false include=",
		"go=1.12@9:19 quoted=true include=noswissmap",
		"variant=noswissmap@9:36 quoted=false include=noswissmap",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Matrix() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := Matrix(readFile(t, filepath.Join("testdata", "yaml-error.yml"))); err == nil {
		t.Error("Matrix(yaml-error.yml) succeeded, want a parse error")
	}
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
