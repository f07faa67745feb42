package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/proberesult"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// gcFile returns a results file of made-up gc toolchain release holding cells.
func gcFile(release string, cells ...results.Cell) results.File {
	lang := toolchain.LangOf(release)
	return results.File{Schema: results.SchemaVersion,
		Toolchain: toolchain.Toolchain{ID: release, Kind: toolchain.GC, Version: release, Release: release, Lang: lang,
			Modes: []toolchain.Mode{toolchain.Plain, toolchain.Race}},
		Env:   results.Env{Date: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		Cells: cells}
}

func gccgoFile(major, release string, cells ...results.Cell) results.File {
	return results.File{Schema: results.SchemaVersion,
		Toolchain: toolchain.Toolchain{ID: "gccgo" + major + "-" + release, Kind: toolchain.GCCGO, Version: "unknown", Release: release,
			CompilerVersion: major + ".2.0", Modes: []toolchain.Mode{toolchain.Plain}},
		Env:   results.Env{Date: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		Cells: cells}
}

// tally builds a measured cell of probe p in plain mode from kind:reason=k
// pairs, e.g. "fatal:concurrent map writes=15", "clean=5".
func tally(p string, counts ...string) results.Cell {
	c := results.Cell{Probe: p, Mode: toolchain.Plain}
	for _, s := range counts {
		i := strings.LastIndexByte(s, '=')
		var k int
		for _, d := range s[i+1:] {
			k = k*10 + int(d-'0')
		}
		kr := s[:i]
		o := outcome.Outcome{Kind: outcome.Kind(kr)}
		if j := strings.IndexByte(kr, ':'); j >= 0 {
			o = outcome.Outcome{Kind: outcome.Kind(kr[:j]), Reason: kr[j+1:]}
		}
		c.Tallies = append(c.Tallies, results.Tally{Outcome: o, K: k})
		c.N += k
	}
	return c
}

func notRun(p string, kind outcome.Kind, reason string) results.Cell {
	return results.Cell{Probe: p, Mode: toolchain.Plain, NotRun: &outcome.Outcome{Kind: kind, Reason: reason}}
}

func withMetric(c results.Cell, name string, values ...float64) results.Cell {
	for _, v := range values {
		r := &proberesult.Result{Probe: c.Probe, Status: "clean", Metrics: map[string]float64{name: v}}
		c.Samples = append(c.Samples, results.Sample{Outcome: c.Tallies[0].Outcome, Result: r})
		c.AddMetrics(r.Metrics)
	}
	return c
}

func lang(c results.Cell, l string) results.Cell {
	c.Lang = l
	return c
}

func TestExpectedReleasesAndColumns(t *testing.T) {
	files := []results.File{
		gccgoFile("12", "go1.18"),
		gcFile("go1.22.1"),
		gcFile("go1.9.7"),
		gcFile("go1.22.0"),
		gcFile("go1.24rc1"), // a pre-release does not extend the list
		gcFile("go1.10.8"),
	}
	got := ExpectedReleases(files)
	if want := "go1.9 go1.10 go1.11 go1.12 go1.13 go1.14 go1.15 go1.16 go1.17 go1.18 go1.19 go1.20 go1.21 go1.22"; strings.Join(got, " ") != want {
		t.Errorf("ExpectedReleases = %v, want %s", got, want)
	}
	r, _ := Build(Input{Files: files})
	var labels []string
	for _, c := range r.Columns {
		l := c.Label
		if !c.Measured {
			l += "?"
		}
		labels = append(labels, l)
	}
	want := "go1.9.7 go1.10.8 go1.11? go1.12? go1.13? go1.14? go1.15? go1.16? go1.17? go1.18? go1.19? go1.20? go1.21? go1.22.1 @ unknown machine go1.22.0 @ unknown machine go1.24rc1 gccgo 12 (go1.18)"
	if got := strings.Join(labels, " "); got != want {
		t.Errorf("columns:\n got %s\nwant %s", got, want)
	}
	for _, c := range r.Columns {
		if !c.Measured && !strings.Contains(c.HowTo, "measure "+c.Release) {
			t.Errorf("column %s: how to measure %q does not name the CI job", c.ID, c.HowTo)
		}
	}
	if got := ExpectedReleases([]results.File{gccgoFile("11", "go1.16")}); len(got) != 0 {
		t.Errorf("ExpectedReleases with gccgo only = %v, want none", got)
	}
}

func TestNotMeasuredIsNeverInferred(t *testing.T) {
	r, _ := Build(Input{Files: []results.File{
		gcFile("go1.19.8", tally("p", "fatal=20")),
		gcFile("go1.21.0", tally("p", "fatal=20")),
	}})
	row := r.Sections[0].Rows[0]
	for i, c := range r.Columns {
		cell := row.Cells[i]
		switch c.ID {
		case "go1.20":
			if c.Measured || cell.State != NotMeasured || cell.N != 0 || cell.Leading != "" {
				t.Errorf("go1.20 between two fatal releases: column measured=%v, cell %+v; want not measured and empty", c.Measured, cell)
			}
		case "go1.19.8", "go1.21.0":
			if cell.State != Measured || cell.Leading != outcome.Fatal {
				t.Errorf("%s: cell %+v", c.ID, cell)
			}
		}
	}
	var j bytes.Buffer
	if err := JSON(&j, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(j.String(), `"go1.20": null`) {
		t.Errorf("compat.json does not hold null for the go1.20 cell")
	}
	var m bytes.Buffer
	if err := Markdown(&m, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.String(), "| go1.20 | `CI: job \"measure go1.20\"") {
		t.Errorf("Markdown lacks the command that measures go1.20")
	}
}

func TestLabels(t *testing.T) {
	tests := []struct {
		tc   toolchain.Toolchain
		want string
	}{
		{toolchain.Toolchain{ID: "go1.19.8", Kind: toolchain.GC, Release: "go1.19.8"}, "go1.19.8"},
		{toolchain.Toolchain{ID: "gccgo12-go1.18", Kind: toolchain.GCCGO, Release: "go1.18", Version: "unknown"}, "gccgo 12 (go1.18)"},
		{toolchain.Toolchain{ID: "x", Kind: toolchain.GCCGO, Release: "go1.16", Version: "go1.16.5 gccgo (Debian 11.3.0-12) 11.3.0"}, "gccgo 11 (go1.16)"},
		{toolchain.Toolchain{ID: "x", Kind: toolchain.GCCGO, Release: "go1.18", CompilerVersion: "12.2.0"}, "gccgo 12 (go1.18)"},
		{toolchain.Toolchain{ID: "x", Kind: toolchain.GCCGO, Release: "go1.18", Path: "/usr/bin/gccgo-12"}, "gccgo 12 (go1.18)"},
		{toolchain.Toolchain{ID: "go1.26.8-js-wasm", Kind: toolchain.GC, Release: "go1.26.8", GOOS: "js", GOARCH: "wasm", Runner: "node v20.20.2",
			Launcher: []string{"/usr/bin/node", "/usr/local/go/lib/wasm/wasm_exec_node.js"}}, "go1.26.8 js/wasm (Node 20)"},
		{toolchain.Toolchain{ID: "gopherjs1.19.0-beta2-go1.19.8", Kind: toolchain.GopherJS, Release: "go1.19.8", GOOS: "js", GOARCH: "ecmascript",
			CompilerVersion: "1.19.0-beta2", Runner: "node v20.20.2", Launcher: []string{"/usr/bin/node"}}, "GopherJS 1.19 (Node 20)"},
		{toolchain.Toolchain{ID: "gopherjs1.18.0-go1.18", Kind: toolchain.GopherJS, CompilerVersion: "1.18.0"}, "GopherJS 1.18"},
	}
	for _, tt := range tests {
		if got := label(tt.tc); got != tt.want {
			t.Errorf("label(%+v) = %q, want %q", tt.tc, got, tt.want)
		}
	}
}

func TestLangRows(t *testing.T) {
	probes := []ProbeInfo{{Name: "capture", Modes: []toolchain.Mode{toolchain.Plain}, Langs: []string{"go1.21", "toolchain"}}}
	r, warns := Build(Input{Probes: probes, Files: []results.File{
		// The runner records the language version go1.19.8 cannot select
		// as an unsupported cell; gccgo 12 below has no such record.
		gcFile("go1.19.8", lang(tally("capture", "clean=20"), "go1.19"), results.Cell{Probe: "capture", Mode: toolchain.Plain, Lang: "go1.21",
			NotRun: &outcome.Outcome{Kind: outcome.Unsupported, Reason: "language version go1.21 is newer than go1.19.8's go1.19"}}),
		gcFile("go1.21.13", lang(tally("capture", "corrupt=20"), "go1.21")), // both entries resolve to go1.21
		gcFile("go1.26.8", lang(tally("capture", "clean=20"), "go1.21"), lang(tally("capture", "corrupt=20"), "go1.26")),
		gccgoFile("12", "go1.18", tally("capture", "clean=20")),
	}})
	if len(warns) != 0 {
		t.Errorf("warnings: %v", warns)
	}
	rows := r.Sections[0].Rows
	if len(rows) != 2 || rows[0].Label != "capture (lang go1.21)" || rows[1].Label != "capture (lang of toolchain)" {
		t.Fatalf("rows = %+v", rows)
	}
	want := map[string][2]string{ // column -> (lang go1.21 row, toolchain row)
		"go1.19.8":          {"unsupported", "clean"},
		"go1.21.13":         {"corrupt", "corrupt"},
		"go1.26.8":          {"clean", "corrupt"},
		"gccgo 12 (go1.18)": {"", "clean"}, // no recorded cell: not measured, never deduced
	}
	for i, c := range r.Columns {
		w, ok := want[c.Label]
		if !ok {
			continue
		}
		got := [2]string{string(rows[0].Cells[i].Leading), string(rows[1].Cells[i].Leading)}
		if got != w {
			t.Errorf("%s: rows show %v, want %v", c.Label, got, w)
		}
		if w[0] == "" && rows[0].Cells[i].State != NotMeasured {
			t.Errorf("%s: the lang go1.21 cell has state %q, want not measured", c.Label, rows[0].Cells[i].State)
		}
	}
}

func TestStaleAndUnknownCellsLeftOut(t *testing.T) {
	probes := []ProbeInfo{{Name: "p", Hash: "new", Modes: []toolchain.Mode{toolchain.Plain}}}
	old := tally("p", "fatal=20")
	old.ProbeHash = "old"
	other := tally("q", "clean=20")
	r, warns := Build(Input{Probes: probes, Files: []results.File{gcFile("go1.19.8", old, other)}})
	if c := r.Sections[0].Rows[0].Cells[len(r.Columns)-1]; c.State != NotMeasured {
		t.Errorf("a cell measured with an older probe source is shown: %+v", c)
	}
	if len(r.Sections[0].Rows) != 1 {
		t.Errorf("rows = %d, want only the catalogue's probe", len(r.Sections[0].Rows))
	}
	var ws []string
	for _, w := range warns {
		ws = append(ws, w.String())
	}
	joined := strings.Join(ws, "\n")
	for _, want := range []string{"older source", "probe q, which is not in the catalogue"} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings lack %q:\n%s", want, joined)
		}
	}
}

// comparePair decides one pair of cells alone: its tests are the whole
// family Holm's correction adjusts over.
func comparePair(a, b Cell) (string, []string) {
	if a.raw == nil || b.raw == nil {
		return decidePair(a, b, claims.PairResult{})
	}
	return decidePair(a, b, claims.ComparePairs([]claims.Pair{{A: a.raw, B: b.raw}})[0])
}

func TestCompareCells(t *testing.T) {
	summarize := func(c results.Cell) Cell {
		b := &builder{files: []results.File{{}}}
		return b.summarize(&c, 0)
	}
	tests := []struct {
		name     string
		a, b     results.Cell
		class    string
		contains string
	}{
		{"same", tally("p", "fatal=20"), tally("p", "fatal=400"), "", ""},
		{"noise", tally("p", "fatal=10", "clean=10"), tally("p", "fatal=12", "clean=8"), "", ""},
		{"leading flips but not significantly", tally("p", "fatal=11", "clean=9"), tally("p", "clean=11", "fatal=9"), "", ""},
		{"detection appears", tally("p", "clean=20"), tally("p", "fatal=20"), Changed, "leading clean 20/20 → fatal 20/20"},
		{"rate drops significantly", tally("p", "fatal=400"), tally("p", "fatal=200", "clean=200"), Changed, "fatal 400/400 → 200/400 (adjusted p < 0.0001)"},
		{"silent corruption appears", tally("p", "clean=20"), tally("p", "corrupt=20"), Regressed, "leading clean"},
		{"corruption rises within a mixed cell", tally("p", "fatal=390", "corrupt=10"), tally("p", "fatal=200", "corrupt=200"), Regressed, "corrupt 10/400 → 200/400"},
		{"corruption falls within a mixed cell", tally("p", "fatal=200", "corrupt=200"), tally("p", "fatal=390", "corrupt=10"), Fixed, "corrupt 200/400 → 10/400"},
		{"corruption detected now", tally("p", "corrupt=20"), tally("p", "fatal=20"), Fixed, "leading corrupt"},
		{"new message", tally("p", "fatal:concurrent map writes=400"),
			tally("p", "fatal:concurrent map writes=300", "fatal:small map with no empty slot (concurrent map writes?)=100"), Changed,
			"new message fatal:small map with no empty slot (concurrent map writes?) (100/400; adjusted p < 0.0001)"},
		{"message reworded", tally("p", "recovered:runtime error: hash of unhashable type []int=20"), tally("p", "recovered:hash of unhashable type: []int=20"), Changed,
			"message gone: recovered:runtime error: hash of unhashable type []int (was 20/20"},
		{"rare message gone is noise", tally("p", "fatal:a=399", "fatal:b=1"), tally("p", "fatal:a=20"), "", ""},
		{"build breaks", tally("p", "clean=20"), notRun("p", outcome.BuildFailed, "syntax"), Regressed, "now build-failed (was clean 20/20)"},
		{"build fixed", notRun("p", outcome.BuildFailed, "syntax"), tally("p", "clean=20"), Fixed, "builds again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			class, details := comparePair(summarize(tt.a), summarize(tt.b))
			if class != tt.class {
				t.Errorf("class = %q, want %q (details %q)", class, tt.class, details)
			}
			if tt.contains != "" && !strings.Contains(strings.Join(details, "; "), tt.contains) {
				t.Errorf("details %q lack %q", details, tt.contains)
			}
		})
	}
}

