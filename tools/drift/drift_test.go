package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

const machineID = "local-linux-amd64-2cpu-b23a6a"

// testClaims reads perf-a's metric t against a threshold (twice, once in
// race builds only), perf-b's metric ns against another toolchain, and
// other clauses that are not interval clauses.
const testClaims = `{"schema": 2, "claims": [
 {"id": "a-fast", "statement": "A is fast.", "source": "test", "form": "universal",
  "modes": ["plain"], "modes_why": "Plain builds.", "probes": ["perf-a"],
  "checks": [{"probe": "perf-a", "holds_if": "interval(t) > 2"},
             {"probe": "perf-a", "holds_if": "rate(clean) == 1 and metric(u) == 0"}]},
 {"id": "a-fast-in-race", "statement": "A is fast in race builds too.", "source": "test", "form": "universal",
  "modes": ["plain", "race"], "modes_why": "Both builds.", "probes": ["perf-a"],
  "checks": [{"probe": "perf-a", "mode": "race", "holds_if": "interval(t) < 9"}]},
 {"id": "b-faster", "statement": "B got faster.", "source": "test", "form": "universal",
  "modes": ["plain"], "modes_why": "Plain builds.", "probes": ["perf-b"],
  "checks": [{"probe": "perf-b", "when": "release >= go1.24", "versus": "release < go1.24", "holds_if": "interval(ns) < versus"}]}
]}`

func parseTestClaims(t *testing.T) []claims.Claim {
	t.Helper()
	cs, err := claims.Parse("test claims", []byte(testClaims))
	require.NoError(t, err)
	return cs
}

// cell returns a plain cell at every CPU of probe with the values of
// metric m.
func cell(probe, m string, values ...float64) results.Cell {
	return modeCell(probe, toolchain.Plain, "", 0, m, values...)
}

func modeCell(probe string, mode toolchain.Mode, lang string, procs int, m string, values ...float64) results.Cell {
	c := results.Cell{Probe: probe, ProbeHash: "0000000000000000", Mode: mode, Lang: lang, Procs: procs, N: len(values),
		Tallies: []results.Tally{{Outcome: outcome.Outcome{Kind: outcome.Clean}, K: len(values)}}}
	if procs != 0 {
		c.CPULimit = results.CPULimitEnv
	}
	if m != "" {
		var s results.MetricSummary
		for _, v := range values {
			s = s.Add(v)
		}
		c.Metrics = map[string]results.MetricSummary{m: s}
	}
	return c
}

// file returns a results file of the gc toolchain id with the cells.
func file(id string, cells ...results.Cell) results.File {
	release, _, _ := strings.Cut(id, "-")
	lang := release
	if parts := strings.Split(release, "."); len(parts) > 2 {
		lang = strings.Join(parts[:2], ".")
	}
	tc := toolchain.Toolchain{ID: id, Kind: toolchain.GC, Release: release, Lang: lang, GOOS: "linux", GOARCH: "amd64",
		Modes: []toolchain.Mode{toolchain.Plain, toolchain.Race}}
	env := results.Env{MachineID: machineID, GOOS: "linux", GOARCH: "amd64", CPUs: 2, Date: time.Unix(0, 0).UTC(),
		Runner: results.RunnerLocal, CPUModel: "unknown"}
	return results.File{Toolchain: tc, Env: env, Cells: cells}
}

var (
	thresholdT = Metric{Probe: "perf-a", Name: "t", Modes: map[toolchain.Mode]bool{toolchain.Plain: true}}
	versusNS   = Metric{Probe: "perf-b", Name: "ns", Versus: true, Modes: map[toolchain.Mode]bool{toolchain.Plain: true}}
)

func TestClaimedMetrics(t *testing.T) {
	got := ClaimedMetrics(parseTestClaims(t))
	want := []Metric{
		{Probe: "perf-a", Name: "t", Modes: map[toolchain.Mode]bool{toolchain.Plain: true, toolchain.Race: true}},
		{Probe: "perf-b", Name: "ns", Versus: true, Modes: map[toolchain.Mode]bool{toolchain.Plain: true}},
	}
	require.Equal(t, want, got)
}

// TestClaimedMetricsEmbedded checks the lab's own claims: the timing
// claims read metrics of both kinds, each once.
func TestClaimedMetricsEmbedded(t *testing.T) {
	type key struct {
		probe, name string
		versus      bool
	}
	seen := map[key]bool{}
	kinds := map[bool]int{}
	for _, m := range ClaimedMetrics(claims.Embedded()) {
		k := key{m.Probe, m.Name, m.Versus}
		require.False(t, seen[k], "metric %+v listed twice", k)
		require.NotEmpty(t, m.Modes, "metric %+v read in no mode", k)
		seen[k] = true
		kinds[m.Versus]++
	}
	require.Positive(t, kinds[false], "no threshold metric")
	require.Positive(t, kinds[true], "no versus metric")
	require.True(t, seen[key{"perf-map-ops", "hit_int_6", true}])
	require.True(t, seen[key{"perf-clear-capacity", "clear_big_small", false}])
}

