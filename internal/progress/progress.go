// Package progress shows a matrix run's progress: one updating line on a
// terminal, a plain line every few seconds otherwise, or a stream of JSON
// events for tools.
package progress

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/maplab/maplab/internal/runner"
)

// Style selects how progress is shown.
type Style int

// The progress styles.
const (
	// Terminal rewrites one status line in place.
	Terminal Style = iota
	// Plain prints a status line at most every Interval.
	Plain
	// JSON writes every event as one JSON object per line.
	JSON
)

// Interval is how often Plain prints a status line.
const Interval = 10 * time.Second

// Printer renders runner events. Its Event method can be used as
// runner.Config.Events.
type Printer struct {
	w       io.Writer
	style   Style
	now     func() time.Time
	start   time.Time
	last    time.Time
	total   int
	reused  int
	done    int
	current string
	enc     *json.Encoder
}

// New returns a printer writing to w in style s.
func New(w io.Writer, s Style) *Printer {
	return NewAt(w, s, time.Now)
}

// NewAt is New with a clock, for tests.
func NewAt(w io.Writer, s Style, now func() time.Time) *Printer {
	p := &Printer{w: w, style: s, now: now, start: now()}
	if s == JSON {
		p.enc = json.NewEncoder(w)
	}
	return p
}

// StyleFor picks the style for progress written to w: Terminal when w is
// a terminal (a character device, such as an *os.File on a terminal) and
// Plain otherwise (a pipe, a regular file, a buffer).
func StyleFor(w io.Writer) Style {
	f, ok := w.(interface{ Stat() (os.FileInfo, error) })
	if !ok {
		return Plain
	}
	fi, err := f.Stat()
	if err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		return Terminal
	}
	return Plain
}

// Event records e and prints what the style calls for.
func (p *Printer) Event(e runner.Event) {
	if p.style == JSON {
		p.enc.Encode(e)
		return
	}
	switch e.Type {
	case runner.EventPlan:
		p.total, p.reused = e.Total, e.Reused
		if p.reused > 0 {
			p.printf("%d cells to measure, %d reused from earlier runs (use -fresh to redo them)\n", p.total, p.reused)
		} else {
			p.printf("%d cells to measure\n", p.total)
		}
		return
	case runner.EventCellStart:
		p.current = e.Task
	case runner.EventCellDone:
		p.done = e.Done
	default:
		return
	}
	now := p.now()
	switch p.style {
	case Terminal:
		fmt.Fprintf(p.w, "\r\033[K%s", p.Status(now))
	case Plain:
		if e.Type == runner.EventCellDone && (now.Sub(p.last) >= Interval || p.done == p.total) {
			p.last = now
			p.printf("%s\n", p.Status(now))
		}
	}
}

// Finish ends the status line.
func (p *Printer) Finish() {
	if p.style == Terminal {
		fmt.Fprintf(p.w, "\r\033[K%s\n", p.Status(p.now()))
	}
}

// Status returns the one-line summary: cells done of total, the current
// cell and the estimated time left.
func (p *Printer) Status(now time.Time) string {
	elapsed := now.Sub(p.start)
	s := fmt.Sprintf("[%d/%d cells] %s elapsed", p.done, p.total, round(elapsed))
	if p.done > 0 && p.done < p.total {
		left := time.Duration(float64(elapsed) / float64(p.done) * float64(p.total-p.done))
		s += fmt.Sprintf(", ~%s left", round(left))
	}
	if p.current != "" && p.done < p.total {
		s += " — " + p.current
	}
	return s
}

func (p *Printer) printf(format string, args ...interface{}) {
	fmt.Fprintf(p.w, format, args...)
}

func round(d time.Duration) time.Duration {
	return d.Round(time.Second)
}
