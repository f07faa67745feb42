package report

import (
	"bytes"
	"github.com/maplab/maplab/internal/claims"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/toolchain"
)

// gridReport is a hand-built report whose verdicts carry column
// decisions, as the verdict engine fills them.
func gridReport() Report {
	return Report{
		Columns: []Column{
			{ID: "go1.18", Label: "go1.18", Kind: toolchain.GC, Release: "go1.18"},
			{ID: "go1.19.8", Label: "go1.19.8", Kind: toolchain.GC, Release: "go1.19", Measured: true},
			{ID: "go1.26.8", Label: "go1.26.8", Kind: toolchain.GC, Release: "go1.26", Measured: true},
			{ID: "gccgo12-go1.18", Label: "gccgo 12 (go1.18)", Kind: toolchain.GCCGO, Release: "go1.18", Measured: true},
		},
		Verdicts: []Verdict{
			{Claim: claims.Claim{ID: "sync-map-range-order-random", Topic: "iteration", Statement: "sync.Map's Range visits keys in a random order on every call."}, Status: Refuted,
				Columns: []ColumnDecision{
					{Column: "go1.26.8", Decision: claims.ColumnStatus(DecisionRefuted), Text: "refuted 20/20"},
					{Column: "go1.19.8", Decision: claims.ColumnStatus(DecisionHeld), Text: "held (20)"},
					{Column: "gccgo12-go1.18", Decision: claims.ColumnStatus(DecisionHeld), Text: "held (20)"},
				}},
			{Claim: claims.Claim{ID: "empty-struct-set-smaller", Topic: "memory", Statement: "map[K]struct{} takes less memory than map[K]bool."}, Status: Refuted,
				Columns: []ColumnDecision{
					{Column: "go1.19.8", Decision: claims.ColumnStatus(DecisionHeld), Text: "struct{}/bool 0.90 ≤ 0.95"},
					{Column: "go1.26.8", Decision: claims.ColumnStatus(DecisionRefuted), Text: "struct{}/bool 1.00 > 0.95"},
					{Column: "gccgo12-go1.18", Decision: claims.ColumnStatus(DecisionInsideNoise)},
				}},
			{Claim: claims.Claim{ID: "lost-updates-without-fatal", Topic: "concurrency", Statement: "Concurrent increments can lose updates without a fatal error."}, Status: NotObserved,
				Columns: []ColumnDecision{
					{Column: "go1.19.8", Decision: claims.ColumnStatus(DecisionNotObserved), Text: "not observed (60)"},
					{Column: "go1.26.8", Decision: claims.ColumnStatus(DecisionConfirmed), Text: "confirmed 2/60"},
				}},
			{Claim: claims.Claim{ID: "duplicate-int-keys-rejected", Topic: "compile-time", Statement: "Duplicate int keys in a map literal do not compile."}, Status: Undecided,
				Columns: []ColumnDecision{
					{Column: "go1.19.8", Decision: claims.ColumnStatus(DecisionNotApplicable)},
					{Column: "go1.26.8", Decision: claims.ColumnStatus(DecisionNotMeasured)},
				}},
			{Claim: claims.Claim{ID: "no-such-topic", Statement: "A claim the topic table does not know."}, Status: NotMeasuredClaim},
		},
	}
}

// TestGridGolden renders the grid of a hand-built report in Markdown,
// CSV and HTML (its section of the page) and compares with
// testdata/grid.golden.
func TestGridGolden(t *testing.T) {
	r := gridReport()
	var b bytes.Buffer
	b.WriteString("-- markdown --\n")
	gridMarkdown(&b, GridOf(r))
	surprisesMarkdown(&b, r)
	b.WriteString("-- csv --\n")
	if err := GridCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := HTML(&page, r); err != nil {
		t.Fatal(err)
	}
	html := page.String()
	start, end := strings.Index(html, `<section id="grid">`), strings.Index(html, "</section>")
	if start < 0 || end < start {
		t.Fatalf("the page has no grid section")
	}
	b.WriteString("-- html --\n" + html[start:end+len("</section>")] + "\n")
	golden(t, "grid.golden", b.Bytes())
}

