package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// JSONSchemaVersion is the version of compat.json's format (see the
// package documentation).
const JSONSchemaVersion = 2

type jsonDoc struct {
	Schema   int                  `json:"schema"`
	About    string               `json:"about"`
	Columns  []jsonColumn         `json:"columns"`
	Machines []jsonMachine        `json:"machines"`
	Probes   map[string]jsonProbe `json:"probes"`
	Changes  []jsonChange         `json:"changes"`
	// ChangeTests and ChangesWithinNoise are Report.ChangeStats.
	ChangeTests        int            `json:"change_tests"`
	ChangesWithinNoise int            `json:"changes_within_noise"`
	Claims             []jsonClaim    `json:"claims"`
	Footnotes          []jsonFootnote `json:"footnotes"`
	// Provenance names the maplab commits of the cells.
	Provenance []jsonProvenance `json:"provenance"`
	// Performance and Memory are Report.Performance and Report.Memory,
	// absent when the report has none (see perf.go and memory.go).
	Performance []PerfChart `json:"performance,omitempty"`
	Memory      []MemoryRow `json:"memory,omitempty"`
}

type jsonProvenance struct {
	Revision string   `json:"revision"`
	Tree     string   `json:"tree"`
	From     string   `json:"from"`
	Columns  []string `json:"columns"`
	Cells    int      `json:"cells"`
}

type jsonColumn struct {
	ID           string     `json:"id"`
	Label        string     `json:"label"`
	Kind         string     `json:"kind"`
	Release      string     `json:"release"`
	Variant      string     `json:"variant,omitempty"`
	Measured     bool       `json:"measured"`
	Machine      string     `json:"machine,omitempty"`
	Extra        bool       `json:"extra,omitempty"`
	Version      string     `json:"version,omitempty"`
	GOOS         string     `json:"goos,omitempty"`
	GOARCH       string     `json:"goarch,omitempty"`
	Env          *jsonEnv   `json:"env"`
	HowToMeasure string     `json:"how_to_measure,omitempty"`
	Modes        []string   `json:"modes,omitempty"`
	Unavailable  jsonUnavMp `json:"unavailable,omitempty"`
}

type jsonUnavMp map[string]string

type jsonMachine struct {
	ID          string     `json:"id"`
	Runner      string     `json:"runner"`
	RunnerImage string     `json:"runner_image,omitempty"`
	GOOS        string     `json:"goos"`
	GOARCH      string     `json:"goarch"`
	CPUs        int        `json:"cpus"`
	CPUModel    string     `json:"cpu_model"`
	Columns     []string   `json:"columns"`
	Costs       []jsonCost `json:"costs"`
}

// jsonCost is what one column cost (Cost).
type jsonCost struct {
	Column      string  `json:"column"`
	Cells       int     `json:"cells"`
	Trials      int     `json:"trials"`
	CellSeconds float64 `json:"cell_seconds"`
}

type jsonEnv struct {
	Machine       string     `json:"machine,omitempty"`
	CPUs          int        `json:"cpus"`
	GOMAXPROCS    int        `json:"gomaxprocs"`
	Kernel        string     `json:"kernel"`
	Date          *time.Time `json:"date"`
	MaplabVersion string     `json:"maplab_version"`
}

type jsonProbe struct {
	Title   string    `json:"title,omitempty"`
	Source  string    `json:"source"`
	Minimum string    `json:"minimum,omitempty"`
	Claims  []string  `json:"claims"`
	Rows    []jsonRow `json:"rows"`
}

type jsonRow struct {
	Lang string `json:"lang"`
	// GOMAXPROCS is set for a probe measured at several settings: "all"
	// or a count.
	GOMAXPROCS string                          `json:"gomaxprocs,omitempty"`
	Label      string                          `json:"label"`
	Modes      map[string]map[string]*jsonCell `json:"modes"`
}

type jsonCell struct {
	State   string   `json:"state"`
	Lang    string   `json:"lang,omitempty"`
	N       int      `json:"n"`
	Idle    int      `json:"idle"`
	Leading string   `json:"leading"`
	Rate    *float64 `json:"rate"`
	Mixed   bool     `json:"mixed"`
	// Text is the cell as the tables show it (see CellText).
	Text string `json:"text"`
	// Observation is what the trials observed (maplab:observe), "" when
	// the probe has none.
	Observation string `json:"observation,omitempty"`
	// RaceProbe is what the probe reported in its race trials (see
	// RaceProbe): "clean", "clean or idle", or "" without race trials.
	RaceProbe string        `json:"race_probe,omitempty"`
	Outcomes  []jsonOutcome `json:"outcomes"`
	NotRun    *jsonNotRun   `json:"not_run,omitempty"`
}

