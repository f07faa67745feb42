package rehearse

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"

	"github.com/maplab/maplab/internal/toolchain"
	"github.com/maplab/maplab/internal/toolchain/toolchaintest"
)

const (
	repo     = "../.."
	workflow = "../../.github/workflows/matrix.yml"
	// committed is the committed results directory, relative to repo.
	committed = "results"
)

// The small run the rehearsal asks for, through the workflow_dispatch
// inputs the workflow reads (MAPLAB_PROBES, MAPLAB_TRIALS,
// MAPLAB_SCRIPTS): one probe that every toolchain builds, three trials per
// cell, and that probe's testscript.
var inputs = map[string]string{
	"probes": "nil-map-write",
	"trials": "3",
	// TestProbes/<toolchain>/<script>
	"scripts": "^TestProbes$/./^nil-map-write$",
}

func loadWorkflow(t *testing.T) *actionlint.Workflow {
	t.Helper()
	src, err := os.ReadFile(workflow)
	if err != nil {
		t.Fatal(err)
	}
	w, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// local finds the toolchains of this machine the way the matrix does
// (toolchain.Discover: the go command on PATH, distribution installs as
// MAPLAB_DIST_GLOBS selects, releases already fetched for GOTOOLCHAIN,
// gccgo-N on PATH), never downloading anything.
func local(t *testing.T) Toolchains {
	t.Helper()
	hostGo, err := exec.LookPath("go")
	if err != nil {
		toolchaintest.Absent(t, "the go command", "install Go and put it on PATH")
	}
	out, err := exec.Command(hostGo, "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	var environ []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, toolchain.EnvVar+"=") {
			environ = append(environ, kv)
		}
	}
	found, _, err := toolchain.Discover(context.Background(), toolchain.Options{Environ: environ, CacheDir: toolchaintest.CacheDir("toolchains")})
	if err != nil {
		t.Fatal(err)
	}
	tc := Toolchains{GoRoots: map[string]string{}, Commands: map[string]bool{}, HarnessGoRoot: strings.TrimSpace(string(out)), Arch: runtime.GOARCH}
	for _, f := range found {
		switch {
		case f.Kind == toolchain.GC && f.Variant == "" && f.GOROOT != "":
			m := minorOf(f.Release)
			if _, dup := tc.GoRoots[m]; !dup {
				tc.GoRoots[m] = f.GOROOT
			}
		case f.Kind == toolchain.GCCGO:
			tc.Commands[filepath.Base(f.Path)] = true
		}
	}
	return tc
}

// expectedHere are the rows this project's machines rehearse (SPEC: Go
// 1.19, the host Go, go1.27.3 and gccgo-12); under MAPLAB_REQUIRE_ALL=1
// each must be rehearsed.
func expectedHere() []string {
	return []string{"go1.19", "go" + minorOf(strings.TrimPrefix(runtime.Version(), "go")), "go1.27", "gccgo-12"}
}

// tree returns the contents of every file under dir by relative path, or
// nil when dir does not exist.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	if _, err := os.Stat(dir); err != nil {
		return nil
	}
	out := map[string]string{}
	for _, f := range walkFiles(dir) {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.ToSlash(f)] = string(b)
	}
	return out
}

func diffTrees(a, b map[string]string) []string {
	var d []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			d = append(d, "only in the first: "+k)
		} else if w != v {
			d = append(d, "differs: "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			d = append(d, "only in the second: "+k)
		}
	}
	sort.Strings(d)
	return d
}

func newRunner(t *testing.T, w *actionlint.Workflow, tc Toolchains, base string) *Runner {
	return &Runner{
		Repo:        repo,
		Workflow:    w,
		Inputs:      inputs,
		Toolchains:  tc,
		Artifacts:   map[string]string{},
		ArtifactDir: filepath.Join(base, "artifacts"),
		Logf:        t.Logf,
	}
}

