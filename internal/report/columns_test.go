package report

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// on returns f measured on a machine: runner "local" or "github", its
// architecture and CPU count.
func on(f results.File, runner, arch string, cpus int) results.File {
	e := results.Env{Runner: results.RunnerLocal, GOOS: "linux", GOARCH: arch, CPUs: cpus, CPUModel: "cpu",
		Date: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	if runner == "github" {
		e.Runner, e.RunnerImage = results.RunnerGitHub, "ubuntu24"
	}
	e.MachineID = e.Machine().ID()
	f.Env = e
	f.Toolchain.GOOS, f.Toolchain.GOARCH = "linux", arch
	return f
}

// TestColumnsOneReferencePerRelease checks ReferenceRule.
func TestColumnsOneReferencePerRelease(t *testing.T) {
	local := on(gcFile("go1.19.8"), "local", "amd64", 2).Env.MachineID
	gh := on(gcFile("go1.19.13"), "github", "amd64", 4).Env.MachineID
	gharm := on(gcFile("go1.19.13"), "github", "arm64", 4).Env.MachineID
	localarm := on(gcFile("go1.12.17"), "local", "arm64", 4).Env.MachineID
	tests := []struct {
		name   string
		files  []results.File
		labels []string // measured columns, in order; "+" marks an extra column
		chains []string
		arch   string
	}{
		{
			name:   "one machine: labels as before",
			files:  []results.File{on(gcFile("go1.26.8"), "local", "amd64", 2), on(gcFile("go1.19.8"), "local", "amd64", 2)},
			labels: []string{"go1.19.8", "go1.26.8"},
			chains: []string{"gc", "gc"},
			arch:   "amd64",
		},
		{
			name: "the GitHub runner is the reference of a release a local machine measured too",
			files: []results.File{
				on(gcFile("go1.19.8"), "local", "amd64", 2),
				on(gcFile("go1.19.13"), "github", "amd64", 4),
				on(gcFile("go1.26.8"), "local", "amd64", 2),
			},
			labels: []string{"go1.19.13 @ " + gh, "+go1.19.8 @ " + local, "go1.26.8"},
			chains: []string{"gc", "gc@" + local, "gc"},
			arch:   "amd64",
		},
		{
			name: "the GitHub runner wins even with an older patch",
			files: []results.File{
				on(gcFile("go1.19.13"), "local", "amd64", 2),
				on(gcFile("go1.19.8"), "github", "amd64", 4),
			},
			labels: []string{"go1.19.8 @ " + gh, "+go1.19.13 @ " + local},
			chains: []string{"gc", "gc@" + local},
			arch:   "amd64",
		},
		{
			name: "two patches on one machine: the newest is the reference",
			files: []results.File{
				on(gcFile("go1.19.8"), "local", "amd64", 2),
				on(gcFile("go1.19.13"), "local", "amd64", 2),
			},
			labels: []string{"go1.19.13 @ " + local, "+go1.19.8 @ " + local},
			chains: []string{"gc", "gc@" + local},
			arch:   "amd64",
		},
		{
			name: "the table's architecture is the GitHub runners'; other architectures are labelled",
			files: []results.File{
				on(gcFile("go1.12.17"), "local", "arm64", 4),
				on(gcFile("go1.19.13"), "github", "amd64", 4),
				on(gcFile("go1.19.13"), "github", "arm64", 4),
				on(gcFile("go1.21.13"), "github", "amd64", 4),
			},
			labels: []string{"go1.12.17 @ " + localarm, "go1.19.13 @ " + gh, "+go1.19.13 @ " + gharm, "go1.21.13"},
			chains: []string{"gc", "gc", "gc@" + gharm, "gc"},
			arch:   "amd64",
		},
		{
			name: "without GitHub runs the most common architecture is the table's",
			files: []results.File{
				on(gcFile("go1.12.17"), "local", "arm64", 4),
				on(gcFile("go1.13.15"), "local", "arm64", 4),
				on(gcFile("go1.19.8"), "local", "amd64", 2),
			},
			labels: []string{"go1.12.17", "go1.13.15", "go1.19.8 @ " + local},
			chains: []string{"gc", "gc", "gc"},
			arch:   "arm64",
		},
		{
			name: "gccgo releases and variants are columns of their own",
			files: []results.File{
				on(gccgoFile("12", "go1.18"), "local", "amd64", 2),
				on(gccgoFile("12", "go1.18"), "github", "amd64", 4),
				on(gccgoFile("11", "go1.16"), "local", "amd64", 2),
				on(func() results.File {
					f := gcFile("go1.24.6")
					f.Toolchain.ID, f.Toolchain.Variant = "go1.24.6+noswissmap", "noswissmap"
					return f
				}(), "github", "amd64", 4),
				on(gcFile("go1.24.6"), "github", "amd64", 4),
			},
			labels: []string{"go1.24.6", "go1.24.6+noswissmap", "gccgo 11 (go1.16)", "gccgo 12 (go1.18) @ " + gh, "+gccgo 12 (go1.18) @ " + local},
			chains: []string{"gc", "gc+noswissmap", "gccgo", "gccgo", "gccgo@" + local},
			arch:   "amd64",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols, idx, warns := columns(tt.files, DefaultHowToMeasure)
			if len(warns) != 0 {
				t.Errorf("warnings: %v", warns)
			}
			var labels, chains []string
			for i, c := range cols {
				if !c.Measured {
					if idx[i] != -1 {
						t.Errorf("column %s not measured but has file %d", c.Label, idx[i])
					}
					continue
				}
				id := c.ID
				if c.Extra {
					id = strings.TrimSuffix(id, "@"+c.Machine)
				}
				if f := tt.files[idx[i]]; f.Env.MachineID != c.Machine || f.Toolchain.ID != id {
					t.Errorf("column %s shows file %d (%s on %s)", c.Label, idx[i], f.Toolchain.ID, f.Env.MachineID)
				}
				l := c.Label
				if c.Extra {
					l = "+" + l
				}
				labels = append(labels, l)
				chains = append(chains, chainText(c.Chain))
			}
			if !reflect.DeepEqual(labels, tt.labels) {
				t.Errorf("columns:\n got %q\nwant %q", labels, tt.labels)
			}
			if !reflect.DeepEqual(chains, tt.chains) {
				t.Errorf("chains:\n got %q\nwant %q", chains, tt.chains)
			}
			if got := tableArch(tt.files); got != tt.arch {
				t.Errorf("table architecture %s, want %s", got, tt.arch)
			}
			// Never two columns for one release without a machine in
			// their labels, nor two columns with one ID.
			bare, ids := map[group]string{}, map[string]bool{}
			for _, c := range cols {
				if ids[c.ID] {
					t.Errorf("two columns have ID %s", c.ID)
				}
				ids[c.ID] = true
				if !c.Measured || strings.Contains(c.Label, " @ ") {
					continue
				}
				k := columnGroup(c.Toolchain)
				if other, ok := bare[k]; ok {
					t.Errorf("columns %s and %s show one release and neither names its machine", other, c.Label)
				}
				bare[k] = c.Label
			}
		})
	}
}

