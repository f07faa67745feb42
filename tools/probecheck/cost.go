package main

import (
	"fmt"
	"path/filepath"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/toolchain"
)

// checkCost returns the findings about the settings a probe asks for
// that cost trials without a stated reason (see Reasons in package
// catalogue): a race build of a program with no go statement, whose race
// detector has no second goroutine to see, and a GOMAXPROCS count other
// than all. Each finding is "file:line: message". The error reports a
// source that does not parse.
func checkCost(p catalogue.Probe) ([]string, error) {
	file := filepath.Join(p.Dir, "main.go")
	goroutines, err := p.StartsGoroutines()
	if err != nil {
		return nil, err
	}
	var out []string
	if p.RunsIn(toolchain.Race) && !goroutines && p.Why["modes"] == "" {
		where := "its default modes (plain race)"
		if p.Lines["modes"] > 0 {
			where = "maplab:modes"
		}
		out = append(out, fmt.Sprintf("%s:%d: probe %s starts no goroutine but asks for race builds through %s; declare maplab:modes plain, or state why race cells are needed: maplab:modes plain race -- REASON",
			file, line(p, "modes"), p.Name, where))
	}
	for _, n := range p.Procs {
		if n != catalogue.ProcsAll && p.Why["gomaxprocs"] == "" {
			out = append(out, fmt.Sprintf("%s:%d: probe %s asks for a %s row without a reason; drop it, or state why the CPU count matters to its question or a claim: maplab:gomaxprocs %s -- REASON",
				file, line(p, "gomaxprocs"), p.Name, catalogue.ProcsLabel(n), procsArgs(p.Procs)))
			break
		}
	}
	return out, nil
}

// line returns the line of the probe's directive key, or the first line
// of its file when the header leaves the directive out.
func line(p catalogue.Probe, key string) int {
	if n := p.Lines[key]; n > 0 {
		return n
	}
	return 1
}

// procsArgs writes GOMAXPROCS settings as a gomaxprocs directive does.
func procsArgs(procs []int) string {
	s := ""
	for i, n := range procs {
		if i > 0 {
			s += " "
		}
		s += catalogue.ProcsArg(n)
	}
	return s
}