// measure rehearses one measure row and checks what only a run can show:
// the job left the committed results untouched and its artifact holds
// results files it measured.
func measure(t *testing.T, r *Runner, row map[string]string, base string) error {
	job, err := r.Run(context.Background(), "measure", row, filepath.Join(base, "runner"))
	if job != nil {
		if d := diffTrees(tree(t, filepath.Join(repo, committed)), tree(t, filepath.Join(job.Workspace, committed))); len(d) > 0 {
			err = errors.Join(err, fmt.Errorf("the job changed the committed %s/ of its checkout: %s", committed, strings.Join(d, "; ")))
		}
	}
	if err != nil {
		return err
	}
	name := "results-" + row["id"]
	dir, ok := r.Artifacts[name]
	if !ok {
		return fmt.Errorf("no artifact %s", name)
	}
	files := tree(t, dir)
	if len(files) == 0 {
		return fmt.Errorf("artifact %s is empty", name)
	}
	for f := range files {
		if !strings.HasSuffix(f, ".json") {
			return fmt.Errorf("artifact %s holds %s, not a results file", name, f)
		}
		if c, ok := tree(t, filepath.Join(repo, committed))[f]; ok && c == files[f] {
			return fmt.Errorf("artifact %s holds the committed %s unchanged: it was not measured", name, f)
		}
	}
	return nil
}

// TestMatrixWorkflow rehearses .github/workflows/matrix.yml: every measure
// row whose toolchain this machine has runs its steps for real (a small
// run, see inputs); the report job then merges the artifacts in several
// shuffled download orders, and the reports and merged results must be
// byte-identical; finally the report artifact, put into a fresh checkout
// as the pull request would, passes `report -check`.
func TestMatrixWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the workflow's jobs (about a minute); not in -short")
	}
	w := loadWorkflow(t)
	tc := local(t)
	base := t.TempDir()
	r := newRunner(t, w, tc, base)

	mj := w.Jobs["measure"]
	if mj == nil {
		t.Fatal("matrix.yml has no measure job")
	}
	var rehearsed, skipped []string
	why := map[string]string{}
	for _, row := range Rows(mj) {
		id := row["id"]
		if reason := tc.Missing(mj, row); reason != "" {
			skipped = append(skipped, id+" ("+reason+")")
			why[id] = reason
			t.Logf("not rehearsed: measure %s: %s", id, reason)
			continue
		}
		if err := measure(t, r, row, base); err != nil {
			t.Errorf("measure %s: %v", id, err)
			continue
		}
		rehearsed = append(rehearsed, id)
	}
	t.Logf("SUMMARY: rehearsed %d measure rows: %s", len(rehearsed), strings.Join(rehearsed, ", "))
	t.Logf("SUMMARY: not rehearsed %d rows (toolchain or runner not on this machine): %s", len(skipped), strings.Join(skipped, "; "))
	for _, id := range expectedHere() {
		if reason, missing := why[id]; missing {
			if toolchaintest.Required() {
				t.Errorf("measure %s not rehearsed (%s) and %s=1 requires it", id, reason, toolchaintest.RequireEnv)
			}
		}
	}
	if len(rehearsed) == 0 {
		toolchaintest.Absent(t, "any toolchain of the workflow's rows", "install Go")
	}
	if t.Failed() {
		return
	}

	// The report job, with the artifacts downloaded in shuffled orders.
	var names []string
	for n := range r.Artifacts {
		names = append(names, n)
	}
	sort.Strings(names)
	rng := rand.New(rand.NewSource(int64(len(names))))
	var first map[string]string
	for k := 0; k < 3; k++ {
		order := append([]string(nil), names...)
		if k == 1 {
			for i, j := 0, len(order)-1; i < j; i, j = i+1, j-1 {
				order[i], order[j] = order[j], order[i]
			}
		} else if k == 2 {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		r.DownloadOrder = order
		delete(r.Artifacts, "report")
		if _, err := r.Run(context.Background(), "report", map[string]string{}, filepath.Join(base, "runner")); err != nil {
			t.Fatalf("report job, download order %v: %v", order, err)
		}
		got := tree(t, r.Artifacts["report"])
		if len(got) == 0 {
			t.Fatalf("report job, download order %v: no report artifact", order)
		}
		if first == nil {
			first = got
			continue
		}
		if d := diffTrees(first, got); len(d) > 0 {
			t.Errorf("download order %v gives another report than %v: %s", order, names, strings.Join(d, "; "))
		}
	}
	var docs, res int
	for f := range first {
		switch {
		case strings.HasPrefix(f, "docs/"):
			docs++
		case strings.HasPrefix(f, committed+"/"):
			res++
		}
	}
	if docs == 0 || res == 0 {
		t.Errorf("the report artifact holds %d docs/ and %d %s/ files; want both", docs, res, committed)
	}

	// The pull request: the propose job's steps (checkout, remove docs/
	// and results/, download the report artifact; creating the pull
	// request itself is not rehearsed), then the check ci.yml runs on
	// every pull request.
	job, err := r.Run(context.Background(), "propose", map[string]string{}, filepath.Join(base, "runner"))
	if err != nil {
		t.Fatalf("propose job: %v", err)
	}
	cmd := exec.Command("go", "run", "./matrix", "report", "-check")
	cmd.Dir = job.Workspace
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("report -check on the pull request's tree: %v\n%s", err, out)
	}
}

