package procgroup

import (
	"context"
	"os/exec"
)

// Run starts cmd with Start and waits for it; when ctx is done first, it
// kills the group. Either way it kills whatever is left of the group before
// it returns, so nothing the command started survives it. It returns the
// error of starting the command or of cmd.Wait; callers tell cancellation
// apart with ctx.Err().
func Run(ctx context.Context, cmd *exec.Cmd) error {
	return RunOn(ctx, cmd, CPUSet{})
}

// RunOn is Run with the command started on set's CPUs (see StartLimited).
func RunOn(ctx context.Context, cmd *exec.Cmd, set CPUSet) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	g, _, err := StartLimited(cmd, set)
	if err != nil {
		return err
	}
	select {
	case <-g.Exited():
	case <-ctx.Done():
		g.Kill()
	}
	return g.Close()
}
