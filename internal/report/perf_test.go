package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/toolchain"
)

// perfClaims are two performance claims over probe perf-x: one read at
// every GOMAXPROCS setting, one whose checks are scoped to one each.
const perfClaims = `{"schema": 2, "claims": [
  {"id": "x-4x-y", "statement": "X has more than 4× the throughput of Y.", "source": "test",
   "form": "universal", "modes": ["plain"], "modes_why": "Test.", "probes": ["perf-x"],
   "checks": [{"probe": "perf-x", "holds_if": "interval(x_y) > 4"}]},
  {"id": "z-helps-with-contention", "statement": "Z helps only with contention.", "source": "test",
   "form": "universal", "modes": ["plain"], "modes_why": "Test.", "probes": ["perf-x"],
   "checks": [{"probe": "perf-x", "when": "gomaxprocs == 1", "holds_if": "interval(z_y) < 1.1"},
              {"probe": "perf-x", "when": "gomaxprocs == all", "holds_if": "interval(z_y) > 1.1"}]}
]}`

// perfCell is a clean cell of perf-x at GOMAXPROCS procs whose trials
// reported the ratios x_y and z_y.
//
// The values are repeated to 10 trials: a claim read in 5 cells takes each
// median at 99%, which needs at least 8 trials.
func perfCellOf(procs int, xy, zy []float64) results.Cell {
	xy, zy = repeat(xy, 10), repeat(zy, 10)
	c := results.Cell{Probe: "perf-x", ProbeHash: "hash-perf-x", Mode: toolchain.Plain, Procs: procs, N: len(xy),
		Tallies: []results.Tally{{Outcome: outcome.Outcome{Kind: outcome.Clean}, K: len(xy)}}}
	for i := range xy {
		c.AddMetrics(map[string]float64{"x_y": xy[i], "z_y": zy[i]})
	}
	return c
}

// repeat returns vals repeated to n values.
func repeat(vals []float64, n int) []float64 {
	var out []float64
	for len(out) < n {
		out = append(out, vals...)
	}
	return out[:n]
}

// perfInput is the fixture results with perf-x cells added: go1.19.8
// holds x-4x-y everywhere, go1.26.8 fails it at GOMAXPROCS=1 and is inside
// the noise at all CPUs, gccgo 12 was measured at one setting only.
func perfInput(t *testing.T) Input {
	t.Helper()
	in := fixtureInput(t)
	cs, err := claims.Parse("perf claims", []byte(perfClaims))
	if err != nil {
		t.Fatal(err)
	}
	in.Claims = cs
	in.Probes = append(in.Probes, ProbeInfo{Name: "perf-x", Title: "throughput ratios", Minimum: "go1.9", Modes: []toolchain.Mode{toolchain.Plain},
		Langs: []string{"toolchain"}, Claims: []string{"x-4x-y", "z-helps-with-contention"}, Hash: "hash-perf-x"})
	in.Probes = append(in.Probes, ProbeInfo{Name: "delete-all-retains-memory", Title: "heap after deleting every key", Minimum: "go1.9", Modes: []toolchain.Mode{toolchain.Plain},
		Langs: []string{"toolchain"}, Hash: "hash-delete-all-retains-memory"})
	mem := func(filled ...float64) results.Cell {
		c := results.Cell{Probe: "delete-all-retains-memory", ProbeHash: "hash-delete-all-retains-memory", Mode: toolchain.Plain, N: len(filled),
			Tallies: []results.Tally{{Outcome: outcome.Outcome{Kind: outcome.Clean}, K: len(filled)}}}
		for _, f := range filled {
			c.AddMetrics(map[string]float64{"entries": 100000, "filled_bytes": f, "retained_ratio": 1})
		}
		return c
	}
	add := map[string][]results.Cell{
		// All CPUs before GOMAXPROCS=1: the series still list GOMAXPROCS=1 first.
		// Deciding values clear their thresholds by claims.RunMargin (1.5).
		"go1.19.8": {mem(4718592, 4718592), perfCellOf(0, []float64{6.5, 7.5, 7}, []float64{1.7, 1.8, 2}), perfCellOf(1, []float64{6.5, 7, 6.8}, []float64{0.6, 0.65, 0.7})},
		"go1.26.8": {mem(4200000, 4300000, 4250000), perfCellOf(1, []float64{0.5, 0.7, 0.6}, []float64{1, 1.2, 1.1}), perfCellOf(0, []float64{3, 5, 4}, []float64{1.2, 1.4, 1.3})},
		"gccgo12":  {perfCellOf(0, []float64{0.4, 0.45}, []float64{0.6, 0.65})},
	}
	for i := range in.Files {
		for prefix, cells := range add {
			if strings.HasPrefix(in.Files[i].Toolchain.ID, prefix) {
				in.Files[i].Cells = append(in.Files[i].Cells, cells...)
			}
		}
	}
	return in
}

