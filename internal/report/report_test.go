package report

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/observation"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixtureProbes is the catalogue of the fixture results.
func fixtureProbes() []ProbeInfo {
	both := []toolchain.Mode{toolchain.Plain, toolchain.Race}
	plain := []toolchain.Mode{toolchain.Plain}
	return []ProbeInfo{
		{Name: "concurrent-writes", Title: "two goroutines write one map", Minimum: "go1.9", Modes: both, Langs: []string{"toolchain"}, Claims: []string{"cw-always-fatal"}, Hash: "hash-concurrent-writes"},
		{Name: "delete-during-range", Title: "deleting entries inside a range loop", Minimum: "go1.9", Modes: plain, Langs: []string{"toolchain"}, Claims: []string{"delete-never-fails", "delete-panics", "metric-missing"}, Hash: "hash-delete-during-range",
			Observe: mustObserve(`{produced} keys produced`)},
		{Name: "nil-map-write", Title: "assigning to an entry of a nil map", Minimum: "go1.9", Modes: plain, Langs: []string{"toolchain"}, Claims: []string{"nil-write-recovers"}, Hash: "hash-nil-map-write",
			Observe: mustObserve(`{runtime_error:?a runtime.Error|not a runtime.Error}`)},
		{Name: "range-closure-capture", Title: "closures capturing the range variables", Minimum: "go1.9", Modes: plain, Langs: []string{"go1.21", "toolchain"}, Claims: []string{"capture-per-lang"}, Hash: "hash-range-closure-capture",
			Observe: mustObserve(`{per_iteration:?a variable per iteration|one variable shared}`)},
		{Name: "clear-during-range", Title: "clear inside a range loop", Minimum: "go1.21", Modes: plain, Langs: []string{"toolchain"}, Hash: "hash-clear-during-range"},
		{Name: "maps-iterator-delete", Title: "deleting while ranging over maps.All", Minimum: "go1.23", Modes: plain, Langs: []string{"toolchain"}, Claims: []string{"iterators-unmeasured"}, Hash: "hash-maps-iterator-delete"},
	}
}

// mustObserve parses the templates of a maplab:observe directive.
func mustObserve(templates ...string) observation.Set {
	var args []string
	for _, t := range templates {
		args = append(args, strconv.Quote(t))
	}
	set, err := observation.ParseDirective(strings.Join(args, " "))
	if err != nil {
		panic(err)
	}
	return set
}

// fixtureInput reads the hand-written fixture results and claims.
func fixtureInput(t *testing.T) Input {
	t.Helper()
	files, err := results.ReadAll(filepath.Join("testdata", "fixture"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("testdata", "claims.json"))
	if err != nil {
		t.Fatal(err)
	}
	cs, err := claims.Parse("testdata/claims.json", data)
	if err != nil {
		t.Fatal(err)
	}
	return Input{Files: files, Probes: fixtureProbes(), Claims: cs, SourceURL: "../probes/"}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the rendered output (run go test -update after checking the change):\n%s", path, diffLines(string(got), string(want)))
	}
}

// diffLines shows the first differing line of got and want.
func diffLines(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + a + "\nwant: " + b
		}
	}
	return "(no line differs)"
}

func TestGolden(t *testing.T) {
	r, warns := Build(fixtureInput(t))
	var w bytes.Buffer
	for _, x := range warns {
		w.WriteString(x.String() + "\n")
	}
	golden(t, "warnings.golden", w.Bytes())
	for _, tt := range []struct {
		name   string
		render func(*bytes.Buffer, Report) error
	}{
		{"report.md.golden", func(b *bytes.Buffer, r Report) error { return Markdown(b, r) }},
		{"report.html.golden", func(b *bytes.Buffer, r Report) error { return HTML(b, r) }},
		{"report.json.golden", func(b *bytes.Buffer, r Report) error { return JSON(b, r) }},
		{"report.csv.golden", func(b *bytes.Buffer, r Report) error { return CSV(b, r) }},
		{"claims.csv.golden", func(b *bytes.Buffer, r Report) error { return ClaimsCSV(b, r) }},
		{"claims-grid.csv.golden", func(b *bytes.Buffer, r Report) error { return GridCSV(b, r) }},
		// The detail pages of one claim and of the probe whose samples hold
		// markup: a fenced block keeps it text.
		{"claim-page.md.golden", func(b *bytes.Buffer, r Report) error { return claimPageMarkdown(b, r, r.Verdicts[0]) }},
		{"probe-page.md.golden", func(b *bytes.Buffer, r Report) error {
			for _, p := range r.Probes {
				if p.Name == "concurrent-writes" {
					return probePageMarkdown(b, r, p)
				}
			}
			return fmt.Errorf("no probe concurrent-writes")
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.render(&b, r); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, b.Bytes())
		})
	}
	if len(r.Charts) == 0 {
		t.Fatal("fixture has no charts")
	}
	golden(t, "chart.svg.golden", []byte(ChartSVG(r.Charts[0])))
}

