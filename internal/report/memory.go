package report

import (
	"fmt"
	"io"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/toolchain"
)

// memoryMetric names one memory metric of a probe shown in the
// Performance section: Metric divided by Per (when Per is set) for every
// trial.
type memoryMetric struct {
	Label, Probe, Metric, Per string
}

// memoryMetrics are the memory rows of the report, from the probes that
// measure a map's heap (their metrics are documented in their headers).
var memoryMetrics = []memoryMetric{
	{"bytes per entry of a map of 100000 int64 → int64 entries", "delete-all-retains-memory", "filled_bytes", "entries"},
	{"share of that heap still held after deleting every key", "delete-all-retains-memory", "retained_ratio", ""},
	{"share still held after clear (go1.21 on)", "clear-retains-memory", "retained_ratio", ""},
}

// MemoryRow is one memory metric across the measured columns: a metric
// cell per column that measured its probe.
type MemoryRow struct {
	Label  string       `json:"label"`
	Probe  string       `json:"probe"`
	Metric string       `json:"metric"`
	Cells  []MemoryCell `json:"cells"`
}

// MemoryCell is a memory metric of one column: the mean over the trials
// that reported it, and the smallest and largest value.
type MemoryCell struct {
	Column string  `json:"column"`
	Trials int     `json:"trials"`
	Mean   float64 `json:"mean"`
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
}

// memory builds the memory rows, leaving out rows no column measured.
func (b *builder) memory() []MemoryRow {
	var out []MemoryRow
	for _, mm := range memoryMetrics {
		row := MemoryRow{Label: mm.Label, Probe: mm.Probe, Metric: mm.Metric}
		for ci, col := range b.rep.Columns {
			fi := b.colFile[ci]
			if fi < 0 {
				continue
			}
			for _, c := range b.cells[fi][mm.Probe][toolchain.Plain] {
				s, ok := c.Metrics[mm.Metric]
				if c.NotRun != nil || c.Procs != catalogue.ProcsAll || !ok || s.Count == 0 {
					continue
				}
				div := 1.0
				if mm.Per != "" {
					per, ok := c.Metrics[mm.Per]
					if !ok || per.Count == 0 || per.Min != per.Max || per.Min <= 0 {
						continue // the divisor must be one positive constant
					}
					div = per.Min
				}
				row.Cells = append(row.Cells, MemoryCell{Column: col.Label, Trials: s.Count, Mean: s.Sum / float64(s.Count) / div, Lo: s.Min / div, Hi: s.Max / div})
			}
		}
		if len(row.Cells) > 0 {
			out = append(out, row)
		}
	}
	return out
}

// memoryValue formats a memory metric: bytes with one decimal, or a
// share with three decimals.
func memoryValue(f float64) string {
	if f >= 10 || f <= -10 {
		return fmt.Sprintf("%.1f", f)
	}
	return fmt.Sprintf("%.3f", f)
}

// memoryCell formats a cell as "47.2 [46.9, 48.0] (20 trials)".
func memoryCell(c MemoryCell) string {
	if c.Lo == c.Hi {
		return fmt.Sprintf("%s (%d trials)", memoryValue(c.Mean), c.Trials)
	}
	return fmt.Sprintf("%s [%s, %s] (%d trials)", memoryValue(c.Mean), memoryValue(c.Lo), memoryValue(c.Hi), c.Trials)
}

// memoryIntro says what the memory rows are.
const memoryIntro = "Heap measured by the probes with runtime.ReadMemStats (HeapAlloc after runtime.GC): the mean over a cell's trials and, where they differ, the smallest and largest value. Bucket maps (before go1.24, and gccgo) and Swiss tables (gc go1.24 on) differ here."

// memoryColumns returns the column labels of the memory rows, in column
// order.
func memoryColumns(r Report) []string {
	seen := map[string]bool{}
	for _, row := range r.Memory {
		for _, c := range row.Cells {
			seen[c.Column] = true
		}
	}
	var out []string
	for _, c := range r.Columns {
		if seen[c.Label] {
			out = append(out, c.Label)
			seen[c.Label] = false
		}
	}
	return out
}

// memoryTable returns the memory rows as one formatted cell per column.
func memoryTable(r Report) (columns []string, rows [][]string) {
	columns = memoryColumns(r)
	for _, row := range r.Memory {
		at := map[string]MemoryCell{}
		for _, c := range row.Cells {
			at[c.Column] = c
		}
		line := []string{row.Label + " (" + row.Probe + ")"}
		for _, l := range columns {
			if c, ok := at[l]; ok {
				line = append(line, memoryCell(c))
			} else {
				line = append(line, "not measured")
			}
		}
		rows = append(rows, line)
	}
	return columns, rows
}

// memoryMarkdown writes the memory table of the Performance section.
func memoryMarkdown(w io.Writer, r Report) {
	if len(r.Memory) == 0 {
		return
	}
	p := func(format string, args ...interface{}) { fmt.Fprintf(w, format, args...) }
	p("### Memory\n\n%s\n\n", md(memoryIntro))
	columns, rows := memoryTable(r)
	p("| metric |")
	for _, l := range columns {
		p(" %s |", md(l))
	}
	p("\n|---|")
	for range columns {
		p("---|")
	}
	p("\n")
	for _, row := range rows {
		p("|")
		for _, c := range row {
			p(" %s |", md(c))
		}
		p("\n")
	}
	p("\n")
}