// TestChangesHolm checks that What changed corrects for every comparison
// of the report: a difference significant on its own (Fisher p = 0.0033)
// is noise among forty more comparisons, and the noise is counted.
func TestChangesHolm(t *testing.T) {
	build := func(others int) Report {
		a := []results.Cell{tally("p", "fatal=10", "clean=10")}
		b := []results.Cell{tally("p", "fatal=19", "clean=1")}
		for i := 0; i < others; i++ {
			q := fmt.Sprintf("q%02d", i)
			a = append(a, tally(q, "fatal=10", "clean=10"))
			b = append(b, tally(q, "fatal=11", "clean=9"))
		}
		r, _ := Build(Input{Files: []results.File{gcFile("go1.19.8", a...), gcFile("go1.20.1", b...)}})
		return r
	}
	alone := build(0)
	if len(alone.Changes) != 1 || alone.ChangeStats != (ChangeStats{Tests: 2, Noise: 0}) {
		t.Errorf("alone: changes %+v, stats %+v; want the one change of 2 tests", alone.Changes, alone.ChangeStats)
	}
	crowd := build(20)
	if len(crowd.Changes) != 0 || crowd.ChangeStats != (ChangeStats{Tests: 42, Noise: 21}) {
		t.Errorf("among 40 more tests: changes %+v, stats %+v; want none listed, 42 tests, 21 within noise", crowd.Changes, crowd.ChangeStats)
	}
}