func TestMachinesOfColumns(t *testing.T) {
	cells := func(n ...int) []results.Cell {
		var cs []results.Cell
		for i, k := range n {
			cs = append(cs, results.Cell{Probe: fmt.Sprintf("p%d", i), Mode: toolchain.Plain, N: k})
		}
		return cs
	}
	files := []results.File{
		on(gcFile("go1.19.8", cells(20, 7)...), "local", "amd64", 2),
		on(gcFile("go1.19.13", cells(40)...), "github", "amd64", 4),
		on(gcFile("go1.26.8", cells(20, 20, 3)...), "local", "amd64", 2),
	}
	// Each file's cells get their own wall time, so that a cost added up
	// from another column's file shows.
	for i := range files {
		for j := range files[i].Cells {
			files[i].Cells[j].Seconds = float64(i + 1)
		}
	}
	cols, idx, _ := columns(files, DefaultHowToMeasure)
	ms := machines(cols, files, idx)
	if len(ms) != 2 {
		t.Fatalf("%d machines, want 2: %+v", len(ms), ms)
	}
	gh, local := ms[0], ms[1]
	if gh.Runner != results.RunnerGitHub || !reflect.DeepEqual(gh.Columns, []string{"go1.19.13 @ " + gh.ID}) {
		t.Errorf("GitHub machine: %+v", gh)
	}
	if local.Runner != results.RunnerLocal || !reflect.DeepEqual(local.Columns, []string{"go1.19.8 @ " + local.ID, "go1.26.8"}) {
		t.Errorf("local machine: %+v", local)
	}
	// The costs follow the columns: go1.19.13 is file 1 (2 s per cell),
	// go1.19.8 file 0 (1 s), go1.26.8 file 2 (3 s).
	want := func(file int) Cost {
		c := Cost{Cells: len(files[file].Cells), Seconds: float64(len(files[file].Cells) * (file + 1))}
		for _, cell := range files[file].Cells {
			c.Trials += cell.N
		}
		return c
	}
	if !reflect.DeepEqual(gh.Costs, []Cost{want(1)}) || !reflect.DeepEqual(local.Costs, []Cost{want(0), want(2)}) {
		t.Errorf("costs: GitHub %+v, local %+v; want %+v and %+v", gh.Costs, local.Costs, want(1), []Cost{want(0), want(2)})
	}
}

