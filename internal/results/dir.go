package results

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// lockName is the name of the lock file Lock keeps in an output directory.
const lockName = ".lock"

// LockedError reports that another run holds an output directory's lock.
type LockedError struct {
	// Dir is the output directory.
	Dir string
	// PID is the holder's process id, or 0 if it is not known.
	PID int
}

func (e *LockedError) Error() string {
	holder := "another matrix run"
	if e.PID > 0 {
		holder = fmt.Sprintf("another matrix run (pid %d)", e.PID)
	}
	return fmt.Sprintf("%s: %s holds the lock; wait for it or use another -out", displayDir(e.Dir), holder)
}

// displayDir returns dir as messages show it, with a trailing separator:
// "results/".
func displayDir(dir string) string {
	d := filepath.Clean(dir)
	if strings.HasSuffix(d, string(filepath.Separator)) {
		return d
	}
	return d + string(filepath.Separator)
}

// CheckWritable makes sure results can be written to dir before any work
// starts: it creates dir if it is missing, then creates, writes and removes
// a file in it. The error names the directory and suggests another -out.
func CheckWritable(dir string) error {
	fail := func(err error) error {
		return fmt.Errorf("%s: not writable: %v; choose another -out", displayDir(dir), err)
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return fail(err)
	}
	fh, err := os.CreateTemp(dir, ".maplab-writable-*")
	if err != nil {
		return fail(err)
	}
	_, err = fh.Write([]byte("maplab\n"))
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	if rerr := os.Remove(fh.Name()); err == nil {
		err = rerr
	}
	if err != nil {
		return fail(err)
	}
	return nil
}