type jsonNotRun struct {
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
}

type jsonOutcome struct {
	Kind   string  `json:"kind"`
	Reason string  `json:"reason,omitempty"`
	K      int     `json:"k"`
	Rate   float64 `json:"rate"`
	CILo   float64 `json:"ci_lo"`
	CIHi   float64 `json:"ci_hi"`
}

type jsonChange struct {
	Probe   string   `json:"probe"`
	Row     string   `json:"row"`
	Mode    string   `json:"mode"`
	Chain   string   `json:"chain"`
	From    string   `json:"from"`
	To      string   `json:"to"`
	Class   string   `json:"class"`
	Details []string `json:"details"`
}

type jsonDecision struct {
	Column   string `json:"column"`
	Decision string `json:"decision"`
	Text     string `json:"text"`
}

type jsonClaim struct {
	ID        string   `json:"id"`
	Statement string   `json:"statement"`
	Source    string   `json:"source"`
	Form      string   `json:"form"`
	Modes     []string `json:"modes"`
	ModesWhy  string   `json:"modes_why"`
	Probes    []string `json:"probes"`
	Checks    []string `json:"checks"`
	Verdict   string   `json:"verdict"`
	// Topic groups the claim in the grid (see Topics).
	Topic string `json:"topic"`
	// Columns are the claim's decisions per column, in column order.
	Columns    []jsonDecision `json:"columns"`
	Summary    string         `json:"summary"`
	Where      []jsonWhere    `json:"where"`
	Cells      int            `json:"cells"`
	Trials     int            `json:"trials"`
	Idle       int            `json:"idle"`
	Bound      *jsonBound     `json:"bound"`
	Comparison jsonComparison `json:"comparison"`
	Evidence   []jsonEvidence `json:"evidence"`
}

type jsonWhere struct {
	Column string `json:"column"`
	Probe  string `json:"probe"`
	Mode   string `json:"mode"`
	KMin   *int   `json:"k_min"`
	KMax   *int   `json:"k_max"`
	N      int    `json:"n"`
	Why    string `json:"why"`
}

type jsonBound struct {
	Side   string  `json:"side"`
	Rate   float64 `json:"rate"`
	Trials int     `json:"trials"`
	Method string  `json:"method"`
}

type jsonComparison struct {
	Result  string     `json:"result"`
	Text    string     `json:"text"`
	Tests   []jsonTest `json:"tests"`
	Skipped int        `json:"skipped"`
}

type jsonTest struct {
	Between     string  `json:"between"`
	Probe       string  `json:"probe"`
	Mode        string  `json:"mode"`
	Row         string  `json:"row"`
	A           string  `json:"a"`
	KA          int     `json:"k_a"`
	NA          int     `json:"n_a"`
	B           string  `json:"b"`
	KB          int     `json:"k_b"`
	NB          int     `json:"n_b"`
	P           float64 `json:"p"`
	Adjusted    float64 `json:"p_holm"`
	Significant bool    `json:"significant"`
	// Certain marks a comparison of two builds, which needs no test (p
	// and p_holm are 0 for a difference, 1 for none).
	Certain bool `json:"certain,omitempty"`
}

type jsonEvidence struct {
	Column string `json:"column"`
	Probe  string `json:"probe"`
	Mode   string `json:"mode"`
	Lang   string `json:"lang"`
	Holds  *bool  `json:"holds"`
	N      int    `json:"n"`
	Idle   int    `json:"idle"`
	KMin   *int   `json:"k_min"`
	KMax   *int   `json:"k_max"`
	Trials int    `json:"trials"`
	Why    string `json:"why"`
}

type jsonFootnote struct {
	N       int    `json:"n"`
	Kind    string `json:"kind"`
	Reason  string `json:"reason"`
	Text    string `json:"text"`
	Samples int    `json:"samples"`
}

// round4 keeps four decimals, so that files stay small and stable.
func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }

