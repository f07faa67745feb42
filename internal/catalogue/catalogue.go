// Package catalogue reads the probe catalogue: one directory per hazard
// under probes/, each holding a main.go whose header comment describes the
// probe and carries maplab: directives.
//
// The directives are documented in probes/README.md: minimum, modes,
// claims, langs, timeout, alone, gomaxprocs, trials, build-outcome, and
// observe, whose templates (what a probe's cells show in words and
// numbers, from the metrics it reports) package observation parses and
// renders. A maplab:observe line is left out of the probe's hash (see
// Hash).
//
// Parsing is pure (Parse takes the file's bytes); Load is the thin layer
// that walks the probes directory.
//
// # Reasons
//
// A directive may end with " -- " and a reason, which may go on over the
// header lines that follow it up to the next blank line or directive:
//
//	// maplab:modes plain race -- claim range-sees-snapshot reads race
//	// cells: a race build's instrumented map code is part of its question.
//	// maplab:gomaxprocs 1 all -- detection-independent-of-cpus compares
//	// the two settings.
//
// Every trial costs time, so a probe says why it asks for the costly
// settings: race builds of a program that starts no goroutine (the race
// detector has nothing to report there), GOMAXPROCS rows other than all,
// and trial floors. Probe.Why holds the reasons by directive name;
// tools/probecheck refuses a race build of a probe without go statements,
// and a GOMAXPROCS count, whose directive states no reason. A build-outcome
// directive takes no reason (its quoted patterns may hold "--").
package catalogue

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/maplab/maplab/internal/observation"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/toolchain"
)

// Defaults for directives a probe leaves out.
const (
	DefaultMinimum = "go1.9"
	DefaultTimeout = 10 * time.Second
	// LangToolchain in a langs directive means the newest language version
	// the toolchain accepts.
	LangToolchain = "toolchain"
	// ProcsAll in Probe.Procs means GOMAXPROCS left to the runtime: every
	// CPU the machine gives the process.
	ProcsAll = 0
	// MaxProcs bounds a gomaxprocs directive's counts.
	MaxProcs = 1024
	// BuildOutcomeTag is the build tag of build-outcome probes. Each
	// starts with the constraint "//go:build maplab_build_outcome", so
	// that go build, vet and test of this repository, which some
	// toolchains' rejections would break, skip it; the matrix builds it
	// with -tags maplab_build_outcome (see package build).
	BuildOutcomeTag = "maplab_build_outcome"
)

// observeLine starts the line of a maplab:observe directive.
const observeLine = "// maplab:observe "

