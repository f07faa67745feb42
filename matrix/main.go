// Command matrix is maplab's engine: it finds the Go toolchains on this
// machine, builds every probe with each of them, runs each probe many
// times, classifies every run and renders the compatibility report.
//
// Run "go run ./matrix help" for the commands and their flags.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/maplab/maplab/internal/cli"
	"github.com/maplab/maplab/internal/procgroup"
)

func main() {
	// First of all: this program is also the reaper that kills the
	// process groups of its trials and builds when it dies (see package
	// procgroup).
	if procgroup.Main() {
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
