package report

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/proberesult"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
)

// MaxNotMeasuredHeaders is the most "not measured" column headers a table
// of the Markdown report (or a chart) shows: consecutive releases without
// results share one header, and when that still leaves more, every
// release without results shares one.
const MaxNotMeasuredHeaders = 4

// ColumnGroup is one column as a reader sees it: a measured column on its
// own, or releases without results collapsed into one.
type ColumnGroup struct {
	// Cols are the indices of the group's columns in Report.Columns.
	Cols []int
	// Measured is false for a group of releases without results.
	Measured bool
	// Label is the measured column's label, or the releases of a group
	// without results, e.g. "go1.9–go1.18" or "go1.10, go1.12–go1.14".
	Label string
}

// ColumnGroups returns the columns as a reader sees them: every measured
// column in report order, and each run of consecutive columns without
// results collapsed into one group at its place. When that gives more than
// MaxNotMeasuredHeaders groups without results, they all become one group
// placed after the last gc column.
func ColumnGroups(cols []Column) []ColumnGroup {
	var out []ColumnGroup
	var runs [][]int
	for i, c := range cols {
		if c.Measured {
			out = append(out, ColumnGroup{Cols: []int{i}, Measured: true, Label: c.Label})
			continue
		}
		if n := len(out); n > 0 && !out[n-1].Measured {
			out[n-1].Cols = append(out[n-1].Cols, i)
			runs[len(runs)-1] = append(runs[len(runs)-1], i)
			continue
		}
		out = append(out, ColumnGroup{Cols: []int{i}})
		runs = append(runs, []int{i})
	}
	if len(runs) > MaxNotMeasuredHeaders {
		var all []int
		for _, r := range runs {
			all = append(all, r...)
		}
		var merged []ColumnGroup
		at := -1
		for _, g := range out {
			if !g.Measured {
				continue
			}
			merged = append(merged, g)
			if cols[g.Cols[0]].Kind != toolchain.GCCGO {
				at = len(merged)
			}
		}
		if at < 0 {
			at = len(merged)
		}
		g := ColumnGroup{Cols: all, Label: releaseRuns(cols, runs)}
		merged = append(merged[:at], append([]ColumnGroup{g}, merged[at:]...)...)
		return merged
	}
	for i, g := range out {
		if !g.Measured {
			out[i].Label = releaseRuns(cols, [][]int{g.Cols})
		}
	}
	return out
}

// releaseRuns names runs of columns: "go1.9–go1.18" for a run of several,
// the label for a run of one, runs joined by ", ".
func releaseRuns(cols []Column, runs [][]int) string {
	var parts []string
	for _, r := range runs {
		first, last := cols[r[0]].Label, cols[r[len(r)-1]].Label
		if len(r) == 1 {
			parts = append(parts, first)
		} else {
			parts = append(parts, first+"–"+last)
		}
	}
	return strings.Join(parts, ", ")
}

// interval formats a 95% interval as whole percentages, "75–95%",
// rounded outward so that the shown interval contains the computed one.
func interval(lo, hi float64) string {
	const eps = 1e-9
	l := math.Floor(100*lo + eps)
	h := math.Ceil(100*hi - eps)
	if l < 0 {
		l = 0
	}
	if h > 100 {
		h = 100
	}
	return strconv.Itoa(int(l)) + "–" + strconv.Itoa(int(h)) + "%"
}

// RaceProbe says what the probe itself reported in the trials of kind
// race of a cell (the race detector reported, the program otherwise ran
// clean or idle): "clean" when no such trial can have been idle, "clean
// or idle" otherwise, "" when the cell has no race trial. Results tally
// clean and idle race trials together; the cell's metric aggregates tell
// them apart: an idle trial reports proberesult.OverlapMetric 0, so when
// the smallest value over the counted trials is above 0, or the probe
// reports metrics but not that one (it is not concurrent and cannot be
// idle), every race trial was clean. A cell without metrics cannot tell.
func RaceProbe(c Cell) string {
	race := false
	for _, k := range c.Kinds {
		race = race || k.Kind == outcome.Race
	}
	if !race || c.raw == nil {
		return ""
	}
	m, ok := c.raw.Metrics[proberesult.OverlapMetric]
	switch {
	case ok && m.Count > 0 && m.Min > 0:
		return "clean"
	case !ok && len(c.raw.Metrics) > 0:
		return "clean" // result lines were read, and the probe cannot be idle
	}
	return "clean or idle"
}

// kindLabel names a kind in a cell: "race (probe clean)" for race, the
// kind otherwise.
func kindLabel(c Cell, k outcome.Kind) string {
	if k == outcome.Race {
		if p := RaceProbe(c); p != "" {
			return "race (probe " + p + ")"
		}
	}
	return string(k)
}

// cellPart is one kind of a measured cell as the tables show it.
type cellPart struct {
	Label string
	K     int
	// Notes are the footnote numbers of the kind's reasons.
	Notes []int
}

// cellView is a cell as the tables show it.
type cellView struct {
	// Lead is the leading kind (idle when no trial counted).
	Lead cellPart
	// N and Interval belong to the leading kind; Interval is "" when n is 0.
	N        int
	Interval string
	// Others are the other kinds of a mixed cell, most frequent first.
	Others []cellPart
	Idle   int
	// Obs is the cell's observation (Cell.Observation), shown first.
	Obs string
	// Rejected is the compiler's message when the cell is a rejected
	// build (see Rejection), shown instead of a count and an interval.
	Rejected string
}

