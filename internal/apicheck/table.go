// Package apicheck proves that a probe uses only the language features and
// standard-library API of its declared minimum Go release.
//
// Language features are checked by go/types with Config.GoVersion set to
// the minimum: generics, the predeclared any, the clear, min and max
// built-ins, range over integers and functions, binary literals and the
// like are type errors there. Library symbols are checked against the
// toolchain's own $GOROOT/api/go1*.txt files, which list every exported
// symbol of the standard library by the release that introduced it: a
// Table maps each package, package-level symbol, method and field to its
// first release, and a Checker walks the uses in a type-checked probe and
// reports those newer than the minimum.
//
// The check is precise rather than exhaustive: a symbol the API files do
// not list (unsafe, internal packages, unexported types) is never reported,
// and when a method or field can be named through several types (an alias
// such as os.FileInfo for io/fs.FileInfo, or a promotion through an
// embedded field) the oldest listing wins.
package apicheck

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Release is a Go release by its minor number: 9 is go1.9, 0 is go1.
type Release int

// String returns the release name, e.g. "go1.9" or "go1".
func (r Release) String() string {
	if r == 0 {
		return "go1"
	}
	return "go1." + strconv.Itoa(int(r))
}

var releaseRE = regexp.MustCompile(`^go1(\.(0|[1-9][0-9]*))?(\.(0|[1-9][0-9]*))?$`)

// ParseRelease parses a release name such as "go1", "go1.9" or "go1.21.3";
// a patch number is accepted and ignored.
func ParseRelease(s string) (Release, error) {
	m := releaseRE.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("bad release %q (want go1.N)", s)
	}
	if m[2] == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(m[2])
	if err != nil {
		return 0, fmt.Errorf("bad release %q: %v", s, err)
	}
	return Release(n), nil
}

// Kind says what sort of symbol an API entry describes.
type Kind int

// The kinds of API entries.
const (
	Const Kind = iota
	Var
	Func
	Type
	Method    // a method with a value receiver: (T) M
	PtrMethod // a method with a pointer receiver: (*T) M
	IfaceMethod
	Field
)

// Entry is the first listing of a symbol in the API files.
type Entry struct {
	Release Release
	Kind    Kind
}

type symKey struct{ pkg, name string }

type memberKey struct{ pkg, typ, member string }

// TypeRef names a type by package path and type name.
type TypeRef struct{ Pkg, Name string }

// Table maps the standard library's packages and symbols to the release
// that introduced them.
type Table struct {
	pkgs    map[string]Release
	symbols map[symKey]Entry
	members map[memberKey]Entry
	// aliases maps "pkgname.Type" to the aliases declared for that type,
	// e.g. "fs.FileInfo" to os.FileInfo.
	aliases map[string][]TypeRef
	latest  Release
}

// NewTable returns an empty table.
func NewTable() *Table {
	return &Table{
		pkgs:    map[string]Release{},
		symbols: map[symKey]Entry{},
		members: map[memberKey]Entry{},
		aliases: map[string][]TypeRef{},
	}
}

var apiFileRE = regexp.MustCompile(`^go1(\.[1-9][0-9]*)?\.txt$`)

// LoadTable reads the go1*.txt files of an API directory such as
// $GOROOT/api. Other files there (except.txt, next/) are ignored.
func LoadTable(dir string) (*Table, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading API directory: %w", err)
	}
	t := NewTable()
	n := 0
	for _, e := range entries {
		if e.IsDir() || !apiFileRE.MatchString(e.Name()) {
			continue
		}
		rel, err := ParseRelease(strings.TrimSuffix(e.Name(), ".txt"))
		if err != nil {
			return nil, err
		}
		name := filepath.Join(dir, e.Name())
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		err = t.Add(f, rel)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		n++
	}
	if n == 0 {
		return nil, fmt.Errorf("no go1*.txt API files in %s", dir)
	}
	return t, nil
}

// Latest returns the newest release added to the table.
func (t *Table) Latest() Release { return t.latest }

// Add reads one API file, whose lines were introduced in release rel.
// Lines that do not describe a symbol (comments, blank lines) are skipped;
// a line starting with "pkg " that cannot be parsed is an error.
func (t *Table) Add(r io.Reader, rel Release) error {
	if rel > t.latest {
		t.latest = rel
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if !strings.HasPrefix(s, "pkg ") {
			continue
		}
		if err := t.addLine(s, rel); err != nil {
			return fmt.Errorf("line %d: %v", line, err)
		}
	}
	return sc.Err()
}

