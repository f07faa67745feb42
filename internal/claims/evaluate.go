package claims

import (
	"sort"
	"strings"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
)

// Column describes one measured column to the engine: a toolchain on a
// machine. Its fields are keys; Label is for people only.
type Column struct {
	// ID is the report's column ID, Label its heading (e.g. "gccgo 12
	// (go1.18)").
	ID, Label string
	// Machine is the ID of the machine the column was measured on.
	Machine string
	// Kind is the implementation: gc, gccgo, or another toolchain kind.
	Kind toolchain.Kind
	// Release is the Go release of the toolchain's library, Lang the
	// newest language version it accepts.
	Release, Lang string
	// GOOS and GOARCH are the target the programs were built for.
	GOOS, GOARCH string
	// Variant is a build variant such as "noswissmap", "" for none.
	Variant string
	// Hosted marks a toolchain whose programs another program runs
	// (Node.js for js/wasm and GopherJS): toolchain.Toolchain.Native is
	// false.
	Hosted bool
	// Order is the column's position; within a chain, columns are in
	// release order.
	Order int
}

// Chain is an implementation whose releases form one line of columns:
// adjacent releases of a chain are compared with each other.
type Chain struct {
	// Machine keeps the columns of each machine apart: cells of two
	// machines are never compared.
	Machine string
	Kind    toolchain.Kind
	// Platform is "GOOS/GOARCH" for a target other than a native binary
	// (js/wasm, wasip1/wasm), "" for a native one.
	Platform string
	Variant  string
}

// Chain returns the chain the column belongs to.
func (c Column) Chain() Chain {
	ch := Chain{Machine: c.Machine, Kind: c.Kind, Variant: c.Variant}
	if c.Hosted {
		ch.Platform = c.GOOS + "/" + c.GOARCH
	}
	return ch
}

// String returns e.g. "gc", "gc+noswissmap", "gccgo" or "gc js/wasm".
func (c Chain) String() string {
	s := string(c.Kind)
	if c.Variant != "" {
		s += "+" + c.Variant
	}
	if c.Platform != "" {
		s += " " + c.Platform
	}
	return s
}

// Reference reports whether the chain is native gc without a variant: the
// releases every other implementation is compared with.
func (c Chain) Reference() bool {
	return c.Kind == toolchain.GC && c.Platform == "" && c.Variant == ""
}

// against says what a difference between the chain and the reference
// chain means.
func (c Chain) against() Difference {
	switch {
	case c.Kind == toolchain.GCCGO && c.Platform == "":
		return DiffersByCompiler
	case c.Kind == toolchain.GC && c.Platform == "":
		return DiffersByRelease // a variant of gc: a difference of build
	}
	return DiffersByImplementation
}

// Row identifies a probe's row: cells of one row are compared across
// columns. Lang is set only for a probe measured in several language
// versions; Procs is the GOMAXPROCS, catalogue.ProcsAll for every CPU.
type Row struct {
	Lang  string
	Procs int
}

// String returns the row's label, e.g. "lang go1.21, GOMAXPROCS=1", or ""
// for a probe's only row.
func (r Row) String() string {
	var parts []string
	if r.Lang != "" {
		parts = append(parts, "lang "+r.Lang)
	}
	if r.Procs != catalogue.ProcsAll {
		parts = append(parts, catalogue.ProcsLabel(r.Procs))
	}
	return strings.Join(parts, ", ")
}

// Input is one cell of the results the engine may read.
type Input struct {
	// Column is an index into the columns given to Evaluate.
	Column int
	Cell   *results.Cell
	// Build marks a cell of a build-outcome probe (maplab:build-outcome).
	Build bool
	// ByLang marks a probe measured in several language versions: its
	// rows differ by language version.
	ByLang bool
}

// lang returns the language version the input's cell was built with: its
// own, else the toolchain's, else the language of the toolchain's release.
func lang(c *results.Cell, col Column) string {
	if c.Lang != "" {
		return c.Lang
	}
	if col.Lang != "" {
		return col.Lang
	}
	return toolchain.LangOf(col.Release)
}

// RowLang returns the language row of a cell of a probe measured in
// several language versions: a fixed version such as "go1.21", or
// catalogue.LangToolchain for a cell built with the toolchain's own
// newest language (toolchainLang), whatever release that is.
func RowLang(c *results.Cell, toolchainLang string) string {
	if c.Lang == "" || c.Lang == toolchainLang {
		return catalogue.LangToolchain
	}
	return c.Lang
}

