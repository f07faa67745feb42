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

// startPinned starts cmd. Unless set is the zero CPUSet it starts it with
// a CPU affinity of set's CPUs, counted in the calling thread's own
// affinity, and reports true: a child created by fork inherits the
// affinity of the thread that forked it, so the thread is narrowed for the
// start and restored. It runs on the starter thread (onStarterThread), locked for
// the life of the process, so no other goroutine ever runs on the
// narrowed thread. Should the restore fail, the child is killed and the
// error returned, which stops the run.
func startPinned(cmd *exec.Cmd, set CPUSet) (bool, error) {
	if set == (CPUSet{}) {
		return false, cmd.Start()
	}
	var old cpuMask
	if err := schedAffinity(syscall.SYS_SCHED_GETAFFINITY, &old); err != nil {
		return false, fmt.Errorf("reading CPU affinity: %w", err)
	}
	narrow, ok := pick(old, set)
	if !ok {
		return false, fmt.Errorf("starting on %s: the lab itself may use fewer", set)
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

// pick returns the CPUs of m that set selects: skipping the first
// set.Skip CPUs of m, the next set.N, or all the rest when set.N is zero.
// It returns false when m holds too few for set to select any, or fewer
// than set.N after the skipped ones.
func pick(m cpuMask, set CPUSet) (cpuMask, bool) {
	var out cpuMask
	skip, n, got := set.Skip, set.N, 0
	for i := 0; i < len(m)*64; i++ {
		if m[i/64]&(1<<(i%64)) == 0 {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		if set.N > 0 && got == n {
			break
		}
		out[i/64] |= 1 << (i % 64)
		got++
	}
	return out, got > 0 && (set.N == 0 || got == n)
}

// schedAffinity reads or sets the calling thread's CPU affinity.
func schedAffinity(trap uintptr, m *cpuMask) error {
	_, _, errno := syscall.RawSyscall(trap, 0, unsafe.Sizeof(*m), uintptr(unsafe.Pointer(m)))
	if errno != 0 {
		return errno
	}
	return nil
}