func (t *Table) addLine(s string, rel Release) error {
	s = strings.TrimPrefix(s, "pkg ")
	i := strings.Index(s, ", ")
	if i < 0 {
		return fmt.Errorf("no comma in %q", s)
	}
	pkg, rest := s[:i], s[i+2:]
	if j := strings.Index(pkg, " ("); j >= 0 { // "syscall (linux-386)"
		pkg = pkg[:j]
	}
	rest = stripSuffixes(rest)
	if old, ok := t.pkgs[pkg]; !ok || rel < old {
		t.pkgs[pkg] = rel
	}
	word, rest := cut(rest, " ")
	switch word {
	case "const", "var", "func":
		name := ident(rest)
		if name == "" {
			return fmt.Errorf("no name in %q", s)
		}
		t.addSym(symKey{pkg, name}, Entry{rel, map[string]Kind{"const": Const, "var": Var, "func": Func}[word]})
	case "method":
		// method (*Builder) WriteString(string) (int, error)
		if !strings.HasPrefix(rest, "(") {
			return fmt.Errorf("no receiver in %q", s)
		}
		end := strings.Index(rest, ") ")
		if end < 0 {
			return fmt.Errorf("no receiver in %q", s)
		}
		recv, name := rest[1:end], ident(rest[end+2:])
		kind := Method
		if strings.HasPrefix(recv, "*") {
			kind, recv = PtrMethod, recv[1:]
		}
		recv = ident(recv) // drop type parameters: Pointer[$0]
		if recv == "" || name == "" {
			return fmt.Errorf("bad method in %q", s)
		}
		t.addMember(memberKey{pkg, recv, name}, Entry{rel, kind})
	case "type":
		name := ident(rest)
		if name == "" {
			return fmt.Errorf("no type name in %q", s)
		}
		t.addSym(symKey{pkg, name}, Entry{rel, Type})
		rest = skipBrackets(rest[len(name):])
		switch {
		case strings.HasPrefix(rest, " struct, "):
			f := strings.TrimPrefix(rest, " struct, ")
			if e, ok := strings.CutPrefix(f, "embedded "); ok {
				e = strings.TrimPrefix(e, "*")
				if k := strings.LastIndex(e, "."); k >= 0 {
					e = e[k+1:]
				}
				f = e
			}
			if field := ident(f); field != "" {
				t.addMember(memberKey{pkg, name, field}, Entry{rel, Field})
			}
		case strings.HasPrefix(rest, " interface, "):
			if m := ident(strings.TrimPrefix(rest, " interface, ")); m != "" {
				t.addMember(memberKey{pkg, name, m}, Entry{rel, IfaceMethod})
			}
		case strings.HasPrefix(rest, " = "):
			target := strings.TrimSpace(strings.TrimPrefix(rest, " = "))
			target = strings.TrimPrefix(target, "*")
			if k := strings.IndexByte(target, '['); k >= 0 {
				target = target[:k]
			}
			if !strings.Contains(target, ".") {
				target = pkgName(pkg) + "." + target
			}
			ref := TypeRef{pkg, name}
			if !containsRef(t.aliases[target], ref) {
				t.aliases[target] = append(t.aliases[target], ref)
			}
		}
	default:
		return fmt.Errorf("unknown entry kind %q in %q", word, s)
	}
	return nil
}

func (t *Table) addSym(k symKey, e Entry) {
	if old, ok := t.symbols[k]; !ok || e.Release < old.Release {
		t.symbols[k] = e
	}
}

func (t *Table) addMember(k memberKey, e Entry) {
	if old, ok := t.members[k]; !ok || e.Release < old.Release {
		t.members[k] = e
	}
}

// Package returns the release in which the package first appears.
func (t *Table) Package(path string) (Release, bool) {
	r, ok := t.pkgs[path]
	return r, ok
}

// Symbol returns the first listing of a package-level symbol.
func (t *Table) Symbol(pkg, name string) (Entry, bool) {
	e, ok := t.symbols[symKey{pkg, name}]
	return e, ok
}

// Member returns the first listing of a method or field of a type.
func (t *Table) Member(pkg, typ, member string) (Entry, bool) {
	e, ok := t.members[memberKey{pkg, typ, member}]
	return e, ok
}

// AliasesOf returns the declared aliases of the type named name in the
// package whose name (not path) is pkgName, e.g. os.FileInfo for
// ("fs", "FileInfo"). The API files qualify alias targets by package name
// only, so the answer may include aliases of a same-named type in another
// package; callers use it only to find older listings.
func (t *Table) AliasesOf(pkgName, name string) []TypeRef {
	return t.aliases[pkgName+"."+name]
}

// Display returns the conventional spelling of a symbol for messages:
// "strings.Builder", "(*strings.Builder).WriteString",
// "time.Duration.Round" or "net/http.Server.ErrorLog".
func Display(pkg, typ, member string, kind Kind) string {
	switch {
	case typ == "":
		return pkg + "." + member
	case kind == PtrMethod:
		return "(*" + pkg + "." + typ + ")." + member
	default:
		return pkg + "." + typ + "." + member
	}
}

// stripSuffixes removes the issue reference (" #12345") and deprecation
// marker (" //deprecated") some API lines end with.
func stripSuffixes(s string) string {
	if i := strings.Index(s, " //"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndex(s, " #"); i >= 0 {
		if _, err := strconv.Atoi(s[i+2:]); err == nil {
			s = s[:i]
		}
	}
	return strings.TrimSpace(s)
}

// ident returns the Go identifier at the start of s.
func ident(s string) string {
	end := 0
	for end < len(s) {
		c := s[end]
		if c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 {
			end++
			continue
		}
		break
	}
	return s[:end]
}

// skipBrackets drops a leading bracketed type parameter list.
func skipBrackets(s string) string {
	if !strings.HasPrefix(s, "[") {
		return s
	}
	depth := 0
	for i, c := range s {
		switch c {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return s[i+1:]
			}
		}
	}
	return s
}

func cut(s, sep string) (string, string) {
	a, b, _ := strings.Cut(s, sep)
	return a, b
}

// pkgName guesses a standard package's name from its path: the last
// element, or the one before a major version suffix (math/rand/v2).
func pkgName(p string) string {
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' {
		if _, err := strconv.Atoi(base[1:]); err == nil {
			return path.Base(path.Dir(p))
		}
	}
	return base
}

func containsRef(refs []TypeRef, r TypeRef) bool {
	for _, x := range refs {
		if x == r {
			return true
		}
	}
	return false
}