// TestGridOf checks the grid's shape: measured columns only, topics in
// order, a cell per measured column with the engine's decision or none.
func TestGridOf(t *testing.T) {
	g := GridOf(gridReport())
	var cols []string
	for _, c := range g.Columns {
		cols = append(cols, c.ID)
	}
	if got, want := strings.Join(cols, ","), "go1.19.8,go1.26.8,gccgo12-go1.18"; got != want {
		t.Errorf("columns = %s, want %s", got, want)
	}
	var topics []string
	for _, tp := range g.Topics {
		topics = append(topics, tp.Name)
	}
	if got, want := strings.Join(topics, ","), "iteration,concurrency,memory,compile-time,other"; got != want {
		t.Errorf("topics = %s, want %s", got, want)
	}
	row := g.Topics[0].Rows[0]
	if row.Cells[0].Decision != DecisionHeld || row.Cells[1].Text != "refuted 20/20" {
		t.Errorf("sync-map-range-order-random cells = %+v", row.Cells)
	}
	if c := g.Topics[1].Rows[0].Cells[2]; c.Decision != "" || c.Text != "" {
		t.Errorf("a column without a decision = %+v, want empty", c)
	}
	if c := g.Topics[3].Rows[0].Cells[0]; c.Text != DecisionNotApplicable {
		t.Errorf("a decision without text shows %q, want the decision", c.Text)
	}
}

// TestSurprises checks that refuted claims are listed with the columns on
// each side, and that without column decisions the counterexamples name
// the columns.
func TestSurprises(t *testing.T) {
	r := gridReport()
	ss := Surprises(r)
	if len(ss) != 2 {
		t.Fatalf("got %d surprises, want the 2 refuted claims", len(ss))
	}
	if got, want := surpriseText(ss[0]), "refuted on go1.26.8; held on go1.19.8, gccgo 12 (go1.18)"; got != want {
		t.Errorf("surprise = %q, want %q", got, want)
	}
	if ss[0].Everywhere {
		t.Error("a claim held on some columns is marked refuted everywhere")
	}
	many := Surprise{Refuted: []string{"a"}, Held: []string{"b", "c", "d", "e"}}
	if got, want := surpriseText(many), "refuted on a; held on the 4 other columns with a decision"; got != want {
		t.Errorf("surprise held on 4 columns = %q, want %q", got, want)
	}
	r.Verdicts[0].Columns = []ColumnDecision{{Column: "go1.26.8", Decision: claims.ColumnStatus(DecisionRefuted)}, {Column: "go1.19.8", Decision: claims.ColumnStatus(DecisionRefuted)}}
	if s := Surprises(r)[0]; !s.Everywhere {
		t.Errorf("a claim refuted on every column with a decision: %+v, want Everywhere", s)
	}
	r.Verdicts[0].Columns = nil
	r.Verdicts[0].Where = []Where{{Column: "go1.26.8"}, {Column: "go1.26.8"}}
	if got, want := surpriseText(Surprises(r)[0]), "refuted on go1.26.8"; got != want {
		t.Errorf("surprise from counterexamples = %q, want %q", got, want)
	}
}

// TestShortLabel checks that only the runner's suffix goes, wherever
// the label has it (an extra column's label ends with its machine).
func TestShortLabel(t *testing.T) {
	node := toolchain.Toolchain{Runner: "node v20.20.2"}
	for _, tt := range []struct {
		c    Column
		want string
	}{
		{Column{Label: "go1.26.8 js/wasm (Node 20)", Toolchain: node}, "go1.26.8 js/wasm"},
		{Column{Label: "go1.26.8 js/wasm (Node 20) @ m", Toolchain: node}, "go1.26.8 js/wasm @ m"},
		{Column{Label: "gccgo 12 (go1.18)"}, "gccgo 12 (go1.18)"},
		{Column{Label: "go1.19.8"}, "go1.19.8"},
	} {
		if got := shortLabel(tt.c); got != tt.want {
			t.Errorf("shortLabel(%q) = %q, want %q", tt.c.Label, got, tt.want)
		}
	}
}
