//go:build linux

package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/toolchain"
)

// listToolchains runs "matrix toolchains -json" with extra arguments and
// returns the IDs it lists.
func (r *repo) listToolchains(extra ...string) []string {
	r.t.Helper()
	o := r.mustRun(append([]string{"toolchains", "-json"}, extra...)...)
	var tcs []toolchain.Toolchain
	if err := json.Unmarshal([]byte(o.stdout), &tcs); err != nil {
		r.t.Fatalf("matrix toolchains -json %s: %v\n%s", strings.Join(extra, " "), err, o.stdout)
	}
	var ids []string
	for _, t := range tcs {
		ids = append(ids, t.ID)
	}
	return ids
}

// TestToolchainsAcceptsEveryListedID checks issue 15's case: every ID
// "matrix toolchains" lists (gccgo12-go1.18 among them where gccgo 12 is
// installed) selects that toolchain with -toolchains and with
// MAPLAB_TOOLCHAINS, as "matrix run" accepts it.
func TestToolchainsAcceptsEveryListedID(t *testing.T) {
	r := newRepo(t)
	all := r.listToolchains()
	if len(all) == 0 {
		t.Fatal("matrix toolchains -json lists no toolchain")
	}
	for _, id := range all {
		if got := r.listToolchains("-toolchains", id); len(got) != 1 || got[0] != id {
			t.Errorf("matrix toolchains -toolchains %s selected %v, want [%s]", id, got, id)
		}
	}
	// Every ID at once, through the environment.
	cmd := r.command("toolchains", "-json")
	cmd.Env = append(cmd.Env, toolchain.EnvVar+"="+strings.Join(all, ","))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s=%s matrix toolchains: %v", toolchain.EnvVar, strings.Join(all, ","), err)
	}
	var tcs []toolchain.Toolchain
	if err := json.Unmarshal(out, &tcs); err != nil || len(tcs) != len(all) {
		t.Errorf("%s=%s selected %d toolchains (%v), want %d", toolchain.EnvVar, strings.Join(all, ","), len(tcs), err, len(all))
	}
}

// TestToolchainSelectionSameForEveryCommand runs run, all and toolchains
// with one toolchain ID and with an unknown one: each selects the same
// toolchain, and each refuses the unknown one as a usage error that lists
// what was found.
func TestToolchainSelectionSameForEveryCommand(t *testing.T) {
	r := newRepo(t, "sleeper")
	id := shared.tc.ID
	measure := []string{"-toolchains", id, "-modes", "plain", "-trials", "1", "-out", "out"}
	for _, args := range [][]string{
		append([]string{"run"}, measure...),
		append([]string{"all"}, measure...),
		measure, // the main job without its name
	} {
		o := r.mustRun(args...)
		if !strings.Contains(o.stderr, "toolchains: "+id+"\n") {
			t.Errorf("matrix %s used other toolchains than %s:\n%s", strings.Join(args, " "), id, o.stderr)
		}
	}
	if got := r.listToolchains("-toolchains", id); len(got) != 1 || got[0] != id {
		t.Errorf("matrix toolchains -toolchains %s selected %v", id, got)
	}
	matches, _ := filepath.Glob(filepath.Join(r.root, "out", "*", id+".json"))
	if len(matches) != 1 {
		t.Errorf("results files for %s: %v, want one", id, matches)
	}
	if _, err := os.Stat(filepath.Join(r.root, "docs", "README.md")); err != nil {
		t.Errorf("all rendered no report: %v", err)
	}

	for _, cmd := range []string{"run", "all", "toolchains"} {
		o := r.run(cmd, "-toolchains", "no-such-toolchain")
		if o.code != 2 || !strings.Contains(o.stderr, `unknown toolchain "no-such-toolchain"`) || !strings.Contains(o.stderr, id) {
			t.Errorf("matrix %s -toolchains no-such-toolchain: exit %d, want 2 and a message listing %s:\n%s", cmd, o.code, id, o.stderr)
		}
	}
}

// TestAllParsesItsFlags checks that the main job has a flag set of its
// own: -h explains it, an unknown flag is a usage error, and -out is the
// results root of both the run and the report, relative to the working
// directory however it is spelled.
func TestAllParsesItsFlags(t *testing.T) {
	r := newRepo(t, "sleeper")
	o := r.mustRun("all", "-h")
	for _, want := range []string{"usage: go run ./matrix all [flags]", "  -toolchains string", "  -probes string", "  -out string"} {
		if !strings.Contains(o.stderr, want) {
			t.Errorf("matrix all -h does not say %q:\n%s", want, o.stderr)
		}
	}
	if o := r.run("help", "all"); o.code != 0 || !strings.Contains(o.stderr, "usage: go run ./matrix all") {
		t.Errorf("matrix help all: exit %d\n%s", o.code, o.stderr)
	}
	if o := r.run("-bogus"); o.code != 2 || !strings.Contains(o.stderr, "all: flag provided but not defined: -bogus") {
		t.Errorf("matrix -bogus: exit %d, want 2 and the flag named\n%s", o.code, o.stderr)
	}
	r.mustRun("all", "-toolchains", shared.goCmd, "-modes", "plain", "-trials", "1", "-out", "./elsewhere/")
	if _, err := os.Stat(filepath.Join(r.root, "results")); !os.IsNotExist(err) {
		t.Errorf("all -out ./elsewhere/ made results/ (%v)", err)
	}
	matches, _ := filepath.Glob(filepath.Join(r.root, "elsewhere", "*", "*.json"))
	if len(matches) != 1 {
		t.Errorf("results under elsewhere/: %v, want one file", matches)
	}
	data, err := os.ReadFile(filepath.Join(r.root, "docs", "compat.json"))
	if err != nil || !strings.Contains(string(data), `"sleeper"`) {
		t.Errorf("the report in docs/ was not rendered from elsewhere/ (%v)", err)
	}
}
