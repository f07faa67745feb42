package toolchain

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
)

// EnvVar is the environment variable that lists toolchains explicitly, in
// the syntax of SplitList and Entry.
const EnvVar = "MAPLAB_TOOLCHAINS"

// Options configures Discover.
type Options struct {
	// Explicit lists toolchain entries (see Entry for the syntax). When it
	// is empty, the entries in MAPLAB_TOOLCHAINS are used instead, if any.
	// With entries, only those toolchains are used and an entry that does
	// not name a usable toolchain is an error; without, Discover searches
	// the machine.
	Explicit []string
	// ExplicitSource is what Toolchain.Source says for Explicit entries,
	// e.g. "-toolchains"; "explicit" if empty.
	ExplicitSource string
	// Environ is the environment to search (PATH, HOME, MAPLAB_TOOLCHAINS)
	// and to run toolchains with; os.Environ() if nil.
	Environ []string
	// CacheDir holds the identification cache (toolchains.json); if empty,
	// the maplab directory in os.UserCacheDir() is used.
	CacheDir string
	// NoCache turns the identification cache off.
	NoCache bool
	// DistGlobs are glob patterns for the go commands of distribution
	// installs; nil means DistGlobs(Environ): DistGlobsVar when it is set,
	// else DefaultDistGlobs.
	DistGlobs []string
}

// DefaultDistGlobs are where distributions install versioned Go releases,
// e.g. Debian's golang-1.19-go in /usr/lib/go-1.19.
var DefaultDistGlobs = []string{"/usr/lib/go-*/bin/go"}

// DistGlobsVar is the environment variable that replaces DefaultDistGlobs:
// glob patterns for the go commands of distribution installs, separated like
// PATH, or "none" to search no distribution installs. .ci/run sets
// MAPLAB_DIST_GLOBS=none (with a PATH of only the go command and a fresh
// HOME and module cache) to test a machine that has nothing but Go.
const DistGlobsVar = "MAPLAB_DIST_GLOBS"

// DistGlobs returns the distribution-install patterns the environment
// environ (os.Environ() if nil) selects: those of DistGlobsVar when it is
// set and not empty ("none" selects none), else DefaultDistGlobs.
func DistGlobs(environ []string) []string {
	if environ == nil {
		environ = os.Environ()
	}
	v := strings.TrimSpace(envValue(environ, DistGlobsVar))
	switch v {
	case "":
		return DefaultDistGlobs
	case "none":
		return []string{}
	}
	var globs []string
	for _, g := range filepath.SplitList(v) {
		if g = strings.TrimSpace(g); g != "" {
			globs = append(globs, g)
		}
	}
	return globs
}

// Hint tells about a well-known toolchain that was not found, or a
// toolchain that was found but could not be used, and how to fix that.
type Hint struct {
	// Toolchain names the toolchain, e.g. "Go 1.19" or a path.
	Toolchain string `json:"toolchain"`
	// Problem is "not found" or what went wrong.
	Problem string `json:"problem"`
	// Fix says how to add or repair it.
	Fix string `json:"fix"`
}

// String formats h as one line.
func (h Hint) String() string {
	return fmt.Sprintf("%s: %s; %s", h.Toolchain, h.Problem, h.Fix)
}

// wellKnown lists the toolchains this project measures on its own
// machines; Discover returns a Hint for each one it does not find.
var wellKnown = []struct {
	name  string
	match func(Toolchain) bool
	fix   string
}{
	{
		name:  "Go 1.19",
		match: func(t Toolchain) bool { return t.Kind == GC && t.Variant == "" && LangOf(t.Release) == "go1.19" },
		fix:   "apt-get install golang-1.19-go (installs /usr/lib/go-1.19), or go run ./matrix install go1.19.13",
	},
	{
		name:  "gccgo 11 (Go 1.16 library)",
		match: func(t Toolchain) bool { return t.Kind == GCCGO && LangOf(t.Release) == "go1.16" },
		fix:   "apt-get install gccgo-11",
	},
	{
		name:  "gccgo 12 (Go 1.18 library)",
		match: func(t Toolchain) bool { return t.Kind == GCCGO && LangOf(t.Release) == "go1.18" },
		fix:   "apt-get install gccgo-12",
	},
	{
		name:  "GopherJS 1.19 (run by Node.js)",
		match: func(t Toolchain) bool { return t.Kind == GopherJS },
		fix:   "go run ./matrix install gopherjs (installs GopherJS " + GopherJSVersion + " with go1.19's go command: apt-get install golang-1.19-go first), and Node.js (node on PATH)",
	},
	{
		name:  "gc js/wasm (run by Node.js)",
		match: func(t Toolchain) bool { return t.Kind == GC && t.GOOS == JSOS && t.GOARCH == WasmArch },
		fix:   "install Node.js (node on PATH, e.g. apt-get install nodejs): every gc release found from go1.11 on then gets a js/wasm column, e.g. go1.26.8-js-wasm",
	},
	{
		name:  "go1.27.3",
		match: func(t Toolchain) bool { return t.Kind == GC && t.Variant == "" && t.Release == "go1.27.3" },
		fix:   "run GOTOOLCHAIN=go1.27.3 go version once (the go command fetches it into the module cache), then discovery finds it, or name it: MAPLAB_TOOLCHAINS=go1.27.3",
	},
}

