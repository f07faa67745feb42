package workflowlint

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/rhysd/actionlint"
)

// Policy checks the project's hardening rules on the workflow src, read
// from path. It returns nothing for a file that does not parse: actionlint
// reports that. The rules are:
//
//	policy/permissions      the top-level permissions are exactly contents: read
//	policy/job-permissions  no job asks for write-all; a job with a write
//	                        scope runs no run: steps, only pinned actions
//	                        (and rm -rf of fixed relative paths, which runs
//	                        no project code)
//	policy/trigger          no pull_request_target trigger
//	policy/concurrency      the workflow sets a concurrency group
//	policy/pinned           every uses: outside the repository is pinned to a
//	                        full 40-hex commit SHA (docker:// to a digest)
//	                        followed by a version comment such as # v1.2.3
//	policy/run-expression   no ${{ }} expression inside run: (pass values
//	                        through env:), above all no github.event
//	policy/run-single-line  each run: is one command that also runs locally
//	policy/go-version       Go versions in a matrix (keys go, go-version) are
//	                        quoted strings 1.N, 1.N.x or 1.N.P; a literal
//	                        go-version: input starting with a digit is quoted
//	policy/go-coverage      a job's Go matrix lists every minor from 1.9 to
//	                        its newest, and at least up to 1.22
//	policy/node24           an action whose releases moved to the Node 24
//	                        runtime is pinned to such a release (NodeMajors)
//	policy/measure-out      a `matrix run` step (or bare `go run ./matrix`)
//	                        passes -out a directory outside the checkout ($VAR
//	                        or an absolute path), never the committed results/
//	policy/upload           every actions/upload-artifact step sets
//	                        overwrite: true; in a job with a matrix its name
//	                        holds a ${{ matrix.* }} value (one artifact per
//	                        job), and it never uploads the committed results/
//	policy/arm64            in a Go matrix with a runner key, every row of a
//	                        release setup-go has linux/arm64 builds of (1.21
//	                        on) has an arm64 twin (same go and variant, runner
//	                        ending in -arm), and no older release has one
func Policy(path string, src []byte) []Problem {
	w, _ := actionlint.Parse(src)
	if w == nil {
		return nil
	}
	c := &checker{path: path, lines: strings.Split(string(src), "\n")}
	c.permissions(w)
	c.triggers(w)
	if w.Concurrency == nil {
		c.add(nil, "concurrency", "the workflow sets no concurrency group; add concurrency: with a group")
	}
	for _, j := range sortedJobs(w) {
		c.job(j)
	}
	for _, vs := range groupByJob(matrixValues(w, c.lines)) {
		c.goMatrix(w.Jobs[strings.ToLower(vs[0].Job)], vs)
		c.arm64(vs)
	}
	sortProblems(c.ps)
	return c.ps
}

// MinCoveredMinor and MinNewestMinor bound a Go matrix: it lists every
// minor from Go 1.MinCoveredMinor to its newest, which is at least
// Go 1.MinNewestMinor.
const (
	MinCoveredMinor = 9
	MinNewestMinor  = 22
)

var (
	commitSHA      = regexp.MustCompile(`^[0-9a-f]{40}$`)
	imageDigest    = regexp.MustCompile(`@sha256:[0-9a-f]{64}$`)
	versionComment = regexp.MustCompile(`^#\s*v(\d+)\.\d+\.\d+\b`)
	goVersion      = regexp.MustCompile(`^1\.(\d+)(\.(\d+|x))?$`)
)

// removesOnly matches a run: command that only removes fixed relative
// paths of the checkout, e.g. "rm -rf docs results": no project code, no
// expansion, nothing outside the workspace.
var removesOnly = regexp.MustCompile(`^rm -rf( [A-Za-z0-9_][A-Za-z0-9_./-]*)+$`)

// goMatrixKeys are the matrix keys whose values are Go versions.
var goMatrixKeys = map[string]bool{"go": true, "go-version": true}

type checker struct {
	path  string
	lines []string
	ps    []Problem
}

func (c *checker) add(pos *actionlint.Pos, rule, format string, args ...interface{}) {
	line, col := 1, 1
	if pos != nil {
		line, col = pos.Line, pos.Col
	}
	c.ps = append(c.ps, Problem{
		File:    c.path,
		Line:    line,
		Col:     col,
		Rule:    "policy/" + rule,
		Message: fmt.Sprintf(format, args...),
	})
}

