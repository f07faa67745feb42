package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/outcome"
)

// csvHeader names compat.csv's columns.
var csvHeader = []string{"probe", "row_lang", "row_gomaxprocs", "mode", "toolchain", "kind", "release", "variant", "lang", "state",
	"outcome", "reason", "k", "n", "rate", "ci_lo", "ci_hi", "observation", "race_probe", "cell_text"}

// procsField is a row's GOMAXPROCS in the CSV: empty for a probe with one
// row, "all" for the runtime's default, else the count.
func procsField(procs int) string {
	if procs == noProcs {
		return ""
	}
	return catalogue.ProcsArg(procs)
}

// CSV writes one row per probe × toolchain × mode × language and GOMAXPROCS row ×
// outcome with k, n, rate and the 95% Wilson interval. Idle trials get a
// row of their own with k only: they are not counted in n. A cell that did not
// run has one row with its kind as the outcome and empty numbers; a cell
// that was not measured has one row with state not-measured and empty
// outcome and numbers. Text fields that a spreadsheet would read as a
// formula (leading =, +, -, @, tab or carriage return) get a leading '.
// Every record ends with its cell's observation (maplab:observe), what the
// probe reported in its race trials (see RaceProbe) and the cell as the
// tables show it (see CellText), so the CSV carries the pages' facts.
func CSV(w io.Writer, r Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("rendering csv: %w", err)
	}
	for _, s := range r.Sections {
		for _, row := range s.Rows {
			for ci, c := range row.Cells {
				col := r.Columns[ci]
				base := []string{row.Probe, row.Lang, procsField(row.Procs), string(s.Mode), col.ID, string(col.Kind), col.Release, col.Variant, c.Lang, string(c.State)}
				// The cell's own facts close every one of its records.
				tail := []string{c.Observation, RaceProbe(c), CellText(c)}
				var recs [][]string
				switch c.State {
				case NotMeasured:
					recs = append(recs, append(base, "", "", "", "", "", "", ""))
				case NotRun:
					recs = append(recs, append(base, string(c.Leading), c.NotRunReason, "", "", "", "", ""))
				default:
					for _, o := range c.Outcomes {
						recs = append(recs, append(append([]string{}, base...), string(o.Kind), o.Reason, strconv.Itoa(o.K), strconv.Itoa(o.N),
							csvFloat(o.Rate), csvFloat(o.Lo), csvFloat(o.Hi)))
					}
					if c.Idle > 0 {
						// Idle trials are not counted: no n, rate or interval.
						recs = append(recs, append(append([]string{}, base...), string(outcome.Idle), "", strconv.Itoa(c.Idle), "", "", "", ""))
					}
				}
				for _, rec := range recs {
					rec = append(rec, tail...)
					for i := range rec {
						rec[i] = csvSafe(rec[i])
					}
					if err := cw.Write(rec); err != nil {
						return fmt.Errorf("rendering csv: %w", err)
					}
				}
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("rendering csv: %w", err)
	}
	return nil
}

func csvFloat(f float64) string { return strconv.FormatFloat(round4(f), 'f', -1, 64) }

// csvSafe defuses spreadsheet formula injection: a field starting with a
// character that makes spreadsheets evaluate it gets a leading quote.
// Numbers written by this package never start with one of them.
func csvSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// claimsCSVHeader names claims.csv's columns.
var claimsCSVHeader = []string{"claim", "form", "modes", "verdict", "comparison", "cells", "trials", "idle",
	"bound_side", "bound", "bound_trials", "where", "summary", "comparison_detail", "statement"}

// ClaimsCSV writes one row per claim: its form, the modes counted, the
// verdict, the comparison between columns, the cells, trials and idle
// trials it rests on, its 95% one-sided exact bound (lower for a held
// claim, upper for one not observed; empty when there is none), where its
// counterexamples or observations are, and its summary.
func ClaimsCSV(w io.Writer, r Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(claimsCSVHeader); err != nil {
		return fmt.Errorf("rendering claims csv: %w", err)
	}
	for _, v := range r.Verdicts {
		side, bound, bn := "", "", ""
		if v.BoundTrials > 0 {
			side = "lower"
			if v.Status == NotObserved {
				side = "upper"
			}
			bound, bn = csvFloat(v.Bound), strconv.Itoa(v.BoundTrials)
		}
		var where []string
		for _, w := range v.Where {
			s := fmt.Sprintf("%s %s %s", w.Column, w.Probe, w.Mode)
			if w.Trial {
				if w.K.Lo == w.K.Hi {
					s += fmt.Sprintf(" %d/%d", w.K.Lo, w.N)
				} else {
					s += fmt.Sprintf(" %d..%d/%d", w.K.Lo, w.K.Hi, w.N)
				}
			}
			where = append(where, s)
		}
		rec := []string{v.ID, string(v.Form), modeList(v.Modes), string(v.Status), string(v.Comparison.Result), strconv.Itoa(v.Cells), strconv.Itoa(v.Trials),
			strconv.Itoa(v.Idle), side, bound, bn, strings.Join(where, "; "), v.Summary, v.Comparison.Text, v.Statement}
		for i := range rec {
			rec[i] = csvSafe(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("rendering claims csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("rendering claims csv: %w", err)
	}
	return nil
}
