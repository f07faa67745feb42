package cli

import (
	"context"
)

// cmdAll is the main job, "go run ./matrix" with no command: run every
// probe on every toolchain found, then render the report from the results
// root into docs/.
func cmdAll(ctx context.Context, inv *invocation, args []string) error {
	fs := newFlags(inv, "all", "[flags]", `
All is the main job and what "go run ./matrix" does without a command: it
runs every probe on every toolchain found, as "run" does, and then renders
the report from the results root into docs/, as "report" does. It takes
the flags of "run"; interrupt it with Ctrl-C at any time and run the same
command again to resume.`)
	var f runFlags
	f.register(inv, fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("all: unexpected argument %q (probes are chosen with -probes)", fs.Arg(0))
	}
	f.setFrom(fs)
	if _, err := run(ctx, inv, f); err != nil {
		return err
	}
	return renderReport(inv, reportFlags{out: "docs"}, []string{f.outDir(inv)})
}
