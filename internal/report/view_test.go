package report

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// cols makes columns from labels; a label ending in "?" is not measured,
// one starting with "gccgo" is gccgo.
func cols(labels ...string) []Column {
	var out []Column
	for _, l := range labels {
		c := Column{Label: strings.TrimSuffix(l, "?"), Kind: toolchain.GC, Measured: !strings.HasSuffix(l, "?")}
		if strings.HasPrefix(l, "gccgo") {
			c.Kind = toolchain.GCCGO
		}
		out = append(out, c)
	}
	return out
}

func TestColumnGroups(t *testing.T) {
	tests := []struct {
		name string
		cols []Column
		want string // group labels, "?" marking those not measured
	}{
		{"runs collapse in place", cols("go1.9?", "go1.10?", "go1.11?", "go1.12", "go1.13?", "go1.14", "go1.15", "gccgo 12 (go1.18)"),
			"go1.9–go1.11? | go1.12 | go1.13? | go1.14 | go1.15 | gccgo 12 (go1.18)"},
		{"four runs stay in place", cols("go1.9?", "go1.10", "go1.11?", "go1.12", "go1.13?", "go1.14", "go1.15?", "go1.16"),
			"go1.9? | go1.10 | go1.11? | go1.12 | go1.13? | go1.14 | go1.15? | go1.16"},
		{"five runs become one column after the gc releases",
			cols("go1.9?", "go1.10", "go1.11?", "go1.12", "go1.13?", "go1.14?", "go1.15", "go1.16?", "go1.17", "go1.18?", "gccgo 12 (go1.18)"),
			"go1.10 | go1.12 | go1.15 | go1.17 | go1.9, go1.11, go1.13–go1.14, go1.16, go1.18? | gccgo 12 (go1.18)"},
		{"every column measured", cols("go1.19.8", "go1.26.8"), "go1.19.8 | go1.26.8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			nm := 0
			seen := map[int]bool{}
			for _, g := range ColumnGroups(tt.cols) {
				l := g.Label
				if !g.Measured {
					l += "?"
					nm++
				}
				got = append(got, l)
				for _, ci := range g.Cols {
					if seen[ci] || tt.cols[ci].Measured != g.Measured {
						t.Errorf("column %d is in two groups, or in a group of the wrong kind", ci)
					}
					seen[ci] = true
				}
			}
			if s := strings.Join(got, " | "); s != tt.want {
				t.Errorf("groups = %s\nwant     %s", s, tt.want)
			}
			if nm > MaxNotMeasuredHeaders || len(seen) != len(tt.cols) {
				t.Errorf("%d groups not measured (at most %d), %d of %d columns grouped", nm, MaxNotMeasuredHeaders, len(seen), len(tt.cols))
			}
		})
	}
}

func TestInterval(t *testing.T) {
	tests := []struct {
		lo, hi float64
		want   string
	}{
		{0.7499960973799033, 0.9480619667224175, "74–95%"}, // 37/42: rounded outward
		{0.8388748419471807, 1, "83–100%"},
		{0, 0.16112515805282, "0–17%"},
		{0.84, 0.96, "84–96%"}, // exact percents stay
		{0.5, 0.5, "50–50%"},
	}
	for _, tt := range tests {
		if got := interval(tt.lo, tt.hi); got != tt.want {
			t.Errorf("interval(%v, %v) = %q, want %q", tt.lo, tt.hi, got, tt.want)
		}
	}
}

func TestCellText(t *testing.T) {
	withOverlap := func(c results.Cell, min float64) results.Cell {
		c.Metrics = map[string]results.MetricSummary{"overlapping_rounds": {Count: c.N, Sum: 9 * float64(c.N), Min: min, Max: 9}}
		return c
	}
	race := func(c results.Cell) results.Cell { c.Mode = toolchain.Race; return c }
	tests := []struct {
		name string
		cell results.Cell
		want string
	}{
		{"uniform", tally("p", "fatal=20"), "fatal 20/20 (83–100%)"},
		{"mixed, the others by count", tally("p", "fatal=37", "clean=2", "corrupt=3"), "fatal 37/42 (74–95%) + corrupt 3, clean 2"},
		{"idle apart and out of n", tally("p", "fatal=17", "idle=3"), "fatal 17/17 (81–100%); 3 idle"},
		{"every trial idle", tally("p", "idle=5"), "idle 5/5 (56–100%), no counted trial"},
		{"race, no trial idle", race(withOverlap(tally("p", "race=17", "race+corrupt=3"), 3)), "race (probe clean) 17/20 (63–95%) + race+corrupt 3"},
		{"race, some trial idle", race(withOverlap(tally("p", "race=20"), 0)), "race (probe clean or idle) 20/20 (83–100%)"},
		{"race without metrics", race(tally("p", "race=20")), "race (probe clean or idle) 20/20 (83–100%)"},
		{"race+X carries the probe's outcome", race(tally("p", "race+fatal=12", "race=8")), "race+fatal 12/20 (38–79%) + race 8"},
		{"not run", notRun("p", outcome.Unsupported, "needs go1.21"), "unsupported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &builder{files: []results.File{{}}}
			c := tt.cell
			if got := CellText(b.summarize(&c, 0)); got != tt.want {
				t.Errorf("CellText = %q, want %q", got, tt.want)
			}
		})
	}
	observed := []struct {
		name string
		cell results.Cell
		obs  string
		want string
	}{
		{"observed, all clean", tally("p", "clean=20"), "struct{}/bool 1.00", "struct{}/bool 1.00 (clean 20/20)"},
		{"observed, not all clean", tally("p", "clean=18", "corrupt=2"), "string key kept", "string key kept; clean 18/20 (69–98%) + corrupt 2"},
		{"observed, idle apart", tally("p", "clean=17", "idle=3"), "9 rounds", "9 rounds; clean 17/17 (81–100%); 3 idle"},
		{"observed, every trial idle", tally("p", "idle=5"), "0 rounds", "idle 5/5 (56–100%), no counted trial"},
	}
	for _, tt := range observed {
		t.Run(tt.name, func(t *testing.T) {
			b := &builder{files: []results.File{{}}}
			c := b.summarize(&tt.cell, 0)
			c.Observation = tt.obs
			if got := CellText(c); got != tt.want {
				t.Errorf("CellText = %q, want %q", got, tt.want)
			}
		})
	}
	if got := CellText(Cell{State: NotMeasured}); got != "—" {
		t.Errorf("CellText(not measured) = %q, want —", got)
	}
}