// JSON writes the report as compat.json (schema in the package comment).
// A cell of a column without results is null, never 0 or a guess.
func JSON(w io.Writer, r Report) error {
	doc := jsonDoc{
		Schema: JSONSchemaVersion,
		About: "maplab compatibility data: probes × toolchains × modes. A cell is null when not measured; " +
			"rates are k/n with 95% Wilson intervals. Schema: see package internal/report of github.com/maplab/maplab.",
		Probes:    map[string]jsonProbe{},
		Changes:   []jsonChange{},
		Claims:    []jsonClaim{},
		Footnotes: []jsonFootnote{},
		Machines:  []jsonMachine{},

		Provenance: []jsonProvenance{},
	}
	doc.Performance, doc.Memory = jsonPerformance(r)
	for _, p := range r.Provenance {
		doc.Provenance = append(doc.Provenance, jsonProvenance{Revision: p.Commit.Revision, Tree: p.Commit.Tree, From: p.Commit.From, Columns: p.Columns, Cells: p.Cells})
	}
	for _, m := range r.Machines {
		jm := jsonMachine{ID: m.ID, Runner: m.Runner, RunnerImage: m.Image, GOOS: m.GOOS, GOARCH: m.GOARCH, CPUs: m.CPUs, CPUModel: m.CPUModel, Columns: []string{}, Costs: []jsonCost{}}
		for _, c := range r.Columns {
			if c.Measured && c.Machine == m.ID {
				jm.Columns = append(jm.Columns, c.ID)
			}
		}
		for i, cost := range m.Costs {
			if i < len(jm.Columns) {
				jm.Costs = append(jm.Costs, jsonCost{Column: jm.Columns[i], Cells: cost.Cells, Trials: cost.Trials, CellSeconds: math.Round(cost.Seconds*10) / 10})
			}
		}
		doc.Machines = append(doc.Machines, jm)
	}
	for _, c := range r.Columns {
		jc := jsonColumn{ID: c.ID, Label: c.Label, Kind: string(c.Kind), Release: c.Release, Variant: c.Variant, Measured: c.Measured,
			Machine: c.Machine, Extra: c.Extra}
		if c.Measured {
			e := c.Env
			je := &jsonEnv{Machine: machine(c), CPUs: e.CPUs, GOMAXPROCS: e.GOMAXPROCS, Kernel: e.Kernel, MaplabVersion: e.MaplabVersion}
			if !e.Date.IsZero() {
				d := e.Date.UTC()
				je.Date = &d
			}
			jc.Env = je
			jc.Version, jc.GOOS, jc.GOARCH = c.Toolchain.Version, c.Toolchain.GOOS, c.Toolchain.GOARCH
			for _, m := range c.Toolchain.Modes {
				jc.Modes = append(jc.Modes, string(m))
			}
			if len(c.Toolchain.Unavailable) > 0 {
				jc.Unavailable = jsonUnavMp{}
				for m, why := range c.Toolchain.Unavailable {
					jc.Unavailable[string(m)] = why
				}
			}
		} else {
			jc.HowToMeasure = c.HowTo
		}
		doc.Columns = append(doc.Columns, jc)
	}
	for _, p := range r.Probes {
		jp := jsonProbe{Title: p.Title, Source: r.SourceURL + p.Source, Minimum: p.Minimum, Claims: append([]string{}, p.Claims...), Rows: []jsonRow{}}
		doc.Probes[p.Name] = jp
	}
	for _, s := range r.Sections {
		for _, row := range s.Rows {
			jp := doc.Probes[row.Probe]
			ri := -1
			for i, jr := range jp.Rows {
				if jr.Label == row.Label { // one entry per row, whatever tells rows apart
					ri = i
				}
			}
			if ri < 0 {
				jp.Rows = append(jp.Rows, jsonRow{Lang: row.Lang, GOMAXPROCS: procsField(row.Procs), Label: row.Label, Modes: map[string]map[string]*jsonCell{}})
				ri = len(jp.Rows) - 1
			}
			cells := map[string]*jsonCell{}
			for ci, c := range row.Cells {
				cells[r.Columns[ci].ID] = jsonCellOf(c)
			}
			jp.Rows[ri].Modes[string(s.Mode)] = cells
			doc.Probes[row.Probe] = jp
		}
	}
	doc.ChangeTests, doc.ChangesWithinNoise = r.ChangeStats.Tests, r.ChangeStats.Noise
	for _, c := range r.Changes {
		doc.Changes = append(doc.Changes, jsonChange{Probe: c.Probe, Row: c.RowLabel, Mode: string(c.Mode), Chain: c.Chain,
			From: c.FromID, To: c.ToID, Class: c.Class, Details: c.Details})
	}
	idOf := map[string]string{}
	for _, c := range r.Columns {
		idOf[c.Label] = c.ID
	}
	for _, v := range r.Verdicts {
		doc.Claims = append(doc.Claims, jsonClaimOf(v, idOf))
	}
	for _, f := range r.Footnotes {
		doc.Footnotes = append(doc.Footnotes, jsonFootnote{N: f.N, Kind: string(f.Outcome.Kind), Reason: f.Outcome.Reason, Text: f.Text, Samples: f.Samples})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(true)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("rendering json: %w", err)
	}
	return nil
}

