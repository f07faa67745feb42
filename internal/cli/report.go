package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/claims"
	"github.com/maplab/maplab/internal/report"
	"github.com/maplab/maplab/internal/results"
)

// reportFlags are the flags of "report".
type reportFlags struct {
	out   string
	check bool
}

func cmdReport(ctx context.Context, inv *invocation, args []string) error {
	fs := newFlags(inv, "report", "[-out dir] [-check] [results files or directories...]", `
Report merges results files (from this machine, other machines or CI jobs;
default: every machine directory under results/, results/<machine>/*.json)
and renders the compatibility report:
README.md (Markdown), index.html (one self-contained page), compat.json,
compat.csv and charts/*.svg, with what changed between adjacent releases
and a verdict for every claim in claims/claims.json. A release without
results is shown as "not measured", never inferred.

With -check nothing is written: the command fails if the output directory
differs from what the results would render (CI uses it to keep docs/ in
step with results/).`)
	var f reportFlags
	fs.StringVar(&f.out, "out", "docs", "directory to write the report into")
	fs.BoolVar(&f.check, "check", false, "write nothing; fail if the output directory is stale relative to the results")
	if err := parse(fs, args); err != nil {
		return err
	}
	inputs := fs.Args()
	for i, in := range inputs {
		inputs[i] = inv.userPath(in)
	}
	if len(inputs) == 0 {
		root := inv.abs("results")
		if err := results.CheckLayout(root); err != nil {
			return err
		}
		inputs = []string{root}
	}
	f.out = inv.outPath(f.out, isSet(fs.FlagSet, "out"))
	return renderReport(inv, f, inputs)
}

// renderReport renders the report of the results in inputs into f.out, or checks
// that f.out is up to date.
func renderReport(inv *invocation, f reportFlags, inputs []string) error {
	files, err := results.ReadAll(inputs...)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no results files in %s: run \"go run ./matrix run\" first", strings.Join(inputs, ", "))
	}
	merged, warnings := results.Merge(files)
	for _, w := range warnings {
		fmt.Fprintf(inv.stderr, "warning: %s\n", w)
	}
	probes, err := catalogue.Load(filepath.Join(inv.root, "probes"))
	if err != nil {
		return err
	}
	in := report.Input{Files: merged, Claims: claims.Embedded(), SourceURL: "../probes/"}
	for _, p := range probes {
		in.Probes = append(in.Probes, report.ProbeInfo{
			Name: p.Name, Title: p.Title, Minimum: p.Minimum, Modes: p.Modes,
			Langs: p.Langs, Claims: p.Claims, Hash: p.Hash, BuildOutcome: p.BuildOutcome(),
			Timing: p.Timing(), Observe: p.Observe,
		})
	}
	r, rw := report.Build(in)
	for _, w := range rw {
		fmt.Fprintf(inv.stderr, "warning: %s\n", w)
	}
	out := inv.abs(f.out)
	shown := rel(inv, out)
	var shownIn []string
	for _, in := range inputs {
		shownIn = append(shownIn, rel(inv, in))
	}
	// The repository's own docs/ come with the claims digest on the front
	// page (README.md, between report.DigestBegin and DigestEnd); a report
	// rendered anywhere else, or a README without the markers, is left
	// alone.
	readme := ""
	if inv.isRepoDocs(out) {
		readme = filepath.Join(inv.root, "README.md")
	}
	if f.check {
		stale, err := report.Check(out, r)
		if err != nil {
			return err
		}
		if readme != "" {
			digestStale, err := report.UpdateDigest(readme, r, false)
			if err != nil {
				return err
			}
			if digestStale {
				stale = append(stale, rel(inv, readme)+" (its claims digest)")
			}
		}
		if len(stale) > 0 {
			return fmt.Errorf("%s is stale relative to %s: %s differ; run \"go run ./matrix report -out %s %s\" and commit the result",
				shown, strings.Join(shownIn, " "), strings.Join(stale, ", "), shown, strings.Join(shownIn, " "))
		}
		fmt.Fprintf(inv.stderr, "%s is up to date with %s\n", shown, strings.Join(shownIn, " "))
		return nil
	}
	if err := report.WriteAll(out, r); err != nil {
		return err
	}
	if readme != "" {
		updated, err := report.UpdateDigest(readme, r, true)
		if err != nil {
			return err
		}
		if updated {
			fmt.Fprintf(inv.stderr, "claims digest updated in %s\n", rel(inv, readme))
		}
	}
	fmt.Fprintf(inv.stderr, "report written to %s (README.md, index.html, compat.json, compat.csv)\n", shown)
	return nil
}
