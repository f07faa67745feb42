package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/toolchain"
)

// Title is the heading of every format.
const Title = "maplab: what Go maps really do"

// kindMeaning explains each outcome kind in the legends.
var kindMeaning = map[outcome.Kind]string{
	outcome.Clean:         "ran to completion and the probe's own invariant held",
	outcome.Idle:          "ran to completion but its goroutines never overlapped: the hazard did not happen (left out of rates)",
	outcome.Corrupt:       "ran to completion with the probe's invariant broken: silent corruption",
	outcome.Recovered:     "a deferred recover in the probe caught a panic",
	outcome.Panic:         "runtime panic that nothing recovered",
	outcome.Fatal:         "unrecoverable runtime error, e.g. \"concurrent map writes\"",
	outcome.Race:          "the race detector reported a data race; the program otherwise ran clean",
	outcome.RaceCorrupt:   "the race detector reported a data race and the probe's invariant was broken",
	outcome.RaceRecovered: "the race detector reported a data race and a deferred recover caught a panic",
	outcome.RacePanic:     "the race detector reported a data race and a panic ended the program",
	outcome.RaceFatal:     "the race detector reported a data race and the runtime's map check stopped the program",
	outcome.RaceCrash:     "the race detector reported a data race and the program then crashed",
	outcome.Crash:         "killed by a signal or an unexpected exit without a runtime message",
	outcome.Hang:          "exceeded its timeout and was killed",
	outcome.Rejected:      "a build-outcome probe that the compiler refused with a message the probe expects: a measurement (one build, deterministic), not a failure",
	outcome.BuildFailed:   "the toolchain could not build the probe: a broken probe (for a build-outcome probe, a message it does not expect)",
	outcome.Unsupported:   "the probe (or the row's language version) needs a newer Go than the toolchain",
	outcome.Unavailable:   "the mode is not available for the toolchain (e.g. race on gccgo)",
}

// modeTitle returns the heading of a mode's section.
func modeTitle(m toolchain.Mode) string {
	switch m {
	case toolchain.Plain:
		return "Plain builds"
	case toolchain.Race:
		return "Race detector builds (-race)"
	}
	return "Mode " + string(m)
}

