package results

import (
	"fmt"
	"reflect"
	"sort"
	"time"
)

// Warning is a non-fatal problem found while merging results files.
type Warning struct {
	// Toolchain is the id of the toolchain the warning is about.
	Toolchain string
	// Message says what happened.
	Message string
}

// String returns "toolchain: message".
func (w Warning) String() string { return w.Toolchain + ": " + w.Message }

// Merge combines files into one File per machine and toolchain, identified
// by the machine's ID and the toolchain's id and variant: cells measured on
// different machines are never merged. The cells are the union of the
// (machine, toolchain) pair's cells over all files. When several files hold a cell with the same key, the cell of the
// file with the newest Env.Date wins (the one listed later, for equal dates)
// and a warning says which was dropped and whether the probe's source hash
// differed; identical cells are merged silently. Cells are never pooled
// across runs, because runs on different machines or probe sources measure
// different things.
//
// The merged file takes its Toolchain and Env from the newest file, with a
// warning when the files disagree on the toolchain's version. The result is
// sorted by machine, toolchain id and variant, with sorted cells.
func Merge(files []File) ([]File, []Warning) {
	type group struct {
		machine, id, variant string
		members              []int
	}
	var groups []*group
	byKey := make(map[[3]string]*group)
	for i, f := range files {
		k := [3]string{f.Env.MachineID, f.Toolchain.ID, f.Toolchain.Variant}
		g := byKey[k]
		if g == nil {
			g = &group{machine: k[0], id: k[1], variant: k[2]}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.members = append(g.members, i)
	}
	sort.Slice(groups, func(i, j int) bool {
		if groups[i].machine != groups[j].machine {
			return groups[i].machine < groups[j].machine
		}
		if groups[i].id != groups[j].id {
			return groups[i].id < groups[j].id
		}
		return groups[i].variant < groups[j].variant
	})

	var out []File
	var warns []Warning
	for _, g := range groups {
		idx := g.members
		sort.SliceStable(idx, func(a, b int) bool {
			return files[idx[a]].Env.Date.Before(files[idx[b]].Env.Date)
		})
		newest := files[idx[len(idx)-1]]
		warn := func(format string, args ...any) {
			warns = append(warns, Warning{g.id + " on " + g.machine, fmt.Sprintf(format, args...)})
		}

		cells := make(map[Key]Cell)
		from := make(map[Key]time.Time)
		for _, i := range idx {
			f := files[i]
			for _, c := range f.Cells {
				k := c.Key()
				if prev, ok := cells[k]; ok && !reflect.DeepEqual(prev, c) {
					why := "measured in two runs"
					if prev.ProbeHash != c.ProbeHash {
						why = fmt.Sprintf("measured with two probe sources (%s, %s)", short(prev.ProbeHash), short(c.ProbeHash))
					}
					warn("cell %s %s; kept the run of %s, dropped the run of %s", k, why, date(f.Env.Date), date(from[k]))
				}
				cells[k] = c
				from[k] = f.Env.Date
			}
			if f.Toolchain.Version != newest.Toolchain.Version || f.Toolchain.Kind != newest.Toolchain.Kind {
				warn("files disagree on the toolchain: %s %q (run of %s) and %s %q (run of %s); kept the newer",
					f.Toolchain.Kind, f.Toolchain.Version, date(f.Env.Date), newest.Toolchain.Kind, newest.Toolchain.Version, date(newest.Env.Date))
			}
		}

		merged := File{Schema: SchemaVersion, Toolchain: newest.Toolchain, Env: newest.Env, Cells: make([]Cell, 0, len(cells))}
		for _, c := range cells {
			merged.Cells = append(merged.Cells, c)
		}
		sortCells(merged.Cells)
		out = append(out, merged)
	}
	return out, warns
}

func date(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// short abbreviates a hash for a message.
func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	if h == "" {
		return "no hash"
	}
	return h
}
