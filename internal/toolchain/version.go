package toolchain

import (
	"fmt"
	"go/version"
	"regexp"
	"strconv"
	"strings"
)

// releaseRE matches the release names that the go command, GOTOOLCHAIN and
// golang.org/dl use: go1.N, go1.N.M, go1.NrcK and go1.NbetaK.
var releaseRE = regexp.MustCompile(`^go1\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*)|(rc|beta)[1-9][0-9]*)?$`)

// IsRelease reports whether s is a Go release name such as "go1.9",
// "go1.22.1", "go1.21rc2" or "go1.21beta1".
func IsRelease(s string) bool {
	return releaseRE.MatchString(s)
}

// CompareRelease compares two Go versions and returns -1, 0 or +1 as a is
// older than, the same as or newer than b. Versions are compared
// numerically: go1.9 < go1.10 < go1.22 < go1.22.1, and a release candidate
// comes before its release: go1.21rc2 < go1.21.0.
//
// Text after the first space is ignored, so runtime.Version() strings such
// as "go1.24.6 X:noswissmap" or "go1.16.5 gccgo (Debian 11.3.0-12) 11.3.0"
// compare by their release. For releases before Go 1.21, whose first
// release was named "go1.N", go1.N equals go1.N.0 and comes after go1.NrcK;
// from Go 1.21 on, "go1.N" is the language version and sorts before
// go1.NrcK and go1.N.0, as in go/version. Strings that are not Go versions
// compare less than any version and equal to each other.
func CompareRelease(a, b string) int {
	return version.Compare(canonical(a), canonical(b))
}

// LangOf returns the language version of a release, e.g. "go1.19" for
// "go1.19.8" and "go1.21" for "go1.21rc2", or "" if release is not a Go
// version.
func LangOf(release string) string {
	return version.Lang(firstField(release))
}

// canonical reduces v to a form go/version compares as described at
// CompareRelease.
func canonical(v string) string {
	v = firstField(v)
	if !version.IsValid(v) {
		return ""
	}
	if minor, ok := Minor(v); ok && minor < 21 && v == version.Lang(v) {
		// Before Go 1.21 the first release of go1.N was called go1.N.
		return v + ".0"
	}
	return v
}

// Minor returns N for a version go1.N…, and false for anything else.
func Minor(v string) (int, bool) {
	rest := strings.TrimPrefix(v, "go1.")
	if rest == v {
		return 0, false
	}
	end := 0
	for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
		end++
	}
	n, err := strconv.Atoi(rest[:end])
	return n, err == nil
}

func firstField(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		s = s[:i]
	}
	return s
}

// RuntimeVersion is a parsed runtime.Version() string.
type RuntimeVersion struct {
	// Release is the release the string names, e.g. "go1.19.8"; empty for
	// development builds and for gccgo builds that report "unknown".
	Release string
	// Devel is the development version, e.g. "go1.27-abcdef1234" for
	// "devel go1.27-abcdef1234 Tue Jan 6 …"; empty for releases.
	Devel string
	// Experiments lists the GOEXPERIMENT settings the runtime reports after
	// " X:", e.g. ["noswissmap"].
	Experiments []string
	// GCCGO reports whether the string comes from gccgo's library.
	GCCGO bool
}

// ParseRuntimeVersion parses what runtime.Version() returns, e.g.
// "go1.19.8", "go1.24.6 X:noswissmap", "go1.26.8-X:nogreenteagc",
// "devel go1.27-abcdef Tue …",
// "go1.16.5 gccgo (Debian 11.3.0-12) 11.3.0" or "unknown" (gccgo 12). It
// never fails: fields it cannot find stay empty.
func ParseRuntimeVersion(s string) RuntimeVersion {
	var rv RuntimeVersion
	var fields []string
	for _, f := range strings.Fields(s) {
		// Go 1.26 joins experiments with "-X:" instead of " X:".
		if i := strings.Index(f, "-X:"); i > 0 {
			fields = append(fields, f[:i], f[i+1:])
		} else {
			fields = append(fields, f)
		}
	}
	for i, f := range fields {
		switch {
		case i == 0 && f == "devel" && len(fields) > 1:
			rv.Devel = fields[1]
		case i == 0 && IsRelease(f):
			rv.Release = f
		case f == "gccgo":
			rv.GCCGO = true
		case strings.HasPrefix(f, "X:"):
			for _, x := range strings.Split(strings.TrimPrefix(f, "X:"), ",") {
				if x != "" {
					rv.Experiments = append(rv.Experiments, x)
				}
			}
		}
	}
	return rv
}

// ParseGoVersion parses the output of `go version`, e.g.
// "go version go1.19.8 linux/amd64" or
// "go version devel go1.27-abcdef Tue Jan 6 10:00:00 2026 +0000 linux/amd64",
// and returns the version (everything between "go version " and the
// platform) with the platform's GOOS and GOARCH.
func ParseGoVersion(out string) (ver, goos, goarch string, err error) {
	line := strings.TrimSpace(out)
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = strings.TrimSpace(line[:i])
	}
	rest := strings.TrimPrefix(line, "go version ")
	if rest == line {
		return "", "", "", fmt.Errorf("parsing go version output %q: does not start with \"go version \"", line)
	}
	i := strings.LastIndexByte(rest, ' ')
	if i < 0 {
		return "", "", "", fmt.Errorf("parsing go version output %q: no GOOS/GOARCH", line)
	}
	ver, platform := strings.TrimSpace(rest[:i]), rest[i+1:]
	goos, goarch, ok := strings.Cut(platform, "/")
	if !ok || goos == "" || goarch == "" || ver == "" {
		return "", "", "", fmt.Errorf("parsing go version output %q: no GOOS/GOARCH", line)
	}
	return ver, goos, goarch, nil
}