// line returns the 1-based source line n, or "" when there is none.
func (c *checker) line(n int) string {
	if n < 1 || n > len(c.lines) {
		return ""
	}
	return strings.TrimSuffix(c.lines[n-1], "\r")
}

func (c *checker) permissions(w *actionlint.Workflow) {
	const want = "set permissions: contents: read at the top and grant more only in the job that needs it"
	p := w.Permissions
	switch {
	case p == nil:
		c.add(nil, "permissions", "the workflow has no top-level permissions; %s", want)
		return
	case p.All != nil:
		c.add(p.All.Pos, "permissions", "the top-level permissions are %s; %s", p.All.Value, want)
		return
	}
	if s := p.Scopes["contents"]; s == nil || s.Value == nil || s.Value.Value != "read" {
		c.add(p.Pos, "permissions", "the top-level permissions do not grant contents: read; %s", want)
	}
	for _, s := range sortedScopes(p) {
		if s.Name.Value == "contents" || s.Value == nil || s.Value.Value == "none" {
			continue
		}
		c.add(s.Name.Pos, "permissions", "the top-level permissions grant %s: %s; %s", s.Name.Value, s.Value.Value, want)
	}
}

func (c *checker) triggers(w *actionlint.Workflow) {
	for _, e := range w.On {
		if h, ok := e.(*actionlint.WebhookEvent); ok && h.Hook != nil && h.Hook.Value == "pull_request_target" {
			c.add(h.Hook.Pos, "trigger", "pull_request_target runs with a write token and secrets on pull requests from anyone; use pull_request")
		}
	}
}

func (c *checker) job(j *actionlint.Job) {
	id := j.ID.Value
	if j.WorkflowCall != nil {
		c.uses(j.WorkflowCall.Uses)
	}
	runs := 0
	for _, s := range j.Steps {
		switch e := s.Exec.(type) {
		case *actionlint.ExecAction:
			c.uses(e.Uses)
			c.goVersionInput(e)
			c.upload(j, e)
		case *actionlint.ExecRun:
			if e.Run == nil || !removesOnly.MatchString(strings.TrimSpace(e.Run.Value)) {
				runs++
			}
			c.run(e.Run)
			c.measureOut(e.Run)
		}
	}
	p := j.Permissions
	if p == nil {
		return
	}
	if p.All != nil && p.All.Value == "write-all" {
		c.add(p.All.Pos, "job-permissions", "job %q asks for write-all; name only the scopes it writes", id)
	}
	var writes []string
	for _, s := range sortedScopes(p) {
		if s.Value != nil && s.Value.Value == "write" {
			writes = append(writes, s.Name.Value)
		}
	}
	if len(writes) > 0 && runs > 0 {
		c.add(p.Pos, "job-permissions", "job %q can write %s and runs %d run: step(s); keep write access to jobs that only call pinned actions",
			id, strings.Join(writes, ", "), runs)
	}
}

// uses checks that u names a local action, or a pinned action or image.
func (c *checker) uses(u *actionlint.String) {
	if u == nil {
		return
	}
	v := u.Value
	switch {
	case strings.HasPrefix(v, "./"):
		return
	case strings.HasPrefix(v, "docker://"):
		if !imageDigest.MatchString(v) {
			c.add(u.Pos, "pinned", "uses: %s is not pinned to an image digest (@sha256:...)", v)
		}
		return
	}
	at := strings.LastIndex(v, "@")
	if at < 0 || !commitSHA.MatchString(v[at+1:]) {
		c.add(u.Pos, "pinned", "uses: %s is not pinned to a full 40-hex commit SHA; pin it and name the release in a comment (# v1.2.3)", v)
		return
	}
	m := versionComment.FindStringSubmatch(c.commentAfter(u))
	if m == nil {
		c.add(u.Pos, "pinned", "uses: %s has no version comment such as # v1.2.3 after the SHA (the exact tag the SHA was checked against)", v)
		return
	}
	if min, ok := NodeMajors[strings.ToLower(v[:at])]; ok {
		if major, _ := strconv.Atoi(m[1]); major < min {
			c.add(u.Pos, "node24", "uses: %s is v%d, which runs on an older Node; pin a v%d or later release (they run on Node 24)", v[:at], major, min)
		}
	}
}

// NodeMajors gives, for actions the workflows use, the first major
// version whose releases run on Node 24 (checked against the using: line
// of each major's action.yml; upload-pages-artifact is a composite action
// that calls upload-artifact v7 from v5 on).
var NodeMajors = map[string]int{
	"actions/checkout":                5,
	"actions/setup-go":                7,
	"actions/upload-artifact":         6,
	"actions/download-artifact":       7,
	"actions/upload-pages-artifact":   5,
	"actions/deploy-pages":            5,
	"peter-evans/create-pull-request": 8,
}