// Markdown writes the report as one GitHub-flavoured Markdown page. Chart
// images are referenced as charts/ANCHOR.svg, which WriteAll writes.
func Markdown(w io.Writer, r Report) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...interface{}) { fmt.Fprintf(bw, format, args...) }

	p("# %s\n\n", Title)
	p("What Go maps really do on each toolchain, measured: the beliefs first, then every probe's table. ")
	p("The same data: [index.html](index.html), [compat.json](compat.json), [compat.csv](compat.csv), [claims.csv](claims.csv), [claims-grid.csv](claims-grid.csv).\n\n")
	p("## Claims by toolchain\n\n")
	gridMarkdown(bw, GridOf(r))
	surprisesMarkdown(bw, r)
	p("Each probe is a small program that misuses a map in one way, and checks for itself what happened. ")
	p("A table has a row per probe and a column per toolchain; a cell says how the probe's trials ended there, with the count and a 95%% interval, ")
	p("e.g. `fatal 37/42 (74–95%%)`. Every number comes from trials that ran; nothing is inferred from neighbouring releases. ")
	p("[How to read this table](#how-to-read-this-table) explains the cells.\n\n")
	p("[index.html](index.html) gives every outcome of a cell with its interval and sample output, and a permalink per cell.\n\n")

	p("Contents: ")
	var toc []string
	for _, h := range []string{"Claims by toolchain", "How to read this table"} {
		toc = append(toc, fmt.Sprintf("[%s](#%s)", h, githubAnchor(h)))
	}
	for _, s := range r.Sections {
		toc = append(toc, fmt.Sprintf("[%s](#%s)", md(modeTitle(s.Mode)), githubAnchor(modeTitle(s.Mode))))
	}
	for _, h := range []string{"Claims", "What changed", "Rate charts", "Performance", "Machines", "Toolchains", "Not measured", "Outcome kinds"} {
		if h == "Performance" && len(r.Performance) == 0 && len(r.Memory) == 0 {
			continue
		}
		toc = append(toc, fmt.Sprintf("[%s](#%s)", h, githubAnchor(h)))
	}
	p("%s.\n\n", strings.Join(toc, " · "))

	howToRead(bw, r)

	groups := ColumnGroups(r.Columns)
	for _, s := range r.Sections {
		p("## %s\n\n", md(modeTitle(s.Mode)))
		p("| probe |")
		for _, g := range groups {
			if g.Measured {
				p(" %s |", md(g.Label))
			} else {
				p(" %s [not measured](#not-measured) |", md(g.Label))
			}
		}
		p("\n|---|")
		for range groups {
			p("---|")
		}
		p("\n")
		var quiet []string
		for _, row := range s.Rows {
			if Quiet(row) {
				quiet = append(quiet, fmt.Sprintf("[%s](%s)", md(row.Label), mdURL(HTMLFile+"#row-"+row.Anchor)))
				continue
			}
			p("| [%s](%s) |", md(row.Label), mdURL(row.Source))
			for _, g := range groups {
				if !g.Measured {
					p(" — |")
					continue
				}
				p(" %s |", mdCell(row.Cells[g.Cols[0]]))
			}
			p("\n")
		}
		p("\n")
		if len(quiet) > 0 {
			p("%d %s where nothing happened, every measured cell idle or clean with nothing observed, folded (their cells are in index.html): %s.\n\n",
				len(quiet), plural(len(quiet), "row", "rows"), strings.Join(quiet, ", "))
		}
	}

	p("## Claims\n\n")
	if len(r.Verdicts) == 0 {
		p("No claims were given.\n\n")
	} else {
		p("%s The grid at the top gives each claim's decision per column; each claim below links to its page of evidence.\n\n", md(claimsIntro))
		for _, v := range r.Verdicts {
			claimMarkdown(bw, v)
		}
	}

	p("## What changed\n\n")
	p("Adjacent measured columns of one implementation (gc releases, each gc variant, gccgo; a column of another machine only with that machine's) are compared per row and mode: ")
	p("the trials of every outcome kind, and of every message only one of the two cells has, by Fisher's exact test, ")
	p("with Holm's correction over all %d comparisons of the report; and every measured value a claim reads or a probe's observation shows: a value every trial of both cells reported alike that changed, or two median intervals that do not overlap, each taken so that all %d value comparisons together are right with 95%%. ", r.ChangeStats.Tests, r.ChangeStats.Metrics)
	p("A difference is listed when its adjusted p is at most %s, and so is a probe that stops or starts building. ", strconv.FormatFloat(Alpha, 'g', -1, 64))
	p("A build-outcome probe that one column compiles and the next rejects, or rejects with another message, is always listed as changed: a build is deterministic, so there is nothing to test. ")
	p("Regressed: more corrupt, crash, hang or build-failed; fixed: fewer; changed: anything else.\n\n")
	if len(r.Changes) == 0 {
		p("No significant change between adjacent measured columns.\n\n")
	}
	for _, class := range []string{Regressed, Fixed, Changed} {
		var list []Change
		for _, c := range r.Changes {
			if c.Class == class {
				list = append(list, c)
			}
		}
		if len(list) == 0 {
			continue
		}
		p("### %s (%d)\n\n", capitalize(class), len(list))
		for _, c := range list {
			var ds []string
			for _, d := range shownDetails(c.Details) {
				ds = append(ds, md(d))
			}
			p("- %s, %s, %s → %s: %s\n", md(c.RowLabel), md(string(c.Mode)), md(c.From), md(c.To), strings.Join(ds, "; "))
		}
		p("\n")
	}
	p("%s\n\n", md(noiseLine(r.ChangeStats)))

	p("## Rate charts\n\n")
	if len(r.Charts) == 0 {
		p("No probe had a mixed outcome.\n\n")
	} else {
		p("For rows whose outcome is a rate: the share of trials with the plotted outcome per column, with its 95%% Wilson interval. Grey labels without a point were not measured.\n\n")
	}
	for _, ch := range r.Charts {
		p("### %s, %s: rate of %s\n\n", md(ch.RowLabel), md(string(ch.Mode)), md(string(ch.Kind)))
		p("![%s](charts/%s.svg)\n\n", md(chartAlt(ch)), mdURL(ch.Anchor))
	}

	if len(r.Performance) > 0 || len(r.Memory) > 0 {
		p("## Performance\n\n")
		p("The performance claims' charts and ratios per column, and the memory metrics, are on [their own page](%s).\n\n", PerformanceFile)
	}

	p("## Machines\n\n%s The table's architecture is %s.\n\n", md(ReferenceRule), md(r.Arch))
	p("| machine | runner | GOOS/GOARCH | CPUs | CPU model | columns: cell-time, trials |\n|---|---|---|---|---|---|\n")
	for _, m := range r.Machines {
		p("| %s | %s | %s | %s | %s | %s |\n", md(m.ID), md(runnerText(m)), md(m.GOOS+"/"+m.GOARCH), count(m.CPUs), md(m.CPUModel), md(costText(m)))
	}
	p("\n%s\n\n", md(CostNote))

	p("## Toolchains\n\n")
	p("| column | kind | release | runtime.Version() | GOOS/GOARCH | machine | CPUs | GOMAXPROCS | kernel | date | maplab | found via |\n")
	p("|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, c := range r.Columns {
		if !c.Measured {
			continue
		}
		tc, e := c.Toolchain, c.Env
		p("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			md(c.Label), md(string(c.Kind)), md(c.Release), md(tc.Version), md(tc.GOOS+"/"+tc.GOARCH), md(machine(c)),
			count(e.CPUs), count(e.GOMAXPROCS), md(e.Kernel), md(date(e.Date)), md(e.MaplabVersion), md(tc.Source))
	}
	p("\n")

	p("## Not measured\n\n")
	var missing []Column
	for _, c := range r.Columns {
		if !c.Measured {
			missing = append(missing, c)
		}
	}
	if len(missing) == 0 {
		p("Every expected release was measured.\n\n")
	} else {
		p("These releases have no results; their cells stay empty (—) until someone measures them, and the tables show consecutive ones as one column.\n\n| release | how to measure |\n|---|---|\n")
		for _, c := range missing {
			p("| %s | %s |\n", md(c.Label), mdCodeInTable(c.HowTo))
		}
		p("\n")
	}

	p("## Outcome kinds\n\n| kind | meaning |\n|---|---|\n")
	for _, k := range outcome.Order {
		p("| %s | %s |\n", k, md(kindMeaning[k]))
	}
	p("\n")

	p("---\n\n")
	for _, l := range footer(r) {
		p("%s\n\n", md(l))
	}

	for _, f := range r.Footnotes {
		p("[^%d]: %s\n", f.N, md(footnoteText(f)))
	}
	return bw.Flush()
}

