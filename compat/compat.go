package compat

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

//go:embed compat.json
var embedded []byte

// Decision is one column's decision on a claim, as the report words it.
type Decision string

// The decisions a report may give a claim in one column.
const (
	Held             Decision = "held"
	Refuted          Decision = "refuted"
	Confirmed        Decision = "confirmed"
	NotObserved      Decision = "not observed"
	InsideNoise      Decision = "inside the noise"
	NotApplicable    Decision = "not applicable"
	NotMeasured      Decision = "not measured"
	Undecided        Decision = "undecided"              // an overall verdict only
	NoColumnDecision Decision = "no per-column decision" // the report carries no decision for the column
)

// columnDecisions lists the decisions valid in a claim's columns.
var columnDecisions = map[Decision]bool{
	Held: true, Refuted: true, Confirmed: true, NotObserved: true,
	InsideNoise: true, NotApplicable: true, NotMeasured: true,
}

// Column is one toolchain column of the report.
type Column struct {
	ID       string // stable column id, e.g. "go1.26.8" or "gccgo12-go1.18"
	Label    string // how the table heads the column, e.g. "gccgo 12 (go1.18)"
	Kind     string // compiler kind: "gc", "gccgo", ...
	Release  string // the Go release of the toolchain or its library, e.g. "go1.26.8"
	Measured bool   // whether the report holds runs of this column
}

// ColumnDecision is a claim's decision in one column.
type ColumnDecision struct {
	Column   string   // the Column.ID it belongs to
	Decision Decision // what the data decided in that column
	Text     string   // the report's sentence for the cell
}

// Claim is one belief about maps with the report's decisions on it.
type Claim struct {
	ID        string
	Statement string
	Verdict   Decision // the overall verdict across columns
	Summary   string
	// HasColumns reports whether the report carries per-column decisions
	// for this claim; without them Decision answers NoColumnDecision for
	// measured columns.
	HasColumns bool
	Columns    []ColumnDecision
}

// Report is the part of compat.json that tools cite: columns and claims.
type Report struct {
	Schema  int
	Columns []Column
	Claims  []Claim

	columns map[string]int
	claims  map[string]int
}

// wire mirrors the JSON; it stays unexported so the API is free to differ.
type wire struct {
	Schema  int `json:"schema"`
	Columns []struct {
		ID       string `json:"id"`
		Label    string `json:"label"`
		Kind     string `json:"kind"`
		Release  string `json:"release"`
		Measured bool   `json:"measured"`
	} `json:"columns"`
	Claims []struct {
		ID        string `json:"id"`
		Statement string `json:"statement"`
		Verdict   string `json:"verdict"`
		Summary   string `json:"summary"`
		Columns   *[]struct {
			Column   string `json:"column"`
			Decision string `json:"decision"`
			Text     string `json:"text"`
		} `json:"columns"`
	} `json:"claims"`
}

// Parse reads a compat.json document. It rejects duplicate ids, a
// per-column decision for an unknown column and a decision outside the
// report's vocabulary.
func Parse(data []byte) (*Report, error) {
	var w wire
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, fmt.Errorf("parsing compat.json: %w", err)
	}
	r := &Report{Schema: w.Schema, columns: map[string]int{}, claims: map[string]int{}}
	for _, c := range w.Columns {
		if _, dup := r.columns[c.ID]; dup {
			return nil, fmt.Errorf("compat.json: duplicate column %q", c.ID)
		}
		r.columns[c.ID] = len(r.Columns)
		r.Columns = append(r.Columns, Column{ID: c.ID, Label: c.Label, Kind: c.Kind, Release: c.Release, Measured: c.Measured})
	}
	for _, c := range w.Claims {
		if _, dup := r.claims[c.ID]; dup {
			return nil, fmt.Errorf("compat.json: duplicate claim %q", c.ID)
		}
		cl := Claim{ID: c.ID, Statement: c.Statement, Verdict: Decision(c.Verdict), Summary: c.Summary}
		if c.Columns != nil {
			cl.HasColumns = true
			for _, d := range *c.Columns {
				if _, ok := r.columns[d.Column]; !ok {
					return nil, fmt.Errorf("compat.json: claim %q: decision for unknown column %q", c.ID, d.Column)
				}
				if !columnDecisions[Decision(d.Decision)] {
					return nil, fmt.Errorf("compat.json: claim %q, column %q: unknown decision %q", c.ID, d.Column, d.Decision)
				}
				cl.Columns = append(cl.Columns, ColumnDecision{Column: d.Column, Decision: Decision(d.Decision), Text: d.Text})
			}
		}
		r.claims[c.ID] = len(r.Claims)
		r.Claims = append(r.Claims, cl)
	}
	return r, nil
}

var (
	embeddedOnce   sync.Once
	embeddedReport *Report
	embeddedErr    error
)

// Embedded returns the report embedded in this package, the copy of
// docs/compat.json made by go generate.
func Embedded() (*Report, error) {
	embeddedOnce.Do(func() {
		embeddedReport, embeddedErr = Parse(embedded)
		if embeddedErr != nil {
			embeddedErr = fmt.Errorf("embedded %w", embeddedErr)
		}
	})
	return embeddedReport, embeddedErr
}

// Claim returns the claim with the given id.
func (r *Report) Claim(id string) (Claim, bool) {
	i, ok := r.claims[id]
	if !ok {
		return Claim{}, false
	}
	return r.Claims[i], true
}

// Column returns the column with the given id.
func (r *Report) Column(id string) (Column, bool) {
	i, ok := r.columns[id]
	if !ok {
		return Column{}, false
	}
	return r.Columns[i], true
}

// Measured returns the measured columns in the report's order.
func (r *Report) Measured() []Column {
	var out []Column
	for _, c := range r.Columns {
		if c.Measured {
			out = append(out, c)
		}
	}
	return out
}

// ColumnsFor returns the columns of compiler kind whose release belongs to
// the language version lang ("go1.26" matches releases go1.26 and
// go1.26.N), measured or not.
func (r *Report) ColumnsFor(kind, lang string) []Column {
	var out []Column
	for _, c := range r.Columns {
		if c.Kind == kind && Language(c.Release) == lang {
			out = append(out, c)
		}
	}
	return out
}

// Language returns the language version "goX.Y" of a release or go line
// ("go1.26.8", "1.26.0", "go1.21rc2" and "1.26" all give "go1.26"), or ""
// when v does not look like one.
func Language(v string) string {
	v = strings.TrimPrefix(strings.TrimSpace(v), "go")
	major, rest, ok := strings.Cut(v, ".")
	if !ok || major == "" || !digits(major) {
		return ""
	}
	end := 0
	for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
		end++
	}
	if end == 0 {
		return ""
	}
	return "go" + major + "." + rest[:end]
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Decision returns the claim's decision in column c: NotMeasured when the
// column was not measured, the report's decision when it has one, and
// NoColumnDecision when the report carries no decision for that column.
func (cl Claim) Decision(c Column) ColumnDecision {
	if !c.Measured {
		return ColumnDecision{Column: c.ID, Decision: NotMeasured}
	}
	for _, d := range cl.Columns {
		if d.Column == c.ID {
			return d
		}
	}
	return ColumnDecision{Column: c.ID, Decision: NoColumnDecision}
}

// PublishedTable is the address of the rendered report on GitHub.
const PublishedTable = "https://github.com/maplab/maplab/blob/main/docs/README.md"

// URL returns the address of the claim's anchor in the published table.
func (cl Claim) URL() string {
	return PublishedTable + "#claim-" + cl.ID
}
