package compat

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readTestReport(t *testing.T) *Report {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "compat.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestDecision(t *testing.T) {
	r := readTestReport(t)
	tests := []struct {
		claim, column string
		want          Decision
		text          string
	}{
		{"delete-idiom-empties-map", "go1.26.8", Refuted, "20/20 trials left NaN keys"},
		{"delete-idiom-empties-map", "gccgo12-go1.18", Held, "held in 20 trials"},
		{"delete-idiom-empties-map", "go1.25", NotMeasured, ""},
		{"single-cpu-catches-concurrent-writes", "gccgo12-go1.18", NotObserved, "all idle"},
		{"single-cpu-catches-concurrent-writes", "go1.19.8", NoColumnDecision, ""},
		{"old-claim", "go1.26.8", NoColumnDecision, ""},
		{"old-claim", "go1.25", NotMeasured, ""},
	}
	for _, tt := range tests {
		cl, ok := r.Claim(tt.claim)
		if !ok {
			t.Fatalf("claim %q missing", tt.claim)
		}
		col, ok := r.Column(tt.column)
		if !ok {
			t.Fatalf("column %q missing", tt.column)
		}
		got := cl.Decision(col)
		if got.Decision != tt.want || got.Text != tt.text || got.Column != tt.column {
			t.Errorf("%s in %s: got %+v, want %q %q", tt.claim, tt.column, got, tt.want, tt.text)
		}
	}
}

func TestHasColumnsAndVerdict(t *testing.T) {
	r := readTestReport(t)
	old, _ := r.Claim("old-claim")
	if old.HasColumns {
		t.Errorf("old-claim: HasColumns true for a claim without a columns field")
	}
	cpu, _ := r.Claim("single-cpu-catches-concurrent-writes")
	if !cpu.HasColumns || cpu.Verdict != Undecided {
		t.Errorf("single-cpu: got HasColumns %v verdict %q, want true %q", cpu.HasColumns, cpu.Verdict, Undecided)
	}
	if got, want := cpu.URL(), PublishedTable+"#claim-single-cpu-catches-concurrent-writes"; got != want {
		t.Errorf("URL: got %q, want %q", got, want)
	}
	if _, ok := r.Claim("no-such-claim"); ok {
		t.Errorf("Claim found an id that is not in the report")
	}
}

func TestColumnsFor(t *testing.T) {
	r := readTestReport(t)
	tests := []struct {
		kind, lang string
		want       string
	}{
		{"gc", "go1.26", "go1.26.8"},
		{"gc", "go1.25", "go1.25"},
		{"gc", "go1.18", ""},
		{"gccgo", "go1.18", "gccgo12-go1.18"},
		{"gc", "go1.2", ""},
	}
	for _, tt := range tests {
		var ids []string
		for _, c := range r.ColumnsFor(tt.kind, tt.lang) {
			ids = append(ids, c.ID)
		}
		if got := strings.Join(ids, ","); got != tt.want {
			t.Errorf("ColumnsFor(%q, %q) = %q, want %q", tt.kind, tt.lang, got, tt.want)
		}
	}
	var measured []string
	for _, c := range r.Measured() {
		measured = append(measured, c.ID)
	}
	if got, want := strings.Join(measured, ","), "go1.19.8,go1.26.8,gccgo12-go1.18"; got != want {
		t.Errorf("Measured() = %q, want %q", got, want)
	}
}

func TestLanguage(t *testing.T) {
	tests := map[string]string{
		"go1.26.8": "go1.26", "1.25.0": "go1.25", "1.21": "go1.21", "go1.21rc2": "go1.21",
		"go1.9": "go1.9", "devel +abc": "", "": "", "go1": "", "1.x": "",
	}
	for in, want := range tests {
		if got := Language(in); got != want {
			t.Errorf("Language(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"unknown column", `{"columns":[],"claims":[{"id":"a","columns":[{"column":"x","decision":"held"}]}]}`, `unknown column "x"`},
		{"unknown decision", `{"columns":[{"id":"x","measured":true}],"claims":[{"id":"a","columns":[{"column":"x","decision":"maybe"}]}]}`, `unknown decision "maybe"`},
		{"duplicate claim", `{"claims":[{"id":"a"},{"id":"a"}]}`, `duplicate claim "a"`},
		{"duplicate column", `{"columns":[{"id":"x"},{"id":"x"}]}`, `duplicate column "x"`},
		{"not json", `{`, `parsing compat.json`},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.doc))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

// TestEmbeddedMatchesDocs fails while the embedded copy differs from the
// committed report; "go generate ./compat" refreshes the copy.
func TestEmbeddedMatchesDocs(t *testing.T) {
	docs, err := os.ReadFile(filepath.Join("..", "docs", "compat.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(embedded, docs) {
		t.Fatalf("compat/compat.json differs from docs/compat.json: run go generate ./compat")
	}
	r, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Claims) == 0 || len(r.Measured()) == 0 {
		t.Errorf("embedded report: %d claims, %d measured columns; want some of each", len(r.Claims), len(r.Measured()))
	}

}
