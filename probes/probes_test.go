package probes_test

import (
	"context"
	"errors"
	"os/exec"
	"testing"

	"github.com/maplab/maplab/internal/build"
	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/proberesult"
	"github.com/maplab/maplab/internal/toolchain"
	"github.com/maplab/maplab/internal/toolchain/toolchaintest"
	"github.com/maplab/maplab/internal/trial"
)

func load(t *testing.T) []catalogue.Probe {
	t.Helper()
	probes, err := catalogue.Load(".")
	if err != nil {
		t.Fatal(err)
	}
	return probes
}

func TestCatalogueSize(t *testing.T) {
	if n := len(load(t)); n < 24 {
		t.Errorf("catalogue has %d probes, want at least 24", n)
	}
}

// TestBuild builds every probe, from an isolated copy, with every toolchain
// under test whose release reaches the probe's minimum, in every language
// version the probe asks for.
func TestBuild(t *testing.T) {
	probes := load(t)
	tcs := toolchaintest.Under(t)
	b := &build.Builder{CacheDir: toolchaintest.CacheDir("build"), BaseEnv: trial.CleanEnv()}
	for _, tc := range tcs {
		tc := tc
		t.Run(tc.ID, func(t *testing.T) {
			built := 0
			for _, p := range probes {
				if toolchain.CompareRelease(tc.Release, p.Minimum) < 0 {
					continue
				}
				for _, lang := range build.Langs(p, tc) {
					req := build.Request{Probe: p, Toolchain: tc, Mode: toolchain.Plain, Lang: lang}
					_, _, err := b.Build(context.Background(), req)
					var be *build.Error
					if err != nil && p.BuildOutcome() && errors.As(err, &be) && rejectedAs(p, be) {
						// A measured rejection, not a broken probe.
						built++
						continue
					}
					if err != nil {
						t.Errorf("%s (lang %q): %v", p.Name, lang, err)
					}
					built++
				}
			}
			if built == 0 {
				t.Errorf("no probe is buildable with %s", tc.ID)
			}
		})
	}
}

// rejectedAs reports whether one of the messages of the failed build be
// is a rejection the build-outcome probe p expects.
func rejectedAs(p catalogue.Probe, be *build.Error) bool {
	for _, m := range be.Messages() {
		if p.Rejects(m) {
			return true
		}
	}
	return false
}

// singleGoroutine lists the probes whose result does not depend on
// scheduling, with the status the Go spec makes them report.
var singleGoroutine = map[string]string{
	"delete-during-range":          "clean",
	"insert-during-range":          "clean",
	"grow-during-range":            "clean",
	"update-during-range":          "clean",
	"clear-during-range":           "clean",
	"nil-map-write":                "recovered",
	"nil-map-read-delete-range":    "clean",
	"nan-keys":                     "clean",
	"clear-nan-keys":               "clean",
	"range-delete-nan-keys":        "clean",
	"range-closure-capture":        "clean",
	"iteration-order":              "clean",
	"two-phase-delete":             "clean",
	"delete-all-retains-memory":    "clean",
	"maps-iterator-delete":         "clean",
	"map-value-struct-modify":      "clean",
	"unhashable-interface-key":     "recovered",
	"unhashable-key-empty-map":     "recovered",
	"fmt-map-sorted":               "clean",
	"clear-retains-memory":         "clean",
	"empty-struct-set-memory":      "clean",
	"large-values-freed-on-delete": "clean",
	"sync-map-range-order":         "clean",
	"assign-existing-key":          "clean",
	"range-first-key-skew":         "clean",
	"perf-map-ops":                 "clean",
	"string-key-conversion-allocs": "clean",
	"growth-load-factor":           "clean",
	"make-hint-growth":             "clean",
}

// TestSingleGoroutineProbesHoldTheirInvariant runs each single-goroutine
// probe once with the host Go and checks that it printed a result line with
// the status the spec implies and the matching exit status.
func TestSingleGoroutineProbesHoldTheirInvariant(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	tcs, _, err := toolchain.Discover(context.Background(), toolchain.Options{Explicit: []string{goCmd}, CacheDir: toolchaintest.CacheDir("toolchains")})
	if err != nil {
		t.Fatal(err)
	}
	host := tcs[0]
	b := &build.Builder{CacheDir: toolchaintest.CacheDir("build"), BaseEnv: trial.CleanEnv()}
	seen := 0
	for _, p := range load(t) {
		want, ok := singleGoroutine[p.Name]
		if !ok {
			continue
		}
		seen++
		p := p
		t.Run(p.Name, func(t *testing.T) {
			bin, _, err := b.Build(context.Background(), build.Request{Probe: p, Toolchain: host, Mode: toolchain.Plain, Lang: host.Lang})
			if err != nil {
				t.Fatal(err)
			}
			res, err := trial.Run(context.Background(), trial.Spec{Path: bin, Env: trial.CleanEnv(), Timeout: p.Timeout})
			if err != nil {
				t.Fatal(err)
			}
			r, ok, err := proberesult.Parse(res.Stdout)
			if err != nil || !ok {
				t.Fatalf("no valid result line (ok=%v, err=%v); stdout:\n%s\nstderr:\n%s", ok, err, res.Stdout, res.Stderr)
			}
			if r.Probe != p.Name {
				t.Errorf("result names probe %q, want %q", r.Probe, p.Name)
			}
			if r.Status != want {
				t.Errorf("status %q (%s), want %q", r.Status, r.Detail, want)
			}
			wantExit := map[string]int{"clean": 0, "corrupt": 3, "recovered": 4}[want]
			if res.ExitCode != wantExit {
				t.Errorf("exit status %d, want %d", res.ExitCode, wantExit)
			}
		})
	}
	if seen < 10 {
		t.Errorf("only %d single-goroutine probes found in the catalogue, want at least 10", seen)
	}
}
