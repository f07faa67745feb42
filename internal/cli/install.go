package cli

import (
	"context"

	"github.com/maplab/maplab/internal/install"
)

func cmdInstall(ctx context.Context, inv *invocation, args []string) error {
	fs := newFlags(inv, "install", "go1.N[.M]", `
Install fetches a Go release with golang.org/dl: it runs
"go install golang.org/dl/go1.N.M@latest" and then "go1.N.M download", which
unpacks the release under ~/sdk/go1.N.M, where "matrix toolchains" finds it.
It needs network access to the module proxy and the Go download site.`)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("usage: go run ./matrix install go1.N[.M] (e.g. go1.19.13)")
	}
	if err := install.CheckRelease(fs.Arg(0)); err != nil {
		return usageError{err.Error()}
	}
	in := install.Installer{Env: inv.environ, Home: inv.getenv("HOME")}
	return in.Install(ctx, fs.Arg(0), inv.stdout, inv.stderr)
}
