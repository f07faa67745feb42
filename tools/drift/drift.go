package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
)

// Metric is one metric the claims read of one probe's cells with an
// interval clause.
type Metric struct {
	Probe, Name string
	// Versus marks a metric read by "interval(NAME) OP versus", which
	// compares the medians of two toolchains: its statistic is their
	// ratio. Otherwise a cell's median is compared with a number.
	Versus bool
	// Modes are the modes of the cells the claims read it in.
	Modes map[toolchain.Mode]bool
}

// ClaimedMetrics returns every metric some interval clause of cs reads,
// once per probe, name and kind of clause, with the union of the modes
// the checks that read it read, sorted by kind (threshold first), probe
// and name.
func ClaimedMetrics(cs []claims.Claim) []Metric {
	type key struct {
		probe, name string
		versus      bool
	}
	index := map[key]int{}
	var ms []Metric
	for _, c := range cs {
		for _, ch := range c.Checks {
			for _, cl := range ch.Predicate.Clauses {
				if cl.Op != claims.OpInterval {
					continue
				}
				k := key{ch.Probe, cl.Metric, cl.Versus}
				i, ok := index[k]
				if !ok {
					i = len(ms)
					index[k] = i
					ms = append(ms, Metric{Probe: ch.Probe, Name: cl.Metric, Versus: cl.Versus, Modes: map[toolchain.Mode]bool{}})
				}
				for _, m := range c.Modes {
					if ch.ReadsMode(c.Modes, m) {
						ms[i].Modes[m] = true
					}
				}
			}
		}
	}
	sort.Slice(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.Versus != b.Versus {
			return !a.Versus
		}
		if a.Probe != b.Probe {
			return a.Probe < b.Probe
		}
		return a.Name < b.Name
	})
	return ms
}

// Run is the results of one matrix run on one machine.
type Run struct {
	// Name names the run in errors, e.g. "run A (results/local-…)".
	Name  string
	Files []results.File
}

// Drift is the move of one statistic between run A and run B.
type Drift struct {
	// Where names the cell, "go1.26.8 probe/mode/lang@gomaxprocs=1", or the
	// two toolchains and the row of a ratio, "go1.19.8/go1.26.8 probe/mode".
	Where  string
	Metric string
	// A and B are the statistic in each run: a cell's median, or the ratio
	// of the first toolchain's median to the second's.
	A, B float64
	// Drift is |ln(B/A)|.
	Drift float64
}

// Report is the drifts of the two groups of statistics.
type Report struct {
	Threshold []Drift
	Ratios    []Drift
}

// errNoOverlap is Compare's error for runs that share no statistic.
var errNoOverlap = errors.New("the runs share no cell of a claimed metric with values in both: " +
	"compare two runs of the same machine and toolchains, each the directory results/<machine id> a matrix run wrote")

// Compare measures the drift between runs a and b of every statistic of
// the metrics ms. A cell, or a pair of toolchains, that lacks positive
// values of a metric in either run is skipped. It is an error when a run
// holds two files of one toolchain, or when no statistic is in both runs.
func Compare(a, b Run, ms []Metric) (Report, error) {
	if len(ms) == 0 {
		return Report{}, errors.New("the claims read no metric with an interval clause, so there is nothing to compare: " +
			"leave -claims out to use the claims of the lab, or pass a claims file with interval clauses")
	}
	ia, err := index(a)
	if err != nil {
		return Report{}, err
	}
	ib, err := index(b)
	if err != nil {
		return Report{}, err
	}
	var r Report
	for _, m := range ms {
		if m.Versus {
			r.Ratios = append(r.Ratios, ratios(ia, ib, m)...)
		} else {
			r.Threshold = append(r.Threshold, thresholds(ia, ib, m)...)
		}
	}
	if len(r.Threshold) == 0 && len(r.Ratios) == 0 {
		return Report{}, errNoOverlap
	}
	return r, nil
}

