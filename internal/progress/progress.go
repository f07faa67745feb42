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
	// The timing cells run last, alone, and take far longer than the
	// others: the estimate counts them apart, by their trials.
	timingCells, timingTrials int       // planned
	timingDone, timingRan     int       // cells done, their trials
	timingStart               time.Time // first timing cell started
	// The alone cells pinned to the first CPUs run first, with builds
	// beside them, and take far longer than the others: the estimate of
	// the others starts after them.
	besideCells, besideDone int
	othersStart             time.Time // first of the other cells started
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
		p.timingCells, p.timingTrials = e.TimingCells, e.TimingTrials
		p.besideCells = e.BesideCells
		if p.reused > 0 {
			p.printf("%d cells to measure, %d reused from earlier runs (use -fresh to redo them)\n", p.total, p.reused)
		} else {
			p.printf("%d cells to measure\n", p.total)
		}
		return
	case runner.EventCellStart:
		p.current = e.Task
		if e.Timing && p.timingStart.IsZero() {
			p.timingStart = p.now()
		}
		if !e.Timing && !e.Beside && p.othersStart.IsZero() {
			p.othersStart = p.now()
		}
	case runner.EventCellDone:
		p.done = e.Done
		if e.Beside {
			p.besideDone++
		}
		if e.Timing {
			p.timingDone++
			if e.Cell != nil {
				p.timingRan += e.Cell.N
			}
		}
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
//
// The estimate keeps the timing cells apart: they run last, one trial at
// a time, and a cell of them takes minutes where another takes seconds.
// Before them, the time left is the other cells' average time per cell
// times those left, "before" the timing cells, whose trials are counted;
// among them, it is the time per trial of the timing cells done so far
// times the planned trials left (a cell the sequential rule extends adds
// more). The one-CPU alone cells, which run first and take seconds each,
// are kept apart too: while they run no estimate is given, and the other
// cells' average counts from the first of them to start.
func (p *Printer) Status(now time.Time) string {
	elapsed := now.Sub(p.start)
	s := fmt.Sprintf("[%d/%d cells] %s elapsed", p.done, p.total, round(elapsed))
	if p.done < p.total {
		s += p.left(now, elapsed)
	}
	if p.current != "" && p.done < p.total {
		s += " — " + p.current
	}
	return s
}

// left estimates the time left, as ", ~5m0s left" and the like, or ""
// when nothing is known yet.
func (p *Printer) left(now time.Time, elapsed time.Duration) string {
	others, othersDone := p.total-p.timingCells-p.besideCells, p.done-p.timingDone-p.besideDone
	if p.besideDone < p.besideCells && othersDone == 0 && p.timingStart.IsZero() {
		return fmt.Sprintf(", one-CPU cells %d/%d first, builds beside them (the time left is known after them)", p.besideDone, p.besideCells)
	}
	since := elapsed
	if !p.othersStart.IsZero() && p.besideCells > 0 {
		since = now.Sub(p.othersStart)
	}
	perCell := float64(since) / float64(othersDone)
	switch {
	case p.timingCells == 0:
		if othersDone == 0 {
			return ""
		}
		return fmt.Sprintf(", ~%s left", round(time.Duration(perCell*float64(others-othersDone))))
	case othersDone < others && p.timingStart.IsZero():
		timing := fmt.Sprintf("the %d timing %s (%d trials, run alone)", p.timingCells, plural(p.timingCells, "cell", "cells"), p.timingTrials)
		if othersDone == 0 {
			return ", then " + timing
		}
		return fmt.Sprintf(", ~%s left before %s", round(time.Duration(perCell*float64(others-othersDone))), timing)
	case p.timingRan == 0:
		return fmt.Sprintf(", timing cells %d/%d (the time left is known after the first)", p.timingDone, p.timingCells)
	}
	perTrial := float64(now.Sub(p.timingStart)) / float64(p.timingRan)
	trialsLeft := p.timingTrials - p.timingRan
	if trialsLeft < 0 {
		trialsLeft = 0
	}
	return fmt.Sprintf(", ~%s left (timing cells %d/%d)", round(time.Duration(perTrial*float64(trialsLeft))), p.timingDone, p.timingCells)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (p *Printer) printf(format string, args ...interface{}) {
	fmt.Fprintf(p.w, format, args...)
}

func round(d time.Duration) time.Duration {
	return d.Round(time.Second)
}
