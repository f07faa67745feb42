package report

import (
	"github.com/maplab/maplab/internal/claims"
	"reflect"
	"testing"

	"github.com/maplab/maplab/internal/outcome"
)

// rejectedCell is a measured cell of a build-outcome probe whose build
// the compiler refused with msg.
func rejectedCell(msg string) Cell {
	o := outcome.Outcome{Kind: outcome.Rejected, Reason: msg}
	return Cell{State: Measured, N: 1, Leading: outcome.Rejected, K: 1, Rate: 1,
		Kinds:    []KindStat{{Kind: outcome.Rejected, K: 1, N: 1, Rate: 1, Lo: 0.21, Hi: 1}},
		Outcomes: []OutcomeStat{{Outcome: o, K: 1, N: 1, Rate: 1, Lo: 0.21, Hi: 1}}}
}

// cleanCell is a measured cell whose n trials were all clean.
func cleanCell(n int) Cell {
	return Cell{State: Measured, N: n, Leading: outcome.Clean, K: n, Rate: 1,
		Kinds:    []KindStat{{Kind: outcome.Clean, K: n, N: n, Rate: 1, Lo: 0.84, Hi: 1}},
		Outcomes: []OutcomeStat{{Outcome: outcome.Outcome{Kind: outcome.Clean}, K: n, N: n, Rate: 1, Lo: 0.84, Hi: 1}}}
}

func TestCellTextBuildOutcome(t *testing.T) {
	tests := []struct {
		name string
		c    Cell
		want string
	}{
		{"rejected", rejectedCell("duplicate key 0 in map literal"), "rejected by the compiler: duplicate key 0 in map literal"},
		{"compiled", cleanCell(20), "clean 20/20 (84–100%)"},
		{"broken probe", Cell{State: NotRun, Leading: outcome.BuildFailed}, "build-failed"},
	}
	for _, tt := range tests {
		if got := CellText(tt.c); got != tt.want {
			t.Errorf("%s: CellText = %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := cellText(rejectedCell("duplicate key \"a\" in map literal"), md, nil); got != `rejected by the compiler: duplicate key "a" in map literal` {
		t.Errorf("Markdown cell = %q", got)
	}
}

// TestChangesBuildOutcome checks that rejected against compiled, and one
// compiler message against another, are changes without any test, and
// that two equal rejections are no change.
func TestChangesBuildOutcome(t *testing.T) {
	rej := rejectedCell("duplicate key false in map literal")
	tests := []struct {
		name    string
		a, b    Cell
		differs bool
		class   string
		details []string
	}{
		{"now compiles", rej, cleanCell(20), true, Changed,
			[]string{"now compiles: clean 20/20 (was rejected by the compiler: duplicate key false in map literal)"}},
		{"now rejected", cleanCell(20), rej, true, Changed,
			[]string{"now rejected by the compiler: duplicate key false in map literal (was clean 20/20)"}},
		{"message changed", rejectedCell("undefined: maps.Keys"), rejectedCell("cannot use keys"), true, Changed,
			[]string{`compiler message "undefined: maps.Keys" → "cannot use keys"`}},
		{"same rejection", rej, rejectedCell("duplicate key false in map literal"), false, "", nil},
	}
	for _, tt := range tests {
		d, ok := buildOutcomeChange(tt.a, tt.b)
		if differs := ok && d != ""; !ok || differs != tt.differs {
			t.Errorf("%s: buildOutcomeChange = %q, %v; want a build pair that differs: %v", tt.name, d, ok, tt.differs)
		}
		class, details := decidePair(tt.a, tt.b, claims.PairResult{})
		if class != tt.class || !reflect.DeepEqual(details, tt.details) {
			t.Errorf("%s: decidePair = %q %q, want %q %q", tt.name, class, details, tt.class, tt.details)
		}
	}
}
