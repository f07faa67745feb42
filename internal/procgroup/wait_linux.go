//go:build linux

package procgroup

import (
	"syscall"
	"unsafe"
)

// pPID is waitid's idtype for "wait for the process with this pid".
const pPID = 1

// waitExited blocks until the process pid has exited, without reaping it:
// the zombie keeps its pid and process group id reserved until cmd.Wait, so
// killing the group afterwards cannot hit an unrelated process.
func waitExited(pid int) error {
	var info [128]byte // siginfo_t, not inspected
	for {
		_, _, errno := syscall.Syscall6(syscall.SYS_WAITID, pPID, uintptr(pid),
			uintptr(unsafe.Pointer(&info[0])), syscall.WEXITED|syscall.WNOWAIT, 0, 0)
		switch errno {
		case 0:
			return nil
		case syscall.EINTR:
			continue
		default:
			return errno
		}
	}
}
