package runner

import (
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/toolchain"
)

func TestPlan(t *testing.T) {
	gc := toolchain.Toolchain{ID: "go1.19.8", Kind: toolchain.GC, Release: "go1.19.8", Lang: "go1.19",
		Modes: []toolchain.Mode{toolchain.Plain, toolchain.Race}}
	gccgo := toolchain.Toolchain{ID: "gccgo12-go1.18", Kind: toolchain.GCCGO, Release: "go1.18",
		Modes: []toolchain.Mode{toolchain.Plain}, Unavailable: map[toolchain.Mode]string{toolchain.Race: "gccgo has no race detector"}}
	both := []toolchain.Mode{toolchain.Plain, toolchain.Race}
	probes := []catalogue.Probe{
		{Name: "old", Minimum: "go1.9", Modes: both, Langs: []string{catalogue.LangToolchain}},
		{Name: "new", Minimum: "go1.21", Modes: both, Langs: []string{catalogue.LangToolchain}},
		{Name: "plain-only", Minimum: "go1.9", Modes: []toolchain.Mode{toolchain.Plain}, Langs: []string{catalogue.LangToolchain}},
		{Name: "langs", Minimum: "go1.9", Modes: []toolchain.Mode{toolchain.Plain}, Langs: []string{"go1.21", catalogue.LangToolchain}},
		{Name: "timing", Minimum: "go1.9", Modes: []toolchain.Mode{toolchain.Plain}, Langs: []string{catalogue.LangToolchain}, Alone: true, Exactly: true, Trials: 9},
		{Name: "procs", Minimum: "go1.9", Modes: []toolchain.Mode{toolchain.Plain}, Langs: []string{catalogue.LangToolchain}, Procs: []int{1, catalogue.ProcsAll}},
		{Name: "alone", Minimum: "go1.9", Modes: []toolchain.Mode{toolchain.Plain}, Langs: []string{catalogue.LangToolchain}, Alone: true, Trials: 60},
		{Name: "timing2", Minimum: "go1.9", Modes: []toolchain.Mode{toolchain.Plain}, Langs: []string{catalogue.LangToolchain}, Alone: true, Exactly: true, Trials: 9, Procs: []int{1, catalogue.ProcsAll}},
		{Name: "alone-procs", Minimum: "go1.9", Modes: both, Langs: []string{catalogue.LangToolchain}, Alone: true, Procs: []int{1, catalogue.ProcsAll}},
	}
	type cell struct {
		tc, probe string
		mode      toolchain.Mode
		lang      string
		procs     int
		notRun    outcome.Kind
	}
	var got []cell
	for _, task := range Plan(probes, []toolchain.Toolchain{gc, gccgo}, both) {
		c := cell{task.Toolchain.ID, task.Probe.Name, task.Mode, task.Lang, task.Procs, ""}
		if task.NotRun != nil {
			c.notRun = task.NotRun.Kind
		}
		got = append(got, c)
	}
	want := []cell{
		// First the alone cells pinned to one CPU, beside which builds run.
		{"go1.19.8", "alone-procs", "plain", "go1.19", 1, ""},
		{"go1.19.8", "alone-procs", "race", "go1.19", 1, ""},
		{"gccgo12-go1.18", "alone-procs", "plain", "", 1, ""},
		{"go1.19.8", "old", "plain", "go1.19", 0, ""},
		{"go1.19.8", "old", "race", "go1.19", 0, ""},
		{"go1.19.8", "new", "plain", "", 0, outcome.Unsupported}, // minimum above the toolchain
		{"go1.19.8", "new", "race", "", 0, outcome.Unsupported},
		{"go1.19.8", "plain-only", "plain", "go1.19", 0, ""},             // its modes directive drops race
		{"go1.19.8", "langs", "plain", "go1.21", 0, outcome.Unsupported}, // language newer than the toolchain
		{"go1.19.8", "langs", "plain", "go1.19", 0, ""},
		{"go1.19.8", "procs", "plain", "go1.19", 1, ""}, // its gomaxprocs directive: one cell per setting
		{"go1.19.8", "procs", "plain", "go1.19", 0, ""},
		{"go1.19.8", "alone", "plain", "go1.19", 0, ""}, // alone, but not a timing probe
		{"go1.19.8", "alone-procs", "plain", "go1.19", 0, ""},
		{"go1.19.8", "alone-procs", "race", "go1.19", 0, ""},
		{"gccgo12-go1.18", "old", "plain", "", 0, ""},
		{"gccgo12-go1.18", "old", "race", "", 0, outcome.Unavailable},
		{"gccgo12-go1.18", "new", "plain", "", 0, outcome.Unsupported},
		{"gccgo12-go1.18", "new", "race", "", 0, outcome.Unsupported},
		{"gccgo12-go1.18", "plain-only", "plain", "", 0, ""},
		{"gccgo12-go1.18", "langs", "plain", "go1.21", 0, outcome.Unsupported}, // gccgo builds without go.mod
		{"gccgo12-go1.18", "langs", "plain", "", 0, ""},
		{"gccgo12-go1.18", "procs", "plain", "", 1, ""},
		{"gccgo12-go1.18", "procs", "plain", "", 0, ""},
		{"gccgo12-go1.18", "alone", "plain", "", 0, ""},
		{"gccgo12-go1.18", "alone-procs", "plain", "", 0, ""},
		{"gccgo12-go1.18", "alone-procs", "race", "", 1, outcome.Unavailable}, // not run: no trial to build beside
		{"gccgo12-go1.18", "alone-procs", "race", "", 0, outcome.Unavailable},
		// The timing probes last, probe by probe across the toolchains.
		{"go1.19.8", "timing", "plain", "go1.19", 0, ""},
		{"gccgo12-go1.18", "timing", "plain", "", 0, ""},
		{"go1.19.8", "timing2", "plain", "go1.19", 1, ""}, // a timing probe's one-CPU cells stay with it
		{"go1.19.8", "timing2", "plain", "go1.19", 0, ""},
		{"gccgo12-go1.18", "timing2", "plain", "", 1, ""},
		{"gccgo12-go1.18", "timing2", "plain", "", 0, ""},
	}
	if len(got) != len(want) {
		t.Fatalf("Plan gave %d cells, want %d:\n%v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestPlanUnsupportedTarget(t *testing.T) {
	gjs := toolchain.Toolchain{ID: "gopherjs1.19.0-beta2-go1.19.8", Kind: toolchain.GopherJS, Release: "go1.19.8", Lang: "go1.19", GOOS: "js", GOARCH: "ecmascript",
		Modes: []toolchain.Mode{toolchain.Plain}, Unavailable: map[toolchain.Mode]string{toolchain.Race: "GopherJS has no race detector"}}
	native := toolchain.Toolchain{ID: "go1.19.8", Kind: toolchain.GC, Release: "go1.19.8", Lang: "go1.19", GOOS: "linux", GOARCH: "amd64",
		Modes: []toolchain.Mode{toolchain.Plain}}
	p := catalogue.Probe{Name: "mem", Minimum: "go1.9", Modes: []toolchain.Mode{toolchain.Plain, toolchain.Race}, Langs: []string{catalogue.LangToolchain},
		Procs: []int{1, catalogue.ProcsAll}, Unsupported: []catalogue.Unsupported{{Target: "gopherjs", Reason: "no heap figures"}}}
	var got []string
	for _, task := range Plan([]catalogue.Probe{p}, []toolchain.Toolchain{gjs, native}, []toolchain.Mode{toolchain.Plain, toolchain.Race}) {
		s := task.Toolchain.ID + " " + string(task.Mode)
		if task.NotRun != nil {
			s += " " + task.NotRun.String()
		}
		got = append(got, s)
	}
	want := []string{
		"gopherjs1.19.0-beta2-go1.19.8 plain unsupported:not supported on gopherjs: no heap figures",
		"gopherjs1.19.0-beta2-go1.19.8 plain unsupported:not supported on gopherjs: no heap figures",
		"gopherjs1.19.0-beta2-go1.19.8 race unsupported:not supported on gopherjs: no heap figures",
		"gopherjs1.19.0-beta2-go1.19.8 race unsupported:not supported on gopherjs: no heap figures",
		"go1.19.8 plain",
		"go1.19.8 plain",
		"go1.19.8 race unavailable:race mode not supported by go1.19.8",
		"go1.19.8 race unavailable:race mode not supported by go1.19.8",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Plan =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
