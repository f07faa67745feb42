package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/cellcost"
	"github.com/maplab/maplab/internal/results"
)

// run is the command with its arguments and outputs, returning the exit
// status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cellcost", flag.ContinueOnError)
	fs.SetOutput(stderr)
	probesDir := fs.String("probes", "probes", "the probe catalogue")
	top := fs.Int("top", 15, "how many of the costliest probe rows to list (0 for all)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: cellcost [-probes dir] [-top N] path ...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 || *top < 0 {
		fs.Usage()
		return 2
	}
	files, err := results.ReadAll(fs.Args()...)
	if err != nil {
		fmt.Fprintf(stderr, "cellcost: %v\n", err)
		return 1
	}
	cat, err := catalogue.Load(*probesDir)
	if err != nil {
		fmt.Fprintf(stderr, "cellcost: %v\n", err)
		return 1
	}
	probes := map[string]cellcost.Probe{}
	for _, p := range cat {
		g, err := p.StartsGoroutines()
		if err != nil {
			fmt.Fprintf(stderr, "cellcost: %v\n", err)
			return 1
		}
		probes[p.Name] = cellcost.Probe{Goroutines: g, Timing: p.Timing(), Modes: p.Modes, Procs: p.Procs}
	}
	if err := cellcost.Summarize(files, probes).Markdown(stdout, *top); err != nil {
		fmt.Fprintf(stderr, "cellcost: %v\n", err)
		return 1
	}
	return 0
}
