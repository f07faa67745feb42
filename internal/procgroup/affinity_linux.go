package procgroup

import (
	"fmt"
	"os/exec"
	"syscall"
	"unsafe"
)

// cpuMask is a kernel CPU set as sched_getaffinity(2) reads it: enough
// bits for 4096 CPUs.
type cpuMask [4096 / 64]uint64

// startPinned starts cmd. When cpus is positive it starts it with a CPU
// affinity of the first cpus CPUs of the calling thread's own affinity and
// reports true: a child created by fork inherits the affinity of the
// thread that forked it, so the thread is narrowed for the start and
// restored. It runs on the starter thread (onStarterThread), locked for
// the life of the process, so no other goroutine ever runs on the
// narrowed thread. Should the restore fail, the child is killed and the
// error returned, which stops the run.
func startPinned(cmd *exec.Cmd, cpus int) (bool, error) {
	if cpus <= 0 {
		return false, cmd.Start()
	}
	var old cpuMask
	if err := schedAffinity(syscall.SYS_SCHED_GETAFFINITY, &old); err != nil {
		return false, fmt.Errorf("reading CPU affinity: %w", err)
	}
	narrow, ok := firstCPUs(old, cpus)
	if !ok {
		return false, fmt.Errorf("limiting a trial to %d CPUs: this process may use fewer", cpus)
	}
	if err := schedAffinity(syscall.SYS_SCHED_SETAFFINITY, &narrow); err != nil {
		return false, fmt.Errorf("setting CPU affinity: %w", err)
	}
	startErr := cmd.Start()
	if err := schedAffinity(syscall.SYS_SCHED_SETAFFINITY, &old); err != nil {
		if startErr == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		return false, fmt.Errorf("restoring CPU affinity: %w", err)
	}
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
