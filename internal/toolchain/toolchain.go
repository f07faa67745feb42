// Package toolchain describes a Go toolchain the matrix can build probes
// with, and discovers the toolchains present on a machine.
package toolchain

import "slices"

// Kind is the compiler family of a toolchain: the implementation of Go
// it builds with.
type Kind string

// The compiler families. GopherJS compiles Go to JavaScript (its programs
// report runtime.Compiler "gopherjs" and GOOS/GOARCH js/ecmascript).
const (
	GC       Kind = "gc"
	GCCGO    Kind = "gccgo"
	GopherJS Kind = "gopherjs"
)

// Mode is a way of building and running a probe.
type Mode string

// The modes. Plain is an ordinary build; Race builds with -race.
const (
	Plain Mode = "plain"
	Race  Mode = "race"
)

// Toolchain is one Go toolchain found on the machine.
type Toolchain struct {
	// ID names the toolchain uniquely and is used for result file names and
	// report columns, e.g. "go1.19.8", "gccgo12-go1.18" or
	// "go1.24.6+noswissmap".
	ID string `json:"id"`
	// Kind is the implementation: gc, gccgo or gopherjs.
	Kind Kind `json:"kind"`
	// Version is what runtime.Version() reports in a program built by this
	// toolchain, e.g. "go1.19.8" or "go1.18 gccgo (Debian 12.2.0) 12.2.0".
	Version string `json:"version"`
	// Release is the Go release of the toolchain's standard library in
	// canonical form, e.g. "go1.19.8" for gc or "go1.18" for gccgo 12.
	Release string `json:"release"`
	// Lang is the newest language version the toolchain accepts, e.g.
	// "go1.19".
	Lang string `json:"lang"`
	// GOOS and GOARCH are the target of the toolchain's builds, as its
	// programs report them: the host's for a native toolchain, js/wasm for
	// gc building WebAssembly, js/ecmascript for GopherJS.
	GOOS   string `json:"goos"`
	GOARCH string `json:"goarch"`
	// Runner says what runs the toolchain's programs when the machine
	// cannot execute them itself, e.g. "node v20.20.2"; empty for a native
	// toolchain, whose programs run directly.
	Runner string `json:"runner,omitempty"`
	// Launcher is the command that runs a program the toolchain built,
	// followed by the program's path (see Command): e.g. the node binary
	// and GOROOT's wasm_exec_node.js for js/wasm, the node binary alone for
	// GopherJS. Empty for a native toolchain.
	Launcher []string `json:"launcher,omitempty"`
	// Path is the command used to build: the go command for gc, the gccgo
	// driver for gccgo, the gopherjs command for GopherJS.
	Path string `json:"path"`
	// ExtraEnv holds the environment entries this toolchain adds to every
	// build and run, such as GOTOOLCHAIN=go1.27.3 or GOEXPERIMENT=noswissmap
	// (see BuildEnv).
	ExtraEnv []string `json:"env,omitempty"`
	// Variant names a build variant such as "noswissmap"; empty for none.
	Variant string `json:"variant,omitempty"`
	// Source says how the toolchain was found, e.g. "PATH", "/usr/lib/go-*",
	// "MAPLAB_TOOLCHAINS" or "GOTOOLCHAIN".
	Source string `json:"source"`
	// Modes lists the modes the toolchain supports.
	Modes []Mode `json:"modes"`
	// Unavailable explains, per mode, why a mode is not supported.
	Unavailable map[Mode]string `json:"unavailable,omitempty"`
	// GOROOT is the root of a gc toolchain as its go command reports it
	// (go env GOROOT), and for GopherJS the root of the gc release whose
	// standard library it compiles (GOPHERJS_GOROOT); empty for gccgo.
	GOROOT string `json:"goroot,omitempty"`
	// CompilerVersion is the version of the compiler itself where it differs
	// from the Go release: the GCC version of a gccgo driver, e.g. "12.2.0".
	// GopherJS's own version, e.g. "1.19.0-beta2". It is empty for gc.
	CompilerVersion string `json:"compiler_version,omitempty"`
}

// Supports reports whether t can build in mode m.
func (t Toolchain) Supports(m Mode) bool {
	return slices.Contains(t.Modes, m)
}

// Native reports whether the programs t builds run directly on the machine,
// without a Runner.
func (t Toolchain) Native() bool {
	return len(t.Launcher) == 0
}

// Platform returns t's target as GOOS/GOARCH, e.g. "linux/amd64" or
// "js/wasm".
func (t Toolchain) Platform() string {
	return t.GOOS + "/" + t.GOARCH
}

// Command returns the program and arguments that run the program t built
// at bin: bin itself for a native toolchain, else t's Launcher with bin
// appended (node wasm_exec_node.js bin, node bin).
func (t Toolchain) Command(bin string) (path string, args []string) {
	if t.Native() {
		return bin, nil
	}
	args = append(append([]string{}, t.Launcher[1:]...), bin)
	return t.Launcher[0], args
}
