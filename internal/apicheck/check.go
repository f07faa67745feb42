package apicheck

import (
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/build/constraint"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Finding is one problem in a probe at a source position: a type error
// (including the language features go/types refuses below their release)
// or a standard-library symbol newer than the probe's minimum.
type Finding struct {
	Pos token.Position
	Msg string
}

// String formats the finding as "file:line:col: message".
func (f Finding) String() string {
	return f.Pos.String() + ": " + f.Msg
}

// Report is the result of checking one probe.
type Report struct {
	// Dir is the probe directory.
	Dir string
	// Minimum is the release the probe was checked against.
	Minimum Release
	// Files are the files checked: those the minimum release would build.
	Files []string
	// Ignored are the Go files of the directory that the minimum release
	// would not build (build constraints); they are not checked.
	Ignored []string
	// Findings are the problems found, sorted by position.
	Findings []Finding
	// Symbols counts the standard-library references found in the API
	// files; Floor is the newest release among them.
	Symbols int
	Floor   Release
}

// Checker checks probes against an API table. Importer must resolve
// standard-library imports with positions in Fset, e.g.
// importer.ForCompiler(fset, "gc", nil); one Checker, and so one
// importer cache, serves many probes.
type Checker struct {
	Table    *Table
	Fset     *token.FileSet
	Importer types.Importer
	// Context selects a directory's files (GOOS, GOARCH, tags); nil means
	// build.Default. Its release tags are replaced by those of the minimum.
	Context *build.Context
}

// CheckDir checks the Go files of dir that a toolchain of release minimum
// would build. The error reports a directory that cannot be read or holds
// no buildable Go files; problems in the source are findings.
func (c *Checker) CheckDir(dir string, minimum Release) (*Report, error) {
	ctx := build.Default
	if c.Context != nil {
		ctx = *c.Context
	}
	ctx.ReleaseTags = ReleaseTags(minimum)
	bp, err := ctx.ImportDir(dir, 0)
	if err != nil {
		return nil, fmt.Errorf("reading probe %s: %w", dir, err)
	}
	names := append(append([]string(nil), bp.GoFiles...), bp.CgoFiles...)
	sort.Strings(names)
	r := &Report{Dir: dir, Minimum: minimum}
	for _, n := range bp.IgnoredGoFiles {
		r.Ignored = append(r.Ignored, filepath.Join(dir, n))
	}
	var files []*ast.File
	for _, n := range names {
		name := filepath.Join(dir, n)
		r.Files = append(r.Files, name)
		f, err := parser.ParseFile(c.Fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			var list scanner.ErrorList
			if !errors.As(err, &list) {
				return nil, err
			}
			for _, e := range list {
				r.Findings = append(r.Findings, Finding{Pos: e.Pos, Msg: e.Msg})
			}
			continue
		}
		files = append(files, f)
		if f := buildLineFinding(c.Fset, f, minimum); f != nil {
			r.Findings = append(r.Findings, *f)
		}
	}
	if len(r.Findings) == 0 {
		c.check(r, bp.Name, files)
	}
	sortFindings(r.Findings)
	return r, nil
}

// goBuildRelease is the first release that reads //go:build lines; older
// releases read only // +build lines.
const goBuildRelease Release = 17

// buildLineFinding reports a file whose build constraint is a //go:build
// line alone when the minimum predates goBuildRelease: such releases would
// ignore the constraint and build the file everywhere.
func buildLineFinding(fset *token.FileSet, f *ast.File, minimum Release) *Finding {
	if minimum >= goBuildRelease {
		return nil
	}
	var goBuild *ast.Comment
	plus := false
	for _, g := range f.Comments {
		if g.Pos() >= f.Package {
			break
		}
		for _, c := range g.List {
			switch {
			case constraint.IsGoBuild(c.Text) && goBuild == nil:
				goBuild = c
			case constraint.IsPlusBuild(c.Text):
				plus = true
			}
		}
	}
	if goBuild == nil || plus {
		return nil
	}
	return &Finding{
		Pos: fset.Position(goBuild.Pos()),
		Msg: fmt.Sprintf("//go:build line without a // +build line is ignored before %s (probe minimum %s)", goBuildRelease, minimum),
	}
}

// ReleaseTags returns the release build tags a toolchain of release r
// satisfies: go1.1 … go1.r.
func ReleaseTags(r Release) []string {
	var tags []string
	for i := 1; i <= int(r); i++ {
		tags = append(tags, "go1."+strconv.Itoa(i))
	}
	return tags
}

// check type-checks files as package name under the report's minimum and
// appends the findings to r.
func (c *Checker) check(r *Report, name string, files []*ast.File) {
	minimum := r.Minimum
	for _, f := range files {
		// A //go:build goX.Y line would set the file's language version
		// and, from go1.21 on, may raise it above the package's: the
		// minimum governs the whole probe.
		f.GoVersion = ""
	}
	conf := types.Config{
		GoVersion: minimum.String(),
		Importer:  c.Importer,
		Error: func(err error) {
			var te types.Error
			if !errors.As(err, &te) {
				r.Findings = append(r.Findings, Finding{Msg: err.Error()})
				return
			}
			msg := te.Msg
			if strings.Contains(msg, "requires go1.") {
				msg += " (probe minimum " + minimum.String() + ")"
			}
			r.Findings = append(r.Findings, Finding{Pos: c.Fset.Position(te.Pos), Msg: msg})
		},
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	pkg, _ := conf.Check(name, c.Fset, files, info)
	w := &walker{c: c, r: r, pkg: pkg, seen: map[string]bool{}}
	w.imports(files)
	w.uses(info)
	w.selections(info)
	w.literals(files, info)
}

// walker collects the symbol findings of one probe.
type walker struct {
	c    *Checker
	r    *Report
	pkg  *types.Package
	seen map[string]bool
}

func (w *walker) report(pos token.Pos, what string, rel Release) {
	w.r.Symbols++
	if rel > w.r.Floor {
		w.r.Floor = rel
	}
	if rel <= w.r.Minimum {
		return
	}
	f := Finding{
		Pos: w.c.Fset.Position(pos),
		Msg: fmt.Sprintf("%s requires %s (probe minimum %s)", what, rel, w.r.Minimum),
	}
	if k := f.String(); !w.seen[k] {
		w.seen[k] = true
		w.r.Findings = append(w.r.Findings, f)
	}
}

func (w *walker) imports(files []*ast.File) {
	for _, f := range files {
		for _, spec := range f.Imports {
			p, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				continue
			}
			if rel, ok := w.c.Table.Package(p); ok {
				w.report(spec.Path.Pos(), "package "+p, rel)
			}
		}
	}
}

// uses checks package-level symbols of other packages: the only objects of
// another package a probe can name, apart from fields and methods, which
// the selections and literals cover.
func (w *walker) uses(info *types.Info) {
	for id, obj := range info.Uses {
		p := obj.Pkg()
		if p == nil || p == w.pkg {
			continue
		}
		switch o := obj.(type) {
		case *types.Func:
			if o.Signature().Recv() != nil {
				continue
			}
		case *types.Var:
			if o.IsField() {
				continue
			}
		case *types.PkgName:
			continue
		}
		if e, ok := w.c.Table.Symbol(p.Path(), obj.Name()); ok {
			w.report(id.Pos(), Display(p.Path(), "", obj.Name(), e.Kind), e.Release)
		}
	}
}

// selections checks the methods and fields selected with x.f.
func (w *walker) selections(info *types.Info) {
	for sel, s := range info.Selections {
		obj := s.Obj()
		if obj.Pkg() == nil || obj.Pkg() == w.pkg {
			continue
		}
		path := embedPath(s.Recv(), s.Index())
		if f, ok := obj.(*types.Func); ok {
			path = append(path, f.Origin().Signature().Recv().Type())
		}
		w.member(sel.Sel.Pos(), obj.Name(), path...)
	}
}

// literals checks the field names of keyed struct literals.
func (w *walker) literals(files []*ast.File, info *types.Info) {
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			t := info.TypeOf(lit)
			if t == nil {
				return true
			}
			for _, elt := range lit.Elts {
				kv, ok := elt.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				key, ok := kv.Key.(*ast.Ident)
				if !ok {
					continue
				}
				v, ok := info.Uses[key].(*types.Var)
				if !ok || !v.IsField() || v.Pkg() == nil || v.Pkg() == w.pkg {
					continue
				}
				w.member(key.Pos(), key.Name, t)
			}
			return true
		})
	}
}

