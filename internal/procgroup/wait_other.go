//go:build unix && !linux

package procgroup

import "errors"

// waitExited is not implemented on this platform; the group's watcher then
// reaps the leader with cmd.Wait before Close kills what is left of its
// group, and the group id may in principle have been given to another
// group by then.
func waitExited(pid int) error {
	return errors.New("waitid without reaping is not implemented on this platform")
}
