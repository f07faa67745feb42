// Package results defines the on-disk record of a matrix run: one
// schema-versioned JSON file per toolchain (and variant) per machine, kept
// as results/<machine id>/<toolchain id>.json, holding the run's
// environment and one cell per (probe, mode, language version).
package results

import (
	"math"
	"time"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/proberesult"
	"github.com/maplab/maplab/internal/toolchain"
)

// SchemaVersion is the version of the file format written by this package.
// Readers refuse files of any other version.
//
// Version 2 added the idle and race+X outcome kinds, Cell.Metrics (every
// metric summarised over all trials, not only the kept samples) and a
// typed Sample.Result.
//
// Version 3 identifies the machine: Env.Machine (the machine's ID, which is
// also the name of its directory under results/), Env.CPUModel and
// Env.RunnerImage, and requires Env.Runner, GOOS, GOARCH and CPUs.
//
// Version 4 names the maplab source of every measurement: Env.MaplabCommit
// for the run that wrote the file and Cell.MaplabCommit for the run that
// measured each cell (see Commit); Env.MaplabVersion is now the commit's
// short form. Files of version 3 are still read: their env's commit comes
// from maplab_version, and their cells' commits are unknown, since a file
// then named only the last run that wrote it.
const SchemaVersion = 4

// oldestUpgraded is the oldest schema version Decode reads, upgrading it
// to SchemaVersion.
const oldestUpgraded = 3

// File is the content of one results file.
type File struct {
	// Schema is SchemaVersion for files written by this package.
	Schema int `json:"schema"`
	// Toolchain is the toolchain every cell of the file was measured on.
	Toolchain toolchain.Toolchain `json:"toolchain"`
	// Env describes the machine and run that produced the cells.
	Env Env `json:"env"`
	// Cells are sorted by probe, mode and language version.
	Cells []Cell `json:"cells"`
}

// Env is the environment a run happened in. Its fields Runner,
// RunnerImage, GOOS, GOARCH, CPUs and CPUModel are the Machine; the others
// describe the run.
type Env struct {
	// MachineID is the ID of the machine (Env.Machine().ID()), the name of
	// its directory under results/.
	MachineID  string    `json:"machine"`
	Hostname   string    `json:"hostname,omitempty"`
	GOOS       string    `json:"goos"`
	GOARCH     string    `json:"goarch"`
	CPUs       int       `json:"cpus"`
	GOMAXPROCS int       `json:"gomaxprocs"`
	Kernel     string    `json:"kernel"`
	Date       time.Time `json:"date"`
	// MaplabVersion is MaplabCommit.String(), for people reading the
	// file; Write sets it.
	MaplabVersion string `json:"maplab_version"`
	// MaplabCommit is the maplab source of the run that wrote the file.
	MaplabCommit Commit `json:"maplab_commit"`
	// Runner names the machine kind, RunnerLocal or RunnerGitHub.
	Runner string `json:"runner"`
	// RunnerImage is the CI runner's image, e.g. "ubuntu24"; empty for a
	// local machine.
	RunnerImage string `json:"runner_image,omitempty"`
	// CPUModel is the processor's model name, "unknown" where the system
	// does not tell.
	CPUModel string `json:"cpu_model"`
	// LoadAvg is the machine's 1, 5 and 15 minute load averages when the
	// run started: best-effort detection rates depend on how busy the
	// processors were.
	LoadAvg string `json:"loadavg,omitempty"`
}