func TestCompare(t *testing.T) {
	type want struct {
		where string
		a, b  float64
	}
	ln15 := math.Log(1.5)
	tests := []struct {
		name      string
		a, b      []results.File
		threshold []want
		ratios    []want
	}{
		{
			name:      "medians 2 and 3",
			a:         []results.File{file("go1.19.8", cell("perf-a", "t", 1, 2, 9))},
			b:         []results.File{file("go1.19.8", cell("perf-a", "t", 3, 0.5, 3))},
			threshold: []want{{"go1.19.8 perf-a/plain", 2, 3}},
		},
		{
			name:      "even count takes the middle two, non-positive values skipped",
			a:         []results.File{file("go1.19.8", cell("perf-a", "t", 1, 0, 3, -2))},
			b:         []results.File{file("go1.19.8", cell("perf-a", "t", 3))},
			threshold: []want{{"go1.19.8 perf-a/plain", 2, 3}},
		},
		{
			name: "cells and toolchains missing from one run are skipped",
			a: []results.File{
				file("go1.19.8", cell("perf-a", "t", 2), modeCell("perf-a", toolchain.Plain, "", 1, "t", 5)),
				file("go1.26.8", cell("perf-a", "t", 7)),
			},
			b:         []results.File{file("go1.19.8", cell("perf-a", "t", 3))},
			threshold: []want{{"go1.19.8 perf-a/plain", 2, 3}},
		},
		{
			name: "a mode the claims do not read and a cell without values are skipped",
			a: []results.File{file("go1.19.8", cell("perf-a", "t", 2), modeCell("perf-a", toolchain.Race, "", 0, "t", 10),
				modeCell("perf-a", toolchain.Plain, "", 1, "t", 4))},
			b: []results.File{file("go1.19.8", cell("perf-a", "t", 3), modeCell("perf-a", toolchain.Race, "", 0, "t", 40),
				modeCell("perf-a", toolchain.Plain, "", 1, "other", 4))},
			threshold: []want{{"go1.19.8 perf-a/plain", 2, 3}},
		},
		{
			name:   "ratio of two toolchains",
			a:      []results.File{file("go1.26.8", cell("perf-b", "ns", 4)), file("go1.19.8", cell("perf-b", "ns", 2))},
			b:      []results.File{file("go1.19.8", cell("perf-b", "ns", 3)), file("go1.26.8", cell("perf-b", "ns", 4))},
			ratios: []want{{"go1.19.8/go1.26.8 perf-b/plain", 0.5, 0.75}},
		},
		{
			name: "each pair once, smaller ID first",
			a: []results.File{file("go1.26.8", cell("perf-b", "ns", 4)), file("go1.19.8", cell("perf-b", "ns", 2)),
				file("go1.18.10", cell("perf-b", "ns", 1))},
			b: []results.File{file("go1.19.8", cell("perf-b", "ns", 2)), file("go1.26.8", cell("perf-b", "ns", 8)),
				file("go1.18.10", cell("perf-b", "ns", 1))},
			ratios: []want{
				{"go1.18.10/go1.19.8 perf-b/plain", 0.5, 0.5},
				{"go1.18.10/go1.26.8 perf-b/plain", 0.25, 0.125},
				{"go1.19.8/go1.26.8 perf-b/plain", 0.5, 0.25},
			},
		},
		{
			name: "ratios pair each toolchain's own language, only at one GOMAXPROCS",
			a: []results.File{
				file("go1.19.8", modeCell("perf-b", toolchain.Plain, "go1.19", 0, "ns", 2), modeCell("perf-b", toolchain.Plain, "go1.19", 1, "ns", 5)),
				file("go1.26.8", modeCell("perf-b", toolchain.Plain, "go1.26", 0, "ns", 4)),
			},
			b: []results.File{
				file("go1.19.8", modeCell("perf-b", toolchain.Plain, "go1.19", 0, "ns", 3), modeCell("perf-b", toolchain.Plain, "go1.19", 1, "ns", 6)),
				file("go1.26.8", modeCell("perf-b", toolchain.Plain, "go1.26", 0, "ns", 4), modeCell("perf-b", toolchain.Plain, "go1.26", 2, "ns", 1)),
			},
			ratios: []want{{"go1.19.8/go1.26.8 perf-b/plain", 0.5, 0.75}},
		},
		{
			name:      "both groups",
			a:         []results.File{file("go1.19.8", cell("perf-a", "t", 2), cell("perf-b", "ns", 2)), file("go1.26.8", cell("perf-b", "ns", 4))},
			b:         []results.File{file("go1.19.8", cell("perf-a", "t", 3), cell("perf-b", "ns", 3)), file("go1.26.8", cell("perf-b", "ns", 4))},
			threshold: []want{{"go1.19.8 perf-a/plain", 2, 3}},
			ratios:    []want{{"go1.19.8/go1.26.8 perf-b/plain", 0.5, 0.75}},
		},
	}
	check := func(t *testing.T, got []Drift, want []want, metric string) {
		t.Helper()
		require.Len(t, got, len(want), "%+v", got)
		for i, w := range want {
			require.Equal(t, w.where, got[i].Where)
			require.Equal(t, metric, got[i].Metric)
			require.InDelta(t, w.a, got[i].A, 1e-12, "A of %s", w.where)
			require.InDelta(t, w.b, got[i].B, 1e-12, "B of %s", w.where)
			require.InDelta(t, math.Abs(math.Log(w.b/w.a)), got[i].Drift, 1e-12, "drift of %s", w.where)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Compare(Run{Name: "run A", Files: tt.a}, Run{Name: "run B", Files: tt.b}, []Metric{thresholdT, versusNS})
			require.NoError(t, err)
			check(t, r.Threshold, tt.threshold, "t")
			check(t, r.Ratios, tt.ratios, "ns")
		})
	}
	// The hand-computed drift of the first cases: medians 2 and 3, ratios
	// 0.5 and 0.75, both ln 1.5.
	r, err := Compare(Run{Files: tests[len(tests)-1].a}, Run{Files: tests[len(tests)-1].b}, []Metric{thresholdT, versusNS})
	require.NoError(t, err)
	require.InDelta(t, ln15, r.Threshold[0].Drift, 1e-12)
	require.InDelta(t, ln15, r.Ratios[0].Drift, 1e-12)
}