// member checks a method or field called name, selected on a value of
// type ts[0] and reachable through the other types of ts: the embedded
// fields on the way and, for a method, its declaring receiver. Every type
// the member can be listed under is tried: each of ts by its aliases and
// its named type, and the aliases the API files declare for those. The
// oldest listing counts; a member listed nowhere is not reported.
func (w *walker) member(pos token.Pos, name string, ts ...types.Type) {
	var refs []TypeRef
	add := func(r TypeRef) {
		if r.Pkg != "" && !containsRef(refs, r) {
			refs = append(refs, r)
		}
	}
	for _, t := range ts {
		for _, obj := range typeNames(t) {
			add(TypeRef{obj.Pkg().Path(), obj.Name()})
			for _, a := range w.c.Table.AliasesOf(obj.Pkg().Name(), obj.Name()) {
				add(a)
			}
		}
	}
	var best Entry
	var what string
	found := false
	for _, r := range refs {
		e, ok := w.c.Table.Member(r.Pkg, r.Name, name)
		if ok && (!found || e.Release < best.Release) {
			best, what, found = e, Display(r.Pkg, r.Name, name, e.Kind), true
		}
	}
	if found {
		w.report(pos, what, best.Release)
	}
}

// typeNames returns the type names a type is spelled with: each alias in
// an alias chain, then the named type (its generic origin), looking
// through one pointer. Types without a package (error) are left out.
func typeNames(t types.Type) []*types.TypeName {
	var out []*types.TypeName
	for i := 0; i < 2 && t != nil; i++ {
		for {
			a, ok := t.(*types.Alias)
			if !ok {
				break
			}
			if a.Obj().Pkg() != nil {
				out = append(out, a.Obj())
			}
			t = a.Rhs()
		}
		switch u := t.(type) {
		case *types.Named:
			if o := u.Origin().Obj(); o.Pkg() != nil {
				out = append(out, o)
			}
			return out
		case *types.Pointer:
			t = u.Elem()
		default:
			return out
		}
	}
	return out
}

