package toolchain

import (
	"path/filepath"
	"reflect"
	"testing"
)

func TestParseNodeVersion(t *testing.T) {
	for _, tt := range []struct {
		out, version string
		major        int
		err          bool
	}{
		{out: "v20.20.2\n", version: "v20.20.2", major: 20},
		{out: "v18.19.1", version: "v18.19.1", major: 18},
		{out: "v22.0.0-nightly2024", version: "v22.0.0-nightly2024", major: 22},
		{out: "20.20.2", err: true},
		{out: "", err: true},
		{out: "Welcome to Node.js", err: true},
	} {
		v, major, err := ParseNodeVersion(tt.out)
		if (err != nil) != tt.err || v != tt.version || major != tt.major {
			t.Errorf("ParseNodeVersion(%q) = %q, %d, %v; want %q, %d, error %v", tt.out, v, major, err, tt.version, tt.major, tt.err)
		}
	}
}

func TestRunnerLabel(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{NodeRunner("v20.20.2"), "Node 20"},
		{"node v18.0.0", "Node 18"},
		{"", ""},
		{"wazero 1.8", "wazero 1.8"},
	} {
		if got := RunnerLabel(tt.in); got != tt.want {
			t.Errorf("RunnerLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseGopherJSVersion(t *testing.T) {
	for _, tt := range []struct {
		out, version, release string
		err                   bool
	}{
		{out: "GopherJS 1.19.0-beta2+go1.19.13\n", version: "1.19.0-beta2", release: "go1.19.13"},
		{out: "GopherJS 1.18.0+go1.18.10", version: "1.18.0", release: "go1.18.10"},
		{out: "GopherJS 1.17.2+go1.17", version: "1.17.2", release: "go1.17"},
		{out: "go version go1.19.8 linux/amd64", err: true},
		{out: "GopherJS 1.19.0", err: true},
		{out: "", err: true},
	} {
		v, rel, err := ParseGopherJSVersion(tt.out)
		if (err != nil) != tt.err || v != tt.version || rel != tt.release {
			t.Errorf("ParseGopherJSVersion(%q) = %q, %q, %v; want %q, %q, error %v", tt.out, v, rel, err, tt.version, tt.release, tt.err)
		}
	}
}

func TestJSWasmSupported(t *testing.T) {
	for _, tt := range []struct {
		release string
		want    bool
	}{{"go1.9.7", false}, {"go1.10.8", false}, {"go1.11", true}, {"go1.11.13", true}, {"go1.19.8", true}, {"go1.27.3", true}} {
		if got := JSWasmSupported(tt.release); got != tt.want {
			t.Errorf("JSWasmSupported(%q) = %v, want %v", tt.release, got, tt.want)
		}
	}
}

func TestWasmExecCandidates(t *testing.T) {
	got := WasmExecCandidates("/g")
	want := []string{filepath.FromSlash("/g/lib/wasm/wasm_exec_node.js"), filepath.FromSlash("/g/misc/wasm/wasm_exec_node.js"), filepath.FromSlash("/g/misc/wasm/wasm_exec.js")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("WasmExecCandidates = %q, want %q", got, want)
	}
}

func TestTargetAndGopherJSIDs(t *testing.T) {
	if got := TargetID("go1.26.8", "js", "wasm"); got != "go1.26.8-js-wasm" {
		t.Errorf("TargetID = %q", got)
	}
	if got := GopherJSID("1.19.0-beta2", "go1.19.8"); got != "gopherjs1.19.0-beta2-go1.19.8" {
		t.Errorf("GopherJSID = %q", got)
	}
}

func TestGopherJSGoroot(t *testing.T) {
	g198 := Toolchain{Kind: GC, Release: "go1.19.8", GOROOT: "/usr/lib/go-1.19"}
	g1913 := Toolchain{Kind: GC, Release: "go1.19.13", GOROOT: "/root/sdk/go1.19.13"}
	g126 := Toolchain{Kind: GC, Release: "go1.26.8", GOROOT: "/usr/local/go"}
	wasm := Toolchain{Kind: GC, Release: "go1.19.9", GOROOT: "/w", Launcher: []string{"node"}}
	variant := Toolchain{Kind: GC, Release: "go1.19.10", GOROOT: "/v", Variant: "x"}
	gccgo := Toolchain{Kind: GCCGO, Release: "go1.19", GOROOT: "/gccgo"}
	for _, tt := range []struct {
		name, env string
		found     []Toolchain
		want      string
	}{
		{"environment wins", "/env/goroot", []Toolchain{g198}, "/env/goroot"},
		{"the one go1.19", "", []Toolchain{g126, g198}, "/usr/lib/go-1.19"},
		{"newest go1.19", "", []Toolchain{g1913, g198}, "/root/sdk/go1.19.13"},
		{"only native gc without variant", "", []Toolchain{wasm, variant, gccgo, g126}, ""},
		{"none", "", nil, ""},
	} {
		if got := GopherJSGoroot(tt.env, "go1.19", tt.found); got != tt.want {
			t.Errorf("%s: GopherJSGoroot = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestGopherJSDirs(t *testing.T) {
	sep := string(filepath.ListSeparator)
	for _, tt := range []struct {
		gobin, gopath, home string
		want                []string
	}{
		{"/gobin", "/gp", "/h", []string{"/gobin"}},
		{"", "/a" + sep + "/b", "/h", []string{filepath.FromSlash("/a/bin"), filepath.FromSlash("/b/bin")}},
		{"", "", "/h", []string{filepath.FromSlash("/h/go/bin")}},
		{"", "", "", nil},
	} {
		if got := GopherJSDirs(tt.gobin, tt.gopath, tt.home); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("GopherJSDirs(%q, %q, %q) = %q, want %q", tt.gobin, tt.gopath, tt.home, got, tt.want)
		}
	}
}

func TestCommand(t *testing.T) {
	native := Toolchain{}
	if p, args := native.Command("/b/probe"); p != "/b/probe" || args != nil {
		t.Errorf("native Command = %q %q", p, args)
	}
	wasm := Toolchain{Launcher: []string{"/usr/bin/node", "/g/lib/wasm/wasm_exec_node.js"}}
	p, args := wasm.Command("/b/probe")
	if p != "/usr/bin/node" || !reflect.DeepEqual(args, []string{"/g/lib/wasm/wasm_exec_node.js", "/b/probe"}) {
		t.Errorf("js/wasm Command = %q %q", p, args)
	}
	if len(wasm.Launcher) != 2 {
		t.Errorf("Command changed the Launcher: %q", wasm.Launcher)
	}
}
