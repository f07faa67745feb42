package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/maplab/maplab/internal/jsonpos"
	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/toolchain"
)

// The fixes error messages suggest. Only a file that looks like one the lab
// wrote (see looksLikeResults) is ever called deletable: a file the user
// named by mistake, such as /etc/passwd, gets fixForeign.
const (
	fixRerun   = "delete it and re-run `go run ./matrix run`"
	fixVersion = "re-run `go run ./matrix run` or use a matching maplab"
	fixNewer   = "written by another maplab version? use a matching maplab, or delete it and re-run `go run ./matrix run`"
	fixForeign = "not a maplab results file? pass only files written by `matrix run`"
	fixMachine = "edited by hand? re-run `go run ./matrix run`, which records the machine"
	fixCommit  = "edited by hand? re-run `go run ./matrix run`, which records the maplab commit"
	// fixNoMachine is the fix for files of schema 2 and older, which do
	// not say which machine measured them.
	fixNoMachine = "the file does not say which machine measured it; remove it and run `go run ./matrix`, which measures this machine into results/<machine>/"
)

// String returns the key as "probe/mode", "probe/mode/lang", with
// "@gomaxprocs=N" appended when the cell ran at a set GOMAXPROCS.
func (k Key) String() string {
	s := k.Probe + "/" + string(k.Mode)
	if k.Lang != "" {
		s += "/" + k.Lang
	}
	if k.Procs != 0 {
		s += fmt.Sprintf("@gomaxprocs=%d", k.Procs)
	}
	return s
}

// FileName returns the name of the results file for tc: its id followed by
// ".json", with every character other than letters, digits and "._+-"
// replaced by "_" and a leading "." replaced by "_", so the name is a
// single, visible path element.
func FileName(tc toolchain.Toolchain) string {
	id := tc.ID
	if id == "" {
		id = "unknown"
	}
	b := []byte(id)
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '.' || c == '_' || c == '+' || c == '-':
		default:
			b[i] = '_'
		}
	}
	if b[0] == '.' {
		b[0] = '_'
	}
	return string(b) + ".json"
}

// writeMu serializes Write calls within the process; across processes the
// output directory's Lock keeps writers apart.
var writeMu sync.Mutex

// tempName returns the name of the temporary file Write uses for path. It is
// hidden and does not end in ".json", so ReadAll never reads it.
func tempName(path string) string {
	dir, base := filepath.Split(path)
	return filepath.Join(dir, "."+base+".tmp")
}