// TestExtraColumnsRendered checks that a release measured on two machines
// shows both columns, each naming its machine, that the report states the
// rule and lists the machines, and that no change is reported between the
// two machines' columns.
func TestExtraColumnsRendered(t *testing.T) {
	ref := on(gcFile("go1.19.13", tally("p", "fatal:concurrent map writes=20")), "github", "amd64", 4)
	extra := on(gcFile("go1.19.8", tally("p", "clean=20")), "local", "amd64", 2)
	next := on(gcFile("go1.26.8", tally("p", "clean=20")), "local", "amd64", 2)
	r, _ := Build(Input{Files: []results.File{next, extra, ref}})
	for _, ch := range r.Changes {
		if ch.From == ch.To || strings.Contains(ch.From+ch.To, "go1.19.8") && strings.Contains(ch.From+ch.To, "go1.19.13") {
			t.Errorf("change between the machines of one release: %+v", ch)
		}
	}
	var md strings.Builder
	if err := Markdown(&md, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"| go1.19.13 @ " + ref.Env.MachineID + " | go1.19.8 @ " + extra.Env.MachineID + " |",
		"## Machines\n\n" + ReferenceRule + " The table's architecture is amd64.",
		"| " + ref.Env.MachineID + " | github-actions (ubuntu24) | linux/amd64 | 4 | cpu | go1.19.13 @ " + ref.Env.MachineID + " ",
		"| " + extra.Env.MachineID + " | local | linux/amd64 | 2 | cpu | go1.19.8 @ " + extra.Env.MachineID + " ",
		" trials; go1.26.8 ",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("the Markdown report lacks %q", want)
		}
	}
	var js strings.Builder
	if err := JSON(&js, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"id": "go1.19.8@` + extra.Env.MachineID + `"`, `"extra": true`, `"machines": [`} {
		if !strings.Contains(js.String(), want) {
			t.Errorf("compat.json lacks %s", want)
		}
	}
}

// TestColumnsDuplicateFile checks that a second file of one toolchain on
// one machine (results not merged) is dropped with a warning, while the
// same toolchain on another machine is a column of its own.
func TestColumnsDuplicateFile(t *testing.T) {
	a := on(gcFile("go1.19.8"), "local", "amd64", 2)
	cols, _, warns := columns([]results.File{a, a, on(gcFile("go1.19.8"), "local", "amd64", 4)}, DefaultHowToMeasure)
	want := []Warning{{"toolchain go1.19.8 on " + a.Env.MachineID + ": more than one results file; using the first (merge them first)"}}
	if !reflect.DeepEqual(warns, want) {
		t.Errorf("warnings %v, want %v", warns, want)
	}
	measured := 0
	for _, c := range cols {
		if c.Measured {
			measured++
		}
	}
	if measured != 2 {
		t.Errorf("%d measured columns, want 2 (one per machine)", measured)
	}
}
