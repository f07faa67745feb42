package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/results"
)

// run is the command with its arguments and outputs, returning the exit
// status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("drift", flag.ContinueOnError)
	fs.SetOutput(stderr)
	claimsFile := fs.String("claims", "", "a claims.json file (schema 2) whose interval clauses name the metrics to compare; empty for the lab's own claims, built into the command")
	top := fs.Int("top", 10, "how many of the largest drifts to list per group (0 for all)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: drift [-claims file] [-top N] runA runB")
		fmt.Fprintln(stderr, "runA and runB are results directories of one machine, e.g. results/local-linux-amd64-2cpu-a4207c, each written by one matrix run.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 2 || *top < 0 {
		if fs.NArg() != 2 {
			fmt.Fprintf(stderr, "drift: want two results directories, got %d arguments\n", fs.NArg())
		} else {
			fmt.Fprintf(stderr, "drift: -top %d: want 0 (all) or more\n", *top)
		}
		fs.Usage()
		return 2
	}
	cs, source, err := loadClaims(*claimsFile)
	if err != nil {
		fmt.Fprintf(stderr, "drift: %v\n", err)
		return 1
	}
	var runs [2]Run
	for i, dir := range fs.Args() {
		if runs[i], err = readRun("run "+string(rune('A'+i)), dir); err != nil {
			fmt.Fprintf(stderr, "drift: %v\n", err)
			return 1
		}
	}
	ms := ClaimedMetrics(cs)
	rep, err := Compare(runs[0], runs[1], ms)
	if err != nil {
		fmt.Fprintf(stderr, "drift: %v\n", err)
		return 1
	}
	if ma, mb := machine(runs[0]), machine(runs[1]); ma != mb {
		fmt.Fprintf(stderr, "drift: warning: run A is of machine %s and run B of machine %s: the drift includes the difference between the machines\n", ma, mb)
	}
	var b strings.Builder
	for _, r := range runs {
		fmt.Fprintf(&b, "%s: machine %s, %d results files: %s\n", r.Name, machine(r), len(r.Files), strings.Join(toolchains(r), ", "))
	}
	threshold, versus := 0, 0
	for _, m := range ms {
		if m.Versus {
			versus++
		} else {
			threshold++
		}
	}
	fmt.Fprintf(&b, "claims: %s; their interval clauses read %d metrics against a threshold and %d against another toolchain\n\n", source, threshold, versus)
	if _, err := io.WriteString(stdout, b.String()); err != nil {
		fmt.Fprintf(stderr, "drift: %v\n", err)
		return 1
	}
	if err := rep.Write(stdout, *top); err != nil {
		fmt.Fprintf(stderr, "drift: %v\n", err)
		return 1
	}
	return 0
}

// loadClaims returns the claims of path, or the embedded ones for "", and
// what they are for the output.
func loadClaims(path string) ([]claims.Claim, string, error) {
	if path == "" {
		return claims.Embedded(), "the lab's claims (claims/claims.json, built in)", nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("-claims: %w: pass an existing claims.json, or leave -claims out for the lab's own claims", err)
	}
	cs, err := claims.Parse(path, data)
	if err != nil {
		return nil, "", fmt.Errorf("-claims: %w", err)
	}
	return cs, path, nil
}

// readRun reads the results files of the machine directory dir, the run
// name calls.
func readRun(name, dir string) (Run, error) {
	name = fmt.Sprintf("%s (%s)", name, dir)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return Run{}, fmt.Errorf("%s: no such directory: pass the results directory of one machine, e.g. results/local-linux-amd64-2cpu-a4207c", name)
	case err != nil:
		return Run{}, fmt.Errorf("%s: %w", name, err)
	case !fi.IsDir():
		return Run{}, fmt.Errorf("%s: not a directory: pass the directory holding the run's results files, not one file", name)
	}
	files, err := results.ReadAll(dir)
	if err != nil {
		return Run{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(files) == 0 {
		return Run{}, fmt.Errorf("%s: no results files (*.json) in the directory: pass the directory a matrix run wrote, results/<machine id>", name)
	}
	r := Run{Name: name, Files: files}
	if ms := machines(r); len(ms) > 1 {
		return Run{}, fmt.Errorf("%s: holds results of %d machines (%s): pass one machine's directory, e.g. %s/%s",
			name, len(ms), strings.Join(ms, ", "), strings.TrimSuffix(dir, "/"), ms[0])
	}
	return r, nil
}

// machines returns the sorted IDs of the machines of r's files.
func machines(r Run) []string {
	seen := map[string]bool{}
	var ids []string
	for _, f := range r.Files {
		if !seen[f.Env.MachineID] {
			seen[f.Env.MachineID] = true
			ids = append(ids, f.Env.MachineID)
		}
	}
	sort.Strings(ids)
	return ids
}

// machine returns the machine of a run readRun accepted.
func machine(r Run) string {
	return strings.Join(machines(r), ", ")
}

// toolchains returns the sorted toolchain IDs of r's files.
func toolchains(r Run) []string {
	ids := make([]string, len(r.Files))
	for i, f := range r.Files {
		ids[i] = f.Toolchain.ID
	}
	sort.Strings(ids)
	return ids
}
