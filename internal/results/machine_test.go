package results

import (
	"regexp"
	"testing"
)

func TestMachineID(t *testing.T) {
	xeon := "Intel(R) Xeon(R) CPU @ 2.20GHz"
	tests := []struct {
		name string
		m    Machine
		want string
	}{
		{"local", Machine{Runner: RunnerLocal, GOOS: "linux", GOARCH: "amd64", CPUs: 2, CPUModel: xeon}, "local-linux-amd64-2cpu-6a5256"},
		{"model spaces do not matter", Machine{Runner: RunnerLocal, GOOS: "linux", GOARCH: "amd64", CPUs: 2, CPUModel: " " + xeon + "\n"}, "local-linux-amd64-2cpu-6a5256"},
		{"another model", Machine{Runner: RunnerLocal, GOOS: "linux", GOARCH: "amd64", CPUs: 2, CPUModel: "AMD EPYC 7763 64-Core Processor"}, "local-linux-amd64-2cpu-f56edd"},
		{"another CPU count", Machine{Runner: RunnerLocal, GOOS: "linux", GOARCH: "amd64", CPUs: 4, CPUModel: xeon}, "local-linux-amd64-4cpu-6a5256"},
		{"github", Machine{Runner: RunnerGitHub, Image: "ubuntu24", GOOS: "linux", GOARCH: "arm64", CPUs: 4, CPUModel: "CPU implementer 0x41 part 0xd0c"}, "github-ubuntu24-linux-arm64-4cpu-520032"},
		{"other runner, odd characters", Machine{Runner: "Build Kite/β", GOOS: "darwin", GOARCH: "arm64", CPUs: 10, CPUModel: "Apple M1"}, "build-kite-darwin-arm64-10cpu-a89eb8"},
		// The hashes are those of sha256sum of the model name.
		{"empty", Machine{}, "unknown-unknown-unknown-0cpu-e3b0c4"},
		{"path tricks", Machine{Runner: "../..", GOOS: "/", GOARCH: ".", CPUs: 1}, "unknown-unknown-unknown-1cpu-e3b0c4"},
	}
	safe := regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`)
	for _, tt := range tests {
		got := tt.m.ID()
		if got != tt.want {
			t.Errorf("%s: %+v.ID() = %q, want %q", tt.name, tt.m, got, tt.want)
		}
		if !safe.MatchString(got) {
			t.Errorf("%s: ID %q is not a safe directory name", tt.name, got)
		}
	}
}

func TestCPUModel(t *testing.T) {
	tests := []struct {
		name, cpuinfo, want string
	}{
		{"x86", "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 79\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n\nprocessor\t: 1\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n",
			"Intel(R) Xeon(R) CPU @ 2.20GHz"},
		{"arm64", "processor\t: 0\nBogoMIPS\t: 243.75\nFeatures\t: fp asimd\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x3\nCPU part\t: 0xd0c\n",
			"CPU implementer 0x41 part 0xd0c"},
		{"raspberry pi", "processor\t: 0\nCPU implementer\t: 0x41\nCPU part\t: 0xd08\n\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n",
			"Raspberry Pi 4 Model B Rev 1.4"},
		{"extra spaces", "model name\t:   AMD   EPYC 7763   \n", "AMD EPYC 7763"},
		{"nothing", "", ""},
	}
	for _, tt := range tests {
		if got := CPUModel(tt.cpuinfo); got != tt.want {
			t.Errorf("%s: CPUModel = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestDetectRunner(t *testing.T) {
	tests := []struct {
		name              string
		env               map[string]string
		runner, wantImage string
	}{
		{"local", map[string]string{}, RunnerLocal, ""},
		{"not true", map[string]string{"GITHUB_ACTIONS": "1", "ImageOS": "ubuntu24"}, RunnerLocal, ""},
		{"github", map[string]string{"GITHUB_ACTIONS": "true", "ImageOS": "ubuntu24", "RUNNER_OS": "Linux"}, RunnerGitHub, "ubuntu24"},
		{"github without ImageOS", map[string]string{"GITHUB_ACTIONS": "true", "RUNNER_OS": "macOS"}, RunnerGitHub, "macos"},
		{"github, nothing known", map[string]string{"GITHUB_ACTIONS": "true"}, RunnerGitHub, "unknown"},
		{"github, native", map[string]string{"GITHUB_ACTIONS": "true", "ImageOS": "ubuntu24", "RUNNER_ARCH": "X64"}, RunnerGitHub, "ubuntu24"},
		{"github, emulated", map[string]string{"GITHUB_ACTIONS": "true", "ImageOS": "ubuntu24", "RUNNER_ARCH": "ARM64"}, RunnerGitHub, "ubuntu24-on-arm64"},
	}
	for _, tt := range tests {
		r, img := DetectRunner(func(k string) string { return tt.env[k] }, "amd64")
		if r != tt.runner || img != tt.wantImage {
			t.Errorf("%s: DetectRunner = %q, %q; want %q, %q", tt.name, r, img, tt.runner, tt.wantImage)
		}
	}
}
