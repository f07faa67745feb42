package report

import (
	"sort"

	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/toolchain"
)

// claimColumn describes report column ci to the verdict engine.
func (b *builder) claimColumn(ci int) claims.Column {
	col := b.rep.Columns[ci]
	c := claims.Column{ID: col.ID, Label: col.Label, Machine: col.Machine, Kind: col.Kind, Release: col.Release, Variant: col.Variant, Order: ci}
	if fi := b.colFile[ci]; fi >= 0 {
		tc := b.files[fi].Toolchain
		c.Lang, c.GOOS, c.GOARCH, c.Hosted = tc.Lang, tc.GOOS, tc.GOARCH, !tc.Native()
	}
	return c
}

// claimInputs lists every results cell of the measured columns for the
// engine, with what the catalogue says of its probe.
func (b *builder) claimInputs() ([]claims.Column, []claims.Input) {
	cols := make([]claims.Column, len(b.rep.Columns))
	var in []claims.Input
	for ci := range b.rep.Columns {
		cols[ci] = b.claimColumn(ci)
		fi := b.colFile[ci]
		if fi < 0 {
			continue
		}
		// In probe order, so that the engine sees the cells, and lists its
		// evidence, the same way every time.
		probes := make([]string, 0, len(b.cells[fi]))
		for p := range b.cells[fi] {
			probes = append(probes, p)
		}
		sort.Strings(probes)
		for _, p := range probes {
			byMode := b.cells[fi][p]
			for _, m := range []toolchain.Mode{toolchain.Plain, toolchain.Race} {
				for _, c := range byMode[m] {
					info := b.infos[c.Probe]
					in = append(in, claims.Input{Column: ci, Cell: c, Build: info.BuildOutcome, ByLang: len(info.Langs) > 1})
				}
			}
		}
	}
	return cols, in
}

// verdicts asks the engine for every claim's decision, and warns of
// claims and probe headers that disagree and of metrics a claim reads
// that no trial reported.
func (b *builder) verdicts() []Verdict {
	if len(b.in.Probes) > 0 && len(b.in.Claims) > 0 {
		pc := map[string][]string{}
		for _, p := range b.in.Probes {
			pc[p.Name] = append([]string{}, p.Claims...)
		}
		for _, p := range claims.CrossCheck(b.in.Claims, pc) {
			b.warnf("claims: %s", p)
		}
	}
	cols, in := b.claimInputs()
	ds := claims.Evaluate(b.in.Claims, cols, in)
	for _, d := range ds {
		for _, e := range d.Evidence {
			for _, name := range e.Missing {
				b.warnf("claim %s: metric %s not reported by any trial of %s/%s on %s", d.ID, name, e.Probe, e.Mode, e.ColumnID)
			}
		}
	}
	return ds
}
