//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package build

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// TestLockFileWaitsForHolder checks that a second lock of one file (a
// second open file description, as another process would have) waits
// while the first is held, gives up when its context ends, and gets the
// lock once the first is released.
func TestLockFileWaitsForHolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".lock")
	unlock, err := lockFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*lockPoll)
	defer cancel()
	if _, err := lockFile(ctx, path); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second lock while the first is held: error %v, want %v", err, context.DeadlineExceeded)
	}
	got := make(chan error, 1)
	go func() {
		u, err := lockFile(context.Background(), path)
		if err == nil {
			u()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("second lock returned (%v) while the first is held", err)
	case <-time.After(3 * lockPoll):
	}
	unlock()
	select {
	case err := <-got:
		if err != nil {
			t.Fatalf("second lock after the first was released: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("second lock still waiting 10s after the first was released")
	}
}