// otherReleases is the hint Discover always adds last.
var otherReleases = Hint{
	Toolchain: "any other release",
	Problem:   "not installed",
	Fix:       "go run ./matrix install go1.X.Y (a golang.org/dl SDK in ~/sdk/go1.X.Y, found automatically), or a release from go1.21 on that the go command can fetch: GOTOOLCHAIN=go1.X.Y go version, then MAPLAB_TOOLCHAINS=go1.X.Y; the GitHub Actions workflow measures releases from go1.9 on",
}

// entryFix is the usage part of errors about explicit entries.
const entryFix = "give a go command, a GOROOT directory (with bin/go), a gccgo driver such as /usr/bin/gccgo-12, or a release such as go1.27.3, optionally with +experiment (e.g. go1.24.6+noswissmap)"

// Discover finds the Go toolchains on the machine, identifies each by
// building and running a small program with it, and returns them sorted
// (gc before gccgo, then by release and variant).
//
// With explicit entries (Options.Explicit or MAPLAB_TOOLCHAINS), only those
// are used; err reports every entry that could not be used (found still
// holds the others). Otherwise Discover searches, in this order of
// precedence: the go command on PATH; golang.org/dl SDKs in ~/sdk/*/bin/go;
// distribution installs (DefaultDistGlobs, or MAPLAB_DIST_GLOBS); releases the PATH go command can
// select with GOTOOLCHAIN because they are already in its module cache
// (discovery never downloads); and gccgo and gccgo-N on PATH. Duplicates
// (the same binary, the same GOROOT or the same ID) are dropped. missing
// lists well-known toolchains that were not found and candidates that could
// not be identified, each with a fix.
func Discover(ctx context.Context, opt Options) (found []Toolchain, missing []Hint, err error) {
	d := newDiscoverer(opt)
	// The cache only saves time; failing to write it is not worth failing
	// discovery for.
	defer func() { _ = d.cache.save() }()

	entries, source := opt.Explicit, opt.ExplicitSource
	if source == "" {
		source = "explicit"
	}
	if len(entries) == 0 {
		if list := d.getenv(EnvVar); strings.TrimSpace(list) != "" {
			entries, source = SplitList(list), EnvVar
		}
	}
	if len(entries) > 0 {
		var errs []error
		for _, raw := range entries {
			if err := d.selectEntry(ctx, raw, source); err != nil {
				errs = append(errs, err)
			}
		}
		return d.sorted(), nil, errors.Join(errs...)
	}

	for _, c := range d.searchCandidates(ctx) {
		if err := d.add(ctx, c); err != nil {
			if ctx.Err() != nil {
				return d.sorted(), nil, ctx.Err()
			}
			missing = append(missing, Hint{
				Toolchain: c.path + envSuffix(c.env),
				Problem:   err.Error(),
				Fix:       "repair or remove it, or list the toolchains to use in " + EnvVar,
			})
		}
	}
	for _, c := range d.nodeCandidates() {
		if err := d.add(ctx, c); err != nil {
			if ctx.Err() != nil {
				return d.sorted(), nil, ctx.Err()
			}
			missing = append(missing, Hint{
				Toolchain: c.label(),
				Problem:   err.Error(),
				Fix:       "leave it out (it is skipped), or repair it; a toolchain whose programs Node.js cannot run has no column",
			})
		}
	}
	found = d.sorted()
	for _, w := range wellKnown {
		ok := false
		for _, t := range found {
			ok = ok || w.match(t)
		}
		if !ok {
			missing = append(missing, Hint{Toolchain: w.name, Problem: "not found", Fix: w.fix})
		}
	}
	missing = append(missing, otherReleases)
	return found, missing, nil
}