// target describes the input's cell to a scope.
func target(c *results.Cell, col Column) Target {
	return Target{Lang: lang(c, col), Release: col.Release, Kind: string(col.Kind), Procs: c.Procs, Variant: col.Variant,
		GOOS: col.GOOS, Native: !col.Hosted}
}

// Evidence is one check evaluated on one cell, as the report shows it.
type Evidence struct {
	Check int
	// Column is the column's label, ColumnID its ID.
	Column, ColumnID string
	Probe            string
	Mode             toolchain.Mode
	Lang             string
	Row              Row
	// Result is the check's result on the cell.
	Result
	// K counts the trials that count for the claim's form, out of
	// Result.Trials: those that violate the check (universal) or satisfy it
	// (existential). PerTrial is false when the check is about the whole
	// cell, and K then means nothing.
	K        Count
	PerTrial bool
	// Intervals are the median intervals the check's interval clauses
	// read, by metric, for charts (nil without interval clauses).
	Intervals map[string]Interval
	// Decision is what the cell decides: "held" or "counterexample"
	// (universal), "observed" or "not observed" (existential, invariant),
	// "inside the noise", or "undecided" (no counted trials, a metric not
	// reported).
	Decision string
	// Missing lists the metrics the check reads that no trial of the
	// cell reported.
	Missing []string
}

// Interval is the median interval of one metric in one cell, at the
// confidence the claim's family of cells needs.
type Interval struct {
	Lo, Hi, Mean float64
	Trials       int
	Confidence   float64
	// Known is false when the trials are too few for that confidence.
	Known bool
}

// Evaluate decides every claim from the cells: it chooses the cells each
// check reads (by mode and scope, and the baseline of a versus check),
// evaluates the check's predicate on each at the confidence its family of
// cells needs, and decides the claim per column and overall.
func Evaluate(cs []Claim, cols []Column, in []Input) []Decision {
	out := make([]Decision, 0, len(cs))
	for _, c := range cs {
		out = append(out, evaluate(c, cols, in))
	}
	return out
}

// selected is one (check, cell) pair a claim reads.
type selected struct {
	check int
	in    Input
}

func evaluate(c Claim, cols []Column, in []Input) Decision {
	var sel []selected
	family := 0
	for _, x := range in {
		if x.Cell.NotRun != nil {
			continue
		}
		col := cols[x.Column]
		for chi, ch := range c.Checks {
			if !ch.reads(c.Modes, x.Cell, col) {
				continue
			}
			sel = append(sel, selected{chi, x})
			if ch.Predicate.Intervals() {
				family += Looks(x.Cell)
			}
		}
	}
	level := FamilyLevel(family)
	var cells []CellResult
	var ev []Evidence
	for _, s := range sel {
		ch, x, col := c.Checks[s.check], s.in, cols[s.in.Column]
		var res Result
		if ch.Predicate.Versus() {
			res = versus(ch, cols, in, x, level)
		} else {
			res = ch.Predicate.EvalAt(Observe(x.Cell), level)
		}
		row := Row{Procs: x.Cell.Procs}
		if x.ByLang {
			row.Lang = RowLang(x.Cell, col.Lang)
		}
		r := CellResult{Check: s.check, Column: col, Probe: x.Cell.Probe, Mode: x.Cell.Mode, Lang: lang(x.Cell, col), Row: row,
			Procs: x.Cell.Procs, Build: x.Build, Rejected: rejected(x.Cell), Result: res}
		r.Column.Order = x.Column
		cells = append(cells, r)
		e := Evidence{Check: s.check, Column: col.Label, ColumnID: col.ID, Probe: r.Probe, Mode: r.Mode, Lang: r.Lang, Row: row, Result: res}
		if c.Form == Universal {
			e.K, e.PerTrial = res.Violating, res.Every
		} else {
			e.K, e.PerTrial = res.Satisfying, res.Some
		}
		e.Decision = cellDecision(c.Form, res)
		for _, name := range ch.Predicate.Metrics() {
			if m, ok := x.Cell.Metrics[name]; !ok || m.Count == 0 {
				e.Missing = append(e.Missing, name)
			}
		}
		if ch.Predicate.Intervals() && !ch.Predicate.Versus() {
			e.Intervals = map[string]Interval{}
			for _, cl := range ch.Predicate.Clauses {
				if cl.Op != OpInterval {
					continue
				}
				m := x.Cell.Metrics[cl.Metric]
				iv, ok := medianInterval(m, level)
				if !ok {
					// Too few trials for the level: show the range and
					// what it is worth.
					iv = stats.MedianInterval{Lo: m.Min, Hi: m.Max, Rank: 1, N: m.Count, Confidence: stats.MedianCoverage(m.Count, 1)}
				}
				e.Intervals[cl.Metric] = Interval{Lo: iv.Lo, Hi: iv.Hi, Mean: m.Mean(), Trials: m.Count, Confidence: iv.Confidence, Known: ok}
			}
		}
		ev = append(ev, e)
	}
	d := decide(c, cells, family, level)
	d.Evidence = ev
	d.Columns = columnDecisions(c, cols, in, cells, d)
	return d
}

