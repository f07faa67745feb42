// Package claims holds the beliefs about Go maps that maplab tests, and the
// small predicate language that decides each belief from measured data.
//
// The claims live in claims.json, embedded in the package. Each claim has
//
//	id         a kebab-case name that probe headers cite (maplab:claims)
//	statement  the belief, in the lab's own words
//	source     where the belief comes from ("folklore", "Go 1.6 release notes", ...)
//	probes     the probes that help decide it
//	checks     one or more machine-checkable tests over the data
//
// A check names a probe, optionally a mode ("plain" or "race"; empty means
// every mode the probe was measured in), an optional scope (when) and the
// predicate that must hold (holds_if):
//
//	{"probe": "delete-during-range", "mode": "plain", "holds_if": "any outcome in [panic, fatal]"}
//	{"probe": "range-closure-capture", "when": "lang < go1.22", "holds_if": "metric(per_iteration) == 0"}
//
// # Predicates (holds_if)
//
// A predicate is one or more clauses joined by "and". It is evaluated on one
// measured cell: one probe on one toolchain, in one mode and language
// version. Outcome kinds are those of package outcome (clean, corrupt,
// recovered, panic, fatal, race, crash, hang). Counts are per kind, summed
// over reasons.
//
//	leading == KIND            the most frequent kind is KIND
//	leading != KIND            the most frequent kind is not KIND
//	leading in [K1, K2]        the most frequent kind is one of the list
//	any outcome in [K1, K2]    at least one trial had one of the kinds
//	no outcome in [K1, K2]     no trial had any of the kinds
//	rate(K1, K2) OP X          the share of trials with one of the kinds,
//	                           compared with X in [0, 1]
//	metric(NAME) OP X          every sample that reported metric NAME in its
//	                           maplab-result line satisfies the comparison
//
// OP is one of ==, !=, <, <=, >, >=. The most frequent kind breaks ties in
// the order of outcome.Order. A metric clause reads only the samples the
// results file kept (a few per distinct outcome), never all trials; when no
// sample reported the metric, the clause cannot be decided and the cell
// counts as not measured for the claim.
//
// # Scopes (when)
//
// A scope is one or more conditions joined by "and" that select the cells a
// check applies to:
//
//	lang OP go1.N        the language version the probe was built with (the
//	                     go.mod go line; for builds without go.mod, the
//	                     toolchain's own language version)
//	release OP go1.N     the toolchain's standard library release
//	kind == gc           the compiler family (gc or gccgo); != also works
//
// Releases compare numerically (go1.9 < go1.10 < go1.22 < go1.22.1).
//
// # Verdicts
//
// The report (package internal/report) evaluates every check on every
// measured cell and turns the results into a verdict per claim: confirmed,
// refuted, version-dependent or not measured. Verdicts are never written
// down in claims.json.
package claims
