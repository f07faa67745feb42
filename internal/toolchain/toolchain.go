// Package toolchain describes a Go toolchain the matrix can build probes
// with, and discovers the toolchains present on a machine.
package toolchain

import "slices"

// Kind is the compiler family of a toolchain.
type Kind string

// The compiler families.
const (
	GC    Kind = "gc"
	GCCGO Kind = "gccgo"
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
	// Kind is gc or gccgo.
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
	// GOOS and GOARCH are the target of the toolchain's builds.
	GOOS   string `json:"goos"`
	GOARCH string `json:"goarch"`
	// Path is the command used to build: the go command for gc, the gccgo
	// driver for gccgo.
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
	// (go env GOROOT); empty for gccgo.
	GOROOT string `json:"goroot,omitempty"`
	// CompilerVersion is the version of the compiler itself where it differs
	// from the Go release: the GCC version of a gccgo driver, e.g. "12.2.0".
	// It is empty for gc.
	CompilerVersion string `json:"compiler_version,omitempty"`
}

// Supports reports whether t can build in mode m.
func (t Toolchain) Supports(m Mode) bool {
	return slices.Contains(t.Modes, m)
}
