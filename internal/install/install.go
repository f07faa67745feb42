// Package install installs Go releases as golang.org/dl SDKs for
// `matrix install`: it runs "go install golang.org/dl/go1.N.M@latest" and
// then "go1.N.M download", which unpacks the release in ~/sdk/go1.N.M,
// where toolchain discovery finds it.
//
// Installing needs network access to the module proxy and to the Go
// download site. Where there is none, Install says which step failed and
// what else can provide the release: a distribution package, GOTOOLCHAIN
// (go1.21 and later) or the GitHub Actions workflow.
package install

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/maplab/maplab/internal/toolchain"
)

// Command is one process to run: an argument vector, never a shell line.
type Command struct {
	// Path is the program, e.g. "go" (looked up in PATH) or an absolute path.
	Path string
	// Args are the arguments after the program name.
	Args []string
	// Env is the environment; nil means the current process's.
	Env []string
	// Stdout and Stderr receive the output.
	Stdout, Stderr io.Writer
}

// String returns the command line for messages.
func (c Command) String() string {
	return strings.Join(append([]string{c.Path}, c.Args...), " ")
}

// Runner runs a command and returns an error if it could not be started or
// did not exit with status 0.
type Runner func(ctx context.Context, c Command) error

// Exec runs c as a subprocess. It is the Runner Install uses by default.
func Exec(ctx context.Context, c Command) error {
	cmd := exec.CommandContext(ctx, c.Path, c.Args...)
	cmd.Env = c.Env
	cmd.Stdout = c.Stdout
	cmd.Stderr = c.Stderr
	return cmd.Run()
}

// UsageError reports an argument that is not a Go release name.
type UsageError struct {
	// Arg is the argument as given.
	Arg string
	// Msg says what is wrong and what was expected.
	Msg string
}

func (e *UsageError) Error() string { return e.Msg }

// CheckRelease returns a *UsageError unless version names a Go release the
// way golang.org/dl does: go1.N, go1.N.M, go1.NrcK or go1.NbetaK.
func CheckRelease(version string) error {
	if toolchain.IsRelease(version) {
		return nil
	}
	msg := fmt.Sprintf("install: %q is not a Go release; want go1.N, go1.N.M, go1.NrcK or go1.NbetaK, e.g. go1.22.1 or go1.23rc1", version)
	if !strings.HasPrefix(version, "go") && toolchain.IsRelease("go"+version) {
		msg += fmt.Sprintf(" (did you mean go%s?)", version)
	}
	return &UsageError{Arg: version, Msg: msg}
}

