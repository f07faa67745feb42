package report

import (
	"reflect"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/results"
)

func TestProvenance(t *testing.T) {
	a := results.Commit{Revision: strings.Repeat("a", 40), Tree: results.TreeClean, From: results.FromGit}
	b := results.Commit{Revision: strings.Repeat("b", 40), Tree: results.TreeDirty, From: results.FromBuild}
	with := func(c results.Cell, commit results.Commit) results.Cell {
		c.MaplabCommit = commit
		return c
	}
	files := []results.File{
		gcFile("go1.21.0", with(tally("p", "clean=5"), a), with(tally("q", "clean=5"), b)),
		gcFile("go1.22.0", with(tally("p", "clean=5"), a), with(tally("q", "clean=5"), a)),
		gccgoFile("12", "go1.18", tally("p", "clean=5")),
	}
	r, _ := Build(Input{Files: files})
	want := []Provenance{
		{Commit: a, Columns: []string{"go1.21.0", "go1.22.0"}, Labels: []string{"go1.21.0", "go1.22.0"}, Cells: 3},
		{Commit: b, Columns: []string{"go1.21.0"}, Labels: []string{"go1.21.0"}, Cells: 1},
		{Commit: results.UnknownCommit, Columns: []string{"gccgo12-go1.18"}, Labels: []string{"gccgo 12 (go1.18)"}, Cells: 1},
	}
	if !reflect.DeepEqual(r.Provenance, want) {
		t.Errorf("Provenance:\n got %+v\nwant %+v", r.Provenance, want)
	}
	const line = "Measured with maplab commit aaaaaaaaaaaa (git, clean tree): go1.21.0, go1.22.0 (3 cells); " +
		"maplab commit bbbbbbbbbbbb+dirty (build, dirty tree): go1.21.0 (1 cell); " +
		"an unknown maplab commit (results of schema 3, or nothing named the commit): gccgo 12 (go1.18) (1 cell)."
	if got := ProvenanceLine(r.Provenance); got != line {
		t.Errorf("ProvenanceLine:\n got %s\nwant %s", got, line)
	}
	if got := ProvenanceLine(nil); got != "No cells were measured." {
		t.Errorf("ProvenanceLine(nil) = %q", got)
	}
}
