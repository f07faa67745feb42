package report

import (
	"encoding/csv"
	"fmt"
	"github.com/maplab/maplab/internal/claims"
	"io"
	"strings"
)

// The claims × toolchains grid: a row per claim, grouped by topic, a
// column per measured toolchain, each cell that column's decision of the
// claim (Verdict.Columns, made by the verdict engine), and the overall
// verdict in its own column. This file holds its model, built from a
// Report, and its renderings in every format; the grid decides nothing.

// Topics are the grid's groups, in order (claims.Topics).
var Topics = claims.Topics

// topicOf returns the topic of a claim (see Topics).
func topicOf(v Verdict) string {
	if v.Topic == "" {
		return claims.TopicOther
	}
	return v.Topic
}

// Grid is the claims × toolchains grid of a report.
type Grid struct {
	// Columns are the report's measured columns, in report order.
	Columns []Column
	// Topics hold the claims of each topic that has any, in Topics order.
	Topics []GridTopic
}

// GridTopic is one group of the grid's rows.
type GridTopic struct {
	Name string
	Rows []GridRow
}

// GridRow is one claim of the grid.
type GridRow struct {
	Claim, Statement string
	// Status is the claim's overall verdict.
	Status string
	// Cells run parallel to Grid.Columns.
	Cells []GridCell
}

// GridCell is one column's decision of a claim; Decision is "" when the
// engine gave none for the column.
type GridCell struct {
	Column   string
	Decision string
	// Text is the decision with its numbers, or the decision alone.
	Text string
}

// GridOf builds the grid of a report from its verdicts' column decisions.
func GridOf(r Report) Grid {
	var g Grid
	for _, c := range r.Columns {
		if c.Measured {
			g.Columns = append(g.Columns, c)
		}
	}
	byTopic := map[string][]GridRow{}
	for _, v := range r.Verdicts {
		row := GridRow{Claim: v.ID, Statement: v.Statement, Status: string(v.Status)}
		dec := map[string]ColumnDecision{}
		for _, d := range v.Columns {
			dec[d.Column] = d
		}
		for _, c := range g.Columns {
			d := dec[c.ID]
			text := d.Text
			if text == "" {
				text = string(d.Decision)
			}
			row.Cells = append(row.Cells, GridCell{Column: c.ID, Decision: string(d.Decision), Text: text})
		}
		t := topicOf(v)
		byTopic[t] = append(byTopic[t], row)
	}
	for _, t := range Topics {
		if rows := byTopic[t]; len(rows) > 0 {
			g.Topics = append(g.Topics, GridTopic{Name: t, Rows: rows})
		}
	}
	return g
}

// decisionMark is the one-character mark of a decision in the compact
// grid (the README's digest), and of a verdict.
var decisionMark = map[string]string{
	DecisionHeld:          "✓",
	DecisionRefuted:       "✗",
	DecisionConfirmed:     "●",
	DecisionNotObserved:   "○",
	DecisionInsideNoise:   "≈",
	DecisionNotApplicable: "·",
	DecisionNotMeasured:   "—",
	string(Undecided):     "?",
}

// markOf returns the mark of a decision or verdict status, "" for none.
func markOf(decision string) string {
	if decision == "" {
		return ""
	}
	if m, ok := decisionMark[decision]; ok {
		return m
	}
	return "?"
}

// gridLegend explains the marks, in every format.
const gridLegend = "✓ held · ✗ refuted · ● confirmed · ○ not observed · ≈ inside the noise · · not applicable · — not measured · ? undecided; " +
	"a blank cell has no decision from the engine."

// gridIntro introduces the grid, in every format.
const gridIntro = "Each row is a common belief about Go maps; each cell is that toolchain's own decision on it, from the trials that ran there, " +
	"and links to the evidence. The last column is the verdict over every column."

// gridMarkdown writes the grid as Markdown tables, one per topic; the
// claim's name links to its evidence.
func gridMarkdown(w io.Writer, g Grid) {
	p := func(format string, args ...interface{}) { fmt.Fprintf(w, format, args...) }
	if len(g.Topics) == 0 {
		p("No claims were given.\n\n")
		return
	}
	p("%s %s\n\n", md(gridIntro), md(gridLegend))
	for _, t := range g.Topics {
		p("| %s |", md(capitalize(t.Name)))
		for _, c := range g.Columns {
			p(" %s |", md(c.Label))
		}
		p(" verdict |\n|---|")
		for range g.Columns {
			p("---|")
		}
		p("---|\n")
		for _, row := range t.Rows {
			link := "#" + claimLink(row.Claim)
			p("| [%s](%s) |", md(row.Claim), link)
			for _, c := range row.Cells {
				if c.Decision == "" {
					p(" |")
					continue
				}
				p(" %s %s |", markOf(c.Decision), md(c.Text))
			}
			p(" **%s %s** |\n", markOf(row.Status), md(row.Status))
		}
		p("\n")
	}
}

// Surprise is a refuted belief with the columns where it fails and those
// where it holds.
type Surprise struct {
	Claim, Statement string
	// Refuted and Held are labels of the columns that refute the claim
	// and of those where it held (or was not observed).
	Refuted, Held []string
	// Everywhere is set when every column with a decision refutes it.
	Everywhere bool
}

