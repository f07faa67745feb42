package results

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/maplab/maplab/internal/toolchain"
)

// Finding is one problem Check found in a results file that decodes:
// which field, what is wrong with it, and how to get a good file.
type Finding struct {
	// Field locates the problem: "toolchain.goarch", "env.machine",
	// "cells[probe/mode/lang].probe_hash", or "path" for where the file is
	// kept.
	Field   string
	Problem string
	Fix     string
}

// Format returns the finding as "file:field: problem: fix".
func (f Finding) Format(file string) string {
	return file + ":" + f.Field + ": " + f.Problem + ": " + f.Fix
}

// Check looks for what would make a results file, typically one
// contributed from another machine, wrong to publish, beyond what Decode
// refuses: a toolchain whose fields disagree with each other or with the
// machine, a file kept under another machine's directory or under another
// toolchain's name, cells of probes the catalogue lacks, and stale cells
// measured with another source of a probe than the current one. path is
// where the file is kept (its directory should be its machine's); probes
// maps each probe of the catalogue to the hash of its current source. The
// findings come in a stable order.
func Check(path string, f File, probes map[string]string) []Finding {
	var out []Finding
	add := func(field, fix, format string, args ...any) {
		out = append(out, Finding{Field: field, Problem: fmt.Sprintf(format, args...), Fix: fix})
	}
	const fixRun = "measure with `go run ./matrix run -toolchains PATH`, which records the toolchain"
	tc, env := f.Toolchain, f.Env

	// The toolchain, and the toolchain against the machine.
	switch tc.Kind {
	case toolchain.GC, toolchain.GCCGO:
	default:
		add("toolchain.kind", fixRun, "%q, want %q or %q", tc.Kind, toolchain.GC, toolchain.GCCGO)
	}
	switch {
	case tc.Version == "":
		add("toolchain.version", fixRun, "missing (the toolchain's runtime.Version())")
	case !toolchain.IsRelease(tc.Release):
		add("toolchain.release", fixRun, "%q is not a Go release such as go1.12.17", tc.Release)
	case strings.Fields(tc.Version)[0] != tc.Release:
		add("toolchain.release", fixRun, "%q, but toolchain.version %q names release %q", tc.Release, tc.Version, strings.Fields(tc.Version)[0])
	}
	if tc.GOOS != env.GOOS || tc.GOARCH != env.GOARCH {
		add("toolchain.goarch", fixRun, "the toolchain targets %s/%s, but the machine is %s/%s: probes must run natively", tc.GOOS, tc.GOARCH, env.GOOS, env.GOARCH)
	}
	if len(tc.Modes) == 0 {
		add("toolchain.modes", fixRun, "missing (the modes the toolchain supports)")
	}

	// Where the file is kept.
	dir, base := filepath.Split(filepath.Clean(path))
	machineDir := filepath.Base(filepath.Clean(dir))
	want := FileName(tc)
	switch {
	case dir != "" && machineDir != "." && machineDir != env.MachineID:
		add("path", "move it to results/"+env.MachineID+"/"+want,
			"kept in %s/, but measured on machine %s", machineDir, env.MachineID)
	case base != want:
		add("path", "rename it to "+want, "named %s, but its toolchain %q is kept as %s", base, tc.ID, want)
	}

	// The cells against the current probes.
	if len(f.Cells) == 0 {
		add("cells", fixRun, "none: the file measures nothing")
	}
	type stale struct {
		old   string
		cells []string
	}
	staleBy := map[string]*stale{}
	var staleProbes []string
	for _, c := range f.Cells {
		field := "cells[" + oneLine(c.Key().String()) + "]"
		cur, ok := probes[c.Probe]
		switch {
		case !ok:
			add(field+".probe", "drop the cell, or measure with the maplab that has the probe", "probe %s is not in this maplab's probes/", oneLine(c.Probe))
		case c.ProbeHash != cur:
			s := staleBy[c.Probe]
			if s == nil {
				s = &stale{old: c.ProbeHash}
				staleBy[c.Probe] = s
				staleProbes = append(staleProbes, c.Probe)
			}
			s.cells = append(s.cells, oneLine(c.Key().String()))
		}
	}
	sort.Strings(staleProbes)
	for _, p := range staleProbes {
		s := staleBy[p]
		add("cells["+p+"].probe_hash", "measure it again: `go run ./matrix run -probes "+p+" -toolchains PATH`",
			"stale: %s (%s) measured with source %s, probes/%s is now %s; the report leaves them out",
			cellCount(len(s.cells)), strings.Join(s.cells, ", "), short(s.old), p, short(probes[p]))
	}
	return out
}

func cellCount(n int) string {
	if n == 1 {
		return "1 cell"
	}
	return fmt.Sprintf("%d cells", n)
}