// commentAfter returns the comment, from its #, that follows the scalar s
// on its line, or "".
func (c *checker) commentAfter(s *actionlint.String) string {
	if s.Pos == nil {
		return ""
	}
	l := c.line(s.Pos.Line)
	i := strings.Index(l, s.Value)
	if i < 0 {
		return ""
	}
	rest := l[i+len(s.Value):]
	h := strings.Index(rest, "#")
	if h < 0 {
		return ""
	}
	return rest[h:]
}

func (c *checker) run(r *actionlint.String) {
	if r == nil {
		return
	}
	for _, e := range expressions(r.Value) {
		pos := c.posInScalar(r, e.offset)
		if strings.Contains(e.text, "github.event") || strings.Contains(e.text, "github.head_ref") {
			c.add(pos, "run-expression", "run: interpolates ${{ %s }}, which whoever opens the issue or pull request controls, into the script; pass it through env: and use \"$NAME\"", e.text)
			continue
		}
		c.add(pos, "run-expression", "run: interpolates ${{ %s }} into the script; pass it through env: and use \"$NAME\"", e.text)
	}
	if n := strings.Count(strings.TrimSpace(r.Value), "\n") + 1; n > 1 {
		c.add(r.Pos, "run-single-line", "run: holds a %d-line script; make it one command that also runs locally (put logic in .github/scripts/ or a Go tool)", n)
	}
}

// posInScalar returns the position of byte offset off of the value of s,
// exact for single-line scalars and block scalars (| and >), else the start
// of s.
func (c *checker) posInScalar(s *actionlint.String, off int) *actionlint.Pos {
	if s.Pos == nil {
		return nil
	}
	before := s.Value[:off]
	nl := strings.Count(before, "\n")
	if nl == 0 && !c.isBlockScalar(s.Pos) {
		l := c.line(s.Pos.Line)
		if i := strings.Index(l, s.Value); i >= 0 {
			return &actionlint.Pos{Line: s.Pos.Line, Col: len([]rune(l[:i+off])) + 1}
		}
		return s.Pos
	}
	if !c.isBlockScalar(s.Pos) {
		return s.Pos
	}
	line := s.Pos.Line + 1 + nl
	text := c.line(line)
	lineStart := strings.LastIndex(before, "\n") + 1
	indent := len(text) - len(strings.TrimLeft(text, " \t"))
	return &actionlint.Pos{Line: line, Col: indent + len([]rune(before[lineStart:])) + 1}
}

func (c *checker) isBlockScalar(p *actionlint.Pos) bool {
	r := c.charAt(p)
	return r == '|' || r == '>'
}

// charAt returns the character at p in the source, or 0.
func (c *checker) charAt(p *actionlint.Pos) rune {
	if p == nil {
		return 0
	}
	rs := []rune(c.line(p.Line))
	if p.Col < 1 || p.Col > len(rs) {
		return 0
	}
	return rs[p.Col-1]
}

func (c *checker) goVersionInput(e *actionlint.ExecAction) {
	in := e.Inputs["go-version"]
	if in == nil || in.Value == nil {
		return
	}
	v := in.Value
	if v.Quoted || v.ContainsExpression() || v.Value == "" || v.Value[0] < '0' || v.Value[0] > '9' {
		return
	}
	c.add(v.Pos, "go-version", "go-version: %s is not quoted; YAML reads versions such as 1.10 and 1.20 as the numbers 1.1 and 1.2", v.Value)
}

