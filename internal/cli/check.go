package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/maplab/maplab/internal/catalogue"
	"github.com/maplab/maplab/internal/results"
)

// errFindings reports that check printed problems.
var errFindings = errors.New("check found problems")

func cmdCheck(ctx context.Context, inv *invocation, args []string) error {
	fs := newFlags(inv, "check", "[results files or directories...]", `
Check validates results files before they are submitted or published,
typically a file measured on another machine, such as
results/<machine>/go1.12.17.json from
"go run ./matrix run -toolchains /path/to/go1.12/bin/go". It reads each
file strictly (schema version, machine fields and their machine ID, cells
whose tallies add up) and then checks that the toolchain fields agree with
each other and with the machine, that the file is kept in its machine's
directory under its toolchain's name, and that every cell was measured
with the current source of a probe in probes/: a stale cell would be left
out of the report, so it is reported here.

Each problem is one line, file:field: problem: fix. The exit status is 0
when every file is good, 1 otherwise. Default: every file under results/.`)
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
	probes, err := catalogue.Load(filepath.Join(inv.root, "probes"))
	if err != nil {
		return err
	}
	current := map[string]string{}
	for _, p := range probes {
		current[p.Name] = p.Hash
	}
	paths, err := checkPaths(inputs)
	if err != nil {
		return err
	}
	bad := 0
	for _, p := range paths {
		shown := rel(inv, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("reading results: %w", err)
		}
		f, err := results.Decode(shown, data)
		if err != nil {
			fmt.Fprintln(inv.stdout, err)
			bad++
			continue
		}
		findings := results.Check(p, f, current)
		for _, fd := range findings {
			fmt.Fprintln(inv.stdout, fd.Format(shown))
		}
		if len(findings) > 0 {
			bad++
			continue
		}
		fmt.Fprintf(inv.stderr, "%s: ok: %s on %s, cells: %d\n", shown, f.Toolchain.ID, f.Env.MachineID, len(f.Cells))
	}
	if bad > 0 {
		fmt.Fprintf(inv.stderr, "%d of %d files have problems\n", bad, len(paths))
		return errFindings
	}
	return nil
}

// checkPaths lists the results files named by inputs, as ReadAll would
// read them, without reading them.
func checkPaths(inputs []string) ([]string, error) {
	var out []string
	for _, in := range inputs {
		fi, err := os.Stat(in)
		if err != nil {
			return nil, fmt.Errorf("reading results: %w", err)
		}
		if !fi.IsDir() {
			out = append(out, in)
			continue
		}
		direct, err := filepath.Glob(filepath.Join(in, "*.json"))
		if err != nil {
			return nil, err
		}
		nested, err := filepath.Glob(filepath.Join(in, "*", "*.json"))
		if err != nil {
			return nil, err
		}
		for _, p := range append(direct, nested...) {
			if !hidden(p, in) {
				out = append(out, p)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no results files in %v", inputs)
	}
	return out, nil
}

// hidden reports whether p, below dir, has a path element starting with ".".
func hidden(p, dir string) bool {
	r, err := filepath.Rel(dir, p)
	if err != nil {
		return false
	}
	for d := r; d != "." && d != string(filepath.Separator); d = filepath.Dir(d) {
		if b := filepath.Base(d); len(b) > 0 && b[0] == '.' {
			return true
		}
	}
	return false
}
