package catalogue

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/toolchain"
)

const good = `// Probe demo: a demonstration probe.
//
// Hazard: it does something risky
// over two lines.
//
// Promise: the spec promises something.
//
// Checks: the invariant.
//
// maplab:minimum go1.21
// maplab:modes plain
// maplab:claims a-claim b-claim
// maplab:langs go1.21 toolchain
// maplab:timeout 3s
// maplab:alone
// maplab:trials 300 until corrupt race
// maplab:gomaxprocs 1 all 4
package main

func main() {}
`

func TestParse(t *testing.T) {
	p, err := Parse("demo", "demo/main.go", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	want := Probe{
		Name: "demo", Title: "a demonstration probe.",
		Hazard: "it does something risky over two lines.", Promise: "the spec promises something.", Checks: "the invariant.",
		Minimum: "go1.21", Modes: []toolchain.Mode{toolchain.Plain}, Claims: []string{"a-claim", "b-claim"},
		Langs: []string{"go1.21", "toolchain"}, Timeout: 3 * time.Second, Alone: true, Trials: 300, Until: []outcome.Kind{outcome.Corrupt, outcome.Race}, Procs: []int{1, ProcsAll, 4}, Source: []byte(good), Hash: Hash([]byte(good)),
		Lines: map[string]int{"minimum": 10, "modes": 11, "claims": 12, "langs": 13, "timeout": 14, "alone": 15, "trials": 16, "gomaxprocs": 17},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("Parse =\n%+v\nwant\n%+v", p, want)
	}
}

// TestParseReasons checks that a directive's reason after " -- " is kept
// apart from its arguments, goes on over the lines that follow up to a
// blank line or the next directive, and that "--" without a reason is an
// error.
func TestParseReasons(t *testing.T) {
	src := "// Probe d: t.\n//\n// Hazard: h.\n//\n// Promise: p.\n//\n" +
		"// maplab:modes plain race -- claim x reads\n// race cells.\n" +
		"// maplab:gomaxprocs 1 all -- claim y compares them\n" +
		"// maplab:alone\n// Not a reason.\n//\n// maplab:timeout 3s\npackage main\n"
	p, err := Parse("d", "d/main.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"modes": "claim x reads race cells.", "gomaxprocs": "claim y compares them"}; !reflect.DeepEqual(p.Why, want) {
		t.Errorf("Why = %q, want %q", p.Why, want)
	}
	if want := []toolchain.Mode{toolchain.Plain, toolchain.Race}; !reflect.DeepEqual(p.Modes, want) {
		t.Errorf("Modes = %v, want %v", p.Modes, want)
	}
	if want := []int{1, ProcsAll}; !reflect.DeepEqual(p.Procs, want) {
		t.Errorf("Procs = %v, want %v", p.Procs, want)
	}
	if p.Lines["modes"] != 7 || p.Lines["gomaxprocs"] != 9 || p.Lines["timeout"] != 13 {
		t.Errorf("Lines = %v, want modes 7, gomaxprocs 9, timeout 13", p.Lines)
	}
	bad := "// Probe d: t.\n//\n// Hazard: h.\n//\n// Promise: p.\n//\n// maplab:modes plain --\npackage main\n"
	if _, err := Parse("d", "d/main.go", []byte(bad)); err == nil || !strings.Contains(err.Error(), "d/main.go:7: directive \"modes\": empty reason") {
		t.Errorf("Parse(modes plain --) error = %v, want d/main.go:7: directive \"modes\": empty reason", err)
	}
}

func TestParseTrialsExactly(t *testing.T) {
	src := "// Probe d: t.\n//\n// Hazard: h.\n//\n// Promise: p.\n//\n// maplab:trials 6 exactly\npackage main\n"
	p, err := Parse("d", "d/main.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.Trials != 6 || !p.Exactly || p.Until != nil {
		t.Errorf("Parse(maplab:trials 6 exactly): Trials %d, Exactly %v, Until %v; want 6, true, nil", p.Trials, p.Exactly, p.Until)
	}
}

// TestFloorIn checks which cells a maplab:trials floor holds in: every
// cell without "in", and with it only the modes and GOMAXPROCS settings it
// names (either list may be left out).
func TestFloorIn(t *testing.T) {
	const head = "// Probe d: t.\n//\n// Hazard: h.\n//\n// Promise: p.\n//\n// maplab:gomaxprocs 1 all\n"
	type cell struct {
		mode  toolchain.Mode
		procs int
	}
	plain1, plainAll, race1, raceAll := cell{toolchain.Plain, 1}, cell{toolchain.Plain, ProcsAll}, cell{toolchain.Race, 1}, cell{toolchain.Race, ProcsAll}
	tests := []struct {
		directive string
		in        []cell
	}{
		{"maplab:trials 60 until fatal", []cell{plain1, plainAll, race1, raceAll}},
		{"maplab:trials 60 until fatal in plain", []cell{plain1, plainAll}},
		{"maplab:trials 60 in gomaxprocs=all", []cell{plainAll, raceAll}},
		{"maplab:trials 60 until fatal in plain gomaxprocs=1", []cell{plain1}},
		{"maplab:trials 60 in race plain gomaxprocs=1 gomaxprocs=all", []cell{plain1, plainAll, race1, raceAll}},
	}
	for _, tt := range tests {
		p, err := Parse("d", "d/main.go", []byte(head+"// "+tt.directive+"\npackage main\n"))
		if err != nil {
			t.Fatalf("%s: %v", tt.directive, err)
		}
		for _, c := range []cell{plain1, plainAll, race1, raceAll} {
			if got, want := p.FloorIn(c.mode, c.procs), slices.Contains(tt.in, c); got != want {
				t.Errorf("%s: FloorIn(%s, %s) = %v, want %v", tt.directive, c.mode, ProcsLabel(c.procs), got, want)
			}
		}
	}
}

// TestParseBuildOutcome checks that maplab:build-outcome reads quoted
// patterns, spaces and escapes included, and that Rejects matches compiler
// messages with them; an ordinary probe rejects nothing.
func TestParseBuildOutcome(t *testing.T) {
	src := "//go:build maplab_build_outcome\n\n// Probe d: t.\n//\n// Hazard: h.\n//\n// Promise: p.\n//\n" +
		"// maplab:build-outcome `duplicate key .* in map literal`  \"undefined: maps\\\\.Keys\"\n// maplab:modes plain\npackage main\n"
	p, err := Parse("d", "d/main.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var pats []string
	for _, re := range p.Rejections {
		pats = append(pats, re.String())
	}
	if want := []string{`duplicate key .* in map literal`, `undefined: maps\.Keys`}; !reflect.DeepEqual(pats, want) {
		t.Errorf("Rejections = %q, want %q", pats, want)
	}
	if !p.BuildOutcome() {
		t.Error("BuildOutcome() = false for a probe with maplab:build-outcome")
	}
	tests := []struct {
		msg  string
		want bool
	}{
		{"duplicate key 1 in map literal", true},
		{"duplicate key in map literal", false}, // gccgo's wording has no key: the pattern wants one
		{"undefined: maps.Keys", true},
		{"undefined: mapsXKeys", false},
		{"syntax error: unexpected newline", false},
	}
	for _, tt := range tests {
		if got := p.Rejects(tt.msg); got != tt.want {
			t.Errorf("Rejects(%q) = %v, want %v", tt.msg, got, tt.want)
		}
	}
	plain, err := Parse("demo", "demo/main.go", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if plain.BuildOutcome() || plain.Rejects("duplicate key 1 in map literal") {
		t.Error("an ordinary probe is a build-outcome probe")
	}
}

// TestParseObserve checks that maplab:observe keeps its templates in
// order and names their metrics.
func TestParseObserve(t *testing.T) {
	src := "// Probe d: t.\n//\n// Hazard: h.\n//\n// Promise: p.\n//\n" +
		"// maplab:observe \"struct{}/bool {ratio}\" `{kept:?kept|replaced}`\npackage main\n"
	p, err := Parse("d", "d/main.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Observe.Strings(), []string{"struct{}/bool {ratio}", "{kept:?kept|replaced}"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Observe = %q, want %q", got, want)
	}
	if got, want := p.Observe.Metrics(), []string{"ratio", "kept"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Observe.Metrics() = %q, want %q", got, want)
	}
}

// TestHashIgnoresObserve checks that a maplab:observe line leaves the
// probe's hash alone (it changes how cells are shown, not what is
// measured) while any other change moves it.
func TestHashIgnoresObserve(t *testing.T) {
	src := "// Probe d: t.\n//\n// Hazard: h.\n//\n// Promise: p.\n//\n// maplab:claims c\npackage main\n"
	with := strings.Replace(src, "// maplab:claims c\n", "// maplab:claims c\n// maplab:observe \"{a}\"\n", 1)
	other := strings.Replace(src, "// maplab:claims c\n", "// maplab:claims d\n", 1)
	if Hash([]byte(with)) != Hash([]byte(src)) {
		t.Error("adding a maplab:observe line changed the hash")
	}
	if Hash([]byte(other)) == Hash([]byte(src)) {
		t.Error("changing a maplab:claims line left the hash unchanged")
	}
}

func TestParseDefaults(t *testing.T) {
	src := "// Probe d: t.\n//\n// Hazard: h.\n//\n// Promise: p.\npackage main\n"
	p, err := Parse("d", "d/main.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p.Minimum != "go1.9" || p.Timeout != 10*time.Second || len(p.Modes) != 2 || p.Langs[0] != LangToolchain ||
		len(p.Procs) != 1 || p.Procs[0] != ProcsAll {
		t.Errorf("defaults not applied: %+v", p)
	}
}

func TestParseErrors(t *testing.T) {
	base := "// Probe d: t.\n//\n// Hazard: h.\n//\n// Promise: p.\n"
	tests := []struct{ name, src, want string }{
		{"unknown directive", base + "// maplab:colour red\npackage main\n", `d/main.go:6: unknown directive "colour"`},
		{"bad minimum", base + "// maplab:minimum 1.21\npackage main\n", "d/main.go:6: usage: maplab:minimum go1.N"},
		{"bad mode", base + "// maplab:modes fast\npackage main\n", `d/main.go:6: unknown mode "fast"`},
		{"repeated", base + "// maplab:modes plain\n// maplab:modes race\npackage main\n", `d/main.go:7: directive "modes" repeated`},
		{"alone with argument", base + "// maplab:alone yes\npackage main\n", "usage: maplab:alone (no arguments)"},
		{"bad timeout", base + "// maplab:timeout soon\npackage main\n", `bad timeout "soon"`},
		{"bad trials", base + "// maplab:trials many\npackage main\n", "usage: maplab:trials N"},
		{"zero trials", base + "// maplab:trials 0\npackage main\n", "usage: maplab:trials N"},
		{"trials until nothing", base + "// maplab:trials 300 until\npackage main\n", "usage: maplab:trials N"},
		{"trials until bad kind", base + "// maplab:trials 300 until boom\npackage main\n", `"boom" is not the kind of a trial`},
		{"gomaxprocs empty", base + "// maplab:gomaxprocs\npackage main\n", "usage: maplab:gomaxprocs N|all"},
		{"gomaxprocs zero", base + "// maplab:gomaxprocs 0 all\npackage main\n", `bad count "0"`},
		{"gomaxprocs word", base + "// maplab:gomaxprocs one\npackage main\n", `bad count "one"`},
		{"gomaxprocs repeated", base + "// maplab:gomaxprocs 1 all 1\npackage main\n", `"1" repeated`},
		{"trials exactly until", base + "// maplab:trials 6 exactly corrupt\npackage main\n", "usage: maplab:trials N"},
		{"trials not exactly", base + "// maplab:trials 6 exact\npackage main\n", "usage: maplab:trials N"},
		{"trials not until", base + "// maplab:trials 300 unless corrupt\npackage main\n", "usage: maplab:trials N"},
		{"trials in nothing", base + "// maplab:trials 60 until fatal in\npackage main\n", `"in" needs at least one mode`},
		{"trials in bad setting", base + "// maplab:trials 60 until fatal in fast\npackage main\n", `bad or repeated setting "fast"`},
		{"trials in repeated mode", base + "// maplab:trials 60 in plain plain\npackage main\n", `bad or repeated setting "plain"`},
		{"trials in bad procs", base + "// maplab:trials 60 in gomaxprocs=0\npackage main\n", `bad or repeated setting "gomaxprocs=0"`},
		{"trials exactly in", base + "// maplab:trials 6 exactly in plain\npackage main\n", `"exactly" fixes every cell, so it takes no "in"`},
		{"trials in a mode not run", base + "// maplab:modes plain\n// maplab:trials 60 in race\npackage main\n", "d/main.go:7: probe d: maplab:trials ... in race names a mode the probe does not run in"},
		{"trials in a setting not measured", base + "// maplab:trials 60 in gomaxprocs=1\npackage main\n", "d/main.go:6: probe d: maplab:trials ... in gomaxprocs=1 names a setting the probe is not measured at"},
		{"build-outcome untagged", base + "// maplab:build-outcome `a`\npackage main\n", `d/main.go:1: probe d: a build-outcome probe must start with the line "//go:build maplab_build_outcome"`},
		{"build-outcome empty", base + "// maplab:build-outcome\npackage main\n", `d/main.go:6: probe d: usage: maplab:build-outcome`},
		{"build-outcome unquoted", base + "// maplab:build-outcome duplicate key\npackage main\n", `probe d: usage: maplab:build-outcome "REGEXP" ... (one or more Go-quoted regular expressions, in double quotes or backquotes, each matching a compiler message that counts as a rejection): "duplicate" is not a quoted pattern`},
		{"build-outcome unterminated", base + "// maplab:build-outcome \"duplicate key\npackage main\n", `"\"duplicate" is not a quoted pattern`},
		{"build-outcome bad regexp", base + "// maplab:build-outcome `duplicate (key`\npackage main\n", "d/main.go:6: probe d: bad build-outcome pattern `duplicate (key`: error parsing regexp: missing closing ): `duplicate (key`; fix the regular expression"},
		{"build-outcome second bad", base + "// maplab:build-outcome `ok` \"a[\"\npackage main\n", "bad build-outcome pattern \"a[\""},
		{"build-outcome empty pattern", base + "// maplab:build-outcome ``\npackage main\n", "empty pattern `` would match any build failure"},
		{"build-outcome glued", base + "// maplab:build-outcome `a``b`\npackage main\n", "patterns must be separated by spaces, after `a`"},
		{"build-outcome rune", base + "// maplab:build-outcome 'a'\npackage main\n", `"'a'" is not a quoted pattern`},
		{"build-outcome repeated", base + "// maplab:build-outcome `a`\n// maplab:build-outcome `b`\npackage main\n", `d/main.go:7: directive "build-outcome" repeated`},
		{"observe empty", base + "// maplab:observe\npackage main\n", `d/main.go:6: probe d: usage: maplab:observe`},
		{"observe unquoted", base + "// maplab:observe ratio {r}\npackage main\n", `"ratio" is not a quoted template`},
		{"observe no metric", base + "// maplab:observe \"ratio\"\npackage main\n", "names no metric"},
		{"observe bad format", base + "// maplab:observe \"{r:x}\"\npackage main\n", `unknown format "x"`},
		{"observe repeated", base + "// maplab:observe \"{a}\"\n// maplab:observe \"{b}\"\npackage main\n", `d/main.go:7: directive "observe" repeated`},
		{"unsupported without reason", base + "// maplab:unsupported gopherjs\npackage main\n", "d/main.go:6: usage: maplab:unsupported TARGET -- REASON"},
		{"unsupported empty reason", base + "// maplab:unsupported gopherjs -- \npackage main\n", "usage: maplab:unsupported TARGET"},
		{"unsupported bad target", base + "// maplab:unsupported Gopher JS -- no\npackage main\n", "usage: maplab:unsupported TARGET"},
		{"unsupported repeated target", base + "// maplab:unsupported js -- a\n// maplab:unsupported js -- b\npackage main\n", "d/main.go:7: maplab:unsupported js repeated"},
		{"not main", base + "package probe\n", "probe must be package main"},
		{"no title", "// Hazard: h.\npackage main\n", `header must start with "// Probe d: <title>"`},
		{"no promise", "// Probe d: t.\n//\n// Hazard: h.\npackage main\n", "needs Hazard: and Promise:"},
	}
	for _, tt := range tests {
		_, err := Parse("d", "d/main.go", []byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want it to contain %q", tt.name, err, tt.want)
		}
	}
	if _, err := Parse("Bad_Name", "x", []byte(good)); err == nil {
		t.Error("non-kebab name accepted")
	}
}

func TestLoadAndSelect(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"b-probe", "a-probe"} {
		src := strings.Replace(good, "Probe demo:", "Probe "+n+":", 1)
		if err := os.MkdirAll(filepath.Join(dir, n), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n, "main.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	all, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Name != "a-probe" || all[1].Dir != filepath.Join(dir, "b-probe") {
		t.Fatalf("Load = %+v", all)
	}
	sel, err := Select(all, []string{"b-probe"})
	if err != nil || len(sel) != 1 || sel[0].Name != "b-probe" {
		t.Errorf("Select(b-probe) = %v, %v", sel, err)
	}
	_, err = Select(all, []string{"nope"})
	if err == nil || !strings.Contains(err.Error(), "unknown probe nope (valid: a-probe, b-probe)") {
		t.Errorf("Select(nope) error = %v", err)
	}
	if _, err := Load(t.TempDir()); err == nil {
		t.Error("empty catalogue accepted")
	}
}

func TestRunsIn(t *testing.T) {
	plainOnly := Probe{Modes: []toolchain.Mode{toolchain.Plain}}
	both := Probe{Modes: []toolchain.Mode{toolchain.Plain, toolchain.Race}}
	for _, tt := range []struct {
		p    Probe
		m    toolchain.Mode
		want bool
	}{
		{plainOnly, toolchain.Plain, true},
		{plainOnly, toolchain.Race, false},
		{both, toolchain.Race, true},
		{Probe{}, toolchain.Plain, false},
	} {
		if got := tt.p.RunsIn(tt.m); got != tt.want {
			t.Errorf("Probe{Modes: %v}.RunsIn(%s) = %v, want %v", tt.p.Modes, tt.m, got, tt.want)
		}
	}
}

// TestParseProcs checks the one spelling of a GOMAXPROCS setting that
// directives, claim scopes and the suite's flag share, and that ProcsArg
// writes what ParseProcs reads.
func TestParseProcs(t *testing.T) {
	for _, tt := range []struct {
		in string
		n  int
		ok bool
	}{
		{"all", ProcsAll, true}, {"1", 1, true}, {"1024", 1024, true},
		{"0", 0, false}, {"1025", 0, false}, {"01", 0, false}, {"+1", 0, false}, {"one", 0, false}, {"", 0, false},
	} {
		n, ok := ParseProcs(tt.in)
		if n != tt.n || ok != tt.ok {
			t.Errorf("ParseProcs(%q) = %d, %v; want %d, %v", tt.in, n, ok, tt.n, tt.ok)
		}
		if ok && ProcsArg(n) != tt.in {
			t.Errorf("ProcsArg(%d) = %q, want %q", n, ProcsArg(n), tt.in)
		}
	}
}

func TestStartsGoroutines(t *testing.T) {
	tests := []struct {
		body string
		want bool
	}{
		{"func main() {}", false},
		{"func main() { go func() {}() }", true},
		{"func f() {}\nfunc main() { defer f() }", false},
		{"func f() {}\nfunc main() { if true { go f() } }", true},
	}
	for _, tt := range tests {
		p := Probe{Name: "d", Source: []byte("package main\n" + tt.body + "\n")}
		got, err := p.StartsGoroutines()
		if err != nil {
			t.Fatalf("%q: %v", tt.body, err)
		}
		if got != tt.want {
			t.Errorf("StartsGoroutines(%q) = %v, want %v", tt.body, got, tt.want)
		}
	}
	if _, err := (Probe{Source: []byte("package main\nfunc (")}).StartsGoroutines(); err == nil {
		t.Error("StartsGoroutines of a broken source: no error")
	}
}

func TestParseUnsupported(t *testing.T) {
	src := "// Probe d: t.\n//\n// Hazard: h.\n//\n// Promise: p.\n//\n// maplab:unsupported gopherjs -- GopherJS does not implement runtime.ReadMemStats figures\n// maplab:unsupported js/wasm -- one thread: no parallel goroutines\npackage main\n"
	p, err := Parse("d", "d/main.go", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Unsupported{
		{Target: "gopherjs", Reason: "GopherJS does not implement runtime.ReadMemStats figures"},
		{Target: "js/wasm", Reason: "one thread: no parallel goroutines"},
	}
	if !reflect.DeepEqual(p.Unsupported, want) {
		t.Fatalf("Unsupported = %+v, want %+v", p.Unsupported, want)
	}
	gjs := toolchain.Toolchain{Kind: toolchain.GopherJS, GOOS: "js", GOARCH: "ecmascript"}
	wasm := toolchain.Toolchain{Kind: toolchain.GC, GOOS: "js", GOARCH: "wasm"}
	native := toolchain.Toolchain{Kind: toolchain.GC, GOOS: "linux", GOARCH: "amd64"}
	for _, tt := range []struct {
		tc   toolchain.Toolchain
		want string
	}{
		{gjs, "not supported on gopherjs: GopherJS does not implement runtime.ReadMemStats figures"},
		{wasm, "not supported on js/wasm: one thread: no parallel goroutines"},
		{native, ""},
	} {
		got, ok := p.UnsupportedOn(tt.tc)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("UnsupportedOn(%s) = %q, %v; want %q", tt.tc.Platform(), got, ok, tt.want)
		}
	}
	js := Unsupported{Target: "js", Reason: "r"}
	if !js.Matches(gjs) || !js.Matches(wasm) || js.Matches(native) {
		t.Errorf("target js should match GopherJS and js/wasm only")
	}
}

func TestHashIgnoresUnsupportedLines(t *testing.T) {
	base := "// Probe d: t.\n//\n// maplab:modes plain\npackage main\n\nfunc main() {}\n"
	with := "// Probe d: t.\n//\n// maplab:modes plain\n// maplab:unsupported gopherjs -- no heap figures\npackage main\n\nfunc main() {}\n"
	changed := "// Probe d: t.\n//\n// maplab:modes plain race\npackage main\n\nfunc main() {}\n"
	if Hash([]byte(base)) != Hash([]byte(with)) {
		t.Errorf("a maplab:unsupported line changed the hash")
	}
	if Hash([]byte(base)) == Hash([]byte(changed)) {
		t.Errorf("another directive did not change the hash")
	}
	if got := len(Hash([]byte(base))); got != 16 {
		t.Errorf("hash has %d hex digits, want 16", got)
	}
}
