package runner

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/maplab/maplab/internal/procgroup"
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
	// BuildInfo returns the build information of the running binary
	// (debug.ReadBuildInfo).
	BuildInfo func() (*debug.BuildInfo, bool)
	// Git runs git with args in the lab's working tree and returns its
	// standard output.
	Git func(args ...string) ([]byte, error)
}

// ThisHost returns the Host of this process, whose working tree is dir
// ("" for the current directory).
func ThisHost(dir string) Host {
	return Host{Getenv: os.Getenv, ReadFile: os.ReadFile, Hostname: os.Hostname,
		GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, NumCPU: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		BuildInfo: debug.ReadBuildInfo, Git: gitIn(dir)}
}

// gitTimeout bounds each git command of LabCommit.
const gitTimeout = 10 * time.Second

// gitIn returns a function running git in dir.
func gitIn(dir string) func(args ...string) ([]byte, error) {
	return func(args ...string) ([]byte, error) {
		ctx, cancel := context.WithTimeout(context.Background(), gitTimeout)
		defer cancel()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		var out bytes.Buffer
		cmd.Stdout = &out
		err := procgroup.Run(ctx, cmd)
		return out.Bytes(), err
	}
}

// DescribeMachine describes the machine this process runs on, for results
// files, with the lab's working tree in the current directory. now is the
// run's date.
func DescribeMachine(now time.Time) results.Env { return DescribeHost(now, ThisHost("")) }

// DescribeHost describes the machine h, for results files: its machine
// fields and ID (see results.Machine), kernel, load and maplab commit (see
// LabCommit). now is the run's date. A GitHub Actions runner's hostname is left out: it
// names a throw-away virtual machine.
func DescribeHost(now time.Time, h Host) results.Env {
	host, _ := h.Hostname()
	env := results.Env{
		Hostname:     host,
		GOOS:         h.GOOS,
		GOARCH:       h.GOARCH,
		CPUs:         h.NumCPU,
		GOMAXPROCS:   h.GOMAXPROCS,
		Kernel:       kernel(h),
		Date:         now.UTC().Truncate(time.Second),
		MaplabCommit: LabCommit(h),
		LoadAvg:      loadAvg(h),
		CPUModel:     "unknown",
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
	env.MaplabVersion = env.MaplabCommit.String()
	return env
}

// LabCommit returns the maplab source this process runs, trying in turn
// (see results.Commit): the revision the go command stamped into the
// binary (go build in a checkout); git in the working tree (go run stamps
// nothing), where changes under results/ and docs/, the lab's output, do
// not count as dirty; the GITHUB_SHA of a GitHub Actions job; else
// results.UnknownCommit. A nil BuildInfo or Git skips that source.
func LabCommit(h Host) results.Commit {
	if h.BuildInfo != nil {
		if bi, ok := h.BuildInfo(); ok && bi != nil {
			rev, modified := "", ""
			for _, s := range bi.Settings {
				switch s.Key {
				case "vcs.revision":
					rev = s.Value
				case "vcs.modified":
					modified = s.Value
				}
			}
			if isRevision(rev) {
				c := results.Commit{Revision: rev, Tree: results.TreeUnknown, From: results.FromBuild}
				switch modified {
				case "true":
					c.Tree = results.TreeDirty
				case "false":
					c.Tree = results.TreeClean
				}
				return c
			}
		}
	}
	if h.Git != nil {
		if out, err := h.Git("rev-parse", "HEAD"); err == nil && isRevision(strings.TrimSpace(string(out))) {
			c := results.Commit{Revision: strings.TrimSpace(string(out)), Tree: results.TreeUnknown, From: results.FromGit}
			if st, err := h.Git("status", "--porcelain", "--untracked-files=normal", "--", ".", ":(exclude)results", ":(exclude)docs"); err == nil {
				c.Tree = results.TreeClean
				if len(bytes.TrimSpace(st)) > 0 {
					c.Tree = results.TreeDirty
				}
			}
			return c
		}
	}
	if h.Getenv != nil {
		if sha := strings.TrimSpace(h.Getenv("GITHUB_SHA")); isRevision(sha) {
			return results.Commit{Revision: sha, Tree: results.TreeUnknown, From: results.FromGitHub}
		}
	}
	return results.UnknownCommit
}

// isRevision reports whether s is a full version control revision: 40
// (SHA-1) or 64 (SHA-256) lower-case hexadecimal digits.
func isRevision(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
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
