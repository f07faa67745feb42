package checks

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// RangeFirst reports a random pick made by leaving a range over a map in
// its first iteration.
var RangeFirst = &analysis.Analyzer{
	Name: "rangefirst",
	Doc: `report a "random" map key picked as the first key of a range

for k := range m { return k } does not pick each key equally often: the
range starts at a random position but walks on from there, so some keys
come first far more often (in a 3-key map one key about 75% of the time on
the releases measured). Reported only where the function says it wants a
random choice (a word of its name starts with "rand", or its doc comment
or a comment inside says "random"). Claim: range-first-key-fair.`,
	Run: runRangeFirst,
}

func runRangeFirst(pass *analysis.Pass) (any, error) {
	rep, err := newReporter(pass, pass.Analyzer.Name)
	if err != nil {
		return nil, err
	}
	info := pass.TypesInfo
	enclosingFuncs(pass.Files, func(file *ast.File, name string, doc *ast.CommentGroup, body *ast.BlockStmt) {
		var picks []*ast.RangeStmt
		inspectOwn(body, func(n ast.Node) bool {
			rs, ok := n.(*ast.RangeStmt)
			if !ok || mapOf(info, rs.X) == nil || len(rs.Body.List) == 0 {
				return true
			}
			list := rs.Body.List
			if !straightLine(list[:len(list)-1]) {
				return true
			}
			key, val := info.ObjectOf(identOf(rs.Key)), info.ObjectOf(identOf(rs.Value))
			if key == nil && val == nil {
				return true
			}
			switch last := list[len(list)-1].(type) {
			case *ast.ReturnStmt:
				// The returned values must carry the key or value.
				for _, r := range last.Results {
					if usesVar(info, r, key, val) {
						picks = append(picks, rs)
						return true
					}
				}
			case *ast.BranchStmt:
				// break after storing the key or value in a variable.
				if last.Tok == token.BREAK && last.Label == nil && usesVar(info, &ast.BlockStmt{List: list[:len(list)-1]}, key, val) {
					picks = append(picks, rs)
				}
			}
			return true
		})
		if len(picks) == 0 || !saysRandom(file, name, doc, body) {
			return
		}
		for _, rs := range picks {
			rep.reportf(rs, nil, []string{"range-first-key-fair"},
				"the first key of a range over a map is not a fair random pick: some keys come first far more often than others")
		}
	})
	return nil, nil
}

// identOf returns e as an identifier other than _, or nil.
func identOf(e ast.Expr) *ast.Ident {
	id, ok := e.(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	return id
}
