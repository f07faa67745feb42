package toolchain

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// SplitList splits a toolchain list as given to a flag or to
// MAPLAB_TOOLCHAINS. Entries are separated by commas or by the
// os.PathListSeparator (":" on Unix); blanks around entries and empty
// entries are dropped.
func SplitList(s string) []string {
	var out []string
	for _, e := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == os.PathListSeparator
	}) {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// Entry is one parsed item of a toolchain list.
//
// The syntax is TARGET[+EXPERIMENT…]. TARGET is one of:
//
//   - a release such as go1.27.3: the go command on PATH run with
//     GOTOOLCHAIN=go1.27.3 (only if that toolchain is already in the module
//     cache; discovery never downloads);
//   - a path to a go command, e.g. /usr/lib/go-1.19/bin/go or ~/sdk/go1.22.1/bin/go;
//   - a GOROOT directory containing bin/go, e.g. /usr/lib/go-1.19;
//   - a path to a gccgo driver, e.g. /usr/bin/gccgo-12;
//   - a bare command name looked up in PATH, e.g. gccgo-12 or go.
//
// Each "+name" suffix selects a build variant: it adds name to GOEXPERIMENT
// for every build and run with the toolchain and to the toolchain's ID, e.g.
// "go1.24.6+noswissmap" or "/usr/lib/go-1.25/bin/go+noswissmap" (ID
// "go1.25.1+noswissmap"). Suffixes are only recognised in the last path
// element and only for gc toolchains; names are lower-case letters and
// digits.
type Entry struct {
	// Raw is the entry as written.
	Raw string
	// Release is set when the target is a release name (GOTOOLCHAIN).
	Release string
	// Target is the path or command name when Release is empty.
	Target string
	// Experiments lists the variant's GOEXPERIMENT names in order.
	Experiments []string
}

var experimentRE = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// ParseEntry parses one toolchain list entry; see Entry for the syntax.
func ParseEntry(raw string) (Entry, error) {
	e := Entry{Raw: raw}
	s := strings.TrimSpace(raw)
	if s == "" {
		return e, fmt.Errorf("empty toolchain entry")
	}
	dir, base := "", s
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		dir, base = s[:i+1], s[i+1:]
	}
	if i := strings.IndexByte(base, '+'); i >= 0 {
		for _, x := range strings.Split(base[i+1:], "+") {
			if !experimentRE.MatchString(x) {
				return e, fmt.Errorf("toolchain entry %q: bad variant %q: want +name with lower-case letters and digits, e.g. go1.24.6+noswissmap", raw, x)
			}
			e.Experiments = append(e.Experiments, x)
		}
		base = base[:i]
	}
	target := dir + base
	if target == "" {
		return e, fmt.Errorf("toolchain entry %q: no toolchain before the variant; %s", raw, entryFix)
	}
	if dir == "" && IsRelease(base) {
		e.Release = base
	} else {
		e.Target = target
	}
	return e, nil
}

// Variant returns the variant name of the entry, e.g. "noswissmap", or ""
// for none.
func (e Entry) Variant() string {
	return strings.Join(e.Experiments, "+")
}

// ExtraEnv returns the environment entries the entry's variant and
// release need, e.g. GOTOOLCHAIN=go1.27.3 and GOEXPERIMENT=noswissmap: the
// ExtraEnv of the toolchain it names.
func (e Entry) ExtraEnv() []string {
	var env []string
	if e.Release != "" {
		env = append(env, "GOTOOLCHAIN="+e.Release)
	}
	if len(e.Experiments) > 0 {
		env = append(env, "GOEXPERIMENT="+strings.Join(e.Experiments, ","))
	}
	return env
}

// isPathLike reports whether target names a file system path rather than a
// command to look up in PATH.
func isPathLike(target string) bool {
	return strings.ContainsAny(target, `/\`) || target == "." || target == ".." || strings.HasPrefix(target, "~")
}

// isGccgoName reports whether the base name of a command looks like a gccgo
// driver: gccgo, gccgo-12, x86_64-linux-gnu-gccgo-12 and the like.
func isGccgoName(path string) bool {
	return strings.Contains(filepath.Base(path), "gccgo")
}

// MakeID returns the toolchain ID for the given facts:
//
//   - gc release: the release, e.g. "go1.19.8";
//   - gc development build: "devel-" and the development version, e.g.
//     "devel-go1.27-abcdef1234";
//   - gccgo: "gccgo", the GCC major version, "-" and the library's language
//     version, e.g. "gccgo12-go1.18" (or "gccgo-go1.18" without a GCC
//     version);
//
// followed by "+" and the variant if there is one, e.g.
// "go1.24.6+noswissmap". Characters that do not belong in a file name are
// replaced by "-".
func MakeID(kind Kind, release, devel, gccVersion, variant string) string {
	var id string
	switch {
	case kind == GCCGO:
		major, _, _ := strings.Cut(gccVersion, ".")
		id = "gccgo" + major + "-" + LangOf(release)
	case release == "" && devel != "":
		id = "devel-" + devel
	default:
		id = release
	}
	if variant != "" {
		id += "+" + variant
	}
	return sanitizeID(id)
}

// gccgoIDRE matches the gccgo form of a toolchain ID without its variant.
var gccgoIDRE = regexp.MustCompile(`^gccgo[0-9]*-go1\.[0-9]+$`)

// gopherJSIDRE matches the form of GopherJSID.
var gopherJSIDRE = regexp.MustCompile(`^gopherjs[0-9][-.A-Za-z0-9]*-go1\.[0-9]+`)

// LooksLikeID reports whether s has one of the forms MakeID gives: a
// release, "devel-…" or "gccgoN-go1.N", each optionally followed by
// "+variant", any of them followed by a target such as "-js-wasm"
// (TargetID), or the form of GopherJSID. Discover takes such an explicit entry for the ID of a
// toolchain its search finds before anything else.
func LooksLikeID(s string) bool {
	if gopherJSIDRE.MatchString(s) {
		return true
	}
	s = strings.TrimSuffix(s, "-"+JSOS+"-"+WasmArch)
	base, _, _ := strings.Cut(s, "+")
	return IsRelease(base) || strings.HasPrefix(base, "devel-") || gccgoIDRE.MatchString(base)
}

func sanitizeID(id string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '+', r == '_':
			return r
		}
		return '-'
	}, id)
}