// readItem is one point of "How to read this table": a term and the rest
// of its sentence (starting with its own space or colon), our own text in
// which `backticks` mark code.
type readItem struct {
	Term, Text string
}

// howToReadItems is the text of "How to read this table" in every format;
// the machines each column ran on follow it.
var howToReadItems = []readItem{
	{"A cell", " such as `fatal 37/42 (74–95%)` names the outcome most of the probe's trials had on that toolchain: " +
		"37 of the 42 counted trials ended in a fatal runtime error. 74–95% is the 95% Wilson score interval of that rate, " +
		"rounded outward to whole percents: intervals made this way hold the rate that many more trials would show in about 95 of 100 runs."},
	{"A mixed cell", " adds the other outcomes with their counts: `+ corrupt 3, clean 2`. The HTML page gives every outcome its own interval, and the probe's page its sample output."},
	{"An observation", " leads a cell whose probe measures a value or a behaviour: `struct{}/bool 0.90–0.91 (clean 20/20)` is the range of that metric over the cell's trials, every one of which ran clean; " +
		"`OBSERVATION; fatal 37/42 (74–95%)` when they did not all. The values are those the claims read. Rows where nothing happened (every cell idle, or clean with nothing observed) are folded into one line under their table."},
	{"Idle trials", " are shown apart, `; 3 idle`: the probe ran, but its goroutines never overlapped in time, so the hazard did not happen. " +
		"They are left out of n, of every rate and of every verdict. A cell whose every trial was idle reads `idle 20/20 (83–100%), no counted trial`: " +
		"there k/n and the interval are those of idle trials among all its trials."},
	{"Race builds", " (-race) keep both facts. `race (probe clean)`: the race detector reported a data race and the probe's own check still held " +
		"(no trial of the cell reported zero overlapping rounds; `race (probe clean or idle)` when one did). " +
		"`race+corrupt`, `race+fatal` and the like: the detector reported, and the probe then found corruption, or the runtime stopped it."},
	{"Outcome kinds", ": clean (the probe's invariant held), corrupt (it broke without any error: silent corruption), recovered, panic, fatal, crash, hang; " +
		"cells marked unsupported, unavailable or build-failed did not run. The outcome kinds section defines each."},
	{"Build-outcome probes", ", rows marked `(build outcome)`, measure whether a toolchain compiles a program at all. " +
		"`rejected by the compiler: duplicate key 0 in map literal` means that toolchain refused it with a message the probe expects, after one build: " +
		"a build is deterministic, so there is no count and no interval. Where it compiled, the cell counts the program's trials as in any row. " +
		"A build that failed with any other message reads build-failed: the probe is broken, nothing was measured."},
	{"—", " means not measured: nothing is inferred from neighbouring releases. Consecutive releases without results share one column " +
		"(e.g. go1.9–go1.18), and the not measured section says how to measure each."},
	{"GOMAXPROCS rows", ": a concurrent probe has two rows, `(all CPUs)` and `(GOMAXPROCS=1)`. The second ran with GOMAXPROCS=1 and a CPU affinity of one CPU, " +
		"as in a container pinned to one CPU or on a one-CPU machine (a CPU quota alone is not enough: Go 1.25 and later round a quota below 2 up to GOMAXPROCS=2). On one CPU goroutines never run at the same instant: " +
		"they interleave only where the scheduler preempts one, so short bursts are idle, and the runtime's check sees two writers only " +
		"if a goroutine was preempted inside the map code, which depends on the release (see the claims single-cpu-catches-concurrent-writes " +
		"and detection-independent-of-cpus)."},
	{"Footnotes", " give the runtime's message or the probe's own report, with the numbers of the kept sample trials put back (a range where they differ)."},
	{"Machines", ": a rate depends on the machine, so every column was measured on one, named here:"},
}

