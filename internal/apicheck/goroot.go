package apicheck

import (
	"fmt"
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// APIDir returns the directory of API files to check against: $GOROOT/api
// of the toolchain whose standard library the checker type-checks with
// (go/build's default GOROOT: the toolchain that built the running program,
// or $GOROOT). Toolchains fetched through GOTOOLCHAIN ship without api/;
// then the API files of the local go command (GOTOOLCHAIN=local go env
// GOROOT) are used. An older set of API files than the standard library
// only hides symbols newer than its last release; it never reports a
// symbol too new.
func APIDir() (string, error) {
	var tried []string
	if root := build.Default.GOROOT; root != "" {
		dir := filepath.Join(root, "api")
		if isDir(dir) {
			return dir, nil
		}
		tried = append(tried, dir)
	}
	cmd := exec.Command("go", "env", "GOROOT")
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("finding the API files: GOTOOLCHAIN=local go env GOROOT: %v", err)
	}
	if root := strings.TrimSpace(string(out)); root != "" {
		dir := filepath.Join(root, "api")
		if isDir(dir) {
			return dir, nil
		}
		if len(tried) == 0 || tried[0] != dir {
			tried = append(tried, dir)
		}
	}
	return "", fmt.Errorf("finding the API files: %s does not exist (toolchains fetched through GOTOOLCHAIN have no api directory)", strings.Join(tried, " or "))
}

func isDir(name string) bool {
	info, err := os.Stat(name)
	return err == nil && info.IsDir()
}
