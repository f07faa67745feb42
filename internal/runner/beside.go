package runner

import (
	"context"

	"github.com/maplab/maplab/internal/build"
)

// buildBeside builds the binaries of tasks, in plan order, on the CPUs an
// alone trial pinned to the first CPUs leaves free (Processors.HoldBeside),
// until every binary is built or ctx is done. It builds nothing at other
// times, so it takes no processor time from trials: it only fills CPUs
// that would otherwise idle while such a trial runs, and the cells that
// follow find their binaries built. Plan puts those trials' cells first.
//
// A build that fails is left to the cell's own build, which records why;
// so are build-outcome probes, whose builds are meant to fail.
func buildBeside(ctx context.Context, p *Processors, b *build.Builder, tasks []Task) {
	seen := map[string]bool{}
	for _, t := range tasks {
		if t.NotRun != nil || t.Probe.BuildOutcome() {
			continue
		}
		r := t.Request()
		key := build.Key(r)
		if seen[key] || b.Has(r) {
			continue
		}
		seen[key] = true
		on, release, ok := p.HoldBeside(ctx)
		if !ok {
			return
		}
		_, _, _ = b.BuildOn(ctx, r, on)
		release()
	}
}
