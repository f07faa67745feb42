package results

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/toolchain"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata")

// sample returns a valid File with cells and tallies out of order.
func sample() File {
	f := File{
		Toolchain: toolchain.Toolchain{
			ID: "go1.19.8", Kind: toolchain.GC, Version: "go1.19.8", Release: "go1.19.8", Lang: "go1.19",
			GOOS: "linux", GOARCH: "amd64", Path: "/usr/lib/go-1.19/bin/go", Source: "/usr/lib/go-*",
			Modes: []toolchain.Mode{toolchain.Plain, toolchain.Race},
		},
		Env: Env{
			GOOS: "linux", GOARCH: "amd64", CPUs: 2, GOMAXPROCS: 2, Kernel: "6.1.0",
			Date: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Runner: RunnerLocal,
			CPUModel:     "Intel(R) Xeon(R) CPU @ 2.20GHz",
			MaplabCommit: Commit{Revision: "89abcdef0123456789abcdef0123456789abcdef", Tree: TreeClean, From: FromGit},
		},
		Cells: []Cell{
			{Probe: "nil-map-write", ProbeHash: "h2", Mode: toolchain.Plain, N: 3,
				// Reused from an earlier run.
				MaplabCommit: Commit{Revision: "0123456789abcdef0123456789abcdef01234567", Tree: TreeDirty, From: FromBuild},
				Tallies:      []Tally{{outcome.Outcome{Kind: outcome.Panic, Reason: "assignment to entry in nil map"}, 3}},
				Samples: []Sample{{Outcome: outcome.Outcome{Kind: outcome.Panic, Reason: "assignment to entry in nil map"},
					ExitCode: 2, Stderr: "panic: assignment to entry in nil map\n"}},
				Seconds: 0.1},
			{Probe: "concurrent-writes", ProbeHash: "h3", Mode: toolchain.Race,
				NotRun: &outcome.Outcome{Kind: outcome.Unavailable, Reason: "race detector needs cgo"}},
			{Probe: "concurrent-writes", ProbeHash: "h3", Mode: toolchain.Plain, Lang: "go1.19", N: 20,
				Tallies: []Tally{
					{outcome.Outcome{Kind: outcome.Clean}, 4},
					{outcome.Outcome{Kind: outcome.Fatal, Reason: "concurrent map writes"}, 16},
				},
				Seconds: 1.5},
		},
	}
	f.Env.MachineID = f.Env.Machine().ID()
	return f
}

func TestWriteReadRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "go1.19.8.json")
	in := sample()
	if err := Write(path, in); err != nil {
		t.Fatal(err)
	}
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	want := in
	want.Schema = SchemaVersion
	want.Env.MaplabVersion = "89abcdef0123"
	want.Cells = []Cell{in.Cells[2], in.Cells[1], in.Cells[0]}
	// Cells without a commit get the file's.
	want.Cells[0].MaplabCommit = in.Env.MaplabCommit
	want.Cells[1].MaplabCommit = in.Env.MaplabCommit
	want.Cells[0].Tallies = []Tally{in.Cells[2].Tallies[1], in.Cells[2].Tallies[0]}
	want.Cells[1].Tallies = []Tally{} // written as [], not null
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Read after Write:\n got %+v\nwant %+v", got, want)
	}
	if in.Cells[2].Tallies[0].Kind != outcome.Clean {
		t.Error("Write reordered the caller's tallies")
	}

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "testdata/valid.json", data)
	if _, err := Read("testdata/valid.json"); err != nil {
		t.Errorf("reading the golden file: %v", err)
	}
}

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update if the change is intended):\n got:\n%s\nwant:\n%s", file, got, want)
	}
}

