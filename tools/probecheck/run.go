package main

import (
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/maplab/maplab/internal/apicheck"
	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/helpercheck"
)

// Exit statuses.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// defaultRoot is the directory of probes checked when no argument is given.
const defaultRoot = "probes"

// run is the whole command: it parses args, checks the probes and returns
// the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("probecheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "print a line per probe and a summary on standard output")
	api := fs.String("api", "", "directory of go1*.txt API files (default $GOROOT/api)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: probecheck [-v] [-api dir] [dir ...]\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	dirs := fs.Args()
	if len(dirs) == 0 {
		dirs = []string{defaultRoot}
	}

	entries, err := discover(dirs)
	if err != nil {
		fmt.Fprintf(stderr, "probecheck: %v\n", err)
		return exitUsage
	}
	apiDir := *api
	if apiDir == "" {
		if apiDir, err = apicheck.APIDir(); err != nil {
			fmt.Fprintf(stderr, "probecheck: %v; use -api dir\n", err)
			return exitUsage
		}
	}
	table, err := apicheck.LoadTable(apiDir)
	if err != nil {
		fmt.Fprintf(stderr, "probecheck: %v\n", err)
		return exitUsage
	}
	fset := token.NewFileSet()
	c := &apicheck.Checker{Table: table, Fset: fset, Importer: importer.ForCompiler(fset, "gc", nil)}

	status, findings := exitOK, 0
	for _, e := range entries {
		costly := 0 // findings of checkCost: settings without a reason
		if e.err == nil {
			fs, err := checkCost(e.probe)
			if err != nil {
				fs = []string{err.Error()}
			}
			for _, f := range fs {
				fmt.Fprintln(stderr, f)
			}
			if costly = len(fs); costly > 0 {
				status = exitFindings
				findings += costly
			}
		}
		if e.err == nil && e.probe.BuildOutcome() {
			// A build-outcome probe uses, on purpose, code that some
			// toolchains reject: that rejection is its measurement, so
			// its language and API are not held to its minimum. Its
			// header was checked when it was read.
			if *verbose {
				verdict := "ok  "
				if costly > 0 {
					verdict = "FAIL"
				}
				fmt.Fprintf(stdout, "%s %s: build-outcome probe, header only (its code is meant to be rejected by some toolchains)\n", verdict, e.name)
			}
			continue
		}
		var r *apicheck.Report
		err := e.err
		if err == nil {
			r, err = checkProbe(c, e.probe)
		}
		if err != nil {
			fmt.Fprintln(stderr, err)
			status = exitFindings
			findings++
			if *verbose {
				fmt.Fprintf(stdout, "FAIL %s\n", e.name)
			}
			continue
		}
		for _, f := range r.Findings {
			fmt.Fprintln(stderr, f)
		}
		findings += len(r.Findings)
		verdict := "ok  "
		if len(r.Findings) > 0 || costly > 0 {
			status, verdict = exitFindings, "FAIL"
		}
		if *verbose {
			needs := "fails"
			if len(r.Findings) == 0 {
				if n, ok, err := c.Needs(e.probe.Dir, r.Minimum); err == nil && ok {
					needs = "needs " + n.String()
				}
			}
			fmt.Fprintf(stdout, "%s %s: minimum %s, %s (%d standard-library references in %s)\n",
				verdict, e.name, r.Minimum, needs, r.Symbols, plural(len(r.Files), "file"))
		}
	}
	n, err := checkHelpers(entries, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "probecheck: %v\n", err)
		return exitUsage
	}
	if n > 0 {
		status = exitFindings
		findings += n
	}
	if *verbose {
		fmt.Fprintf(stdout, "probecheck: %s, %s (API files of %s)\n",
			plural(len(entries), "probe"), plural(findings, "finding"), table.Latest())
	}
	return status
}

// helpersFile is the name of the canonical helpers in a probes directory.
const helpersFile = "helpers.go.txt"

