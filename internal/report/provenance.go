package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/maplab/maplab/internal/results"
)

// Provenance is one maplab commit the report's cells were measured with:
// the columns holding such cells, and how many. Every cell also names its
// probe's source (ProbeInfo.Hash; cells of another source are left out as
// stale).
type Provenance struct {
	Commit results.Commit
	// Columns and Labels are the IDs and labels of the columns with cells
	// of Commit, in display order.
	Columns, Labels []string
	// Cells counts the report's cells measured with Commit.
	Cells int
}

// provenance returns the commits of the cells the report shows, most cells
// first (ties by commit), the unknown commit last.
func (b *builder) provenance() []Provenance {
	byCommit := map[results.Commit]*Provenance{}
	for ci, fi := range b.colFile {
		if fi < 0 {
			continue
		}
		for _, modes := range b.cells[fi] {
			for _, cells := range modes {
				for _, c := range cells {
					commit := c.MaplabCommit
					if commit.IsZero() { // a File not read by results.Decode
						commit = results.UnknownCommit
					}
					p := byCommit[commit]
					if p == nil {
						p = &Provenance{Commit: commit}
						byCommit[commit] = p
					}
					p.Cells++
					if col := b.rep.Columns[ci]; len(p.Columns) == 0 || p.Columns[len(p.Columns)-1] != col.ID {
						p.Columns = append(p.Columns, col.ID)
						p.Labels = append(p.Labels, col.Label)
					}
				}
			}
		}
	}
	out := make([]Provenance, 0, len(byCommit))
	for _, p := range byCommit {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Commit.Revision == "") != (b.Commit.Revision == "") {
			return b.Commit.Revision == ""
		}
		if a.Cells != b.Cells {
			return a.Cells > b.Cells
		}
		return fmt.Sprint(a.Commit) < fmt.Sprint(b.Commit)
	})
	return out
}

// ProvenanceLine is the report's footer: the maplab commits its columns
// came from, in plain text, e.g. "Measured with maplab commit
// 0123456789ab (git, clean tree): go1.19.8, go1.26.8 (80 cells)."
func ProvenanceLine(ps []Provenance) string {
	if len(ps) == 0 {
		return "No cells were measured."
	}
	var parts []string
	for _, p := range ps {
		var what string
		switch {
		case p.Commit.Revision == "":
			what = "an unknown maplab commit (results of schema 3, or nothing named the commit)"
		default:
			what = fmt.Sprintf("maplab commit %s (%s, %s tree)", p.Commit, p.Commit.From, p.Commit.Tree)
		}
		parts = append(parts, fmt.Sprintf("%s: %s (%s)", what, strings.Join(p.Labels, ", "), cellsText(p.Cells)))
	}
	return "Measured with " + strings.Join(parts, "; ") + "."
}

func cellsText(n int) string {
	if n == 1 {
		return "1 cell"
	}
	return fmt.Sprintf("%d cells", n)
}
