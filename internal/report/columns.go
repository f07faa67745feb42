package report

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// FirstRelease is the oldest gc release the report expects: probes build
// with Go 1.9, and the CI workflow measures from there on.
const FirstRelease = "go1.9"

// ExpectedReleases returns the gc minor releases the report shows a column
// for, measured or not: go1.9 up to the newest stable minor release among
// the gc results (pre-releases do not count). With no gc results it
// returns none. This is the one place that decides the list.
func ExpectedReleases(files []results.File) []string {
	newest := -1
	for _, f := range files {
		tc := f.Toolchain
		if tc.Kind != toolchain.GC || !stable(tc.Release) {
			continue
		}
		if m, ok := toolchain.Minor(tc.Release); ok && m > newest {
			newest = m
		}
	}
	first, _ := toolchain.Minor(FirstRelease)
	var out []string
	for m := first; m <= newest; m++ {
		out = append(out, "go1."+strconv.Itoa(m))
	}
	return out
}

// DefaultHowToMeasure says how to measure gc release go1.N: the CI job of
// that release, or an SDK installed locally.
func DefaultHowToMeasure(release string) string {
	sdk := release
	if m, ok := toolchain.Minor(release); ok && m >= 21 {
		sdk += ".0" // from Go 1.21 on, the first release is go1.N.0
	}
	return fmt.Sprintf("CI: job \"measure %s\" of .github/workflows/matrix.yml; locally: go run ./matrix install %s && go run ./matrix run -toolchains ~/sdk/%s",
		release, sdk, sdk)
}

// stable reports whether release names a Go release that is not a beta or
// release candidate.
func stable(release string) bool {
	return toolchain.IsRelease(release) && !strings.Contains(release, "rc") && !strings.Contains(release, "beta")
}

var gccgoMajorRE = regexp.MustCompile(`gccgo-?([0-9]+)`)

// runnerSuffix is what a column's label says of the program that runs the
// toolchain's programs, " (Node 20)", or "" for a native toolchain.
func runnerSuffix(tc toolchain.Toolchain) string {
	if r := toolchain.RunnerLabel(tc.Runner); r != "" {
		return " (" + r + ")"
	}
	return ""
}

// label returns the column heading of a toolchain: its id for gc,
// "gccgo N (go1.X)" for gccgo, N being the GCC major version, and for a
// toolchain whose programs run in a runner, what ran them:
// "go1.26.8 js/wasm (Node 20)", "GopherJS 1.19 (Node 20)".
func label(tc toolchain.Toolchain) string {
	runner := runnerSuffix(tc)
	switch {
	case tc.Kind == toolchain.GopherJS:
		v := tc.CompilerVersion
		if parts := strings.SplitN(v, ".", 3); len(parts) >= 2 {
			v = parts[0] + "." + parts[1]
		}
		l := "GopherJS"
		if v != "" {
			l += " " + v
		}
		return l + runner
	case tc.Kind != toolchain.GCCGO && (!tc.Native() || tc.Runner != ""):
		base := strings.TrimSuffix(tc.ID, "-"+tc.GOOS+"-"+tc.GOARCH)
		return base + " " + tc.Platform() + runner
	case tc.Kind != toolchain.GCCGO:
		return tc.ID
	}
	major := ""
	if v := tc.CompilerVersion; v != "" {
		major = strings.SplitN(v, ".", 2)[0]
	}
	if major == "" {
		for _, s := range []string{tc.ID, tc.Path} {
			if m := gccgoMajorRE.FindStringSubmatch(s); m != nil {
				major = m[1]
				break
			}
		}
	}
	if major == "" {
		if f := strings.Fields(tc.Version); len(f) > 0 && strings.Contains(tc.Version, "gccgo") {
			major = strings.SplitN(f[len(f)-1], ".", 2)[0]
		}
	}
	l := "gccgo"
	if major != "" {
		l += " " + major
	}
	if tc.Release != "" {
		l += " (" + tc.Release + ")"
	}
	if tc.Variant != "" {
		l += " +" + tc.Variant
	}
	return l
}