// Probe is one entry of the catalogue.
type Probe struct {
	// Name is the directory name, e.g. "delete-during-range".
	Name string
	// Dir is the directory holding the probe's source.
	Dir string
	// Title is the header's first sentence after "Probe NAME:".
	Title string
	// Hazard, Promise and Checks are the header's paragraphs of those names.
	Hazard, Promise, Checks string
	// Minimum is the oldest Go release the probe may be built with.
	Minimum string
	// Modes lists the modes the probe is meant to run in.
	Modes []toolchain.Mode
	// Claims lists the ids of claims the probe helps decide.
	Claims []string
	// Langs lists the language versions to build with; LangToolchain stands
	// for the toolchain's own.
	Langs []string
	// Timeout bounds one trial.
	Timeout time.Duration
	// Alone asks that no other trial runs while one of this probe's trials
	// does: its outcome depends on its goroutines really running in
	// parallel, which other processes competing for the CPUs would prevent.
	Alone bool
	// Trials is the least number of trials a cell of the probe gets under
	// the adaptive rule (maplab:trials), so that an outcome that was never
	// seen is bounded tightly enough (300 trials bound a rate below 1% at
	// 95%); zero means the rule's own minimum. Idle trials bound nothing, so
	// a cell whose trials have all been idle is under the plain rule.
	Trials int
	// Until lists the outcome kinds whose first observation ends the need
	// for Trials (maplab:trials N until KIND...): once a trial of the cell
	// has one of them (outcome.Kind.Has), the adaptive rule alone decides.
	// Empty means Trials always applies.
	Until []outcome.Kind
	// FloorModes and FloorProcs limit Trials to the cells it was written
	// for (maplab:trials N ... in plain gomaxprocs=1): a cell of another
	// mode or GOMAXPROCS setting is under the adaptive rule alone. Nil
	// means every mode, or every setting. See FloorIn.
	FloorModes []toolchain.Mode
	FloorProcs []int
	// Exactly asks for exactly Trials trials per cell (maplab:trials N
	// exactly), fewer or more than the adaptive rule would run: a probe
	// whose trials each report measurements, not an outcome to count, and
	// whose cells must fit a time budget. A fixed -trials on the command
	// line overrides it.
	Exactly bool
	// Procs lists the GOMAXPROCS settings a cell of the probe is measured
	// at (maplab:gomaxprocs 1 all): a count of CPUs, or ProcsAll for the
	// runtime's default. Without the directive it is [ProcsAll].
	Procs []int
	// Rejections lists the compiler messages that count as a measured
	// rejection of a build-outcome probe (maplab:build-outcome): a build
	// that fails with output matching one of them is a rejected trial
	// (outcome.Rejected), not a broken probe. Nil for an ordinary probe.
	Rejections []*regexp.Regexp
	// Observe is the probe's observation (maplab:observe "TEMPLATE" ...):
	// what its cells show in words and numbers, rendered from the
	// metrics it reports (see package observation). Nil when the probe's
	// finding is its outcome alone.
	Observe observation.Set
	// Why holds the reasons directives state after " -- " (see Reasons in
	// the package doc), by directive name ("modes", "gomaxprocs",
	// "trials"); nil when no directive states one.
	Why map[string]string
	// Lines holds the line of main.go each directive is on, by directive
	// name, so that a check of the header can point at it.
	Lines map[string]int
	// Unsupported lists the targets the probe cannot mean anything on,
	// each with the reason (maplab:unsupported TARGET -- REASON, one line
	// per target): its cells there are unsupported, not built.
	Unsupported []Unsupported
	// Source is the content of main.go.
	Source []byte
	// Hash identifies the probe's source: a change invalidates old cells.
	Hash string
}

// Unsupported is one maplab:unsupported directive: a target and why the
// probe cannot be measured there.
type Unsupported struct {
	// Target is an implementation (gc, gccgo, gopherjs), a platform
	// GOOS/GOARCH (js/wasm) or a GOOS alone (js: js/wasm and GopherJS).
	Target string
	// Reason says what the target lacks, e.g. "no race detector".
	Reason string
}

// Matches reports whether u's target names tc: its implementation, its
// GOOS/GOARCH or its GOOS.
func (u Unsupported) Matches(tc toolchain.Toolchain) bool {
	return u.Target == string(tc.Kind) || u.Target == tc.Platform() || u.Target == tc.GOOS
}

// UnsupportedOn returns the reason of the first maplab:unsupported
// directive whose target names tc, as "not supported on TARGET: REASON".
func (p Probe) UnsupportedOn(tc toolchain.Toolchain) (reason string, ok bool) {
	for _, u := range p.Unsupported {
		if u.Matches(tc) {
			return "not supported on " + u.Target + ": " + u.Reason, true
		}
	}
	return "", false
}

// unsupportedTargetRE matches the target of a maplab:unsupported directive.
var unsupportedTargetRE = regexp.MustCompile(`^[a-z0-9]+(/[a-z0-9]+)?$`)

// Timing reports whether p is a timing probe: one that runs alone on the
// machine and exactly a fixed number of trials per cell (maplab:alone and
// maplab:trials N exactly), because its cells are times. The runner
// plans such probes last and gives them the sequential rule; the cost
// tables count them apart.
func (p Probe) Timing() bool {
	return p.Alone && p.Exactly
}

// BuildOutcome reports whether the probe is a build-outcome probe: one
// whose measurement is whether a toolchain compiles it
// (maplab:build-outcome).
func (p Probe) BuildOutcome() bool {
	return len(p.Rejections) > 0
}

// Rejects reports whether a compiler message counts as a measured
// rejection of the probe: whether one of its build-outcome patterns
// matches msg. It is false for an ordinary probe.
func (p Probe) Rejects(msg string) bool {
	for _, re := range p.Rejections {
		if re.MatchString(msg) {
			return true
		}
	}
	return false
}

// StartsGoroutines reports whether the probe's source has a go statement:
// whether a race build has a second goroutine for the race detector to
// watch. The error reports a source that does not parse.
func (p Probe) StartsGoroutines() (bool, error) {
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(p.Dir, "main.go"), p.Source, parser.SkipObjectResolution)
	if err != nil {
		return false, err
	}
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if _, ok := n.(*ast.GoStmt); ok {
			found = true
		}
		return !found
	})
	return found, nil
}