func TestChangesSkipUnmeasured(t *testing.T) {
	r, _ := Build(Input{Files: []results.File{
		gcFile("go1.19.8", tally("p", "clean=20")),
		gcFile("go1.20.1", notRun("p", outcome.Unsupported, "needs go1.21")),
		gcFile("go1.22.0", tally("p", "fatal=20")),
		gccgoFile("12", "go1.18", tally("p", "corrupt=20")),
	}})
	if len(r.Changes) != 1 {
		t.Fatalf("changes = %+v, want one", r.Changes)
	}
	c := r.Changes[0]
	if c.From != "go1.19.8" || c.To != "go1.22.0" || c.Chain != "gc" {
		t.Errorf("change %s → %s on %s, want go1.19.8 → go1.22.0 on gc (skipping the unsupported and unmeasured columns, never comparing with gccgo)", c.From, c.To, c.Chain)
	}
}

func mustClaims(t *testing.T, js string) []claims.Claim {
	t.Helper()
	cs, err := claims.Parse("test.json", []byte(`{"schema":2,"claims":[`+js+`]}`))
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestVerdicts(t *testing.T) {
	claim := func(id, form, check string) string {
		return `{"id":"` + id + `","statement":"S.","source":"test","form":"` + form + `","modes":["plain"],"modes_why":"Test.","probes":["p","q"],"checks":[` + check + `]}`
	}
	cs := mustClaims(t, strings.Join([]string{
		claim("always-fatal", "universal", `{"probe":"p","holds_if":"rate(fatal) == 1"}`),
		claim("never-clean", "universal", `{"probe":"p","holds_if":"rate(clean) == 1"}`),
		claim("any-fatal", "existential", `{"probe":"p","holds_if":"any outcome in [fatal]"}`),
		claim("any-corrupt", "existential", `{"probe":"p","holds_if":"any outcome in [corrupt]"}`),
		claim("only-q", "universal", `{"probe":"q","holds_if":"leading == clean"}`),
		claim("metric", "universal", `{"probe":"p","holds_if":"metric(m) == 1"}`),
		claim("scoped", "universal", `{"probe":"p","when":"release >= go1.22","holds_if":"rate(fatal) == 1"}`),
	}, ","))
	files := []results.File{
		gcFile("go1.19.8", withMetric(tally("p", "fatal=15", "clean=5"), "m", 1, 1)),
		gcFile("go1.21.0", withMetric(tally("p", "fatal=20"), "m", 0)),
		gcFile("go1.22.0", tally("p", "fatal=20")),
		gcFile("go1.26.8", tally("p", "fatal=400")),
		gccgoFile("12", "go1.18", tally("p", "clean=20")),
	}
	r, _ := Build(Input{Files: files, Claims: cs})
	want := map[string]struct {
		status     claims.Status
		comparison claims.Difference
		summary    string
	}{
		// 5/20 on go1.19.8 against 0/20 on go1.21.0: Fisher p = 0.047,
		// not significant after Holm over the claim's comparisons; gccgo
		// (20/20 counterexamples) against go1.19.8 (5/20) is.
		"always-fatal": {Refuted, DiffersByCompilerResult, "Refuted by counterexample: go1.19.8, p (plain), 5/20 trials; gccgo 12 (go1.18), p (plain), 20/20 trials."},
		"never-clean":  {Refuted, DiffersByCompilerResult, "go1.21.0, p (plain), 20/20 trials"},
		"any-fatal":    {Confirmed, DiffersByCompilerResult, "Confirmed by observation: go1.19.8, p (plain), 15/20 trials"},
		"any-corrupt":  {NotObserved, "no significant difference between columns", "Not observed in 480 trials; the rate is below 0.6222%"},
		"only-q":       {NotMeasuredClaim, "nothing to compare", "No measured cell decides it."},
		// Metrics come from the trials that reported them: 2 on go1.19.8,
		// 1 on go1.21.0, none elsewhere (not decided there).
		"metric": {Refuted, "no significant difference between columns", "Refuted by counterexample: go1.21.0, p (plain), 1/1 trials."},
		"scoped": {Held, "no significant difference between columns", "Held in all 420 trials (2 cells); the rate at which it holds is at least 99.29%"},
	}
	for _, v := range r.Verdicts {
		w := want[v.ID]
		if v.Status != w.status || v.Comparison.Result != w.comparison || !strings.Contains(v.Summary, w.summary) {
			t.Errorf("%s: %s, %s: %q\nwant %s, %s, containing %q (%s)", v.ID, v.Status, v.Comparison.Result, v.Summary, w.status, w.comparison, w.summary, v.Comparison.Text)
		}
	}
}

// DiffersByCompilerResult is the comparison of a claim whose gccgo column
// differs from gc.
const DiffersByCompilerResult = "differs by compiler"

// hostile is text a results file could carry: markup, a table pipe, a
// formula and a line break.
const hostile = `<script>window.__pwned=1</script>"><img src=x onerror=alert(1)>|=cmd|' /C calc'!A0` + "\n# heading *bold* [link](javascript:alert(1))"

func hostileReport(t *testing.T) Report {
	t.Helper()
	c := tally("evil", "crash:"+hostile+"=3", "clean=17")
	c.Samples = []results.Sample{{Outcome: c.Tallies[0].Outcome, Stderr: hostile}}
	f := gcFile("go1.19.8", c)
	f.Toolchain.Version = hostile
	f.Env.Kernel = "=1+1"
	r, _ := Build(Input{Files: []results.File{f}})
	return r
}

func TestEscapingMarkdown(t *testing.T) {
	var b bytes.Buffer
	if err := Markdown(&b, hostileReport(t)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, bad := range []string{"<script", "<img", "\n# heading"} {
		if strings.Contains(out, bad) {
			t.Errorf("Markdown output contains %q", bad)
		}
	}
	if strings.Contains(strings.ReplaceAll(out, `\]`, ""), "](javascript") {
		t.Errorf("Markdown output holds a javascript: link")
	}
	// Every table line keeps its number of cells: a hostile '|' is escaped.
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "| go1.19.8 | gc |") {
			if n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|"); n != 13 {
				t.Errorf("toolchain row has %d unescaped pipes, want 13: %s", n, line)
			}
		}
	}
	if !strings.Contains(out, `&lt;script&gt;window.\_\_pwned=1&lt;/script&gt;`) {
		t.Errorf("Markdown output lacks the escaped reason")
	}
}