func envSuffix(env []string) string {
	if len(env) == 0 {
		return ""
	}
	return " (" + strings.Join(env, " ") + ")"
}

type discoverer struct {
	environ []string
	cache   *factCache
	found   []Toolchain
	seen    map[string]bool // keys of candidates and toolchains already taken
	pathGo  *pathGoInfo
	// distGlobs are the patterns for distribution installs.
	distGlobs []string
	// searched holds what an automatic search finds, once an explicit
	// entry has needed it (see selectEntry).
	searched *[]Toolchain
}

// UnknownError is the error of an explicit entry that names no toolchain:
// it is neither the ID of a toolchain the automatic search finds nor a
// command on PATH. Found lists the IDs the search found, for the message.
type UnknownError struct {
	Entry string
	Found []string
	Err   error // why the entry is not a command on PATH
}

func (e *UnknownError) Error() string {
	found := strings.Join(e.Found, ", ")
	if found == "" {
		found = "none"
	}
	return fmt.Sprintf("unknown toolchain %q: not the ID of a toolchain found here (found: %s) nor a command on PATH (%v); %s", e.Entry, found, e.Err, entryFix)
}

func (e *UnknownError) Unwrap() error { return e.Err }

// selectEntry adds the toolchain one explicit entry names. An entry in the
// form of a toolchain ID (see LooksLikeID) that is the ID of a toolchain
// the automatic search finds selects that toolchain, just as "matrix
// toolchains" lists it, e.g. go1.19.8 or gccgo12-go1.18; any other entry is
// resolved as a release, command or path (see Entry).
func (d *discoverer) selectEntry(ctx context.Context, raw, source string) error {
	if LooksLikeID(raw) {
		for _, t := range d.search(ctx) {
			if t.ID == raw {
				d.keep(t)
				return nil
			}
		}
	}
	c, err := d.resolveEntry(ctx, raw, source)
	if err != nil {
		return err
	}
	return d.add(ctx, c)
}

// search returns the toolchains an automatic search finds, sorted; it
// searches at most once.
func (d *discoverer) search(ctx context.Context) []Toolchain {
	if d.searched == nil {
		s := &discoverer{environ: d.environ, cache: d.cache, seen: map[string]bool{}, pathGo: d.pathGo, distGlobs: d.distGlobs}
		for _, c := range s.searchCandidates(ctx) {
			_ = s.add(ctx, c) // a candidate that cannot be identified is not selectable
		}
		for _, c := range s.nodeCandidates() {
			_ = s.add(ctx, c)
		}
		found := s.sorted()
		d.searched, d.pathGo = &found, s.pathGo
	}
	return *d.searched
}

// pathGoInfo describes the go command on PATH, which GOTOOLCHAIN releases
// run through.
type pathGoInfo struct {
	path     string
	version  string // go env GOVERSION
	modcache string // go env GOMODCACHE
	hostOS   string
	hostArch string
	err      error
}

func newDiscoverer(opt Options) *discoverer {
	d := &discoverer{environ: opt.Environ, seen: map[string]bool{}}
	if d.environ == nil {
		d.environ = os.Environ()
	}
	dir := opt.CacheDir
	if dir == "" && !opt.NoCache {
		if ucd, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(ucd, "maplab")
		}
	}
	if opt.NoCache {
		dir = ""
	}
	d.cache = loadCache(dir)
	if opt.DistGlobs == nil {
		opt.DistGlobs = DistGlobs(d.environ)
	}
	d.distGlobs = opt.DistGlobs
	return d
}

func (d *discoverer) getenv(key string) string {
	return envValue(d.environ, key)
}

func (d *discoverer) home() string {
	if h := d.getenv("HOME"); h != "" {
		return h
	}
	return d.getenv("USERPROFILE")
}

