//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package results

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
)

// Lock takes an exclusive, non-blocking lock on the output directory dir, so
// that two matrix runs never write the same results files. It holds a
// flock(2) lock on dir/.lock, which also records the holder's pid; the lock
// is released by the returned function or, if the process dies, by the
// kernel. A lock held by someone else, even in the same process, is a
// *LockedError.
func Lock(dir string) (unlock func() error, err error) {
	path := filepath.Join(dir, lockName)
	// An unlock removes the lock file; a run that opened the old file just
	// before it was removed must not think it holds the lock, so after
	// locking, check that path still names the locked file, and else retry.
	for attempt := 0; ; attempt++ {
		fh, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("%s: locking: %w", displayDir(dir), err)
		}
		if err := syscall.Flock(int(fh.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			pid := readPID(fh)
			fh.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, &LockedError{Dir: dir, PID: pid}
			}
			return nil, fmt.Errorf("%s: locking %s: %w", displayDir(dir), path, err)
		}
		held, herr := fh.Stat()
		named, nerr := os.Stat(path)
		if herr != nil || nerr != nil || !os.SameFile(held, named) {
			fh.Close()
			if attempt < 10 {
				continue
			}
			return nil, fmt.Errorf("%s: locking %s: the lock file keeps being replaced", displayDir(dir), path)
		}
		if err := fh.Truncate(0); err == nil {
			fh.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
		}
		var once sync.Once
		var uerr error
		return func() error {
			once.Do(func() {
				// Remove while still locked, so no one can lock the file
				// that is about to vanish without noticing (see above).
				if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
					uerr = fmt.Errorf("%s: unlocking: %w", displayDir(dir), err)
				}
				syscall.Flock(int(fh.Fd()), syscall.LOCK_UN)
				if err := fh.Close(); err != nil && uerr == nil {
					uerr = fmt.Errorf("%s: unlocking: %w", displayDir(dir), err)
				}
			})
			return uerr
		}, nil
	}
}

// readPID returns the pid recorded in a lock file, or 0.
func readPID(fh *os.File) int {
	b, err := io.ReadAll(io.NewSectionReader(fh, 0, 32))
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(b)))
	if err != nil {
		return 0
	}
	return pid
}
