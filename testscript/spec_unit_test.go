package testscript_test

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

func TestParseProbeArgs(t *testing.T) {
	tests := []struct {
		args    string
		want    probeArgs
		wantErr string
	}{
		{"nil-map-write", probeArgs{"nil-map-write", defaultTrials, toolchain.Plain, "toolchain", false, 0}, ""},
		{"p -trials 7 -mode race -lang go1.21", probeArgs{"p", 7, toolchain.Race, "go1.21", false, 0}, ""},
		{"p -lang toolchain -alone", probeArgs{"p", defaultTrials, toolchain.Plain, "toolchain", true, 0}, ""},
		{"p -gomaxprocs 1", probeArgs{"p", defaultTrials, toolchain.Plain, "toolchain", false, 1}, ""},
		{"p -gomaxprocs all", probeArgs{"p", defaultTrials, toolchain.Plain, "toolchain", false, 0}, ""},
		{"p -gomaxprocs 0", probeArgs{}, `bad -gomaxprocs "0"`},
		{"", probeArgs{}, "missing probe name"},
		{"-trials 3 p", probeArgs{}, "missing probe name"},
		{"p -trials 0", probeArgs{}, "-trials must be from 1 to"},
		{"p -trials many", probeArgs{}, "invalid value"},
		{"p -mode fast", probeArgs{}, `unknown mode "fast"`},
		{"p -lang 1.21", probeArgs{}, `bad -lang "1.21"`},
		{"p -bogus", probeArgs{}, "not defined: -bogus"},
		{"p extra", probeArgs{}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		got, err := parseProbeArgs(strings.Fields(tt.args))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseProbeArgs(%q) error = %v, want one containing %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseProbeArgs(%q) = %+v, %v, want %+v", tt.args, got, err, tt.want)
		}
	}
}

func TestSelector(t *testing.T) {
	fatalWrites := outcome.Outcome{Kind: outcome.Fatal, Reason: "concurrent map writes"}
	fatalRead := outcome.Outcome{Kind: outcome.Fatal, Reason: "concurrent map read and map write"}
	race := outcome.Outcome{Kind: outcome.Race, Reason: "data race"}
	clean := outcome.Outcome{Kind: outcome.Clean}
	tests := []struct {
		spec    string
		match   []outcome.Outcome
		noMatch []outcome.Outcome
		wantErr string
	}{
		{spec: "fatal", match: []outcome.Outcome{fatalWrites, fatalRead}, noMatch: []outcome.Outcome{race, clean}},
		{spec: "fatal:writes$", match: []outcome.Outcome{fatalWrites}, noMatch: []outcome.Outcome{fatalRead}},
		{spec: "fatal|race", match: []outcome.Outcome{fatalRead, race}, noMatch: []outcome.Outcome{clean}},
		{spec: "clean:.", noMatch: []outcome.Outcome{clean}},
		{spec: "fatal:a:b", noMatch: []outcome.Outcome{fatalWrites}},
		{spec: "fatl", wantErr: `unknown outcome kind "fatl"`},
		{spec: "fatal|", wantErr: `unknown outcome kind ""`},
		{spec: "fatal:(", wantErr: "bad reason regexp"},
	}
	for _, tt := range tests {
		sel, err := parseSelector(tt.spec)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseSelector(%q) error = %v, want one containing %q", tt.spec, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseSelector(%q): %v", tt.spec, err)
			continue
		}
		for _, o := range tt.match {
			if !sel.match(o) {
				t.Errorf("%q does not match %s, want a match", tt.spec, o)
			}
		}
		for _, o := range tt.noMatch {
			if sel.match(o) {
				t.Errorf("%q matches %s, want no match", tt.spec, o)
			}
		}
	}
}

func TestSelectorCount(t *testing.T) {
	c := results.Cell{N: 10, Tallies: []results.Tally{
		{Outcome: outcome.Outcome{Kind: outcome.Fatal, Reason: "concurrent map writes"}, K: 6},
		{Outcome: outcome.Outcome{Kind: outcome.Race, Reason: "data race"}, K: 3},
		{Outcome: outcome.Outcome{Kind: outcome.Clean}, K: 1},
	}}
	for spec, want := range map[string]int{"fatal": 6, "fatal|race": 9, "clean": 1, "corrupt": 0, "race:fatal": 0,
		"clean fatal:writes": 7, "clean fatal race": 10, "fatal fatal:writes": 6} {
		sel, err := parseSelectors(strings.Fields(spec))
		if err != nil {
			t.Fatal(err)
		}
		if got := sel.count(c); got != want {
			t.Errorf("count(%q) = %d, want %d", spec, got, want)
		}
	}
}