// FloorIn reports whether the probe's maplab:trials floor applies to its
// cells of mode m at GOMAXPROCS procs: whether the directive's "in"
// settings, if any, name that mode and that setting.
func (p Probe) FloorIn(m toolchain.Mode, procs int) bool {
	return (p.FloorModes == nil || slices.Contains(p.FloorModes, m)) &&
		(p.FloorProcs == nil || slices.Contains(p.FloorProcs, procs))
}

// RunsIn reports whether the probe is meant to run in mode m: whether its
// modes directive lists m.
func (p Probe) RunsIn(m toolchain.Mode) bool {
	return slices.Contains(p.Modes, m)
}

var (
	nameRE    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	releaseRE = regexp.MustCompile(`^go1\.[0-9]+$`)
)

// Parse reads the header of a probe's main.go. The name is the probe's
// directory name; file is used in error positions.
func Parse(name, file string, src []byte) (Probe, error) {
	p := Probe{
		Name:    name,
		Minimum: DefaultMinimum,
		Modes:   []toolchain.Mode{toolchain.Plain, toolchain.Race},
		Langs:   []string{LangToolchain},
		Procs:   []int{ProcsAll},
		Timeout: DefaultTimeout,
		Source:  src,
		Hash:    Hash(src),
	}
	if !nameRE.MatchString(name) {
		return p, fmt.Errorf("%s: probe name %q is not kebab-case (lower-case words joined by '-')", file, name)
	}
	lines := strings.Split(string(src), "\n")
	var header []string
	var headerLines []int // the file line of each header line
	pkgLine := 0
	tagged := false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "//go:build "+BuildOutcomeTag {
			tagged = true
			continue
		}
		if strings.HasPrefix(t, "package ") {
			pkgLine = i + 1
			if t != "package main" {
				return p, fmt.Errorf("%s:%d: probe must be package main", file, i+1)
			}
			break
		}
		if strings.HasPrefix(t, "//") {
			header = append(header, strings.TrimSpace(strings.TrimPrefix(t, "//")))
			headerLines = append(headerLines, i+1)
			continue
		}
		if t == "" {
			header = append(header, "")
			headerLines = append(headerLines, i+1)
			continue
		}
	}
	if pkgLine == 0 {
		return p, fmt.Errorf("%s: no package clause", file)
	}
	paras := map[string]*string{"hazard": &p.Hazard, "promise": &p.Promise, "checks": &p.Checks}
	var cur *string
	seen := map[string]bool{}
	why := "" // the directive whose reason the next lines continue
	for i, h := range header {
		lineNo := headerLines[i]
		switch {
		case strings.HasPrefix(h, "maplab:"):
			cur, why = nil, ""
			f := strings.Fields(strings.TrimPrefix(h, "maplab:"))
			if len(f) == 0 {
				return p, fmt.Errorf("%s:%d: empty maplab: directive", file, lineNo)
			}
			key, args := f[0], f[1:]
			if key == "unsupported" {
				// One line per target, so it may repeat; the reason is
				// free text after " -- ".
				if err := p.unsupported(strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(h, "maplab:"), key))); err != nil {
					return p, fmt.Errorf("%s:%d: %v", file, lineNo, err)
				}
				continue
			}
			if seen[key] {
				return p, fmt.Errorf("%s:%d: directive %q repeated", file, lineNo, key)
			}
			seen[key] = true
			if p.Lines == nil {
				p.Lines = map[string]int{}
			}
			p.Lines[key] = lineNo
			if key == "build-outcome" {
				// Patterns are quoted and may hold spaces: they are read
				// from the directive's text, not its fields.
				rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(h, "maplab:"), key))
				if err := p.buildOutcome(rest); err != nil {
					return p, fmt.Errorf("%s:%d: probe %s: %v", file, lineNo, name, err)
				}
				continue
			}
			if key == "observe" {
				rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(h, "maplab:"), key))
				set, err := observation.ParseDirective(rest)
				if err != nil {
					return p, fmt.Errorf("%s:%d: probe %s: %v", file, lineNo, name, err)
				}
				p.Observe = set
				continue
			}
			for j, a := range args {
				if a != "--" {
					continue
				}
				reason := strings.Join(args[j+1:], " ")
				if reason == "" {
					return p, fmt.Errorf("%s:%d: directive %q: empty reason after \"--\" (write the reason, or drop the \"--\")", file, lineNo, key)
				}
				if p.Why == nil {
					p.Why = map[string]string{}
				}
				p.Why[key] = reason
				args = args[:j]
				why = key
				break
			}
			if err := p.directive(key, args); err != nil {
				return p, fmt.Errorf("%s:%d: %v", file, lineNo, err)
			}
		case h == "":
			cur, why = nil, ""
		case why != "":
			p.Why[why] += " " + h
		case strings.HasPrefix(h, "Probe "+name+":"):
			p.Title = strings.TrimSpace(strings.TrimPrefix(h, "Probe "+name+":"))
			cur = &p.Title
		default:
			if j := strings.Index(h, ":"); j > 0 && cur == nil {
				if dst, ok := paras[strings.ToLower(h[:j])]; ok {
					*dst = strings.TrimSpace(h[j+1:])
					cur = dst
					continue
				}
			}
			if cur != nil {
				*cur = strings.TrimSpace(*cur + " " + h)
			}
		}
	}
	if p.Title == "" {
		return p, fmt.Errorf("%s:1: header must start with \"// Probe %s: <title>\"", file, name)
	}
	if p.Hazard == "" || p.Promise == "" {
		return p, fmt.Errorf("%s: header needs Hazard: and Promise: paragraphs", file)
	}
	for _, m := range p.FloorModes {
		if !p.RunsIn(m) {
			return p, fmt.Errorf("%s:%d: probe %s: maplab:trials ... in %s names a mode the probe does not run in (its modes: %v)", file, p.Lines["trials"], name, m, p.Modes)
		}
	}
	for _, n := range p.FloorProcs {
		if !slices.Contains(p.Procs, n) {
			return p, fmt.Errorf("%s:%d: probe %s: maplab:trials ... in gomaxprocs=%s names a setting the probe is not measured at (see its maplab:gomaxprocs)", file, p.Lines["trials"], name, ProcsArg(n))
		}
	}
	if p.BuildOutcome() && !tagged {
		return p, fmt.Errorf("%s:1: probe %s: a build-outcome probe must start with the line \"//go:build %s\" and a blank line, so that go build, vet and test of this repository skip a program some toolchains reject", file, name, BuildOutcomeTag)
	}
	return p, nil
}