// viewOf returns the parts of a measured cell.
func viewOf(c Cell) cellView {
	notes := func(k outcome.Kind) []int {
		var ns []int
		for _, o := range c.Outcomes {
			if o.Kind == k && o.Note > 0 {
				ns = append(ns, o.Note)
			}
		}
		sort.Ints(ns)
		return ns
	}
	v := cellView{N: c.N, Idle: c.Idle, Obs: c.Observation}
	if o, ok := Rejection(c); ok {
		v.Rejected = o.Reason
	}
	if c.N == 0 {
		v.Lead = cellPart{Label: string(outcome.Idle), K: c.Idle}
		return v
	}
	lead := c.Kinds[0]
	v.Lead = cellPart{Label: kindLabel(c, lead.Kind), K: lead.K, Notes: notes(lead.Kind)}
	v.Interval = interval(lead.Lo, lead.Hi)
	for _, k := range c.Kinds[1:] {
		v.Others = append(v.Others, cellPart{Label: string(k.Kind), K: k.K, Notes: notes(k.Kind)})
	}
	return v
}

// CellText renders a cell as one line of text: "fatal 37/42 (74–95%) +
// corrupt 3, clean 2; 1 idle" for a measured cell, led by the cell's
// observation when it has one ("struct{}/bool 0.90 (clean 20/20)" when
// every trial ran clean, "OBSERVATION; fatal 37/42 …" otherwise), the kind
// for a cell that did not run, "—" for one not measured.
func CellText(c Cell) string {
	return cellText(c, func(s string) string { return s }, nil)
}

// cellText renders a cell with text escaped by esc and footnote
// references made by ref (nil for none).
func cellText(c Cell, esc func(string) string, ref func(int) string) string {
	refs := func(ns []int) string {
		if ref == nil {
			return ""
		}
		var b strings.Builder
		for _, n := range ns {
			b.WriteString(ref(n))
		}
		return b.String()
	}
	switch c.State {
	case NotMeasured:
		return "—"
	case NotRun:
		return esc(string(c.Leading)) + refs(c.Notes)
	}
	if o, ok := Rejection(c); ok {
		// One deterministic build: no rate, no interval.
		return esc(RejectedPrefix+o.Reason) + refs(c.Notes)
	}
	v := viewOf(c)
	if v.N == 0 {
		// Every trial was idle: the rate shown is that of idle trials
		// among all trials, the only rate such a cell has.
		lo, hi := stats.Wilson(v.Idle, v.Idle)
		return esc(fmt.Sprintf("idle %d/%d (%s), no counted trial", v.Idle, v.Idle, interval(lo, hi)))
	}
	if v.Obs != "" && v.Lead.Label == string(outcome.Clean) && len(v.Others) == 0 && v.Idle == 0 {
		// The observation is the finding; every trial ran clean.
		return esc(fmt.Sprintf("%s (clean %d/%d)", v.Obs, v.N, v.N)) + refs(v.Lead.Notes)
	}
	s := esc(fmt.Sprintf("%s %d/%d (%s)", v.Lead.Label, v.Lead.K, v.N, v.Interval)) + refs(v.Lead.Notes)
	if v.Obs != "" {
		s = esc(v.Obs+"; ") + s
	}
	for i, o := range v.Others {
		sep := ", "
		if i == 0 {
			sep = " + "
		}
		s += esc(fmt.Sprintf("%s%s %d", sep, o.Label, o.K)) + refs(o.Notes)
	}
	if v.Idle > 0 {
		s += esc(fmt.Sprintf("; %d idle", v.Idle))
	}
	return s
}

// Quiet reports whether a row carries nothing a reader needs to see:
// it has a measured cell, and every measured cell is idle (the hazard
// never happened) or clean with nothing observed (no maplab:observe
// value); cells that did not run or were not measured do not count. The
// tables fold such rows into one line per table.
func Quiet(row Row) bool {
	measured := false
	for _, c := range row.Cells {
		if c.State != Measured {
			continue
		}
		measured = true
		idle := c.N == 0
		bareClean := c.Leading == outcome.Clean && !c.Mixed && c.Observation == ""
		if !idle && !bareClean {
			return false
		}
	}
	return measured
}

// RejectedPrefix starts the text of a cell whose build the compiler
// refused with an expected message; the message follows.
const RejectedPrefix = "rejected by the compiler: "

// Rejection returns the outcome of a measured cell of a build-outcome
// probe whose build the compiler rejected: its one trial, of kind
// rejected, with the compiler's message as reason.
func Rejection(c Cell) (outcome.Outcome, bool) {
	if c.State != Measured || c.Leading != outcome.Rejected || len(c.Outcomes) == 0 {
		return outcome.Outcome{}, false
	}
	return c.Outcomes[0].Outcome, true
}

// CellID is the permalink of a cell of the HTML page, "ROW/COLUMN/MODE":
// the row's name (the probe, with its language version when it has
// several rows), the column's ID and the mode, e.g.
// "concurrent-writes/go1.26.8/race".
func CellID(row Row, col Column, mode string) string {
	return row.Name + "/" + col.ID + "/" + mode
}

// footer returns the lines every format ends with, as plain text: how the
// report was made and from what. It is the one place such lines are
// written.
func footer(r Report) []string {
	files, machines := 0, len(r.Machines)
	for _, c := range r.Columns {
		if c.Measured {
			files++
		}
	}
	return []string{
		fmt.Sprintf("Rendered by go run ./matrix report from %d results %s measured on %d %s; the same results always render the same bytes.",
			files, plural(files, "file", "files"), machines, plural(machines, "machine", "machines")),
		ProvenanceLine(r.Provenance),
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