// goMatrix checks the Go versions in the strategy matrix of job j, given
// all the matrix values vs of that job.
func (c *checker) goMatrix(j *actionlint.Job, vs []MatrixValue) {
	if j != nil && j.Strategy != nil && j.Strategy.Matrix != nil {
		for key, row := range j.Strategy.Matrix.Rows {
			if goMatrixKeys[key] && row.Expression != nil {
				c.add(row.Expression.Pos, "go-coverage", "job %q computes its Go versions with an expression; list them so they can be checked", j.ID.Value)
			}
		}
	}
	minors := map[int]bool{}
	var first *actionlint.Pos
	for _, v := range vs {
		if !goMatrixKeys[v.Key] {
			continue
		}
		pos := &actionlint.Pos{Line: v.Line, Col: v.Col}
		if first == nil {
			first = pos
		}
		m := goVersion.FindStringSubmatch(v.Value)
		switch {
		case !v.Quoted:
			c.add(pos, "go-version", "matrix %s: %s is not quoted; YAML reads versions such as 1.10 and 1.20 as the numbers 1.1 and 1.2", v.Key, v.Value)
		case m == nil:
			c.add(pos, "go-version", "matrix %s: %q is not a Go version of the form 1.N, 1.N.x or 1.N.P", v.Key, v.Value)
		default:
			var minor int
			fmt.Sscan(m[1], &minor)
			minors[minor] = true
		}
	}
	if first == nil {
		return
	}
	newest := 0
	for m := range minors {
		if m > newest {
			newest = m
		}
	}
	var missing []string
	for m := MinCoveredMinor; m <= newest; m++ {
		if !minors[m] {
			missing = append(missing, fmt.Sprintf("1.%d", m))
		}
	}
	if len(missing) > 0 {
		c.add(first, "go-coverage", "the Go matrix of job %q lacks %s (it must list every minor from 1.%d to its newest)",
			vs[0].Job, strings.Join(missing, ", "), MinCoveredMinor)
	}
	if newest < MinNewestMinor {
		c.add(first, "go-coverage", "the Go matrix of job %q ends at 1.%d; it must reach at least 1.%d", vs[0].Job, newest, MinNewestMinor)
	}
}

type expression struct {
	text   string // trimmed, without ${{ }}
	offset int    // byte offset of ${{ in the scalar
}

// expressions returns the ${{ }} expressions in s.
func expressions(s string) []expression {
	var es []expression
	for off := 0; ; {
		i := strings.Index(s[off:], "${{")
		if i < 0 {
			return es
		}
		start := off + i
		j := strings.Index(s[start+3:], "}}")
		if j < 0 {
			es = append(es, expression{strings.TrimSpace(s[start+3:]), start})
			return es
		}
		es = append(es, expression{strings.TrimSpace(s[start+3 : start+3+j]), start})
		off = start + 3 + j + 2
	}
}

func sortedJobs(w *actionlint.Workflow) []*actionlint.Job {
	js := make([]*actionlint.Job, 0, len(w.Jobs))
	for _, j := range w.Jobs {
		js = append(js, j)
	}
	sort.Slice(js, func(a, b int) bool { return lessPos(js[a].Pos, js[b].Pos, js[a].ID.Value, js[b].ID.Value) })
	return js
}

func sortedScopes(p *actionlint.Permissions) []*actionlint.PermissionScope {
	ss := make([]*actionlint.PermissionScope, 0, len(p.Scopes))
	for _, s := range p.Scopes {
		if s != nil && s.Name != nil {
			ss = append(ss, s)
		}
	}
	sort.Slice(ss, func(a, b int) bool {
		return lessPos(ss[a].Name.Pos, ss[b].Name.Pos, ss[a].Name.Value, ss[b].Name.Value)
	})
	return ss
}

func lessPos(a, b *actionlint.Pos, ta, tb string) bool {
	if a != nil && b != nil && (a.Line != b.Line || a.Col != b.Col) {
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	}
	return ta < tb
}

// CommittedResults is the directory of committed results files, relative
// to the repository root.
const CommittedResults = "results"

var (
	// matrixCommand finds a run of the matrix command, go run ./matrix,
	// and the rest of its command up to a shell operator.
	matrixCommand = regexp.MustCompile(`go run (?:\./matrix|\S*/maplab/matrix)(?:\s|$)([^;&|\n]*)`)
	// outFlag finds -out DIR or -out=DIR.
	outFlag = regexp.MustCompile(`--?out(?:=|\s+)("[^"]*"|'[^']*'|\S+)`)
)

// measureOut checks that a step running `matrix run` (or the bare matrix
// command, which runs too) writes outside the checkout.
func (c *checker) measureOut(r *actionlint.String) {
	if r == nil {
		return
	}
	for _, m := range matrixCommand.FindAllStringSubmatch(r.Value, -1) {
		words := strings.Fields(m[1])
		if len(words) > 0 && !strings.HasPrefix(words[0], "-") && words[0] != "run" {
			continue // another subcommand: report, toolchains, install, help
		}
		o := outFlag.FindStringSubmatch(m[1])
		if o == nil {
			c.add(r.Pos, "measure-out", "%q writes into the committed %s/ (the default -out): it reuses committed cells instead of measuring them and republishes them; pass -out an empty directory outside the checkout, e.g. -out \"$MAPLAB_OUT\"", strings.TrimSpace(m[0]), CommittedResults)
			continue
		}
		dir := strings.Trim(o[1], `"'`)
		if !strings.HasPrefix(dir, "$") && !strings.HasPrefix(dir, "/") {
			c.add(r.Pos, "measure-out", "%q writes into %s, inside the checkout; pass -out an empty directory outside it, e.g. -out \"$MAPLAB_OUT\"", strings.TrimSpace(m[0]), dir)
		}
	}
}

