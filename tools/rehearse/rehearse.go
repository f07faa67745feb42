// Package rehearse runs the jobs of a GitHub Actions workflow on this
// machine, for the matrix rows whose toolchain the machine has: every run:
// step for real with bash, the actions the workflows use emulated
// (checkout copies the working tree, setup-go puts a local toolchain on
// PATH, upload-artifact and download-artifact copy directories), and
// GITHUB_ENV, GITHUB_OUTPUT, GITHUB_PATH and RUNNER_TEMP as files and
// directories applied between steps as Actions does.
//
// Its test rehearses .github/workflows/matrix.yml: see rehearse_test.go.
package rehearse

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/rhysd/actionlint"
)

// Parse reads a workflow with actionlint's parser.
func Parse(src []byte) (*actionlint.Workflow, error) {
	w, errs := actionlint.Parse(src)
	if w == nil || len(errs) > 0 {
		if len(errs) > 0 {
			return nil, fmt.Errorf("parsing workflow: %d:%d: %s", errs[0].Line, errs[0].Column, errs[0].Message)
		}
		return nil, errors.New("parsing workflow: no workflow")
	}
	return w, nil
}

// Rows expands the strategy matrix of j into its rows: the cross product
// of the matrix keys, then the include combinations (each a row of its
// own here, as the workflows use them). A job without a matrix has one
// empty row.
func Rows(j *actionlint.Job) []map[string]string {
	if j.Strategy == nil || j.Strategy.Matrix == nil {
		return []map[string]string{{}}
	}
	m := j.Strategy.Matrix
	rows := []map[string]string{{}}
	keys := make([]string, 0, len(m.Rows))
	for k := range m.Rows {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		var next []map[string]string
		for _, r := range rows {
			for _, v := range m.Rows[k].Values {
				s, ok := v.(*actionlint.RawYAMLString)
				if !ok {
					continue
				}
				c := copyMap(r)
				c[k] = s.Value
				next = append(next, c)
			}
		}
		rows = next
	}
	if len(keys) == 0 {
		rows = nil
	}
	if m.Include != nil {
		for _, comb := range m.Include.Combinations {
			r := map[string]string{}
			for k, a := range comb.Assigns {
				if s, ok := a.Value.(*actionlint.RawYAMLString); ok {
					r[k] = s.Value
				}
			}
			rows = append(rows, r)
		}
	}
	return rows
}

func copyMap(m map[string]string) map[string]string {
	c := make(map[string]string, len(m)+1)
	for k, v := range m {
		c[k] = v
	}
	return c
}

// Toolchains maps what setup-go and gccgo steps ask for to this machine.
type Toolchains struct {
	// GoRoots maps a Go minor, "1.19", to the GOROOT of a local release
	// of it.
	GoRoots map[string]string
	// HarnessGoRoot is the GOROOT setup-go's go-version-file: go.mod
	// resolves to: the host Go, which must be at least go.mod's go line.
	HarnessGoRoot string
	// Commands lists the gccgo drivers on PATH by name, "gccgo-12".
	Commands map[string]bool
	// Arch is the runner architecture of this machine, "amd64" or "arm64".
	Arch string
}

// Missing returns why row of a job that uses these steps cannot be
// rehearsed here, or "" when it can.
func (tc Toolchains) Missing(j *actionlint.Job, row map[string]string) string {
	ctx := &Context{Matrix: row}
	if j.RunsOn != nil {
		labels := j.RunsOn.Labels
		if j.RunsOn.LabelsExpr != nil {
			labels = append(labels, j.RunsOn.LabelsExpr)
		}
		for _, l := range labels {
			label, err := ctx.Interpolate(l.Value)
			if err != nil {
				return err.Error()
			}
			arch := "amd64"
			if strings.HasSuffix(label, "-arm") || strings.Contains(label, "arm64") {
				arch = "arm64"
			}
			if arch != tc.Arch {
				return fmt.Sprintf("runner %s is %s, this machine is %s", label, arch, tc.Arch)
			}
		}
	}
	for _, s := range j.Steps {
		a, ok := s.Exec.(*actionlint.ExecAction)
		if !ok || actionName(a) != "actions/setup-go" {
			continue
		}
		if s.If != nil {
			if ok, err := ctx.Condition(s.If.Value); err != nil || !ok {
				continue
			}
		}
		v := input(ctx, a, "go-version")
		if v == "" {
			continue
		}
		if _, ok := tc.GoRoots[minorOf(v)]; !ok {
			if row["variant"] != "" {
				return fmt.Sprintf("no local Go %s (for %s+%s)", minorOf(v), v, row["variant"])
			}
			return fmt.Sprintf("no local Go %s (for %s)", minorOf(v), v)
		}
	}
	if g := row["gccgo"]; g != "" && !tc.Commands[g] {
		return g + " is not on PATH"
	}
	return ""
}