// checkHelpers compares each probe's copies of the shared helpers with
// the canonical ones (see package helpercheck): those of the directory
// holding the probe, when it has a helpers.go.txt. It prints each finding
// and returns how many there were.
func checkHelpers(entries []entry, stderr io.Writer) (int, error) {
	byCanonical := map[string]map[string][]byte{}
	for _, e := range entries {
		if e.err != nil {
			continue
		}
		canonical := filepath.Join(filepath.Dir(filepath.Clean(e.probe.Dir)), helpersFile)
		if !isFile(canonical) {
			continue
		}
		if byCanonical[canonical] == nil {
			byCanonical[canonical] = map[string][]byte{}
		}
		byCanonical[canonical][filepath.Join(e.probe.Dir, "main.go")] = e.probe.Source
	}
	var names []string
	for c := range byCanonical {
		names = append(names, c)
	}
	sort.Strings(names)
	n := 0
	for _, c := range names {
		src, err := os.ReadFile(c)
		if err != nil {
			return n, err
		}
		fs, err := helpercheck.Check(c, src, byCanonical[c])
		if err != nil {
			return n, err
		}
		for _, f := range fs {
			fmt.Fprintln(stderr, f)
		}
		n += len(fs)
	}
	return n, nil
}

// checkProbe checks one probe against its declared minimum.
func checkProbe(c *apicheck.Checker, p catalogue.Probe) (*apicheck.Report, error) {
	minimum, err := apicheck.ParseRelease(p.Minimum)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(p.Dir, "main.go"), err)
	}
	if latest := c.Table.Latest(); minimum > latest {
		return nil, fmt.Errorf("%s: probe minimum %s is newer than the checking toolchain's API files (%s)",
			filepath.Join(p.Dir, "main.go"), minimum, latest)
	}
	return c.CheckDir(p.Dir, minimum)
}

// entry is one probe found by discover, or the error reading its header.
type entry struct {
	name  string
	probe catalogue.Probe
	err   error
}

// discover finds the probes named by dirs: a directory holding main.go is
// one probe, any other directory holds probes in its subdirectories. The
// entries come back sorted by directory, each with its parsed header or
// the error parsing it. The error reports a path that cannot be read or
// holds no probe.
func discover(dirs []string) ([]entry, error) {
	var found []string
	seen := map[string]bool{}
	for _, dir := range dirs {
		info, err := os.Stat(dir)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("%s is not a directory", dir)
		}
		var cands []string
		if isFile(filepath.Join(dir, "main.go")) {
			cands = []string{dir}
		} else {
			list, err := os.ReadDir(dir)
			if err != nil {
				return nil, err
			}
			for _, e := range list {
				sub := filepath.Join(dir, e.Name())
				if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && e.Name() != "testdata" && isFile(filepath.Join(sub, "main.go")) {
					cands = append(cands, sub)
				}
			}
			if len(cands) == 0 {
				return nil, fmt.Errorf("no probes in %s (want %s/<name>/main.go)", dir, dir)
			}
		}
		for _, d := range cands {
			if !seen[filepath.Clean(d)] {
				seen[filepath.Clean(d)] = true
				found = append(found, d)
			}
		}
	}
	sort.Strings(found)
	var entries []entry
	for _, d := range found {
		p, err := readProbe(d)
		entries = append(entries, entry{name: p.Name, probe: p, err: err})
	}
	return entries, nil
}

// readProbe parses the header of dir/main.go with the catalogue's parser.
func readProbe(dir string) (catalogue.Probe, error) {
	file := filepath.Join(dir, "main.go")
	src, err := os.ReadFile(file)
	if err != nil {
		return catalogue.Probe{Name: filepath.Base(dir)}, err
	}
	name := filepath.Base(dir)
	if abs, err := filepath.Abs(dir); err == nil {
		name = filepath.Base(abs)
	}
	p, err := catalogue.Parse(name, file, src)
	if err != nil {
		return p, err
	}
	p.Dir = dir
	if err := checkObserve(file, p); err != nil {
		return p, err
	}
	return p, nil
}

// checkObserve checks that every metric the probe's maplab:observe names
// is one the probe reports: a string literal of its source (probes name
// their metrics as literal keys of the result line's metrics map), so
// that a template cannot wait for a metric no trial will ever report.
func checkObserve(file string, p catalogue.Probe) error {
	names := p.Observe.Metrics()
	if len(names) == 0 {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), file, p.Source, 0)
	if err != nil {
		return err
	}
	lits := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING {
			if s, err := strconv.Unquote(b.Value); err == nil {
				lits[s] = true
			}
		}
		return true
	})
	var missing []string
	for _, m := range names {
		if !lits[m] {
			missing = append(missing, m)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s: maplab:observe names %s, which the probe does not report (no string literal %q in its source); observe only metrics of the probe's result line",
			file, strings.Join(missing, ", "), missing[0])
	}
	return nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func isFile(name string) bool {
	info, err := os.Stat(name)
	return err == nil && info.Mode().IsRegular()
}
