package main

import (
	"bytes"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// writeResults writes a results file with no cells for toolchain id,
// measured at date on host, at dir/rel.
func writeResults(t *testing.T, dir, rel, id, host string, date time.Time) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	f := results.File{
		Toolchain: toolchain.Toolchain{ID: id, Kind: toolchain.GC, Release: id, GOOS: "linux", GOARCH: "amd64"},
		Env: results.Env{Hostname: host, GOOS: "linux", GOARCH: "amd64", CPUs: 4, GOMAXPROCS: 4, Date: date,
			Runner: results.RunnerLocal, CPUModel: "test CPU"},
	}
	f.Env.MachineID = f.Env.Machine().ID()
	if err := results.Write(p, f); err != nil {
		t.Fatal(err)
	}
}

// tree returns every file under dir by relative path.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOrderIndependent merges the same artifacts, downloaded in shuffled
// orders and named in shuffled orders, and wants the same tree every time.
func TestOrderIndependent(t *testing.T) {
	src := t.TempDir()
	d := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	names := []string{"results-go1.9", "results-go1.26", "results-go1.26-arm64", "results-gccgo-12"}
	for i, n := range names {
		writeResults(t, filepath.Join(src, n), "runner-"+n+"/x.json", "go1."+string(rune('a'+i)), n, d)
		writeResults(t, filepath.Join(src, n), "flat-"+n+".json", "go1."+string(rune('a'+i)), n, d)
		// Hidden files (a lock, a temporary file) are not results.
		os.WriteFile(filepath.Join(src, n, ".lock"), []byte(n), 0o644)
	}
	// One file two artifacts hold identically.
	writeResults(t, filepath.Join(src, names[0]), "shared.json", "go1.shared", "h", d)
	writeResults(t, filepath.Join(src, names[1]), "shared.json", "go1.shared", "h", d)

	var want map[string]string
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 5; i++ {
		// Copy the artifacts into a fresh download directory in a shuffled
		// order, as a download would in any order.
		dl := t.TempDir()
		perm := rng.Perm(len(names))
		for _, j := range perm {
			for rel, data := range tree(t, filepath.Join(src, names[j])) {
				p := filepath.Join(dl, names[j], rel)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		into := t.TempDir()
		writeResults(t, into, "committed.json", "go1.committed", "local", d)
		var out, errb bytes.Buffer
		if code := run([]string{"-into", into, dl}, &out, &errb); code != 0 {
			t.Fatalf("order %v: exit %d: %s", perm, code, errb.String())
		}
		got := tree(t, into)
		if want == nil {
			want = got
			continue
		}
		if len(got) != len(want) {
			t.Fatalf("order %v: %d files, want %d", perm, len(got), len(want))
		}
		for rel, data := range want {
			if got[rel] != data {
				t.Errorf("order %v: %s differs from the first order's", perm, rel)
			}
		}
	}
	for _, rel := range []string{"committed.json", "shared.json", "runner-results-go1.26-arm64/x.json", "flat-results-gccgo-12.json"} {
		if _, ok := want[rel]; !ok {
			t.Errorf("merged tree lacks %s: %v", rel, keys(want))
		}
	}
	for rel := range want {
		if strings.Contains(rel, ".lock") || strings.HasPrefix(filepath.Base(rel), ".") {
			t.Errorf("merged tree has hidden file %s", rel)
		}
	}
	if len(want) != 2*len(names)+2 {
		t.Errorf("merged tree has %d files, want %d: %v", len(want), 2*len(names)+2, keys(want))
	}
}

func TestConflict(t *testing.T) {
	dl := t.TempDir()
	writeResults(t, filepath.Join(dl, "results-a"), "go1.26.8.json", "go1.26.8", "amd64-runner", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	writeResults(t, filepath.Join(dl, "results-b"), "go1.26.8.json", "go1.26.8", "arm64-runner", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
	into := t.TempDir()
	var out, errb bytes.Buffer
	if code := run([]string{"-into", into, dl}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if msg := errb.String(); !strings.Contains(msg, "go1.26.8.json differs between") || !strings.Contains(msg, "results-a") || !strings.Contains(msg, "results-b") {
		t.Errorf("message %q does not name the file and both artifacts", msg)
	}
	if got := tree(t, into); len(got) != 0 {
		t.Errorf("wrote %v despite the conflict", keys(got))
	}
}

func TestReplacesCommitted(t *testing.T) {
	dl := t.TempDir()
	writeResults(t, filepath.Join(dl, "results-go1.26"), "go1.26.8.json", "go1.26.8", "runner", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	into := t.TempDir()
	writeResults(t, into, "go1.26.8.json", "go1.26.8", "local", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	writeResults(t, into, "go1.19.8.json", "go1.19.8", "local", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	var out, errb bytes.Buffer
	if code := run([]string{"-into", into, dl}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "go1.26.8.json replaced by the measured file from") {
		t.Errorf("output %q does not report the replacement", out.String())
	}
	got := tree(t, into)
	if !strings.Contains(got["go1.26.8.json"], `"runner"`) || !strings.Contains(got["go1.19.8.json"], `"local"`) {
		t.Errorf("merged tree: %v", got)
	}
}

func TestRefuses(t *testing.T) {
	for name, setup := range map[string]func(dl string){
		"file outside an artifact": func(dl string) { os.WriteFile(filepath.Join(dl, "x.json"), []byte("{}"), 0o644) },
		"no artifacts":             func(dl string) {},
		"corrupt results file": func(dl string) {
			os.MkdirAll(filepath.Join(dl, "a"), 0o755)
			os.WriteFile(filepath.Join(dl, "a", "x.json"), []byte(`{"schema":`), 0o644)
		},
	} {
		t.Run(name, func(t *testing.T) {
			dl := t.TempDir()
			setup(dl)
			var out, errb bytes.Buffer
			if code := run([]string{"-into", t.TempDir(), dl}, &out, &errb); code != 1 {
				t.Errorf("exit %d, want 1 (stderr %q)", code, errb.String())
			}
		})
	}
	var out, errb bytes.Buffer
	if code := run([]string{t.TempDir()}, &out, &errb); code != 2 {
		t.Errorf("without -into: exit %d, want 2", code)
	}
}

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
