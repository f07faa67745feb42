package checks

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/types"
	"go/version"

	"golang.org/x/tools/go/analysis"
)

// DeleteIdiom reports for k := range m { delete(m, k) } on a map whose key
// type can hold NaN.
var DeleteIdiom = &analysis.Analyzer{
	Name: "deleteidiom",
	Doc: `report the delete-everything idiom on maps whose keys can be NaN

for k := range m { delete(m, k) } cannot remove an entry whose key is NaN
(NaN != NaN), so on a map keyed by floats, complex numbers, interfaces, or
structs and arrays holding them, the map may not end empty. clear(m) (Go
1.21) removes every entry; the fix is offered where the file's Go version
allows it. Claims: delete-idiom-empties-map, clear-removes-nan-keys.`,
	Run: runDeleteIdiom,
}

func runDeleteIdiom(pass *analysis.Pass) (any, error) {
	rep, err := newReporter(pass, pass.Analyzer.Name)
	if err != nil {
		return nil, err
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			rs, ok := n.(*ast.RangeStmt)
			if !ok || rs.Key == nil || len(rs.Body.List) != 1 {
				return true
			}
			if rs.Value != nil {
				if id, ok := rs.Value.(*ast.Ident); !ok || id.Name != "_" {
					return true
				}
			}
			m := mapOf(pass.TypesInfo, rs.X)
			if m == nil {
				return true
			}
			es, ok := rs.Body.List[0].(*ast.ExprStmt)
			if !ok {
				return true
			}
			call, ok := es.X.(*ast.CallExpr)
			if !ok || !isBuiltin(pass.TypesInfo, call, "delete") || len(call.Args) != 2 {
				return true
			}
			if !sameRef(pass.TypesInfo, call.Args[0], rs.X) || !sameVar(pass.TypesInfo, call.Args[1], rs.Key) {
				return true
			}
			why := nanReason(m.Key(), nil)
			if why == "" {
				return true
			}
			var fixes []analysis.SuggestedFix
			claims := []string{"delete-idiom-empties-map"}
			suggest := ""
			if clearAllowed(pass, f) {
				var buf bytes.Buffer
				if err := format.Node(&buf, pass.Fset, rs.X); err == nil {
					fixes = []analysis.SuggestedFix{{
						Message:   "use clear",
						TextEdits: []analysis.TextEdit{{Pos: rs.Pos(), End: rs.End(), NewText: []byte("clear(" + buf.String() + ")")}},
					}}
					suggest = "; clear(" + buf.String() + ") removes them"
					claims = append(claims, "clear-removes-nan-keys")
				}
			}
			rep.reportf(rs, fixes, claims, "the delete loop leaves entries whose key is NaN (key type %s: %s)%s",
				types.TypeString(m.Key(), types.RelativeTo(pass.Pkg)), why, suggest)
			return true
		})
	}
	return nil, nil
}

// clearAllowed reports whether the file's Go version allows clear (go1.21);
// a file without a version is taken to follow the running toolchain.
func clearAllowed(pass *analysis.Pass, f *ast.File) bool {
	return clearAllowedIn(pass.TypesInfo.FileVersions[f])
}

// clearAllowedIn reports whether a file of Go version v may call clear; ""
// (unknown) follows the running toolchain, which has it.
func clearAllowedIn(v string) bool {
	if v == "" {
		return true
	}
	return version.Compare(version.Lang(v), "go1.21") >= 0
}

// nanReason says why a key of type t can be NaN, or returns "" when it
// cannot: floats, complex numbers, interfaces with no methods (any value),
// type parameters whose type set allows such types, and structs and arrays
// holding any of them.
func nanReason(t types.Type, seen map[types.Type]bool) string {
	if seen[t] {
		return ""
	}
	if seen == nil {
		seen = map[types.Type]bool{}
	}
	seen[t] = true
	switch u := t.Underlying().(type) {
	case *types.Basic:
		if u.Info()&(types.IsFloat|types.IsComplex) != 0 {
			return "a " + u.Name() + " can be NaN"
		}
	case *types.Interface:
		if tp, ok := t.(*types.TypeParam); ok {
			return typeParamNaN(tp, u)
		}
		if u.NumMethods() == 0 && !u.IsComparable() {
			return "an interface can hold a NaN float"
		}
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if r := nanReason(u.Field(i).Type(), seen); r != "" {
				return "field " + u.Field(i).Name() + ": " + r
			}
		}
	case *types.Array:
		if r := nanReason(u.Elem(), seen); r != "" {
			return "element: " + r
		}
	}
	return ""
}

// typeParamNaN says whether a type parameter's constraint admits a float
// or complex type argument.
func typeParamNaN(tp *types.TypeParam, iface *types.Interface) string {
	for _, t := range []types.Type{types.Typ[types.Float64], types.Typ[types.Float32], types.Typ[types.Complex128], types.Typ[types.Complex64]} {
		if types.Satisfies(t, iface) {
			return "type parameter " + tp.Obj().Name() + " admits " + t.String()
		}
	}
	return ""
}