// Surprises lists the refuted claims, in claims order: the folklore the
// data refutes. The columns come from the column decisions, or, without
// them, from the verdict's counterexamples.
func Surprises(r Report) []Surprise {
	label := map[string]string{}
	for _, c := range r.Columns {
		label[c.ID] = c.Label
	}
	var out []Surprise
	for _, v := range r.Verdicts {
		if v.Status != Refuted {
			continue
		}
		s := Surprise{Claim: v.ID, Statement: v.Statement}
		for _, c := range r.Columns {
			for _, d := range v.Columns {
				if d.Column != c.ID {
					continue
				}
				switch string(d.Decision) {
				case DecisionRefuted:
					s.Refuted = append(s.Refuted, shortLabel(c))
				case DecisionHeld, DecisionNotObserved:
					s.Held = append(s.Held, shortLabel(c))
				}
			}
		}
		s.Everywhere = len(v.Columns) > 0 && len(s.Held) == 0
		if len(v.Columns) == 0 {
			seen := map[string]bool{}
			for _, w := range v.Where {
				l := label[w.Column]
				if l == "" {
					l = w.Column
				}
				if !seen[l] {
					seen[l] = true
					s.Refuted = append(s.Refuted, l)
				}
			}
		}
		out = append(out, s)
	}
	return out
}

// shortLabel is a column's label without the runner it names
// (runnerSuffix: "go1.26.8 js/wasm (Node 20)" → "go1.26.8 js/wasm"), for
// lists under the grid, whose headings name it.
func shortLabel(c Column) string {
	if suffix := runnerSuffix(c.Toolchain); suffix != "" {
		return strings.Replace(c.Label, suffix, "", 1)
	}
	return c.Label
}

// surpriseText says where a surprise differs, as plain text. The columns
// where the claim held are named when there are at most maxHeldNamed of
// them, and else counted: the grid above the list names them.
func surpriseText(s Surprise) string {
	t := "refuted"
	if len(s.Refuted) > 0 {
		t += " on " + strings.Join(s.Refuted, ", ")
	}
	switch {
	case len(s.Held) > maxHeldNamed:
		t += fmt.Sprintf("; held on the %d other columns with a decision", len(s.Held))
	case len(s.Held) > 0:
		t += "; held on " + strings.Join(s.Held, ", ")
	}
	return t
}

// maxHeldNamed is how many columns where a surprise held its text names.
const maxHeldNamed = 3

// splitSurprises separates the surprises whose columns disagree from
// those refuted on every column with a decision.
func splitSurprises(ss []Surprise) (differ, everywhere []Surprise) {
	for _, s := range ss {
		if s.Everywhere {
			everywhere = append(everywhere, s)
		} else {
			differ = append(differ, s)
		}
	}
	return differ, everywhere
}

// surprisesMarkdown writes the surprises: a list of those whose columns
// disagree, each with the columns on each side (the claim's link leads to
// its statement), then one line naming those refuted everywhere.
func surprisesMarkdown(w io.Writer, r Report) {
	differ, everywhere := splitSurprises(Surprises(r))
	if len(differ)+len(everywhere) == 0 {
		return
	}
	fmt.Fprintf(w, "**Surprises**: beliefs the data refutes (each links to its statement and verdict).\n\n")
	for _, s := range differ {
		fmt.Fprintf(w, "- [%s](#%s): %s.\n", md(s.Claim), claimLink(s.Claim), md(surpriseText(s)))
	}
	if len(everywhere) > 0 {
		var links []string
		for _, s := range everywhere {
			links = append(links, fmt.Sprintf("[%s](#%s)", md(s.Claim), claimLink(s.Claim)))
		}
		if len(differ) > 0 {
			fmt.Fprintf(w, "\n")
		}
		fmt.Fprintf(w, "Refuted on every column measured: %s.\n", strings.Join(links, ", "))
	}
	fmt.Fprintf(w, "\n")
}

// GridCSVFile is the grid as CSV.
const GridCSVFile = "claims-grid.csv"

// gridCSVHeader names claims-grid.csv's columns.
var gridCSVHeader = []string{"claim", "topic", "column", "label", "decision", "text", "verdict"}

// GridCSV writes one record per claim and measured column: the column's
// decision and its text, with the claim's topic and overall verdict. A
// column the engine gave no decision for has an empty decision.
func GridCSV(w io.Writer, r Report) error {
	g := GridOf(r)
	cw := csv.NewWriter(w)
	if err := cw.Write(gridCSVHeader); err != nil {
		return fmt.Errorf("rendering grid csv: %w", err)
	}
	for _, t := range g.Topics {
		for _, row := range t.Rows {
			for i, c := range row.Cells {
				rec := []string{row.Claim, t.Name, c.Column, g.Columns[i].Label, c.Decision, c.Text, row.Status}
				for j := range rec {
					rec[j] = csvSafe(rec[j])
				}
				if err := cw.Write(rec); err != nil {
					return fmt.Errorf("rendering grid csv: %w", err)
				}
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("rendering grid csv: %w", err)
	}
	return nil
}
