package install

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/maplab/maplab/internal/toolchain"
)

// GopherJSArg is the argument of `matrix install` that installs GopherJS
// instead of a Go release.
const GopherJSArg = "gopherjs"

// GopherJSGoCandidates lists, in order of preference, the go commands that
// may be go1.19 (the release GopherJS 1.19 is built with and compiles):
// $GOPHERJS_GOROOT/bin/go when that is set, Debian's
// /usr/lib/go-1.19/bin/go, then golang.org/dl SDKs ~/sdk/go1.19*/bin/go,
// newest first. sdks is the result of globbing ~/sdk/go1.19*.
func GopherJSGoCandidates(gopherjsGoroot string, sdks []string) []string {
	var cs []string
	if gopherjsGoroot != "" {
		cs = append(cs, filepath.Join(gopherjsGoroot, "bin", exe("go")))
	}
	cs = append(cs, filepath.Join("/usr/lib/go-1.19", "bin", exe("go")))
	sorted := append([]string{}, sdks...)
	for i := 1; i < len(sorted); i++ {
		for j := i; j > 0 && toolchain.CompareRelease(filepath.Base(sorted[j]), filepath.Base(sorted[j-1])) > 0; j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	for _, s := range sorted {
		cs = append(cs, filepath.Join(s, "bin", exe("go")))
	}
	return cs
}

// NoGo119Error is the error of InstallGopherJS on a machine without go1.19.
type NoGo119Error struct {
	// Tried lists the go commands looked for.
	Tried []string
}

func (e *NoGo119Error) Error() string {
	return fmt.Sprintf("installing GopherJS %s needs go1.19's go command (GopherJS 1.19 is built with go1.19 and compiles its standard library), and none was found (tried %s); fix: apt-get install golang-1.19-go (installs /usr/lib/go-1.19), or go run ./matrix install go1.19.13, or set %s to a go1.19 GOROOT",
		toolchain.GopherJSVersion, strings.Join(e.Tried, ", "), toolchain.GopherJSGorootVar)
}

// InstallGopherJS installs GopherJS (toolchain.GopherJSModule at
// toolchain.GopherJSVersion) with go1.19's go command, the first of
// GopherJSGoCandidates that exists and reports a go1.19 release: "go
// install github.com/gopherjs/gopherjs@v1.19.0-beta2", with GOTOOLCHAIN=local
// so that the go command builds with itself. GopherJS is a Go module fetched
// through the go command; no Go release is fetched. Without go1.19 it
// returns a *NoGo119Error naming the fix.
func (in Installer) InstallGopherJS(ctx context.Context, stdout, stderr io.Writer) error {
	run := in.Run
	if run == nil {
		run = Exec
	}
	home := in.Home
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	var sdks []string
	if home != "" {
		sdks, _ = filepath.Glob(filepath.Join(home, "sdk", "go1.19*"))
	}
	var goroot string
	for _, kv := range in.env() {
		if v, ok := strings.CutPrefix(kv, toolchain.GopherJSGorootVar+"="); ok {
			goroot = v
		}
	}
	tried := GopherJSGoCandidates(goroot, sdks)
	goCmd := ""
	var out bytes.Buffer
	for _, c := range tried {
		if _, err := os.Stat(c); err != nil {
			continue
		}
		out.Reset()
		v := Command{Path: c, Args: []string{"env", "GOVERSION", "GOBIN", "GOPATH"}, Env: in.env(), Stdout: &out, Stderr: stderr}
		if err := run(ctx, v); err != nil {
			continue
		}
		if ver := strings.SplitN(out.String(), "\n", 2)[0]; toolchain.LangOf(strings.TrimSpace(ver)) == toolchain.GopherJSLang {
			goCmd = c
			break
		}
	}
	if goCmd == "" {
		return &NoGo119Error{Tried: tried}
	}
	lines := strings.SplitN(out.String(), "\n", 2)
	binDir, err := installDir(lines[1])
	if err != nil {
		return fmt.Errorf("installing GopherJS: %s env: %w", goCmd, err)
	}
	step := Command{Path: goCmd, Args: []string{"install", toolchain.GopherJSModule + "@" + toolchain.GopherJSVersion}, Env: in.env(), Stdout: stdout, Stderr: stderr}
	fmt.Fprintf(stdout, "running %s\n", step)
	if err := run(ctx, step); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("installing GopherJS: %s: %w", step, ctx.Err())
		}
		return fmt.Errorf("installing GopherJS: %s failed: %w (it needs network access to the module proxy)", step, err)
	}
	fmt.Fprintf(stdout, "installed GopherJS %s in %s; toolchain discovery finds it there with %s's GOROOT and node on PATH (check with go run ./matrix toolchains)\n",
		toolchain.GopherJSVersion, filepath.Join(binDir, exe("gopherjs")), goCmd)
	return nil
}
