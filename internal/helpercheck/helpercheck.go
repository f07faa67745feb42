// Package helpercheck keeps the copied helpers of the probes identical.
//
// A probe is one self-contained file, so every probe carries its own copy
// of the small helpers the probe contract asks for: report (the result
// line) in every probe, and runRounds with span and overlapped (the round
// gate and overlap count) in every concurrent probe. The canonical
// versions live in one file, probes/helpers.go.txt; Check compares every
// copy with them, declaration by declaration, doc comment included, so a
// fix made in one probe cannot silently stay there.
package helpercheck

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
)

// Required names the helpers every probe must declare.
var Required = []string{"func report"}

// Finding is one copy that differs from its canonical version, or a
// required helper that is missing.
type Finding struct {
	// File and Line locate the copy (Line is 0 for a missing helper).
	File string
	Line int
	// Name is the declaration, e.g. "func report" or "type span".
	Name string
	// Problem says what is wrong.
	Problem string
}

func (f Finding) String() string {
	if f.Line == 0 {
		return fmt.Sprintf("%s: %s %s", f.File, f.Name, f.Problem)
	}
	return fmt.Sprintf("%s:%d: %s %s", f.File, f.Line, f.Name, f.Problem)
}

// decl is one top-level declaration and its exact source text, doc
// comment included.
type decl struct {
	line int
	text []byte
}

// decls returns the top-level functions and single type declarations of
// a Go source file, by "func NAME" or "type NAME".
func decls(name string, src []byte) (map[string]decl, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	out := map[string]decl{}
	for _, d := range f.Decls {
		var key string
		var start token.Pos
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil {
				continue
			}
			key, start = "func "+d.Name.Name, d.Pos()
			if d.Doc != nil {
				start = d.Doc.Pos()
			}
		case *ast.GenDecl:
			if d.Tok != token.TYPE || len(d.Specs) != 1 {
				continue
			}
			key, start = "type "+d.Specs[0].(*ast.TypeSpec).Name.Name, d.Pos()
			if d.Doc != nil {
				start = d.Doc.Pos()
			}
		default:
			continue
		}
		from, to := fset.Position(start), fset.Position(d.End())
		out[key] = decl{line: from.Line, text: src[from.Offset:to.Offset]}
	}
	return out, nil
}

// Check compares the probes' copies with the canonical helpers. canonical
// is the content of the canonical file (Go source, named canonicalName in
// errors); probes maps each probe's file name to its source. A probe that
// declares a helper of the canonical file must declare it exactly as the
// canonical file does; every probe must declare the Required helpers.
// Findings come back sorted by file and line.
func Check(canonicalName string, canonical []byte, probes map[string][]byte) ([]Finding, error) {
	want, err := decls(canonicalName, canonical)
	if err != nil {
		return nil, fmt.Errorf("reading the canonical helpers: %w", err)
	}
	for _, r := range Required {
		if _, ok := want[r]; !ok {
			return nil, fmt.Errorf("%s: the canonical helpers lack %s", canonicalName, r)
		}
	}
	var out []Finding
	for file, src := range probes {
		got, err := decls(file, src)
		if err != nil {
			return nil, err
		}
		for name, w := range want {
			g, ok := got[name]
			switch {
			case !ok && contains(Required, name):
				out = append(out, Finding{File: file, Name: name, Problem: "is missing: copy it from " + canonicalName})
			case ok && !bytes.Equal(g.text, w.text):
				out = append(out, Finding{File: file, Line: g.line, Name: name,
					Problem: fmt.Sprintf("differs from its canonical copy in %s:%d: copy it verbatim (change the canonical one and every copy together)", canonicalName, w.line)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