// goOnPath returns the go command on PATH and what it says about itself.
func (d *discoverer) goOnPath(ctx context.Context) *pathGoInfo {
	if d.pathGo != nil {
		return d.pathGo
	}
	info := &pathGoInfo{}
	d.pathGo = info
	info.path, info.err = lookPath("go", d.getenv("PATH"))
	if info.err != nil {
		return info
	}
	out, err := run(ctx, "", envFor(d.environ, nil), info.path, "env", "GOVERSION", "GOMODCACHE", "GOHOSTOS", "GOHOSTARCH")
	if err != nil {
		info.err = err
		return info
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	for len(lines) < 4 {
		lines = append(lines, "")
	}
	info.version, info.modcache, info.hostOS, info.hostArch = lines[0], lines[1], lines[2], lines[3]
	return info
}

// toolchainDir returns the directory in which the go command keeps release
// rel after fetching it for GOTOOLCHAIN.
func (p *pathGoInfo) toolchainDir(rel string) string {
	return filepath.Join(p.modcache, "golang.org", "toolchain@v0.0.1-"+rel+"."+p.hostOS+"-"+p.hostArch)
}

// canSwitch reports whether the PATH go command supports GOTOOLCHAIN.
func (p *pathGoInfo) canSwitch() bool {
	return p.err == nil && CompareRelease(p.version, "go1.21") >= 0 && p.modcache != ""
}

// releaseCandidate returns the candidate for running release rel through
// the PATH go command, or an error if that would need a download.
func (d *discoverer) releaseCandidate(ctx context.Context, rel string) (candidate, error) {
	p := d.goOnPath(ctx)
	switch {
	case p.err != nil:
		return candidate{}, fmt.Errorf("using GOTOOLCHAIN=%s needs the go command on PATH: %w", rel, p.err)
	case !p.canSwitch():
		return candidate{}, fmt.Errorf("the go command on PATH (%s) cannot switch toolchains with GOTOOLCHAIN; that needs go1.21 or later", p.version)
	case CompareRelease(rel, "go1.21") < 0:
		return candidate{}, fmt.Errorf("GOTOOLCHAIN can only select go1.21 or later; for %s use go run ./matrix install %s, or name its GOROOT", rel, rel)
	}
	c := candidate{kind: GC, path: p.path, env: []string{"GOTOOLCHAIN=" + rel}}
	if firstField(p.version) == rel {
		return c, nil
	}
	bin := filepath.Join(p.toolchainDir(rel), "bin", "go")
	if !isExecutable(bin) {
		return c, fmt.Errorf("%s is not in the module cache (%s) and discovery never downloads; fetch it once with GOTOOLCHAIN=%s go version, or use go run ./matrix install %s", rel, filepath.Dir(filepath.Dir(bin)), rel, rel)
	}
	c.keyFiles = []string{bin}
	return c, nil
}

// resolveEntry turns one explicit entry into a candidate.
func (d *discoverer) resolveEntry(ctx context.Context, raw, source string) (candidate, error) {
	e, err := ParseEntry(raw)
	if err != nil {
		return candidate{}, err
	}
	wrap := func(err error) error {
		return fmt.Errorf("toolchain entry %q: %w", raw, err)
	}
	var c candidate
	switch {
	case e.Release != "":
		c, err = d.releaseCandidate(ctx, e.Release)
		if err != nil {
			return c, wrap(err)
		}
	case !isPathLike(e.Target):
		p, err := lookPath(e.Target, d.getenv("PATH"))
		if err != nil {
			var ids []string
			for _, t := range d.search(ctx) {
				ids = append(ids, t.ID)
			}
			return c, &UnknownError{Entry: raw, Found: ids, Err: err}
		}
		c = candidate{kind: GC, path: p}
	default:
		p := e.Target
		if p == "~" || strings.HasPrefix(p, "~/") {
			p = filepath.Join(d.home(), p[1:])
		}
		p = filepath.Clean(p)
		fi, err := os.Stat(p)
		switch {
		case err != nil && IsRelease(filepath.Base(p)):
			return c, wrap(fmt.Errorf("not a Go toolchain: %w; install that release with go run ./matrix install %s; %s", err, filepath.Base(p), entryFix))
		case err != nil:
			return c, wrap(fmt.Errorf("not a Go toolchain: %w; %s", err, entryFix))
		case fi.IsDir():
			bin := filepath.Join(p, "bin", "go")
			if runtime.GOOS == "windows" {
				bin += ".exe"
			}
			if !isExecutable(bin) {
				return c, wrap(fmt.Errorf("not a Go toolchain: no bin/go or gccgo driver found in %s; %s", p, entryFix))
			}
			c = candidate{kind: GC, path: bin}
		case !isExecutable(p):
			return c, wrap(fmt.Errorf("not a Go toolchain: %s is not executable; %s", p, entryFix))
		default:
			c = candidate{kind: GC, path: p}
		}
	}
	if isGccgoName(c.path) {
		c.kind = GCCGO
	}
	if len(e.Experiments) > 0 && c.kind == GCCGO {
		return c, wrap(fmt.Errorf("variant +%s needs a gc toolchain; gccgo has no GOEXPERIMENT", e.Variant()))
	}
	c.env = e.ExtraEnv()
	c.variant = e.Variant()
	c.source = source
	c.entry = raw
	return c, nil
}

// searchCandidates lists the candidates of an automatic search in order of
// precedence.
func (d *discoverer) searchCandidates(ctx context.Context) []candidate {
	var cs []candidate
	pathList := d.getenv("PATH")
	if p, err := lookPath("go", pathList); err == nil {
		cs = append(cs, candidate{kind: GC, path: p, source: "PATH"})
	}
	if home := d.home(); home != "" {
		matches, _ := filepath.Glob(filepath.Join(home, "sdk", "go*", "bin", "go"))
		sortByRelease(matches, func(p string) string { return filepath.Base(filepath.Dir(filepath.Dir(p))) })
		for _, p := range matches {
			if isExecutable(p) {
				cs = append(cs, candidate{kind: GC, path: p, source: "~/sdk"})
			}
		}
	}
	for _, g := range d.distGlobs {
		matches, _ := filepath.Glob(g)
		sortByRelease(matches, func(p string) string {
			return "go" + strings.TrimPrefix(filepath.Base(filepath.Dir(filepath.Dir(p))), "go-")
		})
		for _, p := range matches {
			if isExecutable(p) {
				cs = append(cs, candidate{kind: GC, path: p, source: filepath.Dir(filepath.Dir(g))})
			}
		}
	}
	for _, rel := range d.cachedReleases(ctx) {
		if c, err := d.releaseCandidate(ctx, rel); err == nil {
			c.source = "GOTOOLCHAIN"
			cs = append(cs, c)
		}
	}
	for _, dir := range filepath.SplitList(pathList) {
		if dir == "" {
			continue
		}
		ents, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, ent := range ents {
			name := strings.TrimSuffix(ent.Name(), ".exe")
			if gccgoNameRE.MatchString(name) && isExecutable(filepath.Join(dir, ent.Name())) {
				cs = append(cs, candidate{kind: GCCGO, path: filepath.Join(dir, ent.Name()), source: "PATH"})
			}
		}
	}
	return cs
}

var gccgoNameRE = regexp.MustCompile(`^gccgo(-[0-9]+)?$`)

// cachedReleases lists the releases the PATH go command has already
// fetched into its module cache for GOTOOLCHAIN, oldest first.
func (d *discoverer) cachedReleases(ctx context.Context) []string {
	p := d.goOnPath(ctx)
	if !p.canSwitch() {
		return nil
	}
	pattern := p.toolchainDir("go*")
	matches, _ := filepath.Glob(pattern)
	prefix := "toolchain@v0.0.1-"
	suffix := "." + p.hostOS + "-" + p.hostArch
	var rels []string
	for _, m := range matches {
		rel := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), prefix), suffix)
		if IsRelease(rel) && rel != firstField(p.version) {
			rels = append(rels, rel)
		}
	}
	sortByRelease(rels, func(s string) string { return s })
	return rels
}

