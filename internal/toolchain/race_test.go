package toolchain

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestRaceDetectorSupported(t *testing.T) {
	tests := []struct {
		release, goos, goarch string
		want                  bool
	}{
		{"go1.19.8", "linux", "amd64", true},
		{"go1.9", "linux", "amd64", true},
		{"go1.26.8", "linux", "arm64", true},
		{"go1.26.8", "linux", "ppc64le", true},
		{"go1.19", "linux", "s390x", true},
		{"go1.18.10", "linux", "s390x", false},
		{"go1.26.8", "darwin", "arm64", true},
		{"go1.26.8", "darwin", "amd64", true},
		{"go1.26.8", "freebsd", "amd64", true},
		{"go1.26.8", "netbsd", "amd64", true},
		{"go1.26.8", "windows", "amd64", true},
		{"go1.26.8", "windows", "arm64", false},
		{"go1.26.8", "linux", "386", false},
		{"go1.26.8", "linux", "arm", false},
		{"go1.26.8", "openbsd", "amd64", false},
		{"go1.26.8", "js", "wasm", false},
	}
	for _, tt := range tests {
		if got := RaceDetectorSupported(tt.release, tt.goos, tt.goarch); got != tt.want {
			t.Errorf("RaceDetectorSupported(%q, %q, %q) = %v, want %v", tt.release, tt.goos, tt.goarch, got, tt.want)
		}
	}
}

func TestRaceRuntimeShipped(t *testing.T) {
	// Layouts as shipped by go1.19 and go1.26.
	go119 := []string{"race_darwin_amd64.syso", "race_linux_amd64.syso", "race_linux_arm64.syso", "race_windows_amd64.syso"}
	go126 := []string{"internal/amd64v1/race_linux.syso", "internal/amd64v3/race_linux.syso", "internal/amd64v1/race_darwin.syso", "race_linux_arm64.syso", "race_darwin_arm64.syso"}
	tests := []struct {
		sysos        []string
		goos, goarch string
		want         bool
	}{
		{go119, "linux", "amd64", true},
		{go119, "linux", "arm64", true},
		{go119, "linux", "s390x", false},
		{go119, "darwin", "arm64", false},
		{go126, "linux", "amd64", true},
		{go126, "darwin", "amd64", true},
		{go126, "darwin", "arm64", true},
		{go126, "windows", "amd64", false},
		{go126, "linux", "ppc64le", false},
		{nil, "linux", "amd64", false},
	}
	for _, tt := range tests {
		if got := raceRuntimeShipped(tt.sysos, tt.goos, tt.goarch); got != tt.want {
			t.Errorf("raceRuntimeShipped(%q, %q, %q) = %v, want %v", tt.sysos, tt.goos, tt.goarch, got, tt.want)
		}
	}
}

func TestRaceSysos(t *testing.T) {
	goroot := t.TempDir()
	for _, f := range []string{
		"src/runtime/race/race_linux_arm64.syso",
		"src/runtime/race/internal/amd64v1/race_linux.syso",
		"src/runtime/race/race.go",
		"src/runtime/race/testdata/x.go",
	} {
		p := filepath.Join(goroot, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := raceSysos(goroot)
	want := []string{"internal/amd64v1/race_linux.syso", "race_linux_arm64.syso"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("raceSysos = %q, want %q", got, want)
	}
	if got := raceSysos(filepath.Join(goroot, "missing")); got != nil {
		t.Errorf("raceSysos(missing) = %q, want nil", got)
	}
}
