package results

import (
	"reflect"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/toolchain"
)

func TestMerge(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
	cell := func(probe, hash string, kind outcome.Kind, n int) Cell {
		return Cell{Probe: probe, ProbeHash: hash, Mode: toolchain.Plain, N: n,
			Tallies: []Tally{{outcome.Outcome{Kind: kind}, n}}}
	}
	file := func(id, variant string, d int, cells ...Cell) File {
		return File{Schema: SchemaVersion,
			Toolchain: toolchain.Toolchain{ID: id, Variant: variant, Kind: toolchain.GC, Version: id},
			Env:       Env{MachineID: "m1", GOOS: "linux", GOARCH: "amd64", CPUs: 2, Kernel: "6.1", Date: day(d)},
			Cells:     cells}
	}
	tests := []struct {
		name      string
		in        []File
		want      []File
		wantWarns []string
	}{
		{
			name: "distinct toolchains and variants stay apart, sorted",
			in: []File{
				file("go1.24.6", "noswissmap", 1, cell("a", "h", outcome.Clean, 1)),
				file("go1.24.6", "", 1, cell("a", "h", outcome.Clean, 2)),
				file("go1.19.8", "", 1, cell("a", "h", outcome.Clean, 3)),
			},
			want: []File{
				file("go1.19.8", "", 1, cell("a", "h", outcome.Clean, 3)),
				file("go1.24.6", "", 1, cell("a", "h", outcome.Clean, 2)),
				file("go1.24.6", "noswissmap", 1, cell("a", "h", outcome.Clean, 1)),
			},
		},
		{
			name: "union of disjoint cells, env of the newest",
			in: []File{
				file("go1.19.8", "", 2, cell("b", "h", outcome.Clean, 5)),
				file("go1.19.8", "", 1, cell("a", "h", outcome.Fatal, 4)),
			},
			want: []File{file("go1.19.8", "", 2, cell("a", "h", outcome.Fatal, 4), cell("b", "h", outcome.Clean, 5))},
		},
		{
			name: "identical cells merge silently",
			in: []File{
				file("go1.19.8", "", 1, cell("a", "h", outcome.Clean, 5)),
				file("go1.19.8", "", 1, cell("a", "h", outcome.Clean, 5)),
			},
			want: []File{file("go1.19.8", "", 1, cell("a", "h", outcome.Clean, 5))},
		},
		{
			name: "newer cell wins even when listed first",
			in: []File{
				file("go1.19.8", "", 3, cell("a", "h", outcome.Fatal, 7)),
				file("go1.19.8", "", 1, cell("a", "h", outcome.Clean, 5)),
			},
			want: []File{file("go1.19.8", "", 3, cell("a", "h", outcome.Fatal, 7))},
			wantWarns: []string{
				"go1.19.8 on m1: cell a/plain measured in two runs; kept the run of 2025-03-03T00:00:00Z, dropped the run of 2025-03-01T00:00:00Z",
			},
		},
		{
			name: "changed probe source",
			in: []File{
				file("go1.19.8", "", 1, cell("a", "old", outcome.Clean, 5)),
				file("go1.19.8", "", 2, cell("a", "new", outcome.Corrupt, 5)),
			},
			want: []File{file("go1.19.8", "", 2, cell("a", "new", outcome.Corrupt, 5))},
			wantWarns: []string{
				"go1.19.8 on m1: cell a/plain measured with two probe sources (old, new); kept the run of 2025-03-02T00:00:00Z, dropped the run of 2025-03-01T00:00:00Z",
			},
		},
		{
			name: "equal dates: the later listed wins",
			in: []File{
				file("go1.19.8", "", 1, cell("a", "h", outcome.Clean, 5)),
				file("go1.19.8", "", 1, cell("a", "h", outcome.Fatal, 6)),
			},
			want: []File{file("go1.19.8", "", 1, cell("a", "h", outcome.Fatal, 6))},
			wantWarns: []string{
				"go1.19.8 on m1: cell a/plain measured in two runs; kept the run of 2025-03-01T00:00:00Z, dropped the run of 2025-03-01T00:00:00Z",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warns := Merge(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Merge:\n got %+v\nwant %+v", got, tt.want)
			}
			var gotWarns []string
			for _, w := range warns {
				gotWarns = append(gotWarns, w.String())
			}
			if !reflect.DeepEqual(gotWarns, tt.wantWarns) {
				t.Errorf("warnings:\n got %q\nwant %q", gotWarns, tt.wantWarns)
			}
		})
	}
}

// TestMergeKeepsMachinesApart checks that files of one toolchain measured
// on two machines stay two files, each with its own cells, and that files
// of one machine disagreeing on the toolchain's version get a warning.
func TestMergeKeepsMachinesApart(t *testing.T) {
	a := sample()
	b := sample()
	b.Env.Date = b.Env.Date.Add(time.Hour)
	b.Env.CPUs = 4
	b.Env.Runner, b.Env.RunnerImage = RunnerGitHub, "ubuntu24"
	b.Env.MachineID = b.Env.Machine().ID()
	b.Cells = b.Cells[:1]
	got, warns := Merge([]File{b, a})
	if len(warns) != 0 {
		t.Errorf("warnings for two machines: %v, want none", warns)
	}
	if len(got) != 2 || got[0].Env.MachineID != b.Env.MachineID || got[1].Env.MachineID != a.Env.MachineID ||
		len(got[0].Cells) != 1 || len(got[1].Cells) != len(a.Cells) {
		t.Fatalf("Merge of one toolchain on two machines: %+v; want the github file (1 cell), then the local one (%d cells)", got, len(a.Cells))
	}

	c := sample()
	c.Env.Date = c.Env.Date.Add(time.Hour)
	c.Toolchain.Version = "go1.19.8 X:nocoverageredesign"
	_, warns = Merge([]File{a, c})
	var msgs []string
	for _, w := range warns {
		msgs = append(msgs, w.String())
	}
	want := []string{
		`go1.19.8 on local-linux-amd64-2cpu-` + a.Env.MachineID[len(a.Env.MachineID)-6:] + `: files disagree on the toolchain: gc "go1.19.8" (run of 2025-01-02T03:04:05Z) and gc "go1.19.8 X:nocoverageredesign" (run of 2025-01-02T04:04:05Z); kept the newer`,
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("warnings:\n got %q\nwant %q", msgs, want)
	}
}
