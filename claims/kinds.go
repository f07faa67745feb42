package claims

import "github.com/maplab/maplab/internal/outcome"

// has reports whether a trial of kind k counts toward the listed kind f
// (k == f, or k is race+X and f is race or X).
func has(k, f outcome.Kind) bool { return k.Has(f) }

// counted reports whether a trial of kind k counts in denominators: idle
// trials (the hazard did not happen) and kinds of cells that never ran do
// not.
func counted(k outcome.Kind) bool { return k.Counted() }

// idle is the kind of a trial whose goroutines never overlapped.
const idle = outcome.Idle