// runIndex is a run's files by toolchain ID, in ID order.
type runIndex struct {
	ids   []string
	files map[string]*results.File
}

func index(r Run) (runIndex, error) {
	ix := runIndex{files: map[string]*results.File{}}
	for i := range r.Files {
		f := &r.Files[i]
		id := f.Toolchain.ID
		if _, dup := ix.files[id]; dup {
			return runIndex{}, fmt.Errorf("%s holds two results files of toolchain %s: keep one file per toolchain (tools/mergeresults merges them)", r.Name, id)
		}
		ix.files[id] = f
		ix.ids = append(ix.ids, id)
	}
	sort.Strings(ix.ids)
	return ix, nil
}

// median returns the median of the cell's positive values of metric, the
// mean of the middle two for an even count, and false when it has none.
func median(c *results.Cell, metric string) (float64, bool) {
	var vs []float64
	for _, v := range c.Metrics[metric].Values {
		if v > 0 && !math.IsInf(v, 0) {
			vs = append(vs, v)
		}
	}
	return stats.Median(vs)
}

func drift(where, metric string, a, b float64) Drift {
	return Drift{Where: where, Metric: metric, A: a, B: b, Drift: math.Abs(math.Log(b / a))}
}

// thresholds returns the drifts of the medians of m in the cells of
// every toolchain measured in both runs.
func thresholds(a, b runIndex, m Metric) []Drift {
	var ds []Drift
	for _, id := range a.ids {
		fa, fb := a.files[id], b.files[id]
		if fb == nil {
			continue
		}
		cellsB := map[results.Key]*results.Cell{}
		for i := range fb.Cells {
			cellsB[fb.Cells[i].Key()] = &fb.Cells[i]
		}
		for i := range fa.Cells {
			ca := &fa.Cells[i]
			if ca.Probe != m.Probe || !m.Modes[ca.Mode] {
				continue
			}
			cb := cellsB[ca.Key()]
			if cb == nil {
				continue
			}
			ma, okA := median(ca, m.Name)
			mb, okB := median(cb, m.Name)
			if okA && okB {
				ds = append(ds, drift(id+" "+ca.Key().String(), m.Name, ma, mb))
			}
		}
	}
	return ds
}

// row identifies the cells of two toolchains whose medians a versus
// clause compares: the same probe, mode and GOMAXPROCS, and the same
// language row, so that a cell built with its toolchain's own language
// meets the other toolchain's such cell.
type row struct {
	probe string
	mode  toolchain.Mode
	procs int
	lang  string
}

func (r row) String() string {
	s := r.probe + "/" + string(r.mode)
	if r.lang != catalogue.LangToolchain {
		s += "/" + r.lang
	}
	if r.procs != catalogue.ProcsAll {
		s += fmt.Sprintf("@gomaxprocs=%d", r.procs)
	}
	return s
}

// medians returns the medians of m in a run, by row and toolchain ID. A
// toolchain with two cells of one row has none there: which one a claim
// would read is ambiguous.
func medians(ix runIndex, m Metric) map[row]map[string]float64 {
	out := map[row]map[string]float64{}
	cells := map[row]map[string]int{}
	for _, id := range ix.ids {
		f := ix.files[id]
		for i := range f.Cells {
			c := &f.Cells[i]
			if c.Probe != m.Probe || !m.Modes[c.Mode] {
				continue
			}
			r := row{c.Probe, c.Mode, c.Procs, claims.RowLang(c, f.Toolchain.Lang)}
			if cells[r] == nil {
				cells[r] = map[string]int{}
				out[r] = map[string]float64{}
			}
			cells[r][id]++
			if v, ok := median(c, m.Name); ok {
				out[r][id] = v
			}
		}
	}
	for r, ids := range cells {
		for id, n := range ids {
			if n > 1 {
				delete(out[r], id)
			}
		}
	}
	return out
}