// TestTablesReadable checks the Markdown tables of the fixture against
// what a reader is promised: every measured cell shows k/n and an
// interval (a build the compiler rejected shows its message instead: one
// deterministic build has no rate; a cell with an observation shows it
// first, then "(clean n/n)" when every trial ran clean, else "; " and the
// k/n with its interval), and a table has at most
// MaxNotMeasuredHeaders headers of releases not measured.
func TestTablesReadable(t *testing.T) {
	var b strings.Builder
	if err := Markdown(&b, mustBuild(t, fixtureInput(t))); err != nil {
		t.Fatal(err)
	}
	checkTablesReadable(t, b.String())
}

// checkTablesReadable checks the probe tables of a Markdown report.
func checkTablesReadable(t *testing.T, page string) {
	t.Helper()
	measured := regexp.MustCompile(`^([^;|]+; )?(\S+( \(probe [a-z ]+\))?) \d+/\d+ \(\d+–\d+%\)`)
	observedClean := regexp.MustCompile(`^[^;|]+ \(clean (\d+)/(\d+)\)(\[\^\d+\])*$`)
	notRun := regexp.MustCompile(`^(unsupported|unavailable|build-failed)(\[\^\d+\])*$`)
	rejected := regexp.MustCompile(`^rejected by the compiler: \S.*$`)
	tables := 0
	for _, sec := range strings.Split(page, "\n## ")[1:] {
		if !strings.HasPrefix(sec, "Plain builds") && !strings.HasPrefix(sec, "Race detector builds") {
			continue
		}
		tables++
		lines := strings.Split(sec, "\n")
		head := lines[2]
		if n := strings.Count(head, "not measured"); n > MaxNotMeasuredHeaders {
			t.Errorf("%s: %d headers not measured, want at most %d: %s", lines[0], n, MaxNotMeasuredHeaders, head)
		}
		for _, l := range lines[4:] {
			if !strings.HasPrefix(l, "| ") {
				break
			}
			cells := strings.Split(strings.Trim(l, "| "), " | ")[1:]
			for _, c := range cells {
				if m := observedClean.FindStringSubmatch(c); m != nil {
					if m[1] != m[2] {
						t.Errorf("%s: cell %q: an observed clean cell has every trial clean", lines[0], c)
					}
					continue
				}
				if c != "—" && !measured.MatchString(c) && !notRun.MatchString(c) && !rejected.MatchString(c) {
					t.Errorf("%s: cell %q shows no k/n with its interval", lines[0], c)
				}
			}
		}
	}
	if tables == 0 {
		t.Error("no probe table found")
	}
}

// TestDocsReadable checks the committed docs/README.md, rendered from the
// committed results, the same way.
func TestDocsReadable(t *testing.T) {
	page, err := os.ReadFile(filepath.Join(docsDir, MarkdownFile))
	if err != nil {
		t.Fatalf("%v: render docs/ first: go run ./matrix report", err)
	}
	checkTablesReadable(t, string(page))
}

// TestQuiet checks which rows fold: those whose measured cells are all
// idle or clean with nothing observed.
func TestQuiet(t *testing.T) {
	idle := Cell{State: Measured, Leading: outcome.Idle, Idle: 20}
	clean := Cell{State: Measured, Leading: outcome.Clean, N: 20, K: 20}
	observed := clean
	observed.Observation = "struct{}/bool 1.00"
	mixed := clean
	mixed.Mixed = true
	fatal := Cell{State: Measured, Leading: outcome.Fatal, N: 20, K: 20}
	notRun := Cell{State: NotRun, Leading: outcome.Unsupported}
	none := Cell{State: NotMeasured}
	tests := []struct {
		name  string
		cells []Cell
		want  bool
	}{
		{"idle and clean", []Cell{idle, clean, none}, true},
		{"clean beside cells that did not run", []Cell{notRun, clean}, true},
		{"an observation", []Cell{clean, observed}, false},
		{"a mixed cell", []Cell{clean, mixed}, false},
		{"a fatal cell", []Cell{idle, fatal}, false},
		{"nothing measured", []Cell{notRun, none}, false},
	}
	for _, tt := range tests {
		if got := Quiet(Row{Cells: tt.cells}); got != tt.want {
			t.Errorf("%s: Quiet = %v, want %v", tt.name, got, tt.want)
		}
	}
}
