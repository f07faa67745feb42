// Command mergeresults copies the results trees measured by several jobs or
// machines into one results directory, the same way whatever order the
// trees come in.
//
// Usage:
//
//	mergeresults -into results DIR...
//
// Each DIR is a directory of artifacts: every subdirectory of DIR is one
// artifact (as actions/download-artifact leaves them, DIR/<artifact name>),
// and its whole tree is copied into the -into directory at the same
// relative paths, creating subdirectories (a layout of one directory per
// machine is kept as it is). Hidden files and directories (lock and temporary files) are
// skipped; every *.json file must be a readable results file.
//
// The outcome depends only on the set of artifacts, never on their order:
// two artifacts holding the same relative path with different contents are
// an error naming both (nothing is written then), identical copies are
// written once, and a measured file replaces a file of the same path already
// in the -into directory (the committed results), which is reported. Files
// of the -into directory that no artifact holds are kept.
//
// The exit status is 0 on success, 1 when the trees conflict or cannot be
// read or written, and 2 for a bad command line.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/maplab/maplab/internal/results"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("mergeresults", flag.ContinueOnError)
	fl.SetOutput(stderr)
	into := fl.String("into", "", "results directory to copy the trees into (created if missing)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: mergeresults -into results DIR...")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *into == "" || fl.NArg() == 0 {
		fl.Usage()
		return 2
	}
	plan, err := Plan(fl.Args())
	if err != nil {
		fmt.Fprintf(stderr, "mergeresults: %v\n", err)
		return 1
	}
	n, replaced, err := Apply(*into, plan)
	if err != nil {
		fmt.Fprintf(stderr, "mergeresults: %v\n", err)
		return 1
	}
	for _, r := range replaced {
		fmt.Fprintf(stdout, "mergeresults: %s replaced by the measured file from %s\n", filepath.Join(*into, r.Rel), r.Artifact)
	}
	fmt.Fprintf(stdout, "mergeresults: %d files in %s\n", n, *into)
	return 0
}

// File is one file to copy: its path relative to the artifact's root, the
// artifact it comes from and its contents.
type File struct {
	Rel      string
	Artifact string
	Data     []byte
}

// Plan reads the artifacts under dirs and returns the files to copy, sorted
// by relative path, one per path. Two artifacts with different contents at
// one path are an error.
func Plan(dirs []string) ([]File, error) {
	var roots []string
	for _, d := range dirs {
		rs, err := artifactRoots(d)
		if err != nil {
			return nil, err
		}
		roots = append(roots, rs...)
	}
	sort.Strings(roots)
	byRel := map[string]File{}
	var conflicts []string
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if !d.Type().IsRegular() {
				return fmt.Errorf("%s: not a regular file", p)
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if strings.HasSuffix(p, ".json") {
				if _, err := results.Decode(p, data); err != nil {
					return err
				}
			}
			f := File{Rel: filepath.ToSlash(rel), Artifact: root, Data: data}
			if prev, ok := byRel[f.Rel]; ok {
				if !bytes.Equal(prev.Data, data) {
					conflicts = append(conflicts, fmt.Sprintf("%s differs between %s and %s", f.Rel, prev.Artifact, root))
				}
				return nil
			}
			byRel[f.Rel] = f
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(conflicts) > 0 {
		sort.Strings(conflicts)
		return nil, fmt.Errorf("artifacts disagree, nothing written (measure each file on one job only):\n\t%s", strings.Join(conflicts, "\n\t"))
	}
	files := make([]File, 0, len(byRel))
	for _, f := range byRel {
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Rel < files[j].Rel })
	if len(files) == 0 {
		return nil, fmt.Errorf("no files in %s", strings.Join(dirs, ", "))
	}
	return files, nil
}

// artifactRoots returns the artifacts of dir: its subdirectories that are
// not hidden. A file directly in dir belongs to no artifact and is an error.
func artifactRoots(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var roots []string
	for _, e := range ents {
		switch {
		case strings.HasPrefix(e.Name(), "."):
		case e.IsDir():
			roots = append(roots, filepath.Join(dir, e.Name()))
		default:
			return nil, fmt.Errorf("%s: a file outside any artifact directory; give the directory that holds one directory per artifact", filepath.Join(dir, e.Name()))
		}
	}
	if len(roots) == 0 {
		return nil, fmt.Errorf("%s: no artifact directories in it", dir)
	}
	return roots, nil
}

// Apply writes files into dir and returns how many it wrote and which of
// them replaced a different file already there.
func Apply(dir string, files []File) (int, []File, error) {
	var replaced []File
	for _, f := range files {
		dst := filepath.Join(dir, filepath.FromSlash(f.Rel))
		old, err := os.ReadFile(dst)
		switch {
		case err == nil && bytes.Equal(old, f.Data):
			continue
		case err == nil:
			replaced = append(replaced, f)
		case !errors.Is(err, fs.ErrNotExist):
			return 0, nil, err
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return 0, nil, err
		}
		tmp := filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".merge")
		if err := os.WriteFile(tmp, f.Data, 0o644); err != nil {
			return 0, nil, err
		}
		if err := os.Rename(tmp, dst); err != nil {
			return 0, nil, err
		}
	}
	return len(files), replaced, nil
}
