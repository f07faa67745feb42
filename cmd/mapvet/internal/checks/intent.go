package checks

import (
	"go/ast"
	"go/types"
	"regexp"
	"strings"
	"unicode"
)

// randomWord matches a comment that speaks of a random choice.
var randomWord = regexp.MustCompile(`(?i)\brandom`)

// saysRandom reports whether a function says it wants a random choice: a
// word of its name (split at camel case and underscores) starts with
// "rand", or its doc comment or a comment inside body speaks of
// randomness. Only then is taking the first element of an iteration a
// mistaken random pick rather than a wish for any element.
func saysRandom(file *ast.File, name string, doc *ast.CommentGroup, body ast.Node) bool {
	for _, w := range nameWords(name) {
		if strings.HasPrefix(w, "rand") {
			return true
		}
	}
	if doc != nil && randomWord.MatchString(doc.Text()) {
		return true
	}
	for _, g := range file.Comments {
		if g.Pos() >= body.Pos() && g.End() <= body.End() && randomWord.MatchString(g.Text()) {
			return true
		}
	}
	return false
}

// nameWords splits an identifier into lower-case words at camel-case and
// underscore boundaries: "pickRandomKey" gives pick, random, key.
func nameWords(name string) []string {
	var words []string
	var cur []rune
	runes := []rune(name)
	for i, r := range runes {
		if r == '_' {
			if len(cur) > 0 {
				words = append(words, strings.ToLower(string(cur)))
				cur = nil
			}
			continue
		}
		if unicode.IsUpper(r) && len(cur) > 0 && (!unicode.IsUpper(runes[i-1]) || i+1 < len(runes) && unicode.IsLower(runes[i+1])) {
			words = append(words, strings.ToLower(string(cur)))
			cur = nil
		}
		cur = append(cur, r)
	}
	if len(cur) > 0 {
		words = append(words, strings.ToLower(string(cur)))
	}
	return words
}

// enclosingFuncs calls fn for each function declaration and function
// literal with its file, body, and the name and doc comment that speak
// for it: a declaration's own; for a literal, those of the top-level
// declaration holding it (var pick = func() ... takes the var's doc).
func enclosingFuncs(files []*ast.File, fn func(file *ast.File, name string, doc *ast.CommentGroup, body *ast.BlockStmt)) {
	for _, f := range files {
		for _, decl := range f.Decls {
			var name string
			var doc *ast.CommentGroup
			switch d := decl.(type) {
			case *ast.FuncDecl:
				name, doc = d.Name.Name, d.Doc
			case *ast.GenDecl:
				doc = d.Doc
				if len(d.Specs) == 1 {
					if vs, ok := d.Specs[0].(*ast.ValueSpec); ok && len(vs.Names) == 1 {
						name = vs.Names[0].Name
						if vs.Doc != nil {
							doc = vs.Doc
						}
					}
				}
			}
			ast.Inspect(decl, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					if n.Body != nil {
						fn(f, name, doc, n.Body)
					}
				case *ast.FuncLit:
					fn(f, name, doc, n.Body)
				}
				return true
			})
		}
	}
}

// inspectOwn walks body without entering nested function literals.
func inspectOwn(body ast.Node, fn func(ast.Node) bool) {
	ast.Inspect(body, func(n ast.Node) bool {
		if _, lit := n.(*ast.FuncLit); lit && n != body {
			return false
		}
		return fn(n)
	})
}

// straightLine reports whether stmts hold no control flow: no if, for,
// switch, select, go, defer, labels or branches.
func straightLine(stmts []ast.Stmt) bool {
	for _, s := range stmts {
		switch s.(type) {
		case *ast.AssignStmt, *ast.ExprStmt, *ast.DeclStmt, *ast.IncDecStmt, *ast.EmptyStmt:
		default:
			return false
		}
	}
	return true
}

// usesVar reports whether node mentions one of the variables vars.
func usesVar(info *types.Info, node ast.Node, vars ...types.Object) bool {
	found := false
	ast.Inspect(node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !found {
			if o := info.Uses[id]; o != nil {
				for _, v := range vars {
					if v != nil && o == v {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}
