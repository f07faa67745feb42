package checks

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
)

// A conflict is a map variable written by a goroutine's function literal
// and used by another party with no synchronisation the analysis can see
// between the two.
type conflict struct {
	start *ast.GoStmt  // the go statement of the writing goroutine
	lit   *ast.FuncLit // its function literal
	v     *types.Var   // the shared map variable
	write ast.Node     // the goroutine's first write of v
	other ast.Node     // the other access: in the starter, another goroutine, or write itself (loop)
	// otherWrites reports whether the other access writes the map.
	otherWrites bool
	// how says who the other party is.
	how string
}

// Kinds of other party.
const (
	byLoop    = "loop"    // the go statement runs in a loop: its goroutines write v together
	byStarter = "starter" // the function that started the goroutine uses v after the go statement
	byOtherGo = "othergo" // another goroutine started after it uses v
)

// pureFuncPkgs are packages whose functions do not synchronise with other
// goroutines; a call to anything else between two accesses stops the
// search, since it might wait for the goroutine.
var pureFuncPkgs = map[string]bool{
	"fmt": true, "strings": true, "strconv": true, "bytes": true, "errors": true,
	"sort": true, "slices": true, "maps": true, "math": true, "unicode": true, "unicode/utf8": true,
}

// conflicts finds the conflicts of the go statements directly in body
// (function literals inside body are analysed as bodies of their own).
func conflicts(info *types.Info, body *ast.BlockStmt) []conflict {
	var out []conflict
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if _, lit := n.(*ast.FuncLit); lit {
			return false
		}
		stack = append(stack, n)
		g, ok := n.(*ast.GoStmt)
		if !ok {
			return true
		}
		lit, ok := ast.Unparen(g.Call.Fun).(*ast.FuncLit)
		if !ok || goroutineWaits(info, lit.Body) {
			return true
		}
		for _, w := range mapWrites(info, lit) {
			out = append(out, conflictsOf(info, stack, g, lit, w.v, w.node)...)
		}
		return true
	})
	return out
}

type mapWrite struct {
	v    *types.Var
	node ast.Node
}

// mapWrites returns the first write in lit of each captured local map
// variable: v[k] = x, v[k] op= x, v[k]++, delete(v, k), clear(v).
func mapWrites(info *types.Info, lit *ast.FuncLit) []mapWrite {
	var out []mapWrite
	seen := map[*types.Var]bool{}
	add := func(e ast.Expr, n ast.Node) {
		v := localVar(info, e)
		if v == nil || seen[v] || mapOf(info, e) == nil || (v.Pos() >= lit.Pos() && v.Pos() < lit.End()) {
			return
		}
		seen[v] = true
		out = append(out, mapWrite{v, n})
	}
	inspectOwn(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok {
					add(ix.X, n)
				}
			}
		case *ast.IncDecStmt:
			if ix, ok := ast.Unparen(n.X).(*ast.IndexExpr); ok {
				add(ix.X, n)
			}
		case *ast.CallExpr:
			if (isBuiltin(info, n, "delete") || isBuiltin(info, n, "clear")) && len(n.Args) > 0 {
				add(n.Args[0], n)
			}
		}
		return true
	})
	return out
}

// conflictsOf finds the other parties of one goroutine write; stack holds
// the nodes from the body down to the go statement g.
func conflictsOf(info *types.Info, stack []ast.Node, g *ast.GoStmt, lit *ast.FuncLit, v *types.Var, write ast.Node) []conflict {
	var out []conflict
	// Goroutines started in a loop write v together, unless the loop body
	// holds anything that might synchronise or leave the loop.
	for i := len(stack) - 2; i >= 0; i-- {
		var loopBody *ast.BlockStmt
		switch l := stack[i].(type) {
		case *ast.ForStmt:
			loopBody = l.Body
		case *ast.RangeStmt:
			if isChan(info, l.X) {
				loopBody = nil
				break
			}
			loopBody = l.Body
		}
		if loopBody == nil {
			continue
		}
		if v.Pos() < stack[i].Pos() || v.Pos() >= stack[i].End() {
			if !hasSync(info, loopBody, g) && !leaves(loopBody) && !assigns(info, loopBody, v) {
				out = append(out, conflict{g, lit, v, write, write, true, byLoop})
			}
		}
		break
	}
	// The statements after g in its own list, in order: the first one that
	// uses v, synchronises or might synchronise decides.
	rest := restAfter(stack, g)
	for _, s := range rest {
		other, writes, how, stop := scanStmt(info, s, v)
		if other != nil {
			out = append(out, conflict{g, lit, v, write, other, writes, how})
		}
		if stop || other != nil {
			break
		}
	}
	return out
}