func TestWriteRefusesInvalid(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*File)
		want   string
	}{
		{"tallies", func(f *File) { f.Cells[0].N = 5 }, "cell nil-map-write/plain: tallies add up to 3, n is 5"},
		{"no id", func(f *File) { f.Toolchain.ID = "" }, "toolchain has no id"},
		{"unknown kind", func(f *File) { f.Cells[0].Tallies[0].Kind = "boom" }, `cell nil-map-write/plain: unknown outcome kind "boom"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.json")
			f := sample()
			tt.mutate(&f)
			err := Write(path, f)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Write: err = %v, want one containing %q", err, tt.want)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("Write of an invalid file left %s behind", path)
			}
		})
	}
}

// TestDecodeCorrupt checks the message for every corrupt file under
// testdata/corrupt against testdata/corrupt.golden.
func TestDecodeCorrupt(t *testing.T) {
	names, err := filepath.Glob("testdata/corrupt/*.json")
	if err != nil || len(names) < 20 {
		t.Fatalf("corrupt cases: %d files, err %v", len(names), err)
	}
	var out bytes.Buffer
	for _, name := range names {
		_, err := Read(name)
		if err == nil {
			t.Errorf("Read(%s) succeeded, want an error", name)
			continue
		}
		if !strings.HasPrefix(err.Error(), name) {
			t.Errorf("Read(%s): error %q does not start with the file name", name, err)
		}
		fmt.Fprintln(&out, err)
	}
	golden(t, "testdata/corrupt.golden", out.Bytes())
}

func TestReadMissing(t *testing.T) {
	_, err := Read("testdata/nonexistent.json")
	if err == nil || !strings.Contains(err.Error(), "testdata/nonexistent.json") {
		t.Errorf("Read of a missing file: err = %v, want one naming it", err)
	}
}

func TestLeftoverTempFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "go1.19.8.json")
	if err := Write(path, sample()); err != nil {
		t.Fatal(err)
	}
	// A crash between creating the temporary file and renaming it leaves
	// a partial file behind.
	data, _ := os.ReadFile(path)
	tmp := tempName(path)
	if err := os.WriteFile(tmp, data[:len(data)/3], 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := ReadAll(dir)
	if err != nil {
		t.Fatalf("ReadAll with a leftover temporary file: %v", err)
	}
	if len(files) != 1 {
		t.Errorf("ReadAll read %d files, want 1", len(files))
	}
	if err := Write(path, sample()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Write left the stale temporary file %s: %v", tmp, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after Write, want 1", len(entries))
	}

	// RemoveTemp removes a leftover without touching the file.
	if err := os.WriteFile(tmp, data[:len(data)/3], 0o644); err != nil {
		t.Fatal(err)
	}
	if err := RemoveTemp(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("RemoveTemp left %s: %v", tmp, err)
	}
	if _, err := Read(path); err != nil {
		t.Errorf("after RemoveTemp: %v", err)
	}
	if err := RemoveTemp(path); err != nil {
		t.Errorf("RemoveTemp without a temporary file: %v", err)
	}
}

// bigFile returns a valid file with n cells, large enough that a write is not
// a single system call.
func bigFile(n int) File {
	f := sample()
	f.Cells = nil
	for i := 0; i < n; i++ {
		f.Cells = append(f.Cells, Cell{
			Probe: fmt.Sprintf("probe-%04d", i), ProbeHash: strings.Repeat("ab", 32), Mode: toolchain.Plain, N: 400,
			Tallies: []Tally{{outcome.Outcome{Kind: outcome.Fatal, Reason: "concurrent map writes"}, 400}},
			Samples: []Sample{{Outcome: outcome.Outcome{Kind: outcome.Fatal, Reason: "concurrent map writes"},
				ExitCode: 2, Stderr: strings.Repeat("goroutine 1 [running]:\n", 40)}},
		})
	}
	return f
}

func TestReaderNeverSeesPartialFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "go1.19.8.json")
	small, big := bigFile(1), bigFile(200) // about 250 KB
	if err := Write(path, small); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	var writeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		for i := 0; i < 60; i++ {
			f := small
			if i%2 == 0 {
				f = big
			}
			if err := Write(path, f); err != nil {
				writeErr = err
				return
			}
		}
	}()
	reads := 0
	for {
		select {
		case <-done:
			wg.Wait()
			if writeErr != nil {
				t.Fatal(writeErr)
			}
			if reads < 10 {
				t.Errorf("only %d reads overlapped the writes, too few to show anything", reads)
			}
			return
		default:
		}
		f, err := Read(path)
		if err != nil {
			t.Fatalf("read %d during writes: %v", reads, err)
		}
		if n := len(f.Cells); n != 1 && n != 200 {
			t.Fatalf("read %d cells, want 1 or 200", n)
		}
		reads++
	}
}

func TestReadAll(t *testing.T) {
	dir := t.TempDir()
	write := func(name, id string) {
		t.Helper()
		f := sample()
		f.Toolchain.ID = id
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o777)
		if err := Write(filepath.Join(dir, name), f); err != nil {
			t.Fatal(err)
		}
	}
	write("m1/b.json", "b")
	write("m1/a.json", "a")
	write("m2/c.json", "c")
	write("m2/deeper/d.json", "d")                                          // not read: two levels down
	os.WriteFile(filepath.Join(dir, "m1", "notes.txt"), []byte("x"), 0o644) // not read: not *.json
	os.WriteFile(filepath.Join(dir, "m1", ".hidden.json"), []byte("x"), 0o644)
	os.MkdirAll(filepath.Join(dir, ".git"), 0o777)
	os.WriteFile(filepath.Join(dir, ".git", "x.json"), []byte("x"), 0o644) // not read: hidden directory

	files, err := ReadAll(filepath.Join(dir, "m2", "c.json"), dir, filepath.Join(dir, "m1", "a.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range files {
		ids = append(ids, f.Toolchain.ID)
	}
	if want := []string{"c", "a", "b"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ReadAll read toolchains %q, want %q", ids, want)
	}

	// A machine directory named on its own is read like any directory.
	files, err = ReadAll(filepath.Join(dir, "m1"))
	if err != nil || len(files) != 2 {
		t.Errorf("ReadAll(m1) = %d files, %v; want 2", len(files), err)
	}

	empty := t.TempDir()
	files, err = ReadAll(empty)
	if err != nil || len(files) != 0 {
		t.Errorf("ReadAll(empty dir) = %d files, %v; want none, nil", len(files), err)
	}
	if _, err := ReadAll(filepath.Join(dir, "missing")); err == nil {
		t.Error("ReadAll of a missing path succeeded")
	}
}

// TestFlatLayout checks that a results file directly in a results
// directory beside machine directories, the layout before schema 3, is an
// error naming the file and the fix, from ReadAll and CheckLayout.
func TestFlatLayout(t *testing.T) {
	dir := t.TempDir()
	if err := CheckLayout(filepath.Join(dir, "missing")); err != nil {
		t.Errorf("CheckLayout of a missing directory: %v", err)
	}
	os.MkdirAll(filepath.Join(dir, "m1"), 0o777)
	if err := Write(filepath.Join(dir, "m1", "go1.19.8.json"), sample()); err != nil {
		t.Fatal(err)
	}
	if err := CheckLayout(dir); err != nil {
		t.Errorf("CheckLayout of machine directories only: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go1.19.8.json"), []byte(`{"schema": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	d := dir + string(filepath.Separator)
	want := filepath.Join(dir, "go1.19.8.json") + ": results file directly in " + d +
		", the layout of schema version 2 and older: results are kept per machine now, as " + d + "<machine>/<toolchain>.json, and files of the old flat layout say nothing of their machine; remove them (git rm " + d + "*.json) and run `go run ./matrix` to measure this machine"
	if err := CheckLayout(dir); err == nil || err.Error() != want {
		t.Errorf("CheckLayout:\n got %v\nwant %s", err, want)
	}
	if _, err := ReadAll(dir); err == nil || err.Error() != want {
		t.Errorf("ReadAll:\n got %v\nwant %s", err, want)
	}
}

func TestReadAllRefusesMixedSchemas(t *testing.T) {
	dir := t.TempDir()
	if err := Write(filepath.Join(dir, "a.json"), sample()); err != nil {
		t.Fatal(err)
	}
	newer, err := os.ReadFile("testdata/corrupt/schema-newer.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.json"), newer, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ReadAll(dir)
	want := fmt.Sprintf("%s: schema version 4, but %s has schema version 5: files from different maplab versions cannot be read together; re-run `go run ./matrix run` for the older ones with one maplab",
		filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json"))
	if err == nil || err.Error() != want {
		t.Errorf("ReadAll of mixed schema versions:\n got %v\nwant %s", err, want)
	}

	// The same files, each alone, give the per-file messages.
	if _, err := ReadAll(filepath.Join(dir, "a.json")); err != nil {
		t.Errorf("ReadAll(a.json): %v", err)
	}
	if _, err := ReadAll(filepath.Join(dir, "b.json")); err == nil || !strings.Contains(err.Error(), "schema version 5, this maplab reads 3 to 4") {
		t.Errorf("ReadAll(b.json): err = %v, want the schema version message", err)
	}
}

func TestFileName(t *testing.T) {
	tests := []struct {
		id, want string
	}{
		{"go1.19.8", "go1.19.8.json"},
		{"gccgo12-go1.18", "gccgo12-go1.18.json"},
		{"go1.24.6+noswissmap", "go1.24.6+noswissmap.json"},
		{"go1.27.3 (GOTOOLCHAIN)", "go1.27.3__GOTOOLCHAIN_.json"},
		{"../etc/passwd", "_._etc_passwd.json"},
		{".hidden", "_hidden.json"},
		{"", "unknown.json"},
	}
	for _, tt := range tests {
		if got := FileName(toolchain.Toolchain{ID: tt.id}); got != tt.want {
			t.Errorf("FileName(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
}

// TestRejectedRoundTrip checks that a build-outcome probe's rejected cell
// (one trial of kind rejected, the compiler's message as reason) is
// written and read back unchanged in the current schema, and that a
// rejected build among other trials is refused.
func TestRejectedRoundTrip(t *testing.T) {
	rejected := outcome.Outcome{Kind: outcome.Rejected, Reason: "duplicate key 1 in map literal"}
	in := sample()
	in.Cells = []Cell{{Probe: "map-literal-duplicate-int-key", ProbeHash: "h4", Mode: toolchain.Plain, Lang: "go1.19", N: 1,
		MaplabCommit: in.Env.MaplabCommit,
		Tallies:      []Tally{{rejected, 1}},
		Samples:      []Sample{{Outcome: rejected, ExitCode: 1, Stderr: "# maplab.probe/x\n./main.go:30:25: duplicate key 1 in map literal"}}}}
	path := filepath.Join(t.TempDir(), "go1.19.8.json")
	if err := Write(path, in); err != nil {
		t.Fatal(err)
	}
	got, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Schema != SchemaVersion || !reflect.DeepEqual(got.Cells, in.Cells) {
		t.Errorf("Read after Write: schema %d, cells %+v; want %d, %+v", got.Schema, got.Cells, SchemaVersion, in.Cells)
	}

	for _, mutate := range []func(c *Cell){
		func(c *Cell) { c.N, c.Tallies[0].K = 2, 2 },
		func(c *Cell) { c.N = 2; c.Tallies = append(c.Tallies, Tally{outcome.Outcome{Kind: outcome.Clean}, 1}) },
	} {
		bad := sample()
		bad.Cells = append([]Cell{}, in.Cells...)
		bad.Cells[0].Tallies = append([]Tally{}, in.Cells[0].Tallies...)
		mutate(&bad.Cells[0])
		err := Write(filepath.Join(t.TempDir(), "bad.json"), bad)
		if want := "want it as the cell's only trial"; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Write of %+v: err = %v, want one containing %q", bad.Cells[0].Tallies, err, want)
		}
	}
}
