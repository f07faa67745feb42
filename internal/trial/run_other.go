//go:build !unix

package trial

import (
	"context"
	"fmt"
	"runtime"
)

// Run is not supported on this platform: trials need Unix process groups.
func Run(ctx context.Context, s Spec) (Result, error) {
	return Result{}, fmt.Errorf("running %s: trials need Unix process groups, not available on %s", s.Path, runtime.GOOS)
}
