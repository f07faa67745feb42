package runner

import (
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/maplab/maplab/internal/results"
)

// Environment describes the machine this process runs on, for results
// files. now is the run's date.
func Environment(now time.Time) results.Env {
	host, _ := os.Hostname()
	env := results.Env{
		Hostname:      host,
		GOOS:          runtime.GOOS,
		GOARCH:        runtime.GOARCH,
		CPUs:          runtime.NumCPU(),
		GOMAXPROCS:    runtime.GOMAXPROCS(0),
		Kernel:        kernel(),
		Date:          now.UTC().Truncate(time.Second),
		MaplabVersion: Version(),
		Runner:        "local",
		LoadAvg:       loadAvg(),
	}
	if os.Getenv("GITHUB_ACTIONS") == "true" {
		env.Runner = "github-actions"
		env.Hostname = ""
	}
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

func kernel() string {
	b, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return runtime.GOOS
	}
	return runtime.GOOS + " " + strings.TrimSpace(string(b))
}

// loadAvg returns the 1, 5 and 15 minute load averages, or "" where the
// system does not tell.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