// TestDeterministic renders the fixture twice, with the files in
// different orders, and expects identical bytes.
func TestDeterministic(t *testing.T) {
	in := fixtureInput(t)
	a, err := Files(mustBuild(t, in))
	if err != nil {
		t.Fatal(err)
	}
	rev := in
	rev.Files = nil
	for i := len(in.Files) - 1; i >= 0; i-- {
		rev.Files = append(rev.Files, in.Files[i])
	}
	rev.Probes = nil
	for i := len(in.Probes) - 1; i >= 0; i-- {
		rev.Probes = append(rev.Probes, in.Probes[i])
	}
	b, err := Files(mustBuild(t, rev))
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs when the input order changes:\n%s", name, diffLines(string(a[name]), string(b[name])))
		}
	}
}

func mustBuild(t *testing.T, in Input) Report {
	t.Helper()
	r, _ := Build(in)
	return r
}

func TestWriteAllAndCheck(t *testing.T) {
	r := mustBuild(t, fixtureInput(t))
	dir := t.TempDir()
	stale, err := Check(dir, r)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := Files(r)
	if len(stale) != len(files) {
		t.Errorf("Check on an empty dir: %d stale files, want all %d", len(stale), len(files))
	}
	if err := WriteAll(dir, r); err != nil {
		t.Fatal(err)
	}
	if stale, err := Check(dir, r); err != nil || len(stale) != 0 {
		t.Fatalf("Check after WriteAll = %v, %v; want nothing stale", stale, err)
	}
	// An edited file and a leftover chart are both stale.
	if err := os.WriteFile(filepath.Join(dir, JSONFile), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ChartsDir, "gone-plain.svg"), []byte("<svg/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	stale, err = Check(dir, r)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"charts/gone-plain.svg", "compat.json"}; strings.Join(stale, ",") != strings.Join(want, ",") {
		t.Errorf("Check = %v, want %v", stale, want)
	}
	if err := WriteAll(dir, r); err != nil {
		t.Fatal(err)
	}
	if stale, _ := Check(dir, r); len(stale) != 0 {
		t.Errorf("Check after rewriting = %v, want nothing stale", stale)
	}
	if _, err := os.Stat(filepath.Join(dir, ChartsDir, "gone-plain.svg")); !os.IsNotExist(err) {
		t.Errorf("WriteAll left the stale chart behind: %v", err)
	}
}

// TestEmbeddedClaims evaluates the real claims on the fixture: every
// claim gets a verdict computed from the data (and the fixture is small,
// so most are not measured).
func TestEmbeddedClaims(t *testing.T) {
	in := fixtureInput(t)
	in.Claims = claims.Embedded()
	r, _ := Build(in)
	if len(r.Verdicts) != len(in.Claims) {
		t.Fatalf("%d verdicts for %d claims", len(r.Verdicts), len(in.Claims))
	}
	want := map[string]claims.Status{
		"delete-during-range-panics": Refuted, // the fixture's delete-during-range is clean everywhere
		"nil-map-write-recoverable":  Held,    // recovered 100%, runtime_error 1 in every trial
		"lost-updates-without-fatal": NotMeasuredClaim,
	}
	for _, v := range r.Verdicts {
		if w, ok := want[v.ID]; ok && v.Status != w {
			t.Errorf("%s: %s (%s), want %s", v.ID, v.Status, v.Summary, w)
		}
	}
}
