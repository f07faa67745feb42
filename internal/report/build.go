package report

import (
	"fmt"
	"github.com/maplab/maplab/internal/claims"
	"sort"
	"strings"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/stats"
	"github.com/maplab/maplab/internal/toolchain"
)

// Display limits for samples.
const (
	stderrLines   = 6
	stderrLineMax = 200
)

// Build turns results into the report model. It is pure: it reads only
// its input, and the same input gives the same report. Problems that do
// not stop the report (stale cells, unknown probes, metrics no sample
// reported) come back as warnings, sorted.
func Build(in Input) (Report, []Warning) {
	b := &builder{in: in, infos: map[string]ProbeInfo{}}
	howTo := in.HowToMeasure
	if howTo == nil {
		howTo = DefaultHowToMeasure
	}
	b.files = in.Files
	var warns []Warning
	b.rep.Columns, b.colFile, warns = columns(in.Files, howTo)
	b.warn(warns...)
	b.rep.Arch, b.rep.Machines = tableArch(in.Files), machines(b.rep.Columns, in.Files, b.colFile)
	b.rep.SourceURL = in.SourceURL
	b.indexCells()
	b.rep.Probes = b.probes()
	for _, m := range b.modes() {
		s := Section{Mode: m}
		for _, p := range b.rep.Probes {
			if !b.probeInMode(p, m) {
				continue
			}
			procs := b.rowProcs(p)
			for _, lang := range b.rowLangs(p) {
				for _, n := range procs {
					s.Rows = append(s.Rows, b.row(p, m, lang, n))
				}
			}
		}
		b.rep.Sections = append(b.rep.Sections, s)
	}
	b.footnotes()
	b.charts()
	b.rep.Changes, b.rep.ChangeStats = changes(b.rep, b.in.Claims)
	b.rep.Verdicts = b.verdicts()
	b.rep.Performance = b.performance()
	b.rep.Memory = b.memory()
	b.rep.Provenance = b.provenance()
	sort.Slice(b.warns, func(i, j int) bool { return b.warns[i].Msg < b.warns[j].Msg })
	return b.rep, dedupe(b.warns)
}

type builder struct {
	in      Input
	files   []results.File
	colFile []int // per column, index into files or -1
	infos   map[string]ProbeInfo
	// cells indexes the usable cells: file index -> probe -> mode -> cells.
	cells []map[string]map[toolchain.Mode][]*results.Cell
	rep   Report
	warns []Warning
}

func (b *builder) warn(ws ...Warning) { b.warns = append(b.warns, ws...) }

func (b *builder) warnf(format string, args ...interface{}) {
	b.warns = append(b.warns, Warning{fmt.Sprintf(format, args...)})
}

func dedupe(ws []Warning) []Warning {
	var out []Warning
	for i, w := range ws {
		if i > 0 && ws[i-1] == w {
			continue
		}
		out = append(out, w)
	}
	return out
}

