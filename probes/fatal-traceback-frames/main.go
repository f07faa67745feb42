// Probe fatal-traceback-frames: whether the traceback of a fatal concurrent-map-writes error shows the runtime's own frames.
//
// Hazard: a program dies with "fatal error: concurrent map writes" and
// whoever reads the crash report, or a tool that parses it, expects the
// traceback to start in the runtime (runtime.throw, runtime.mapassign...),
// as older crash reports did, and to show every goroutine.
//
// Promise: none about the content of a traceback. The runtime package
// documents GOTRACEBACK: the default setting hides functions internal to
// the runtime, and GOTRACEBACK=system shows them; whether a fatal map error
// counts as a runtime-internal failure (whose runtime frames are always
// shown) is an implementation choice.
//
// Checks: the probe starts a copy of itself as a child process (selected by
// an environment variable) in which two goroutines write the same map
// without a lock until the runtime stops the child, or give up after 2
// seconds and exit 0. It does this twice, with GOTRACEBACK removed from the
// child's environment and with GOTRACEBACK=system, and reads the child's
// standard error. Metrics for the first child, and with the prefix system_
// for the second: child_fatal (1 when it died with "fatal error: concurrent
// map writes"), gave_up (1 when no fatal error came within 2 seconds), and,
// only for a child that died so, runtime_frames (1 when a traceback frame
// names a function of package runtime, such as runtime.throw, runtime.fatal
// or runtime.mapassign_fast64), runtime_frame_lines (how many),
// internal_runtime_frames (1 when a frame names a function of a package
// under internal/runtime, such as internal/runtime/maps.fatal),
// writer_frames (1 when a frame names the probe's main.writeMap) and
// goroutines (goroutine headers printed). other_fatal is 1 when the child
// died another way: another fatal error, or a panic such as a nil
// dereference in a map the race damaged before the check fired. The
// status is clean: the metrics report what happened. It is corrupt only
// when the probe's own mechanics failed: the child could not be started,
// outlived its time, exited with a status other than 0 or 2, or exited 2
// without a fatal error or panic message.
//
// maplab:claims fatal-traceback-shows-runtime
// maplab:modes plain
// maplab:timeout 15s
// maplab:alone
// maplab:observe "{runtime_frames:?runtime frames shown|runtime frames hidden} by default" "{child_fatal:?child died of the fatal error|child never hit the fatal error}"
// maplab:unsupported js -- the probe runs itself as a child process with os/exec, and js programs cannot start processes (pipe: not implemented on js, measured 2026-12-05 on GopherJS and js/wasm)
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

const probe = "fatal-traceback-frames"

// childEnv marks the child process; its value is irrelevant.
const childEnv = "MAPLAB_FATAL_TRACEBACK_CHILD"

const (
	// childLimit is how long the child's writers try before giving up.
	childLimit = 2 * time.Second
	// killAfter is how long the parent waits before killing the child.
	killAfter = 5 * time.Second
)

// childKeys is the number of distinct keys the child's writers use.
const childKeys = 4096

const fatalLine = "fatal error: concurrent map writes"

func main() {
	if os.Getenv(childEnv) != "" {
		child()
		return
	}
	metrics := map[string]float64{}
	var details []string
	for _, c := range children {
		details = append(details, runChild(c.traceback, c.names, metrics))
	}
	report("clean", strings.Join(details, "; "), metrics)
}

// metricNames are the names of one child's metrics.
type metricNames struct {
	childFatal, gaveUp, otherFatal, runtimeFrames, runtimeFrameLines, internalRuntimeFrames, writerFrames, goroutines string
}

// children are the two children the probe runs: the GOTRACEBACK setting
// ("" removes it) and the names of their metrics.
var children = []struct {
	traceback string
	names     metricNames
}{
	{"", metricNames{"child_fatal", "gave_up", "other_fatal", "runtime_frames", "runtime_frame_lines",
		"internal_runtime_frames", "writer_frames", "goroutines"}},
	{"system", metricNames{"system_child_fatal", "system_gave_up", "system_other_fatal", "system_runtime_frames", "system_runtime_frame_lines",
		"system_internal_runtime_frames", "system_writer_frames", "system_goroutines"}},
}