// restAfter returns the statements that follow g in the innermost
// statement list holding it.
func restAfter(stack []ast.Node, g *ast.GoStmt) []ast.Stmt {
	parent := stack[len(stack)-2]
	var list []ast.Stmt
	switch p := parent.(type) {
	case *ast.BlockStmt:
		list = p.List
	case *ast.CaseClause:
		list = p.Body
	case *ast.CommClause:
		list = p.Body
	default:
		return nil
	}
	for i, s := range list {
		if s == ast.Stmt(g) {
			return list[i+1:]
		}
	}
	return nil
}

// scanStmt looks through s in source order for the first access of v, by
// the starter or by a goroutine it starts, or the first thing that might
// synchronise. It returns the access, whether it writes, and whether the
// search must stop.
func scanStmt(info *types.Info, s ast.Stmt, v *types.Var) (access ast.Node, writes bool, how string, stop bool) {
	leavesAfter := false
	defer func() {
		if access == nil && leavesAfter {
			stop = true
		}
	}()
	ast.Inspect(s, func(n ast.Node) bool {
		if access != nil || stop {
			return false
		}
		if r, ok := n.(*ast.ReturnStmt); ok && ast.Stmt(r) == s {
			leavesAfter = true // its results are evaluated first
			return true
		}
		switch n := n.(type) {
		case *ast.FuncLit, *ast.DeferStmt:
			return false
		case *ast.GoStmt:
			lit, ok := ast.Unparen(n.Call.Fun).(*ast.FuncLit)
			if !ok {
				return false
			}
			if goroutineWaits(info, lit.Body) {
				return false
			}
			if a, w := firstAccess(info, lit.Body, v); a != nil {
				access, writes, how = a, w, byOtherGo
			}
			return false
		case *ast.ReturnStmt, *ast.BranchStmt:
			stop = true
			return false
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && info.ObjectOf(id) == v {
					stop = true // v now names another map
					return false
				}
			}
		}
		if isSyncNode(info, n) {
			stop = true
			return false
		}
		if a, w := accessOf(info, n, v); a != nil {
			// Whatever the access evaluates first (a call in its index or
			// right-hand side) might synchronise.
			check := n
			if r, ok := n.(*ast.RangeStmt); ok {
				check = r.X
			}
			if hasSync(info, check, nil) {
				stop = true
				return false
			}
			access, writes, how = a, w, byStarter
			return false
		}
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == v {
			stop = true // v goes somewhere the analysis does not follow
		}
		return true
	})
	return
}

// firstAccess returns the first access of v in body, not entering nested
// literals.
func firstAccess(info *types.Info, body ast.Node, v *types.Var) (access ast.Node, writes bool) {
	inspectOwn(body, func(n ast.Node) bool {
		if access != nil {
			return false
		}
		if a, w := accessOf(info, n, v); a != nil {
			access, writes = a, w
			return false
		}
		return true
	})
	return
}

