package report

import (
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/proberesult"
	"github.com/maplab/maplab/internal/results"
)

func TestNumbersBack(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		details []string
		want    string
		used    int
	}{
		{"one sample: its numbers",
			"the idiom left N float64 and N interface{} entries, want the N NaN entries in each",
			[]string{"the idiom left 0 float64 and 0 interface{} entries, want the 100 NaN entries in each"},
			"the idiom left 0 float64 and 0 interface{} entries, want the 100 NaN entries in each", 1},
		{"samples that differ: a range, numbers compared as numbers",
			"lost N of N increments; N of N rounds overlapped in time",
			[]string{"lost 382 of 8000 increments; 374 of 4000 rounds overlapped in time", "lost 1488 of 8000 increments; 1599 of 4000 rounds overlapped in time", "lost 95 of 8000 increments; 80 of 4000 rounds overlapped in time"},
			"lost 95–1488 of 8000 increments; 80–1599 of 4000 rounds overlapped in time", 3},
		{"addresses stay hidden and do not split the footnote",
			"lost N writes at 0x?",
			[]string{"lost 3 writes at 0xc000123456", "lost 3 writes at 0xc000abcdef"},
			"lost 3 writes at 0x?", 2},
		{"a reason cut short: the whole text when the samples agree",
			"the idiom left N float64 and N interface{} entries, want the N NaN...",
			[]string{"the idiom left 0 float64 and 0 interface{} entries, want the 100 NaN entries in each: NaN keys were removed"},
			"the idiom left 0 float64 and 0 interface{} entries, want the 100 NaN entries in each: NaN keys were removed", 1},
		{"a reason cut short: the cut kept when the samples differ after it",
			"round N: clone holds key N...",
			[]string{"round 1: clone holds key 16 with value 0", "round 2: clone holds key 23 and more"},
			"round 1–2: clone holds key 16–23...", 2},
		{"other details left out",
			"lost N writes",
			[]string{"fixture", "lost 5 writes", "lost 5 reads"},
			"lost 5 writes", 1},
		{"decimals", "took N s", []string{"took 1.5 s", "took 12.25 s"}, "took 1.5–12.25 s", 2},
		{"only the first line", "lost N writes", []string{"lost 4 writes\nmore 7"}, "lost 4 writes", 1},
		{"no sample: the reason", "concurrent map writes", nil, "concurrent map writes", 0},
		{"a reason without numbers", "assignment to entry in nil map", []string{"fixture"}, "assignment to entry in nil map", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, used := numbersBack(tt.reason, tt.details)
			if got != tt.want || used != tt.used {
				t.Errorf("numbersBack = %q from %d samples\nwant          %q from %d", got, used, tt.want, tt.used)
			}
		})
	}
}

// TestFootnotesKeepNumbers checks that cells whose probe reports differ
// only in numbers and addresses share one footnote, which shows the
// numbers of every kept sample.
func TestFootnotesKeepNumbers(t *testing.T) {
	reason := "lost N of N entries at 0x?"
	cell := func(details ...string) results.Cell {
		c := tally("p", "corrupt:"+reason+"=5", "clean=15")
		for _, d := range details {
			c.Samples = append(c.Samples, results.Sample{Outcome: outcome.Outcome{Kind: outcome.Corrupt, Reason: reason}, ExitCode: 3,
				Result: &proberesult.Result{Probe: "p", Status: "corrupt", Detail: d}})
		}
		return c
	}
	r, _ := Build(Input{Files: []results.File{
		gcFile("go1.19.8", cell("lost 3 of 100 entries at 0xc000010000", "lost 4 of 100 entries at 0xc000020000")),
		gcFile("go1.26.8", cell("lost 9 of 100 entries at 0xc000030000")),
	}})
	var notes []Footnote
	for _, f := range r.Footnotes {
		if f.Outcome.Kind == outcome.Corrupt {
			notes = append(notes, f)
		}
	}
	if len(notes) != 1 {
		t.Fatalf("corrupt footnotes = %+v, want one", notes)
	}
	if notes[0].Text != "lost 3–9 of 100 entries at 0x?" || notes[0].Samples != 3 {
		t.Errorf("footnote text %q from %d samples, want %q from 3", notes[0].Text, notes[0].Samples, "lost 3–9 of 100 entries at 0x?")
	}
	var b strings.Builder
	if err := Markdown(&b, r); err != nil {
		t.Fatal(err)
	}
	if want := "[^1]: corrupt: lost 3–9 of 100 entries at 0x? (numbers from 3 kept samples)\n"; !strings.Contains(b.String(), want) {
		t.Errorf("Markdown lacks the footnote %q", want)
	}
}
