//go:build !linux

package procgroup

import "os/exec"

// startPinned starts cmd. Outside Linux no CPU affinity is set (the
// platforms maplab runs on elsewhere offer no inheritable affinity through
// the standard library), so it reports false and the caller's GOMAXPROCS
// variable is the only limit.
func startPinned(cmd *exec.Cmd, set CPUSet) (bool, error) {
	return false, cmd.Start()
}