// runChild runs the child with GOTRACEBACK removed from its environment, or
// set to traceback when that is not empty, records its metrics under the
// names n and returns a sentence describing what happened. It reports
// corrupt when the mechanics failed.
func runChild(traceback string, n metricNames, metrics map[string]float64) string {
	name := "GOTRACEBACK unset"
	if traceback != "" {
		name = "GOTRACEBACK=" + traceback
	}
	self, err := os.Executable()
	if err != nil {
		self = os.Args[0]
	}
	ctx, cancel := context.WithTimeout(context.Background(), killAfter)
	defer cancel()
	cmd := exec.CommandContext(ctx, self)
	env := []string{childEnv + "=1"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOTRACEBACK=") && !strings.HasPrefix(kv, childEnv+"=") {
			env = append(env, kv)
		}
	}
	if traceback != "" {
		env = append(env, "GOTRACEBACK="+traceback)
	}
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	runErr := cmd.Run()
	elapsed := time.Since(start)
	code := 0
	if runErr != nil {
		ee, ok := runErr.(*exec.ExitError)
		if !ok {
			report("corrupt", fmt.Sprintf("child (%s) could not be run: %v", name, runErr), metrics)
		}
		if ctx.Err() != nil {
			report("corrupt", fmt.Sprintf("child (%s) was still running after %v and was killed", name, killAfter), metrics)
		}
		code = exitCode(ee)
	}
	out := stderr.String()
	switch {
	case code == 0:
		metrics[n.childFatal] = 0
		metrics[n.gaveUp] = 1
		return fmt.Sprintf("child (%s) gave up after %v without a fatal error", name, elapsed.Round(time.Millisecond))
	case code != 2:
		report("corrupt", fmt.Sprintf("child (%s) exited with status %d; stderr begins %q", name, code, head(out)), metrics)
	case firstFailure(out) == "":
		report("corrupt", fmt.Sprintf("child (%s) exited 2 without a fatal error or panic message; stderr begins %q", name, head(out)), metrics)
	}
	metrics[n.gaveUp] = 0
	if !hasLine(out, fatalLine) {
		// Another fatal error or a panic (a map damaged by the race
		// before the check fired): no frame metrics, which would
		// describe another path.
		metrics[n.childFatal] = 0
		metrics[n.otherFatal] = 1
		return fmt.Sprintf("child (%s) died another way: %q", name, firstFailure(out))
	}
	metrics[n.childFatal] = 1
	metrics[n.otherFatal] = 0
	runtimeLines, internalLines, writer, goroutines := 0, 0, 0, 0
	var names []string
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "goroutine ") && strings.HasSuffix(line, ":"):
			goroutines++
		case strings.HasPrefix(line, "runtime."):
			runtimeLines++
			if len(names) < 3 {
				names = append(names, frameName(line))
			}
		case strings.HasPrefix(line, "internal/runtime/"):
			internalLines++
			if len(names) < 3 {
				names = append(names, frameName(line))
			}
		case strings.HasPrefix(line, "main.writeMap"):
			writer = 1
		}
	}
	metrics[n.runtimeFrames] = flag(runtimeLines > 0)
	metrics[n.runtimeFrameLines] = float64(runtimeLines)
	metrics[n.internalRuntimeFrames] = flag(internalLines > 0)
	metrics[n.writerFrames] = float64(writer)
	metrics[n.goroutines] = float64(goroutines)
	shown := "none"
	if len(names) > 0 {
		shown = strings.Join(names, ", ")
	}
	return fmt.Sprintf("child (%s): %s, %d goroutines traced, %d frames of package runtime and %d of internal/runtime (first: %s)",
		name, fatalLine, goroutines, runtimeLines, internalLines, shown)
}

// flag returns 1 for true and 0 for false.
func flag(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// child makes two goroutines write the same map without a lock until the
// runtime stops the process, or exits 0 after childLimit. The map is made
// with room for every key, so it never grows: a race during growth damages
// the map more often than the check catches it.
func child() {
	m := make(map[int]int, childKeys)
	deadline := time.Now().Add(childLimit)
	var wg sync.WaitGroup
	for g := 0; g < 2; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; ; i++ {
				if i%1024 == 0 && time.Now().After(deadline) {
					return
				}
				writeMap(m, i%childKeys, g)
			}
		}(g)
	}
	wg.Wait()
	os.Exit(0)
}

// writeMap is the frame the traceback should show for the user's code.
//
//go:noinline
func writeMap(m map[int]int, k, v int) {
	m[k] = v
}

// exitCode returns the exit status of a finished child, or -1 when it was
// killed by a signal.
func exitCode(ee *exec.ExitError) int {
	if ws, ok := ee.Sys().(interface{ ExitStatus() int }); ok {
		return ws.ExitStatus()
	}
	return -1
}

// hasLine reports whether out holds line as a whole line.
func hasLine(out, line string) bool {
	for _, l := range strings.Split(out, "\n") {
		if l == line {
			return true
		}
	}
	return false
}

// firstFailure returns the first line of out that starts with "fatal error: "
// or "panic: ", or "" if there is none.
func firstFailure(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "fatal error: ") || strings.HasPrefix(l, "panic: ") {
			return l
		}
	}
	return ""
}

// frameName returns the function name of a traceback frame line: the text
// before its argument list, if it has one.
func frameName(line string) string {
	if i := strings.Index(line, "("); i > 0 {
		return line[:i]
	}
	return line
}

// head returns the first 200 bytes of s.
func head(s string) string {
	if len(s) > 200 {
		return s[:200]
	}
	return s
}

// report prints the result line and exits: 0 clean, 3 corrupt, 4 recovered.
func report(status, detail string, metrics map[string]float64) {
	if metrics == nil {
		metrics = map[string]float64{}
	}
	b, err := json.Marshal(struct {
		Probe   string             `json:"probe"`
		Status  string             `json:"status"`
		Detail  string             `json:"detail"`
		Metrics map[string]float64 `json:"metrics"`
	}{probe, status, detail, metrics})
	if err != nil {
		fmt.Fprintln(os.Stderr, "maplab: encoding result:", err)
		os.Exit(1)
	}
	fmt.Println("maplab-result " + string(b))
	os.Exit(map[string]int{"clean": 0, "corrupt": 3, "recovered": 4}[status])
}
