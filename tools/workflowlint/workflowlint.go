// Package workflowlint checks the project's GitHub Actions workflows without
// a network or GitHub: it runs actionlint as a library and then the
// project's own hardening policy (see Policy).
//
// The package test lints every file under .github/workflows and fails on any
// problem, so `go test ./tools/workflowlint/` is the local equivalent of
// pushing a workflow and watching it fail.
package workflowlint

import (
	"fmt"
	"io"
	"sort"

	"github.com/rhysd/actionlint"
)

// Problem is one finding in a workflow file.
type Problem struct {
	// File is the path of the workflow as given to Check.
	File string
	// Line and Col are the 1-based position of the finding; 0 when the
	// finding is about the whole file.
	Line, Col int
	// Rule names the check, "actionlint/<kind>" for actionlint's rules and
	// "policy/<name>" for the project's policy.
	Rule string
	// Message says what is wrong and, where it helps, what to do instead.
	Message string
}

// String formats p as "file:line:col: message [rule]".
func (p Problem) String() string {
	return fmt.Sprintf("%s:%d:%d: %s [%s]", p.File, p.Line, p.Col, p.Message, p.Rule)
}

// Options configures Check.
type Options struct {
	// Shellcheck is the shellcheck executable actionlint runs on run:
	// scripts. Empty disables that rule, so nothing outside this process
	// runs. Pyflakes is never run: the workflows hold no Python.
	Shellcheck string
}

// Check lints the workflow src, read from path, with actionlint and with
// Policy, and returns the problems sorted by position.
func Check(path string, src []byte, opts Options) ([]Problem, error) {
	ps, err := Actionlint(path, src, opts)
	if err != nil {
		return nil, err
	}
	ps = append(ps, Policy(path, src)...)
	sortProblems(ps)
	return ps, nil
}

// Actionlint runs actionlint's rules on the workflow src, read from path.
// Only the shellcheck rule named by opts can start another process.
func Actionlint(path string, src []byte, opts Options) ([]Problem, error) {
	l, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{
		Shellcheck: opts.Shellcheck,
		Pyflakes:   "",
		LogWriter:  io.Discard,
	})
	if err != nil {
		return nil, fmt.Errorf("creating actionlint linter: %w", err)
	}
	errs, err := l.Lint(path, src, nil)
	if err != nil {
		return nil, fmt.Errorf("linting %s: %w", path, err)
	}
	ps := make([]Problem, 0, len(errs))
	for _, e := range errs {
		ps = append(ps, Problem{
			File:    path,
			Line:    e.Line,
			Col:     e.Column,
			Rule:    "actionlint/" + e.Kind,
			Message: e.Message,
		})
	}
	return ps, nil
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Rule < b.Rule
	})
}