func (p *Probe) directive(key string, args []string) error {
	switch key {
	case "minimum":
		if len(args) != 1 || !releaseRE.MatchString(args[0]) {
			return fmt.Errorf("usage: maplab:minimum go1.N")
		}
		p.Minimum = args[0]
	case "modes":
		if len(args) == 0 {
			return fmt.Errorf("usage: maplab:modes plain|race ...")
		}
		p.Modes = nil
		for _, a := range args {
			m := toolchain.Mode(a)
			if m != toolchain.Plain && m != toolchain.Race {
				return fmt.Errorf("unknown mode %q (valid: plain, race)", a)
			}
			p.Modes = append(p.Modes, m)
		}
	case "claims":
		if len(args) == 0 {
			return fmt.Errorf("usage: maplab:claims id ...")
		}
		p.Claims = args
	case "langs":
		if len(args) == 0 {
			return fmt.Errorf("usage: maplab:langs go1.N|toolchain ...")
		}
		for _, a := range args {
			if a != LangToolchain && !releaseRE.MatchString(a) {
				return fmt.Errorf("bad language version %q (want go1.N or %q)", a, LangToolchain)
			}
		}
		p.Langs = args
	case "alone":
		if len(args) != 0 {
			return fmt.Errorf("usage: maplab:alone (no arguments)")
		}
		p.Alone = true
	case "timeout":
		if len(args) != 1 {
			return fmt.Errorf("usage: maplab:timeout DURATION")
		}
		d, err := time.ParseDuration(args[0])
		if err != nil || d <= 0 {
			return fmt.Errorf("bad timeout %q", args[0])
		}
		p.Timeout = d
	case "trials":
		const usage = "usage: maplab:trials N [exactly | until KIND ...] [in plain|race|gomaxprocs=N|gomaxprocs=all ...] (N from 1 to 10000)"
		var in []string
		if i := slices.Index(args, "in"); i >= 0 {
			args, in = args[:i], args[i+1:]
			if len(in) == 0 {
				return fmt.Errorf("%s: \"in\" needs at least one mode or gomaxprocs=N", usage)
			}
		}
		exactly := len(args) == 2 && args[1] == "exactly"
		if len(args) == 0 || len(args) == 2 && !exactly || len(args) > 2 && args[1] != "until" {
			return fmt.Errorf(usage)
		}
		if exactly && in != nil {
			return fmt.Errorf("%s: \"exactly\" fixes every cell, so it takes no \"in\"", usage)
		}
		n, err := strconv.Atoi(args[0])
		if err != nil || n < 1 || n > 10000 {
			return fmt.Errorf(usage)
		}
		p.Trials = n
		p.Until = nil
		p.Exactly = exactly
		if len(args) > 2 {
			for _, a := range args[2:] {
				k, err := outcome.Parse(a)
				if err != nil || !k.Trial() {
					return fmt.Errorf("%s: %q is not the kind of a trial", usage, a)
				}
				p.Until = append(p.Until, k)
			}
		}
		p.FloorModes, p.FloorProcs = nil, nil
		for _, a := range in {
			if v, ok := strings.CutPrefix(a, "gomaxprocs="); ok {
				n, ok := ParseProcs(v)
				if !ok || slices.Contains(p.FloorProcs, n) {
					return fmt.Errorf("%s: bad or repeated setting %q", usage, a)
				}
				p.FloorProcs = append(p.FloorProcs, n)
				continue
			}
			m := toolchain.Mode(a)
			if m != toolchain.Plain && m != toolchain.Race || slices.Contains(p.FloorModes, m) {
				return fmt.Errorf("%s: bad or repeated setting %q (a mode, plain or race, or gomaxprocs=N)", usage, a)
			}
			p.FloorModes = append(p.FloorModes, m)
		}
	case "gomaxprocs":
		const usage = "usage: maplab:gomaxprocs N|all ... (N from 1 to 1024, each at most once)"
		if len(args) == 0 {
			return fmt.Errorf(usage)
		}
		p.Procs = nil
		seen := map[int]bool{}
		for _, a := range args {
			n, ok := ParseProcs(a)
			if !ok {
				return fmt.Errorf("%s: bad count %q", usage, a)
			}
			if seen[n] {
				return fmt.Errorf("%s: %q repeated", usage, a)
			}
			seen[n] = true
			p.Procs = append(p.Procs, n)
		}
	default:
		return fmt.Errorf("unknown directive %q (valid: alone, build-outcome, claims, gomaxprocs, langs, minimum, modes, observe, timeout, trials, unsupported)", key)
	}
	return nil
}

