package cli

import (
	"context"
	"fmt"
)

type reportFlags struct {
	out   string
	check bool
}

func cmdReport(ctx context.Context, e *env, args []string) error {
	return fmt.Errorf("report: not yet wired")
}

func report(e *env, f reportFlags, inputs []string) error {
	return fmt.Errorf("report: not yet wired")
}