// chainOf returns the chain of a column: its implementation, its variant
// and, for a target that is not a native binary, its platform.
func chainOf(tc toolchain.Toolchain) claims.Chain {
	ch := claims.Chain{Kind: tc.Kind, Variant: tc.Variant}
	if ch.Kind == "" {
		ch.Kind = toolchain.GC
	}
	if !tc.Native() {
		ch.Platform = tc.Platform() // js/wasm is not native gc's next release
	}
	return ch
}

// ReferenceRule says which machine's measurement a column shows when
// several machines, or several patch releases, measured one release. The
// report prints it beside the machines.
const ReferenceRule = "One column per implementation and release. Where several machines or patch releases measured the same release, " +
	"the column shows the reference machine: the GitHub Actions runner of the table's architecture when it measured the release, " +
	"else a machine of that architecture, else any, preferring the newest patch release, then the most cells. " +
	"Every other measurement of the release is an extra column right after it, labelled with its machine (\"@ machine\"), " +
	"compared only with columns of its own machine. A column of a machine of another architecture is labelled with its machine too."

// group is the key of the columns that show one release of one
// implementation (columnGroup).
type group struct {
	chain claims.Chain
	// release is go1.N for gc, the label for gccgo (which names the GCC
	// major version and library release), else the release.
	release string
}

// columnGroup returns the group of the columns of tc's release.
func columnGroup(tc toolchain.Toolchain) group {
	if tc.Kind == toolchain.GCCGO {
		return group{chainOf(tc), label(tc)}
	}
	if m, ok := toolchain.Minor(tc.Release); ok {
		return group{chainOf(tc), "go1." + strconv.Itoa(m)}
	}
	return group{chainOf(tc), tc.Release}
}

// machineName returns the machine's ID, or "unknown machine" for results
// without one.
func machineName(e results.Env) string {
	if e.MachineID == "" {
		return "unknown machine"
	}
	return e.MachineID
}

// tableArch returns the architecture of the table: the most frequent
// GOARCH among GitHub Actions runs, or among all runs when there is none;
// ties go to amd64, then in name order.
func tableArch(files []results.File) string {
	count := func(ci bool) map[string]int {
		n := map[string]int{}
		for _, f := range files {
			if !ci || f.Env.Runner == results.RunnerGitHub {
				n[f.Env.GOARCH]++
			}
		}
		return n
	}
	n := count(true)
	if len(n) == 0 {
		n = count(false)
	}
	best := ""
	for arch, k := range n {
		switch {
		case best == "" || k > n[best]:
			best = arch
		case k < n[best]:
		case arch == "amd64" || best != "amd64" && arch < best:
			best = arch
		}
	}
	return best
}

// rank orders the files of one column group, best reference first: see
// ReferenceRule.
func rank(files []results.File, members []int, arch string) {
	tier := func(f results.File) int {
		switch {
		case f.Env.GOARCH == arch && f.Env.Runner == results.RunnerGitHub:
			return 0
		case f.Env.GOARCH == arch:
			return 1
		}
		return 2
	}
	sort.SliceStable(members, func(i, j int) bool {
		a, b := files[members[i]], files[members[j]]
		if ta, tb := tier(a), tier(b); ta != tb {
			return ta < tb
		}
		if c := toolchain.CompareRelease(a.Toolchain.Release, b.Toolchain.Release); c != 0 {
			return c > 0
		}
		if len(a.Cells) != len(b.Cells) {
			return len(a.Cells) > len(b.Cells)
		}
		if a.Env.MachineID != b.Env.MachineID {
			return a.Env.MachineID < b.Env.MachineID
		}
		return a.Toolchain.ID < b.Toolchain.ID
	})
}