// TestBrokenStepsFail shows the rehearsal fails when a measure job's steps
// are broken: a measure command that fails, one that writes no results,
// and the workflow as it was (measure into the committed results/ and
// upload it, which reuses the committed cells).
func TestBrokenStepsFail(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the workflow's jobs; not in -short")
	}
	tc := local(t)
	hostRow := map[string]string(nil)
	w := loadWorkflow(t)
	for _, row := range Rows(w.Jobs["measure"]) {
		if row["id"] == expectedHere()[1] && tc.Missing(w.Jobs["measure"], row) == "" {
			hostRow = row
		}
	}
	if hostRow == nil {
		toolchaintest.Absent(t, "a measure row for the host Go", "install a Go release the workflow lists")
	}
	for _, tt := range []struct {
		name    string
		command string
		// upload, if set, replaces the path the Upload results step uploads.
		upload string
		// want lists messages of which the failure must hold one.
		want []string
	}{
		{"measure fails", "false", "", []string{`step 8 "Measure"`}},
		{"no results written", "true", "", []string{"no files found"}},
		// The workflow as it was: measure into results/ and upload it.
		{"measures into and uploads the committed results", `go run ./matrix run -toolchains "$MAPLAB_TOOLCHAINS" -probes "$MAPLAB_PROBES" -trials "$MAPLAB_TRIALS" -out results/`, "results/",
			// ("schema version": committed results/ of an older maplab,
			// which matrix run refuses to reuse.)
			[]string{"changed the committed results/", "holds the committed", "schema version"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := loadWorkflow(t)
			mutated := false
			for _, s := range w.Jobs["measure"].Steps {
				if s.Name == nil {
					continue
				}
				switch {
				case s.Name.Value == "Measure":
					s.Exec.(*actionlint.ExecRun).Run.Value = tt.command
					mutated = true
				case s.Name.Value == "Upload results" && tt.upload != "":
					s.Exec.(*actionlint.ExecAction).Inputs["path"].Value.Value = tt.upload
				}
			}
			if !mutated {
				t.Fatal("no step named Measure in the measure job")
			}
			base := t.TempDir()
			r := newRunner(t, w, tc, base)
			err := measure(t, r, hostRow, base)
			if err == nil {
				t.Fatalf("the rehearsal passed with the Measure step replaced by %q", tt.command)
			}
			found := false
			for _, w := range tt.want {
				found = found || strings.Contains(err.Error(), w)
			}
			if !found {
				t.Errorf("error %q holds none of %q", err, tt.want)
			}
			t.Logf("fails as it should: %v", strings.ReplaceAll(firstLine(err.Error()), base, "$TMP"))
		})
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func TestExpressions(t *testing.T) {
	c := &Context{
		Matrix: map[string]string{"go": "1.19.13", "id": "go1.19"},
		Env:    map[string]string{"MAPLAB_OUT": "/tmp/x"},
		Inputs: map[string]string{"trials": ""},
		Runner: map[string]string{"temp": "/rt"},
	}
	for _, tt := range []struct{ in, want string }{
		{"results-${{ matrix.id }}", "results-go1.19"},
		{"${{ env.MAPLAB_OUT }}", "/tmp/x"},
		{"${{ runner.temp }}/artifacts", "/rt/artifacts"},
		{"${{ inputs.trials || 'auto' }}", "auto"},
		{"${{ matrix.gccgo }}", ""},
	} {
		got, err := c.Interpolate(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Interpolate(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, tt := range []struct {
		in     string
		failed bool
		want   bool
	}{
		{"matrix.go != ''", false, true},
		{"matrix.gccgo != ''", false, false},
		{"matrix.go != ''", true, false},
		{"${{ !cancelled() }}", true, true},
		{"${{ failure() }}", true, true},
		{"", true, false},
	} {
		c.Failed = tt.failed
		got, err := c.Condition(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Condition(%q) after failure=%v = %v, %v; want %v", tt.in, tt.failed, got, err, tt.want)
		}
	}
	if _, err := c.Interpolate("${{ secrets.TOKEN }}"); err == nil {
		t.Error("secrets context evaluated; want an error (not emulated)")
	}
}
