package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// The detail pages: what a reader opens rarely moves out of README.md and
// index.html into one Markdown page per claim (claims/ID.md: the cells a
// verdict rests on, its checks and source) and per probe (probes/NAME.md:
// every kept sample of every cell, identical samples shown once). GitHub
// renders them; the report links them from the claims and the cells.

// The directories of the detail pages.
const (
	ClaimsDir = "claims"
	ProbesDir = "probes"
)

// PerformanceFile is the page of the performance charts and the memory
// table (see perfMarkdown), beside README.md.
const PerformanceFile = "performance.md"

// performanceMarkdown writes the performance page: perfMarkdown's
// section, its links to claims pointed at README.md.
func performanceMarkdown(w io.Writer, r Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Performance\n\n[← the report](%s)\n\n", MarkdownFile)
	perfMarkdown(&b, r)
	_, err := io.WriteString(w, strings.ReplaceAll(b.String(), "](#claim-", "]("+MarkdownFile+"#claim-"))
	return err
}

// claimPagePath is the path of a claim's page, relative to the report.
func claimPagePath(id string) string { return ClaimsDir + "/" + pageName(id) + ".md" }

// probePagePath is the path of a probe's page, relative to the report.
func probePagePath(probe string) string { return ProbesDir + "/" + pageName(probe) + ".md" }

// pageName makes a claim id or probe name safe as a file name: letters,
// digits, '.', '-' and '_' stay, anything else becomes '-'.
func pageName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, s)
}

// sampleAnchor is the anchor of a cell's samples on its probe's page:
// the column's ID and the mode, after the row's name without the probe's
// (its language version or GOMAXPROCS) when the probe has several rows,
// e.g. "go1.26.8-race" or "gomaxprocs-1-go1.26.8-plain"; anything unsafe
// in an id is written '-'.
func sampleAnchor(row Row, col Column, mode string) string {
	a := col.ID + "-" + mode
	if rest := strings.TrimPrefix(strings.TrimPrefix(row.Name, row.Probe), "-"); rest != "" {
		a = rest + "-" + a
	}
	return pageName(a)
}

// claimPageMarkdown writes a claim's page: its verdict, its decision per
// column, the table of the cells it rests on, the comparison of columns,
// its source and checks.
func claimPageMarkdown(w io.Writer, r Report, v Verdict) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...interface{}) { fmt.Fprintf(bw, format, args...) }
	p("# %s\n\n", md(v.ID))
	p("[← the report](../%s#%s) · topic: %s\n\n", MarkdownFile, claimLink(v.ID), md(topicOf(v)))
	p("> “%s” — **%s**. %s\n\n", md(v.Statement), md(string(v.Status)), md(v.Summary))
	p("Form: %s (%s). Modes counted: %s. %s\n\n", md(string(v.Form)), md(v.Form.Meaning()), md(modeList(v.Modes)), md(v.ModesWhy))
	if len(v.Columns) > 0 {
		label := map[string]string{}
		for _, c := range r.Columns {
			if c.Measured {
				label[c.ID] = c.Label
			}
		}
		p("| column | decision |\n|---|---|\n")
		for _, d := range v.Columns {
			l, ok := label[d.Column]
			if !ok {
				continue // a release not measured: the grid says so
			}
			text := d.Text
			if text == "" {
				text = string(d.Decision)
			}
			p("| %s | %s %s |\n", md(l), markOf(string(d.Decision)), md(text))
		}
		p("\n")
	}
	if len(v.Evidence) > 0 {
		what := "trials violating it"
		if v.Form != "universal" {
			what = "trials observing it"
		}
		p("| column | cell | %s | decision | values |\n|---|---|---|---|---|\n", what)
		for _, e := range v.Evidence {
			cell := e.Probe + " (" + string(e.Mode) + ")"
			if row := e.Row.String(); row != "" {
				cell = e.Probe + " (" + string(e.Mode) + ", " + row + ")"
			}
			p("| %s | %s | %s | %s | %s |\n", md(e.Column), md(cell), md(evidenceCount(e)), md(e.Decision), md(e.Why))
		}
		p("\n")
	}
	p("Columns: **%s**. %s\n\n", md(string(v.Comparison.Result)), md(v.Comparison.Text))
	var probes []string
	for _, pr := range v.Probes {
		probes = append(probes, fmt.Sprintf("[%s](../%s)", md(pr), mdURL(probePagePath(pr))))
	}
	p("Source: %s. Probes: %s. Checks:\n\n", md(v.Source), strings.Join(probes, ", "))
	for _, ch := range v.CheckStrings() {
		p("- %s\n", mdCode(ch))
	}
	p("\n")
	return bw.Flush()
}

