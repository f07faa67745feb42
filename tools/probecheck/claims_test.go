package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/toolchain"
)

// claimsFile and resultsGlob locate the repository's claims and committed
// results from this package's directory.
const (
	claimsFile  = "../../claims/claims.json"
	resultsGlob = "../../results/*/*.json"
)

// claimFile is the part of claims.json this test reads: which probe,
// modes and GOMAXPROCS settings each check selects.
type claimFile struct {
	Claims []struct {
		ID     string   `json:"id"`
		Form   string   `json:"form"`
		Modes  []string `json:"modes"`
		Checks []struct {
			Probe string `json:"probe"`
			Mode  string `json:"mode"`
			When  string `json:"when"`
		} `json:"checks"`
	} `json:"claims"`
}

// procsCond is one "gomaxprocs == N" or "gomaxprocs != N" condition of a
// check's scope.
type procsCond struct {
	equal bool
	procs int
}

// procsConds returns the gomaxprocs conditions of a scope ("a and b and
// ..."); the scope's other conditions (release, kind, lang, variant) do
// not select among the modes and rows a probe declares.
func procsConds(t *testing.T, id, when string) []procsCond {
	t.Helper()
	var out []procsCond
	for _, c := range strings.Split(when, " and ") {
		f := strings.Fields(c)
		if len(f) != 3 || f[0] != "gomaxprocs" {
			continue
		}
		n, ok := catalogue.ParseProcs(f[2])
		if !ok || (f[1] != "==" && f[1] != "!=") {
			t.Fatalf("claim %s: cannot read scope condition %q", id, c)
		}
		out = append(out, procsCond{equal: f[1] == "==", procs: n})
	}
	return out
}

// selects reports whether the conditions select GOMAXPROCS setting n.
func selects(conds []procsCond, n int) bool {
	for _, c := range conds {
		if (n == c.procs) != c.equal {
			return false
		}
	}
	return true
}

// TestProbesKeepClaimedCells checks that trimming a probe's modes or
// GOMAXPROCS rows drops no cell a claim reads: for every check of
// claims/claims.json, the probe declares every mode the check reads, the
// setting its scope names, two settings for an invariant claim (which
// compares them), and every (mode, GOMAXPROCS) of the committed results'
// cells of that probe that the check selects.
func TestProbesKeepClaimedCells(t *testing.T) {
	raw, err := os.ReadFile(claimsFile)
	if err != nil {
		t.Fatal(err)
	}
	var cf claimFile
	if err := json.Unmarshal(raw, &cf); err != nil {
		t.Fatalf("reading %s: %v", claimsFile, err)
	}
	probes, err := catalogue.Load("../../probes")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]catalogue.Probe{}
	for _, p := range probes {
		byName[p.Name] = p
	}

	// measured holds the (mode, GOMAXPROCS) of each committed cell, by probe.
	type row struct {
		mode  string
		procs int
	}
	measured := map[string]map[row]bool{}
	files, err := filepath.Glob(resultsGlob)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no results files match %s", resultsGlob)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var rf struct {
			Cells []struct {
				Probe string `json:"probe"`
				Mode  string `json:"mode"`
				Procs int    `json:"gomaxprocs"`
			} `json:"cells"`
		}
		if err := json.Unmarshal(raw, &rf); err != nil {
			t.Fatalf("reading %s: %v", f, err)
		}
		for _, c := range rf.Cells {
			if measured[c.Probe] == nil {
				measured[c.Probe] = map[row]bool{}
			}
			measured[c.Probe][row{c.Mode, c.Procs}] = true
		}
	}

	checks := 0
	for _, c := range cf.Claims {
		for i, ch := range c.Checks {
			checks++
			p, ok := byName[ch.Probe]
			if !ok {
				t.Errorf("claim %s check %d: no probe %s", c.ID, i+1, ch.Probe)
				continue
			}
			modes := c.Modes
			if ch.Mode != "" {
				modes = []string{ch.Mode}
			}
			for _, m := range modes {
				if !p.RunsIn(toolchain.Mode(m)) {
					t.Errorf("claim %s check %d reads %s cells of %s, but the probe's modes are %v", c.ID, i+1, m, p.Name, p.Modes)
				}
			}
			conds := procsConds(t, c.ID, ch.When)
			for _, pc := range conds {
				if pc.equal && !slices.Contains(p.Procs, pc.procs) {
					t.Errorf("claim %s check %d reads the %s row of %s, which the probe does not declare (maplab:gomaxprocs %s)", c.ID, i+1, catalogue.ProcsLabel(pc.procs), p.Name, procsArgs(p.Procs))
				}
			}
			if c.Form == "invariant" && len(p.Procs) < 2 {
				t.Errorf("invariant claim %s compares GOMAXPROCS settings of %s, which declares only %s", c.ID, p.Name, procsArgs(p.Procs))
			}
			for r := range measured[p.Name] {
				if !slices.Contains(modes, r.mode) || !selects(conds, r.procs) {
					continue
				}
				if !p.RunsIn(toolchain.Mode(r.mode)) || !slices.Contains(p.Procs, r.procs) {
					t.Errorf("claim %s check %d reads the committed %s cells of %s at %s, which the probe no longer declares (modes %v, gomaxprocs %s)",
						c.ID, i+1, r.mode, p.Name, catalogue.ProcsLabel(r.procs), p.Modes, procsArgs(p.Procs))
				}
			}
		}
	}
	if checks == 0 {
		t.Fatalf("%s has no checks", claimsFile)
	}
}
