package cli

import (
	"context"
	"flag"
)

// cmdAll is the main job: run every probe on every toolchain found, then
// render the report from the results directory into docs/.
func cmdAll(ctx context.Context, e *env) error {
	fs := flag.NewFlagSet("matrix", flag.ContinueOnError)
	var f runFlags
	f.register(e, fs)
	if _, err := run(ctx, e, f); err != nil {
		return err
	}
	return renderReport(e, reportFlags{out: "docs"}, []string{e.abs(f.out)})
}