// jsonClaimOf renders a verdict; idOf maps column labels to ids.
func jsonClaimOf(v Verdict, idOf map[string]string) jsonClaim {
	jv := jsonClaim{ID: v.ID, Statement: v.Statement, Source: v.Source, Form: string(v.Form), Modes: []string{}, ModesWhy: v.ModesWhy,
		Probes: nonNil(v.Probes), Checks: nonNil(v.CheckStrings()), Verdict: string(v.Status), Summary: v.Summary, Where: []jsonWhere{},
		Cells: v.Cells, Trials: v.Trials, Idle: v.Idle, Evidence: []jsonEvidence{},
		Comparison: jsonComparison{Result: string(v.Comparison.Result), Text: v.Comparison.Text, Tests: []jsonTest{}, Skipped: v.Comparison.Skipped}}
	for _, m := range v.Modes {
		jv.Modes = append(jv.Modes, string(m))
	}
	jv.Topic, jv.Columns = topicOf(v), []jsonDecision{}
	for _, d := range v.Columns {
		jv.Columns = append(jv.Columns, jsonDecision{Column: d.Column, Decision: string(d.Decision), Text: d.Text})
	}
	for _, w := range v.Where {
		jw := jsonWhere{Column: idOf[w.Column], Probe: w.Probe, Mode: string(w.Mode), N: w.N, Why: w.Why}
		if w.Trial {
			lo, hi := w.K.Lo, w.K.Hi
			jw.KMin, jw.KMax = &lo, &hi
		}
		jv.Where = append(jv.Where, jw)
	}
	if v.BoundTrials > 0 {
		side := "lower"
		if v.Status == NotObserved {
			side = "upper"
		}
		jv.Bound = &jsonBound{Side: side, Rate: round4(v.Bound), Trials: v.BoundTrials, Method: "one-sided exact (Clopper-Pearson), 95%"}
	}
	for _, t := range v.Comparison.Tests {
		jv.Comparison.Tests = append(jv.Comparison.Tests, jsonTest{Between: string(t.Between), Probe: t.Probe, Mode: string(t.Mode), Row: t.Row.String(),
			A: idOf[t.A], KA: t.KA, NA: t.NA, B: idOf[t.B], KB: t.KB, NB: t.NB, P: sig4(t.P), Adjusted: sig4(t.Adjusted), Significant: t.Significant, Certain: t.Certain})
	}
	for _, e := range v.Evidence {
		je := jsonEvidence{Column: idOf[e.Column], Probe: e.Probe, Mode: string(e.Mode), Lang: e.Lang, N: e.N, Idle: e.Idle, Why: e.Why}
		if e.Known {
			h := e.Holds
			je.Holds = &h
			if e.PerTrial {
				lo, hi := e.K.Lo, e.K.Hi
				je.KMin, je.KMax, je.Trials = &lo, &hi, e.Trials
			}
		}
		jv.Evidence = append(jv.Evidence, je)
	}
	return jv
}

// sig4 keeps four significant digits, so that tiny p-values survive.
func sig4(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 4, 64), 64)
	return v
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func jsonCellOf(c Cell) *jsonCell {
	switch c.State {
	case NotMeasured:
		return nil
	case NotRun:
		return &jsonCell{State: string(c.State), Lang: c.Lang, Leading: string(c.Leading), Text: CellText(c), Outcomes: []jsonOutcome{},
			NotRun: &jsonNotRun{Kind: string(c.Leading), Reason: c.NotRunReason}}
	}
	rate := round4(c.Rate)
	jc := &jsonCell{State: string(c.State), Lang: c.Lang, N: c.N, Idle: c.Idle, Leading: string(c.Leading), Rate: &rate, Mixed: c.Mixed,
		Text: CellText(c), Observation: c.Observation, RaceProbe: RaceProbe(c), Outcomes: []jsonOutcome{}}
	if c.N == 0 {
		jc.Rate = nil // every trial was idle: no rate
	}
	for _, o := range c.Outcomes {
		jc.Outcomes = append(jc.Outcomes, jsonOutcome{Kind: string(o.Kind), Reason: o.Reason, K: o.K,
			Rate: round4(o.Rate), CILo: round4(o.Lo), CIHi: round4(o.Hi)})
	}
	return jc
}