// isCommittedResults reports whether path names the committed results
// directory or something inside it.
func isCommittedResults(path string) bool {
	p := strings.TrimPrefix(strings.TrimSpace(path), "./")
	return p == CommittedResults || strings.HasPrefix(p, CommittedResults+"/")
}

// upload checks an actions/upload-artifact step of job j.
func (c *checker) upload(j *actionlint.Job, e *actionlint.ExecAction) {
	if e.Uses == nil || !strings.HasPrefix(strings.ToLower(e.Uses.Value), "actions/upload-artifact@") {
		return
	}
	in := func(name string) *actionlint.String {
		if i := e.Inputs[name]; i != nil {
			return i.Value
		}
		return nil
	}
	if o := in("overwrite"); o == nil || o.Value != "true" {
		c.add(e.Uses.Pos, "upload", "upload-artifact without overwrite: true fails when a job is re-run; set overwrite: true")
	}
	matrixJob := j.Strategy != nil && j.Strategy.Matrix != nil
	name := in("name")
	if matrixJob && (name == nil || !strings.Contains(name.Value, "matrix.")) {
		c.add(e.Uses.Pos, "upload", "job %q runs once per matrix row but its artifact name does not hold a ${{ matrix.* }} value; give every job its own artifact", j.ID.Value)
	}
	if p := in("path"); matrixJob && p != nil {
		for _, l := range strings.Split(p.Value, "\n") {
			if isCommittedResults(l) {
				c.add(p.Pos, "upload", "job %q uploads the committed %s/; upload only the directory it measured into (e.g. ${{ env.MAPLAB_OUT }})", j.ID.Value, CommittedResults)
			}
		}
	}
}

// MinArm64Minor is the oldest Go minor setup-go has linux/arm64 builds of
// (its manifest, actions/go-versions, lists arm64 archives from 1.21.13 on).
const MinArm64Minor = 21

// arm64 checks the arm64 axis of one job's matrix values vs: every include
// row with a runner and a Go release from MinArm64Minor on has a twin with
// the same go and variant on an arm64 runner, and no older release has one.
func (c *checker) arm64(vs []MatrixValue) {
	type row struct {
		goVersion, variant, runner string
		pos                        *actionlint.Pos
	}
	var rows []row
	seen := map[*MatrixValue]bool{}
	for i := range vs {
		v := &vs[i]
		if v.Include == nil || v.Key != "go" || seen[v] || v.Include["runner"] == "" {
			continue
		}
		seen[v] = true
		rows = append(rows, row{v.Value, v.Include["variant"], v.Include["runner"], &actionlint.Pos{Line: v.Line, Col: v.Col}})
	}
	if len(rows) == 0 {
		return
	}
	isArm := func(r string) bool { return strings.HasSuffix(r, "-arm") || strings.Contains(r, "arm64") }
	twins := map[[2]string]bool{}
	for _, r := range rows {
		if isArm(r.runner) {
			twins[[2]string{r.goVersion, r.variant}] = true
		}
	}
	for _, r := range rows {
		m := goVersion.FindStringSubmatch(r.goVersion)
		if m == nil {
			continue
		}
		minor, _ := strconv.Atoi(m[1])
		switch {
		case isArm(r.runner) && minor < MinArm64Minor:
			c.add(r.pos, "arm64", "go %s on %s: setup-go has no linux/arm64 build of Go 1.%d (arm64 from 1.%d on)", r.goVersion, r.runner, minor, MinArm64Minor)
		case !isArm(r.runner) && minor >= MinArm64Minor && !twins[[2]string{r.goVersion, r.variant}]:
			what := r.goVersion
			if r.variant != "" {
				what += "+" + r.variant
			}
			c.add(r.pos, "arm64", "go %s runs on %s only; add a row with runner: ubuntu-24.04-arm (setup-go has linux/arm64 builds from 1.%d on)", what, r.runner, MinArm64Minor)
		}
	}
}
