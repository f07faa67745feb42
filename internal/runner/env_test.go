package runner_test

import (
	"errors"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/results"
	"github.com/maplab/maplab/internal/runner"
)

func TestLabCommit(t *testing.T) {
	const (
		stamped = "1111111111111111111111111111111111111111"
		head    = "2222222222222222222222222222222222222222"
		ghSHA   = "3333333333333333333333333333333333333333"
	)
	build := func(settings ...string) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			bi := &debug.BuildInfo{}
			for i := 0; i+1 < len(settings); i += 2 {
				bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
			}
			return bi, true
		}
	}
	noGit := func(args ...string) ([]byte, error) { return nil, errors.New("not a git repository") }
	git := func(status string) func(args ...string) ([]byte, error) {
		return func(args ...string) ([]byte, error) {
			switch args[0] {
			case "rev-parse":
				return []byte(head + "\n"), nil
			case "status":
				// The lab's output does not count.
				if !strings.Contains(strings.Join(args, " "), ":(exclude)results :(exclude)docs") {
					return nil, errors.New("status without the output excluded")
				}
				return []byte(status), nil
			}
			return nil, errors.New("unexpected git " + args[0])
		}
	}
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	tests := []struct {
		name string
		h    runner.Host
		want results.Commit
	}{
		{"stamped clean", runner.Host{BuildInfo: build("vcs.revision", stamped, "vcs.modified", "false"), Git: git("")},
			results.Commit{Revision: stamped, Tree: results.TreeClean, From: results.FromBuild}},
		{"stamped dirty", runner.Host{BuildInfo: build("vcs.revision", stamped, "vcs.modified", "true"), Git: git("")},
			results.Commit{Revision: stamped, Tree: results.TreeDirty, From: results.FromBuild}},
		{"go run: git clean", runner.Host{BuildInfo: build(), Git: git("")},
			results.Commit{Revision: head, Tree: results.TreeClean, From: results.FromGit}},
		{"go run: git dirty", runner.Host{BuildInfo: build(), Git: git(" M internal/classify/classify.go\n")},
			results.Commit{Revision: head, Tree: results.TreeDirty, From: results.FromGit}},
		{"no git: GITHUB_SHA", runner.Host{BuildInfo: build(), Git: noGit, Getenv: env(map[string]string{"GITHUB_SHA": ghSHA})},
			results.Commit{Revision: ghSHA, Tree: results.TreeUnknown, From: results.FromGitHub}},
		{"bad GITHUB_SHA", runner.Host{Git: noGit, Getenv: env(map[string]string{"GITHUB_SHA": "main"})}, results.UnknownCommit},
		{"nothing", runner.Host{}, results.UnknownCommit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := runner.LabCommit(tt.h); got != tt.want {
				t.Errorf("LabCommit = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestLabCommitOfThisCheckout checks LabCommit on this repository: a test
// binary is not stamped, so git names the commit, or, where git or the
// checkout is missing, nothing does.
func TestLabCommitOfThisCheckout(t *testing.T) {
	c := runner.LabCommit(runner.ThisHost("../.."))
	t.Logf("this checkout: %+v", c)
	switch c.From {
	case results.FromGit:
		if len(c.Revision) != 40 && len(c.Revision) != 64 {
			t.Errorf("revision %q from git", c.Revision)
		}
	case results.FromGitHub, results.FromNone:
	default:
		t.Errorf("from %q: a test binary has no stamped revision", c.From)
	}
}
