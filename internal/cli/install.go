package cli

import (
	"context"

	"github.com/maplab/maplab/internal/install"
	"github.com/maplab/maplab/internal/toolchain"
)

func cmdInstall(ctx context.Context, inv *invocation, args []string) error {
	fs := newFlags(inv, "install", "go1.N[.M] | gopherjs", `
Install fetches a Go release with golang.org/dl: it runs
"go install golang.org/dl/go1.N.M@latest" and then "go1.N.M download", which
unpacks the release under ~/sdk/go1.N.M, where "matrix toolchains" finds it.
It needs network access to the module proxy and the Go download site.

"install gopherjs" installs GopherJS `+toolchain.GopherJSVersion+` with go1.19's go command
(/usr/lib/go-1.19/bin/go, $GOPHERJS_GOROOT/bin/go or ~/sdk/go1.19*):
"go install `+toolchain.GopherJSModule+`@`+toolchain.GopherJSVersion+`", into GOBIN or
~/go/bin, where discovery finds it; its programs run in Node.js (node on PATH).`)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("usage: go run ./matrix install go1.N[.M] | gopherjs (e.g. go1.19.13)")
	}
	if fs.Arg(0) == install.GopherJSArg {
		in := install.Installer{Env: inv.environ, Home: inv.getenv("HOME")}
		return in.InstallGopherJS(ctx, inv.stdout, inv.stderr)
	}
	if err := install.CheckRelease(fs.Arg(0)); err != nil {
		return usageError{err.Error()}
	}
	in := install.Installer{Env: inv.environ, Home: inv.getenv("HOME")}
	return in.Install(ctx, fs.Arg(0), inv.stdout, inv.stderr)
}
