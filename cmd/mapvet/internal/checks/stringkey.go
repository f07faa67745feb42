package checks

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// StringKey reports updates through m[string(b)] in a loop.
var StringKey = &analysis.Analyzer{
	Name: "stringkey",
	Doc: `report m[string(b)]++ and other updates of an entry in a loop, b a []byte

The compiler avoids the string allocation of string(b) for a map lookup
(m[string(b)] as a value), but not for an assignment: storing through
m[string(b)] allocates a new string every time, even when the key is
already in the map. Reported only for updates of the entry already there
(m[string(b)]++, m[string(b)] += x, m[string(b)] = append(m[string(b)], x))
inside a loop, where the key is usually present; a plain store often adds
a new key, which needs its string anyway. Look the key up first and
assign only when it is missing, or keep a string. Claim:
string-key-assign-existing-no-alloc.`,
	Run: runStringKey,
}

func runStringKey(pass *analysis.Pass) (any, error) {
	rep, err := newReporter(pass, pass.Analyzer.Name)
	if err != nil {
		return nil, err
	}
	info := pass.TypesInfo
	for _, f := range pass.Files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			// Only updates of the entry already there: m[string(b)]++,
			// m[string(b)] op= x, m[string(b)] = f(m[string(b)]...).
			// A plain store may well add new keys, where the string must
			// be allocated anyway.
			var lhs ast.Expr
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == 1 && len(n.Rhs) == 1 {
					lhs = n.Lhs[0]
					if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); n.Tok == token.ASSIGN && (!ok || !isBytesToString(info, ix.Index) || !readsEntry(info, n.Rhs[0], ix)) {
						lhs = nil
					}
				}
			case *ast.IncDecStmt:
				lhs = n.X
			}
			ix, ok := ast.Unparen(lhs).(*ast.IndexExpr)
			if !ok || mapOf(info, ix.X) == nil || !isBytesToString(info, ix.Index) || !inLoop(stack) || guardedByLookup(info, stack, ix.X) {
				return true
			}
			rep.reportf(n, nil, []string{"string-key-assign-existing-no-alloc"},
				"assigning through m[string(b)] allocates the key string on every assignment, even when the key is present; look it up first (v, ok := m[string(b)] does not allocate)")
			return true
		})
	}
	return nil, nil
}

// readsEntry reports whether e reads the entry ix (same map, same
// converted key).
func readsEntry(info *types.Info, e ast.Expr, ix *ast.IndexExpr) bool {
	key := ast.Unparen(ix.Index).(*ast.CallExpr).Args[0]
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if r, ok := n.(*ast.IndexExpr); ok && sameRef(info, r.X, ix.X) && isBytesToString(info, r.Index) &&
			sameRef(info, ast.Unparen(r.Index).(*ast.CallExpr).Args[0], key) {
			found = true
		}
		return !found
	})
	return found
}

// isBytesToString reports whether e is a conversion string(b) of a byte
// slice.
func isBytesToString(info *types.Info, e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	tv, ok := info.Types[call.Fun]
	if !ok || !tv.IsType() {
		return false
	}
	if b, ok := tv.Type.Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return false
	}
	s, ok := info.TypeOf(call.Args[0]).Underlying().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := s.Elem().Underlying().(*types.Basic)
	return ok && b.Kind() == types.Byte
}

// inLoop reports whether the innermost function on stack runs the node on
// top of it inside a for or range loop.
func inLoop(stack []ast.Node) bool {
	for i := len(stack) - 2; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
}

// guardedByLookup reports whether an enclosing if statement of the
// innermost function looks m up first (if _, ok := m[...]; !ok { m[...] = v
// }): there the key is absent when assigned, and the allocation is needed.
func guardedByLookup(info *types.Info, stack []ast.Node, m ast.Expr) bool {
	for i := len(stack) - 2; i >= 0; i-- {
		switch s := stack[i].(type) {
		case *ast.IfStmt:
			found := false
			for _, part := range []ast.Node{s.Init, s.Cond} {
				if part == nil {
					continue
				}
				ast.Inspect(part, func(n ast.Node) bool {
					if ix, ok := n.(*ast.IndexExpr); ok && sameRef(info, ix.X, m) {
						found = true
					}
					return !found
				})
			}
			if found {
				return true
			}
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
}
