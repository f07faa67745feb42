//go:build unix && !linux && !freebsd

package procgroup

import "syscall"

// setDeathSignal does nothing: this platform has no Pdeathsig, and the
// reaper alone kills the groups of a lab that died.
func setDeathSignal(attr *syscall.SysProcAttr) {}
