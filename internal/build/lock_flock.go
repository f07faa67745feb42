//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// lockPoll is how often lockFile tries again for a lock another process
// holds.
const lockPoll = 50 * time.Millisecond

// lockFile takes an exclusive flock(2) lock on path, creating the file,
// and waits while another process holds it, until ctx is done. The lock is
// released by the returned function or, if the process dies, by the
// kernel. Builders of different processes sharing one cache (the test
// packages of go test ./..., two matrix runs) use it so that one binary is
// built once, not once per process.
func lockFile(ctx context.Context, path string) (unlock func(), err error) {
	fh, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("locking build: %w", err)
	}
	for {
		err := syscall.Flock(int(fh.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { fh.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			fh.Close()
			return nil, fmt.Errorf("locking build %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			fh.Close()
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
}
