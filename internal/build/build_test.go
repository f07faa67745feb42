package build

import (
	"os/exec"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/toolchain"
)

var (
	go19  = toolchain.Toolchain{ID: "go1.9.7", Kind: toolchain.GC, Release: "go1.9.7", Lang: "go1.9", Path: "/sdk/go1.9.7/bin/go"}
	go119 = toolchain.Toolchain{ID: "go1.19.8", Kind: toolchain.GC, Release: "go1.19.8", Lang: "go1.19", Path: "/usr/lib/go-1.19/bin/go"}
	go127 = toolchain.Toolchain{ID: "go1.27.3", Kind: toolchain.GC, Release: "go1.27.3", Lang: "go1.27", Path: "/usr/local/go/bin/go", ExtraEnv: []string{"GOTOOLCHAIN=go1.27.3"}}
	gccgo = toolchain.Toolchain{ID: "gccgo12-go1.18", Kind: toolchain.GCCGO, Release: "go1.18", Path: "/usr/bin/gccgo-12"}
	gjs   = toolchain.Toolchain{ID: "gopherjs1.19.0-beta2-go1.19.8", Kind: toolchain.GopherJS, Release: "go1.19.8", Lang: "go1.19", Path: "/root/go/bin/gopherjs",
		ExtraEnv: []string{"GOPHERJS_GOROOT=/usr/lib/go-1.19"}, Launcher: []string{"/usr/bin/node"}}
	wasm126 = toolchain.Toolchain{ID: "go1.26.8-js-wasm", Kind: toolchain.GC, Release: "go1.26.8", Lang: "go1.26", Path: "/usr/local/go/bin/go",
		ExtraEnv: []string{"GOOS=js", "GOARCH=wasm"}, Launcher: []string{"/usr/bin/node", "/usr/local/go/lib/wasm/wasm_exec_node.js"}}
	probeB = catalogue.Probe{Name: "dup", Source: []byte("//go:build maplab_build_outcome\n\npackage main\n"), Hash: "h2", Langs: []string{catalogue.LangToolchain},
		Rejections: []*regexp.Regexp{regexp.MustCompile(`duplicate key`)}}
	probeP = catalogue.Probe{Name: "demo", Source: []byte("package main\n"), Hash: "h1", Langs: []string{"go1.21", catalogue.LangToolchain}}
)

func TestResolveLang(t *testing.T) {
	tests := []struct {
		entry  string
		tc     toolchain.Toolchain
		want   string
		wantOK bool
	}{
		{catalogue.LangToolchain, go119, "go1.19", true},
		{"go1.21", go119, "", false}, // newer than the toolchain
		{"go1.21", go127, "go1.21", true},
		{catalogue.LangToolchain, go127, "go1.27", true},
		{catalogue.LangToolchain, go19, "", true}, // GOPATH mode: no go.mod
		{"go1.21", go19, "", false},
		{catalogue.LangToolchain, gccgo, "", true}, // gccgo: no go.mod
		{"go1.21", gccgo, "", false},
	}
	for _, tt := range tests {
		got, ok := ResolveLang(tt.entry, tt.tc)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ResolveLang(%q, %s) = %q, %v; want %q, %v", tt.entry, tt.tc.ID, got, ok, tt.want, tt.wantOK)
		}
	}
	if got := Langs(probeP, go127); !reflect.DeepEqual(got, []string{"go1.21", "go1.27"}) {
		t.Errorf("Langs on go1.27.3 = %q", got)
	}
	if got := Langs(probeP, go119); !reflect.DeepEqual(got, []string{"go1.19"}) {
		t.Errorf("Langs on go1.19.8 = %q", got)
	}
}