// minorOf returns "1.N" of a Go version "1.N", "1.N.P" or "1.N.x".
func minorOf(v string) string {
	parts := strings.SplitN(strings.TrimPrefix(v, "go"), ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}

func actionName(a *actionlint.ExecAction) string {
	u := a.Uses.Value
	if i := strings.Index(u, "@"); i >= 0 {
		u = u[:i]
	}
	return strings.ToLower(u)
}

func input(ctx *Context, a *actionlint.ExecAction, name string) string {
	in := a.Inputs[name]
	if in == nil || in.Value == nil {
		return ""
	}
	v, err := ctx.Interpolate(in.Value.Value)
	if err != nil {
		return ""
	}
	return v
}

// Runner runs jobs.
type Runner struct {
	// Repo is the repository root the checkout step copies.
	Repo string
	// Workflow is the parsed workflow.
	Workflow *actionlint.Workflow
	// Inputs are the workflow_dispatch inputs of the rehearsed run.
	Inputs map[string]string
	// Toolchains maps setup-go and gccgo to this machine.
	Toolchains Toolchains
	// Artifacts holds the uploaded artifacts: name -> directory.
	Artifacts map[string]string
	// ArtifactDir is where uploads are stored.
	ArtifactDir string
	// DownloadOrder, if set, orders the artifacts a download copies (the
	// rehearsal shuffles it); otherwise they are copied by name.
	DownloadOrder []string
	// Logf receives a line per step.
	Logf func(format string, args ...any)
}

// Job is one rehearsed run of a job on one matrix row.
type Job struct {
	// Workspace is the checkout of the job, RunnerTemp its RUNNER_TEMP.
	Workspace, RunnerTemp string
	// Skipped lists the steps that were not run and why.
	Skipped []string
}

// baseEnv is the environment of every step before the workflow's own:
// the machine's, without variables a run of the workflow sets itself.
func baseEnv() map[string]string {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "GITHUB_") || strings.HasPrefix(k, "RUNNER_") || strings.HasPrefix(k, "MAPLAB_") || k == "GOTOOLCHAIN" || k == "GOROOT" || k == "GOFLAGS" {
			continue
		}
		env[k] = v
	}
	return env
}