// Looks returns the number of median estimates a cell's metric stands
// for: one per look of the runner's sequential rule (results.Cell.Looks),
// at least one. A cell the rule could have stopped after its first N
// trials or extended to 2N reports one interval, but which one depends on
// the data: counting both looks in the Bonferroni family keeps the chance
// that the reported one misses its median within its share of Alpha,
// whatever the rule decided.
func Looks(c *results.Cell) int {
	if c.Looks > 1 {
		return c.Looks
	}
	return 1
}

// FamilyLevel returns the confidence each of m median estimates must
// reach so that, by Bonferroni's inequality, the chance that any of them
// misses its median is at most Alpha: 1 - Alpha/m (Confidence for one).
func FamilyLevel(m int) float64 {
	if m <= 1 {
		return Confidence
	}
	return 1 - Alpha/float64(m)
}

// rejected reports whether the cell is a build the compiler rejected: its
// outcome is of kind rejected, whatever its trial count.
func rejected(c *results.Cell) bool {
	for _, t := range c.Tallies {
		if t.Kind == outcome.Rejected && t.K > 0 {
			return true
		}
	}
	return false
}

// versus evaluates a check that compares cell x with a baseline cell: on
// the same machine, of the same probe, mode and GOMAXPROCS, in the column
// whose release the check's versus scope selects and that is nearest to
// x's release: the highest release not above it (the same release, for a
// variant such as noswissmap), else the lowest above it. Without such a
// cell the result is undecided.
func versus(ch Check, cols []Column, in []Input, x Input, level float64) Result {
	col := cols[x.Column]
	var base *Input
	nearer := func(r string) bool {
		if base == nil {
			return true
		}
		br := cols[base.Column].Release
		below, baseBelow := toolchain.CompareRelease(r, col.Release) <= 0, toolchain.CompareRelease(br, col.Release) <= 0
		if below != baseBelow {
			return below
		}
		if below {
			return toolchain.CompareRelease(r, br) > 0
		}
		return toolchain.CompareRelease(r, br) < 0
	}
	for i := range in {
		y := in[i]
		bcol := cols[y.Column]
		if y.Column == x.Column || bcol.Machine != col.Machine || y.Cell.NotRun != nil || y.Cell.Probe != x.Cell.Probe ||
			y.Cell.Mode != x.Cell.Mode || y.Cell.Procs != x.Cell.Procs || !ch.VersusScope.Applies(target(y.Cell, bcol), toolchain.CompareRelease) {
			continue
		}
		if nearer(bcol.Release) {
			base = &in[i]
		}
	}
	if base == nil {
		return Result{N: Observe(x.Cell).Counted(), Why: "no baseline cell on this machine where " + ch.Versus}
	}
	return ch.Predicate.EvalVersusAt(Observe(x.Cell), Observe(base.Cell), cols[base.Column].Label, level)
}

// ColumnStatus is a claim's decision on one column.
type ColumnStatus string

// The decisions a column can have.
const (
	ColHeld        ColumnStatus = "held"
	ColRefuted     ColumnStatus = "refuted"
	ColConfirmed   ColumnStatus = "confirmed"
	ColNotObserved ColumnStatus = "not observed"
	// ColNoise: the cells that could decide it are inside the noise.
	ColNoise ColumnStatus = "inside the noise"
	// ColNotApplicable: the column was measured, but no check's scope
	// selects its cells (a claim about go1.22 on a go1.19 column).
	ColNotApplicable ColumnStatus = "not applicable"
	// ColNotMeasured: no cell of the claim's probes ran on the column, or
	// none had a trial that counts (all idle).
	ColNotMeasured ColumnStatus = "not measured"
)

