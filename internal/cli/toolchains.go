package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/maplab/maplab/internal/toolchain"
)

func cmdToolchains(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "toolchains", "[-json] [-toolchains list]", `
Toolchains lists the Go toolchains the matrix would use: the go command on
PATH, golang.org/dl SDKs under ~/sdk, distribution installs such as
/usr/lib/go-1.19, gccgo-N drivers on PATH, and versions the go command has
already fetched for GOTOOLCHAIN. For each it shows the kind (gc or gccgo),
the release its standard library comes from, the newest language version,
the target platform, the modes it supports and where it was found.
Toolchains that were looked for and not found are listed with how to add
them.`)
	asJSON := fs.Bool("json", false, "print the toolchains as JSON, for tools")
	only := fs.String("toolchains", e.getenv("MAPLAB_TOOLCHAINS"), "use only these toolchains: comma- or colon-separated go commands, GOROOTs, gccgo drivers or GOTOOLCHAIN versions (default $MAPLAB_TOOLCHAINS, else discover)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("toolchains: unexpected argument %q", fs.Arg(0))
	}
	tcs, hints, err := discover(ctx, e, *only)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(tcs)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
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
			fmt.Fprintf(e.stdout, "%s: race unavailable: %s\n", t.ID, why)
		}
	}
	printHints(e, hints)
	return nil
}

// discover finds toolchains: only the entries of the list when it is not
// empty, else everything discovery can find.
func discover(ctx context.Context, e *env, entries string) ([]toolchain.Toolchain, []toolchain.Hint, error) {
	opt := toolchain.Options{Explicit: list(entries), CacheDir: cacheDir(e, "toolchains")}
	tcs, hints, err := toolchain.Discover(ctx, opt)
	if err != nil {
		return nil, nil, err
	}
	if len(tcs) == 0 {
		return nil, nil, fmt.Errorf("no Go toolchain found: put a go command on PATH or name a toolchain with -toolchains")
	}
	return tcs, hints, nil
}

func printHints(e *env, hints []toolchain.Hint) {
	if len(hints) == 0 {
		return
	}
	fmt.Fprintln(e.stderr, "\nNot found (the table shows them as \"not measured\"):")
	for _, h := range hints {
		fmt.Fprintf(e.stderr, "  %s\n", h)
	}
	fmt.Fprintln(e.stderr, "Releases 1.9 … 1.25 are measured by .github/workflows/matrix.yml.")
}

// cacheDir returns the directory for the named cache: $MAPLAB_CACHE/name,
// else the user cache directory's maplab/name.
func cacheDir(e *env, name string) string {
	if d := e.getenv("MAPLAB_CACHE"); d != "" {
		return filepath.Join(d, name)
	}
	d, err := os.UserCacheDir()
	if err != nil {
		d = os.TempDir()
	}
	return filepath.Join(d, "maplab", name)
}
