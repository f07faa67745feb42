package rehearse

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"
)

// Context holds the values expressions read: matrix, env, inputs, runner,
// github, steps, needs and the job's status.
type Context struct {
	Matrix map[string]string
	Env    map[string]string
	Inputs map[string]string
	Runner map[string]string
	GitHub map[string]string
	// Steps maps a step id to its outputs.
	Steps map[string]map[string]string
	// Failed reports whether an earlier step failed (success() is false).
	Failed bool
}

// null is the value of a property that does not exist.
type null struct{}

// Eval evaluates one expression, without ${{ }}, and returns a string,
// bool, float64, null or map value. An unknown context or function is an
// error, so the rehearsal never guesses.
func (c *Context) Eval(src string) (any, error) {
	node, perr := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(src + "}}"))
	if perr != nil {
		return nil, fmt.Errorf("expression %q: %s", src, perr.Message)
	}
	return c.eval(node)
}

func (c *Context) eval(n actionlint.ExprNode) (any, error) {
	switch n := n.(type) {
	case *actionlint.VariableNode:
		return c.variable(n.Name)
	case *actionlint.StringNode:
		return n.Value, nil
	case *actionlint.IntNode:
		return float64(n.Value), nil
	case *actionlint.FloatNode:
		return n.Value, nil
	case *actionlint.BoolNode:
		return n.Value, nil
	case *actionlint.NullNode:
		return null{}, nil
	case *actionlint.ObjectDerefNode:
		r, err := c.eval(n.Receiver)
		if err != nil {
			return nil, err
		}
		return property(r, n.Property), nil
	case *actionlint.IndexAccessNode:
		r, err := c.eval(n.Operand)
		if err != nil {
			return nil, err
		}
		i, err := c.eval(n.Index)
		if err != nil {
			return nil, err
		}
		return property(r, toString(i)), nil
	case *actionlint.NotOpNode:
		v, err := c.eval(n.Operand)
		if err != nil {
			return nil, err
		}
		return !Truthy(v), nil
	case *actionlint.LogicalOpNode:
		l, err := c.eval(n.Left)
		if err != nil {
			return nil, err
		}
		if n.Kind == actionlint.LogicalOpNodeKindAnd && !Truthy(l) || n.Kind == actionlint.LogicalOpNodeKindOr && Truthy(l) {
			return l, nil
		}
		return c.eval(n.Right)
	case *actionlint.CompareOpNode:
		l, err := c.eval(n.Left)
		if err != nil {
			return nil, err
		}
		r, err := c.eval(n.Right)
		if err != nil {
			return nil, err
		}
		return compare(n.Kind, l, r), nil
	case *actionlint.FuncCallNode:
		return c.call(n)
	}
	return nil, fmt.Errorf("unsupported expression node %T", n)
}

func (c *Context) variable(name string) (any, error) {
	m := map[string]map[string]string{
		"matrix": c.Matrix, "env": c.Env, "inputs": c.Inputs, "runner": c.Runner, "github": c.GitHub,
	}
	switch name {
	case "steps":
		out := map[string]any{}
		for id, outs := range c.Steps {
			o := map[string]any{}
			for k, v := range outs {
				o[k] = v
			}
			out[id] = map[string]any{"outputs": o}
		}
		return out, nil
	}
	vals, ok := m[name]
	if !ok {
		return nil, fmt.Errorf("context %q is not emulated", name)
	}
	out := map[string]any{}
	for k, v := range vals {
		out[strings.ToLower(k)] = v
	}
	return out, nil
}