// buildOutcomeUsage is the usage of the build-outcome directive.
const buildOutcomeUsage = "usage: maplab:build-outcome \"REGEXP\" ... (one or more Go-quoted regular expressions, in double quotes or backquotes, each matching a compiler message that counts as a rejection)"

// buildOutcome reads the arguments of maplab:build-outcome: one or more
// regular expressions, each a Go string literal (double-quoted or
// backquoted) so that a message's spaces need no escape.
func (p *Probe) buildOutcome(rest string) error {
	p.Rejections = nil
	for rest != "" {
		lit, err := strconv.QuotedPrefix(rest)
		if err != nil || strings.HasPrefix(lit, "'") {
			return fmt.Errorf("%s: %q is not a quoted pattern; quote each one, e.g. maplab:build-outcome `duplicate key .* in map literal`", buildOutcomeUsage, firstField(rest))
		}
		pat, _ := strconv.Unquote(lit)
		if pat == "" {
			return fmt.Errorf("%s: empty pattern %s would match any build failure", buildOutcomeUsage, lit)
		}
		re, err := regexp.Compile(pat)
		if err != nil {
			return fmt.Errorf("bad build-outcome pattern %s: %v; fix the regular expression (Go RE2 syntax, see go doc regexp/syntax)", lit, err)
		}
		p.Rejections = append(p.Rejections, re)
		after := rest[len(lit):]
		rest = strings.TrimSpace(after)
		if rest != "" && after == strings.TrimLeft(after, " \t") {
			return fmt.Errorf("%s: patterns must be separated by spaces, after %s", buildOutcomeUsage, lit)
		}
	}
	if len(p.Rejections) == 0 {
		return fmt.Errorf(buildOutcomeUsage)
	}
	return nil
}