// columns returns the report's columns and, for each, the index of its
// file (-1 when not measured), following ReferenceRule. A second file of
// the same machine and toolchain id is dropped with a warning.
func columns(files []results.File, howTo func(string) string) ([]Column, []int, []Warning) {
	var warns []Warning
	type colFile struct {
		col  Column
		file int
		// group and order place extra columns right after their reference.
		group Column
		order int
	}
	arch := tableArch(files)
	groups := map[group][]int{}
	var keys []group
	seen := map[[2]string]bool{}
	measuredMinor := map[string]bool{}
	for i, f := range files {
		tc := f.Toolchain
		id := [2]string{f.Env.MachineID, tc.ID}
		if seen[id] {
			warns = append(warns, Warning{fmt.Sprintf("toolchain %s on %s: more than one results file; using the first (merge them first)", tc.ID, machineName(f.Env))})
			continue
		}
		seen[id] = true
		k := columnGroup(tc)
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
		if tc.Kind != toolchain.GCCGO && tc.Variant == "" {
			if m, ok := toolchain.Minor(tc.Release); ok {
				measuredMinor["go1."+strconv.Itoa(m)] = true
			}
		}
	}
	var gc, gccgo []colFile
	for _, k := range keys {
		members := groups[k]
		rank(files, members, arch)
		var ref Column
		for n, i := range members {
			f := files[i]
			tc := f.Toolchain
			c := Column{ID: tc.ID, Label: label(tc), Kind: tc.Kind, Release: tc.Release, Variant: tc.Variant,
				Chain: chainOf(tc), Measured: true, Toolchain: tc, Env: f.Env, Machine: f.Env.MachineID}
			if c.Kind == "" {
				c.Kind = toolchain.GC
			}
			if len(members) > 1 || f.Env.GOARCH != arch {
				c.Label += " @ " + machineName(f.Env)
			}
			if n == 0 {
				ref = c
			} else {
				c.Extra = true
				c.ID += "@" + machineName(f.Env)
				c.Chain.Machine = machineName(f.Env)
			}
			cf := colFile{col: c, file: i, group: ref, order: n}
			if c.Kind == toolchain.GCCGO {
				gccgo = append(gccgo, cf)
			} else {
				gc = append(gc, cf)
			}
		}
	}
	for _, r := range ExpectedReleases(files) {
		if !measuredMinor[r] {
			c := Column{ID: r, Label: r, Kind: toolchain.GC, Release: r, Chain: claims.Chain{Kind: toolchain.GC}, HowTo: howTo(r)}
			gc = append(gc, colFile{col: c, file: -1, group: c})
		}
	}
	less := func(s []colFile) func(i, j int) bool {
		return func(i, j int) bool {
			a, b := s[i].group, s[j].group
			if c := toolchain.CompareRelease(a.Release, b.Release); c != 0 {
				return c < 0
			}
			if a.Release != b.Release {
				return a.Release < b.Release
			}
			if a.Variant != b.Variant {
				return a.Variant < b.Variant
			}
			if a.ID != b.ID {
				return a.ID < b.ID
			}
			return s[i].order < s[j].order
		}
	}
	sort.SliceStable(gc, less(gc))
	sort.SliceStable(gccgo, less(gccgo))
	var cols []Column
	var idx []int
	for _, cf := range append(gc, gccgo...) {
		cols = append(cols, cf.col)
		idx = append(idx, cf.file)
	}
	return cols, idx, warns
}

// machines returns the machines of the measured columns, sorted by ID,
// each with the labels of its columns in column order and their costs,
// summed over the cells of files (colFile gives each column's file, or
// -1).
func machines(cols []Column, files []results.File, colFile []int) []Machine {
	byID := map[string]*Machine{}
	var ids []string
	for i, c := range cols {
		if !c.Measured {
			continue
		}
		m := byID[c.Machine]
		if m == nil {
			m = &Machine{ID: c.Machine, Machine: c.Env.Machine()}
			byID[c.Machine] = m
			ids = append(ids, c.Machine)
		}
		m.Columns = append(m.Columns, c.Label)
		var cost Cost
		if i < len(colFile) && colFile[i] >= 0 {
			for _, cell := range files[colFile[i]].Cells {
				cost.Cells++
				cost.Trials += cell.N
				cost.Seconds += cell.Seconds
			}
		}
		m.Costs = append(m.Costs, cost)
	}
	sort.Strings(ids)
	out := make([]Machine, 0, len(ids))
	for _, id := range ids {
		out = append(out, *byID[id])
	}
	return out
}
