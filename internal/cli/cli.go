// Package cli implements the matrix command: its subcommands, flags,
// messages and exit statuses. Main is called by matrix/main.go and, in
// process, by the testscript suite.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	// exitInterrupted follows the shell convention for SIGINT.
	exitInterrupted = 130
)

// usageError is a mistake in the command line; Main prints it with a hint
// to -h and exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...interface{}) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// errInterrupted reports that the run stopped on a signal after keeping
// what it had finished.
var errInterrupted = errors.New("interrupted")

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, inv *invocation, args []string) error
}

// invocation is one run of the matrix command: the streams, environment and
// repository root every command works with. Main builds it from what it is
// given.
type invocation struct {
	stdout, stderr io.Writer
	// environ is the process environment (os.Environ's form); commands
	// read it through getenv and pass it on, never the process's own.
	environ []string
	// root is the repository root: probes/ and the default output
	// directories are relative to it.
	root string
}

// getenv returns the value of the variable key in inv.environ, or "".
func (inv *invocation) getenv(key string) string {
	for i := len(inv.environ) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(inv.environ[i], key+"="); ok {
			return v
		}
	}
	return ""
}

// commands is kept sorted by name; update the package doc and README too.
var commands = []command{
	{"all", "the main job (the default): run, then render the report into docs/", cmdAll},
	{"check", "validate results files, such as one measured on another machine", cmdCheck},
	{"help", "explain the commands", nil},
	{"install", "install a Go release with golang.org/dl so discovery finds it", cmdInstall},
	{"report", "render the compatibility report from results files", cmdReport},
	{"run", "build and run probes on toolchains, writing results files", cmdRun},
	{"toolchains", "list the Go toolchains found on this machine", cmdToolchains},
}

// Main runs the matrix command with args (without the program name) and
// returns its exit status.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	inv := &invocation{stdout: stdout, stderr: stderr, environ: os.Environ(), root: findRoot()}
	err := dispatch(ctx, inv, args)
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errFindings):
		return exitFailure
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "matrix: %v\n(run \"go run ./matrix help\" for usage)\n", err)
		return exitUsage
	case errors.Is(err, errInterrupted):
		fmt.Fprintln(stderr, "matrix: interrupted; finished cells are saved, run the same command again to resume")
		return exitInterrupted
	default:
		fmt.Fprintf(stderr, "matrix: %v\n", err)
		return exitFailure
	}
}

func dispatch(ctx context.Context, inv *invocation, args []string) error {
	if len(args) == 0 {
		return cmdAll(ctx, inv, nil)
	}
	name, rest := args[0], args[1:]
	if name == "help" || name == "-h" || name == "-help" || name == "--help" {
		return help(inv, rest)
	}
	if strings.HasPrefix(name, "-") {
		// Flags without a command are the main job's: go run ./matrix -probes x.
		return cmdAll(ctx, inv, args)
	}
	for _, c := range commands {
		if c.name == name && c.run != nil {
			return c.run(ctx, inv, rest)
		}
	}
	return usagef("unknown command %q (valid: %s)", name, commandNames())
}

func commandNames() string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}

func help(inv *invocation, args []string) error {
	if len(args) == 1 {
		for _, c := range commands {
			if c.name == args[0] && c.run != nil {
				return c.run(context.Background(), inv, []string{"-h"})
			}
		}
		return usagef("unknown command %q (valid: %s)", args[0], commandNames())
	}
	fmt.Fprint(inv.stdout, `matrix measures what Go toolchains really do when programs misuse maps.

Usage:
  go run ./matrix [flags]         run every probe on every toolchain found, then render the report (command all)
  go run ./matrix <command> [flags]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(inv.stdout, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprint(inv.stdout, `
Run "go run ./matrix help <command>" (or "<command> -h") for a command's flags.

Environment:
  MAPLAB_TOOLCHAINS  toolchains to use instead of discovering them: comma- or
                     colon-separated go commands, GOROOTs, gccgo drivers or
                     versions the go command can fetch (e.g. go1.27.3)
  MAPLAB_CACHE       build cache directory (default: the user cache dir/maplab)
`)
	return nil
}

// flagSet is a flag set whose -h prints the command's usage, an
// explanation and every flag, and whose parse errors are short usage errors.
type flagSet struct {
	*flag.FlagSet
	usage func()
}

// newFlags returns the flag set of a command.
func newFlags(inv *invocation, name, args, about string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	usage := func() {
		fmt.Fprintf(inv.stderr, "usage: go run ./matrix %s %s\n\n%s\n\nFlags:\n", name, args, strings.TrimSpace(about))
		fs.SetOutput(inv.stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return &flagSet{fs, usage}
}

// parse parses args and turns flag errors into usage errors. Flags may
// follow positional arguments ("report results -out docs"); fs.Args() then
// holds the positional arguments only. "--" ends the flags.
func parse(fs *flagSet, args []string) error {
	var positional []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fs.usage()
			return err
		}
		if err != nil {
			return usagef("%s: %v", fs.Name(), err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	return fs.FlagSet.Parse(append([]string{"--"}, positional...))
}

// list splits a comma- or colon-separated flag value.
func list(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == filepath.ListSeparator }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// findRoot returns the repository root: the nearest directory upwards from
// the working directory holding probes/ and go.mod, or the working
// directory itself.
func findRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for d := wd; ; d = filepath.Dir(d) {
		if fileExists(filepath.Join(d, "go.mod")) && fileExists(filepath.Join(d, "probes")) {
			return d
		}
		if filepath.Dir(d) == d {
			return wd
		}
	}
}

// abs resolves a path given on the command line against the repository
// root, so that the default paths work from any directory inside it.
func (inv *invocation) abs(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(inv.root, p)
}

// userPath makes a path the user typed absolute against the working
// directory, as every command-line tool does.
func (inv *invocation) userPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// outPath resolves an output directory flag: a path the user gave (set)
// is relative to the working directory, however it is spelled ("results",
// "./results"); the default is relative to the repository root.
func (inv *invocation) outPath(p string, set bool) string {
	if set {
		return inv.userPath(p)
	}
	return inv.abs(p)
}

// isRepoDocs reports whether the directory out, an absolute path, is the
// repository's docs/, however it is spelled.
func (inv *invocation) isRepoDocs(out string) bool {
	return filepath.Clean(out) == filepath.Clean(inv.abs("docs"))
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