// howToRead writes the "How to read this table" section.
func howToRead(w io.Writer, r Report) {
	p := func(format string, args ...interface{}) { fmt.Fprintf(w, format, args...) }
	p("## How to read this table\n\n")
	for _, it := range howToReadItems {
		p("- **%s**%s\n", it.Term, it.Text)
	}
	for _, m := range r.Machines {
		p("  - %s\n", md(machineLine(m)))
	}
	if len(r.Machines) == 0 {
		p("  - none: no column was measured.\n")
	}
	p("\n")
}

// machineLine describes a machine and its columns in one line.
func machineLine(m Machine) string {
	cpus := ""
	if m.CPUs > 0 {
		cpus = fmt.Sprintf(", %d %s", m.CPUs, plural(m.CPUs, "CPU", "CPUs"))
	}
	return fmt.Sprintf("%s (%s, %s%s): %s", m.ID, runnerText(m), m.GOOS+"/"+m.GOARCH, cpus, strings.Join(m.Columns, ", "))
}

// maxDetails is how many details of one change the pages list; the rest
// are counted, and compat.json has them all.
const maxDetails = 3

// shownDetails returns the details of a change the pages list: the first
// maxDetails and, when there are more, a line counting the others (a
// timing probe can have dozens of values apart between two releases).
func shownDetails(ds []string) []string {
	if len(ds) <= maxDetails {
		return ds
	}
	out := append([]string{}, ds[:maxDetails]...)
	return append(out, fmt.Sprintf("and %d more (all in compat.json)", len(ds)-maxDetails))
}

