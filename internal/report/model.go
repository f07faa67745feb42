package report

import (
	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/observation"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// ProbeInfo is what the report needs to know about a probe of the
// catalogue.
type ProbeInfo struct {
	Name    string
	Title   string
	Minimum string
	// Modes lists the modes the probe is meant to run in.
	Modes []toolchain.Mode
	// Langs is the probe's langs directive: language versions such as
	// "go1.21", and "toolchain" for the toolchain's own. A probe with more
	// than one entry gets one row per entry.
	Langs []string
	// Claims lists the claim ids of the probe's maplab:claims directive.
	Claims []string
	// Hash is the hash of the probe's current source. Cells measured with
	// another hash are stale and left out (with a warning). Empty disables
	// the check.
	Hash string
	// Source is the path of the probe's source below Input.SourceURL;
	// empty means Name + "/main.go".
	Source string
	// BuildOutcome marks a build-outcome probe (maplab:build-outcome):
	// whether a toolchain compiles it is its measurement, and its rows say
	// so.
	BuildOutcome bool
	// Timing marks a timing probe (catalogue.Probe.Timing): its values are
	// times on one machine, and a change in them counts only beyond
	// claims.RunMargin.
	Timing bool
	// Observe is the probe's observation (maplab:observe): what its
	// measured cells show in words and numbers, rendered from each cell's
	// metric aggregates. Nil for a probe whose finding is its outcome.
	Observe observation.Set
}

// Input is everything Build needs. It holds no clock: the same input
// always gives the same report, byte for byte.
type Input struct {
	// Files are the merged results, one per machine, toolchain and
	// variant.
	Files []results.File
	// Probes is the catalogue. When it is empty, the probes are taken from
	// the results; otherwise cells of probes it lacks are left out.
	Probes []ProbeInfo
	// Claims are the claims whose verdicts the report computes.
	Claims []claims.Claim
	// SourceURL is prepended to ProbeInfo.Source in links, e.g. "../probes/".
	SourceURL string
	// HowToMeasure returns the instructions shown for a gc release (go1.N)
	// that has no results. Nil means DefaultHowToMeasure.
	HowToMeasure func(release string) string
}

// Report is the rendered-independent model of the compatibility report.
// Every renderer reads only a Report.
type Report struct {
	// Columns are the toolchains in display order: gc releases in release
	// order (not measured releases included), then gccgo. Extra columns
	// follow the reference column of their release (see ReferenceRule).
	Columns []Column
	// Arch is the table's architecture, whose GitHub Actions runner is
	// the reference machine.
	Arch string
	// Machines are the machines of the measured columns, by ID.
	Machines []Machine
	// Sections hold one table per mode (plain first, then race).
	Sections []Section
	// Charts plot the rate of one outcome across the columns for rows
	// whose outcome is a rate.
	Charts []Chart
	// Changes are the significant transitions between adjacent measured
	// releases; ChangeStats counts the comparisons made and the
	// differences within noise.
	Changes     []Change
	ChangeStats ChangeStats
	// Verdicts hold one verdict per claim, in claims order.
	Verdicts []Verdict
	// Performance holds one chart per claim decided by interval clauses
	// (performance claims), in claims order; see PerfChart.
	Performance []PerfChart
	// Memory holds the memory metric rows (see MemoryRow) of the probes
	// that report them.
	Memory []MemoryRow
	// Footnotes name every distinct outcome reason, numbered from 1.
	Footnotes []Footnote
	// Probes are the probes shown, sorted by name.
	Probes []ProbeInfo
	// SourceURL is Input.SourceURL.
	SourceURL string
	// Provenance names the maplab commits of the cells shown, for the
	// footer (see ProvenanceLine).
	Provenance []Provenance
}

// Column is one toolchain of the report.
type Column struct {
	// ID is the toolchain id, or the release (go1.N) of a column that was
	// not measured; an extra column's is "ID@MACHINE", so IDs are unique.
	ID string
	// Label is the column heading, e.g. "go1.19.8" or "gccgo 12 (go1.18)".
	Label string
	Kind  toolchain.Kind
	// Release is the Go release of the toolchain's library.
	Release string
	Variant string
	// Chain groups columns whose adjacent members are compared for
	// changes: the implementation, platform and variant, and the machine
	// of an extra column only (the reference columns of every machine
	// form one line of releases).
	Chain claims.Chain
	// Measured is false for an expected release without results.
	Measured bool
	// Toolchain and Env come from the results file of a measured column.
	Toolchain toolchain.Toolchain
	Env       results.Env
	// Machine is the ID of the machine a measured column was measured on.
	Machine string
	// Extra marks another machine's (or patch release's) measurement of
	// the release of the column before it, the reference (see
	// ReferenceRule). Its Chain holds only its own machine's columns.
	Extra bool
	// HowTo says how to measure a column that was not measured.
	HowTo string
}

// Machine is one machine the report's columns were measured on.
type Machine struct {
	// ID is the machine's ID, the name of its directory under results/.
	ID string
	results.Machine
	// Columns are the labels of the columns measured on it.
	Columns []string
	// Costs are what each of those columns cost, in the same order.
	Costs []Cost
}

// Cost is what measuring one column took: its cells, their trials and
// the cell-time, the sum of its cells' wall times (a cell's trials and
// the waits between them; an alone trial waits for the machine). Cells
// run two or more at once, so cell-time exceeds the run's wall time.
type Cost struct {
	Cells, Trials int
	Seconds       float64
}

// Section is the table of one mode.
type Section struct {
	Mode toolchain.Mode
	Rows []Row
}

// Row is one probe (and language version) in one mode.
type Row struct {
	Probe string
	// Lang is "" for a probe built with one language version per
	// toolchain, else the row's langs entry ("go1.21" or "toolchain").
	Lang string
	// Procs is the row's GOMAXPROCS for a probe measured at several
	// settings (0 for all CPUs), or -1 when the probe has one row.
	Procs int
	// Label is the row heading, e.g. "range-closure-capture (lang go1.21)"
	// or "concurrent-writes (GOMAXPROCS=1)".
	Label string
	// Name tells the row apart from the other rows of its mode in URLs: the
	// probe, with the row's language version when the probe has several
	// rows, e.g. "range-closure-capture-lang-go1.21". Letters, digits, '.'
	// and '-' only.
	Name string
	// Anchor is an id usable in URLs and file names: Name and the mode.
	Anchor string
	Title  string
	// Source is the link to the probe's source.
	Source string
	// Cells run parallel to Report.Columns.
	Cells []Cell
	// Kinds lists every outcome kind seen in the row, in outcome.Order.
	Kinds []outcome.Kind
	// Chart is the index of the row's chart in Report.Charts, or -1.
	Chart int
	// BuildOutcome marks the row of a build-outcome probe; its Label ends
	// with BuildOutcomeSuffix.
	BuildOutcome bool
}

// BuildOutcomeSuffix ends the label of a build-outcome probe's row.
const BuildOutcomeSuffix = " (build outcome)"

// CellState says whether a cell holds trials.
type CellState string

// The cell states.
const (
	// Measured cells hold trials.
	Measured CellState = "measured"
	// NotRun cells were planned but could not run (build-failed,
	// unsupported, unavailable).
	NotRun CellState = "not-run"
	// NotMeasured cells have no data: the release was not measured, or its
	// results hold no cell for the probe.
	NotMeasured CellState = "not-measured"
)

// Cell is the summary of one results cell.
type Cell struct {
	State CellState
	// Lang is the language version the cell was built with ("" without
	// go.mod).
	Lang string
	// N is the number of counted trials, the denominator of every rate:
	// the trials that ran, less the idle ones.
	N int
	// Idle is the number of idle trials: they ran, but their goroutines
	// never overlapped, so the hazard did not happen. They are shown but
	// left out of N, the rates and the verdicts.
	Idle int
	// IdleSamples are the kept samples of idle trials.
	IdleSamples []SampleView
	// Leading is the most frequent counted outcome kind (summed over
	// reasons), idle when every trial was idle, or the NotRun kind.
	Leading outcome.Kind
	// K is the number of trials of the leading kind; Rate is K/N.
	K    int
	Rate float64
	// Mixed is set when trials had more than one kind.
	Mixed bool
	// Kinds holds the per-kind totals, most frequent first.
	Kinds []KindStat
	// Outcomes holds every tally (kind and reason), most frequent first.
	Outcomes []OutcomeStat
	// NotRunReason explains a NotRun cell.
	NotRunReason string
	// Notes are the footnote numbers of the cell's reasons.
	Notes []int
	// Note explains a NotMeasured cell.
	Note string
	// Seconds is the wall time of the cell's trials.
	Seconds float64
	// Observation is what the cell's trials observed, in words and
	// numbers ("struct{}/bool 0.90", "string key replaced"), rendered
	// from its metric aggregates by the probe's maplab:observe; "" when
	// the probe has none or the cell lacks its metrics.
	Observation string

	raw  *results.Cell // the results cell, nil when NotMeasured
	file int           // index of the column's file, -1 when not measured
}

// KindStat is the number of trials with one outcome kind.
type KindStat struct {
	Kind         outcome.Kind
	K, N         int
	Rate, Lo, Hi float64
}

// OutcomeStat is one tally of a cell with its 95% Wilson interval and the
// samples kept for it.
type OutcomeStat struct {
	outcome.Outcome
	K, N         int
	Rate, Lo, Hi float64
	// Note is the footnote number of the reason, 0 if none.
	Note    int
	Samples []SampleView
}

// SampleView is a kept sample trimmed for display.
type SampleView struct {
	ExitCode int
	Signal   string
	Result   string
	// Stderr holds the first lines of the sample's standard error.
	Stderr []string
	// More is the number of stderr lines left out.
	More int
}

// Footnote names one outcome reason.
type Footnote struct {
	N       int
	Outcome outcome.Outcome
	// Text is the reason with the numbers that the reason replaced by N
	// put back from the kept samples' probe details (a range where they
	// differ), or the reason itself; Samples is the number of samples the
	// numbers come from (0 when none).
	Text    string
	Samples int
}

// Chart plots one outcome kind's rate for one row across the columns.
type Chart struct {
	// Anchor names the chart, e.g. "concurrent-writes-plain"; its SVG file
	// is charts/Anchor.svg.
	Anchor   string
	Probe    string
	RowLabel string
	Mode     toolchain.Mode
	// Kind is the outcome whose rate is plotted: the row's most frequent
	// kind other than clean, or clean if no trial had another.
	Kind   outcome.Kind
	Points []Point
}

// Point is one column of a chart.
type Point struct {
	Label    string
	Gccgo    bool
	Measured bool
	K, N     int
	Rate     float64
	Lo, Hi   float64
}

// Change classes, in the spirit of crater.
const (
	Regressed = "regressed"
	Fixed     = "fixed"
	Changed   = "changed"
)

// Change is a difference between two adjacent measured columns of a chain.
type Change struct {
	Probe    string
	RowLabel string
	Anchor   string
	Mode     toolchain.Mode
	Chain    string
	// From and To are column labels; FromID and ToID column ids.
	From, To     string
	FromID, ToID string
	// Class is Regressed, Fixed or Changed.
	Class string
	// Details say what changed, one fact each.
	Details []string
}

// Verdict statuses (see package claims): refuted, held or undecided for a
// universal claim, confirmed or not observed for an existential one, not
// measured when no cell decides it.
const (
	Refuted          = claims.Refuted
	Held             = claims.Held
	Undecided        = claims.Undecided
	Confirmed        = claims.Confirmed
	NotObserved      = claims.NotObserved
	NotMeasuredClaim = claims.NotMeasured
)

// The decisions of one column of a claim (ColumnDecision.Decision).
const (
	DecisionHeld          = string(claims.ColHeld)
	DecisionRefuted       = string(claims.ColRefuted)
	DecisionConfirmed     = string(claims.ColConfirmed)
	DecisionNotObserved   = string(claims.ColNotObserved)
	DecisionInsideNoise   = string(claims.ColNoise)
	DecisionNotApplicable = string(claims.ColNotApplicable)
	DecisionNotMeasured   = string(claims.ColNotMeasured)
)

// ColumnDecision is the verdict engine's decision of a claim on one
// column of the report, read by the claims × toolchains grid.
type ColumnDecision = claims.ColumnDecision

// Verdict is the engine's decision on one claim, overall and per column;
// the report renders it and decides nothing.
type Verdict = claims.Decision

// Where is a cell a verdict rests on.
type Where = claims.Where

// Test is one comparison of two columns of a claim.
type Test = claims.Test

// Evidence is one check evaluated on one cell.
type Evidence = claims.Evidence

// Warning is a non-fatal problem found while building a report.
type Warning struct {
	Msg string
}

// String returns the warning's message.
func (w Warning) String() string { return w.Msg }
