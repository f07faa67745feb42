package install

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestGopherJSGoCandidates(t *testing.T) {
	got := GopherJSGoCandidates("/opt/go119", []string{"/h/sdk/go1.19.2", "/h/sdk/go1.19.13", "/h/sdk/go1.19"})
	want := []string{
		filepath.Join("/opt/go119", "bin", exe("go")),
		filepath.Join("/usr/lib/go-1.19", "bin", exe("go")),
		filepath.Join("/h/sdk/go1.19.13", "bin", exe("go")),
		filepath.Join("/h/sdk/go1.19.2", "bin", exe("go")),
		filepath.Join("/h/sdk/go1.19", "bin", exe("go")),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("GopherJSGoCandidates =\n%q\nwant\n%q", got, want)
	}
	if got := GopherJSGoCandidates("", nil); len(got) != 1 || !strings.Contains(got[0], "go-1.19") {
		t.Errorf("GopherJSGoCandidates without GOPHERJS_GOROOT or SDKs = %q", got)
	}
}

// fakeGoRoot makes a GOROOT with an empty bin/go whose existence is all
// InstallGopherJS checks before asking it (through the runner) its version.
func fakeGoRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "bin", exe("go")), nil, 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}

func TestInstallGopherJS(t *testing.T) {
	for _, tt := range []struct {
		name      string
		goversion string // what every candidate's go env GOVERSION says
		wantErr   string
		wantCmd   string
	}{
		{name: "with go1.19", goversion: "go1.19.8", wantCmd: "/bin/go install github.com/gopherjs/gopherjs@v1.19.0-beta2"},
		{name: "without go1.19", goversion: "go1.26.8", wantErr: "needs go1.19's go command"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := fakeGoRoot(t)
			var ran []string
			in := Installer{Home: t.TempDir(), Env: []string{"PATH=/bin", "GOPHERJS_GOROOT=" + root}, Run: func(ctx context.Context, c Command) error {
				ran = append(ran, c.String())
				if len(c.Args) > 0 && c.Args[0] == "env" {
					io.WriteString(c.Stdout, tt.goversion+"\n\n/gopath\n")
				}
				return nil
			}}
			var out bytes.Buffer
			err := in.InstallGopherJS(context.Background(), &out, io.Discard)
			if tt.wantErr != "" {
				var ne *NoGo119Error
				if !errors.As(err, &ne) || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "apt-get install golang-1.19-go") {
					t.Fatalf("error = %v, want a NoGo119Error naming the fix", err)
				}
				for _, r := range ran {
					if strings.Contains(r, " install ") {
						t.Errorf("ran %q without go1.19", r)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			last := ran[len(ran)-1]
			if !strings.HasSuffix(last, tt.wantCmd) || !strings.HasPrefix(last, root) {
				t.Errorf("last command %q, want %s%s", last, root, tt.wantCmd)
			}
			if !strings.Contains(out.String(), filepath.Join("/gopath", "bin", exe("gopherjs"))) {
				t.Errorf("output %q does not say where gopherjs landed", out.String())
			}
		})
	}
}