// CostNote explains the cell-time the Machines section gives per column.
const CostNote = "Cell-time sums a column's cell wall times: trials, and waits for the machine of probes that run alone. Cells run in parallel (-parallel), so a run takes less."

// costText lists a machine's columns with what each cost: "go1.19.8 7.6
// min, 2,070 trials; …", and the machine's total.
func costText(m Machine) string {
	var parts []string
	var total Cost
	for i, label := range m.Columns {
		if i >= len(m.Costs) {
			parts = append(parts, label)
			continue
		}
		c := m.Costs[i]
		total.Seconds += c.Seconds
		total.Trials += c.Trials
		parts = append(parts, fmt.Sprintf("%s %s, %s trials", label, cellTime(c.Seconds), count(c.Trials)))
	}
	if len(m.Costs) > 1 {
		parts = append(parts, fmt.Sprintf("all %s, %s trials", cellTime(total.Seconds), count(total.Trials)))
	}
	return strings.Join(parts, "; ")
}

// cellTime formats seconds of cell-time in minutes with one decimal, or
// in seconds below a minute.
func cellTime(sec float64) string {
	if sec < 60 {
		return fmt.Sprintf("%.0f s", sec)
	}
	return fmt.Sprintf("%.1f min", sec/60)
}

// runnerText names a machine's runner, with its image.
func runnerText(m Machine) string {
	if m.Image != "" {
		return m.Runner + " (" + m.Image + ")"
	}
	return m.Runner
}

// noiseLine counts the differences that are not listed under What changed.
func noiseLine(st ChangeStats) string {
	switch st.Noise {
	case 0:
		return "No other difference between adjacent measured columns."
	case 1:
		return "1 other difference is within noise: not significant after Holm's correction."
	}
	return fmt.Sprintf("%d other differences are within noise: not significant after Holm's correction.", st.Noise)
}

// claimAnchor is the stable anchor of a claim in every format: "claim-"
// and its id.
func claimAnchor(id string) string { return "claim-" + id }

// safeAnchor reports whether s can be written into an HTML id as it is.
func safeAnchor(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_') {
			return false
		}
	}
	return s != ""
}

// claimLink is the fragment a link to a claim uses: its stable anchor, or
// the heading's anchor when the id cannot be an HTML id as it is.
func claimLink(id string) string {
	if safeAnchor(id) {
		return claimAnchor(id)
	}
	return githubAnchor(id)
}

// claimMarkdown writes one claim in the report: its quotable verdict,
// the comparison of columns and a link to its page (see
// claimPageMarkdown), which holds the summary and the cells it rests on.
func claimMarkdown(w io.Writer, v Verdict) {
	p := func(format string, args ...interface{}) { fmt.Fprintf(w, format, args...) }
	p("### %s\n\n", md(v.ID))
	if safeAnchor(v.ID) {
		p("<a id=\"%s\"></a>\n\n", claimAnchor(v.ID))
	}
	p("> “%s” — **%s**; %s. [Evidence, checks and source](%s).\n\n", md(v.Statement), md(string(v.Status)), md(string(v.Comparison.Result)), mdURL(claimPagePath(v.ID)))
}

// evidenceCount returns "k/n" for a cell's trials that count for the
// claim, "at least k/n" or "k to k'/n" when a metric bounds them only, and
// "whole cell" or "—" when it is not about single trials or undecided.
func evidenceCount(e Evidence) string {
	switch {
	case !e.Known:
		return "—"
	case !e.PerTrial:
		return "whole cell"
	case e.K.Exact():
		return fmt.Sprintf("%d/%d", e.K.Lo, e.Trials)
	}
	return fmt.Sprintf("%s/%d", e.K, e.Trials)
}