// ColumnDecision is a claim's decision on one column, from that column's
// cells alone, at the claim's family confidence.
type ColumnDecision struct {
	// Column is the column's ID.
	Column   string
	Decision ColumnStatus
	// Text says it briefly with the numbers, e.g. "refuted 20/20",
	// "held (20)", "not observed (200)": trials.
	Text string
}

// columnDecisions decides the claim on each column from that column's
// cells, by the claim's form.
func columnDecisions(c Claim, cols []Column, in []Input, cells []CellResult, d Decision) []ColumnDecision {
	probes := map[string]bool{}
	for _, p := range c.Probes {
		probes[p] = true
	}
	measured := make([]bool, len(cols))
	for _, x := range in {
		measured[x.Column] = true
	}
	out := make([]ColumnDecision, len(cols))
	for ci, col := range cols {
		ran, why, applies := false, "", false
		for _, x := range in {
			if x.Column != ci || !probes[x.Cell.Probe] {
				continue
			}
			applies = applies || readsAny(c, x.Cell, col)
			if x.Cell.NotRun == nil {
				ran = true
			} else if why == "" {
				why = string(x.Cell.NotRun.Kind)
			}
		}
		var mine []CellResult
		for _, r := range cells {
			if r.Column.Order == ci {
				mine = append(mine, r)
			}
		}
		cd := ColumnDecision{Column: col.ID}
		switch {
		case !measured[ci]:
			cd.Decision, cd.Text = ColNotMeasured, "not measured"
		case why != "" && !applies:
			// The cells did not run, but no check would have read them:
			// the claim is not about this column.
			cd.Decision, cd.Text = ColNotApplicable, "not applicable"
		case !ran && why != "":
			cd.Decision, cd.Text = ColNotMeasured, why // unsupported, unavailable, build-failed
		case !ran:
			cd.Decision, cd.Text = ColNotMeasured, "not run on this column"
		case len(mine) == 0:
			cd.Decision, cd.Text = ColNotApplicable, "not applicable"
		default:
			cd.Decision, cd.Text = formRules(c.Form).column(mine, d, col)
		}
		out[ci] = cd
	}
	return out
}

// reads reports whether ch, a check of a claim of modes claimModes,
// reads the cell x in the column col: by probe, mode and scope, whether
// or not the cell ran.
func (ch Check) reads(claimModes []toolchain.Mode, x *results.Cell, col Column) bool {
	return x.Probe == ch.Probe && ch.ReadsMode(claimModes, x.Mode) && ch.Scope.Applies(target(x, col), toolchain.CompareRelease)
}

// readsAny reports whether some check of c reads the cell x in the
// column col (Check.reads).
func readsAny(c Claim, x *results.Cell, col Column) bool {
	for _, ch := range c.Checks {
		if ch.reads(c.Modes, x, col) {
			return true
		}
	}
	return false
}

// counted sums the counted trials of cells that could decide.
func countedTrials(cells []CellResult) (n, known int, noise bool) {
	for _, r := range cells {
		if r.Result.Known {
			known++
			n += r.Result.Trials
		} else if r.Result.Noise {
			noise = true
		}
	}
	return n, known, noise
}

// sortedByOrder returns the cells in column order.
func sortedByOrder(cells []CellResult) []CellResult {
	s := append([]CellResult(nil), cells...)
	sort.SliceStable(s, func(i, j int) bool { return s[i].Column.Order < s[j].Column.Order })
	return s
}

// cellDecision says what one cell decides about a claim of the form.
func cellDecision(form Form, r Result) string {
	switch {
	case r.Noise:
		return "inside the noise"
	case !r.Known:
		return "undecided"
	case form != Universal && r.Holds:
		return "observed"
	case form != Universal:
		return "not observed"
	case r.Holds:
		return "held"
	}
	return "counterexample"
}

// Meaning says in a few words how the form is decided.
func (f Form) Meaning() string {
	switch f {
	case Existential:
		return "one observation confirms it; not observing it never refutes it"
	case Invariant:
		return "a significant difference between GOMAXPROCS settings refutes it"
	}
	return "one counterexample refutes it; cells inside the noise leave it undecided"
}