// Error reports a failed installation step with the alternatives that can
// provide the release instead.
type Error struct {
	// Version is the release being installed.
	Version string
	// Step is the command that failed.
	Step string
	// Err is the step's error.
	Err error
	// Alternatives are other ways to get the release measured.
	Alternatives []string
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "installing %s: %s failed: %v", e.Version, e.Step, e.Err)
	b.WriteString(" (installing needs network access to proxy.golang.org and dl.google.com)")
	if len(e.Alternatives) > 0 {
		b.WriteString("\nalternatives:")
		for _, a := range e.Alternatives {
			b.WriteString("\n  - " + a)
		}
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Alternatives returns the other ways to get version measured, for
// messages: a distribution package (for final releases), GOTOOLCHAIN (for
// go1.21 and later) and the GitHub Actions workflow.
func Alternatives(version string) []string {
	var alts []string
	lang := toolchain.LangOf(version)
	if !strings.Contains(version, "rc") && !strings.Contains(version, "beta") && lang != "" {
		pkg := "golang-" + strings.TrimPrefix(lang, "go") + "-go"
		alts = append(alts, fmt.Sprintf("a distribution package where one exists, e.g. apt-get install %s (installs /usr/lib/go-%s, found automatically; it brings that distribution's latest %s.x)", pkg, strings.TrimPrefix(lang, "go"), lang))
	}
	if toolchain.CompareRelease(version, "go1.21") >= 0 {
		alts = append(alts, fmt.Sprintf("GOTOOLCHAIN: run GOTOOLCHAIN=%s go version once where the go command can download, then MAPLAB_TOOLCHAINS=%s (or plain discovery) uses it from the module cache", version, version))
	}
	alts = append(alts, "the GitHub Actions workflow (.github/workflows/matrix.yml) measures every release from go1.9 on; merge its results files with go run ./matrix report")
	return alts
}

// Installer installs releases. The zero value runs real commands in the
// current environment.
type Installer struct {
	// Run runs commands; nil means Exec.
	Run Runner
	// Go is the go command; "go" (from PATH) if empty.
	Go string
	// Home is the home directory golang.org/dl installs into (as ~/sdk);
	// os.UserHomeDir() if empty.
	Home string
	// Env is the environment for the commands; nil means the current
	// process's.
	Env []string
}

// Install checks version (a *UsageError if it is not a release name),
// installs it as a golang.org/dl SDK and says where it landed. If the SDK
// is already there, it runs nothing. A failed step gives an *Error listing
// the alternatives.
func (in Installer) Install(ctx context.Context, version string, stdout, stderr io.Writer) error {
	if err := CheckRelease(version); err != nil {
		return err
	}
	run := in.Run
	if run == nil {
		run = Exec
	}
	goCmd := in.Go
	if goCmd == "" {
		goCmd = "go"
	}
	home := in.Home
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return fmt.Errorf("installing %s: finding the home directory for ~/sdk: %w", version, err)
		}
		home = h
	}
	sdk := filepath.Join(home, "sdk", version)
	sdkGo := filepath.Join(sdk, "bin", exe("go"))
	if installed(sdk) {
		fmt.Fprintf(stdout, "%s is already installed in %s; toolchain discovery finds %s\n", version, sdk, sdkGo)
		return nil
	}
	fail := func(step Command, err error) error {
		return &Error{Version: version, Step: step.String(), Err: err, Alternatives: Alternatives(version)}
	}

	// Where go install puts the golang.org/dl wrapper command.
	var out bytes.Buffer
	envCmd := Command{Path: goCmd, Args: []string{"env", "GOBIN", "GOPATH"}, Env: in.env(), Stdout: &out, Stderr: stderr}
	if err := run(ctx, envCmd); err != nil {
		return fail(envCmd, err)
	}
	binDir, err := installDir(out.String())
	if err != nil {
		return fail(envCmd, err)
	}

	steps := []Command{
		{Path: goCmd, Args: []string{"install", "golang.org/dl/" + version + "@latest"}, Env: in.env(), Stdout: stdout, Stderr: stderr},
		{Path: filepath.Join(binDir, exe(version)), Args: []string{"download"}, Env: in.env(), Stdout: stdout, Stderr: stderr},
	}
	for _, step := range steps {
		fmt.Fprintf(stdout, "running %s\n", step)
		if err := run(ctx, step); err != nil {
			if ctx.Err() != nil {
				return fmt.Errorf("installing %s: %s: %w", version, step, ctx.Err())
			}
			return fail(step, err)
		}
	}
	if !installed(sdk) {
		return fail(steps[1], fmt.Errorf("it exited successfully but %s is missing", sdkGo))
	}
	fmt.Fprintf(stdout, "installed %s in %s; toolchain discovery finds %s (check with go run ./matrix toolchains)\n", version, sdk, sdkGo)
	return nil
}

// env returns the environment for the commands: GOTOOLCHAIN=local, so the
// go command installs with itself rather than switching releases.
func (in Installer) env() []string {
	base := in.Env
	if base == nil {
		base = os.Environ()
	}
	env := make([]string, 0, len(base)+1)
	for _, kv := range base {
		if !strings.HasPrefix(kv, "GOTOOLCHAIN=") {
			env = append(env, kv)
		}
	}
	return append(env, "GOTOOLCHAIN=local")
}

// installDir returns where go install puts commands, given the output of
// `go env GOBIN GOPATH`: GOBIN if set, else the bin directory of the first
// GOPATH entry.
func installDir(goEnv string) (string, error) {
	lines := strings.Split(strings.TrimRight(goEnv, "\r\n"), "\n")
	if len(lines) != 2 {
		return "", fmt.Errorf("go env GOBIN GOPATH printed %q, want two lines", goEnv)
	}
	if gobin := strings.TrimSpace(lines[0]); gobin != "" {
		return gobin, nil
	}
	gopath := filepath.SplitList(strings.TrimSpace(lines[1]))
	if len(gopath) == 0 || gopath[0] == "" {
		return "", fmt.Errorf("go env reports neither GOBIN nor GOPATH")
	}
	return filepath.Join(gopath[0], "bin"), nil
}

// installed reports whether golang.org/dl finished unpacking into sdk: it
// leaves a .unpacked-success marker next to bin/go.
func installed(sdk string) bool {
	for _, p := range []string{filepath.Join(sdk, ".unpacked-success"), filepath.Join(sdk, "bin", exe("go"))} {
		if _, err := os.Stat(p); err != nil {
			return false
		}
	}
	return true
}

func exe(name string) string {
	if runtime.GOOS == "windows" {
		return name + ".exe"
	}
	return name
}
