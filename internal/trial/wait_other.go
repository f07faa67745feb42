//go:build unix && !linux

package trial

import "errors"

// waitExited is not implemented on this platform; Run then reaps the process
// with cmd.Wait before killing what is left of its group.
func waitExited(pid int) error {
	return errors.New("waitid without reaping is not implemented on this platform")
}
