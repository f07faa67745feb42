// Command probecheck proves that every probe uses only the language
// features and standard-library API of its declared minimum Go release.
//
// Usage:
//
//	probecheck [-v] [-api dir] [dir ...]
//
// Each dir is a probe directory (holding main.go) or a directory of probe
// directories; the default is probes. A probe's minimum comes from its
// "// maplab:minimum go1.N" header directive (default go1.9).
//
// The language is checked by go/types with the minimum as its Go version,
// so generics, any, clear, min, max, range over integers or functions and
// the like are errors below their release. Library symbols are checked
// against the go1*.txt API files of the toolchain running the command:
// a package, function, type, method, field, constant or variable first
// listed after the minimum is reported as
//
//	file:line:col: <pkg>.<Symbol> requires go1.N (probe minimum go1.M)
//
// A toolchain fetched through GOTOOLCHAIN has no api/ directory; then the
// API files of the local go command are used, or those of -api dir. API
// files older than the standard library can only miss symbols, never
// report one wrongly.
//
// It also checks that a probe says why it asks for costly settings (see
// Reasons in package catalogue): a probe with no go statement whose modes
// include race, and a probe whose gomaxprocs directive lists a count, need
// a reason after " -- " in that directive:
//
//	file:line: probe NAME starts no goroutine but asks for race builds ...
//	file:line: probe NAME asks for a GOMAXPROCS=1 row without a reason ...
//
// Files the minimum release would not build (release build tags such as
// //go:build go1.21) are not checked; below go1.17 a //go:build line
// needs a matching // +build line.
//
// Findings go to standard error. With -v, a line per probe and a summary
// go to standard output. The exit status is 0 when every probe passes, 1
// when a probe has findings or a bad header, and 2 when the check cannot
// run (bad flags, unreadable paths, no probes, no API files).
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
