package cli

import (
	"context"
	"flag"
	"fmt"
)

// cmdAll is the main job: run every probe on every toolchain found, then
// render the report from the results directory into docs/.
func cmdAll(ctx context.Context, e *env) error {
	fs := flag.NewFlagSet("matrix", flag.ContinueOnError)
	var f runFlags
	f.register(e, fs)
	files, err := run(ctx, e, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "rendering the report from %s into docs/\n", f.out)
	_ = files
	return report(e, reportFlags{out: "docs"}, []string{f.out})
}
