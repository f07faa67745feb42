package bench

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
)

func cell(probe string, tallies ...results.Tally) results.Cell {
	n := 0
	for _, t := range tallies {
		n += t.K
	}
	return results.Cell{Probe: probe, Mode: toolchain.Plain, N: n, Tallies: tallies}
}

func tally(kind outcome.Kind, k int) results.Tally {
	return results.Tally{Outcome: outcome.Outcome{Kind: kind}, K: k}
}

func TestCompareLeading(t *testing.T) {
	tests := []struct {
		name       string
		a, b       []results.Cell
		wantDiffs  []string // probe names
		wantShared int
	}{
		{
			name:       "same leading kind, other counts",
			a:          []results.Cell{cell("p", tally(outcome.Fatal, 300), tally(outcome.Clean, 100))},
			b:          []results.Cell{cell("p", tally(outcome.Fatal, 15), tally(outcome.Clean, 5))},
			wantShared: 1,
		},
		{
			name:       "leading kind flipped",
			a:          []results.Cell{cell("p", tally(outcome.Fatal, 210), tally(outcome.Clean, 190)), cell("q", tally(outcome.Clean, 20))},
			b:          []results.Cell{cell("q", tally(outcome.Clean, 400)), cell("p", tally(outcome.Clean, 50), tally(outcome.Fatal, 46))},
			wantDiffs:  []string{"p"},
			wantShared: 2,
		},
		{
			name:       "cell in one run only",
			a:          []results.Cell{cell("p", tally(outcome.Clean, 20)), cell("r", tally(outcome.Clean, 20))},
			b:          []results.Cell{cell("p", tally(outcome.Clean, 400))},
			wantDiffs:  []string{"r"},
			wantShared: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diffs, shared := CompareLeading(tt.a, tt.b)
			var got []string
			for _, d := range diffs {
				got = append(got, d.Key.Probe)
			}
			if len(got) != len(tt.wantDiffs) || shared != tt.wantShared {
				t.Fatalf("CompareLeading = %v differing, %d shared; want %v, %d", got, shared, tt.wantDiffs, tt.wantShared)
			}
			for i := range got {
				if got[i] != tt.wantDiffs[i] {
					t.Errorf("difference %d is %s, want %s", i, got[i], tt.wantDiffs[i])
				}
			}
		})
	}
}

func TestVmHWM(t *testing.T) {
	tests := []struct {
		status string
		want   int64
		ok     bool
	}{
		{"Name:\tmatrix\nVmPeak:\t 1265340 kB\nVmHWM:\t   23456 kB\nVmRSS:\t   20000 kB\n", 23456 * 1024, true},
		{"Name:\tmatrix\nState:\tZ (zombie)\n", 0, false},
		{"VmHWM:\t   12 MB\n", 0, false},
	}
	for _, tt := range tests {
		got, ok := VmHWM([]byte(tt.status))
		if got != tt.want || ok != tt.ok {
			t.Errorf("VmHWM(%q) = %d, %v; want %d, %v", tt.status, got, ok, tt.want, tt.ok)
		}
	}
}

func TestReadRunEvents(t *testing.T) {
	tests := []struct {
		stream string
		want   RunSummary
		err    string
	}{
		{`{"type":"plan","total":2,"toolchains":["go1.26.8","gccgo12-go1.18"]}
{"type":"cell-start","task":"go1.26.8 p plain"}
{"type":"cell-done","task":"go1.26.8 p plain","done":1,"total":2}
{"type":"cell-done","task":"gccgo12-go1.18 p plain","done":2,"total":2}
{"type":"run-done","done":2,"trials":41}
`, RunSummary{Ran: 2, Trials: 41, Toolchains: []string{"go1.26.8", "gccgo12-go1.18"}}, ""},
		{`{"type":"plan","reused":62,"toolchains":["go1.26.8"]}
{"type":"run-done","reused":62}
`, RunSummary{Reused: 62, Toolchains: []string{"go1.26.8"}}, ""},
		// Interrupted: the stream stops before run-done.
		{`{"type":"plan","total":2,"toolchains":["go1.26.8"]}
{"type":"cell-done","done":1,"total":2}
`, RunSummary{}, "the run did not finish"},
		{"62 cells measured (2410 trials), 0 reused; results in /tmp/r\n", RunSummary{}, "reading matrix run -json events"},
	}
	for _, tt := range tests {
		got, err := ReadRunEvents([]byte(tt.stream))
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ReadRunEvents(%q) error = %v, want one saying %q", tt.stream, err, tt.err)
			}
		case err != nil || !reflect.DeepEqual(got, tt.want):
			t.Errorf("ReadRunEvents(%q) = %+v, %v; want %+v", tt.stream, got, err, tt.want)
		}
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{3, 1, 2}, 2},
		{[]time.Duration{4, 1, 3, 2}, 2},
	}
	for _, tt := range tests {
		if got := Median(tt.in); got != tt.want {
			t.Errorf("Median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// outcomes returns a sequence of outcomes from pairs of kind and count.
func outcomes(spec ...interface{}) []outcome.Outcome {
	var seq []outcome.Outcome
	for i := 0; i < len(spec); i += 2 {
		for j := 0; j < spec[i+1].(int); j++ {
			seq = append(seq, outcome.Outcome{Kind: spec[i].(outcome.Kind)})
		}
	}
	return seq
}

func TestTallies(t *testing.T) {
	got := Tallies(outcomes(outcome.Clean, 2, outcome.Fatal, 3, outcome.Clean, 1, outcome.Race, 3, outcome.Fatal, 1))
	want := []results.Tally{tally(outcome.Fatal, 4), tally(outcome.Clean, 3), tally(outcome.Race, 3)}
	if len(got) != len(want) {
		t.Fatalf("Tallies = %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("tally %d = %v, want %v (most frequent first, ties in order of first appearance)", i, got[i], want[i])
		}
	}
}

// alternating returns n outcomes alternating clean and fatal.
func alternating(n int) []outcome.Outcome {
	var seq []outcome.Outcome
	for i := 0; i < n; i++ {
		k := outcome.Clean
		if i%2 == 1 {
			k = outcome.Fatal
		}
		seq = append(seq, outcome.Outcome{Kind: k})
	}
	return seq
}

func TestStopAt(t *testing.T) {
	tests := []struct {
		name string
		seq  []outcome.Outcome
		rule stats.Rule
		want int
	}{
		{"uniform stops at the minimum", outcomes(outcome.Clean, 400), stats.DefaultRule, 20},
		{"fixed runs them all", outcomes(outcome.Clean, 400), stats.Fixed(400), 400},
		{"too short a sequence", outcomes(outcome.Clean, 10), stats.DefaultRule, 10},
		{"uniform at the minimum stops though it changes later", append(outcomes(outcome.Clean, 20), outcomes(outcome.Fatal, 380)...), stats.DefaultRule, 20},
		// Half and half is known within ±10 points after 93 trials
		// (Wilson interval of 47 in 93: 0.404 to 0.604).
		{"mixed runs until the rates are known", alternating(400), stats.DefaultRule, 93},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StopAt(tt.seq, tt.rule); got != tt.want {
				t.Errorf("StopAt = %d, want %d", got, tt.want)
			}
		})
	}
}