func TestComparison(t *testing.T) {
	tests := []struct {
		op, x string
		unit  bool
		v     float64
		want  bool
		err   string
	}{
		{">=", "0.9", true, 0.9, true, ""},
		{">=", "0.9", true, 0.89, false, ""},
		{">", "0.5", true, 0.5, false, ""},
		{"<", "0.5", true, 0.49, true, ""},
		{"<=", "0", true, 0, true, ""},
		{"==", "0.5", true, 20.0 / 40.0, true, ""},
		{"==", "1", true, 39.0 / 40.0, false, ""},
		{"==", "0.3", true, 0.1 + 0.2, true, ""},
		{"==", "12", false, 12, true, ""},
		{"!=", "1", true, 0, false, `unknown operator "!="`},
		{">=", "1.5", true, 0, false, "outside [0, 1]"},
		{">=", "x", true, 0, false, `bad number "x"`},
		{">=", "NaN", false, 0, false, `bad number "NaN"`},
	}
	for _, tt := range tests {
		c, err := parseComparison(tt.op, tt.x, tt.unit)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parseComparison(%q, %q) error = %v, want one containing %q", tt.op, tt.x, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseComparison(%q, %q): %v", tt.op, tt.x, err)
			continue
		}
		if got := c.holds(tt.v); got != tt.want {
			t.Errorf("%v %s = %v, want %v", tt.v, c, got, tt.want)
		}
	}
}

func TestDistribution(t *testing.T) {
	ran := results.Cell{N: 40, Tallies: []results.Tally{
		{Outcome: outcome.Outcome{Kind: outcome.Fatal, Reason: "concurrent map writes"}, K: 38},
		{Outcome: outcome.Outcome{Kind: outcome.Clean}, K: 2},
	}}
	notRun := results.Cell{NotRun: &outcome.Outcome{Kind: outcome.Unsupported, Reason: "needs go1.21, toolchain has go1.19.8"}}
	for _, tt := range []struct {
		c    results.Cell
		want string
	}{
		{ran, "fatal:concurrent map writes 38, clean 2"},
		{notRun, "not run: unsupported:needs go1.21, toolchain has go1.19.8"},
		{results.Cell{}, "no trials"},
	} {
		if got := distribution(tt.c); got != tt.want {
			t.Errorf("distribution = %q, want %q", got, tt.want)
		}
	}
}

func TestMetricSummary(t *testing.T) {
	c := results.Cell{N: 40}
	c.AddMetrics(map[string]float64{"x": 1, "y": 2})
	c.AddMetrics(map[string]float64{"x": 0})
	got, ok := metricSummary(c, "x")
	if want := (results.MetricSummary{Count: 2, Sum: 1, Min: 0, Max: 1, Values: []float64{1, 0}}); !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("metricSummary(x) = %+v, %v; want %+v, true", got, ok, want)
	}
	if _, ok := metricSummary(c, "z"); ok {
		t.Error("metricSummary(z): reported, want not reported")
	}
}

func TestSwissMaps(t *testing.T) {
	tests := []struct {
		tc   toolchain.Toolchain
		want bool
	}{
		{toolchain.Toolchain{Kind: toolchain.GC, Release: "go1.24.0"}, true},
		{toolchain.Toolchain{Kind: toolchain.GC, Release: "go1.27.3"}, true},
		{toolchain.Toolchain{Kind: toolchain.GC, Release: "go1.23.9"}, false},
		{toolchain.Toolchain{Kind: toolchain.GC, Release: "go1.24.6", Variant: "noswissmap"}, false},
		{toolchain.Toolchain{Kind: toolchain.GC, Release: "go1.25.1", ExtraEnv: []string{"GOEXPERIMENT=noswissmap"}}, false},
		{toolchain.Toolchain{Kind: toolchain.GCCGO, Release: "go1.24"}, false},
	}
	for _, tt := range tests {
		if got := swissMaps(tt.tc); got != tt.want {
			t.Errorf("swissMaps(%+v) = %v, want %v", tt.tc, got, tt.want)
		}
	}
}

