// Package compat is a typed, read-only view of the lab's published report,
// docs/compat.json: its columns (one per toolchain) and its claims with the
// verdict the data gives and, where the report carries them, the decision
// for each column.
//
// The package embeds a copy of docs/compat.json (compat.json beside this
// file), so a tool that imports it cites the lab's last committed run
// without reading files. Refresh the copy after regenerating docs/ with
//
//	go generate ./compat
//
// TestEmbeddedMatchesDocs fails while the copy and docs/compat.json differ.
//
// The API is made of this package's own types, so tools outside the module
// can import it. Nothing here infers a decision: a column the report did
// not measure is "not measured", and a claim without per-column decisions
// says so (Claim.HasColumns).
package compat

//go:generate cp ../docs/compat.json compat.json
