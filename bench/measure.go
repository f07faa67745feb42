package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/runner"
	"github.com/maplab/maplab/internal/stats"
)

// LeadingDiff is a cell whose leading outcome kind differs between two
// runs of the same plan, or that only one of them has.
type LeadingDiff struct {
	Key results.Key
	// A and B are the cell in each run; a missing cell is the zero Cell.
	A, B results.Cell
}

// String formats d as one line: the cell's key and both distributions.
func (d LeadingDiff) String() string {
	return fmt.Sprintf("%s: %s vs %s", d.Key, Distribution(d.A), Distribution(d.B))
}

// CompareLeading pairs the cells of two runs by key and returns those whose
// leading outcome kinds differ, in key order, and the number of cells the
// two runs share. A cell that only one run has is a difference.
func CompareLeading(a, b []results.Cell) (diffs []LeadingDiff, shared int) {
	byKey := map[results.Key]*LeadingDiff{}
	var keys []results.Key
	get := func(k results.Key) *LeadingDiff {
		d, ok := byKey[k]
		if !ok {
			d = &LeadingDiff{Key: k}
			byKey[k] = d
			keys = append(keys, k)
		}
		return d
	}
	seenA := map[results.Key]bool{}
	for _, c := range a {
		get(c.Key()).A = c
		seenA[c.Key()] = true
	}
	seenB := map[results.Key]bool{}
	for _, c := range b {
		get(c.Key()).B = c
		seenB[c.Key()] = true
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	for _, k := range keys {
		d := byKey[k]
		if !seenA[k] || !seenB[k] {
			diffs = append(diffs, *d)
			continue
		}
		shared++
		la, _ := d.A.Leading()
		lb, _ := d.B.Leading()
		if la.Kind != lb.Kind {
			diffs = append(diffs, *d)
		}
	}
	return diffs, shared
}

// Mixed reports whether a measured cell saw more than one outcome kind.
func Mixed(c results.Cell) bool {
	kinds := map[string]bool{}
	for _, t := range c.Tallies {
		kinds[string(t.Kind)] = true
	}
	return len(kinds) > 1
}

// Distribution formats a cell's tallies as "n=N kind:reason K, ...", or its
// not-run outcome.
func Distribution(c results.Cell) string {
	if c.NotRun != nil {
		return "not run " + c.NotRun.String()
	}
	if c.Probe == "" {
		return "absent"
	}
	parts := make([]string, 0, len(c.Tallies))
	for _, t := range c.Tallies {
		parts = append(parts, fmt.Sprintf("%s %d", t.Outcome, t.K))
	}
	return fmt.Sprintf("n=%d %s", c.N, strings.Join(parts, ", "))
}

// VmHWM returns the peak resident set size in bytes that the content of a
// /proc/<pid>/status file reports, and whether it holds one.
func VmHWM(status []byte) (int64, bool) {
	for _, line := range bytes.Split(status, []byte("\n")) {
		v, ok := bytes.CutPrefix(line, []byte("VmHWM:"))
		if !ok {
			continue
		}
		f := strings.Fields(string(v))
		if len(f) != 2 || f[1] != "kB" {
			return 0, false
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, false
		}
		return kb * 1024, true
	}
	return 0, false
}

// RunSummary is what "matrix run -json" says it did, in its event stream.
type RunSummary struct {
	Ran, Trials, Reused int
	// Toolchains are the IDs of the toolchains the run planned cells for.
	Toolchains []string
}

// ReadRunEvents reads the event stream "matrix run -json" writes on
// stdout (one runner.Event per line) and returns its plan's toolchains
// and the counts of its run-done event. A stream without a run-done
// event, that of a run that did not finish, is an error.
func ReadRunEvents(stream []byte) (RunSummary, error) {
	var s RunSummary
	done := false
	dec := json.NewDecoder(bytes.NewReader(stream))
	for dec.More() {
		var e runner.Event
		if err := dec.Decode(&e); err != nil {
			return s, fmt.Errorf("reading matrix run -json events: %w", err)
		}
		switch e.Type {
		case runner.EventPlan:
			s.Toolchains = e.Toolchains
		case runner.EventRunDone:
			s.Ran, s.Trials, s.Reused = e.Done, e.Trials, e.Reused
			done = true
		}
	}
	if !done {
		return s, fmt.Errorf("matrix run -json events end without %q: the run did not finish", runner.EventRunDone)
	}
	return s, nil
}

// Median returns the median of ds, or 0 for none. It does not modify ds.
func Median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Sum returns the total of ds.
func Sum(ds []time.Duration) time.Duration {
	var t time.Duration
	for _, d := range ds {
		t += d
	}
	return t
}

// Tallies counts a sequence of trial outcomes the way the runner does: one
// tally per distinct outcome, most frequent first, ties in order of first
// appearance.
func Tallies(seq []outcome.Outcome) []results.Tally {
	var ts []results.Tally
	index := map[outcome.Outcome]int{}
	for _, o := range seq {
		i, ok := index[o]
		if !ok {
			i = len(ts)
			index[o] = i
			ts = append(ts, results.Tally{Outcome: o})
		}
		ts[i].K++
	}
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].K > ts[j].K })
	return ts
}

// StopAt returns how many leading trials of seq a cell measured with rule
// would run: the runner consults the rule before every trial after the
// first. It returns len(seq) when the rule wants more trials than seq has.
func StopAt(seq []outcome.Outcome, rule stats.Rule) int {
	counts := map[outcome.Outcome]int{}
	var order []outcome.Outcome
	for n := 0; n < len(seq); n++ {
		if n > 0 {
			cnt := make([]int, 0, len(order))
			for _, o := range order {
				cnt = append(cnt, counts[o])
			}
			if rule.Done(cnt) {
				return n
			}
		}
		if counts[seq[n]] == 0 {
			order = append(order, seq[n])
		}
		counts[seq[n]]++
	}
	return len(seq)
}

// KindCount returns how many of a cell's trials had an outcome of kind k,
// whatever the reason.
func KindCount(c results.Cell, k outcome.Kind) int {
	n := 0
	for _, t := range c.Tallies {
		if t.Kind == k {
			n += t.K
		}
	}
	return n
}
