package toolchain

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseIdentify(t *testing.T) {
	out := "version=unknown\ncompiler=gccgo\ngoos=linux\ngoarch=amd64\nrelease=go1.18\n"
	var f facts
	if err := parseIdentify(out, &f); err != nil {
		t.Fatal(err)
	}
	want := facts{RuntimeVersion: "unknown", Compiler: "gccgo", GOOS: "linux", GOARCH: "amd64", LastTag: "go1.18"}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("parseIdentify = %+v, want %+v", f, want)
	}
	for _, bad := range []string{"", "version=go1.19.8\n", "hello\n", "version=go1.19.8\ncompiler=gc\ngoos=linux\ngoarch=amd64\n"} {
		var f facts
		if err := parseIdentify(bad, &f); err == nil {
			t.Errorf("parseIdentify(%q) succeeded, want an error", bad)
		}
	}
}

// gcFacts returns the facts of a healthy gc toolchain.
func gcFacts(version, tag string) facts {
	return facts{
		RuntimeVersion: version, Compiler: "gc", GOOS: "linux", GOARCH: "amd64", LastTag: tag,
		GoVersion: version, GOROOT: "/usr/lib/go", CgoEnabled: "1", CC: "gcc",
	}
}

func TestAssemble(t *testing.T) {
	goCmd := candidate{kind: GC, path: "/usr/lib/go-1.19/bin/go", source: "test"}
	gccgo12 := candidate{kind: GCCGO, path: "/usr/bin/gccgo-12", source: "test"}
	linuxAmd64 := []string{"race_linux_amd64.syso"}

	type want struct {
		id, release, lang, version, compilerVersion string
		race                                        bool
		why                                         string // Unavailable[race], substring
	}
	tests := []struct {
		name    string
		c       candidate
		f       facts
		cc      string
		sysos   []string
		want    want
		wantErr string
	}{
		{
			name: "gc release", c: goCmd, f: gcFacts("go1.19.8", "go1.19"), cc: "/usr/bin/gcc", sysos: linuxAmd64,
			want: want{id: "go1.19.8", release: "go1.19.8", lang: "go1.19", version: "go1.19.8", race: true},
		},
		{
			name: "gc release candidate", c: goCmd, f: gcFacts("go1.21rc2", "go1.21"), cc: "/usr/bin/gcc", sysos: linuxAmd64,
			want: want{id: "go1.21rc2", release: "go1.21rc2", lang: "go1.21", version: "go1.21rc2", race: true},
		},
		{
			name: "gc devel", c: goCmd,
			f:  gcFacts("devel go1.27-abcdef Tue Jan 6 10:00:00 2026 +0000", "go1.27"),
			cc: "/usr/bin/gcc", sysos: linuxAmd64,
			want: want{id: "devel-go1.27-abcdef", release: "go1.27", lang: "go1.27", version: "devel go1.27-abcdef Tue Jan 6 10:00:00 2026 +0000", race: true},
		},
		{
			name: "gc variant",
			c:    candidate{kind: GC, path: "/usr/local/go/bin/go", env: []string{"GOEXPERIMENT=noswissmap"}, variant: "noswissmap"},
			f: func() facts {
				f := gcFacts("go1.24.6 X:noswissmap", "go1.24")
				f.GoVersion = "go1.24.6 X:noswissmap"
				return f
			}(),
			cc: "/usr/bin/gcc", sysos: linuxAmd64,
			want: want{id: "go1.24.6+noswissmap", release: "go1.24.6", lang: "go1.24", version: "go1.24.6 X:noswissmap", race: true},
		},
		{
			name: "gc js/wasm run by node",
			c:    candidate{kind: GC, path: "/usr/local/go/bin/go", env: []string{"GOOS=js", "GOARCH=wasm"}, goos: "js", goarch: "wasm", node: "/usr/bin/node"},
			f: func() facts {
				f := gcFacts("go1.26.8", "go1.26")
				f.GOOS, f.GOARCH, f.CgoEnabled = "js", "wasm", "0"
				f.Launcher, f.NodeVersion = []string{"/usr/bin/node", "/usr/local/go/lib/wasm/wasm_exec_node.js"}, "v20.20.2"
				return f
			}(),
			cc: "/usr/bin/gcc", sysos: linuxAmd64,
			want: want{id: "go1.26.8-js-wasm", release: "go1.26.8", lang: "go1.26", version: "go1.26.8", why: "does not support js/wasm"},
		},
		{
			name:    "gc js/wasm that built for the host",
			c:       candidate{kind: GC, path: "/usr/local/go/bin/go", goos: "js", goarch: "wasm", node: "/usr/bin/node"},
			f:       gcFacts("go1.26.8", "go1.26"),
			cc:      "/usr/bin/gcc",
			wantErr: "built for js/wasm, but its programs report linux/amd64",
		},
		{
			name: "gopherjs",
			c:    candidate{kind: GopherJS, path: "/root/go/bin/gopherjs", env: []string{"GOPHERJS_GOROOT=/usr/lib/go-1.19"}, node: "/usr/bin/node"},
			f: facts{RuntimeVersion: "go1.19.8", Compiler: "gopherjs", GOOS: "js", GOARCH: "ecmascript", LastTag: "go1.19",
				GopherJSVersion: "1.19.0-beta2", GOROOT: "/usr/lib/go-1.19", Launcher: []string{"/usr/bin/node"}, NodeVersion: "v20.20.2"},
			want: want{id: "gopherjs1.19.0-beta2-go1.19.8", release: "go1.19.8", lang: "go1.19", version: "go1.19.8", compilerVersion: "1.19.0-beta2", why: "GopherJS has no race detector"},
		},
		{
			name:    "gopherjs with a library newer than its runtime.Version",
			c:       candidate{kind: GopherJS, path: "/root/go/bin/gopherjs", node: "/usr/bin/node"},
			f:       facts{RuntimeVersion: "go1.19.8", Compiler: "gopherjs", GOOS: "js", GOARCH: "ecmascript", LastTag: "go1.20", GopherJSVersion: "1.19.0-beta2"},
			wantErr: "release tags end at go1.20",
		},
		{
			name: "gc variant that changes nothing",
			c:    candidate{kind: GC, path: "/usr/local/go/bin/go", env: []string{"GOEXPERIMENT=swissmap"}, variant: "swissmap"},
			f:    gcFacts("go1.24.6", "go1.24"), cc: "/usr/bin/gcc", sysos: linuxAmd64,
			wantErr: "variant +swissmap changes nothing",
		},
		{
			name: "gc cgo disabled", c: goCmd,
			f:  func() facts { f := gcFacts("go1.19.8", "go1.19"); f.CgoEnabled = "0"; return f }(),
			cc: "/usr/bin/gcc", sysos: linuxAmd64,
			want: want{id: "go1.19.8", release: "go1.19.8", lang: "go1.19", version: "go1.19.8", why: "CGO_ENABLED=0"},
		},
		{
			name: "gc without C compiler", c: goCmd, f: gcFacts("go1.19.8", "go1.19"), cc: "", sysos: linuxAmd64,
			want: want{id: "go1.19.8", release: "go1.19.8", lang: "go1.19", version: "go1.19.8", why: "no C compiler: CC gcc not found"},
		},
		{
			name: "gc unsupported platform", c: goCmd,
			f:  func() facts { f := gcFacts("go1.19.8", "go1.19"); f.GOARCH = "386"; return f }(),
			cc: "/usr/bin/gcc", sysos: linuxAmd64,
			want: want{id: "go1.19.8", release: "go1.19.8", lang: "go1.19", version: "go1.19.8", why: "does not support linux/386"},
		},
		{
			name: "gc without race runtime", c: goCmd, f: gcFacts("go1.19.8", "go1.19"), cc: "/usr/bin/gcc", sysos: nil,
			want: want{id: "go1.19.8", release: "go1.19.8", lang: "go1.19", version: "go1.19.8", why: "no race runtime for linux/amd64"},
		},
		{
			name: "gccgo 12 says unknown", c: gccgo12,
			f:    facts{RuntimeVersion: "unknown", Compiler: "gccgo", GOOS: "linux", GOARCH: "amd64", LastTag: "go1.18", GCCVersion: "12.2.0"},
			want: want{id: "gccgo12-go1.18", release: "go1.18", lang: "", version: "unknown", compilerVersion: "12.2.0", why: "gccgo has no race detector"},
		},
		{
			name: "gccgo 11 names its release",
			c:    candidate{kind: GCCGO, path: "/usr/bin/gccgo-11"},
			f:    facts{RuntimeVersion: "go1.16.5 gccgo (Debian 11.3.0-12) 11.3.0", Compiler: "gccgo", GOOS: "linux", GOARCH: "amd64", LastTag: "go1.16", GCCVersion: "11.3.0"},
			want: want{id: "gccgo11-go1.16", release: "go1.16.5", lang: "", version: "go1.16.5 gccgo (Debian 11.3.0-12) 11.3.0", compilerVersion: "11.3.0", why: "gccgo has no race detector"},
		},
		{
			name: "go command backed by gccgo", c: goCmd,
			f:       facts{RuntimeVersion: "go1.18 gccgo", Compiler: "gccgo", GOOS: "linux", GOARCH: "amd64", LastTag: "go1.18"},
			wantErr: "name the gccgo driver instead",
		},
		{
			name: "runtime version disagrees with release tags", c: goCmd, f: gcFacts("go1.19.8", "go1.20"),
			wantErr: "release tags end at go1.20",
		},
		{
			name: "go env disagrees with the runtime", c: goCmd,
			f:       func() facts { f := gcFacts("go1.19.8", "go1.19"); f.GoVersion = "go1.20.1"; return f }(),
			wantErr: "go env GOVERSION is \"go1.20.1\"",
		},
		{
			name: "no release tags", c: gccgo12,
			f:       facts{RuntimeVersion: "unknown", Compiler: "gccgo", GOOS: "linux", GOARCH: "amd64"},
			wantErr: "release tags end at \"\"",
		},
		{
			name: "unrecognised runtime version", c: goCmd,
			f:       func() facts { f := gcFacts("weird", "go1.19"); f.GoVersion = ""; return f }(),
			wantErr: "unrecognised runtime.Version()",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := assemble(tt.c, tt.f, tt.cc, tt.sysos)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("assemble error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			gotW := want{id: got.ID, release: got.Release, lang: got.Lang, version: got.Version, compilerVersion: got.CompilerVersion, race: got.Supports(Race)}
			wantW := tt.want
			gotW.why, wantW.why = "", ""
			if gotW != wantW {
				t.Errorf("assemble = %+v, want %+v", gotW, wantW)
			}
			if !got.Supports(Plain) {
				t.Errorf("assemble: plain mode missing from %v", got.Modes)
			}
			why := got.Unavailable[Race]
			if tt.want.race != (why == "") {
				t.Errorf("race available = %v but Unavailable[race] = %q", got.Supports(Race), why)
			}
			if !strings.Contains(why, tt.want.why) {
				t.Errorf("Unavailable[race] = %q, want it to contain %q", why, tt.want.why)
			}
			// A runner comes with a launcher, and only from Node.js facts.
			if (got.Runner != "") != (tt.f.NodeVersion != "") || got.Native() != (len(tt.f.Launcher) == 0) {
				t.Errorf("Runner %q, Launcher %q from facts %q, %q", got.Runner, got.Launcher, tt.f.NodeVersion, tt.f.Launcher)
			}
			if tt.f.NodeVersion != "" && got.Runner != "node "+tt.f.NodeVersion {
				t.Errorf("Runner = %q", got.Runner)
			}
		})
	}
}

