package claims

import (
	"strings"

	"github.com/maplab/maplab/internal/outcome"
)

// TODO(verdicts): use outcome.Kind.Has, Kind.Counted and outcome.Idle once
// contract 1 lands on main.

// has reports whether a trial of kind k counts toward the listed kind f
// (outcome.Kind.Has: k == f, or k is race+X and f is race or X).
func has(k, f outcome.Kind) bool {
	if k == f {
		return true
	}
	if x := strings.TrimPrefix(string(k), "race+"); x != string(k) {
		return f == outcome.Race || string(f) == x
	}
	return false
}

// counted reports whether a trial of kind k counts in denominators: idle
// trials (the hazard did not happen) and kinds of cells that never ran do
// not.
func counted(k outcome.Kind) bool { return k != idle && k.Trial() }

// idle is the kind of a trial whose goroutines never overlapped.
const idle = outcome.Kind("idle")
