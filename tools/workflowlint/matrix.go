package workflowlint

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rhysd/actionlint"
)

// MatrixValue is one scalar value of a job's strategy matrix.
type MatrixValue struct {
	// Job is the id of the job.
	Job string
	// Key is the matrix key in lower case, e.g. "go".
	Key string
	// Value is the scalar as written, without quotes: an unquoted 1.10 is
	// "1.10" here although GitHub reads the number 1.1.
	Value string
	// Quoted reports whether the scalar is quoted with ' or " in the source.
	Quoted bool
	// Line and Col are the 1-based position of the scalar.
	Line, Col int
	// Include holds the scalar values of the include combination the value
	// belongs to, by lower-case key; it is nil for a value listed under a
	// matrix key.
	Include map[string]string
}

// Matrix returns the scalar values of the strategy matrices of all jobs of
// the workflow src, in source order. Values computed by expressions and
// exclude combinations are left out.
func Matrix(src []byte) ([]MatrixValue, error) {
	w, errs := actionlint.Parse(src)
	if w == nil {
		if len(errs) > 0 {
			return nil, fmt.Errorf("parsing workflow: %d:%d: %s", errs[0].Line, errs[0].Column, errs[0].Message)
		}
		return nil, fmt.Errorf("parsing workflow: no workflow")
	}
	return matrixValues(w, strings.Split(string(src), "\n")), nil
}

func matrixValues(w *actionlint.Workflow, lines []string) []MatrixValue {
	c := &checker{lines: lines}
	var vs []MatrixValue
	for _, j := range w.Jobs {
		if j.Strategy == nil || j.Strategy.Matrix == nil {
			continue
		}
		m := j.Strategy.Matrix
		for key, row := range m.Rows {
			for _, v := range row.Values {
				if s, ok := v.(*actionlint.RawYAMLString); ok {
					vs = append(vs, c.matrixValue(j.ID.Value, key, s, nil))
				}
			}
		}
		if m.Include == nil {
			continue
		}
		for _, comb := range m.Include.Combinations {
			if comb.Assigns == nil {
				continue
			}
			include := map[string]string{}
			for key, a := range comb.Assigns {
				if s, ok := a.Value.(*actionlint.RawYAMLString); ok {
					include[key] = s.Value
				}
			}
			for key, a := range comb.Assigns {
				if s, ok := a.Value.(*actionlint.RawYAMLString); ok {
					vs = append(vs, c.matrixValue(j.ID.Value, key, s, include))
				}
			}
		}
	}
	sort.Slice(vs, func(a, b int) bool {
		if vs[a].Line != vs[b].Line {
			return vs[a].Line < vs[b].Line
		}
		return vs[a].Col < vs[b].Col
	})
	return vs
}

func (c *checker) matrixValue(job, key string, s *actionlint.RawYAMLString, include map[string]string) MatrixValue {
	v := MatrixValue{Job: job, Key: key, Value: s.Value, Include: include}
	if p := s.Pos(); p != nil {
		v.Line, v.Col = p.Line, p.Col
		r := c.charAt(p)
		v.Quoted = r == '"' || r == '\''
	}
	return v
}

// groupByJob splits vs, in source order, into one slice per job.
func groupByJob(vs []MatrixValue) [][]MatrixValue {
	index := map[string]int{}
	var groups [][]MatrixValue
	for _, v := range vs {
		i, ok := index[v.Job]
		if !ok {
			i = len(groups)
			index[v.Job] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], v)
	}
	return groups
}