// Cell is the measured distribution of one probe on one toolchain, in one
// mode, language version and GOMAXPROCS.
type Cell struct {
	Probe string `json:"probe"`
	// ProbeHash is the hash of the probe's source the cell was measured
	// with (see catalogue.Hash): the first 16 hexadecimal digits of the
	// SHA-256 of its main.go.
	ProbeHash string `json:"probe_hash"`
	// MaplabCommit is the maplab source of the run that measured the
	// cell. Write gives a cell without one the file's
	// Env.MaplabCommit.
	MaplabCommit Commit         `json:"maplab_commit"`
	Mode         toolchain.Mode `json:"mode"`
	// Lang is the language version the probe was built with (the generated
	// go.mod's go line), e.g. "go1.21"; empty when the build had no go.mod
	// (GOPATH mode, gccgo).
	Lang string `json:"lang,omitempty"`
	// Procs is the GOMAXPROCS the trials ran at, a count of CPUs; 0 means
	// the runtime's default (every CPU the machine gives the process, Env.CPUs
	// on the machines maplab runs on).
	Procs int `json:"gomaxprocs,omitempty"`
	// CPULimit says how Procs was imposed on the trials, as a user's
	// environment would impose it: "env" (the GOMAXPROCS environment
	// variable) or "env+affinity" (also a CPU affinity of Procs CPUs, so
	// the runtime and the kernel both see Procs CPUs). Empty when Procs is 0.
	CPULimit string `json:"cpu_limit,omitempty"`
	// N is the number of trials that ran.
	N int `json:"n"`
	// Tallies count the trials per outcome, most frequent first. Their K
	// add up to N.
	Tallies []Tally `json:"tallies"`
	// NotRun is set, and N is 0, when the cell could not be run: the build
	// failed, the probe's minimum is above the toolchain, or the mode is
	// unavailable.
	NotRun *outcome.Outcome `json:"not_run,omitempty"`
	// Metrics summarises, per metric name, the values reported by every
	// counted trial of the cell (all trials but idle ones, see Counted) that
	// printed a valid result line, whatever its outcome.
	Metrics map[string]MetricSummary `json:"metrics,omitempty"`
	// Samples keep the first few trials of each distinct outcome.
	Samples []Sample `json:"samples,omitempty"`
	// Seconds is the wall time spent on the cell's trials.
	Seconds float64 `json:"seconds"`
	// Looks is the number of times the runner's sequential rule looked
	// at the cell to decide whether to stop, whether or not it went on
	// (runner.Config.Near): 2 for a timing cell the rule could extend, 0
	// (one look) otherwise. The claims engine takes a cell's median
	// intervals at a level corrected for every look.
	Looks int `json:"looks,omitempty"`
}

// Tally is the number of trials (K of the cell's N) with one outcome.
type Tally struct {
	outcome.Outcome
	K int `json:"k"`
}

// Sample is the captured output of one trial.
type Sample struct {
	outcome.Outcome
	ExitCode int    `json:"exit_code"`
	Signal   string `json:"signal,omitempty"`
	// Result is the probe's result line, if it printed a valid one.
	Result *proberesult.Result `json:"result,omitempty"`
	// Stderr is the head of the trial's standard error.
	Stderr string `json:"stderr,omitempty"`
}

// Key identifies a cell within a file.
type Key struct {
	Probe string
	Mode  toolchain.Mode
	Lang  string
	Procs int
}

// Key returns the cell's key.
func (c Cell) Key() Key { return Key{c.Probe, c.Mode, c.Lang, c.Procs} }

// CPU limits a cell records in CPULimit.
const (
	CPULimitEnv         = "env"
	CPULimitEnvAffinity = "env+affinity"
)

// Leading returns the cell's most frequent outcome, or its NotRun outcome.
func (c Cell) Leading() (outcome.Outcome, int) {
	if c.NotRun != nil {
		return *c.NotRun, 0
	}
	if len(c.Tallies) == 0 {
		return outcome.Outcome{}, 0
	}
	return c.Tallies[0].Outcome, c.Tallies[0].K
}

// MetricSummary aggregates the values one metric took over the trials of a
// cell: how many trials reported it, their sum, least and greatest value,
// and every value in trial order. Values lets the verdict engine estimate
// the median with an interval that one outlier trial cannot move; files
// written before it was added have none, and then only [Min, Max] is
// known.
type MetricSummary struct {
	Count  int       `json:"count"`
	Sum    float64   `json:"sum"`
	Min    float64   `json:"min"`
	Max    float64   `json:"max"`
	Values []float64 `json:"values,omitempty"`
}

// Add returns s with one more value v.
func (s MetricSummary) Add(v float64) MetricSummary {
	if s.Count == 0 {
		return MetricSummary{Count: 1, Sum: v, Min: v, Max: v, Values: []float64{v}}
	}
	s.Values = append(append([]float64(nil), s.Values...), v)
	s.Count++
	s.Sum += v
	s.Min = math.Min(s.Min, v)
	s.Max = math.Max(s.Max, v)
	return s
}

// Mean returns the average value, or 0 when no trial reported the metric.
func (s MetricSummary) Mean() float64 {
	if s.Count == 0 {
		return 0
	}
	return s.Sum / float64(s.Count)
}

// AddMetrics adds the metrics of one trial's result line to the cell's
// summaries.
func (c *Cell) AddMetrics(m map[string]float64) {
	if len(m) == 0 {
		return
	}
	if c.Metrics == nil {
		c.Metrics = map[string]MetricSummary{}
	}
	for name, v := range m {
		c.Metrics[name] = c.Metrics[name].Add(v)
	}
}

// Counted returns the number of trials that enter rates and verdicts: N
// less the idle trials, whose hazard did not happen.
func (c Cell) Counted() int {
	n := c.N
	for _, t := range c.Tallies {
		if !t.Kind.Counted() {
			n -= t.K
		}
	}
	return n
}