// Run runs job id on row in a fresh workspace under dir, emptied first.
// As on a runner, every job gets the same workspace path (so the go
// command's build cache is reused from job to job). A failing step
// without continue-on-error fails the job: later steps run only when their
// if: says so (e.g. !cancelled()), and the error names the first failure.
func (r *Runner) Run(ctx context.Context, id string, row map[string]string, dir string) (*Job, error) {
	j := r.Workflow.Jobs[strings.ToLower(id)]
	if j == nil {
		return nil, fmt.Errorf("no job %q", id)
	}
	job := &Job{Workspace: filepath.Join(dir, "workspace"), RunnerTemp: filepath.Join(dir, "temp")}
	for _, d := range []string{job.Workspace, job.RunnerTemp, filepath.Join(dir, "files")} {
		if err := os.RemoveAll(d); err != nil {
			return nil, err
		}
	}
	for _, d := range []string{job.Workspace, job.RunnerTemp, filepath.Join(dir, "files"), filepath.Join(dir, "shims")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	// sudo is refused: a rehearsal never changes the machine.
	if err := os.WriteFile(filepath.Join(dir, "shims", "sudo"), []byte("#!/bin/sh\necho \"rehearsal: sudo $* refused (a rehearsal does not change the machine)\" >&2\nexit 1\n"), 0o755); err != nil {
		return nil, err
	}
	arch := map[string]string{"amd64": "X64", "arm64": "ARM64"}[r.Toolchains.Arch]
	c := &Context{
		Matrix: row,
		Inputs: r.Inputs,
		Env:    map[string]string{},
		Runner: map[string]string{"temp": job.RunnerTemp, "os": "Linux", "arch": arch},
		GitHub: map[string]string{"workflow": "matrix", "ref": "refs/heads/rehearsal", "event_name": "workflow_dispatch", "workspace": job.Workspace},
		Steps:  map[string]map[string]string{},
	}
	env := baseEnv()
	env["CI"] = "true"
	env["GITHUB_WORKSPACE"] = job.Workspace
	env["RUNNER_TEMP"] = job.RunnerTemp
	env["RUNNER_OS"] = "Linux"
	env["RUNNER_ARCH"] = arch
	var paths []string // GITHUB_PATH entries, newest first
	apply := func(e *actionlint.Env, into map[string]string) error {
		if e == nil {
			return nil
		}
		if e.Expression != nil {
			return fmt.Errorf("env: %s is not emulated", e.Expression.Value)
		}
		for _, v := range e.Vars {
			val, err := c.Interpolate(v.Value.Value)
			if err != nil {
				return err
			}
			into[v.Name.Value] = val
		}
		return nil
	}
	wfEnv, jobEnv, fileEnv := map[string]string{}, map[string]string{}, map[string]string{}
	c.Env = wfEnv
	if err := apply(r.Workflow.Env, wfEnv); err != nil {
		return nil, err
	}
	merged := func(layers ...map[string]string) map[string]string {
		out := map[string]string{}
		for _, l := range layers {
			for k, v := range l {
				out[k] = v
			}
		}
		return out
	}
	c.Env = merged(wfEnv)
	if err := apply(j.Env, jobEnv); err != nil {
		return nil, err
	}
	var firstErr error
	for i, s := range j.Steps {
		name := stepName(i, s)
		c.Env = merged(wfEnv, jobEnv, fileEnv)
		c.Failed = firstErr != nil
		if s.If != nil {
			ok, err := c.Condition(s.If.Value)
			if err != nil {
				return job, fmt.Errorf("step %s: if: %w", name, err)
			}
			if !ok {
				job.Skipped = append(job.Skipped, name+" (if: "+s.If.Value+")")
				continue
			}
		} else if firstErr != nil {
			job.Skipped = append(job.Skipped, name+" (an earlier step failed)")
			continue
		}
		stepEnv := map[string]string{}
		if err := apply(s.Env, stepEnv); err != nil {
			return job, fmt.Errorf("step %s: %w", name, err)
		}
		files := filepath.Join(dir, "files", fmt.Sprint(i))
		if err := os.MkdirAll(files, 0o755); err != nil {
			return job, err
		}
		ghEnv, ghOut, ghPath := filepath.Join(files, "env"), filepath.Join(files, "output"), filepath.Join(files, "path")
		for _, f := range []string{ghEnv, ghOut, ghPath} {
			if err := os.WriteFile(f, nil, 0o644); err != nil {
				return job, err
			}
		}
		full := merged(env, wfEnv, jobEnv, fileEnv, stepEnv)
		full["GITHUB_ENV"], full["GITHUB_OUTPUT"], full["GITHUB_PATH"] = ghEnv, ghOut, ghPath
		full["PATH"] = strings.Join(append(append([]string{filepath.Join(dir, "shims")}, paths...), full["PATH"]), string(os.PathListSeparator))

		var err error
		switch e := s.Exec.(type) {
		case *actionlint.ExecRun:
			err = r.runStep(ctx, job, e, full, filepath.Join(files, "script.sh"))
		case *actionlint.ExecAction:
			err = r.action(job, c, e, ghEnv, ghPath)
		}
		r.Logf("job %s %v: step %s: %v", id, row, name, errString(err))
		// The files apply whether or not the step failed, as in Actions.
		if perr := readEnvFile(ghEnv, fileEnv); perr != nil && err == nil {
			err = perr
		}
		outs := map[string]string{}
		if perr := readEnvFile(ghOut, outs); perr != nil && err == nil {
			err = perr
		}
		if s.ID != nil {
			c.Steps[s.ID.Value] = outs
		}
		ps, perr := readLines(ghPath)
		if perr != nil && err == nil {
			err = perr
		}
		for _, p := range ps {
			paths = append([]string{p}, paths...)
		}
		if err != nil {
			if s.ContinueOnError != nil && s.ContinueOnError.Value {
				r.Logf("job %s: step %s failed, continue-on-error", id, name)
				continue
			}
			if firstErr == nil {
				firstErr = fmt.Errorf("step %s: %w", name, err)
			}
		}
	}
	return job, firstErr
}

func errString(err error) string {
	if err == nil {
		return "ok"
	}
	return "FAILED: " + err.Error()
}

func stepName(i int, s *actionlint.Step) string {
	if s.Name != nil {
		return fmt.Sprintf("%d %q", i+1, s.Name.Value)
	}
	return fmt.Sprint(i + 1)
}

// runStep runs a run: script the way Actions runs it with its default
// shell on Linux: bash --noprofile --norc -eo pipefail SCRIPT.
func (r *Runner) runStep(ctx context.Context, job *Job, e *actionlint.ExecRun, env map[string]string, script string) error {
	if err := os.WriteFile(script, []byte(e.Run.Value), 0o644); err != nil {
		return err
	}
	if e.Shell != nil && e.Shell.Value != "bash" {
		return fmt.Errorf("shell %s is not emulated", e.Shell.Value)
	}
	cmd := exec.CommandContext(ctx, "bash", "--noprofile", "--norc", "-eo", "pipefail", script)
	cmd.Dir = job.Workspace
	if e.WorkingDirectory != nil {
		cmd.Dir = filepath.Join(job.Workspace, e.WorkingDirectory.Value)
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	sort.Strings(cmd.Env)
	out, err := cmd.CombinedOutput()
	if err != nil {
		tail := string(out)
		if len(tail) > 3000 {
			tail = "..." + tail[len(tail)-3000:]
		}
		return fmt.Errorf("%s: %w\n%s", strings.TrimSpace(e.Run.Value), err, tail)
	}
	r.Logf("$ %s\n%s", strings.TrimSpace(e.Run.Value), lastLines(string(out), 6))
	return nil
}

func lastLines(s string, n int) string {
	ls := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, "\n")
}

// action emulates one action step.
func (r *Runner) action(job *Job, c *Context, e *actionlint.ExecAction, ghEnv, ghPath string) error {
	in := func(name string) string { return input(c, e, name) }
	appendFile := func(p, line string) error {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = fmt.Fprintln(f, line)
		return err
	}
	switch name := actionName(e); name {
	case "actions/checkout":
		return copyTree(r.Repo, job.Workspace, repoFiles(r.Repo))
	case "actions/setup-go":
		goroot := ""
		switch {
		case in("go-version") != "":
			goroot = r.Toolchains.GoRoots[minorOf(in("go-version"))]
			if goroot == "" {
				return fmt.Errorf("setup-go: no local Go %s", in("go-version"))
			}
		case in("go-version-file") != "":
			goroot = r.Toolchains.HarnessGoRoot
		default:
			return errors.New("setup-go without go-version or go-version-file is not emulated")
		}
		if err := appendFile(ghPath, filepath.Join(goroot, "bin")); err != nil {
			return err
		}
		// setup-go exports GOTOOLCHAIN=local so the go command never
		// switches to another release.
		return appendFile(ghEnv, "GOTOOLCHAIN=local")
	case "actions/upload-artifact":
		return r.upload(job, in)
	case "actions/download-artifact":
		return r.download(job, in)
	case "actions/upload-pages-artifact", "actions/deploy-pages", "peter-evans/create-pull-request":
		job.Skipped = append(job.Skipped, name+" (publishes; not rehearsed)")
		return nil
	default:
		return fmt.Errorf("action %s is not emulated", name)
	}
}

// upload stores the files the step names as artifact "name", as
// upload-artifact does: one path keeps its contents at the root, several
// keep their paths below their common ancestor; hidden files are left out.
func (r *Runner) upload(job *Job, in func(string) string) error {
	name := in("name")
	if name == "" {
		name = "artifact"
	}
	if _, exists := r.Artifacts[name]; exists && in("overwrite") != "true" {
		return fmt.Errorf("upload-artifact: an artifact named %q already exists (overwrite is not true)", name)
	}
	var paths []string
	for _, l := range strings.Split(in("path"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			if !filepath.IsAbs(l) {
				l = filepath.Join(job.Workspace, l)
			}
			paths = append(paths, filepath.Clean(l))
		}
	}
	if len(paths) == 0 {
		return errors.New("upload-artifact: no path")
	}
	root := paths[0]
	if len(paths) > 1 {
		root = commonDir(paths)
	} else if fi, err := os.Stat(root); err == nil && !fi.IsDir() {
		root = filepath.Dir(root)
	}
	var files []string
	for _, p := range paths {
		err := filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && q != p && in("include-hidden-files") != "true" {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				rel, _ := filepath.Rel(root, q)
				files = append(files, rel)
			}
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if len(files) == 0 {
		if in("if-no-files-found") == "error" {
			return fmt.Errorf("upload-artifact %s: no files found at %s", name, strings.Join(paths, ", "))
		}
		return nil
	}
	dst := filepath.Join(r.ArtifactDir, name)
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	if err := copyTree(root, dst, files); err != nil {
		return err
	}
	r.Artifacts[name] = dst
	return nil
}

func commonDir(paths []string) string {
	c := filepath.Dir(paths[0])
	for _, p := range paths[1:] {
		for !strings.HasPrefix(p+string(filepath.Separator), c+string(filepath.Separator)) && c != filepath.Dir(c) {
			c = filepath.Dir(c)
		}
	}
	return c
}

// download copies artifacts as download-artifact does: one by name into
// path, or every artifact matching pattern into path/<name> (into path
// itself with merge-multiple).
func (r *Runner) download(job *Job, in func(string) string) error {
	dst := in("path")
	if dst == "" {
		dst = "."
	}
	if !filepath.IsAbs(dst) {
		dst = filepath.Join(job.Workspace, dst)
	}
	if n := in("name"); n != "" {
		src, ok := r.Artifacts[n]
		if !ok {
			return fmt.Errorf("download-artifact: no artifact %q", n)
		}
		return copyTree(src, dst, walkFiles(src))
	}
	order := r.DownloadOrder
	if order == nil {
		for n := range r.Artifacts {
			order = append(order, n)
		}
		sort.Strings(order)
	}
	pattern := in("pattern")
	n := 0
	for _, name := range order {
		src, ok := r.Artifacts[name]
		if !ok {
			continue
		}
		if pattern != "" {
			if ok, _ := path.Match(pattern, name); !ok {
				continue
			}
		}
		to := filepath.Join(dst, name)
		if in("merge-multiple") == "true" {
			to = dst
		}
		if err := copyTree(src, to, walkFiles(src)); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return fmt.Errorf("download-artifact: no artifact matches %q", pattern)
	}
	return nil
}

// repoFiles lists the files of the working tree of repo that git tracks or
// would track (untracked but not ignored), or every file but .git when git
// cannot say.
func repoFiles(repo string) []string {
	out, err := exec.Command("git", "-C", repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		var files []string
		for _, f := range walkFiles(repo) {
			if f != ".git" && !strings.HasPrefix(f, ".git"+string(filepath.Separator)) {
				files = append(files, f)
			}
		}
		return files
	}
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" {
			if _, err := os.Lstat(filepath.Join(repo, f)); err == nil {
				files = append(files, filepath.FromSlash(f))
			}
		}
	}
	return files
}

