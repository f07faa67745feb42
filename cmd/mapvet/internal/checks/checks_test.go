package checks

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestAnalyzers runs every analyzer on its testdata package, whose
// "// want" comments hold the positive cases; every other line is a
// negative case that must stay silent.
func TestAnalyzers(t *testing.T) {
	for _, a := range []*analysis.Analyzer{DeleteIdiom, RangeFirst, SyncMapFirst, RecoverWrites, ConcWrites, StringKey} {
		t.Run(a.Name, func(t *testing.T) {
			analysistest.Run(t, analysistest.TestData(), a, a.Name)
		})
	}
}

// TestDeleteIdiomFix checks the suggested clear(m) against golden files.
func TestDeleteIdiomFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), DeleteIdiom, "deleteidiomfix")
}

// TestClearAllowedIn checks the language versions that get the clear
// suggestion (go/types floors a file's //go:build downgrade at go1.21, so
// analysistest cannot show a go1.20 file).
func TestClearAllowedIn(t *testing.T) {
	tests := map[string]bool{"": true, "go1.21": true, "go1.26": true, "go1.20": false, "go1.9": false, "go1.21.3": true}
	for v, want := range tests {
		if got := clearAllowedIn(v); got != want {
			t.Errorf("clearAllowedIn(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestReadmeNamesEveryCheck checks that cmd/mapvet/README.md has a row
// for every analyzer in All, with the claims its doc cites.
func TestReadmeNamesEveryCheck(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	claim := regexp.MustCompile(`[a-z0-9.]+(-[a-z0-9.]+)+`)
	for _, a := range All {
		_, row, ok := strings.Cut(readme, "\n| `"+a.Name+"` |")
		if !ok {
			t.Errorf("README has no row for %s", a.Name)
			continue
		}
		row, _, _ = strings.Cut(row, "\n")
		_, cited, _ := strings.Cut(a.Doc, "Claim")
		for _, id := range claim.FindAllString(cited, -1) {
			id = strings.TrimSuffix(id, ".")
			if !strings.Contains(row, "#claim-"+id) {
				t.Errorf("README row of %s does not link claim %s", a.Name, id)
			}
		}
	}
}
