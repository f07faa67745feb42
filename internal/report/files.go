package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The files WriteAll writes into its directory.
const (
	MarkdownFile  = "README.md"  // GitHub shows it when browsing the directory
	HTMLFile      = "index.html" // GitHub Pages serves it
	JSONFile      = "compat.json"
	CSVFile       = "compat.csv"
	ClaimsCSVFile = "claims.csv"
	ChartsDir     = "charts" // one SVG per chart: charts/ANCHOR.svg
)

// Files renders every output file of the report, keyed by its path
// relative to the output directory (with forward slashes).
func Files(r Report) (map[string][]byte, error) {
	out := map[string][]byte{}
	for name, render := range map[string]func(*bytes.Buffer, Report) error{
		MarkdownFile:  func(b *bytes.Buffer, r Report) error { return Markdown(b, r) },
		HTMLFile:      func(b *bytes.Buffer, r Report) error { return HTML(b, r) },
		JSONFile:      func(b *bytes.Buffer, r Report) error { return JSON(b, r) },
		CSVFile:       func(b *bytes.Buffer, r Report) error { return CSV(b, r) },
		ClaimsCSVFile: func(b *bytes.Buffer, r Report) error { return ClaimsCSV(b, r) },
		GridCSVFile:   func(b *bytes.Buffer, r Report) error { return GridCSV(b, r) },
	} {
		var b bytes.Buffer
		if err := render(&b, r); err != nil {
			return nil, err
		}
		out[name] = b.Bytes()
	}
	for _, ch := range r.Charts {
		out[ChartsDir+"/"+ch.Anchor+".svg"] = []byte(ChartSVG(ch))
	}
	for _, ch := range r.Performance {
		out[ChartsDir+"/"+ch.Anchor+".svg"] = []byte(PerfChartSVG(ch))
	}
	if len(r.Performance) > 0 || len(r.Memory) > 0 {
		var b bytes.Buffer
		if err := performanceMarkdown(&b, r); err != nil {
			return nil, err
		}
		out[PerformanceFile] = b.Bytes()
	}
	for _, v := range r.Verdicts {
		var b bytes.Buffer
		if err := claimPageMarkdown(&b, r, v); err != nil {
			return nil, err
		}
		out[claimPagePath(v.ID)] = b.Bytes()
	}
	for _, pr := range r.Probes {
		var b bytes.Buffer
		if err := probePageMarkdown(&b, r, pr); err != nil {
			return nil, err
		}
		out[probePagePath(pr.Name)] = b.Bytes()
	}
	return out, nil
}

// WriteAll writes the report into dir: README.md, index.html, compat.json,
// compat.csv, claims.csv, claims-grid.csv, charts/*.svg and the detail
// pages claims/*.md and probes/*.md. Each file is written to a temporary file
// and renamed. Charts and pages in those directories that the report no longer has
// are removed, so the directory matches what Check expects.
func WriteAll(dir string, r Report) error {
	files, err := Files(r)
	if err != nil {
		return err
	}
	for _, sub := range generatedDirs {
		if err := os.MkdirAll(filepath.Join(dir, sub.dir), 0o755); err != nil {
			return fmt.Errorf("writing report: %w", err)
		}
	}
	for _, name := range sortedKeys(files) {
		if err := replaceFile(filepath.Join(dir, filepath.FromSlash(name)), files[name]); err != nil {
			return fmt.Errorf("writing report: %w", err)
		}
	}
	extra, err := extraCharts(dir, files)
	if err != nil {
		return err
	}
	for _, name := range extra {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			return fmt.Errorf("writing report: removing stale file: %w", err)
		}
	}
	return nil
}

// Check compares dir with the report and returns the files that are
// missing, differ, or are charts or pages the report no longer has (paths
// relative to dir, sorted). An empty list means dir is up to date.
func Check(dir string, r Report) ([]string, error) {
	files, err := Files(r)
	if err != nil {
		return nil, err
	}
	var stale []string
	for _, name := range sortedKeys(files) {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		switch {
		case os.IsNotExist(err):
			stale = append(stale, name)
		case err != nil:
			return nil, fmt.Errorf("checking report: %w", err)
		case !bytes.Equal(got, files[name]):
			stale = append(stale, name)
		}
	}
	extra, err := extraCharts(dir, files)
	if err != nil {
		return nil, err
	}
	stale = append(stale, extra...)
	sort.Strings(stale)
	return stale, nil
}

// generatedDirs are the report's subdirectories and the suffix of the
// files it writes there: a file with that suffix the report no longer
// has is stale.
var generatedDirs = []struct{ dir, suffix string }{
	{ChartsDir, ".svg"},
	{ClaimsDir, ".md"},
	{ProbesDir, ".md"},
}

// extraCharts lists the files of the report's subdirectories (charts/*.svg,
// claims/*.md, probes/*.md) that files lacks.
func extraCharts(dir string, files map[string][]byte) ([]string, error) {
	var out []string
	for _, sub := range generatedDirs {
		ents, err := os.ReadDir(filepath.Join(dir, sub.dir))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", filepath.Join(dir, sub.dir), err)
		}
		for _, e := range ents {
			name := sub.dir + "/" + e.Name()
			if e.Type().IsRegular() && strings.HasSuffix(e.Name(), sub.suffix) && files[name] == nil {
				out = append(out, name)
			}
		}
	}
	return out, nil
}

func sortedKeys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// replaceFile replaces the file at path with data through a temporary file
// in the same directory, so a reader sees the old file or the new one.
func replaceFile(path string, data []byte) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// UpdateDigest renders the claims digest of r into the README at path
// (see SpliceDigest) when write is set, or only checks it when not. It
// reports whether the digest was stale. A README that is missing or has no
// DigestBegin marker is left alone: stale is false and err nil.
func UpdateDigest(path string, r Report, write bool) (stale bool, err error) {
	old, err := os.ReadFile(path)
	if os.IsNotExist(err) || err == nil && !bytes.Contains(old, []byte(DigestBegin)) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claims digest: %w", err)
	}
	spliced, err := SpliceDigest(old, r)
	if err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	if bytes.Equal(old, spliced) {
		return false, nil
	}
	if write {
		if err := replaceFile(path, spliced); err != nil {
			return true, fmt.Errorf("writing claims digest: %w", err)
		}
	}
	return true, nil
}