// probePageMarkdown writes a probe's page: for every measured cell of its
// rows that kept samples, each outcome's samples (stderr and result
// line), an identical sample shown once with its count.
func probePageMarkdown(w io.Writer, r Report, probe ProbeInfo) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...interface{}) { fmt.Fprintf(bw, format, args...) }
	p("# %s\n\n", md(probe.Name))
	if probe.Title != "" {
		p("%s\n\n", md(probe.Title))
	}
	src := r.SourceURL + sourcePath(probe)
	if !strings.Contains(r.SourceURL, "://") {
		src = "../" + src // the page is one directory below the report
	}
	p("[← the report](../%s) · [index.html](../%s) · source: [%s](%s)\n\n", MarkdownFile, HTMLFile, md(probe.Name+"/main.go"), mdURL(src))
	p("The kept sample trials of every cell: the first lines of standard error and the probe's result line. Identical samples are shown once.\n\n")
	for _, s := range r.Sections {
		for _, row := range s.Rows {
			if row.Probe != probe.Name {
				continue
			}
			for ci, c := range row.Cells {
				if c.State != Measured {
					continue
				}
				col := r.Columns[ci]
				p("<a id=\"%s\"></a>\n\n### %s, %s, %s\n\n", sampleAnchor(row, col, string(s.Mode)), md(row.Label), md(string(s.Mode)), md(col.Label))
				p("%s\n\n", md(CellText(c)))
				for _, o := range c.Outcomes {
					writeSamples(bw, o.Outcome.String(), o.Samples)
				}
				writeSamples(bw, "idle", c.IdleSamples)
			}
		}
	}
	return bw.Flush()
}

// writeSamples writes the samples of one outcome, each distinct one once.
func writeSamples(w io.Writer, what string, samples []SampleView) {
	var order []string
	count := map[string]int{}
	for _, sv := range samples {
		var b strings.Builder
		fmt.Fprintf(&b, "exit %d", sv.ExitCode)
		if sv.Signal != "" {
			fmt.Fprintf(&b, ", %s", sv.Signal)
		}
		b.WriteString("\n")
		if len(sv.Stderr) > 0 {
			b.WriteString(strings.Join(sv.Stderr, "\n"))
			if sv.More > 0 {
				fmt.Fprintf(&b, "\n… %d more lines", sv.More)
			}
			b.WriteString("\n")
		}
		if sv.Result != "" {
			b.WriteString(sv.Result + "\n")
		}
		key := b.String()
		if count[key] == 0 {
			order = append(order, key)
		}
		count[key]++
	}
	for _, key := range order {
		times := ""
		if n := count[key]; n > 1 {
			times = fmt.Sprintf(" (%d identical samples)", n)
		}
		head, body, _ := strings.Cut(key, "\n")
		fmt.Fprintf(w, "Sample, %s, %s%s:\n\n%s\n", md(what), md(head), times, fence(body))
	}
}

// fence writes text as a fenced code block whose fence no line of the
// text can close.
func fence(text string) string {
	f := "```"
	for strings.Contains(text, f) {
		f += "`"
	}
	if text == "" {
		text = "(no output)\n"
	}
	return f + "text\n" + text + f + "\n"
}

// sourcePath is the path of a probe's source below Report.SourceURL.
func sourcePath(p ProbeInfo) string {
	if p.Source != "" {
		return p.Source
	}
	return p.Name + "/main.go"
}

// hasSamples reports whether a cell kept any sample.
func hasSamples(c Cell) bool {
	if len(c.IdleSamples) > 0 {
		return true
	}
	for _, o := range c.Outcomes {
		if len(o.Samples) > 0 {
			return true
		}
	}
	return false
}
