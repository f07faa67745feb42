// Probe hang-forever: a test fixture that never returns.
//
// Hazard: the probe starts a child process that inherits its process group
// and output, then blocks forever; the child blocks forever too.
//
// Promise: the matrix records the trial as a hang once its timeout passes
// and kills the whole process group, the child included.
//
// Checks: nothing; it appends "name pid ppid" to $TMPDIR/maplab-trials.log
// and the child's pid to $TMPDIR/maplab-children.log, so that a test can
// tell whether either survived.
//
// maplab:modes plain
// maplab:timeout 500ms
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

func logLine(name, line string) {
	f, err := os.OpenFile(filepath.Join(os.TempDir(), name), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(9)
	}
	fmt.Fprintln(f, line)
	f.Close()
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "child" {
		time.Sleep(time.Hour)
		return
	}
	logLine("maplab-trials.log", fmt.Sprintf("hang-forever %d %d", os.Getpid(), os.Getppid()))
	child := exec.Command(os.Args[0], "child")
	child.Stdout, child.Stderr = os.Stdout, os.Stderr
	if err := child.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(9)
	}
	logLine("maplab-children.log", fmt.Sprint(child.Process.Pid))
	fmt.Println("child started; blocking forever")
	for {
		time.Sleep(time.Hour)
	}
}
