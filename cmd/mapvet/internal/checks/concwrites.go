package checks

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"
)

// ConcWrites reports a map written in a goroutine's function literal and
// used by other code with no synchronisation the analysis can see.
var ConcWrites = &analysis.Analyzer{
	Name: "concwrites",
	Doc: `report maps written by a goroutine and used concurrently without synchronisation

A map variable written inside go func() { ... }() is reported when the
goroutines of one go statement in a loop write it together, or when the
code that started the goroutine (or another goroutine started after it)
uses it next with no lock, channel operation, Wait or other call that
might synchronise in between. The runtime's "concurrent map writes" check
is best effort: it misses some collisions and can miss them all on one
CPU. The goroutine must not lock, wait or receive itself. Claims:
concurrent-writes-always-detected, single-cpu-catches-concurrent-writes.`,
	Run: runConcWrites,
}

func runConcWrites(pass *analysis.Pass) (any, error) {
	rep, err := newReporter(pass, pass.Analyzer.Name)
	if err != nil {
		return nil, err
	}
	claims := []string{"concurrent-writes-always-detected", "single-cpu-catches-concurrent-writes"}
	done := map[ast.Node]bool{}
	enclosingFuncs(pass.Files, func(_ *ast.File, _ string, _ *ast.CommentGroup, body *ast.BlockStmt) {
		for _, c := range conflicts(pass.TypesInfo, body) {
			if done[c.other] {
				continue
			}
			done[c.other] = true
			line := pass.Fset.Position(c.start.Pos()).Line
			verb := "read"
			if c.otherWrites {
				verb = "written"
			}
			switch c.how {
			case byLoop:
				rep.reportf(c.other, nil, claims,
					"%s is written by every goroutine the loop starts at line %d, with no lock: concurrent map writes, which the runtime detects only sometimes",
					c.v.Name(), line)
			case byStarter:
				rep.reportf(c.other, nil, claims,
					"%s is %s here while the goroutine started at line %d may still write it (no lock, channel operation or Wait in between)",
					c.v.Name(), verb, line)
			case byOtherGo:
				rep.reportf(c.other, nil, claims,
					"%s is %s by this goroutine while the one started at line %d may write it, with no lock in either",
					c.v.Name(), verb, line)
			}
		}
	})
	return nil, nil
}
