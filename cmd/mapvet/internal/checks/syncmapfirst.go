package checks

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// SyncMapFirst reports a random pick made by stopping sync.Map's Range at
// its first key.
var SyncMapFirst = &analysis.Analyzer{
	Name: "syncmapfirst",
	Doc: `report a "random" key picked as the first key sync.Map's Range visits

m.Range(func(k, v any) bool { pick = k; return false }) takes the first key
Range visits. On releases whose sync.Map is a hash trie (go1.24 on) that
order repeats on every call, so the pick is the same key each time.
Reported only where the function says it wants a random choice (as for
rangefirst). Claim: sync-map-range-order-random.`,
	Run: runSyncMapFirst,
}

func runSyncMapFirst(pass *analysis.Pass) (any, error) {
	rep, err := newReporter(pass, pass.Analyzer.Name)
	if err != nil {
		return nil, err
	}
	info := pass.TypesInfo
	enclosingFuncs(pass.Files, func(file *ast.File, name string, doc *ast.CommentGroup, body *ast.BlockStmt) {
		var picks []*ast.CallExpr
		inspectOwn(body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 || !isSyncMapRange(info, call) {
				return true
			}
			lit, ok := call.Args[0].(*ast.FuncLit)
			if !ok || len(lit.Type.Params.List) == 0 || len(lit.Body.List) == 0 {
				return true
			}
			list := lit.Body.List
			ret, ok := list[len(list)-1].(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 || !isFalse(info, ret.Results[0]) || !straightLine(list[:len(list)-1]) {
				return true
			}
			var params []types.Object
			for _, f := range lit.Type.Params.List {
				for _, id := range f.Names {
					params = append(params, info.ObjectOf(id))
				}
			}
			if usesVar(info, &ast.BlockStmt{List: list[:len(list)-1]}, params...) {
				picks = append(picks, call)
			}
			return true
		})
		if len(picks) == 0 || !saysRandom(file, name, doc, body) {
			return
		}
		for _, call := range picks {
			rep.reportf(call, nil, []string{"sync-map-range-order-random"},
				"the first key sync.Map's Range visits is not a random pick: on hash-trie releases the order repeats on every call")
		}
	})
	return nil, nil
}

// isSyncMapRange reports whether call is the Range method of sync.Map.
func isSyncMapRange(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Range" {
		return false
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return false
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	return ok && named.Obj().Name() == "Map"
}

// isFalse reports whether e is the constant false.
func isFalse(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.String() == "false"
}
