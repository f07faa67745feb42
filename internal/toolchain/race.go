package toolchain

import (
	"io/fs"
	"path"
	"path/filepath"
	"strings"
)

// RaceDetectorSupported reports whether the gc race detector supports
// goos/goarch, following the go command's internal/platform
// RaceDetectorSupported list (Go 1.26): linux on amd64, arm64, loong64,
// ppc64le, riscv64 and s390x; darwin on amd64 and arm64; freebsd, netbsd and
// windows on amd64. linux/s390x needs Go 1.19 or later.
//
// The list is the newest one; older releases support fewer platforms. The
// race runtime files a toolchain ships (see raceRuntimeShipped) settle the
// rest, because a release without support for a platform ships no race
// runtime for it.
func RaceDetectorSupported(release, goos, goarch string) bool {
	switch goos {
	case "linux":
		switch goarch {
		case "amd64", "arm64", "loong64", "ppc64le", "riscv64":
			return true
		case "s390x":
			return release == "" || CompareRelease(release, "go1.19") >= 0
		}
	case "darwin":
		return goarch == "amd64" || goarch == "arm64"
	case "freebsd", "netbsd", "windows":
		return goarch == "amd64"
	}
	return false
}

// raceRuntimeShipped reports whether one of the race runtime objects (paths
// relative to $GOROOT/src/runtime/race, with forward slashes) is for
// goos/goarch. Releases up to Go 1.20 name them race_linux_amd64.syso; later
// ones keep amd64 variants in internal/amd64v1/race_linux.syso.
func raceRuntimeShipped(sysos []string, goos, goarch string) bool {
	for _, s := range sysos {
		name := strings.TrimSuffix(path.Base(s), ".syso")
		parts := strings.Split(strings.TrimPrefix(name, "race_"), "_")
		if len(parts) == 0 || parts[0] != goos {
			continue
		}
		if len(parts) > 1 && parts[1] == goarch {
			return true
		}
		if len(parts) == 1 && strings.HasPrefix(path.Base(path.Dir(s)), goarch+"v") {
			return true
		}
	}
	return false
}

// raceSysos lists the race runtime objects under goroot/src/runtime/race as
// paths relative to that directory with forward slashes. It returns nil if
// the directory does not exist.
func raceSysos(goroot string) []string {
	dir := filepath.Join(goroot, "src", "runtime", "race")
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && strings.Count(p[len(dir):], string(filepath.Separator)) > 2 {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".syso") {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}
