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