// accessOf returns n when n is an access of map v (index, range, len,
// delete, clear, assignment through an index, increment) and whether it
// writes.
func accessOf(info *types.Info, n ast.Node, v *types.Var) (ast.Node, bool) {
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		for _, l := range n.Lhs {
			if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok && is(ix.X) {
				return n, true
			}
		}
	case *ast.IncDecStmt:
		if ix, ok := ast.Unparen(n.X).(*ast.IndexExpr); ok && is(ix.X) {
			return n, true
		}
	case *ast.IndexExpr:
		if is(n.X) {
			return n, false
		}
	case *ast.RangeStmt:
		if is(n.X) {
			return n, false
		}
	case *ast.CallExpr:
		if len(n.Args) > 0 && is(n.Args[0]) {
			switch {
			case isBuiltin(info, n, "delete"), isBuiltin(info, n, "clear"):
				return n, true
			case isBuiltin(info, n, "len"):
				return n, false
			}
		}
	}
	return nil, false
}

// hasSync reports whether n holds anything that might order it with
// another goroutine, apart from the go statement skip.
func hasSync(info *types.Info, n ast.Node, skip *ast.GoStmt) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		if g, ok := n.(*ast.GoStmt); ok && g == skip {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if isSyncNode(info, n) {
			found = true
		}
		return !found
	})
	return found
}

// isSyncNode reports whether n might synchronise with another goroutine:
// a channel receive or send, a select, a range over a channel, or a call
// of anything but a built-in, a conversion, a function of a package in
// pureFuncPkgs, or sync.WaitGroup's Add and Done.
func isSyncNode(info *types.Info, n ast.Node) bool {
	switch n := n.(type) {
	case *ast.UnaryExpr:
		return n.Op == token.ARROW
	case *ast.SendStmt, *ast.SelectStmt:
		return true
	case *ast.RangeStmt:
		return isChan(info, n.X)
	case *ast.CallExpr:
		return !harmlessCall(info, n)
	}
	return false
}

func harmlessCall(info *types.Info, call *ast.CallExpr) bool {
	if tv, ok := info.Types[call.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		return true
	}
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return false
	}
	fn, ok := info.Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	if pureFuncPkgs[fn.Pkg().Path()] {
		return true
	}
	if fn.Pkg().Path() == "sync" && (fn.Name() == "Add" || fn.Name() == "Done") {
		if recv := fn.Type().(*types.Signature).Recv(); recv != nil && types.TypeString(recv.Type(), nil) == "*sync.WaitGroup" {
			return true
		}
	}
	return false
}

func isChan(info *types.Info, e ast.Expr) bool {
	t := info.TypeOf(e)
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// leaves reports whether body holds a return, break or goto of its own
// (outside nested loops, switches, selects and literals would be more
// exact; any such statement counts, to stay on the safe side).
func leaves(body *ast.BlockStmt) bool {
	found := false
	inspectOwn(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ReturnStmt:
			found = true
		case *ast.BranchStmt:
			if n.Tok == token.BREAK || n.Tok == token.GOTO {
				found = true
			}
		}
		return !found
	})
	return found
}

// waitName matches the names of calls that may make a goroutine wait for,
// or exclude, another: Lock, RLock, TryLock, Wait, Acquire, Do, Once...
var waitName = regexp.MustCompile(`(?i)lock|wait|acquire|^do$|once|sync|barrier|join`)

// goroutineWaits reports whether a goroutine's body might order its map
// accesses with another goroutine's: a channel receive, a select, a range
// over a channel, or a call whose name speaks of locking or waiting. Other
// calls (computing a value to store, say) do not count.
func goroutineWaits(info *types.Info, body ast.Node) bool {
	found := false
	inspectOwn(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW
		case *ast.SelectStmt:
			found = true
		case *ast.RangeStmt:
			found = found || isChan(info, n.X)
		case *ast.CallExpr:
			var name string
			switch f := ast.Unparen(n.Fun).(type) {
			case *ast.Ident:
				name = f.Name
			case *ast.SelectorExpr:
				name = f.Sel.Name
			}
			found = found || waitName.MatchString(name)
		}
		return !found
	})
	return found
}

// assigns reports whether n assigns the variable v itself.
func assigns(info *types.Info, n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.ObjectOf(id) == v {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
