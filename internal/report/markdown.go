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
	outcome.BuildFailed:   "the toolchain could not build the probe",
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
	p("Each probe is a small program that misuses a map in one way. The tables show, per toolchain, the most frequent outcome of its trials, ")
	p("that outcome's share and the number of counted trials n, e.g. `fatal 97%% (n=120)`. ")
	p("Idle trials (a concurrent probe whose goroutines never overlapped, so the hazard did not happen) are shown apart, e.g. `(n=117, 3 idle)`, and left out of n, rates and verdicts. ")
	p("± marks a mixed cell: other outcomes occurred too. Footnotes give the runtime's message. ")
	p("— means not measured: nothing is inferred from neighbouring releases.\n\n")
	p("The same data: [index.html](index.html) (every outcome with its 95%% interval and sample stderr), ")
	p("[compat.json](compat.json), [compat.csv](compat.csv).\n\n")

	p("Contents: ")
	var toc []string
	for _, s := range r.Sections {
		toc = append(toc, fmt.Sprintf("[%s](#%s)", md(modeTitle(s.Mode)), githubAnchor(modeTitle(s.Mode))))
	}
	for _, h := range []string{"Claims", "What changed", "Rate charts", "Toolchains", "Not measured", "Outcome kinds"} {
		toc = append(toc, fmt.Sprintf("[%s](#%s)", h, githubAnchor(h)))
	}
	p("%s.\n\n", strings.Join(toc, " · "))

	for _, s := range r.Sections {
		p("## %s\n\n", md(modeTitle(s.Mode)))
		p("| probe |")
		for _, c := range r.Columns {
			h := md(c.Label)
			if !c.Measured {
				h += " (not measured)"
			}
			p(" %s |", h)
		}
		p("\n|---|")
		for range r.Columns {
			p("---|")
		}
		p("\n")
		for _, row := range s.Rows {
			p("| [%s](%s) |", md(row.Label), mdURL(row.Source))
			for _, c := range row.Cells {
				p(" %s |", mdCell(c))
			}
			p("\n")
		}
		p("\n")
	}

	p("## Claims\n\n")
	if len(r.Verdicts) == 0 {
		p("No claims were given.\n\n")
	} else {
		p("%s\n\n", md(claimsIntro))
		if err := ClaimsTable(bw, r, ""); err != nil {
			return err
		}
		p("\n")
		for _, v := range r.Verdicts {
			p("### claim %s\n\n", md(v.ID))
			p("%s\n\n", md(v.Statement))
			p("Verdict: **%s**. %s\n\n", md(v.Status), md(v.Summary))
			p("Columns: **%s**. %s\n\n", md(v.Comparison), md(v.ComparisonText))
			p("Form: %s (%s). Modes counted: %s. %s\n\n", md(v.Form), md(formMeaning(v.Form)), md(modeList(v.Modes)), md(v.ModesWhy))
			var probes []string
			for _, pr := range v.Probes {
				probes = append(probes, md(pr))
			}
			p("Source: %s. Probes: %s.\n\n", md(v.Source), strings.Join(probes, ", "))
			p("Checks:\n\n")
			for _, ch := range v.Checks {
				p("- %s\n", mdCode(ch))
			}
			p("\n")
		}
	}

	p("## What changed\n\n")
	p("Adjacent measured columns of the same kind (gc releases, each gc variant, gccgo) are compared per probe and mode. ")
	p("A change is listed when an outcome's rate differs by a two-proportion z-test at p < 0.01, when a message (signature) appears or disappears, ")
	p("or when a probe stops or starts building. Regressed: into corrupt, crash, hang or build-failed; fixed: out of them; changed: anything else.\n\n")
	if len(r.Changes) == 0 {
		p("No changes between adjacent measured columns.\n\n")
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
			for _, d := range c.Details {
				ds = append(ds, md(d))
			}
			p("- %s, %s, %s → %s: %s\n", md(c.RowLabel), md(string(c.Mode)), md(c.From), md(c.To), strings.Join(ds, "; "))
		}
		p("\n")
	}

	p("## Rate charts\n\n")
	if len(r.Charts) == 0 {
		p("No probe had a mixed outcome.\n\n")
	} else {
		p("For rows whose outcome is a rate: the share of trials with the plotted outcome per column, with its 95%% Wilson interval. Empty columns were not measured.\n\n")
	}
	for _, ch := range r.Charts {
		p("### %s, %s: rate of %s\n\n", md(ch.RowLabel), md(string(ch.Mode)), md(string(ch.Kind)))
		p("![%s](charts/%s.svg)\n\n", md(chartAlt(ch)), mdURL(ch.Anchor))
	}

	p("## Machines\n\n%s The table's architecture is %s.\n\n", md(ReferenceRule), md(r.Arch))
	p("| machine | runner | GOOS/GOARCH | CPUs | CPU model | columns |\n|---|---|---|---|---|---|\n")
	for _, m := range r.Machines {
		runner := m.Runner
		if m.Image != "" {
			runner += " (" + m.Image + ")"
		}
		p("| %s | %s | %s | %s | %s | %s |\n", md(m.ID), md(runner), md(m.GOOS+"/"+m.GOARCH), count(m.CPUs), md(m.CPUModel), md(strings.Join(m.Columns, ", ")))
	}
	p("\n")

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
		p("These releases have no results; their columns stay empty until someone measures them.\n\n| release | how to measure |\n|---|---|\n")
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

	p("%s\n\n", md(ProvenanceLine(r.Provenance)))

	for _, f := range r.Footnotes {
		p("[^%d]: %s\n", f.N, md(noteText(f.Outcome)))
	}
	return bw.Flush()
}