func TestBuildEnv(t *testing.T) {
	base := []string{"PATH=/bin", "GOROOT=/elsewhere", "GOTOOLCHAIN=auto", "GOFLAGS=-mod=vendor", "GOEXPERIMENT=arenas", "GOOS=windows", "HOME=/root"}
	tests := []struct {
		env  []string
		want []string
	}{
		{nil, []string{"PATH=/bin", "HOME=/root", "GOTOOLCHAIN=local", "GOFLAGS=", "GOPROXY=off", "GOWORK=off"}},
		{
			[]string{"GOTOOLCHAIN=go1.27.3", "GOEXPERIMENT=noswissmap"},
			[]string{"PATH=/bin", "HOME=/root", "GOFLAGS=", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=go1.27.3", "GOEXPERIMENT=noswissmap"},
		},
	}
	for _, tt := range tests {
		got := Toolchain{ExtraEnv: tt.env}.BuildEnv(base)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("BuildEnv with Env %q = %q, want %q", tt.env, got, tt.want)
		}
	}
}

func TestFirstLines(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want []string
	}{
		{"", 3, nil},
		{"\n  \n", 3, nil},
		{"one\ntwo\nthree\nfour\n", 2, []string{"one", "two"}},
		{"\n# maplabprobe/x\n\n./main.go:5:2: undefined: y  \r\n", 3, []string{"# maplabprobe/x", "./main.go:5:2: undefined: y"}},
		{"main.go:5:2: error: bad\n    5 |  x := y\n      |       ^\n", 3, []string{"main.go:5:2: error: bad", "    5 |  x := y", "      |       ^"}},
	}
	for _, tt := range tests {
		if got := FirstLines(tt.in, tt.n); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("FirstLines(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