// Write stores f at path atomically: it writes the JSON to a temporary file
// in the same directory, syncs it and renames it over path, so a reader sees
// either the old file or the new one, never a partial one. A temporary file
// left by an interrupted Write is replaced.
//
// Write sets the schema version, sorts the cells by key and each cell's
// tallies most frequent first, gives the file UnknownCommit when it has no
// Env.MaplabCommit and every cell without a MaplabCommit the file's, sets
// Env.MaplabVersion to the commit's short form, and refuses a file that
// Read would refuse.
// Callers writing into a shared directory from several processes must hold
// the directory's Lock.
func Write(path string, f File) error {
	data, err := encode(f)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}

	writeMu.Lock()
	defer writeMu.Unlock()
	tmp := tempName(path)
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("writing %s: removing leftover temporary file: %w", path, err)
	}
	fh, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	_, err = fh.Write(data)
	if err == nil {
		err = fh.Sync()
	}
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// encode returns the content Write stores for f.
func encode(f File) ([]byte, error) {
	f.Schema = SchemaVersion
	f.Cells = normalized(f.Cells)
	fillCommits(&f)
	if p := validate(f); p != nil {
		return nil, fmt.Errorf("invalid results: %s", p.what)
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// fillCommits gives f and its cells their commits, as Write documents.
func fillCommits(f *File) {
	if f.Env.MaplabCommit.IsZero() {
		f.Env.MaplabCommit = UnknownCommit
	}
	f.Env.MaplabVersion = f.Env.MaplabCommit.String()
	for i := range f.Cells {
		if f.Cells[i].MaplabCommit.IsZero() {
			f.Cells[i].MaplabCommit = f.Env.MaplabCommit
		}
	}
}

// upgrade turns a File of schema oldestUpgraded into one of SchemaVersion
// (see SchemaVersion). Its cells' commits are unknown: a file of schema 3
// named the version of the last run that wrote it, not of the runs that
// measured its cells.
func upgrade(f *File) {
	f.Env.MaplabCommit = commitFromVersion(f.Env.MaplabVersion)
	f.Env.MaplabVersion = f.Env.MaplabCommit.String()
	for i := range f.Cells {
		f.Cells[i].MaplabCommit = UnknownCommit
	}
}

// RemoveTemp removes the temporary file that a Write of path interrupted
// by a kill left behind, if there is one. Callers writing into a shared
// directory from several processes must hold the directory's Lock.
func RemoveTemp(path string) error {
	writeMu.Lock()
	defer writeMu.Unlock()
	if err := os.Remove(tempName(path)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s: removing the temporary file of an interrupted write: %w", path, err)
	}
	return nil
}

// syncDir makes a rename in dir durable where the file system supports it.
// Failure only weakens durability after a power loss, so it is ignored.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}

// normalized returns a copy of cells sorted by key, each with its tallies
// sorted most frequent first (ties in report order of the kinds, then by
// reason). Empty lists are non-nil, so they are written as [], not null.
func normalized(cells []Cell) []Cell {
	out := make([]Cell, len(cells))
	copy(out, cells)
	for i := range out {
		out[i].Tallies = append([]Tally{}, out[i].Tallies...)
		sortTallies(out[i].Tallies)
	}
	sortCells(out)
	return out
}

func sortCells(cells []Cell) {
	sort.SliceStable(cells, func(i, j int) bool {
		a, b := cells[i].Key(), cells[j].Key()
		if a.Probe != b.Probe {
			return a.Probe < b.Probe
		}
		if a.Mode != b.Mode {
			return a.Mode < b.Mode
		}
		if a.Lang != b.Lang {
			return a.Lang < b.Lang
		}
		return a.Procs < b.Procs
	})
}

func sortTallies(ts []Tally) {
	rank := func(k outcome.Kind) int {
		for i, x := range outcome.Order {
			if x == k {
				return i
			}
		}
		return len(outcome.Order)
	}
	sort.SliceStable(ts, func(i, j int) bool {
		a, b := ts[i], ts[j]
		if a.K != b.K {
			return a.K > b.K
		}
		if ra, rb := rank(a.Kind), rank(b.Kind); ra != rb {
			return ra < rb
		}
		return a.Reason < b.Reason
	})
}

// Read reads and checks the results file at path. See Decode for the checks.
func Read(path string) (File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return File{}, fmt.Errorf("reading results: %w", err)
	}
	return Decode(path, data)
}

// Decode parses the content of a results file; name is used in error
// messages. It is strict: an empty or truncated file, invalid JSON, a field
// this version does not know, a schema version other than SchemaVersion, a
// toolchain without id, an env without date, an unknown outcome kind, a
// duplicate cell or tallies that do not add up to the cell's n are errors.
// A file of schema version 3 is upgraded (see SchemaVersion); the returned
// File keeps the version it was read with.
// Each error names the file (and the position, for JSON errors), the problem
// and a fix. The returned cells are sorted by key.
func Decode(name string, data []byte) (File, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		// Write replaces files atomically: it never leaves an empty one.
		return File{}, fmt.Errorf("%s: empty file: %s", name, fixForeign)
	}
	// Read the schema version first, leniently: a file of another version
	// may well have fields this version does not know.
	var head struct {
		Schema *int `json:"schema"`
	}
	if err := decodeOne(data, &head, false); err != nil {
		return File{}, jsonError(name, data, err)
	}
	if head.Schema == nil {
		return File{}, fmt.Errorf("%s: no schema version: %s", name, fixForeign)
	}
	if *head.Schema < oldestUpgraded {
		return File{}, fmt.Errorf("%s: schema version %d, this maplab reads %d to %d: %s", name, *head.Schema, oldestUpgraded, SchemaVersion, fixNoMachine)
	}
	if *head.Schema > SchemaVersion {
		return File{}, fmt.Errorf("%s: schema version %d, this maplab reads %d to %d: %s", name, *head.Schema, oldestUpgraded, SchemaVersion, fixVersion)
	}
	var f File
	if err := decodeOne(data, &f, true); err != nil {
		return File{}, jsonError(name, data, err)
	}
	if f.Schema < SchemaVersion {
		upgrade(&f)
	}
	if p := validate(f); p != nil {
		return File{}, fmt.Errorf("%s: %s: %s", name, p.what, p.fix)
	}
	sortCells(f.Cells)
	return f, nil
}