// embedPath returns recv followed by the type of each embedded field a
// selection with the given index path goes through; for a field selection
// the last type is the struct type that declares the field.
func embedPath(recv types.Type, index []int) []types.Type {
	path := []types.Type{recv}
	t := recv
	for _, i := range index[:len(index)-1] {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			break
		}
		t = st.Field(i).Type()
		path = append(path, t)
	}
	return path
}

func deref(t types.Type) types.Type {
	t = types.Unalias(t)
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return types.Unalias(p.Elem())
	}
	return t
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i].Pos, fs[j].Pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return fs[i].Msg < fs[j].Msg
	})
}

// Needs returns the oldest release, at most upto, whose checks the probe
// in dir passes: the minimum it could declare. Features only ever get
// added, so a binary search suffices. The boolean is false, and the
// release upto, when the probe fails at upto itself.
func (c *Checker) Needs(dir string, upto Release) (Release, bool, error) {
	pass := func(r Release) (bool, error) {
		rep, err := c.CheckDir(dir, r)
		if err != nil {
			return false, err
		}
		return len(rep.Findings) == 0, nil
	}
	ok, err := pass(upto)
	if err != nil || !ok {
		return upto, false, err
	}
	lo, hi := Release(0), upto
	for lo < hi {
		mid := (lo + hi) / 2
		ok, err := pass(mid)
		if err != nil {
			return upto, false, err
		}
		if ok {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo, true, nil
}
