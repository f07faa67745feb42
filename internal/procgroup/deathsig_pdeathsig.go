//go:build linux || freebsd

package procgroup

import "syscall"

// setDeathSignal asks the kernel to SIGKILL the child when this process
// dies (on Linux: when the thread that starts it ends; see
// onStarterThread).
func setDeathSignal(attr *syscall.SysProcAttr) { attr.Pdeathsig = syscall.SIGKILL }