// errTrailing reports data after the top-level JSON value.
type errTrailing struct{ offset int64 }

func (e errTrailing) Error() string { return "data after the results object" }

// decodeOne decodes the single JSON value in data into v.
func decodeOne(data []byte, v any, strict bool) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return err
	}
	off := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		rest := data[off:]
		return errTrailing{off + int64(len(rest)-len(bytes.TrimLeft(rest, " \t\r\n")))}
	}
	return nil
}

// jsonError turns an error from encoding/json into a message naming the file,
// the position where known, the problem and a fix.
func jsonError(name string, data []byte, err error) error {
	fix := fixRerun
	if !looksLikeResults(data) {
		fix = fixForeign
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var trailing errTrailing
	var badTime *time.ParseError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: truncated JSON (the file ends after %d bytes, inside the results object): %s", name, len(data), fix)
	case errors.As(err, &syntax):
		return fmt.Errorf("%s:%s: invalid JSON: %v: %s", name, jsonpos.Position(data, syntax.Offset), syntax, fix)
	case errors.As(err, &typ):
		return fmt.Errorf("%s:%s: field %s: JSON %s cannot be a Go %s: %s", name, jsonpos.Position(data, typ.Offset), typ.Field, typ.Value, typ.Type, fix)
	case errors.As(err, &trailing):
		return fmt.Errorf("%s:%s: %v: %s", name, jsonpos.Position(data, trailing.offset), trailing, fix)
	case errors.As(err, &badTime):
		return fmt.Errorf("%s:%s: invalid time %q: want RFC 3339, such as 2025-01-02T03:04:05Z: %s", name, findString(data, badTime.Value), badTime.Value, fix)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json gives no position for this error: report the first
		// key with that name.
		field := strings.TrimPrefix(err.Error(), "json: unknown field ")
		at := ""
		if i := bytes.Index(data, []byte(field+":")); i >= 0 {
			at = jsonpos.Position(data, int64(i)) + ":"
		} else if i := bytes.Index(data, []byte(field)); i >= 0 {
			at = jsonpos.Position(data, int64(i)) + ":"
		}
		return fmt.Errorf("%s:%s unknown field %s: %s", name, at, field, fixNewer)
	}
	return fmt.Errorf("%s: invalid results: %v: %s", name, err, fix)
}

// looksLikeResults reports whether data, which does not decode, still looks
// like a results file the lab wrote (a JSON object with a "schema" key),
// damaged since: only then is deleting it and measuring again the fix.
func looksLikeResults(data []byte) bool {
	return bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) && bytes.Contains(data, []byte(`"schema"`))
}

// findString returns the position of the first JSON string with value s,
// or "?" if there is none.
func findString(data []byte, s string) string {
	quoted, _ := json.Marshal(s)
	if i := bytes.Index(data, quoted); i >= 0 {
		return jsonpos.Position(data, int64(i))
	}
	return "?"
}