// indexCells indexes every cell of every used file, leaving out cells of
// probes the catalogue lacks and cells measured with a stale source.
func (b *builder) indexCells() {
	for _, p := range b.in.Probes {
		b.infos[p.Name] = p
	}
	used := map[int]bool{}
	for _, fi := range b.colFile {
		if fi >= 0 {
			used[fi] = true
		}
	}
	b.cells = make([]map[string]map[toolchain.Mode][]*results.Cell, len(b.files))
	for fi := range b.files {
		b.cells[fi] = map[string]map[toolchain.Mode][]*results.Cell{}
		if !used[fi] {
			continue
		}
		f := &b.files[fi]
		for ci := range f.Cells {
			c := &f.Cells[ci]
			if len(b.in.Probes) > 0 {
				info, ok := b.infos[c.Probe]
				if !ok {
					b.warnf("%s: results for probe %s, which is not in the catalogue; left out", f.Toolchain.ID, c.Probe)
					continue
				}
				if info.Hash != "" && c.ProbeHash != info.Hash {
					b.warnf("%s: cells of probe %s were measured with an older source (hash %s); left out until measured again", f.Toolchain.ID, c.Probe, short(c.ProbeHash))
					continue
				}
			}
			byMode := b.cells[fi][c.Probe]
			if byMode == nil {
				byMode = map[toolchain.Mode][]*results.Cell{}
				b.cells[fi][c.Probe] = byMode
			}
			byMode[c.Mode] = append(byMode[c.Mode], c)
		}
	}
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// probes returns the catalogue, or with no catalogue the probes seen in
// the results, sorted by name.
func (b *builder) probes() []ProbeInfo {
	var out []ProbeInfo
	if len(b.in.Probes) > 0 {
		out = append(out, b.in.Probes...)
	} else {
		seen := map[string]bool{}
		for _, byProbe := range b.cells {
			for name := range byProbe {
				if !seen[name] {
					seen[name] = true
					out = append(out, ProbeInfo{Name: name})
				}
			}
		}
	}
	for i := range out {
		if out[i].Source == "" {
			out[i].Source = out[i].Name + "/main.go"
		}
		b.infos[out[i].Name] = out[i]
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// modes returns every mode of the catalogue and the results: plain, race,
// then any other in name order.
func (b *builder) modes() []toolchain.Mode {
	seen := map[toolchain.Mode]bool{}
	for _, p := range b.rep.Probes {
		for _, m := range p.Modes {
			seen[m] = true
		}
	}
	for _, byProbe := range b.cells {
		for _, byMode := range byProbe {
			for m := range byMode {
				seen[m] = true
			}
		}
	}
	var out []toolchain.Mode
	for _, m := range []toolchain.Mode{toolchain.Plain, toolchain.Race} {
		if seen[m] {
			out = append(out, m)
			delete(seen, m)
		}
	}
	var rest []string
	for m := range seen {
		rest = append(rest, string(m))
	}
	sort.Strings(rest)
	for _, m := range rest {
		out = append(out, toolchain.Mode(m))
	}
	return out
}

func (b *builder) probeInMode(p ProbeInfo, m toolchain.Mode) bool {
	for _, x := range p.Modes {
		if x == m {
			return true
		}
	}
	for _, byProbe := range b.cells {
		if len(byProbe[p.Name][m]) > 0 {
			return true
		}
	}
	return false
}

// langLabel returns the row a cell belongs to: its language version, or
// catalogue.LangToolchain when it was built with the toolchain's own.
func langLabel(c *results.Cell, tc toolchain.Toolchain) string {
	return claims.RowLang(c, tc.Lang)
}

// rowLangs returns the rows of a probe: [""] for a probe built with one
// language version per toolchain, else its langs entries (from the
// catalogue, or from the results without one), releases in order and
// "toolchain" last.
func (b *builder) rowLangs(p ProbeInfo) []string {
	set := map[string]bool{}
	if len(b.in.Probes) > 0 {
		if len(p.Langs) <= 1 {
			return []string{""}
		}
		for _, l := range p.Langs {
			set[l] = true
		}
	}
	for fi, byProbe := range b.cells {
		for _, cs := range byProbe[p.Name] {
			for _, c := range cs {
				if c.NotRun != nil && c.Lang == "" {
					continue // a whole-probe not-run cell belongs to every row
				}
				set[langLabel(c, b.files[fi].Toolchain)] = true
			}
		}
	}
	if len(set) <= 1 {
		return []string{""}
	}
	var out []string
	for l := range set {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool {
		a, c := out[i], out[j]
		if (a == catalogue.LangToolchain) != (c == catalogue.LangToolchain) {
			return c == catalogue.LangToolchain
		}
		if x := toolchain.CompareRelease(a, c); x != 0 {
			return x < 0
		}
		return a < c
	})
	return out
}

// rowProcs returns the GOMAXPROCS rows of a probe: [noProcs] when all
// its cells ran at one setting, else every setting, the runtime's default
// (all CPUs) first.
func (b *builder) rowProcs(p ProbeInfo) []int {
	set := map[int]bool{}
	for _, byProbe := range b.cells {
		for _, cs := range byProbe[p.Name] {
			for _, c := range cs {
				set[c.Procs] = true
			}
		}
	}
	if len(set) <= 1 {
		return []int{noProcs}
	}
	var out []int
	for n := range set {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// noProcs marks the one row of a probe measured at one GOMAXPROCS
// setting; rows of a probe measured at several carry the setting, with
// catalogue.ProcsAll (0) for all CPUs.
const noProcs = -1

func rowLabel(probe, lang string, procs int) string {
	var parts []string
	switch lang {
	case "":
	case catalogue.LangToolchain:
		parts = append(parts, "lang of toolchain")
	default:
		parts = append(parts, "lang "+lang)
	}
	if procs != noProcs {
		parts = append(parts, catalogue.ProcsLabel(procs))
	}
	if len(parts) == 0 {
		return probe
	}
	return probe + " (" + strings.Join(parts, ", ") + ")"
}

// rowName names a row within its mode (see Row.Name); characters other
// than letters, digits, '.' and '-' become '_'.
func rowName(probe, lang string, procs int) string {
	a := probe
	if lang != "" {
		a += "-lang-" + lang
	}
	switch {
	case procs == catalogue.ProcsAll:
		a += "-gomaxprocs-all"
	case procs > 0:
		a += fmt.Sprintf("-gomaxprocs-%d", procs)
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, a)
}

// rowAnchor names a row in URLs and chart file names: its name and mode.
func rowAnchor(probe, lang string, procs int, m toolchain.Mode) string {
	return rowName(probe, lang, procs) + "-" + rowName(string(m), "", noProcs)
}

func (b *builder) row(p ProbeInfo, m toolchain.Mode, lang string, procs int) Row {
	r := Row{Probe: p.Name, Lang: lang, Procs: procs, Label: rowLabel(p.Name, lang, procs), Name: rowName(p.Name, lang, procs), Anchor: rowAnchor(p.Name, lang, procs, m),
		Title: p.Title, Source: b.in.SourceURL + p.Source, Chart: -1, BuildOutcome: p.BuildOutcome}
	if p.BuildOutcome {
		r.Label += BuildOutcomeSuffix
	}
	kinds := map[outcome.Kind]bool{}
	for ci, col := range b.rep.Columns {
		fi := b.colFile[ci]
		var c Cell
		if fi < 0 {
			c = Cell{State: NotMeasured, Note: "release not measured: " + col.HowTo, file: -1}
		} else {
			c = b.cell(fi, p, m, lang, procs)
		}
		for _, k := range c.Kinds {
			kinds[k.Kind] = true
		}
		if c.State == NotRun {
			kinds[c.Leading] = true
		}
		r.Cells = append(r.Cells, c)
	}
	for _, k := range outcome.Order {
		if kinds[k] {
			r.Kinds = append(r.Kinds, k)
		}
	}
	return r
}

// cell finds the results cell of a row in file fi and summarises it.
func (b *builder) cell(fi int, p ProbeInfo, m toolchain.Mode, lang string, procs int) Cell {
	tc := b.files[fi].Toolchain
	cs := b.cells[fi][p.Name][m]
	if procs != noProcs {
		var at []*results.Cell
		for _, c := range cs {
			if c.Procs == procs {
				at = append(at, c)
			}
		}
		cs = at
	}
	var found *results.Cell
	switch {
	case lang == "":
		if len(cs) > 1 {
			b.warnf("%s: probe %s has %d cells in %s mode but one language version in the catalogue; showing lang %q", tc.ID, p.Name, len(cs), m, preferred(cs, tc).Lang)
		}
		if len(cs) > 0 {
			found = preferred(cs, tc)
		}
	default:
		for _, c := range cs {
			if langLabel(c, tc) == lang || c.Lang == lang {
				found = c
				break
			}
		}
		if found == nil {
			for _, c := range cs {
				if c.NotRun != nil && c.Lang == "" {
					found = c
					break
				}
			}
		}
	}
	if found == nil {
		return Cell{State: NotMeasured, Note: fmt.Sprintf("no %s cell for this probe in the results of %s", m, tc.ID), file: fi}
	}
	c := b.summarize(found, fi)
	if c.State == Measured {
		c.Observation = p.Observe.Render(found.Metrics)
	}
	return c
}

// preferred picks the cell built with the toolchain's own language
// version, else the first.
func preferred(cs []*results.Cell, tc toolchain.Toolchain) *results.Cell {
	for _, c := range cs {
		if c.Lang == tc.Lang {
			return c
		}
	}
	return cs[0]
}

func (b *builder) summarize(rc *results.Cell, fi int) Cell {
	c := Cell{Lang: rc.Lang, Seconds: rc.Seconds, raw: rc, file: fi}
	if rc.NotRun != nil {
		c.State = NotRun
		c.Leading = rc.NotRun.Kind
		c.NotRunReason = rc.NotRun.Reason
		return c
	}
	c.State = Measured
	total := 0
	for _, t := range rc.Tallies {
		total += t.K
		if t.Kind == outcome.Idle {
			c.Idle += t.K
		}
	}
	if total != rc.N {
		b.warnf("%s: cell %s/%s/%s: tallies add up to %d, not n=%d; using %d", b.files[fi].Toolchain.ID, rc.Probe, rc.Mode, rc.Lang, total, rc.N, total)
	}
	if total == 0 {
		c.State = NotMeasured
		c.Note = "cell has no trials"
		return c
	}
	// Idle trials (the goroutines never overlapped) are counted apart and
	// left out of every rate.
	n := total - c.Idle
	c.N = n
	byKind := map[outcome.Kind]int{}
	for _, t := range rc.Tallies {
		if t.Kind == outcome.Idle {
			continue
		}
		byKind[t.Kind] += t.K
		lo, hi := stats.Wilson(t.K, n)
		c.Outcomes = append(c.Outcomes, OutcomeStat{Outcome: t.Outcome, K: t.K, N: n, Rate: ratio(t.K, n), Lo: lo, Hi: hi})
	}
	sort.SliceStable(c.Outcomes, func(i, j int) bool {
		a, d := c.Outcomes[i], c.Outcomes[j]
		if a.K != d.K {
			return a.K > d.K
		}
		if x, y := kindIndex(a.Kind), kindIndex(d.Kind); x != y {
			return x < y
		}
		return a.Reason < d.Reason
	})
	for _, k := range outcome.Order {
		if byKind[k] > 0 {
			lo, hi := stats.Wilson(byKind[k], n)
			c.Kinds = append(c.Kinds, KindStat{Kind: k, K: byKind[k], N: n, Rate: ratio(byKind[k], n), Lo: lo, Hi: hi})
		}
	}
	for k := range byKind {
		if !k.Valid() {
			b.warnf("%s: cell %s/%s: unknown outcome kind %q", b.files[fi].Toolchain.ID, rc.Probe, rc.Mode, k)
			lo, hi := stats.Wilson(byKind[k], n)
			c.Kinds = append(c.Kinds, KindStat{Kind: k, K: byKind[k], N: n, Rate: ratio(byKind[k], n), Lo: lo, Hi: hi})
		}
	}
	sort.SliceStable(c.Kinds, func(i, j int) bool { return c.Kinds[i].K > c.Kinds[j].K })
	if n == 0 {
		// Every trial was idle: the hazard never happened.
		c.Leading, c.K = outcome.Idle, c.Idle
	} else {
		c.Leading, c.K, c.Rate = c.Kinds[0].Kind, c.Kinds[0].K, c.Kinds[0].Rate
	}
	c.Mixed = len(c.Kinds) > 1
	for _, s := range rc.Samples {
		if s.Kind == outcome.Idle {
			c.IdleSamples = append(c.IdleSamples, sampleView(s))
			continue
		}
		attached := false
		for i := range c.Outcomes {
			if c.Outcomes[i].Outcome == s.Outcome {
				c.Outcomes[i].Samples = append(c.Outcomes[i].Samples, sampleView(s))
				attached = true
				break
			}
		}
		if !attached {
			b.warnf("%s: cell %s/%s: sample of outcome %s has no tally", b.files[fi].Toolchain.ID, rc.Probe, rc.Mode, s.Outcome)
		}
	}
	return c
}

func ratio(k, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}

func kindIndex(k outcome.Kind) int {
	for i, x := range outcome.Order {
		if x == k {
			return i
		}
	}
	return len(outcome.Order)
}

func sampleView(s results.Sample) SampleView {
	v := SampleView{ExitCode: s.ExitCode, Signal: s.Signal}
	if s.Result != nil {
		v.Result = s.Result.Line()
	}
	lines := strings.Split(strings.TrimRight(strings.ReplaceAll(s.Stderr, "\r\n", "\n"), "\n"), "\n")
	if s.Stderr == "" {
		lines = nil
	}
	for i, l := range lines {
		if i == stderrLines {
			v.More = len(lines) - i
			break
		}
		if len(l) > stderrLineMax {
			l = l[:stderrLineMax] + "…"
		}
		v.Stderr = append(v.Stderr, l)
	}
	return v
}

// footnotes numbers every distinct reason of the report, in outcome order
// then by reason, and points the cells at them.
func (b *builder) footnotes() {
	set := map[outcome.Outcome]bool{}
	each := func(f func(c *Cell)) {
		for si := range b.rep.Sections {
			for ri := range b.rep.Sections[si].Rows {
				for ci := range b.rep.Sections[si].Rows[ri].Cells {
					f(&b.rep.Sections[si].Rows[ri].Cells[ci])
				}
			}
		}
	}
	each(func(c *Cell) {
		for _, o := range c.Outcomes {
			if o.Reason != "" {
				set[o.Outcome] = true
			}
		}
		if c.State == NotRun && c.NotRunReason != "" {
			set[outcome.Outcome{Kind: c.Leading, Reason: c.NotRunReason}] = true
		}
	})
	var all []outcome.Outcome
	for o := range set {
		all = append(all, o)
	}
	sort.Slice(all, func(i, j int) bool {
		if x, y := kindIndex(all[i].Kind), kindIndex(all[j].Kind); x != y {
			return x < y
		}
		if all[i].Kind != all[j].Kind {
			return all[i].Kind < all[j].Kind
		}
		return all[i].Reason < all[j].Reason
	})
	// The probe details of the kept samples, per outcome, each results
	// cell read once.
	details := map[outcome.Outcome][]string{}
	seen := map[*results.Cell]bool{}
	each(func(c *Cell) {
		if c.raw == nil || seen[c.raw] {
			return
		}
		seen[c.raw] = true
		for _, s := range c.raw.Samples {
			if s.Result != nil && s.Result.Detail != "" && set[s.Outcome] {
				details[s.Outcome] = append(details[s.Outcome], s.Result.Detail)
			}
		}
	})
	num := map[outcome.Outcome]int{}
	for i, o := range all {
		num[o] = i + 1
		text, used := numbersBack(o.Reason, details[o])
		b.rep.Footnotes = append(b.rep.Footnotes, Footnote{N: i + 1, Outcome: o, Text: text, Samples: used})
	}
	each(func(c *Cell) {
		for i := range c.Outcomes {
			if n := num[c.Outcomes[i].Outcome]; n > 0 {
				c.Outcomes[i].Note = n
				c.Notes = append(c.Notes, n)
			}
		}
		if c.State == NotRun && c.NotRunReason != "" {
			c.Notes = append(c.Notes, num[outcome.Outcome{Kind: c.Leading, Reason: c.NotRunReason}])
		}
	})
}

// charts adds a chart for every row whose outcome is a rate: some cell is
// mixed, or the plotted kind's rate differs between measured cells.
func (b *builder) charts() {
	for si := range b.rep.Sections {
		s := &b.rep.Sections[si]
		for ri := range s.Rows {
			r := &s.Rows[ri]
			total := map[outcome.Kind]int{}
			mixed := false
			for _, c := range r.Cells {
				if c.State != Measured {
					continue
				}
				mixed = mixed || c.Mixed
				for _, k := range c.Kinds {
					total[k.Kind] += k.K
				}
			}
			kind := outcome.Clean
			best := 0
			for _, k := range outcome.Order {
				if k != outcome.Clean && total[k] > best {
					kind, best = k, total[k]
				}
			}
			ch := Chart{Anchor: r.Anchor, Probe: r.Probe, RowLabel: r.Label, Mode: s.Mode, Kind: kind}
			rates := map[float64]bool{}
			// One point per column as the tables show them: releases
			// without results share one.
			for _, g := range ColumnGroups(b.rep.Columns) {
				ci := g.Cols[0]
				col := b.rep.Columns[ci]
				pt := Point{Label: g.Label, Gccgo: col.Kind == toolchain.GCCGO}
				if c := r.Cells[ci]; g.Measured && c.State == Measured && c.N > 0 {
					k := 0
					for _, ks := range c.Kinds {
						if ks.Kind == kind {
							k = ks.K
						}
					}
					lo, hi := stats.Wilson(k, c.N)
					pt = Point{Label: col.Label, Gccgo: pt.Gccgo, Measured: true, K: k, N: c.N, Rate: ratio(k, c.N), Lo: lo, Hi: hi}
					rates[pt.Rate] = true
				}
				ch.Points = append(ch.Points, pt)
			}
			if !mixed && len(rates) <= 1 {
				continue
			}
			r.Chart = len(b.rep.Charts)
			b.rep.Charts = append(b.rep.Charts, ch)
		}
	}
}
