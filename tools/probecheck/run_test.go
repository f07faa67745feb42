package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/apicheck"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// latestRelease returns the newest release of the running toolchain's API
// files; golden files spell it go1.LATEST so that they hold on any Go.
func latestRelease(t *testing.T) string {
	t.Helper()
	dir, err := apicheck.APIDir()
	if err == nil {
		var tab *apicheck.Table
		if tab, err = apicheck.LoadTable(dir); err == nil {
			return tab.Latest().String()
		}
	}
	if os.Getenv("MAPLAB_REQUIRE_ALL") == "1" {
		t.Fatalf("loading the toolchain's API files: %v", err)
	}
	t.Skipf("skipping: the toolchain's API files are not available: %v", err)
	return ""
}

func TestRun(t *testing.T) {
	latest := latestRelease(t)
	tests := []struct {
		name string
		dir  string // working directory, relative to the package
		args []string
	}{
		{name: "pass", args: []string{"testdata/probes/old-api", "testdata/probes/new-enough"}},
		{name: "new-api", args: []string{"testdata/probes/new-api"}},
		{name: "new-language", args: []string{"testdata/probes/new-language"}},
		{name: "bad-header", args: []string{"testdata/probes/bad-header"}},
		// A build-outcome probe is exempt from the API and language check
		// (it uses maps.Keys with minimum go1.9), not from the header check.
		{name: "build-outcome", args: []string{"-v", "testdata/probes/build-outcome"}},
		{name: "build-outcome-bad-header", args: []string{"testdata/probes/build-outcome-bad-header"}},
		// Every metric a probe's observation names must be one it reports.
		{name: "observe", args: []string{"-v", "testdata/observe/observed-metric", "testdata/observe/unknown-metric"}},
		{name: "future-minimum", args: []string{"testdata/probes/future-minimum"}},
		// A probe with no go statement needs a reason for race builds
		// (here its default modes) and any probe for a GOMAXPROCS count;
		// with the reasons stated, or with a goroutine, it passes.
		{name: "costly", args: []string{"testdata/probes/costly"}},
		{name: "costly-reasons", args: []string{"testdata/probes/costly-reasons", "testdata/probes/goroutine-race"}},
		{name: "all-verbose", args: []string{"-v", "testdata/probes"}},
		{name: "default-dir", dir: "testdata", args: []string{"-v"}},
		{name: "no-probes", args: []string{"testdata/noprobes"}},
		{name: "helpers", args: []string{"testdata/helpers"}},
		{name: "missing-dir", args: []string{"testdata/missing"}},
		{name: "not-a-dir", args: []string{"run.go"}},
		{name: "bad-flag", args: []string{"-x"}},
		{name: "help", args: []string{"-h"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.dir != "" {
				t.Chdir(tt.dir)
			}
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			got := fmt.Sprintf("exit %d\n-- stdout --\n%s-- stderr --\n%s", code, stdout.String(), stderr.String())
			for _, f := range []string{"API files of %s)", "API files (%s)"} {
				got = strings.ReplaceAll(got, fmt.Sprintf(f, latest), fmt.Sprintf(f, "go1.LATEST"))
			}
			golden := filepath.Join("testdata", "golden", tt.name+".txt")
			if tt.dir != "" {
				golden = filepath.Join("..", golden)
			}
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("run(%q) output differs from %s:\n%s\nwant:\n%s", tt.args, golden, got, want)
			}
		})
	}
}
