package report

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/claims"
)

func TestSpliceDigest(t *testing.T) {
	r := Report{
		Columns: []Column{
			{ID: "go1.19.8", Label: "go1.19.8", Measured: true},
			{ID: "go1.20", Label: "go1.20"},
			{ID: "go1.26.8", Label: "go1.26.8", Measured: true},
		},
		Verdicts: []Verdict{
			{Claim: claims.Claim{ID: "sync-map-range-order-random", Topic: "iteration", Statement: "A | pipe."}, Status: "refuted", Columns: []ColumnDecision{
				{Column: "go1.19.8", Decision: claims.ColumnStatus(DecisionHeld)}, {Column: "go1.26.8", Decision: claims.ColumnStatus(DecisionRefuted), Text: "refuted 20/20"}}},
			{Claim: claims.Claim{ID: "b-claim", Statement: "B."}, Status: "not observed"},
		}}
	readme := "# Title\n\nintro\n\n" + DigestBegin + "\nold table\n" + DigestEnd + "\n\nrest\n"
	got, err := SpliceDigest([]byte(readme), r)
	if err != nil {
		t.Fatal(err)
	}
	want := "# Title\n\nintro\n\n" + DigestBegin + "\n\n" +
		"| topic | claim | go1.19.8 | go1.26.8 | verdict |\n|---|---|:-:|:-:|---|\n" +
		"| iteration | [sync-map-range-order-random](docs/README.md#claim-sync-map-range-order-random) | ✓ | ✗ | ✗ refuted |\n" +
		"| other | [b-claim](docs/README.md#claim-b-claim) | | | ○ not observed |\n" +
		"\n" + md(gridLegend) + "\n" +
		"\n" + DigestEnd + "\n\nrest\n"
	if string(got) != want {
		t.Errorf("SpliceDigest =\n%s\nwant\n%s", got, want)
	}
	again, err := SpliceDigest(got, r)
	if err != nil || string(again) != want {
		t.Errorf("SpliceDigest is not idempotent:\n%s", again)
	}
	for _, bad := range []string{"no markers\n", DigestEnd + "\n" + DigestBegin + "\n", DigestBegin + "\n"} {
		if _, err := SpliceDigest([]byte(bad), r); err == nil || !strings.Contains(err.Error(), "no claims digest markers") {
			t.Errorf("SpliceDigest(%q): err = %v, want the markers error", bad, err)
		}
	}
}

func TestUpdateDigest(t *testing.T) {
	r := Report{Verdicts: []Verdict{{Claim: claims.Claim{ID: "a-claim", Form: "universal", Statement: "A."}, Status: "held", Comparison: claims.Comparison{Result: "nothing to compare"}}}}
	dir := t.TempDir()
	path := filepath.Join(dir, "README.md")
	stale := "intro\n" + DigestBegin + "\nold\n" + DigestEnd + "\n"
	if err := os.WriteFile(path, []byte(stale), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := UpdateDigest(path, r, false); err != nil || !got {
		t.Fatalf("check of a stale digest = %v, %v; want stale", got, err)
	}
	if b, _ := os.ReadFile(path); string(b) != stale {
		t.Fatal("a check rewrote the README")
	}
	if got, err := UpdateDigest(path, r, true); err != nil || !got {
		t.Fatalf("update of a stale digest = %v, %v; want updated", got, err)
	}
	if got, err := UpdateDigest(path, r, false); err != nil || got {
		t.Fatalf("check after the update = %v, %v; want up to date", got, err)
	}
	plain := filepath.Join(dir, "PLAIN.md")
	if err := os.WriteFile(plain, []byte("no markers\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{plain, filepath.Join(dir, "missing.md")} {
		if got, err := UpdateDigest(p, r, true); err != nil || got {
			t.Errorf("UpdateDigest(%s) = %v, %v; want left alone", p, got, err)
		}
	}
}