func TestEscapingHTML(t *testing.T) {
	var b bytes.Buffer
	if err := HTML(&b, hostileReport(t)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if n := strings.Count(out, "<script"); n != 1 {
		t.Errorf("HTML has %d <script elements, want only the page's own", n)
	}
	for _, bad := range []string{"<img", `onerror=alert(1)>`, `href="javascript`} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML output contains %q", bad)
		}
	}
	if !strings.Contains(out, "&lt;script&gt;window.__pwned=1&lt;/script&gt;") {
		t.Errorf("HTML output lacks the escaped stderr")
	}
	if !strings.Contains(out, `http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;`) {
		t.Errorf("HTML lacks the Content-Security-Policy")
	}
	for _, ch := range hostileReport(t).Charts {
		svg := ChartSVG(ch)
		if strings.Contains(svg, "<script") || strings.Contains(svg, "<img") {
			t.Errorf("chart SVG holds markup from the data: %s", svg)
		}
	}
}

func TestEscapingJSONAndCSV(t *testing.T) {
	r := hostileReport(t)
	var j bytes.Buffer
	if err := JSON(&j, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(j.String(), "<script") {
		t.Errorf("compat.json holds a raw <script (HTML-escaped JSON expected)")
	}
	var doc map[string]interface{}
	if err := json.Unmarshal(j.Bytes(), &doc); err != nil {
		t.Fatalf("compat.json does not parse: %v", err)
	}
	var c bytes.Buffer
	if err := CSV(&c, r); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&c).ReadAll()
	if err != nil {
		t.Fatalf("compat.csv does not parse: %v", err)
	}
	found := false
	for _, rec := range recs[1:] {
		if len(rec) != len(csvHeader) {
			t.Fatalf("record has %d fields, want %d: %q", len(rec), len(csvHeader), rec)
		}
		for _, f := range rec {
			if f != "" && strings.ContainsRune("=+-@", rune(f[0])) {
				t.Errorf("field %q starts a spreadsheet formula", f)
			}
		}
		if rec[10] == "crash" {
			found = true
			if rec[11] != hostile { // the reason starts with '<': kept verbatim
				t.Errorf("reason = %q, want it verbatim", rec[11])
			}
		}
	}
	if !found {
		t.Errorf("compat.csv has no crash row")
	}
	if got := csvSafe("=1+1"); got != "'=1+1" {
		t.Errorf("csvSafe(=1+1) = %q", got)
	}
	for _, s := range []string{"-1", "+1", "@SUM(A1)", "\t=1"} {
		if got := csvSafe(s); got[0] != '\'' {
			t.Errorf("csvSafe(%q) = %q, want a leading quote", s, got)
		}
	}
}

