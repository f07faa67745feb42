package toolchain

import (
	"reflect"
	"testing"
)

func TestIsRelease(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"go1.9", true},
		{"go1.19.8", true},
		{"go1.21.0", true},
		{"go1.21rc2", true},
		{"go1.21beta1", true},
		{"go1.27.3", true},
		{"1.19.8", false},
		{"go1", false},
		{"go2.0", false},
		{"go1.19.", false},
		{"go1.09", false},
		{"go1.21rc0", false},
		{"go1.21.1rc1", false},
		{"go1.21-devel", false},
		{"gotip", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsRelease(tt.in); got != tt.want {
			t.Errorf("IsRelease(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCompareRelease(t *testing.T) {
	// Each version is older than the next one.
	ordered := []string{
		"",
		"go1.9",
		"go1.9.7",
		"go1.10rc1",
		"go1.10",
		"go1.10.8",
		"go1.19.8",
		"go1.20rc3",
		"go1.20",
		"go1.20.1",
		"go1.21",
		"go1.21rc2",
		"go1.21.0",
		"go1.21.1",
		"go1.22",
		"go1.22.0",
		"go1.22.1",
		"go1.22.10",
		"go1.27.3",
	}
	for i, a := range ordered {
		for j, b := range ordered {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := CompareRelease(a, b); got != want {
				t.Errorf("CompareRelease(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
	equal := []struct{ a, b string }{
		{"go1.19", "go1.19.0"},
		{"go1.24.6 X:noswissmap", "go1.24.6"},
		{"go1.16.5 gccgo (Debian 11.3.0-12) 11.3.0", "go1.16.5"},
		{"unknown", "not a version"},
	}
	for _, tt := range equal {
		if got := CompareRelease(tt.a, tt.b); got != 0 {
			t.Errorf("CompareRelease(%q, %q) = %d, want 0", tt.a, tt.b, got)
		}
	}
}

func TestLangOf(t *testing.T) {
	tests := []struct{ in, want string }{
		{"go1.19.8", "go1.19"},
		{"go1.9", "go1.9"},
		{"go1.21rc2", "go1.21"},
		{"go1.21.0", "go1.21"},
		{"go1.18", "go1.18"},
		{"go1.24.6 X:noswissmap", "go1.24"},
		{"unknown", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := LangOf(tt.in); got != tt.want {
			t.Errorf("LangOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseRuntimeVersion(t *testing.T) {
	tests := []struct {
		in   string
		want RuntimeVersion
	}{
		{"go1.19.8", RuntimeVersion{Release: "go1.19.8"}},
		{"go1.9", RuntimeVersion{Release: "go1.9"}},
		{"go1.21rc2", RuntimeVersion{Release: "go1.21rc2"}},
		{"go1.19.8 X:unified", RuntimeVersion{Release: "go1.19.8", Experiments: []string{"unified"}}},
		{"go1.24.6 X:noswissmap,nospinbitmutex", RuntimeVersion{Release: "go1.24.6", Experiments: []string{"noswissmap", "nospinbitmutex"}}},
		{"go1.26.8-X:nogreenteagc", RuntimeVersion{Release: "go1.26.8", Experiments: []string{"nogreenteagc"}}},
		{"devel go1.27-abcdef1234 Tue Jan 6 10:00:00 2026 +0000", RuntimeVersion{Devel: "go1.27-abcdef1234"}},
		{"go1.16.5 gccgo (Debian 11.3.0-12) 11.3.0", RuntimeVersion{Release: "go1.16.5", GCCGO: true}},
		{"unknown", RuntimeVersion{}},
		{"", RuntimeVersion{}},
	}
	for _, tt := range tests {
		if got := ParseRuntimeVersion(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseRuntimeVersion(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseGoVersion(t *testing.T) {
	tests := []struct {
		in                string
		ver, goos, goarch string
		wantErr           bool
	}{
		{in: "go version go1.19.8 linux/amd64\n", ver: "go1.19.8", goos: "linux", goarch: "amd64"},
		{in: "go version go1.9.7 darwin/amd64", ver: "go1.9.7", goos: "darwin", goarch: "amd64"},
		{in: "go version go1.18 gccgo (Debian 12.2.0-14) 12.2.0 linux/amd64", ver: "go1.18 gccgo (Debian 12.2.0-14) 12.2.0", goos: "linux", goarch: "amd64"},
		{in: "go version devel go1.27-abcdef Tue Jan 6 10:00:00 2026 +0000 linux/arm64", ver: "devel go1.27-abcdef Tue Jan 6 10:00:00 2026 +0000", goos: "linux", goarch: "arm64"},
		{in: "go version go1.26.8 X:nogreenteagc windows/amd64", ver: "go1.26.8 X:nogreenteagc", goos: "windows", goarch: "amd64"},
		{in: "go: unknown subcommand", wantErr: true},
		{in: "go version go1.19.8", wantErr: true},
		{in: "go version go1.19.8 linux", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		ver, goos, goarch, err := ParseGoVersion(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseGoVersion(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if ver != tt.ver || goos != tt.goos || goarch != tt.goarch {
			t.Errorf("ParseGoVersion(%q) = %q, %q, %q, want %q, %q, %q", tt.in, ver, goos, goarch, tt.ver, tt.goos, tt.goarch)
		}
	}
}
