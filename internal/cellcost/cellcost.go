// Package cellcost tells where the time of a matrix run went: the
// cell-seconds of results files (results.Cell.Seconds, the wall time of a
// cell's trials, builds excluded) per toolchain, per category of cell and
// per probe row. It is pure: Summarize takes results and probe facts and
// returns a Summary, which Markdown writes.
package cellcost

import (
	"fmt"
	"io"
	"slices"
	"sort"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// Probe holds the facts about a probe that place its cells in a category.
type Probe struct {
	// Goroutines is whether the probe's source has a go statement
	// (catalogue.Probe.StartsGoroutines).
	Goroutines bool
	// Timing is whether the probe is a timing probe
	// (catalogue.Probe.Timing).
	Timing bool
	// Modes and Procs are the modes and GOMAXPROCS settings the probe
	// declares now; a cell outside them would not be run again.
	Modes []toolchain.Mode
	Procs []int
}

// Declares reports whether a probe declares the mode and GOMAXPROCS of c.
func (p Probe) Declares(c results.Cell) bool {
	return slices.Contains(p.Modes, c.Mode) && slices.Contains(p.Procs, c.Procs)
}

// Categories, in the order Category tries them: a cell belongs to the
// first that fits.
const (
	Timing         = "timing probes"
	RaceNoGo       = "race builds of probes that start no goroutine"
	RaceOneCPU     = "race builds at GOMAXPROCS=1"
	IdleOneCPU     = "GOMAXPROCS=1 cells whose every trial was idle"
	OtherOneCPU    = "other GOMAXPROCS=1 cells"
	EverythingElse = "everything else"
)

// categories lists the categories in the order a Summary shows them.
var categories = []string{Timing, RaceNoGo, RaceOneCPU, IdleOneCPU, OtherOneCPU, EverythingElse}

// Category places a cell in one of the categories above. A probe missing
// from probes (removed since the run) counts as one with goroutines that
// is not a timing probe.
func Category(c results.Cell, probes map[string]Probe) string {
	p, ok := probes[c.Probe]
	if !ok {
		p = Probe{Goroutines: true}
	}
	switch {
	case p.Timing:
		return Timing
	case c.Mode == toolchain.Race && !p.Goroutines:
		return RaceNoGo
	case c.Mode == toolchain.Race && c.Procs == 1:
		return RaceOneCPU
	case c.Procs == 1 && c.N > 0 && allIdle(c):
		return IdleOneCPU
	case c.Procs == 1:
		return OtherOneCPU
	}
	return EverythingElse
}

// allIdle reports whether every trial of c was idle.
func allIdle(c results.Cell) bool {
	for _, t := range c.Tallies {
		if t.Kind != outcome.Idle {
			return false
		}
	}
	return true
}

// Line is one line of a Summary: a toolchain, a category or a probe row,
// with its cells, trials and cell-seconds, and the cell-seconds of those
// of its cells that the probes no longer declare (Probe.Declares).
type Line struct {
	Name    string
	Cells   int
	Trials  int
	Seconds float64
	Dropped float64
}

func (l *Line) add(c results.Cell, dropped bool) {
	l.Cells++
	l.Trials += c.N
	l.Seconds += c.Seconds
	if dropped {
		l.Dropped += c.Seconds
	}
}

// Summary is where the cell-seconds of some results files went.
type Summary struct {
	// Total sums every cell.
	Total Line
	// Toolchains has a line per toolchain ID, in the order of the files.
	Toolchains []Line
	// Categories has a line per category, in the order of the constants,
	// empty ones left out.
	Categories []Line
	// Rows has a line per probe, mode and GOMAXPROCS (summed over
	// toolchains and language versions), costliest first.
	Rows []Line
}

// Summarize adds up the cells of files.
func Summarize(files []results.File, probes map[string]Probe) Summary {
	s := Summary{Total: Line{Name: "total"}}
	byTC := map[string]int{}
	byCat := map[string]*Line{}
	byRow := map[string]*Line{}
	for _, f := range files {
		i, ok := byTC[f.Toolchain.ID]
		if !ok {
			i = len(s.Toolchains)
			byTC[f.Toolchain.ID] = i
			s.Toolchains = append(s.Toolchains, Line{Name: f.Toolchain.ID})
		}
		for _, c := range f.Cells {
			p, known := probes[c.Probe]
			dropped := known && !p.Declares(c)
			s.Total.add(c, dropped)
			s.Toolchains[i].add(c, dropped)
			cat := Category(c, probes)
			if byCat[cat] == nil {
				byCat[cat] = &Line{Name: cat}
			}
			byCat[cat].add(c, dropped)
			row := fmt.Sprintf("%s %s %s", c.Probe, c.Mode, catalogue.ProcsLabel(c.Procs))
			if byRow[row] == nil {
				byRow[row] = &Line{Name: row}
			}
			byRow[row].add(c, dropped)
		}
	}
	for _, cat := range categories {
		if l := byCat[cat]; l != nil {
			s.Categories = append(s.Categories, *l)
		}
	}
	for _, l := range byRow {
		s.Rows = append(s.Rows, *l)
	}
	sort.Slice(s.Rows, func(i, j int) bool {
		if s.Rows[i].Seconds != s.Rows[j].Seconds {
			return s.Rows[i].Seconds > s.Rows[j].Seconds
		}
		return s.Rows[i].Name < s.Rows[j].Name
	})
	return s
}

// Markdown writes the summary as three Markdown tables (toolchains,
// categories, and the top costliest probe rows), each with its share of
// the total cell-seconds and the cell-seconds of cells the probes no
// longer declare.
func (s Summary) Markdown(w io.Writer, top int) error {
	table := func(title string, lines []Line) {
		fmt.Fprintf(w, "| %s | cells | trials | cell-seconds | share | no longer declared |\n|---|---:|---:|---:|---:|---:|\n", title)
		for _, l := range lines {
			fmt.Fprintf(w, "| %s | %d | %d | %.0f | %s | %.0f |\n", l.Name, l.Cells, l.Trials, l.Seconds, share(l.Seconds, s.Total.Seconds), l.Dropped)
		}
		fmt.Fprintln(w)
	}
	table("toolchain", append(append([]Line{}, s.Toolchains...), s.Total))
	table("category", s.Categories)
	rows := s.Rows
	if top > 0 && len(rows) > top {
		rows = rows[:top]
	}
	table("probe, mode, GOMAXPROCS (summed over toolchains)", rows)
	_, err := fmt.Fprintf(w, "%d cells, %d trials, %.0f cell-seconds (%s); %.0f of them in cells the probes no longer declare.\n",
		s.Total.Cells, s.Total.Trials, s.Total.Seconds, minutes(s.Total.Seconds), s.Total.Dropped)
	return err
}

// share writes part as a percentage of whole.
func share(part, whole float64) string {
	if whole == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*part/whole)
}

// minutes writes a number of seconds as "54 min 33 s".
func minutes(sec float64) string {
	n := int(sec + 0.5)
	return fmt.Sprintf("%d min %d s", n/60, n%60)
}
