package toolchain

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// This file holds the pure parts of discovering the toolchains whose
// programs run in Node.js: gc building GOOS=js GOARCH=wasm, and GopherJS.

// GopherJSGorootVar is the variable that tells GopherJS the GOROOT of the
// gc release whose standard library it compiles (GopherJS 1.19 needs a
// go1.19 GOROOT).
const GopherJSGorootVar = "GOPHERJS_GOROOT"

// GopherJSModule is the module and version `matrix install gopherjs`
// installs, with the go command of the release it supports.
const (
	GopherJSModule  = "github.com/gopherjs/gopherjs"
	GopherJSVersion = "v1.19.0-beta2"
	GopherJSLang    = "go1.19"
)

// JSWasm is the js/wasm target of gc.
const (
	JSOS     = "js"
	WasmArch = "wasm"
)

// ParseNodeVersion parses the output of `node --version`, e.g. "v20.20.2",
// and returns the version as printed and its major number.
func ParseNodeVersion(out string) (version string, major int, err error) {
	v := strings.TrimSpace(out)
	m := nodeVersionRE.FindStringSubmatch(v)
	if m == nil {
		return "", 0, fmt.Errorf("node --version printed %q, want vN.N.N", v)
	}
	major, _ = strconv.Atoi(m[1])
	return v, major, nil
}

var nodeVersionRE = regexp.MustCompile(`^v([0-9]+)\.[0-9]+\.[0-9]+\S*$`)

// NodeRunner returns the Runner of a toolchain whose programs run in Node.js
// of the given version: "node v20.20.2".
func NodeRunner(version string) string {
	return "node " + version
}

// RunnerLabel returns a Runner as a column label shows it: "node v20.20.2"
// becomes "Node 20"; an empty Runner gives "".
func RunnerLabel(runner string) string {
	if v, ok := strings.CutPrefix(runner, "node "); ok {
		if _, major, err := ParseNodeVersion(v); err == nil {
			return "Node " + strconv.Itoa(major)
		}
	}
	return runner
}

// ParseGopherJSVersion parses the output of `gopherjs version`, e.g.
// "GopherJS 1.19.0-beta2+go1.19.13", into GopherJS's own version
// ("1.19.0-beta2") and the newest Go release it was made for ("go1.19.13").
func ParseGopherJSVersion(out string) (version, goRelease string, err error) {
	line := strings.TrimSpace(out)
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = strings.TrimSpace(line[:i])
	}
	m := gopherJSVersionRE.FindStringSubmatch(line)
	if m == nil {
		return "", "", fmt.Errorf("gopherjs version printed %q, want \"GopherJS X.Y.Z+go1.N.M\"", line)
	}
	return m[1], m[2], nil
}

var gopherJSVersionRE = regexp.MustCompile(`^GopherJS ([0-9]+\.[0-9]+\.[0-9]+[-.A-Za-z0-9]*)\+(go1\.[0-9]+(\.[0-9]+)?)$`)

// JSWasmSupported reports whether a gc release can build GOOS=js
// GOARCH=wasm: from go1.11 on.
func JSWasmSupported(release string) bool {
	return CompareRelease(release, "go1.11") >= 0
}

// WasmExecCandidates lists, in order of preference, the files of a gc
// GOROOT that run a js/wasm program in Node.js when given its path:
// lib/wasm/wasm_exec_node.js (go1.24 on), misc/wasm/wasm_exec_node.js
// (go1.19–go1.23) and misc/wasm/wasm_exec.js (go1.11–go1.18, which runs
// under Node.js itself).
func WasmExecCandidates(goroot string) []string {
	return []string{
		filepath.Join(goroot, "lib", "wasm", "wasm_exec_node.js"),
		filepath.Join(goroot, "misc", "wasm", "wasm_exec_node.js"),
		filepath.Join(goroot, "misc", "wasm", "wasm_exec.js"),
	}
}

// TargetID returns the ID of a toolchain that builds for goos/goarch
// through a runner from the ID of the same toolchain building natively:
// "go1.26.8" with js/wasm gives "go1.26.8-js-wasm".
func TargetID(nativeID, goos, goarch string) string {
	return nativeID + "-" + goos + "-" + goarch
}

// GopherJSID returns the ID of a GopherJS toolchain: its own version and
// the Go release of the standard library it compiles, e.g.
// "gopherjs1.19.0-beta2-go1.19.8".
func GopherJSID(version, release string) string {
	return sanitizeID("gopherjs" + version + "-" + release)
}

// GopherJSGoroot chooses the GOROOT GopherJS compiles against: the
// environment's GOPHERJS_GOROOT when set, else the GOROOT of the newest
// native gc toolchain among found whose language version is lang (for
// GopherJS 1.19, go1.19). It returns "" when there is none.
func GopherJSGoroot(environValue, lang string, found []Toolchain) string {
	if environValue != "" {
		return environValue
	}
	goroot, rel := "", ""
	for _, t := range found {
		if t.Kind == GC && t.Native() && t.Variant == "" && t.GOROOT != "" && LangOf(t.Release) == lang && CompareRelease(t.Release, rel) >= 0 {
			goroot, rel = t.GOROOT, t.Release
		}
	}
	return goroot
}

// GopherJSDirs lists the directories where `go install` puts the gopherjs
// command, besides PATH: GOBIN, else the bin directory of each GOPATH entry,
// else ~/go/bin.
func GopherJSDirs(gobin, gopath, home string) []string {
	if gobin != "" {
		return []string{gobin}
	}
	var dirs []string
	for _, p := range filepath.SplitList(gopath) {
		if p != "" {
			dirs = append(dirs, filepath.Join(p, "bin"))
		}
	}
	if len(dirs) == 0 && home != "" {
		dirs = append(dirs, filepath.Join(home, "go", "bin"))
	}
	return dirs
}
