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

// Merge combines files into one File per toolchain, identified by its id
// and variant. The cells are the union of the toolchain's cells over all
// files. When several files hold a cell with the same key, the cell of the
// file with the newest Env.Date wins (the one listed later, for equal dates)
// and a warning says which was dropped and whether the probe's source hash
// differed; identical cells are merged silently. Cells are never pooled
// across runs, because runs on different machines or probe sources measure
// different things.
//
// The merged file takes its Toolchain and Env from the newest file, with a
// warning when the files disagree on the machine or the toolchain's version.
// The result is sorted by toolchain id and variant, with sorted cells.
func Merge(files []File) ([]File, []Warning) {
	type group struct {
		id, variant string
		members     []int
	}
	var groups []*group
	byKey := make(map[[2]string]*group)
	for i, f := range files {
		k := [2]string{f.Toolchain.ID, f.Toolchain.Variant}
		g := byKey[k]
		if g == nil {
			g = &group{id: k[0], variant: k[1]}
			byKey[k] = g
			groups = append(groups, g)
		}
		g.members = append(g.members, i)
	}
	sort.Slice(groups, func(i, j int) bool {
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
			warns = append(warns, Warning{g.id, fmt.Sprintf(format, args...)})
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
			if !sameMachine(f.Env, newest.Env) {
				warn("cells come from different machines (%s, %s); the merged file records only the newer",
					machine(f.Env), machine(newest.Env))
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

// sameMachine reports whether a and b describe the same kind of machine.
func sameMachine(a, b Env) bool {
	return a.Hostname == b.Hostname && a.GOOS == b.GOOS && a.GOARCH == b.GOARCH &&
		a.CPUs == b.CPUs && a.GOMAXPROCS == b.GOMAXPROCS && a.Kernel == b.Kernel && a.Runner == b.Runner
}

// machine describes an Env in a few words for a warning.
func machine(e Env) string {
	s := fmt.Sprintf("%s/%s %d CPUs, kernel %s", e.GOOS, e.GOARCH, e.CPUs, e.Kernel)
	if e.Hostname != "" {
		s = e.Hostname + " " + s
	}
	if e.Runner != "" {
		s += ", " + e.Runner
	}
	return s
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