// firstField returns the first space-separated word of s.
func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return s
}

// ParseProcs reads a GOMAXPROCS setting the way directives, claim scopes
// and the suite's -gomaxprocs flag write it: "all" for ProcsAll, or a
// count from 1 to MaxProcs in plain decimal (so that one setting has one
// spelling). It reports false for anything else.
func ParseProcs(s string) (int, bool) {
	if s == "all" {
		return ProcsAll, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxProcs || strconv.Itoa(n) != s {
		return 0, false
	}
	return n, true
}

// ProcsArg writes a GOMAXPROCS setting the way ParseProcs reads it.
func ProcsArg(n int) string {
	if n == ProcsAll {
		return "all"
	}
	return strconv.Itoa(n)
}

// ProcsLabel names a GOMAXPROCS setting of Probe.Procs: "GOMAXPROCS=1",
// or "all CPUs" for ProcsAll.
func ProcsLabel(n int) string {
	if n == ProcsAll {
		return "all CPUs"
	}
	return fmt.Sprintf("GOMAXPROCS=%d", n)
}

// Hash identifies a probe's source: the first 16 hex digits of the SHA-256
// of main.go without its maplab:observe and maplab:unsupported lines. An
// observation says how the probe's cells are shown, not what is measured;
// an unsupported line only says on which targets the probe is not run.
// The program built and run is the same with or without them, so adding
// or rewording one keeps the cells already measured. (The runner still
// re-plans a cell whose planned unsupported outcome changed; see runner.)
func Hash(src []byte) string {
	h := sha256.New()
	for _, l := range strings.SplitAfter(string(src), "\n") {
		d := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "//"))
		if strings.HasPrefix(d, "maplab:unsupported ") || strings.HasPrefix(strings.TrimSpace(l), observeLine) {
			continue
		}
		h.Write([]byte(l))
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// Load reads every probe under dir (dir/<name>/main.go), sorted by name.
func Load(dir string) ([]Probe, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading probe catalogue: %w", err)
	}
	var probes []Probe
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || e.Name() == "testdata" {
			continue
		}
		file := filepath.Join(dir, e.Name(), "main.go")
		src, err := os.ReadFile(file)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		p, err := Parse(e.Name(), file, src)
		if err != nil {
			return nil, err
		}
		p.Dir = filepath.Join(dir, e.Name())
		probes = append(probes, p)
	}
	if len(probes) == 0 {
		return nil, fmt.Errorf("no probes found in %s (want %s/<name>/main.go)", dir, dir)
	}
	sort.Slice(probes, func(i, j int) bool { return probes[i].Name < probes[j].Name })
	return probes, nil
}

// Select returns the probes named in names, in catalogue order, or an error
// naming the unknown ones and listing the valid names. An empty names
// selects every probe.
func Select(all []Probe, names []string) ([]Probe, error) {
	if len(names) == 0 {
		return all, nil
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var out []Probe
	for _, p := range all {
		if want[p.Name] {
			out = append(out, p)
			delete(want, p.Name)
		}
	}
	if len(want) > 0 {
		var unknown, valid []string
		for n := range want {
			unknown = append(unknown, n)
		}
		for _, p := range all {
			valid = append(valid, p.Name)
		}
		sort.Strings(unknown)
		return nil, fmt.Errorf("unknown probe %s (valid: %s)", strings.Join(unknown, ", "), strings.Join(valid, ", "))
	}
	return out, nil
}

// unsupported reads the text of one maplab:unsupported directive, "TARGET
// -- REASON".
func (p *Probe) unsupported(rest string) error {
	const usage = "usage: maplab:unsupported TARGET -- REASON (TARGET an implementation such as gopherjs, a GOOS/GOARCH such as js/wasm, or a GOOS such as js)"
	target, reason, ok := strings.Cut(rest, " -- ")
	target, reason = strings.TrimSpace(target), strings.TrimSpace(reason)
	if !ok || reason == "" || !unsupportedTargetRE.MatchString(target) {
		return fmt.Errorf(usage)
	}
	for _, u := range p.Unsupported {
		if u.Target == target {
			return fmt.Errorf("maplab:unsupported %s repeated", target)
		}
	}
	p.Unsupported = append(p.Unsupported, Unsupported{Target: target, Reason: reason})
	return nil
}
