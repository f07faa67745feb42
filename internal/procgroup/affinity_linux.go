package procgroup

import (
	"fmt"
	"os/exec"
	"runtime"
	"syscall"
	"unsafe"
)

// cpuMask is a kernel CPU set as sched_getaffinity(2) reads it: enough
// bits for 4096 CPUs.
type cpuMask [4096 / 64]uint64

// startPinned starts cmd. When cpus is positive it starts it with a CPU
// affinity of the first cpus CPUs of the calling thread's own affinity and
// reports true; a child created by fork inherits the affinity of the
// thread that forked it, so the thread is locked (it already is on the
// starter thread; locks nest), narrowed for the start and restored.
// Should the restore fail, the thread stays locked one level more, so no
// other goroutine ever runs on a narrowed thread.
func startPinned(cmd *exec.Cmd, cpus int) (bool, error) {
	if cpus <= 0 {
		return false, cmd.Start()
	}
	runtime.LockOSThread()
	var old cpuMask
	if err := schedAffinity(syscall.SYS_SCHED_GETAFFINITY, &old); err != nil {
		runtime.UnlockOSThread()
		return false, fmt.Errorf("reading CPU affinity: %w", err)
	}
	narrow, ok := firstCPUs(old, cpus)
	if !ok {
		runtime.UnlockOSThread()
		return false, fmt.Errorf("limiting a trial to %d CPUs: this process may use fewer", cpus)
	}
	if err := schedAffinity(syscall.SYS_SCHED_SETAFFINITY, &narrow); err != nil {
		runtime.UnlockOSThread()
		return false, fmt.Errorf("setting CPU affinity: %w", err)
	}
	startErr := cmd.Start()
	if err := schedAffinity(syscall.SYS_SCHED_SETAFFINITY, &old); err != nil {
		// Left locked on purpose (see above).
		return false, fmt.Errorf("restoring CPU affinity: %w", err)
	}
	runtime.UnlockOSThread()
	return startErr == nil, startErr
}

// firstCPUs returns the set of the first n CPUs in m, and false when m
// holds fewer.
func firstCPUs(m cpuMask, n int) (cpuMask, bool) {
	var out cpuMask
	for i := 0; i < len(m)*64 && n > 0; i++ {
		if m[i/64]&(1<<(i%64)) != 0 {
			out[i/64] |= 1 << (i % 64)
			n--
		}
	}
	return out, n == 0
}

// schedAffinity reads or sets the calling thread's CPU affinity.
func schedAffinity(trap uintptr, m *cpuMask) error {
	_, _, errno := syscall.RawSyscall(trap, 0, unsafe.Sizeof(*m), uintptr(unsafe.Pointer(m)))
	if errno != 0 {
		return errno
	}
	return nil
}