func TestCommandAndFiles(t *testing.T) {
	gold := "" // gccgo links with gold where binutils has it
	if _, err := exec.LookPath("ld.gold"); err == nil {
		gold = "-fuse-ld=gold "
	}
	tests := []struct {
		name      string
		req       Request
		wantArgv  string
		wantDir   string
		wantEnv   []string // entries that must be present
		wantNoEnv []string // keys that must be absent
		wantFiles []string
		wantMod   string
	}{
		{
			name:      "module mode with the requested language version",
			req:       Request{Probe: probeP, Toolchain: go119, Mode: toolchain.Plain, Lang: "go1.19"},
			wantArgv:  "/usr/lib/go-1.19/bin/go build -ldflags=-w -o /w/out .",
			wantDir:   "/w",
			wantEnv:   []string{"GO111MODULE=on", "GOTOOLCHAIN=local", "GOFLAGS=", "GOPROXY=off"},
			wantNoEnv: []string{"GOPATH"},
			wantFiles: []string{"go.mod", "main.go"},
			wantMod:   "module maplab.probe/demo\n\ngo 1.19\n",
		},
		{
			name:      "a build-outcome probe is built with its build tag",
			req:       Request{Probe: probeB, Toolchain: go119, Mode: toolchain.Plain, Lang: "go1.19"},
			wantArgv:  "/usr/lib/go-1.19/bin/go build -ldflags=-w -o /w/out -tags maplab_build_outcome .",
			wantDir:   "/w",
			wantEnv:   []string{"GO111MODULE=on", "GOTOOLCHAIN=local", "GOFLAGS=", "GOPROXY=off"},
			wantFiles: []string{"go.mod", "main.go"},
			wantMod:   "module maplab.probe/dup\n\ngo 1.19\n",
		},
		{
			name:     "race build with a GOTOOLCHAIN toolchain keeps its GOTOOLCHAIN",
			req:      Request{Probe: probeP, Toolchain: go127, Mode: toolchain.Race, Lang: "go1.21"},
			wantArgv: "/usr/local/go/bin/go build -ldflags=-w -o /w/out -race .",
			wantDir:  "/w",
			wantEnv:  []string{"GOTOOLCHAIN=go1.27.3", "CGO_ENABLED=1"},
			// GOTOOLCHAIN=local must not be added beside it.
			wantNoEnv: []string{"GOTOOLCHAIN=local"},
			wantFiles: []string{"go.mod", "main.go"},
			wantMod:   "module maplab.probe/demo\n\ngo 1.21\n",
		},
		{
			name:      "GopherJS builds in module mode against GOPHERJS_GOROOT",
			req:       Request{Probe: probeP, Toolchain: gjs, Mode: toolchain.Plain, Lang: "go1.19"},
			wantArgv:  "/root/go/bin/gopherjs build -o /w/out .",
			wantDir:   "/w",
			wantEnv:   []string{"GO111MODULE=on", "GOPHERJS_GOROOT=/usr/lib/go-1.19", "GOTOOLCHAIN=local"},
			wantNoEnv: []string{"GOPATH"},
			wantFiles: []string{"go.mod", "main.go"},
			wantMod:   "module maplab.probe/demo\n\ngo 1.19\n",
		},
		{
			name:      "GopherJS takes a build-outcome probe's tag as --tags",
			req:       Request{Probe: probeB, Toolchain: gjs, Mode: toolchain.Plain, Lang: "go1.19"},
			wantArgv:  "/root/go/bin/gopherjs build -o /w/out --tags maplab_build_outcome .",
			wantDir:   "/w",
			wantEnv:   []string{"GO111MODULE=on"},
			wantFiles: []string{"go.mod", "main.go"},
			wantMod:   "module maplab.probe/dup\n\ngo 1.19\n",
		},
		{
			name:      "gc js/wasm is gc with GOOS and GOARCH set",
			req:       Request{Probe: probeP, Toolchain: wasm126, Mode: toolchain.Plain, Lang: "go1.26"},
			wantArgv:  "/usr/local/go/bin/go build -ldflags=-w -o /w/out .",
			wantDir:   "/w",
			wantEnv:   []string{"GOOS=js", "GOARCH=wasm", "GO111MODULE=on"},
			wantFiles: []string{"go.mod", "main.go"},
			wantMod:   "module maplab.probe/demo\n\ngo 1.26\n",
		},
		{
			name:      "GOPATH mode for toolchains before modules",
			req:       Request{Probe: probeP, Toolchain: go19, Mode: toolchain.Plain, Lang: ""},
			wantArgv:  "/sdk/go1.9.7/bin/go build -ldflags=-w -o /w/out .",
			wantDir:   "/w/src/maplabprobe/demo",
			wantEnv:   []string{"GO111MODULE=off", "GOPATH=/w"},
			wantFiles: []string{"src/maplabprobe/demo/main.go"},
		},
		{
			name:      "gccgo compiles the file directly",
			req:       Request{Probe: probeP, Toolchain: gccgo, Mode: toolchain.Plain},
			wantArgv:  "/usr/bin/gccgo-12 -O2 -g -static " + gold + "-o /w/out main.go",
			wantDir:   "/w",
			wantFiles: []string{"main.go"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			argv, dir, env, err := Command(tt.req, nil, "/w", "/w/out")
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(argv, " "); got != tt.wantArgv {
				t.Errorf("argv = %q, want %q", got, tt.wantArgv)
			}
			if dir != tt.wantDir {
				t.Errorf("dir = %q, want %q", dir, tt.wantDir)
			}
			joined := " " + strings.Join(env, " ") + " "
			for _, e := range tt.wantEnv {
				if !strings.Contains(joined, " "+e+" ") {
					t.Errorf("env %q lacks %q", env, e)
				}
			}
			for _, e := range tt.wantNoEnv {
				if strings.Contains(joined, " "+e) {
					t.Errorf("env %q has %q", env, e)
				}
			}
			files := Files(tt.req)
			var names []string
			for n := range files {
				names = append(names, n)
			}
			if len(names) != len(tt.wantFiles) {
				t.Errorf("files = %q, want %q", names, tt.wantFiles)
			}
			for _, n := range tt.wantFiles {
				if _, ok := files[n]; !ok {
					t.Errorf("files = %q, want %q", names, tt.wantFiles)
				}
			}
			if tt.wantMod != "" && string(files["go.mod"]) != tt.wantMod {
				t.Errorf("go.mod = %q, want %q", files["go.mod"], tt.wantMod)
			}
		})
	}
	if _, _, _, err := Command(Request{Probe: probeP, Toolchain: gccgo, Mode: toolchain.Race}, nil, "/w", "/w/out"); err == nil || !strings.Contains(err.Error(), "no race detector") {
		t.Errorf("gccgo race plan error = %v, want it to say gccgo has no race detector", err)
	}
	if _, _, _, err := Command(Request{Probe: probeP, Toolchain: gjs, Mode: toolchain.Race, Lang: "go1.19"}, nil, "/w", "/w/out"); err == nil || !strings.Contains(err.Error(), "GopherJS has no race detector") {
		t.Errorf("GopherJS race plan error = %v, want it to say GopherJS has no race detector", err)
	}
}

