// Package outcome defines the typed result of one probe trial: a kind such
// as clean, fatal or race, and a reason naming the signature that was seen.
//
// Outcomes are crater-style "kind:reason" pairs. The kind is a small closed
// set; the reason is free text chosen by the classifier (for runtime
// failures it is the runtime's own message, e.g. "concurrent map writes").
package outcome

import (
	"fmt"
	"strings"
)

// Kind is the category of a trial's outcome.
type Kind string

// The outcome kinds. Their order here is the order in which reports list
// them (see Order).
const (
	// Clean means the probe ran to completion and its own invariant held.
	Clean Kind = "clean"
	// Idle means a concurrent probe ran to completion with its invariant
	// held, but its goroutines never overlapped in time (its result line
	// reported overlapping_rounds 0): the hazard did not happen. An idle
	// trial is not a clean one; rates and verdicts leave it out of their
	// denominators (see Counted) and reports show how many there were.
	Idle Kind = "idle"
	// Corrupt means the probe ran to completion and its own invariant was
	// broken: silent corruption that no runtime check reported.
	Corrupt Kind = "corrupt"
	// Recovered means a deferred recover in the probe caught a panic.
	Recovered Kind = "recovered"
	// Panic means a runtime panic that nothing recovered.
	Panic Kind = "panic"
	// Fatal means an unrecoverable runtime error (throw or fatal), such as
	// "concurrent map writes".
	Fatal Kind = "fatal"
	// Race means the race detector reported a data race and the program
	// otherwise ran to completion with its invariant held (or idle). When
	// the program's own outcome was something else, the kind is one of the
	// race+X kinds below, which keep both facts.
	Race Kind = "race"
	// RaceCorrupt means the race detector reported a data race and the
	// probe's own invariant was broken too.
	RaceCorrupt Kind = "race+corrupt"
	// RaceRecovered means the race detector reported a data race and the
	// probe's deferred recover caught a panic.
	RaceRecovered Kind = "race+recovered"
	// RacePanic means the race detector reported a data race and the
	// program died of an unrecovered panic.
	RacePanic Kind = "race+panic"
	// RaceFatal means the race detector reported a data race and the
	// runtime stopped the program with a fatal error (its map check is
	// compiled into race builds too).
	RaceFatal Kind = "race+fatal"
	// RaceCrash means the race detector reported a data race and the
	// program then crashed.
	RaceCrash Kind = "race+crash"
	// Crash means the process died by a signal or an unexpected exit status
	// without a recognised runtime message.
	Crash Kind = "crash"
	// Hang means the trial exceeded its timeout and its process group was
	// killed.
	Hang Kind = "hang"
	// Rejected means the toolchain refused to compile the program with one
	// of the messages its probe expects (maplab:build-outcome): for such a
	// probe whether it builds is the measurement. The reason is the
	// compiler's first error message. A build is deterministic, so a
	// rejected cell holds exactly one trial, the build itself.
	Rejected Kind = "rejected"
	// BuildFailed means the toolchain could not build the probe: for a
	// build-outcome probe, with a message it does not expect. It marks a
	// broken probe, never a measurement.
	BuildFailed Kind = "build-failed"
	// Unsupported means the probe's declared minimum Go release is above the
	// toolchain's.
	Unsupported Kind = "unsupported"
	// Unavailable means the mode (e.g. race) is not available for the
	// toolchain, or could not start on this machine.
	Unavailable Kind = "unavailable"
)

// Order lists every kind in report order.
var Order = []Kind{Clean, Idle, Corrupt, Recovered, Panic, Fatal,
	Race, RaceCorrupt, RaceRecovered, RacePanic, RaceFatal, RaceCrash,
	Crash, Hang, Rejected, BuildFailed, Unsupported, Unavailable}

// racePrefix starts the name of every race+X kind.
const racePrefix = "race+"

// WithRace returns the kind of a trial in which the race detector reported
// a data race and the program's own outcome was k: Race for clean, idle or
// race, race+k for corrupt, recovered, panic, fatal and crash. Other kinds
// (hang and the kinds of cells that never ran) are returned unchanged.
func WithRace(k Kind) Kind {
	switch k {
	case Clean, Idle, Race:
		return Race
	case Corrupt, Recovered, Panic, Fatal, Crash:
		return Kind(racePrefix + string(k))
	}
	return k
}

// Program returns the program's own outcome within k: X for race+X, Clean
// for race, and k itself otherwise.
func (k Kind) Program() Kind {
	if k == Race {
		return Clean
	}
	if strings.HasPrefix(string(k), racePrefix) {
		return Kind(strings.TrimPrefix(string(k), racePrefix))
	}
	return k
}

// Has reports whether a trial of kind k counts as a trial of kind f: when
// k is f, or k is race+X and f is race or X. So a race+corrupt trial is
// both a race report and a corrupt program, and a predicate about either
// fact sees it.
func (k Kind) Has(f Kind) bool {
	if k == f {
		return true
	}
	if !strings.HasPrefix(string(k), racePrefix) {
		return false
	}
	return f == Race || f == k.Program()
}

// Counted reports whether a trial of kind k enters the denominators of
// rates and verdicts: every trial kind except idle, whose hazard did not
// happen.
func (k Kind) Counted() bool {
	return k != Idle && k.Trial()
}

// Parse returns the Kind named by s, or an error naming the valid kinds.
func Parse(s string) (Kind, error) {
	for _, k := range Order {
		if string(k) == s {
			return k, nil
		}
	}
	names := make([]string, len(Order))
	for i, k := range Order {
		names[i] = string(k)
	}
	return "", fmt.Errorf("unknown outcome kind %q (valid: %s)", s, strings.Join(names, ", "))
}

// Valid reports whether k is one of the defined kinds.
func (k Kind) Valid() bool {
	_, err := Parse(string(k))
	return err == nil
}

// Trial reports whether k describes a trial that actually ran. The kinds
// build-failed, unsupported and unavailable describe cells that were never
// run and so carry no trials.
func (k Kind) Trial() bool {
	switch k {
	case BuildFailed, Unsupported, Unavailable:
		return false
	}
	return k.Valid()
}

// Outcome is the classified result of one trial.
type Outcome struct {
	Kind   Kind   `json:"kind"`
	Reason string `json:"reason,omitempty"`
}

// String returns the crater-style "kind:reason" form, or just the kind when
// there is no reason.
func (o Outcome) String() string {
	if o.Reason == "" {
		return string(o.Kind)
	}
	return string(o.Kind) + ":" + o.Reason
}