// claimsIntro explains the verdict vocabulary in every format.
const claimsIntro = "A universal claim (always, never) is refuted by one counterexample, named with where it happened and in how many trials; " +
	"otherwise it held in all n trials, with a 95% one-sided exact (Clopper-Pearson) lower bound of the rate at which it holds, which is not proof that it always does. " +
	"An existential claim (can happen) is confirmed by one observation; otherwise it was not observed in n trials, with a 95% upper bound of its rate, and is never called refuted. " +
	"An invariant claim (does not depend on the number of CPUs) compares each cell measured at two GOMAXPROCS settings by Fisher's exact test with Holm's correction: a significant difference refutes it, none holds it. " +
	"Columns are compared by Fisher's exact test (two-sided) with Holm's correction over the claim's comparisons: adjacent measured releases within gc and within gccgo (differs by release), and each gccgo column against the nearest gc release (differs by compiler). " +
	"Idle trials are left out."

func modeList(ms []toolchain.Mode) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = string(m)
	}
	return strings.Join(s, ", ")
}

// mdCell renders one table cell with its footnote references.
func mdCell(c Cell) string {
	return cellText(c, md, func(n int) string { return "[^" + strconv.Itoa(n) + "]" })
}

// footnoteText is a footnote as the Markdown page shows it: kind, the
// reason with its numbers put back, and where the numbers come from.
func footnoteText(f Footnote) string {
	text := f.Text
	if text == "" {
		text = f.Outcome.Reason
	}
	s := noteText(outcome.Outcome{Kind: f.Outcome.Kind, Reason: text})
	if text != f.Outcome.Reason && f.Samples > 0 {
		s += fmt.Sprintf(" (numbers from %d kept %s)", f.Samples, plural(f.Samples, "sample", "samples"))
	}
	return s
}

func chartAlt(ch Chart) string {
	var parts []string
	for _, p := range ch.Points {
		if p.Measured {
			parts = append(parts, fmt.Sprintf("%s %d/%d", p.Label, p.K, p.N))
		}
	}
	return fmt.Sprintf("rate of %s for %s (%s): %s", ch.Kind, ch.RowLabel, ch.Mode, strings.Join(parts, ", "))
}

func machine(c Column) string {
	e := c.Env
	var parts []string
	if e.Runner != "" {
		parts = append(parts, e.Runner)
	}
	if e.Hostname != "" {
		parts = append(parts, e.Hostname)
	}
	if e.LoadAvg != "" {
		parts = append(parts, "(load "+e.LoadAvg+" at start)")
	}
	return strings.Join(parts, " ")
}

func count(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// md escapes text for Markdown: characters with inline Markdown meaning
// (emphasis, code, links, tables, strike-through, math) get a backslash,
// <, > and & become entities, and line breaks become spaces, so that
// hostile text can neither break a table nor inject HTML or links. Other
// punctuation ('(', '!', '#' ...) only has meaning next to an escaped
// character or at the start of a line, which md never produces.
func md(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		case '\\', '`', '*', '_', '[', ']', '|', '~', '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			if r < ' ' || r == 0x7f {
				b.WriteRune('\uFFFD')
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdCode renders s as inline code. Code spans cannot hold escapes, so the
// fence is made longer than any backtick run inside, and the text is kept
// on one line; a '|' would still end a table cell, so it is never used in
// a table.
func mdCode(s string) string {
	s = strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// mdURL percent-escapes the characters that would end or break a
// Markdown link destination.
func mdURL(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>[]\"'`\\|^{}", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// githubAnchor returns the id GitHub gives a heading: lower case, spaces
// as '-', punctuation other than '-' and '_' dropped.
func githubAnchor(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// capitalize upper-cases the first letter of an ASCII word.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// noteText is a footnote's text: "kind: reason".
func noteText(o outcome.Outcome) string {
	if o.Reason == "" {
		return string(o.Kind)
	}
	return string(o.Kind) + ": " + o.Reason
}

// mdCodeInTable renders s as inline code inside a table cell, or as
// escaped text when it holds a '|', which would end the cell even inside
// a code span.
func mdCodeInTable(s string) string {
	if strings.Contains(s, "|") {
		return md(s)
	}
	return mdCode(s)
}
