package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

// TestOutPathSpellings checks issue 15: -out names a directory relative to
// the working directory however it is spelled, and only the default is
// relative to the repository root.
func TestOutPathSpellings(t *testing.T) {
	wd := t.TempDir()
	t.Chdir(wd)
	inv := &invocation{stdout: new(bytes.Buffer), stderr: new(bytes.Buffer), root: "/repo"}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "/repo/results"},
		{[]string{"-out", "results"}, filepath.Join(wd, "results")},
		{[]string{"-out", "./results"}, filepath.Join(wd, "results")},
		{[]string{"-out", "results/"}, filepath.Join(wd, "results")},
		{[]string{"-out", "/elsewhere/results"}, "/elsewhere/results"},
	} {
		for _, cmd := range []string{"run", "all"} {
			fs := newFlags(inv, cmd, "", "")
			var f runFlags
			f.register(inv, fs)
			if err := parse(fs, tt.args); err != nil {
				t.Fatal(err)
			}
			f.setFrom(fs)
			if got := f.outDir(inv); got != tt.want {
				t.Errorf("%s %q: results root %s, want %s", cmd, tt.args, got, tt.want)
			}
		}
	}
}

// TestRepoDocsSpellings checks that the report updates the claims digest
// of README.md for the repository's docs/ however its path is spelled,
// and for no other directory.
func TestRepoDocsSpellings(t *testing.T) {
	inv := &invocation{root: "/repo"}
	for _, tt := range []struct {
		out  string
		want bool
	}{
		{"/repo/docs", true},
		{"/repo/docs/", true},
		{"/repo/./docs", true},
		{"/repo/results/../docs", true},
		{"/repo/docs2", false},
		{"/repo/docs/sub", false},
		{"/elsewhere/docs", false},
	} {
		if got := inv.isRepoDocs(tt.out); got != tt.want {
			t.Errorf("isRepoDocs(%q) = %v, want %v", tt.out, got, tt.want)
		}
	}
}

// contributed writes a results file of Go 1.12.17 measured on an arm64
// machine, as "matrix run -toolchains /path/to/go1.12/bin/go" would, under
// root/<machine>/ (or dir, when set), with one cell of probe measured with
// source hash; edit may change its JSON before it is written.
func contributed(t *testing.T, root, dir, probe, hash string, edit func(map[string]any)) string {
	t.Helper()
	env := results.Env{Runner: results.RunnerLocal, GOOS: "linux", GOARCH: "arm64", CPUs: 4, GOMAXPROCS: 4,
		CPUModel: "CPU implementer 0x41 part 0xd0c", Kernel: "linux 6.1.0", MaplabVersion: "devel",
		Date: time.Date(2026, 11, 29, 5, 0, 0, 0, time.UTC)}
	env.MachineID = env.Machine().ID()
	tc := toolchain.Toolchain{ID: "go1.12.17", Kind: toolchain.GC, Version: "go1.12.17", Release: "go1.12.17", Lang: "go1.12",
		GOOS: "linux", GOARCH: "arm64", Path: "/opt/go1.12/bin/go", Source: "-toolchains", Modes: []toolchain.Mode{toolchain.Plain, toolchain.Race}}
	f := results.File{Toolchain: tc, Env: env, Cells: []results.Cell{{
		Probe: probe, ProbeHash: hash, Mode: toolchain.Plain, N: 20,
		Tallies: []results.Tally{{Outcome: outcome.Outcome{Kind: outcome.Clean}, K: 20}},
	}}}
	if dir == "" {
		dir = env.MachineID
	}
	path := filepath.Join(root, dir, results.FileName(tc))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := results.Write(path, f); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		data, _ := os.ReadFile(path)
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		edit(m)
		data, _ = json.MarshalIndent(m, "", "  ")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// TestCheckContributed runs "matrix check" on a good contributed file and
// on each kind of bad one, and compares what it says with
// testdata/check.golden.
func TestCheckContributed(t *testing.T) {
	probes, err := catalogue.Load(filepath.Join(findRoot(), "probes"))
	if err != nil || len(probes) == 0 {
		t.Fatalf("catalogue: %d probes, %v", len(probes), err)
	}
	probe, hash := probes[0].Name, probes[0].Hash
	run := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), args, &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}

	root := t.TempDir()
	good := contributed(t, root, "", probe, hash, nil)
	code, stdout, stderr := run("check", good)
	if code != 0 || stdout != "" || !strings.Contains(stderr, ": ok: go1.12.17 on local-linux-arm64-4cpu-520032, cells: 1") {
		t.Fatalf("check of a good file: exit %d, stdout %q, stderr %q; want 0 and ok", code, stdout, stderr)
	}

	cases := []struct {
		name string
		dir  string
		hash string
		edit func(map[string]any)
	}{
		{"stale", "stale/local-linux-arm64-4cpu-520032", "0123456789abcdef0123", nil},
		{"another machine's directory", "misplaced/local-linux-amd64-2cpu-6a5256", hash, nil},
		{"schema 2", "old/local-linux-arm64-4cpu-520032", hash, func(m map[string]any) { m["schema"] = 2 }},
		{"no cpu model", "nocpu/local-linux-arm64-4cpu-520032", hash, func(m map[string]any) {
			delete(m["env"].(map[string]any), "cpu_model")
		}},
		{"cpus edited", "cpus/local-linux-arm64-4cpu-520032", hash, func(m map[string]any) { m["env"].(map[string]any)["cpus"] = 64 }},
		{"toolchain of another architecture", "arch/local-linux-arm64-4cpu-520032", hash, func(m map[string]any) {
			m["toolchain"].(map[string]any)["goarch"] = "amd64"
		}},
	}
	var out bytes.Buffer
	for _, tt := range cases {
		path := contributed(t, root, tt.dir, probe, tt.hash, tt.edit)
		code, stdout, stderr := run("check", path)
		if code != 1 || stdout == "" || !strings.Contains(stderr, "1 of 1 files have problems") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want 1 and the problems", tt.name, code, stdout, stderr)
		}
		out.WriteString("# " + tt.name + "\n")
		out.WriteString(strings.NewReplacer(root, "$ROOT", probe, "$PROBE", hash[:12], "$HASH").Replace(stdout))
	}
	golden := filepath.Join("testdata", "check.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestCheckContributed -update to create it)", err)
	}
	if got := out.String(); got != string(want) {
		t.Errorf("check messages differ from %s (go test -update if intended):\n got:\n%s\nwant:\n%s", golden, got, want)
	}

	// A results root is checked machine directory by machine directory.
	if code, _, stderr := run("check", root); code != 0 || !strings.Contains(stderr, ": ok: go1.12.17") {
		t.Errorf("check of a results root with one good file: exit %d, stderr %q; want 0", code, stderr)
	}
	if code, _, stderr := run("check", filepath.Join(root, "stale")); code != 1 || !strings.Contains(stderr, "1 of 1 files have problems") {
		t.Errorf("check of a results root with one stale file: exit %d, stderr %q; want 1", code, stderr)
	}
}
