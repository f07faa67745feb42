package progress

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/runner"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// TestStyleFor checks that the style comes from the stream progress is
// written to: only a character device gets the rewritten status line.
func TestStyleFor(t *testing.T) {
	regular, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer regular.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	type styleCase struct {
		name string
		w    io.Writer
		want Style
	}
	tests := []styleCase{
		{"buffer", new(bytes.Buffer), Plain},
		{"regular file", regular, Plain},
		{"pipe", w, Plain},
	}
	if dev, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0); err == nil {
		defer dev.Close()
		if fi, err := dev.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			tests = append(tests, styleCase{"character device " + os.DevNull, dev, Terminal})
		}
	}
	for _, tt := range tests {
		if got := StyleFor(tt.w); got != tt.want {
			t.Errorf("StyleFor(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPlainPrintsPeriodically(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	var buf bytes.Buffer
	p := NewAt(&buf, Plain, c.now)
	p.Event(runner.Event{Type: runner.EventPlan, Total: 5, Reused: 1})
	for i, at := range []int{4, 8, 12, 18, 22} { // seconds when cell i+1 finishes
		c.t = time.Unix(int64(at), 0)
		p.Event(runner.Event{Type: runner.EventCellStart, Task: "go1.19.8 p plain"})
		p.Event(runner.Event{Type: runner.EventCellDone, Done: i + 1, Total: 5})
	}
	got := buf.String()
	want := "5 cells to measure, 1 reused from earlier runs (use -fresh to redo them)\n" +
		"[1/5 cells] 4s elapsed, ~16s left — go1.19.8 p plain\n" + // first finished cell
		"[4/5 cells] 18s elapsed, ~5s left — go1.19.8 p plain\n" + // 14 s after the last line
		"[5/5 cells] 22s elapsed\n" // the end, although only 4 s later
	if got != want {
		t.Errorf("plain output:\n%s\nwant:\n%s", got, want)
	}
}

// TestTimingEstimate checks the time left of a run with timing cells,
// which run last and take far longer per cell: before them it is the
// other cells' time, naming the timing cells still to come; among them it
// comes from their time per trial, not per cell.
func TestTimingEstimate(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	p := NewAt(io.Discard, Plain, c.now)
	at := func(s int) { c.t = time.Unix(int64(s), 0) }
	p.Event(runner.Event{Type: runner.EventPlan, Total: 6, TimingCells: 2, TimingTrials: 40})
	status := func() string { return p.Status(c.t) }
	if got, want := status(), "[0/6 cells] 0s elapsed, then the 2 timing cells (40 trials, run alone)"; got != want {
		t.Errorf("at the start: %q, want %q", got, want)
	}
	for i := 1; i <= 4; i++ { // four other cells, 2 s each
		at(2 * i)
		p.Event(runner.Event{Type: runner.EventCellDone, Done: i, Total: 6})
		if i == 1 {
			if got, want := status(), "[1/6 cells] 2s elapsed, ~6s left before the 2 timing cells (40 trials, run alone)"; got != want {
				t.Errorf("after one other cell: %q, want %q", got, want)
			}
		}
	}
	p.Event(runner.Event{Type: runner.EventCellStart, Task: "go1.26.8 perf plain", Timing: true})
	at(20)
	if got, want := status(), "[4/6 cells] 20s elapsed, timing cells 0/2 (the time left is known after the first) — go1.26.8 perf plain"; got != want {
		t.Errorf("in the first timing cell: %q, want %q", got, want)
	}
	// The first timing cell: 20 trials in 100 s, 5 s a trial; 20 trials
	// are left, 100 s.
	at(108)
	p.Event(runner.Event{Type: runner.EventCellDone, Done: 5, Total: 6, Timing: true, Cell: &results.Cell{N: 20}})
	if got, want := status(), "[5/6 cells] 1m48s elapsed, ~1m40s left (timing cells 1/2) — go1.26.8 perf plain"; got != want {
		t.Errorf("after the first timing cell: %q, want %q", got, want)
	}
}

// TestBesideEstimate checks the time left of a run that starts with
// one-CPU alone cells, which take far longer per cell than the others:
// while they run no estimate is given, and after them the others' time
// per cell counts from the first other cell's start.
func TestBesideEstimate(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	p := NewAt(io.Discard, Plain, c.now)
	at := func(s int) { c.t = time.Unix(int64(s), 0) }
	status := func() string { return p.Status(c.t) }
	p.Event(runner.Event{Type: runner.EventPlan, Total: 6, BesideCells: 2})
	p.Event(runner.Event{Type: runner.EventCellStart, Task: "go1.19.8 long plain GOMAXPROCS=1", Beside: true})
	at(30)
	p.Event(runner.Event{Type: runner.EventCellDone, Done: 1, Total: 6, Beside: true})
	if got, want := status(), "[1/6 cells] 30s elapsed, one-CPU cells 1/2 first, builds beside them (the time left is known after them) — go1.19.8 long plain GOMAXPROCS=1"; got != want {
		t.Errorf("among the one-CPU cells: %q, want %q", got, want)
	}
	at(60)
	p.Event(runner.Event{Type: runner.EventCellDone, Done: 2, Total: 6, Beside: true})
	p.Event(runner.Event{Type: runner.EventCellStart, Task: "go1.19.8 p plain"})
	at(62)
	p.Event(runner.Event{Type: runner.EventCellDone, Done: 3, Total: 6})
	// One other cell in 2 s: three left, 6 s (not 62 s / 3 cells each).
	if got, want := status(), "[3/6 cells] 1m2s elapsed, ~6s left — go1.19.8 p plain"; got != want {
		t.Errorf("after the one-CPU cells: %q, want %q", got, want)
	}
}

func TestTerminalRewritesLine(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	var buf bytes.Buffer
	p := NewAt(&buf, Terminal, c.now)
	p.Event(runner.Event{Type: runner.EventPlan, Total: 2})
	p.Event(runner.Event{Type: runner.EventCellStart, Task: "a"})
	p.Event(runner.Event{Type: runner.EventCellDone, Done: 1, Total: 2})
	p.Finish()
	if n := strings.Count(buf.String(), "\r\033[K"); n != 3 {
		t.Errorf("terminal output has %d line rewrites, want 3: %q", n, buf.String())
	}
}

func TestJSONStream(t *testing.T) {
	var buf bytes.Buffer
	p := New(&buf, JSON)
	p.Event(runner.Event{Type: runner.EventPlan, Total: 2})
	p.Event(runner.Event{Type: runner.EventCellDone, Done: 1, Total: 2, Probe: "x"})
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d JSON lines, want 2", len(lines))
	}
	var e runner.Event
	if err := json.Unmarshal([]byte(lines[1]), &e); err != nil || e.Type != runner.EventCellDone || e.Probe != "x" {
		t.Errorf("second event = %+v, %v", e, err)
	}
}
