// Package checks holds mapvet's analyzers, one per file, each resting on a
// claim of the lab's report (package compat) and citing the decision the
// report gives for the release the analysed module builds with.
//
// The checks, by analyzer name:
//
//   - deleteidiom: for k := range m { delete(m, k) } on a map whose key
//     type can hold NaN (claim delete-idiom-empties-map; the suggested fix
//     clear(m) rests on clear-removes-nan-keys).
//   - rangefirst: a function that says it picks a random key returns in the
//     first iteration of a range over a map (claim range-first-key-fair).
//   - syncmapfirst: a function that says it picks a random key takes the
//     first key a sync.Map's Range callback sees and stops at once (claim
//     sync-map-range-order-random).
//   - recoverwrites: a deferred recover meant to survive goroutines that
//     write one shared map without a lock (claim
//     recover-catches-concurrent-writes).
//   - concwrites: a map written in a goroutine's function literal and used
//     by the code that started it, or by other goroutines started in the
//     same loop, with no synchronisation the analysis can see in between
//     (claims concurrent-writes-always-detected and
//     single-cpu-catches-concurrent-writes).
//   - stringkey: m[string(b)] = v (or ++, +=) in a loop, where b is a
//     []byte (claim string-key-assign-existing-no-alloc).
//
// Every check prefers silence to a guess: a pattern is reported only when
// its shape leaves little doubt, and a line is silenced with
// //mapvet:ignore NAME reason on the line or the line above.
package checks

import "golang.org/x/tools/go/analysis"

// All lists mapvet's analyzers.
var All = []*analysis.Analyzer{DeleteIdiom, RangeFirst, SyncMapFirst, RecoverWrites, ConcWrites, StringKey}
