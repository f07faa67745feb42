package install

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestCheckRelease(t *testing.T) {
	tests := []struct {
		arg     string
		ok      bool
		mention string // part of the message for bad arguments
	}{
		{arg: "go1.9", ok: true},
		{arg: "go1.19.13", ok: true},
		{arg: "go1.22.1", ok: true},
		{arg: "go1.21rc2", ok: true},
		{arg: "go1.23beta1", ok: true},
		{arg: "1.22.1", mention: "did you mean go1.22.1?"},
		{arg: "go1.22.x", mention: "want go1.N, go1.N.M"},
		{arg: "go2", mention: "want go1.N, go1.N.M"},
		{arg: "gotip", mention: "want go1.N, go1.N.M"},
		{arg: "go1.22.1; rm -rf /", mention: "is not a Go release"},
		{arg: "", mention: "is not a Go release"},
		{arg: "-x", mention: "is not a Go release"},
	}
	for _, tt := range tests {
		err := CheckRelease(tt.arg)
		if tt.ok {
			if err != nil {
				t.Errorf("CheckRelease(%q) = %v, want nil", tt.arg, err)
			}
			continue
		}
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("CheckRelease(%q) = %v, want a *UsageError", tt.arg, err)
			continue
		}
		if ue.Arg != tt.arg || !strings.Contains(ue.Msg, tt.mention) || !strings.Contains(ue.Msg, "e.g. go1.22.1") {
			t.Errorf("CheckRelease(%q) = %q, want it to name the expected form and contain %q", tt.arg, ue.Msg, tt.mention)
		}
	}
}

// fakeRunner records the commands it is asked to run and answers them
// from a script, never starting a process.
type fakeRunner struct {
	home    string
	gopath  string
	failOn  string // a prefix of the command line that fails
	failErr error
	ran     []string
}