func TestCompareErrors(t *testing.T) {
	tests := []struct {
		name string
		a, b []results.File
		ms   []Metric
		msg  string
	}{
		{
			name: "no shared toolchain",
			a:    []results.File{file("go1.19.8", cell("perf-a", "t", 2))},
			b:    []results.File{file("go1.26.8", cell("perf-a", "t", 2))},
			ms:   []Metric{thresholdT, versusNS},
			msg:  "share no cell",
		},
		{
			name: "no shared cell with values",
			a:    []results.File{file("go1.19.8", cell("perf-a", "t", 2), cell("perf-b", "ns", 1)), file("go1.26.8", cell("perf-b", "ns", 1))},
			b:    []results.File{file("go1.19.8", cell("perf-a", "t", 0), cell("perf-b", "ns", 1)), file("go1.26.8", cell("perf-b", "other", 1))},
			ms:   []Metric{thresholdT, versusNS},
			msg:  "share no cell",
		},
		{
			name: "two files of one toolchain",
			a:    []results.File{file("go1.19.8", cell("perf-a", "t", 2)), file("go1.19.8", cell("perf-a", "t", 3))},
			b:    []results.File{file("go1.19.8", cell("perf-a", "t", 2))},
			ms:   []Metric{thresholdT},
			msg:  "run A holds two results files of toolchain go1.19.8",
		},
		{
			name: "no claimed metric",
			a:    []results.File{file("go1.19.8", cell("perf-a", "t", 2))},
			b:    []results.File{file("go1.19.8", cell("perf-a", "t", 2))},
			msg:  "read no metric with an interval clause",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compare(Run{Name: "run A", Files: tt.a}, Run{Name: "run B", Files: tt.b}, tt.ms)
			require.ErrorContains(t, err, tt.msg)
		})
	}
}

func TestPercentile(t *testing.T) {
	seq := func(n int) []float64 {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = float64(i + 1)
		}
		return xs
	}
	tests := []struct {
		values []float64
		p      int
		want   float64
	}{
		{seq(10), 50, 5},
		{seq(10), 90, 9},
		{seq(10), 95, 10},
		{seq(10), 100, 10},
		{seq(20), 95, 19},
		{seq(20), 50, 10},
		{seq(3), 50, 2},
		{seq(85), 95, 81},
		{[]float64{0.4}, 95, 0.4},
		{seq(10), 1, 1},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, Percentile(tt.values, tt.p), "p%d of %d values", tt.p, len(tt.values))
	}
	require.True(t, math.IsNaN(Percentile(nil, 50)))
}

