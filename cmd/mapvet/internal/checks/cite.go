package checks

import (
	"fmt"
	"go/ast"
	"go/token"
	"runtime"
	"strings"

	"github.com/maplab/maplab/compat"
	"golang.org/x/tools/go/analysis"
)

// Release is the Go release a diagnostic cites the decision for, and where
// mapvet learnt it.
type Release struct {
	Lang string // language version, "go1.26"
	From string // "go.mod go 1.26.0", "file go1.26", "toolchain go1.26.8"
}

// releaseOf returns the release the package under analysis builds with:
// its module's go line, else the file's Go version, else the toolchain
// that runs mapvet.
func releaseOf(pass *analysis.Pass, file *ast.File) Release {
	if pass.Module != nil && pass.Module.GoVersion != "" {
		if l := compat.Language(pass.Module.GoVersion); l != "" {
			return Release{Lang: l, From: "go.mod go " + strings.TrimPrefix(pass.Module.GoVersion, "go")}
		}
	}
	if file != nil && pass.TypesInfo != nil {
		if v := pass.TypesInfo.FileVersions[file]; v != "" {
			if l := compat.Language(v); l != "" {
				return Release{Lang: l, From: "file " + v}
			}
		}
	}
	v := runtime.Version()
	return Release{Lang: compat.Language(v), From: "toolchain " + v}
}

// Cite returns the sentence that ties a diagnostic to claim id: the
// decision of the measured gc column of release rel with the report's text
// for that cell (or "not measured"),
// the other measured columns whose decision differs (all of them when rel
// was not measured), and the claim's anchor in the published table. It
// infers nothing: a column without a decision in the report says so.
func Cite(r *compat.Report, id string, rel Release) string {
	cl, ok := r.Claim(id)
	if !ok {
		return fmt.Sprintf("claim %s is not in the embedded report", id)
	}
	label := func(id string) string {
		if c, ok := r.Column(id); ok {
			return c.Label
		}
		return id
	}
	var b strings.Builder
	fmt.Fprintf(&b, "claim %s: ", id)
	if !cl.HasColumns {
		fmt.Fprintf(&b, "overall verdict %s, no per-column decision in the embedded report; ", cl.Verdict)
	}
	own := map[string]bool{}
	var mine []compat.ColumnDecision
	for _, c := range r.ColumnsFor("gc", rel.Lang) {
		if c.Measured {
			own[c.ID] = true
			mine = append(mine, cl.Decision(c))
		}
	}
	fmt.Fprintf(&b, "%s (%s)", rel.Lang, rel.From)
	switch {
	case len(mine) == 0:
		b.WriteString(" not measured")
	case !cl.HasColumns:
		parts := make([]string, len(mine))
		for i, d := range mine {
			parts[i] = label(d.Column)
		}
		fmt.Fprintf(&b, " measured as %s", strings.Join(parts, ", "))
	default:
		parts := make([]string, len(mine))
		for i, d := range mine {
			parts[i] = label(d.Column) + " " + string(d.Decision)
			if d.Text != "" {
				parts[i] += " (" + d.Text + ")"
			}
		}
		fmt.Fprintf(&b, ": %s", strings.Join(parts, ", "))
	}
	if cl.HasColumns {
		var others []string
		for _, c := range r.Measured() {
			if own[c.ID] {
				continue
			}
			d := cl.Decision(c)
			same := false
			for _, m := range mine {
				same = same || m.Decision == d.Decision
			}
			if !same {
				others = append(others, label(c.ID)+" "+string(d.Decision))
			}
		}
		if len(others) > 0 {
			if len(mine) == 0 {
				b.WriteString("; measured: ")
			} else {
				b.WriteString("; differs on ")
			}
			b.WriteString(strings.Join(others, ", "))
		}
	}
	b.WriteString("; ")
	b.WriteString(cl.URL())
	return b.String()
}

// reporter reports one check's diagnostics with their citation, honouring
// //mapvet:ignore lines.
type reporter struct {
	pass   *analysis.Pass
	name   string
	report *compat.Report
}

func newReporter(pass *analysis.Pass, name string) (*reporter, error) {
	r, err := compat.Embedded()
	if err != nil {
		return nil, err
	}
	return &reporter{pass: pass, name: name, report: r}, nil
}

// fileOf returns the file of pass that holds pos.
func fileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// reportf reports msg at node n followed by the citations of claims,
// unless the line or the line above says //mapvet:ignore NAME.
func (r *reporter) reportf(n ast.Node, fixes []analysis.SuggestedFix, claims []string, format string, args ...any) {
	file := fileOf(r.pass, n.Pos())
	if file != nil && ignored(r.pass.Fset, file, n.Pos(), r.name) {
		return
	}
	rel := releaseOf(r.pass, file)
	cites := make([]string, len(claims))
	for i, id := range claims {
		cites[i] = Cite(r.report, id, rel)
	}
	msg := r.name + ": " + fmt.Sprintf(format, args...) + " [" + strings.Join(cites, "] [") + "]"
	r.pass.Report(analysis.Diagnostic{Pos: n.Pos(), End: n.End(), Category: r.name, Message: msg, SuggestedFixes: fixes})
}

// ignored reports whether a //mapvet:ignore directive for check name sits
// on the line of pos or the line above.
func ignored(fset *token.FileSet, file *ast.File, pos token.Pos, name string) bool {
	line := fset.Position(pos).Line
	for _, g := range file.Comments {
		for _, c := range g.List {
			l := fset.Position(c.Pos()).Line
			if l != line && l != line-1 {
				continue
			}
			text, ok := strings.CutPrefix(c.Text, "//mapvet:ignore ")
			if !ok {
				continue
			}
			if fields := strings.Fields(text); len(fields) > 0 && fields[0] == name {
				return true
			}
		}
	}
	return false
}