func sortByRelease(xs []string, rel func(string) string) {
	sort.SliceStable(xs, func(i, j int) bool {
		return CompareRelease(rel(xs[i]), rel(xs[j])) < 0
	})
}

// add identifies c and keeps it unless it duplicates a toolchain already
// found.
func (d *discoverer) add(ctx context.Context, c candidate) error {
	resolved, err := filepath.EvalSymlinks(c.path)
	if err != nil {
		resolved = c.path
	}
	pre := "bin|" + resolved + "|" + strings.Join(c.env, " ")
	if d.seen[pre] {
		return nil
	}
	d.seen[pre] = true
	t, err := d.identify(ctx, c)
	if err != nil {
		return err
	}
	d.keep(t)
	return nil
}

// keep adds t to the toolchains found unless one with its ID, or its GOROOT
// and variant, is already there.
func (d *discoverer) keep(t Toolchain) {
	keys := []string{"id|" + t.ID}
	if t.GOROOT != "" {
		keys = append(keys, "goroot|"+string(t.Kind)+"|"+t.GOROOT+"|"+t.Variant+"|"+t.Platform())
	}
	for _, k := range keys {
		if d.seen[k] {
			return
		}
	}
	for _, k := range keys {
		d.seen[k] = true
	}
	d.found = append(d.found, t)
}

