package results

import (
	"fmt"
	"strconv"
	"unicode"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/toolchain"
)

// problem is what is wrong with a File, and how a user gets a good one.
type problem struct {
	what, fix string
}

// validate checks the content of f beyond what JSON decoding checks. It
// returns the first problem found, or nil.
func validate(f File) *problem {
	corrupt := func(format string, args ...any) *problem {
		return &problem{fmt.Sprintf(format, args...), fixRerun}
	}
	if f.Toolchain.ID == "" {
		return corrupt("toolchain has no id")
	}
	if f.Env.Date.IsZero() {
		return corrupt("env has no date")
	}
	if p := validateMachine(f.Env); p != nil {
		return p
	}
	if p := validateCommit("env.maplab_commit", f.Env.MaplabCommit); p != nil {
		return p
	}
	if v := f.Env.MaplabCommit.String(); f.Env.MaplabVersion != v {
		return &problem{fmt.Sprintf("env.maplab_version: %s, but maplab_commit gives %q", quote(f.Env.MaplabVersion), v), fixCommit}
	}
	seen := make(map[Key]bool, len(f.Cells))
	for _, c := range f.Cells {
		k := c.Key()
		if c.Probe == "" {
			return corrupt("a cell has no probe name")
		}
		if c.Mode != toolchain.Plain && c.Mode != toolchain.Race {
			return corrupt("cell %s: unknown mode %q (valid: %s, %s)", oneLine(k.String()), c.Mode, toolchain.Plain, toolchain.Race)
		}
		if seen[k] {
			return corrupt("cell %s appears twice", oneLine(k.String()))
		}
		seen[k] = true
		if p := validateCell(c); p != nil {
			return p
		}
	}
	return nil
}

// validateCell checks one cell: its outcomes, and that its tallies add up.
func validateCell(c Cell) *problem {
	k := oneLine(c.Key().String())
	kind := func(o outcome.Outcome) *problem {
		if _, err := outcome.Parse(string(o.Kind)); err != nil {
			return &problem{fmt.Sprintf("cell %s: %v", k, err), fixNewer}
		}
		return nil
	}
	corrupt := func(format string, args ...any) *problem {
		return &problem{fmt.Sprintf("cell %s: ", k) + fmt.Sprintf(format, args...), fixRerun}
	}
	if c.N < 0 {
		return corrupt("n is %d", c.N)
	}
	if c.Procs < 0 {
		return corrupt("gomaxprocs is %d", c.Procs)
	}
	switch {
	case c.Procs == 0 && c.CPULimit != "":
		return corrupt("cpu_limit %q without gomaxprocs", c.CPULimit)
	case c.Procs > 0 && c.NotRun == nil && c.CPULimit != CPULimitEnv && c.CPULimit != CPULimitEnvAffinity:
		return corrupt("gomaxprocs %d with cpu_limit %q (valid: %s, %s)", c.Procs, c.CPULimit, CPULimitEnv, CPULimitEnvAffinity)
	}
	if p := validateCommit(fmt.Sprintf("cell %s: maplab_commit", k), c.MaplabCommit); p != nil {
		return p
	}
	for _, s := range c.Samples {
		if p := kind(s.Outcome); p != nil {
			return p
		}
	}
	if c.NotRun != nil {
		if p := kind(*c.NotRun); p != nil {
			return p
		}
		if c.NotRun.Kind.Trial() {
			return corrupt("not_run is %q, an outcome of a trial that ran", c.NotRun.Kind)
		}
		if c.N != 0 || len(c.Tallies) != 0 {
			return corrupt("not run (%s) but has n %d and %d tallies", oneLine(c.NotRun.String()), c.N, len(c.Tallies))
		}
		return nil
	}
	if c.N == 0 {
		return corrupt("no trials and no not_run reason")
	}
	sum := 0
	for _, t := range c.Tallies {
		if p := kind(t.Outcome); p != nil {
			return p
		}
		if !t.Kind.Trial() {
			return corrupt("tally of %q, which is not an outcome of a trial that ran", t.Kind)
		}
		if t.K <= 0 {
			return corrupt("tally %s has k %d", oneLine(t.Outcome.String()), t.K)
		}
		if t.Kind == outcome.Rejected && (c.N != 1 || len(c.Tallies) != 1) {
			// A rejection is a build, and builds are deterministic: the
			// runner measures it once and runs nothing else.
			return corrupt("a rejected build among %d trials, want it as the cell's only trial", c.N)
		}
		sum += t.K
	}
	if sum != c.N {
		return corrupt("tallies add up to %d, n is %d", sum, c.N)
	}
	for name, m := range c.Metrics {
		if m.Count <= 0 || m.Count > c.N || m.Min > m.Max {
			return corrupt("metric %s: count %d of n %d, min %v, max %v", oneLine(name), m.Count, c.N, m.Min, m.Max)
		}
		if m.Values != nil && len(m.Values) != m.Count {
			return corrupt("metric %s: %d values for count %d", oneLine(name), len(m.Values), m.Count)
		}
		for _, v := range m.Values {
			if v < m.Min || v > m.Max {
				return corrupt("metric %s: value %v outside [min %v, max %v]", oneLine(name), v, m.Min, m.Max)
			}
		}
	}
	return nil
}

// validateMachine checks that env describes its machine: every field of
// the Machine is set and env.machine is the ID those fields give.
func validateMachine(e Env) *problem {
	missing := func(field string) *problem {
		return &problem{"env." + field + ": missing", fixMachine}
	}
	switch {
	case e.Runner == "":
		return missing("runner")
	case e.GOOS == "":
		return missing("goos")
	case e.GOARCH == "":
		return missing("goarch")
	case e.CPUs <= 0:
		return &problem{fmt.Sprintf("env.cpus: %d, want the machine's CPU count", e.CPUs), fixMachine}
	case e.CPUModel == "":
		return missing("cpu_model")
	case e.MachineID == "":
		return missing("machine")
	}
	if id := e.Machine().ID(); e.MachineID != id {
		return &problem{fmt.Sprintf("env.machine: %q, but runner, runner_image, goos, goarch, cpus and cpu_model give %q", e.MachineID, id), fixMachine}
	}
	return nil
}

// quote returns s as a Go string literal for a message, shortened to its
// first 64 bytes: it may come from a damaged file, and an error is one
// line.
func quote(s string) string {
	if len(s) > 64 {
		return strconv.Quote(s[:64]) + "…"
	}
	return strconv.Quote(s)
}

// oneLine returns s for a message as it is when every character of it is
// printable, and else quoted (see quote), so that a message stays one
// line whatever a damaged file holds.
func oneLine(s string) string {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return quote(s)
		}
	}
	return s
}