func TestConditions(t *testing.T) {
	go119 := toolchain.Toolchain{ID: "go1.19.8", Kind: toolchain.GC, Release: "go1.19.8", Lang: "go1.19", Modes: []toolchain.Mode{toolchain.Plain, toolchain.Race}}
	gccgo := toolchain.Toolchain{ID: "gccgo12-go1.18", Kind: toolchain.GCCGO, Release: "go1.18", Modes: []toolchain.Mode{toolchain.Plain}}
	tests := []struct {
		tc   toolchain.Toolchain
		cond string
		want bool
		err  string
	}{
		{go119, "kind:gc", true, ""},
		{gccgo, "kind:gc", false, ""},
		{gccgo, "kind:gccgo", true, ""},
		{gccgo, "kind:gopherjs", false, ""},
		{toolchain.Toolchain{ID: "gopherjs1.19.0-beta2-go1.19.8", Kind: toolchain.GopherJS}, "kind:gopherjs", true, ""},
		{go119, "kind:", false, "want [kind:gc], [kind:gccgo] or [kind:gopherjs]"},
		{go119, "release:go1.19", true, ""},
		{go119, "release:go1.19.9", false, ""},
		{go119, "release:go1.20", false, ""},
		{gccgo, "release:go1.18", true, ""},
		{go119, "release:1.19", false, "want [release:go1.N]"},
		{go119, "lang:go1.19", true, ""},
		{go119, "lang:go1.21", false, ""},
		{gccgo, "lang:go1.9", false, ""},
		{go119, "lang:toolchain", false, "want [lang:go1.N]"},
		{go119, "race", true, ""},
		{gccgo, "race", false, ""},
		{go119, "race:x", false, "takes no argument"},
		{go119, "swiss", false, ""},
		{go119, "toolchain:go1.19.8", true, ""},
		{gccgo, "toolchain:go1.19.8", false, ""},
		{go119, "toolchain", false, "want [toolchain:ID]"},
		{go119, "bogus", false, "unknown condition"},
	}
	for _, tt := range tests {
		tc := tt.tc
		got, err := condition(&tc)(tt.cond)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("[%s] on %s: error %v, want one containing %q", tt.cond, tc.ID, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("[%s] on %s = %v, %v; want %v", tt.cond, tc.ID, got, err, tt.want)
		}
	}
	if _, err := condition(nil)("race"); err == nil || !strings.Contains(err.Error(), "per-toolchain suite only") {
		t.Errorf("[race] without a toolchain: error %v, want one saying per-toolchain suite only", err)
	}
}

// TestOneScriptPerProbe checks that testdata holds exactly one script per
// probe, named after it.
func TestOneScriptPerProbe(t *testing.T) {
	l := newLab(t)
	scripts, err := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, s := range scripts {
		have[strings.TrimSuffix(filepath.Base(s), ".txtar")] = true
	}
	for _, p := range l.probes {
		if !have[p.Name] {
			t.Errorf("probe %s has no script testdata/%s.txtar", p.Name, p.Name)
		}
		delete(have, p.Name)
	}
	for name := range have {
		t.Errorf("testdata/%s.txtar is named after no probe", name)
	}
}

// TestScriptsRecordMeasurements checks that every probe script says where
// its bounds come from: a "measured" comment.
func TestScriptsRecordMeasurements(t *testing.T) {
	scripts, _ := filepath.Glob(filepath.Join("testdata", "*.txtar"))
	for _, s := range scripts {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`(?m)^# *[Mm]easured`).Match(b) {
			t.Errorf("%s records no measurement (want a \"# Measured ...\" comment)", s)
		}
	}
}

// TestDocMentionsEverything checks that doc.go documents every custom
// command and condition.
func TestDocMentionsEverything(t *testing.T) {
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	var names []string
	for name := range commands {
		names = append(names, name)
		if !regexp.MustCompile(`(?m)^  - (\[!\] )?` + name + `\b`).MatchString(doc) {
			t.Errorf("doc.go does not document command %s (want a line \"  - %s ...\")", name, name)
		}
	}
	sort.Strings(names)
	for name := range conditions {
		if !strings.Contains(doc, "["+name+"]") && !strings.Contains(doc, "["+name+":") {
			t.Errorf("doc.go does not document condition [%s]", name)
		}
	}
}