func TestPerformance(t *testing.T) {
	r, _ := Build(perfInput(t))
	if len(r.Memory) != 2 {
		t.Errorf("%d memory rows, want 2 (clear-retains-memory was not measured)", len(r.Memory))
	}
	if len(r.Performance) != 2 {
		t.Fatalf("%d performance charts, want 2 (one per claim)", len(r.Performance))
	}
	verdicts := map[string]string{}
	for _, ch := range r.Performance {
		for _, s := range ch.Series {
			for _, p := range s.Points {
				verdicts[ch.Claim+" "+s.Row+" "+p.Column] = p.Verdict
			}
		}
	}
	for key, want := range map[string]string{
		"x-4x-y GOMAXPROCS=1 go1.19.8":                       PerfHolds,
		"x-4x-y all CPUs go1.19.8":                           PerfHolds,
		"x-4x-y GOMAXPROCS=1 go1.26.8":                       PerfFails,
		"x-4x-y all CPUs go1.26.8":                           PerfNoise,
		"x-4x-y all CPUs gccgo 12 (go1.18)":                  PerfFails,
		"z-helps-with-contention GOMAXPROCS=1 go1.19.8":      PerfHolds,
		"z-helps-with-contention all CPUs go1.19.8":          PerfHolds,
		"z-helps-with-contention all CPUs gccgo 12 (go1.18)": PerfFails,
		"z-helps-with-contention GOMAXPROCS=1 go1.26.8":      PerfNoise,
	} {
		if got := verdicts[key]; got != want {
			t.Errorf("%s: verdict %q, want %q (all: %v)", key, got, want, verdicts)
		}
	}
	// The claim's own verdict agrees: go1.26.8 at GOMAXPROCS=1 and gccgo
	// are counterexamples, the noisy cell decides nothing.
	if v := r.Verdicts[0]; v.Status != Refuted || len(v.Where) != 2 {
		t.Errorf("x-4x-y: %s with %d counterexamples, want refuted with 2: %s", v.Status, len(v.Where), v.Summary)
	}

	// The section is on the performance page, which README.md links.
	var md bytes.Buffer
	if err := performanceMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	i := strings.Index(md.String(), "## Performance")
	if i < 0 {
		t.Fatalf("the performance page has no Performance section")
	}
	golden(t, "perf.md.golden", md.Bytes()[i:])
	golden(t, "perf.svg.golden", []byte(PerfChartSVG(r.Performance[0])))

	var html bytes.Buffer
	if err := HTML(&html, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<h2 id="performance">Performance</h2>`, `<h3 id="memory">Memory</h3>`, "<td>42.5 [42.0, 43.0] (3 trials)</td>", `<figure id="chart-perf-x-4x-y">`, "go1.26.8 (2 CPUs)", "0.590 [0.500, 0.700] (10 trials, 99.8%) fails"} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	var js bytes.Buffer
	if err := JSON(&js, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"performance": [`, `"claim": "x-4x-y"`, `"verdict": "inside the noise"`, `"memory": [`, `"mean": 42.5`} {
		if !strings.Contains(js.String(), want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	files, err := Files(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"charts/perf-x-4x-y.svg", "charts/perf-z-helps-with-contention.svg"} {
		if _, ok := files[name]; !ok {
			t.Errorf("Files lacks %s", name)
		}
	}
}

// TestPerformanceNone checks that a report without performance claims has
// no Performance section, so the other reports stay as they were.
func TestPerformanceNone(t *testing.T) {
	r, _ := Build(fixtureInput(t))
	if len(r.Performance) != 0 || len(r.Memory) != 0 {
		t.Fatalf("fixture has %d performance charts and %d memory rows, want none", len(r.Performance), len(r.Memory))
	}
	var md bytes.Buffer
	if err := Markdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md.String(), "Performance") {
		t.Error("Markdown mentions Performance without performance claims")
	}
}