func TestReportWrite(t *testing.T) {
	r := Report{Threshold: []Drift{
		{Where: "go1.19.8 perf-a/plain", Metric: "t", A: 2, B: 3, Drift: math.Log(1.5)},
		{Where: "go1.26.8 perf-a/plain", Metric: "t", A: 1, B: 1, Drift: 0},
	}}
	var b bytes.Buffer
	require.NoError(t, r.Write(&b, 1))
	out := b.String()
	require.Contains(t, out, "threshold cells")
	require.Contains(t, out, ": 2\n  median 0.000 (×1.00)   p90 0.405 (×1.50)   p95 0.405 (×1.50)   max 0.405 (×1.50)\n")
	require.Contains(t, out, "the 1 largest:\n    0.405 (×1.50)  go1.19.8 perf-a/plain  t  A 2  B 3\n")
	require.NotContains(t, out, "go1.26.8 perf-a/plain", "only the top 1 is listed")
	require.Contains(t, out, "ratios between toolchains")
	require.Contains(t, out, "none in both runs")
	require.Contains(t, out, "both groups together: 2 statistics; 95% of them moved by a factor of at most ×1.50 (p95 0.405)")
}

// writeRun writes the files into a fresh machine directory and returns it.
func writeRun(t *testing.T, files ...results.File) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), machineID)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	for _, f := range files {
		require.NoError(t, results.Write(filepath.Join(dir, results.FileName(f.Toolchain)), f))
	}
	return dir
}

func TestRun(t *testing.T) {
	claimsFile := filepath.Join(t.TempDir(), "claims.json")
	require.NoError(t, os.WriteFile(claimsFile, []byte(testClaims), 0o644))
	a := writeRun(t, file("go1.19.8", cell("perf-a", "t", 1, 2, 9), cell("perf-b", "ns", 2)), file("go1.26.8", cell("perf-b", "ns", 4)))
	b := writeRun(t, file("go1.19.8", cell("perf-a", "t", 3), cell("perf-b", "ns", 3)), file("go1.26.8", cell("perf-b", "ns", 4)))
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"-claims", claimsFile, a, b}, &stdout, &stderr), stderr.String())
	out := stdout.String()
	require.Contains(t, out, "machine "+machineID+", 2 results files: go1.19.8, go1.26.8")
	require.Contains(t, out, "read 1 metrics against a threshold and 1 against another toolchain")
	require.Contains(t, out, "0.405 (×1.50)  go1.19.8 perf-a/plain  t  A 2  B 3")
	require.Contains(t, out, "0.405 (×1.50)  go1.19.8/go1.26.8 perf-b/plain  ns  A 0.5  B 0.75")
	require.Contains(t, out, "both groups together: 2 statistics")
	require.Empty(t, stderr.String())

	// The lab's own claims read clear_big_small of perf-clear-capacity
	// against a threshold.
	a = writeRun(t, file("go1.19.8", cell("perf-clear-capacity", "clear_big_small", 4)))
	b = writeRun(t, file("go1.19.8", cell("perf-clear-capacity", "clear_big_small", 8)))
	stdout.Reset()
	require.Equal(t, 0, run([]string{a, b}, &stdout, &stderr), stderr.String())
	require.Contains(t, stdout.String(), "0.693 (×2.00)  go1.19.8 perf-clear-capacity/plain  clear_big_small  A 4  B 8")
}

func TestRunErrors(t *testing.T) {
	good := writeRun(t, file("go1.19.8", cell("perf-clear-capacity", "clear_big_small", 4)))
	other := writeRun(t, file("go1.26.8", cell("perf-clear-capacity", "clear_big_small", 4)))
	empty := t.TempDir()
	corrupt := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(corrupt, "go1.19.8.json"), []byte(`{"schema": 4, "toolchain": {`), 0o644))
	badClaims := filepath.Join(t.TempDir(), "claims.json")
	require.NoError(t, os.WriteFile(badClaims, []byte(`{"schema": 1, "claims": []}`), 0o644))
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no arguments", nil, 2, "want two results directories, got 0"},
		{"one argument", []string{good}, 2, "usage: drift"},
		{"unknown flag", []string{"-x", good, good}, 2, "flag provided but not defined"},
		{"negative top", []string{"-top", "-1", good, good}, 2, "-top -1"},
		{"missing directory", []string{good, filepath.Join(empty, "nope")}, 1, "run B (" + filepath.Join(empty, "nope") + "): no such directory"},
		{"a file, not a directory", []string{badClaims, good}, 1, "not a directory"},
		{"no results files", []string{empty, good}, 1, "no results files (*.json)"},
		{"corrupt file", []string{good, corrupt}, 1, "go1.19.8.json"},
		{"no shared cell", []string{good, other}, 1, "share no cell"},
		{"missing claims file", []string{"-claims", filepath.Join(empty, "nope.json"), good, good}, 1, "-claims"},
		{"bad claims file", []string{"-claims", badClaims, good, good}, 1, "schema 1, want 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			require.Equal(t, tt.code, run(tt.args, &stdout, &stderr), stderr.String())
			require.Contains(t, stderr.String(), tt.msg)
			require.Empty(t, stdout.String())
		})
	}
}
