package runner

import (
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/maplab/maplab/internal/results"
)

// Host is what DescribeMachine reads from the machine it describes. Tests
// replace it to describe other machines.
type Host struct {
	// Getenv reads an environment variable (GITHUB_ACTIONS, ImageOS,
	// RUNNER_OS, RUNNER_ARCH).
	Getenv func(string) string
	// ReadFile reads a file of the system (/proc/cpuinfo,
	// /proc/sys/kernel/osrelease, /proc/loadavg).
	ReadFile func(string) ([]byte, error)
	// Hostname returns the machine's name.
	Hostname func() (string, error)
	// GOOS, GOARCH, NumCPU and GOMAXPROCS describe the processors.
	GOOS, GOARCH       string
	NumCPU, GOMAXPROCS int
}

// ThisHost returns the Host of this process.
func ThisHost() Host {
	return Host{Getenv: os.Getenv, ReadFile: os.ReadFile, Hostname: os.Hostname,
		GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, NumCPU: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0)}
}

// DescribeMachine describes the machine this process runs on, for results
// files. now is the run's date.
func DescribeMachine(now time.Time) results.Env { return DescribeHost(now, ThisHost()) }

// DescribeHost describes the machine h, for results files: its machine
// fields and ID (see results.Machine), kernel, load and maplab version. now
// is the run's date. A GitHub Actions runner's hostname is left out: it
// names a throw-away virtual machine.
func DescribeHost(now time.Time, h Host) results.Env {
	host, _ := h.Hostname()
	env := results.Env{
		Hostname:      host,
		GOOS:          h.GOOS,
		GOARCH:        h.GOARCH,
		CPUs:          h.NumCPU,
		GOMAXPROCS:    h.GOMAXPROCS,
		Kernel:        kernel(h),
		Date:          now.UTC().Truncate(time.Second),
		MaplabVersion: Version(),
		LoadAvg:       loadAvg(h),
		CPUModel:      "unknown",
	}
	env.Runner, env.RunnerImage = results.DetectRunner(h.Getenv, h.GOARCH)
	if env.Runner != results.RunnerLocal {
		env.Hostname = ""
	}
	if b, err := h.ReadFile("/proc/cpuinfo"); err == nil {
		if m := results.CPUModel(string(b)); m != "" {
			env.CPUModel = m
		}
	}
	env.MachineID = env.Machine().ID()
	return env
}

// Version returns the maplab version: the VCS revision this binary was built
// from when the build recorded one, else "devel".
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+dirty"
	}
	return rev
}

func kernel(h Host) string {
	b, err := h.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return h.GOOS
	}
	return h.GOOS + " " + strings.TrimSpace(string(b))
}

// loadAvg returns the 1, 5 and 15 minute load averages, or "" where the
// system does not tell.
func loadAvg(h Host) string {
	b, err := h.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