// identify returns the toolchain c is, from the cache or by gathering
// facts.
func (d *discoverer) identify(ctx context.Context, c candidate) (Toolchain, error) {
	key, stamps, cacheable := cacheKey(c, d.environ)
	f, ok := facts{}, false
	if cacheable {
		f, ok = d.cache.get(key)
	}
	if !ok {
		var err error
		f, err = gatherFacts(ctx, c, d.environ)
		if err != nil {
			var ng *notGoError
			if errors.As(err, &ng) && len(c.env) == 0 {
				err = fmt.Errorf("not a Go toolchain: %w", err)
				if c.entry != "" {
					err = fmt.Errorf("%w; %s", err, entryFix)
				}
			}
			return Toolchain{}, d.wrap(c, err)
		}
		if cacheable {
			d.cache.put(key, stamps, f)
		}
	}
	var ccPath string
	if c.kind == GC && f.CC != "" {
		if cc := strings.Fields(f.CC); len(cc) > 0 {
			ccPath, _ = lookPath(cc[0], d.getenv("PATH"))
		}
	}
	var sysos []string
	if c.kind == GC && f.GOROOT != "" {
		sysos = raceSysos(f.GOROOT)
	}
	t, err := assemble(c, f, ccPath, sysos)
	if err != nil {
		return t, d.wrap(c, err)
	}
	return t, nil
}

func (d *discoverer) wrap(c candidate, err error) error {
	if c.entry != "" {
		return fmt.Errorf("toolchain entry %q: %w", c.entry, err)
	}
	return fmt.Errorf("identifying %s%s: %w", c.path, envSuffix(c.env), err)
}

// sorted returns the toolchains found: gc before gccgo, then by release,
// variant and ID.
func (d *discoverer) sorted() []Toolchain {
	out := append([]Toolchain(nil), d.found...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Kind != b.Kind {
			return kindRank(a.Kind) < kindRank(b.Kind)
		}
		if c := CompareRelease(a.Release, b.Release); c != 0 {
			return c < 0
		}
		if a.Variant != b.Variant {
			return a.Variant < b.Variant
		}
		return a.ID < b.ID
	})
	return out
}

// kindRank orders implementations in the toolchain list: gc, gccgo,
// GopherJS.
func kindRank(k Kind) int {
	switch k {
	case GC:
		return 0
	case GCCGO:
		return 1
	case GopherJS:
		return 2
	}
	return 3
}

// label names a candidate in a hint: its path, its environment entries and
// its target.
func (c candidate) label() string {
	l := c.path + envSuffix(c.env)
	if c.kind == GopherJS {
		l = "GopherJS " + c.path
	}
	return l
}

// nodeCandidates returns the candidates whose programs run in Node.js,
// derived from the native toolchains found so far: each native gc
// toolchain without a variant that can build js/wasm, as GOOS=js
// GOARCH=wasm, and each gopherjs command (on PATH, in GOBIN or GOPATH's bin,
// or ~/go/bin) with the go1.19 GOROOT it compiles against. There are none
// without node on PATH, and no GopherJS candidate without such a GOROOT.
func (d *discoverer) nodeCandidates() []candidate {
	node, err := lookPath("node", d.getenv("PATH"))
	if err != nil {
		return nil
	}
	var cs []candidate
	for _, t := range d.sorted() {
		if t.Kind != GC || !t.Native() || t.Variant != "" || !JSWasmSupported(t.Release) {
			continue
		}
		env := append(append([]string{}, t.ExtraEnv...), "GOOS="+JSOS, "GOARCH="+WasmArch)
		cs = append(cs, candidate{kind: GC, path: t.Path, env: env, source: t.Source, goos: JSOS, goarch: WasmArch, node: node})
	}
	gjs, err := lookPath("gopherjs", d.getenv("PATH"))
	if err != nil {
		for _, dir := range GopherJSDirs(d.getenv("GOBIN"), d.getenv("GOPATH"), d.home()) {
			if p := filepath.Join(dir, "gopherjs"); isExecutable(p) {
				gjs, err = p, nil
				break
			}
		}
	}
	if err == nil {
		if goroot := GopherJSGoroot(d.getenv(GopherJSGorootVar), GopherJSLang, d.found); goroot != "" {
			cs = append(cs, candidate{kind: GopherJS, path: gjs, env: []string{GopherJSGorootVar + "=" + goroot}, source: "gopherjs", node: node})
		}
	}
	return cs
}
