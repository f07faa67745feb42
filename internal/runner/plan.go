package runner

import (
	"fmt"

	"github.com/maplab/maplab/internal/build"
	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/toolchain"
)

// Task is one planned cell.
type Task struct {
	Probe     catalogue.Probe
	Toolchain toolchain.Toolchain
	Mode      toolchain.Mode
	Lang      string
	// Procs is the GOMAXPROCS the trials run at, catalogue.ProcsAll for
	// the runtime's default.
	Procs int
	// NotRun is set when the plan already knows the cell cannot run.
	NotRun *outcome.Outcome
}

// Name returns a short human name for the task.
func (t Task) Name() string {
	s := fmt.Sprintf("%s %s %s", t.Toolchain.ID, t.Probe.Name, t.Mode)
	if t.Lang != "" && len(t.Probe.Langs) > 1 {
		s += " lang " + t.Lang
	}
	if t.Procs != catalogue.ProcsAll {
		s += " " + catalogue.ProcsLabel(t.Procs)
	}
	return s
}

// Request returns the build request of t's binary: one per probe,
// toolchain, mode and language version, shared by the cell's GOMAXPROCS
// settings.
func (t Task) Request() build.Request {
	return build.Request{Probe: t.Probe, Toolchain: t.Toolchain, Mode: t.Mode, Lang: t.Lang}
}

// timing reports whether t is a timing cell that will run: a timing
// probe's (catalogue.Probe.Timing) cell not planned as not run. Its trials
// run alone and last, and the progress estimate counts them apart.
func (t Task) timing() bool { return t.Probe.Timing() && t.NotRun == nil }

// beside reports whether t is a cell whose trials run alone on the first
// CPUs only, leaving the others to builds (see holdFor): an alone probe's
// cell at a GOMAXPROCS below every CPU, not a timing probe's, planned to
// run.
func (t Task) beside() bool {
	return t.Probe.Alone && !t.Probe.Timing() && t.Procs != catalogue.ProcsAll && t.NotRun == nil
}

// Plan lists the cells for every probe on every toolchain in the requested
// modes: first the cells of alone probes pinned to fewer than every CPU
// (beside), then the others toolchain by toolchain, and then the cells of
// the timing probes (catalogue.Probe.Timing), probe by probe across the
// toolchains. A probe's own modes
// directive limits the modes it runs in; a probe whose minimum is above a
// toolchain's release is planned as unsupported, and a mode the toolchain
// lacks as unavailable.
//
// Timing probes come last and together because their claims compare one
// probe's times between toolchains measured in one run: toolchain by
// toolchain, the cells compared stood ten or more minutes apart, and the
// machine's speed drifts over minutes (on 2026-12-05 two fresh runs on
// one machine disagreed on one such comparison). Together, the cells of
// one probe are measured within a minute or two of each other.
//
// The pinned alone cells come first because while their trials hold the
// first CPUs, the other CPUs would idle: the run builds the binaries of
// the cells that follow there (buildBeside). Together at the start, they
// give the builds one stretch of a minute or more; spread over the run,
// each would sit beside another alone cell, whose waiting trials need
// every CPU and keep the builds back.
func Plan(probes []catalogue.Probe, tcs []toolchain.Toolchain, modes []toolchain.Mode) []Task {
	tasks := plan(probes, tcs, modes)
	var first, rest []Task
	timing := map[string][]Task{}
	var names []string
	for _, t := range tasks {
		if t.beside() {
			first = append(first, t)
			continue
		}
		if !t.Probe.Timing() {
			rest = append(rest, t)
			continue
		}
		if _, ok := timing[t.Probe.Name]; !ok {
			names = append(names, t.Probe.Name)
		}
		timing[t.Probe.Name] = append(timing[t.Probe.Name], t)
	}
	for _, name := range names {
		rest = append(rest, timing[name]...)
	}
	return append(first, rest...)
}

// plan lists the cells toolchain by toolchain.
func plan(probes []catalogue.Probe, tcs []toolchain.Toolchain, modes []toolchain.Mode) []Task {
	var tasks []Task
	for _, tc := range tcs {
		for _, p := range probes {
			for _, m := range modes {
				if !p.RunsIn(m) {
					continue
				}
				base := Task{Probe: p, Toolchain: tc, Mode: m}
				if toolchain.CompareRelease(tc.Release, p.Minimum) < 0 {
					base.NotRun = &outcome.Outcome{Kind: outcome.Unsupported, Reason: fmt.Sprintf("needs %s, toolchain has %s", p.Minimum, tc.Release)}
					for _, procs := range procsOf(p) {
						base.Procs = procs
						tasks = append(tasks, base)
					}
					continue
				}
				if reason, ok := p.UnsupportedOn(tc); ok {
					base.NotRun = &outcome.Outcome{Kind: outcome.Unsupported, Reason: reason}
					for _, procs := range procsOf(p) {
						base.Procs = procs
						tasks = append(tasks, base)
					}
					continue
				}
				if !tc.Supports(m) {
					reason := tc.Unavailable[m]
					if reason == "" {
						reason = fmt.Sprintf("%s mode not supported by %s", m, tc.ID)
					}
					base.NotRun = &outcome.Outcome{Kind: outcome.Unavailable, Reason: reason}
				}
				seen := map[string]bool{}
				for _, entry := range p.Langs {
					t := base
					lang, ok := build.ResolveLang(entry, tc)
					if !ok {
						// Recorded, so the table says why this row is empty
						// for the toolchain instead of leaving a gap.
						t.Lang = entry
						if t.NotRun == nil {
							t.NotRun = &outcome.Outcome{Kind: outcome.Unsupported, Reason: langReason(entry, tc)}
						}
					} else {
						t.Lang = lang
					}
					if seen[t.Lang] {
						continue
					}
					seen[t.Lang] = true
					for _, procs := range procsOf(p) {
						t.Procs = procs
						tasks = append(tasks, t)
					}
				}
			}
		}
	}
	return tasks
}

// procsOf returns the probe's GOMAXPROCS settings; a probe made without
// the catalogue's defaults runs at the runtime's default.
func procsOf(p catalogue.Probe) []int {
	if len(p.Procs) == 0 {
		return []int{catalogue.ProcsAll}
	}
	return p.Procs
}

// langReason says why toolchain tc cannot build with language version lang.
func langReason(lang string, tc toolchain.Toolchain) string {
	if tc.Lang == "" {
		return fmt.Sprintf("language version %s not selectable: %s builds without go.mod", lang, tc.ID)
	}
	return fmt.Sprintf("language version %s is newer than %s's %s", lang, tc.ID, tc.Lang)
}