func TestPct(t *testing.T) {
	tests := []struct {
		k, n int
		want string
	}{
		{0, 20, "0%"}, {20, 20, "100%"}, {15, 20, "75%"}, {399, 400, "99.8%"}, {1, 400, "0.3%"}, {1, 10000, "0.1%"}, {9999, 10000, "99.9%"}, {0, 0, "–"},
	}
	for _, tt := range tests {
		if got := pct(tt.k, tt.n); got != tt.want {
			t.Errorf("pct(%d, %d) = %q, want %q", tt.k, tt.n, got, tt.want)
		}
	}
}

// TestIdleAndRaceKindsInEveryFormat checks that idle trials are shown
// apart and left out of n and rates, and that race+X kinds reach every
// format, as do the claim's form, modes, verdict and comparison.
func TestIdleAndRaceKindsInEveryFormat(t *testing.T) {
	cs := mustClaims(t, `{"id":"lost","statement":"S.","source":"test","form":"existential","modes":["plain","race"],"modes_why":"Test.","probes":["p"],"checks":[{"probe":"p","holds_if":"any outcome in [corrupt]"}]}`)
	plain := tally("p", "fatal:concurrent map writes=17", "idle=3")
	race := tally("p", "race:data race=50", "race+corrupt:lost N increments=42", "idle=8")
	race.Mode = toolchain.Race
	r, warns := Build(Input{Files: []results.File{gcFile("go1.26.8", plain, race)}, Claims: cs})
	for _, w := range warns {
		t.Errorf("warning: %s", w)
	}
	c := r.Sections[0].Rows[0].Cells[len(r.Columns)-1]
	if c.N != 17 || c.Idle != 3 || c.Rate != 1 || c.Mixed {
		t.Errorf("plain cell: n=%d idle=%d rate=%v mixed=%v, want n=17 idle=3 rate=1 not mixed", c.N, c.Idle, c.Rate, c.Mixed)
	}
	v := r.Verdicts[0]
	if v.Status != Confirmed || v.Idle != 11 || len(v.Where) != 1 || v.Where[0].K.Lo != 42 || v.Where[0].N != 92 {
		t.Errorf("verdict %s idle %d where %+v, want confirmed by 42/92 race trials with 11 idle", v.Status, v.Idle, v.Where)
	}
	files, err := Files(r)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		MarkdownFile: {"| fatal 17/17 (81–100%)[^1]; 3 idle |", "| race (probe clean or idle) 50/92 (44–65%)[^2] + race+corrupt 42[^3]; 8 idle |",
			"— **confirmed**; nothing to compare.", "[Evidence, checks and source](claims/lost.md)"},
		claimPagePath("lost"): {"Modes counted: plain, race.", "| go1.26.8 | p (race) | 42/92 | observed | "},
		HTMLFile:              {"<b>fatal</b> 17/17<br><span class=\"ci\">81–100%</span><br><span class=\"others\">3 idle</span>", "race&#43;corrupt: lost N increments", "idle (not counted)", "existential", "confirmed"},
		JSONFile:              {`"idle": 3`, `"kind": "race+corrupt"`, `"form": "existential"`, `"verdict": "confirmed"`, `"k_min": 42`},
		CSVFile:               {"p,,,race,go1.26.8,gc,go1.26.8,,,measured,race+corrupt,lost N increments,42,92,", "p,,,plain,go1.26.8,gc,go1.26.8,,,measured,idle,,3,,,,"},
		ClaimsCSVFile:         {`lost,existential,"plain, race",confirmed,nothing to compare,2,109,11,`},
	}
	for name, subs := range want {
		for _, s := range subs {
			if !strings.Contains(string(files[name]), s) {
				t.Errorf("%s does not contain %q", name, s)
			}
		}
	}
}

