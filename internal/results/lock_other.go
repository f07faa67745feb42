//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package results

import (
	"fmt"
	"runtime"
)

// Lock is not supported on this platform: it needs flock(2).
func Lock(dir string) (unlock func() error, err error) {
	return nil, fmt.Errorf("%s: locking: not supported on %s", displayDir(dir), runtime.GOOS)
}
