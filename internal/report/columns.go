package report

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

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

// compareRelease orders Go releases numerically (go1.9 < go1.10 <
// go1.22 < go1.22.1).
func compareRelease(a, b string) int { return toolchain.CompareRelease(a, b) }

var gccgoMajorRE = regexp.MustCompile(`gccgo-?([0-9]+)`)

// label returns the column heading of a toolchain: its id for gc, and
// "gccgo N (go1.X)" for gccgo, N being the GCC major version.
func label(tc toolchain.Toolchain) string {
	if tc.Kind != toolchain.GCCGO {
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

func chainOf(tc toolchain.Toolchain) string {
	c := string(tc.Kind)
	if c == "" {
		c = string(toolchain.GC)
	}
	if tc.Variant != "" {
		c += "+" + tc.Variant
	}
	return c
}

// columns returns the report's columns and, for each, the index of its
// file (-1 when not measured). Files with a duplicate toolchain id are
// dropped with a warning.
func columns(files []results.File, howTo func(string) string) ([]Column, []int, []Warning) {
	var warns []Warning
	type colFile struct {
		col  Column
		file int
	}
	var gc, gccgo []colFile
	seen := map[string]bool{}
	measuredMinor := map[string]bool{}
	for i, f := range files {
		tc := f.Toolchain
		if seen[tc.ID] {
			warns = append(warns, Warning{fmt.Sprintf("toolchain %s: more than one results file; using the first (merge them first)", tc.ID)})
			continue
		}
		seen[tc.ID] = true
		c := Column{ID: tc.ID, Label: label(tc), Kind: tc.Kind, Release: tc.Release, Variant: tc.Variant,
			Chain: chainOf(tc), Measured: true, Toolchain: tc, Env: f.Env}
		if tc.Kind == toolchain.GCCGO {
			gccgo = append(gccgo, colFile{c, i})
			continue
		}
		if c.Kind == "" {
			c.Kind = toolchain.GC
		}
		gc = append(gc, colFile{c, i})
		if tc.Variant == "" {
			if m, ok := toolchain.Minor(tc.Release); ok {
				measuredMinor["go1."+strconv.Itoa(m)] = true
			}
		}
	}
	for _, r := range ExpectedReleases(files) {
		if !measuredMinor[r] {
			gc = append(gc, colFile{Column{ID: r, Label: r, Kind: toolchain.GC, Release: r, Chain: string(toolchain.GC), HowTo: howTo(r)}, -1})
		}
	}
	less := func(s []colFile) func(i, j int) bool {
		return func(i, j int) bool {
			a, b := s[i].col, s[j].col
			if c := compareRelease(a.Release, b.Release); c != 0 {
				return c < 0
			}
			if a.Release != b.Release {
				return a.Release < b.Release
			}
			if a.Variant != b.Variant {
				return a.Variant < b.Variant
			}
			return a.ID < b.ID
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