// ratios returns the drifts of the ratios between the medians of m of
// every pair of toolchains, the smaller ID first, measured in both runs.
func ratios(a, b runIndex, m Metric) []Drift {
	ma, mb := medians(a, m), medians(b, m)
	rows := make([]row, 0, len(ma))
	for r := range ma {
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].String() < rows[j].String() })
	var ds []Drift
	for _, r := range rows {
		ra, rb := ma[r], mb[r]
		for i, x := range a.ids {
			for _, y := range a.ids[i+1:] {
				ax, okAX := ra[x]
				ay, okAY := ra[y]
				bx, okBX := rb[x]
				by, okBY := rb[y]
				if okAX && okAY && okBX && okBY {
					ds = append(ds, drift(x+"/"+y+" "+r.String(), m.Name, ax/ay, bx/by))
				}
			}
		}
	}
	return ds
}

// Percentile returns the nearest-rank p-th percentile (0 < p <= 100) of
// the values sorted in increasing order: the value ranked ⌈p·n/100⌉ of n.
// It returns NaN for no values.
func Percentile(sorted []float64, p int) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	r := (p*n + 99) / 100
	if r < 1 {
		r = 1
	}
	if r > n {
		r = n
	}
	return sorted[r-1]
}

func drifts(ds []Drift) []float64 {
	xs := make([]float64, len(ds))
	for i, d := range ds {
		xs[i] = d.Drift
	}
	sort.Float64s(xs)
	return xs
}

// factor formats a drift with the factor it stands for: "0.388 (×1.47)".
func factor(d float64) string {
	return fmt.Sprintf("%.3f (×%.2f)", d, math.Exp(d))
}

// Write prints the report: for each group the count, the median, 90th and
// 95th percentile and largest drift, and the top largest drifts with their
// values; then the factor covering the 95th percentile of both groups.
func (r Report) Write(w io.Writer, top int) error {
	var b strings.Builder
	fmt.Fprintln(&b, "drift = |ln(B/A)| of each statistic between run A and run B, with the factor e^drift;")
	fmt.Fprintln(&b, "percentiles are nearest-rank: the p-th of n drifts is the one ranked ⌈p·n/100⌉ from the smallest.")
	groups := []struct {
		title, what string
		ds          []Drift
	}{
		{"threshold cells", "the median of one cell's values, for claims that compare it with a number", r.Threshold},
		{"ratios between toolchains", "the median of one toolchain over another's in one run, for claims that compare toolchains", r.Ratios},
	}
	for _, g := range groups {
		fmt.Fprintf(&b, "\n%s (%s): %d\n", g.title, g.what, len(g.ds))
		if len(g.ds) == 0 {
			fmt.Fprintln(&b, "  none in both runs")
			continue
		}
		xs := drifts(g.ds)
		fmt.Fprintf(&b, "  median %s   p90 %s   p95 %s   max %s\n",
			factor(Percentile(xs, 50)), factor(Percentile(xs, 90)), factor(Percentile(xs, 95)), factor(xs[len(xs)-1]))
		largest := append([]Drift(nil), g.ds...)
		sort.SliceStable(largest, func(i, j int) bool {
			if largest[i].Drift != largest[j].Drift {
				return largest[i].Drift > largest[j].Drift
			}
			return largest[i].Where+largest[i].Metric < largest[j].Where+largest[j].Metric
		})
		if top > 0 && len(largest) > top {
			largest = largest[:top]
		}
		fmt.Fprintf(&b, "  the %d largest:\n", len(largest))
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, d := range largest {
			fmt.Fprintf(tw, "    %s\t%s\t%s\tA %.4g\tB %.4g\n", factor(d.Drift), d.Where, d.Metric, d.A, d.B)
		}
		tw.Flush()
	}
	all := drifts(append(append([]Drift(nil), r.Threshold...), r.Ratios...))
	if len(all) > 0 {
		p95 := Percentile(all, 95)
		fmt.Fprintf(&b, "\nboth groups together: %d statistics; 95%% of them moved by a factor of at most ×%.2f (p95 %.3f)\n",
			len(all), math.Exp(p95), p95)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
