package results

import (
	"fmt"
	"strings"
)

// Commit names the maplab source that made a measurement: the lab's
// version control revision, whether the working tree had changes the
// revision lacks, and how the revision was learnt. A results file records
// the Commit of the run that last wrote it, and every cell the Commit of
// the run that measured it, since a run reuses the cells of earlier runs.
// The probe's own source is named by Cell.ProbeHash.
type Commit struct {
	// Revision is the full revision (40 hexadecimal digits for git; 12 for
	// files upgraded from schema 3), or "" when unknown.
	Revision string `json:"revision"`
	// Tree is TreeClean, TreeDirty or TreeUnknown.
	Tree string `json:"tree"`
	// From is where Revision and Tree came from: FromBuild, FromGit,
	// FromGitHub, or FromNone when nothing said.
	From string `json:"from"`
}

// The states of a Commit's working tree.
const (
	// TreeClean: no file of the lab's source differed from Revision.
	TreeClean = "clean"
	// TreeDirty: some file of the lab's source differed from Revision, or
	// was not in it.
	TreeDirty = "dirty"
	// TreeUnknown: the source of the revision does not tell.
	TreeUnknown = "unknown"
)

// The sources of a Commit, in the order the lab tries them.
const (
	// FromBuild: the vcs.revision and vcs.modified the go command stamped
	// into the matrix binary when it was built with go build in a
	// checkout. vcs.modified counts every file of the checkout.
	FromBuild = "build"
	// FromGit: git rev-parse HEAD and git status in the lab's working tree
	// (go run stamps nothing). Files under results/ and docs/, the lab's
	// output, do not make the tree dirty.
	FromGit = "git"
	// FromGitHub: the GITHUB_SHA of a GitHub Actions job; the tree is
	// unknown.
	FromGitHub = "GITHUB_SHA"
	// FromNone: nothing named the revision.
	FromNone = "none"
)

// UnknownCommit is the Commit of a measurement nothing names the source
// of.
var UnknownCommit = Commit{Tree: TreeUnknown, From: FromNone}

// String returns the commit as the report shows it: the revision's first
// 12 digits, followed by "+dirty" for a dirty tree, or "unknown".
func (c Commit) String() string {
	if c.Revision == "" {
		return "unknown"
	}
	s := c.Revision
	if len(s) > 12 {
		s = s[:12]
	}
	if c.Tree == TreeDirty {
		s += "+dirty"
	}
	return s
}

// IsZero reports whether c is the zero Commit, which a File or Cell has
// before Write fills it in.
func (c Commit) IsZero() bool { return c == Commit{} }

// commitFromVersion returns the Commit of a schema 3 file, whose
// maplab_version was the first 12 digits of the stamped vcs.revision,
// followed by "+dirty" when vcs.modified was true, or "devel".
func commitFromVersion(v string) Commit {
	rev, dirty := strings.CutSuffix(v, "+dirty")
	if !isRevision(rev) {
		return UnknownCommit
	}
	c := Commit{Revision: rev, Tree: TreeClean, From: FromBuild}
	if dirty {
		c.Tree = TreeDirty
	}
	return c
}

// isRevision reports whether s looks like a version control revision: 7 to
// 64 lower-case hexadecimal digits.
func isRevision(s string) bool {
	if len(s) < 7 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// validateCommit checks a Commit read from a file; field names it in the
// message, e.g. "env.maplab_commit".
func validateCommit(field string, c Commit) *problem {
	bad := func(format string, args ...any) *problem {
		return &problem{field + ": " + fmt.Sprintf(format, args...), fixRerun}
	}
	if c.IsZero() {
		return &problem{field + ": missing", fixCommit}
	}
	switch c.Tree {
	case TreeClean, TreeDirty, TreeUnknown:
	default:
		return bad("tree %s, want %q, %q or %q", quote(c.Tree), TreeClean, TreeDirty, TreeUnknown)
	}
	switch c.From {
	case FromNone:
		if c.Revision != "" {
			return bad("revision %s, but from %q says nothing named one", quote(c.Revision), FromNone)
		}
	case FromBuild, FromGit, FromGitHub:
		if !isRevision(c.Revision) {
			return bad("revision %s is not 7 to 64 lower-case hexadecimal digits", quote(c.Revision))
		}
	default:
		return bad("from %s, want %q, %q, %q or %q", quote(c.From), FromBuild, FromGit, FromGitHub, FromNone)
	}
	return nil
}