func (c *Context) call(n *actionlint.FuncCallNode) (any, error) {
	var args []any
	for _, a := range n.Args {
		v, err := c.eval(a)
		if err != nil {
			return nil, err
		}
		args = append(args, v)
	}
	switch strings.ToLower(n.Callee) {
	case "success":
		return !c.Failed, nil
	case "failure":
		return c.Failed, nil
	case "always":
		return true, nil
	case "cancelled":
		return false, nil
	case "contains":
		if len(args) == 2 {
			return strings.Contains(strings.ToLower(toString(args[0])), strings.ToLower(toString(args[1]))), nil
		}
	case "startswith":
		if len(args) == 2 {
			return strings.HasPrefix(strings.ToLower(toString(args[0])), strings.ToLower(toString(args[1]))), nil
		}
	case "format":
		if len(args) >= 1 {
			s := toString(args[0])
			for i, a := range args[1:] {
				s = strings.ReplaceAll(s, "{"+strconv.Itoa(i)+"}", toString(a))
			}
			return s, nil
		}
	}
	return nil, fmt.Errorf("function %s with %d arguments is not emulated", n.Callee, len(args))
}

func property(r any, name string) any {
	if m, ok := r.(map[string]any); ok {
		if v, ok := m[strings.ToLower(name)]; ok {
			return v
		}
	}
	return null{}
}

// Truthy is the truth value of v as GitHub Actions defines it.
func Truthy(v any) bool {
	switch v := v.(type) {
	case null:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case float64:
		return v != 0 && !math.IsNaN(v)
	}
	return true
}

func toString(v any) string {
	switch v := v.(type) {
	case null:
		return ""
	case bool:
		return strconv.FormatBool(v)
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

func toNumber(v any) float64 {
	switch v := v.(type) {
	case null:
		return 0
	case bool:
		if v {
			return 1
		}
		return 0
	case string:
		if strings.TrimSpace(v) == "" {
			return 0
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return math.NaN()
		}
		return f
	case float64:
		return v
	}
	return math.NaN()
}

// compare applies a comparison with the loose equality of GitHub Actions:
// strings compare case-insensitively; values of different types compare
// as numbers (null and "" are 0).
func compare(k actionlint.CompareOpNodeKind, l, r any) bool {
	ls, lok := l.(string)
	rs, rok := r.(string)
	var c int
	if lok && rok {
		c = strings.Compare(strings.ToLower(ls), strings.ToLower(rs))
	} else {
		a, b := toNumber(l), toNumber(r)
		if math.IsNaN(a) || math.IsNaN(b) {
			return k == actionlint.CompareOpNodeKindNotEq
		}
		switch {
		case a < b:
			c = -1
		case a > b:
			c = 1
		}
	}
	switch k {
	case actionlint.CompareOpNodeKindLess:
		return c < 0
	case actionlint.CompareOpNodeKindLessEq:
		return c <= 0
	case actionlint.CompareOpNodeKindGreater:
		return c > 0
	case actionlint.CompareOpNodeKindGreaterEq:
		return c >= 0
	case actionlint.CompareOpNodeKindEq:
		return c == 0
	case actionlint.CompareOpNodeKindNotEq:
		return c != 0
	}
	return false
}

// Interpolate replaces every ${{ expr }} in s by its value as a string.
func (c *Context) Interpolate(s string) (string, error) {
	var b strings.Builder
	for {
		i := strings.Index(s, "${{")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			return "", fmt.Errorf("unterminated ${{ in %q", s)
		}
		v, err := c.Eval(strings.TrimSpace(s[i+3 : i+j]))
		if err != nil {
			return "", err
		}
		b.WriteString(s[:i])
		b.WriteString(toString(v))
		s = s[i+j+2:]
	}
}

// Condition evaluates an if: value, with or without ${{ }}. As in GitHub
// Actions, a condition that calls no status function is ANDed with
// success().
func (c *Context) Condition(s string) (bool, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return !c.Failed, nil
	}
	if strings.HasPrefix(s, "${{") && strings.HasSuffix(s, "}}") && strings.Count(s, "${{") == 1 {
		s = strings.TrimSpace(s[3 : len(s)-2])
	}
	v, err := c.Eval(s)
	if err != nil {
		return false, err
	}
	lower := strings.ToLower(s)
	status := false
	for _, f := range []string{"success(", "failure(", "always(", "cancelled("} {
		status = status || strings.Contains(lower, f)
	}
	if !status && c.Failed {
		return false, nil
	}
	return Truthy(v), nil
}
