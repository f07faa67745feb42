package checks

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// RecoverWrites reports a deferred recover that is meant to survive
// concurrent writes of a shared map.
var RecoverWrites = &analysis.Analyzer{
	Name: "recoverwrites",
	Doc: `report a deferred recover around goroutines that write a shared map without a lock

When goroutines write one map together (as concwrites finds them, writes
only), the runtime stops the program with the fatal error "concurrent map
writes", which no recover catches: a deferred recover in the goroutine or
in the function that started it does not keep the program alive. Claim:
recover-catches-concurrent-writes.`,
	Run: runRecoverWrites,
}

func runRecoverWrites(pass *analysis.Pass) (any, error) {
	rep, err := newReporter(pass, pass.Analyzer.Name)
	if err != nil {
		return nil, err
	}
	info := pass.TypesInfo
	done := map[ast.Node]bool{}
	enclosingFuncs(pass.Files, func(_ *ast.File, _ string, _ *ast.CommentGroup, body *ast.BlockStmt) {
		for _, c := range conflicts(info, body) {
			if !c.otherWrites {
				continue
			}
			line := pass.Fset.Position(c.start.Pos()).Line
			for _, d := range append(deferredRecovers(info, c.lit.Body), deferredRecovers(info, body)...) {
				if done[d] {
					continue
				}
				done[d] = true
				rep.reportf(d, nil, []string{"recover-catches-concurrent-writes"},
					"this recover cannot catch the fatal error \"concurrent map writes\": goroutines started at line %d write %s together without a lock",
					line, c.v.Name())
			}
		}
	})
	return nil, nil
}

// deferredRecovers returns the defer statements of body (not of nested
// literals) whose function literal calls recover.
func deferredRecovers(info *types.Info, body *ast.BlockStmt) []*ast.DeferStmt {
	var out []*ast.DeferStmt
	inspectOwn(body, func(n ast.Node) bool {
		d, ok := n.(*ast.DeferStmt)
		if !ok {
			return true
		}
		lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit)
		if !ok {
			return false
		}
		calls := false
		inspectOwn(lit.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok && isBuiltin(info, call, "recover") {
				calls = true
			}
			return !calls
		})
		if calls {
			out = append(out, d)
		}
		return false
	})
	return out
}
