package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/maplab/maplab/internal/report"
	"github.com/maplab/maplab/internal/toolchain"
)

func cmdToolchains(ctx context.Context, inv *invocation, args []string) error {
	fs := newFlags(inv, "toolchains", "[-json] [-toolchains list]", `
Toolchains lists the Go toolchains the matrix would use: the go command on
PATH, golang.org/dl SDKs under ~/sdk, distribution installs such as
/usr/lib/go-1.19, gccgo-N drivers on PATH, and versions the go command has
already fetched for GOTOOLCHAIN. For each it shows the kind (gc or gccgo),
the release its standard library comes from, the newest language version,
the target platform, the modes it supports and where it was found.
Toolchains that were looked for and not found are listed with how to add
them.`)
	asJSON := fs.Bool("json", false, "print the toolchains as JSON, for tools")
	only := fs.String("toolchains", inv.getenv(toolchain.EnvVar), toolchainsUsage)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("toolchains: unexpected argument %q", fs.Arg(0))
	}
	tcs, hints, err := selectToolchains(ctx, inv, *only, isSet(fs.FlagSet, "toolchains"))
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(inv.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(tcs)
	}
	tw := tabwriter.NewWriter(inv.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tRELEASE\tLANG\tPLATFORM\tMODES\tFOUND VIA\tPATH")
	for _, t := range tcs {
		var modes []string
		for _, m := range t.Modes {
			modes = append(modes, string(m))
		}
		lang := t.Lang
		if lang == "" {
			lang = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s/%s\t%s\t%s\t%s\n", t.ID, t.Kind, t.Release, lang, t.GOOS, t.GOARCH, strings.Join(modes, ","), t.Source, t.Path)
	}
	tw.Flush()
	for _, t := range tcs {
		if why, ok := t.Unavailable[toolchain.Race]; ok {
			fmt.Fprintf(inv.stdout, "%s: race unavailable: %s\n", t.ID, why)
		}
	}
	printHints(inv, hints)
	return nil
}

// toolchainsUsage explains the -toolchains flag of every command that has
// one; selectToolchains reads it.
const toolchainsUsage = "toolchains to use: IDs shown by \"matrix toolchains\", go commands, GOROOTs, gccgo drivers or GOTOOLCHAIN versions, comma- or colon-separated (default $MAPLAB_TOOLCHAINS, else every toolchain found)"

// selectToolchains is how every command chooses its toolchains. entries
// is the -toolchains list (fromFlag) or else $MAPLAB_TOOLCHAINS: each entry
// is an ID "matrix toolchains" shows, such as gccgo12-go1.18, or anything
// toolchain.Entry accepts (a go command, GOROOT, gccgo driver or release).
// An empty list selects every toolchain discovery finds, with hints about
// the well-known ones it did not find. An entry that names nothing is a
// usage error.
func selectToolchains(ctx context.Context, inv *invocation, entries string, fromFlag bool) ([]toolchain.Toolchain, []toolchain.Hint, error) {
	source := toolchain.EnvVar
	if fromFlag {
		source = "-toolchains"
	}
	cache, err := cacheDir(inv, "toolchains")
	if err != nil {
		return nil, nil, err
	}
	opt := toolchain.Options{
		Explicit:       toolchain.SplitList(entries),
		ExplicitSource: source,
		// The list is entries alone: -toolchains "" searches even when
		// MAPLAB_TOOLCHAINS is set.
		Environ:  withoutVar(inv.environ, toolchain.EnvVar),
		CacheDir: cache,
	}
	tcs, hints, err := toolchain.Discover(ctx, opt)
	var unknown *toolchain.UnknownError
	if errors.As(err, &unknown) {
		return nil, nil, usageError{err.Error()}
	}
	if err != nil {
		return nil, nil, err
	}
	if len(tcs) == 0 {
		return nil, nil, fmt.Errorf("no Go toolchain found: put a go command on PATH or name a toolchain with -toolchains")
	}
	return tcs, hints, nil
}

// withoutVar returns environ without the variable key.
func withoutVar(environ []string, key string) []string {
	var out []string
	for _, kv := range environ {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return out
}

func printHints(inv *invocation, hints []toolchain.Hint) {
	if len(hints) == 0 {
		return
	}
	fmt.Fprintln(inv.stderr, "\nNot found (the table shows them as \"not measured\"):")
	for _, h := range hints {
		fmt.Fprintf(inv.stderr, "  %s\n", h)
	}
	fmt.Fprintf(inv.stderr, "Every Go release from %s on is measured by .github/workflows/matrix.yml.\n", report.FirstRelease)
}

// cacheDir returns the directory for the named cache: $MAPLAB_CACHE/name,
// else maplab/name in the user cache directory.
func cacheDir(inv *invocation, name string) (string, error) {
	if d := inv.getenv("MAPLAB_CACHE"); d != "" {
		return filepath.Join(d, name), nil
	}
	d, err := userCacheDir(runtime.GOOS, inv.getenv)
	if err != nil {
		return "", fmt.Errorf("finding a cache directory: %w; set MAPLAB_CACHE to one", err)
	}
	return filepath.Join(d, "maplab", name), nil
}

// userCacheDir is os.UserCacheDir for the operating system goos, reading
// the environment through getenv.
func userCacheDir(goos string, getenv func(string) string) (string, error) {
	var dir, from string
	switch goos {
	case "windows":
		dir, from = getenv("LocalAppData"), "%LocalAppData% is not defined"
	case "darwin", "ios":
		dir, from = getenv("HOME"), "$HOME is not defined"
		if dir != "" {
			dir = filepath.Join(dir, "Library", "Caches")
		}
	case "plan9":
		dir, from = getenv("home"), "$home is not defined"
		if dir != "" {
			dir = filepath.Join(dir, "lib", "cache")
		}
	default:
		dir, from = getenv("XDG_CACHE_HOME"), "neither $XDG_CACHE_HOME nor $HOME is defined"
		if dir == "" || !filepath.IsAbs(dir) {
			dir = ""
			if home := getenv("HOME"); home != "" {
				dir = filepath.Join(home, ".cache")
			}
		}
	}
	if dir == "" {
		return "", errors.New(from)
	}
	return dir, nil
}