func (f *fakeRunner) run(ctx context.Context, c Command) error {
	line := c.String()
	f.ran = append(f.ran, line)
	if hasGOTOOLCHAINLocal := contains(c.Env, "GOTOOLCHAIN=local"); !hasGOTOOLCHAINLocal {
		return fmt.Errorf("fake: %s run without GOTOOLCHAIN=local", line)
	}
	if f.failOn != "" && strings.HasPrefix(line, f.failOn) {
		fmt.Fprintln(c.Stderr, "dial tcp: lookup proxy.golang.org: no such host")
		return f.failErr
	}
	switch {
	case reflect.DeepEqual(c.Args, []string{"env", "GOBIN", "GOPATH"}):
		fmt.Fprintf(c.Stdout, "\n%s\n", f.gopath)
	case len(c.Args) == 1 && c.Args[0] == "download":
		// What golang.org/dl leaves behind.
		version := filepath.Base(c.Path)
		sdk := filepath.Join(f.home, "sdk", version)
		if err := os.MkdirAll(filepath.Join(sdk, "bin"), 0o755); err != nil {
			return err
		}
		for _, p := range []string{filepath.Join(sdk, "bin", "go"), filepath.Join(sdk, ".unpacked-success")} {
			if err := os.WriteFile(p, nil, 0o755); err != nil {
				return err
			}
		}
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func newFake(t *testing.T) (*fakeRunner, Installer) {
	t.Helper()
	f := &fakeRunner{home: t.TempDir(), gopath: "/gopath"}
	return f, Installer{Run: f.run, Home: f.home, Env: []string{"PATH=/bin", "GOTOOLCHAIN=auto"}}
}

func TestInstallSuccess(t *testing.T) {
	f, in := newFake(t)
	var stdout, stderr bytes.Buffer
	if err := in.Install(context.Background(), "go1.22.1", &stdout, &stderr); err != nil {
		t.Fatalf("Install: %v", err)
	}
	want := []string{
		"go env GOBIN GOPATH",
		"go install golang.org/dl/go1.22.1@latest",
		"/gopath/bin/go1.22.1 download",
	}
	if !reflect.DeepEqual(f.ran, want) {
		t.Errorf("ran %q, want %q", f.ran, want)
	}
	sdk := filepath.Join(f.home, "sdk", "go1.22.1")
	if !strings.Contains(stdout.String(), "installed go1.22.1 in "+sdk) || !strings.Contains(stdout.String(), filepath.Join(sdk, "bin", "go")) {
		t.Errorf("stdout does not say where the SDK landed:\n%s", stdout.String())
	}

	// Once installed, nothing runs again.
	f.ran = nil
	stdout.Reset()
	if err := in.Install(context.Background(), "go1.22.1", &stdout, &stderr); err != nil {
		t.Fatalf("second Install: %v", err)
	}
	if len(f.ran) != 0 {
		t.Errorf("second Install ran %q, want nothing", f.ran)
	}
	if !strings.Contains(stdout.String(), "already installed in "+sdk) {
		t.Errorf("second Install printed %q", stdout.String())
	}
}

func TestInstallGOBIN(t *testing.T) {
	tests := []struct {
		goEnv, want string
		wantErr     bool
	}{
		{goEnv: "/home/u/bin\n/home/u/go\n", want: "/home/u/bin"},
		{goEnv: "\n/home/u/go\n", want: "/home/u/go/bin"},
		{goEnv: "\n/a" + string(os.PathListSeparator) + "/b\n", want: "/a/bin"},
		{goEnv: "\n\n", wantErr: true},
		{goEnv: "", wantErr: true},
	}
	for _, tt := range tests {
		got, err := installDir(tt.goEnv)
		if (err != nil) != tt.wantErr || got != filepath.FromSlash(tt.want) {
			t.Errorf("installDir(%q) = %q, %v; want %q, error %v", tt.goEnv, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestInstallFailure(t *testing.T) {
	offline := errors.New("exit status 1")
	tests := []struct {
		name, version, failOn string
		wantRan               []string
		wantStep              string
		wantAlts              []string
		notAlts               []string
	}{
		{
			name: "module proxy unreachable", version: "go1.22.1", failOn: "go install",
			wantRan:  []string{"go env GOBIN GOPATH", "go install golang.org/dl/go1.22.1@latest"},
			wantStep: "go install golang.org/dl/go1.22.1@latest",
			wantAlts: []string{"apt-get install golang-1.22-go", "GOTOOLCHAIN=go1.22.1 go version", "MAPLAB_TOOLCHAINS=go1.22.1", ".github/workflows/matrix.yml"},
		},
		{
			name: "download site unreachable", version: "go1.19.13", failOn: "/gopath/bin/go1.19.13 download",
			wantRan:  []string{"go env GOBIN GOPATH", "go install golang.org/dl/go1.19.13@latest", "/gopath/bin/go1.19.13 download"},
			wantStep: "/gopath/bin/go1.19.13 download",
			wantAlts: []string{"apt-get install golang-1.19-go", ".github/workflows/matrix.yml"},
			// GOTOOLCHAIN cannot select releases before go1.21.
			notAlts: []string{"GOTOOLCHAIN"},
		},
		{
			name: "release candidate", version: "go1.23rc1", failOn: "go install",
			wantRan:  []string{"go env GOBIN GOPATH", "go install golang.org/dl/go1.23rc1@latest"},
			wantStep: "go install golang.org/dl/go1.23rc1@latest",
			wantAlts: []string{"GOTOOLCHAIN=go1.23rc1", ".github/workflows/matrix.yml"},
			notAlts:  []string{"apt-get"},
		},
		{
			name: "no go command", version: "go1.22.1", failOn: "go env",
			wantRan:  []string{"go env GOBIN GOPATH"},
			wantStep: "go env GOBIN GOPATH",
			wantAlts: []string{".github/workflows/matrix.yml"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, in := newFake(t)
			f.failOn, f.failErr = tt.failOn, offline
			var stdout, stderr bytes.Buffer
			err := in.Install(context.Background(), tt.version, &stdout, &stderr)
			var ie *Error
			if !errors.As(err, &ie) {
				t.Fatalf("Install = %v, want an *Error", err)
			}
			if !errors.Is(err, offline) {
				t.Errorf("error %v does not wrap the step's error", err)
			}
			if !reflect.DeepEqual(f.ran, tt.wantRan) {
				t.Errorf("ran %q, want %q", f.ran, tt.wantRan)
			}
			msg := err.Error()
			if ie.Step != tt.wantStep || !strings.HasPrefix(msg, "installing "+tt.version+": "+tt.wantStep+" failed: exit status 1") {
				t.Errorf("error %q does not start with the failed step %q", msg, tt.wantStep)
			}
			if !strings.Contains(msg, "\nalternatives:\n") {
				t.Errorf("error %q lists no alternatives", msg)
			}
			for _, a := range tt.wantAlts {
				if !strings.Contains(msg, a) {
					t.Errorf("error %q does not mention %q", msg, a)
				}
			}
			for _, a := range tt.notAlts {
				if strings.Contains(msg, a) {
					t.Errorf("error %q mentions %q", msg, a)
				}
			}
			if !strings.Contains(stderr.String(), "no such host") {
				t.Errorf("the step's stderr was not passed on: %q", stderr.String())
			}
			if _, err := os.Stat(filepath.Join(f.home, "sdk")); !os.IsNotExist(err) {
				t.Errorf("a failed install left %s/sdk behind (%v)", f.home, err)
			}
		})
	}
}

func TestInstallMissingSDKAfterSuccess(t *testing.T) {
	_, in := newFake(t)
	in.Run = func(ctx context.Context, c Command) error {
		if c.Args[0] == "env" {
			fmt.Fprint(c.Stdout, "/gobin\n/gopath\n")
		}
		return nil // "succeeds" without unpacking anything
	}
	err := in.Install(context.Background(), "go1.22.1", &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "exited successfully but") {
		t.Errorf("Install = %v, want an error saying the SDK is missing", err)
	}
}

func TestInstallRejectsBadVersionBeforeRunning(t *testing.T) {
	f, in := newFake(t)
	err := in.Install(context.Background(), "1.22.1", &bytes.Buffer{}, &bytes.Buffer{})
	var ue *UsageError
	if !errors.As(err, &ue) {
		t.Fatalf("Install(1.22.1) = %v, want a *UsageError", err)
	}
	if len(f.ran) != 0 {
		t.Errorf("ran %q for a bad version", f.ran)
	}
}