// TestGOMAXPROCSRows checks that a probe measured at two GOMAXPROCS
// settings gets one row per setting, each showing its own cell, labelled
// and named apart in every format, and that an invariant claim compares
// the two.
func TestGOMAXPROCSRows(t *testing.T) {
	cs := mustClaims(t, `{"id":"same","statement":"S.","source":"test","form":"invariant","modes":["plain"],"modes_why":"Test.","probes":["p"],"checks":[{"probe":"p","holds_if":"any outcome in [fatal]"}]}`)
	all := tally("p", "fatal:concurrent map writes=40")
	one := tally("p", "fatal:concurrent map writes=5", "clean=35")
	one.Procs, one.CPULimit = 1, results.CPULimitEnvAffinity
	r, warns := Build(Input{Files: []results.File{gcFile("go1.26.8", all, one)}, Claims: cs})
	for _, w := range warns {
		t.Errorf("warning: %s", w)
	}
	rows := r.Sections[0].Rows
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2 (all CPUs, GOMAXPROCS=1)", len(rows))
	}
	last := len(r.Columns) - 1
	for i, want := range []struct {
		label, name string
		n, k        int
	}{{"p (all CPUs)", "p-gomaxprocs-all", 40, 40}, {"p (GOMAXPROCS=1)", "p-gomaxprocs-1", 40, 35}} {
		row := rows[i]
		if c := row.Cells[last]; row.Label != want.label || row.Name != want.name || c.N != want.n || c.K != want.k {
			t.Errorf("row %d: %q %q with %d/%d, want %q %q with %d/%d", i, row.Label, row.Name, c.K, c.N, want.label, want.name, want.k, want.n)
		}
	}
	if v := r.Verdicts[0]; v.Status != claims.Refuted {
		t.Errorf("invariant claim: %s (%s), want refuted: 40/40 vs 5/40 fatal", v.Status, v.Summary)
	}
	files, err := Files(r)
	if err != nil {
		t.Fatal(err)
	}
	for name, subs := range map[string][]string{
		CSVFile:  {"p,,all,plain,go1.26.8", "p,,1,plain,go1.26.8"},
		JSONFile: {`"gomaxprocs": "1"`, `"label": "p (GOMAXPROCS=1)"`},
	} {
		for _, s := range subs {
			if !strings.Contains(string(files[name]), s) {
				t.Errorf("%s does not contain %q", name, s)
			}
		}
	}
}