func walkFiles(root string) []string {
	var files []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			files = append(files, rel)
		}
		return nil
	})
	return files
}

// copyTree copies the files (relative paths) from src to dst, keeping
// their permission bits.
func copyTree(src, dst string, files []string) error {
	for _, f := range files {
		from, to := filepath.Join(src, f), filepath.Join(dst, f)
		fi, err := os.Lstat(from)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			l, err := os.Readlink(from)
			if err != nil {
				return err
			}
			os.Remove(to)
			if err := os.Symlink(l, to); err != nil {
				return err
			}
			continue
		}
		data, err := os.ReadFile(from)
		if err != nil {
			return err
		}
		if err := os.WriteFile(to, data, fi.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}

// readEnvFile reads a GITHUB_ENV or GITHUB_OUTPUT file (NAME=VALUE lines
// and NAME<<DELIMITER blocks) into into.
func readEnvFile(p string, into map[string]string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 1<<20), 1<<20)
	for s.Scan() {
		l := s.Text()
		if l == "" {
			continue
		}
		if k, delim, ok := strings.Cut(l, "<<"); ok && !strings.Contains(k, "=") {
			var val []string
			closed := false
			for s.Scan() {
				if s.Text() == delim {
					closed = true
					break
				}
				val = append(val, s.Text())
			}
			if !closed {
				return fmt.Errorf("%s: %s<<%s is not closed", p, k, delim)
			}
			into[k] = strings.Join(val, "\n")
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			return fmt.Errorf("%s: bad line %q", p, l)
		}
		into[k] = v
	}
	return s.Err()
}

func readLines(p string) ([]string, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out, nil
}

// HostArch is this machine's runner architecture.
func HostArch() string { return runtime.GOARCH }
