package results

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// The runners Machine.Runner names.
const (
	// RunnerLocal is any machine that is not a CI runner.
	RunnerLocal = "local"
	// RunnerGitHub is a GitHub Actions runner.
	RunnerGitHub = "github-actions"
)

// Machine is what of a machine changes measurements: detection of
// concurrent map misuse is timing dependent, so its rates move with the
// runner, operating system, architecture, CPU count and CPU model. A
// measurement belongs to a (toolchain, machine) pair; cells measured on one
// machine are never reused for, or merged with, another.
type Machine struct {
	// Runner is RunnerLocal, RunnerGitHub or another CI's name.
	Runner string
	// Image is the CI runner's image, e.g. "ubuntu24" (GitHub's ImageOS),
	// empty for local machines.
	Image string
	// GOOS and GOARCH are the machine's operating system and architecture.
	GOOS, GOARCH string
	// CPUs is the number of logical CPUs.
	CPUs int
	// CPUModel is the processor's model name, e.g. "AMD EPYC 7763 64-Core
	// Processor", or "unknown" where the system does not tell.
	CPUModel string
}

// Machine returns the machine part of e.
func (e Env) Machine() Machine {
	return Machine{Runner: e.Runner, Image: e.RunnerImage, GOOS: e.GOOS, GOARCH: e.GOARCH, CPUs: e.CPUs, CPUModel: e.CPUModel}
}

// ID returns the machine's identifier: short, stable, made of lower-case
// letters, digits, '.' and '-' only, so that it can name the machine's
// directory under results/. It reads
//
//	<runner>-<goos>-<goarch>-<n>cpu-<model>
//
// where runner is "local", "github-<image>" for a GitHub Actions runner
// (e.g. "github-ubuntu24") or the runner's own name, and model is the first
// 6 hex digits of the SHA-256 of the CPU model name, e.g.
// "local-linux-amd64-2cpu-5f1c2e". Machines with the same ID are one
// machine for maplab: their cells are comparable and reusable.
func (m Machine) ID() string {
	runner := m.Runner
	if runner == RunnerGitHub {
		runner = "github"
	}
	if m.Image != "" {
		runner += "-" + m.Image
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(m.CPUModel)))
	parts := []string{runner, m.GOOS, m.GOARCH, strconv.Itoa(m.CPUs) + "cpu", hex.EncodeToString(sum[:3])}
	for i, p := range parts {
		parts[i] = idPart(p)
	}
	return strings.Join(parts, "-")
}

// idPart lower-cases s and replaces every run of characters other than
// letters, digits and '.' with one '-', trimming '-' and '.' at either end;
// an empty result is "unknown".
func idPart(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '.' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	out := strings.Trim(b.String(), "-.")
	if out == "" {
		return "unknown"
	}
	return out
}

// String describes the machine in words for messages and the report:
// "local, linux/amd64, 2 CPUs, Intel(R) Xeon(R) CPU @ 2.20GHz".
func (m Machine) String() string {
	runner := m.Runner
	if m.Image != "" {
		runner += " (" + m.Image + ")"
	}
	return runner + ", " + m.GOOS + "/" + m.GOARCH + ", " + strconv.Itoa(m.CPUs) + " CPUs, " + m.CPUModel
}

// CPUModel returns the processor's model name from the content of
// /proc/cpuinfo: the first "model name" (x86, most others), else the
// first "Model", "cpu model" or "Processor" line, else the ARM
// "CPU implementer" and "CPU part" codes. It returns "" when none is there.
func CPUModel(cpuinfo string) string {
	fields := map[string]string{}
	for _, line := range strings.Split(cpuinfo, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.Join(strings.Fields(v), " ")
		if _, seen := fields[k]; !seen && v != "" {
			fields[k] = v
		}
	}
	for _, k := range []string{"model name", "model", "cpu model", "processor"} {
		if v := fields[k]; v != "" && !isNumber(v) {
			return v
		}
	}
	if impl, part := fields["cpu implementer"], fields["cpu part"]; impl != "" && part != "" {
		return "CPU implementer " + impl + " part " + part
	}
	return ""
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// DetectRunner returns the runner and runner image that the environment
// variables (read through getenv) describe: RunnerGitHub and GitHub's
// ImageOS (or the lower-cased RUNNER_OS) when GITHUB_ACTIONS is "true",
// else RunnerLocal and "". goarch is the architecture the probes run as;
// when the runner's own (RUNNER_ARCH) differs, they run emulated, which
// changes timing, and the image says so: "ubuntu24-on-arm64".
func DetectRunner(getenv func(string) string, goarch string) (runner, image string) {
	if getenv("GITHUB_ACTIONS") != "true" {
		return RunnerLocal, ""
	}
	image = getenv("ImageOS")
	if image == "" {
		image = strings.ToLower(getenv("RUNNER_OS"))
	}
	image = idPart(image)
	arch, ok := map[string]string{"X86": "386", "X64": "amd64", "ARM": "arm", "ARM64": "arm64"}[getenv("RUNNER_ARCH")]
	if ok && arch != goarch {
		image += "-on-" + arch
	}
	return RunnerGitHub, image
}