// ReadAll reads the results files named by paths. A directory stands for
// the *.json files directly inside it, or, for a results root such as
// results/, the *.json files of each of its machine directories
// (results/<machine>/*.json), in name order; hidden files, such as Write's
// temporary files, are skipped. Files keep the order of paths. A file named
// twice is read once. An empty directory yields no files and no error. A
// directory holding both *.json files and machine directories is the old
// flat layout beside the new one, and an error (see CheckLayout).
//
// ReadAll refuses files of different schema versions with an error naming
// two of them, before reporting any other problem, unless Decode upgrades
// both to SchemaVersion (versions oldestUpgraded to SchemaVersion): the
// files it returns are then all of one version.
func ReadAll(paths ...string) ([]File, error) {
	var names []string
	seen := make(map[string]bool)
	add := func(name string) {
		if clean := filepath.Clean(name); !seen[clean] {
			seen[clean] = true
			names = append(names, name)
		}
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("reading results: %w", err)
		}
		if !fi.IsDir() {
			add(p)
			continue
		}
		direct, subdirs, err := jsonFiles(p)
		if err != nil {
			return nil, err
		}
		var nested []string
		for _, sub := range subdirs {
			files, _, err := jsonFiles(sub)
			if err != nil {
				return nil, err
			}
			nested = append(nested, files...)
		}
		if len(direct) > 0 && len(nested) > 0 {
			return nil, flatError(direct[0], p)
		}
		for _, n := range append(direct, nested...) {
			add(n)
		}
	}

	datas := make([][]byte, len(names))
	// The versions Decode upgrades are one family; any other version is
	// its own.
	family := func(v int) int {
		if readable(v) {
			return SchemaVersion
		}
		return v
	}
	firstOf := make(map[int]int) // family -> index of first file in it
	for i, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("reading results: %w", err)
		}
		datas[i] = data
		v := schemaOf(data)
		if v == nil {
			continue // Decode reports it below
		}
		if _, ok := firstOf[family(*v)]; !ok {
			firstOf[family(*v)] = i
		}
		for w, j := range firstOf {
			if w != family(*v) {
				return nil, fmt.Errorf("%s: schema version %d, but %s has schema version %d: files from different maplab versions cannot be read together; re-run `go run ./matrix run` for the older ones with one maplab",
					names[j], *schemaOf(datas[j]), name, *v)
			}
		}
	}

	files := make([]File, 0, len(names))
	for i, name := range names {
		f, err := Decode(name, datas[i])
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// readable reports whether Decode reads files of schema version v.
func readable(v int) bool { return oldestUpgraded <= v && v <= SchemaVersion }

// schemaOf returns the schema version of a results file's content, or nil.
func schemaOf(data []byte) *int {
	var head struct {
		Schema *int `json:"schema"`
	}
	if json.Unmarshal(data, &head) != nil {
		return nil
	}
	return head.Schema
}

// jsonFiles returns the paths of the visible *.json files directly in dir
// and of its visible subdirectories, each in name order.
func jsonFiles(dir string) (files, subdirs []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("reading results: %w", err)
	}
	for _, e := range entries { // sorted by name
		n := e.Name()
		switch {
		case strings.HasPrefix(n, "."):
		case e.IsDir():
			subdirs = append(subdirs, filepath.Join(dir, n))
		case strings.HasSuffix(n, ".json"):
			files = append(files, filepath.Join(dir, n))
		}
	}
	return files, subdirs, nil
}

// CheckLayout checks that root, a results directory such as results/, holds
// no results file directly: since schema 3 each machine's files live in
// their own directory, root/<machine id>/<toolchain>.json. A missing root is
// no error.
func CheckLayout(root string) error {
	files, _, err := jsonFiles(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(files) > 0 {
		return flatError(files[0], root)
	}
	return nil
}

// flatError reports a results file directly in the results directory root.
func flatError(file, root string) error {
	d := displayDir(root)
	return fmt.Errorf("%s: results file directly in %s, the layout of schema version 2 and older: results are kept per machine now, as %s<machine>/<toolchain>.json, and files of the old flat layout say nothing of their machine; remove them (git rm %s*.json) and run `go run ./matrix` to measure this machine",
		file, d, d, d)
}
