package checks

import (
	"go/ast"
	"go/types"
)

// mapOf returns the map type of e's type, or nil when e is not a map.
func mapOf(info *types.Info, e ast.Expr) *types.Map {
	t := info.TypeOf(e)
	if t == nil {
		return nil
	}
	m, _ := t.Underlying().(*types.Map)
	return m
}

// localVar returns the variable e names when e is an identifier of a
// variable declared inside a function (not a package-level variable nor a
// field), else nil.
func localVar(info *types.Info, e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		v, ok = info.Defs[id].(*types.Var)
	}
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	return v
}

// sameVar reports whether a and b are identifiers of the same variable.
func sameVar(info *types.Info, a, b ast.Expr) bool {
	ia, ok1 := ast.Unparen(a).(*ast.Ident)
	ib, ok2 := ast.Unparen(b).(*ast.Ident)
	if !ok1 || !ok2 {
		return false
	}
	oa, ob := info.ObjectOf(ia), info.ObjectOf(ib)
	return oa != nil && oa == ob
}

// sameRef reports whether a and b denote the same variable or the same
// field path of one variable (m, s.m, s.t.m, s[i]), with no calls that
// could differ between evaluations.
func sameRef(info *types.Info, a, b ast.Expr) bool {
	a, b = ast.Unparen(a), ast.Unparen(b)
	switch a := a.(type) {
	case *ast.Ident:
		return sameVar(info, a, b)
	case *ast.SelectorExpr:
		bs, ok := b.(*ast.SelectorExpr)
		if !ok || info.ObjectOf(a.Sel) == nil || info.ObjectOf(a.Sel) != info.ObjectOf(bs.Sel) {
			return false
		}
		if _, isPkg := info.ObjectOf(a.Sel).(*types.Var); !isPkg {
			return false
		}
		if id, ok := a.X.(*ast.Ident); ok {
			if _, pkg := info.ObjectOf(id).(*types.PkgName); pkg {
				bid, ok := bs.X.(*ast.Ident)
				return ok && info.ObjectOf(bid) == info.ObjectOf(id)
			}
		}
		return sameRef(info, a.X, bs.X)
	case *ast.StarExpr:
		bs, ok := b.(*ast.StarExpr)
		return ok && sameRef(info, a.X, bs.X)
	case *ast.IndexExpr:
		// s[i] with the same variables: an element, not a map entry
		// (whose read could race with nothing here).
		bi, ok := b.(*ast.IndexExpr)
		return ok && mapOf(info, a.X) == nil && sameRef(info, a.X, bi.X) && sameRef(info, a.Index, bi.Index)
	}
	return false
}

// isBuiltin reports whether call calls the built-in function name.
func isBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}