// claimsIntro explains the verdict vocabulary in every format.
const claimsIntro = "A universal claim (always, never) is refuted by one counterexample, named with where it happened and in how many trials; " +
	"otherwise it held in all n trials, with a 95% one-sided exact (Clopper-Pearson) lower bound of the rate at which it holds, which is not proof that it always does. " +
	"An existential claim (can happen) is confirmed by one observation; otherwise it was not observed in n trials, with a 95% upper bound of its rate, and is never called refuted. " +
	"Columns are compared by Fisher's exact test (two-sided) with Holm's correction over the claim's comparisons: adjacent measured releases within gc and within gccgo (differs by release), and each gccgo column against the nearest gc release (differs by compiler). " +
	"Idle trials are left out."

// formMeaning says how a form is decided.
func formMeaning(form string) string {
	if form == "existential" {
		return "one observation confirms it; not observing it never refutes it"
	}
	return "one counterexample refutes it"
}

func modeList(ms []toolchain.Mode) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = string(m)
	}
	return strings.Join(s, ", ")
}

// idleNote returns ", k idle" for a cell with idle trials.
func idleNote(c Cell) string {
	if c.Idle == 0 {
		return ""
	}
	return fmt.Sprintf(", %d idle", c.Idle)
}

// mdCell renders one table cell.
func mdCell(c Cell) string {
	var s string
	switch c.State {
	case NotMeasured:
		return "—"
	case NotRun:
		s = string(c.Leading)
	default:
		s = fmt.Sprintf("%s %s (n=%d%s)", c.Leading, pct(c.K, c.N), c.N, idleNote(c))
		if c.N == 0 {
			s = fmt.Sprintf("%s (n=0%s)", c.Leading, idleNote(c))
		}
		if c.Mixed {
			s += " ±"
		}
	}
	for _, n := range c.Notes {
		s += "[^" + strconv.Itoa(n) + "]"
	}
	return s
}

func chartAlt(ch Chart) string {
	var parts []string
	for _, p := range ch.Points {
		if p.Measured {
			parts = append(parts, fmt.Sprintf("%s %s", p.Label, pct(p.K, p.N)))
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