func TestKeyChangesWithEveryInput(t *testing.T) {
	base := Request{Probe: probeP, Toolchain: go119, Mode: toolchain.Plain, Lang: "go1.19"}
	seen := map[string]string{Key(base): "base"}
	variants := map[string]Request{}
	r := base
	r.Probe.Hash = "h2"
	variants["probe source"] = r
	r = base
	r.Toolchain.Version = "go1.19.9"
	variants["toolchain version"] = r
	r = base
	r.Toolchain.ExtraEnv = []string{"GOEXPERIMENT=noswissmap"}
	variants["toolchain env"] = r
	r = base
	r.Mode = toolchain.Race
	variants["mode"] = r
	r = base
	r.Lang = "go1.18"
	variants["language version"] = r
	for name, v := range variants {
		k := Key(v)
		if other, dup := seen[k]; dup {
			t.Errorf("changing the %s gives the same cache key as %s", name, other)
		}
		seen[k] = name
	}
	if Key(base) != Key(base) {
		t.Error("Key is not deterministic")
	}
}

// TestErrorMessages checks that a failed build's messages lose their
// positions, gccgo's quoted source lines and machine-specific paths, as
// the compilers print them (outputs seen from go1.19.8, go1.26.8 and
// gccgo 12).
func TestErrorMessages(t *testing.T) {
	gc := toolchain.Toolchain{Kind: toolchain.GC, GOROOT: "/usr/lib/go-1.19"}
	tests := []struct {
		name   string
		tc     toolchain.Toolchain
		work   string
		output string
		want   []string
	}{
		{"gc duplicate key", gc, "/c/k/work-1",
			"# maplab.probe/d\n./main.go:30:25: duplicate key 0 in map literal\n",
			[]string{"duplicate key 0 in map literal"}},
		{"gc two errors", gc, "/c/k/work-1",
			"# maplab.probe/d\n./main.go:3:8: \"maps\" imported and not used\n./main.go:9:2: undefined: x\n",
			[]string{`"maps" imported and not used`, "undefined: x"}},
		{"gc missing package", gc, "/c/k/work-1",
			"main.go:5:2: package maps is not in GOROOT (/usr/lib/go-1.19/src/maps)\n",
			[]string{"package maps is not in GOROOT ($GOROOT/src/maps)"}},
		{"gccgo", toolchain.Toolchain{Kind: toolchain.GCCGO}, "/c/k/work-2",
			"main.go:30:32: error: duplicate key in map literal\n   30 |  m := map[int]int{0: 1, 0: 2}\n      |                 ^\n",
			[]string{"duplicate key in map literal"}},
		{"gccgo in a UTF-8 locale", toolchain.Toolchain{Kind: toolchain.GCCGO}, "/c/k/work-2",
			"main.go:30:13: error: import file \u2018maps\u2019 not found\n   30 |         \"maps\"\n",
			[]string{"import file 'maps' not found"}},
		{"work dir in a path", gc, "/c/k/work-3",
			"/c/k/work-3/main.go:1:1: cannot find /c/k/work-3/x\n",
			[]string{"cannot find $WORK/x"}},
		{"no position", gc, "/c/k/work-1",
			"# maplab.probe/d\ngo: cannot find main module\n",
			[]string{"go: cannot find main module"}},
		{"empty", gc, "", "\n", nil},
	}
	for _, tt := range tests {
		e := &Error{Request: Request{Toolchain: tt.tc}, Output: tt.output, Work: tt.work}
		if got := e.Messages(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Messages() = %q, want %q", tt.name, got, tt.want)
		}
	}
}
