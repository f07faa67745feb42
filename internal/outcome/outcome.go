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
	// Race means the race detector reported a data race. The reason says
	// whether a fatal error followed.
	Race Kind = "race"
	// Crash means the process died by a signal or an unexpected exit status
	// without a recognised runtime message.
	Crash Kind = "crash"
	// Hang means the trial exceeded its timeout and its process group was
	// killed.
	Hang Kind = "hang"
	// BuildFailed means the toolchain could not build the probe.
	BuildFailed Kind = "build-failed"
	// Unsupported means the probe's declared minimum Go release is above the
	// toolchain's.
	Unsupported Kind = "unsupported"
	// Unavailable means the mode (e.g. race) is not available for the
	// toolchain, or could not start on this machine.
	Unavailable Kind = "unavailable"
)

// Order lists every kind in report order.
var Order = []Kind{Clean, Corrupt, Recovered, Panic, Fatal, Race, Crash, Hang, BuildFailed, Unsupported, Unavailable}

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
