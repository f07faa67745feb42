package classify

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/proberesult"
	"github.com/maplab/maplab/internal/toolchain"
)

// Input is everything the classifier may look at for one trial.
type Input struct {
	// ExitCode is the process exit status; -1 when killed by a signal.
	ExitCode int
	// Signal names the signal that killed the process, else "". Both the
	// conventional name ("SIGKILL", as the trial runner reports it) and
	// the description Go's syscall package gives on Linux ("killed",
	// "segmentation fault", as os/exec prints it) are accepted.
	Signal string
	// TimedOut reports that the runner killed the trial at its timeout.
	TimedOut bool
	// Stdout and Stderr are the heads of the trial's output, possibly
	// truncated by the runner.
	Stdout, Stderr []byte
	// Toolchain is the compiler family (gc or gccgo).
	Toolchain toolchain.Kind
	// Release is the Go release of the toolchain's library, e.g. "go1.19.8"
	// or "go1.16" for gccgo 11.
	Release string
	// Mode is plain or race.
	Mode toolchain.Mode
}

// Kinds lists every kind Classify can return, in report order. The runner,
// not Classify, produces rejected (from a build, see runner), build-failed
// and unsupported; Classify produces
// unavailable only for a race detector that could not start (see
// RaceUnavailable).
var Kinds = []outcome.Kind{
	outcome.Clean, outcome.Idle, outcome.Corrupt, outcome.Recovered, outcome.Panic,
	outcome.Fatal, outcome.Race, outcome.RaceCorrupt, outcome.RaceRecovered,
	outcome.RacePanic, outcome.RaceFatal, outcome.RaceCrash,
	outcome.Crash, outcome.Hang, outcome.Unavailable,
}

// MapFatalMessages lists the runtime's fatal messages for concurrent map
// misuse, across releases:
//
//   - "concurrent map writes", "concurrent map read and map write" and
//     "concurrent map iteration and map write": runtime/hashmap*.go (Go
//     1.6–1.10), runtime/map*.go (1.11–1.23, throw until 1.18, fatal from
//     1.19), internal/runtime/maps (Swiss tables, 1.24+), and gccgo's libgo.
//   - "concurrent map clone and map write": runtime/map.go mapclone (1.21+)
//     and internal/runtime/maps/map.go (1.24+).
//   - "small map with no empty slot (concurrent map writes?)":
//     internal/runtime/maps putSlotSmall* (Swiss tables; present in
//     go1.26.8, gone from go1.27.3).
//
// Classify reports these verbatim as fatal reasons.
var MapFatalMessages = []string{
	"concurrent map writes",
	"concurrent map read and map write",
	"concurrent map iteration and map write",
	"concurrent map clone and map write",
	"small map with no empty slot (concurrent map writes?)",
}

// IsMapFatal reports whether reason is one of MapFatalMessages.
func IsMapFatal(reason string) bool {
	for _, m := range MapFatalMessages {
		if reason == m {
			return true
		}
	}
	return false
}

// MaxReason is the longest reason Classify returns, in runes; longer texts
// are cut and end in "...".
const MaxReason = 120

// raceExitCode is the exit status the race detector gives a program that
// reported races and otherwise exited 0.
const raceExitCode = 66

// Classify maps one trial to an outcome. The rules and their precedence are
// described in the package documentation.
func Classify(in Input) outcome.Outcome {
	if reason, ok := RaceUnavailable(in); ok {
		return outcome.Outcome{Kind: outcome.Unavailable, Reason: reason}
	}
	lines := splitLines(in.Stderr)
	raced := raceReported(lines)
	if in.TimedOut {
		reason := "timeout"
		if raced {
			reason += " + data race"
		}
		return outcome.Outcome{Kind: outcome.Hang, Reason: reason}
	}
	if !raced {
		return classifyRun(in, lines)
	}
	rest := in
	if rest.ExitCode == raceExitCode && rest.Signal == "" {
		rest.ExitCode = 0
	}
	o := classifyRun(rest, lines)
	k := outcome.WithRace(o.Kind)
	if k == outcome.Race {
		// The program ran clean (or idle): the race report is the news.
		return outcome.Outcome{Kind: k, Reason: "data race"}
	}
	return outcome.Outcome{Kind: k, Reason: o.Reason}
}

// classifyRun applies the rules below the race report: runtime messages on
// stderr, then signals, then the pairing of exit status and result line.
func classifyRun(in Input, lines []string) outcome.Outcome {
	if in.ExitCode != 0 || in.Signal != "" {
		if msg, ok := fatalMessage(lines); ok {
			return outcome.Outcome{Kind: outcome.Fatal, Reason: msg}
		}
		if in.ExitCode == 2 || in.Signal != "" || hasGoroutineHeader(lines) {
			if msg, ok := panicMessage(lines); ok {
				return outcome.Outcome{Kind: outcome.Panic, Reason: msg}
			}
		}
		if sig, ok := runtimeSignal(lines); ok {
			return outcome.Outcome{Kind: outcome.Crash, Reason: sig}
		}
		if msg, ok := raceRuntimeFailure(lines); ok {
			return outcome.Outcome{Kind: outcome.Crash, Reason: msg}
		}
		if k, msg, ok := jsException(lines); ok {
			return outcome.Outcome{Kind: k, Reason: msg}
		}
	}
	if in.Signal != "" {
		return outcome.Outcome{Kind: outcome.Crash, Reason: Tidy("signal: " + signalName(in.Signal))}
	}
	wantStatus, ok := proberesult.StatusForExit(in.ExitCode)
	if !ok {
		return outcome.Outcome{Kind: outcome.Crash, Reason: fmt.Sprintf("exit status %d", in.ExitCode)}
	}
	res, found, err := proberesult.Parse(in.Stdout)
	switch {
	case err != nil:
		return outcome.Outcome{Kind: outcome.Crash, Reason: "malformed result line"}
	case !found && in.ExitCode == 0:
		return outcome.Outcome{Kind: outcome.Crash, Reason: "no result line"}
	case !found:
		return outcome.Outcome{Kind: outcome.Crash, Reason: fmt.Sprintf("exit status %d without result line", in.ExitCode)}
	case res.Status != wantStatus:
		return outcome.Outcome{Kind: outcome.Crash, Reason: fmt.Sprintf("exit status %d with status %s", in.ExitCode, res.Status)}
	}
	switch res.Status {
	case proberesult.StatusCorrupt:
		return outcome.Outcome{Kind: outcome.Corrupt, Reason: detailSignature(res.Detail)}
	case proberesult.StatusRecovered:
		return outcome.Outcome{Kind: outcome.Recovered, Reason: Tidy(res.Detail)}
	}
	if res.Idle() {
		return outcome.Outcome{Kind: outcome.Idle, Reason: "no round overlapped"}
	}
	return outcome.Outcome{Kind: outcome.Clean}
}

// RaceUnavailable reports whether stderr shows that the race detector could
// not start at all: a ThreadSanitizer start-up failure (unexpected memory
// mapping on kernels with high mmap randomisation, shadow memory that cannot
// be mapped or allocated, an unsupported virtual address range) printed
// before any output of the Go runtime, with no result line on stdout. Only
// lines marked FATAL or ERROR count: newer race runtimes print a WARNING
// about an unexpected mapping and then re-exec themselves successfully. The
// reason is a stable signature such as "ThreadSanitizer: unexpected memory
// mapping". RaceUnavailable does not look at in.Mode; only a race build
// prints ThreadSanitizer messages.
//
// Failures of a race runtime that did start are not "unavailable": the
// goroutine limit of old race runtimes ("race: limit on 8128 simultaneously
// alive goroutines is exceeded, dying") and ThreadSanitizer CHECK failures
// are classified as crashes by Classify.
func RaceUnavailable(in Input) (reason string, ok bool) {
	for _, line := range splitLines(in.Stderr) {
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if goOutput(t) {
			break
		}
		sig, startup := tsanSignature(t)
		if !startup {
			continue
		}
		if _, found, _ := proberesult.Parse(in.Stdout); found {
			return "", false
		}
		return sig, true
	}
	return "", false
}

// goOutput reports whether a stderr line was printed by the Go runtime or
// the race detector's report writer, which means the program started.
func goOutput(t string) bool {
	return t == raceDelimiter ||
		strings.HasPrefix(t, "WARNING: DATA RACE") ||
		strings.HasPrefix(t, "fatal error: ") ||
		strings.HasPrefix(t, "panic: ") ||
		goroutineHeader.MatchString(t)
}

const raceDelimiter = "=================="

// tsanSignature turns a ThreadSanitizer error line into a stable signature.
// startup reports whether the error is one that stops the race runtime from
// starting.
func tsanSignature(t string) (sig string, startup bool) {
	if !strings.Contains(t, "ThreadSanitizer") {
		return "", false
	}
	if strings.Contains(t, "CHECK failed") {
		return "ThreadSanitizer: CHECK failed", false
	}
	// Warnings are not failures: newer runtimes warn about an unexpected
	// mapping and then re-exec themselves with a fixed address space.
	if !strings.Contains(t, "FATAL") && !strings.Contains(t, "ERROR") {
		return "", false
	}
	for _, p := range tsanStartup {
		if strings.Contains(t, p.text) {
			return p.sig, true
		}
	}
	return "ThreadSanitizer: fatal error", false
}

// tsanStartup lists the ThreadSanitizer messages that mean the race runtime
// could not set up its memory (llvm compiler-rt lib/tsan/rtl/
// tsan_platform_linux.cpp, lib/sanitizer_common/sanitizer_common.cpp).
var tsanStartup = []struct{ text, sig string }{
	{"unexpected memory mapping", "ThreadSanitizer: unexpected memory mapping"},
	{"can not mmap the shadow memory", "ThreadSanitizer: cannot mmap the shadow memory"},
	{"cannot mmap the shadow memory", "ThreadSanitizer: cannot mmap the shadow memory"},
	{"unsupported VMA range", "ThreadSanitizer: unsupported VMA range"},
	{"memory layout is incompatible", "ThreadSanitizer: memory layout is incompatible"},
	{"failed to allocate", "ThreadSanitizer: failed to allocate memory"},
	{"failed to reserve", "ThreadSanitizer: failed to allocate memory"},
}

var (
	goroutineHeader = regexp.MustCompile(`^goroutine \d+ .*\[.*\]:`)
	raceFound       = regexp.MustCompile(`^Found \d+ data race\(s\)`)
	raceLimit       = regexp.MustCompile(`race: limit on (\d+) simultaneously alive goroutines is exceeded`)
	signalHeader    = regexp.MustCompile(`^SIG[A-Z0-9]+: \S`)
	hexNumber       = regexp.MustCompile(`0x[0-9a-fA-F]+`)
	decimalNumber   = regexp.MustCompile(`\b\d+(\.\d+)?\b`)
)

// raceReported reports whether stderr holds a race detector report.
func raceReported(lines []string) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "WARNING: DATA RACE") || raceFound.MatchString(t) {
			return true
		}
	}
	return false
}

// fatalMessage returns the message of the first "fatal error:" line. Go
// 1.26 prints it indented by a tab after the panic it interrupted
// ("panic: x\n\tfatal error: concurrent map writes"), so leading blanks
// are allowed.
//
// Under the race detector the runtime and the race report can write at
// the same time, so the message may be cut off by a report's "=====" line
// and printed on a later line of its own; then the first later line that
// is a known map message is the message.
func fatalMessage(lines []string) (string, bool) {
	for i, l := range lines {
		t := strings.TrimLeft(l, " \t")
		msg, ok := strings.CutPrefix(t, "fatal error: ")
		if !ok {
			continue
		}
		if strings.HasPrefix(msg, "===") || strings.TrimSpace(msg) == "" {
			for _, later := range lines[i+1:] {
				if m := strings.TrimSpace(later); IsMapFatal(m) {
					return m, true
				}
			}
			return "message interleaved with race report", true
		}
		return Tidy(msg), true
	}
	return "", false
}

// panicMessage returns the message of the panic that killed the program.
//
// The runtime prints the chain of active panics, oldest first, one per line
// ("panic: a [recovered]\n\tpanic: b"); a value recovered and re-panicked
// unchanged is printed once with " [recovered, repanicked]" (Go 1.23+).
// The reason is the first panic in the chain that was not recovered, with
// the suffix removed; the message is kept as printed, so a runtime error
// keeps its "runtime error: " prefix (as its Error method does).
func panicMessage(lines []string) (string, bool) {
	type entry struct{ first, last string }
	var chain []entry
	for _, l := range lines {
		if len(chain) == 0 {
			if msg, ok := strings.CutPrefix(l, "panic: "); ok {
				chain = append(chain, entry{msg, msg})
			}
			continue
		}
		if msg, ok := strings.CutPrefix(l, "\tpanic: "); ok {
			chain = append(chain, entry{msg, msg})
			continue
		}
		if strings.HasPrefix(l, "\t") {
			// A continuation line of a multi-line panic value.
			chain[len(chain)-1].last = l
			continue
		}
		break
	}
	if len(chain) == 0 {
		return "", false
	}
	pick := chain[len(chain)-1]
	for _, e := range chain {
		if !strings.HasSuffix(e.last, " [recovered]") {
			pick = e
			break
		}
	}
	msg := pick.first
	for _, suffix := range []string{" [recovered, repanicked]", " [recovered]"} {
		msg = strings.TrimSuffix(msg, suffix)
	}
	return Tidy(msg), true
}

// hasGoroutineHeader reports whether stderr holds a goroutine traceback.
func hasGoroutineHeader(lines []string) bool {
	for _, l := range lines {
		if goroutineHeader.MatchString(l) {
			return true
		}
	}
	return false
}

// runtimeSignal returns the header the Go runtime (gc and gccgo) prints
// when a signal it cannot turn into a panic kills the program, such as
// "SIGSEGV: segmentation violation" or "SIGABRT: abort".
func runtimeSignal(lines []string) (string, bool) {
	for _, l := range lines {
		if signalHeader.MatchString(l) {
			return Tidy(l), true
		}
	}
	return "", false
}

// jsExceptionRE matches the line in which Node.js names an uncaught
// JavaScript exception, "Error: boom" or "RangeError: Maximum call stack
// size exceeded".
var jsExceptionRE = regexp.MustCompile(`^([A-Z][A-Za-z]*)?Error: (.+)$`)

// jsException recognises an uncaught JavaScript exception as Node.js prints
// it (the source line, a caret, then "Name: message" and "    at " frames)
// before exiting with status 1. GopherJS turns a Go panic into a thrown
// Error whose frames pass through its $panic function: that is
// panic:<message>, the message as Go would print it. Any other exception,
// such as the RangeError of a JavaScript stack overflow in GopherJS or
// WebAssembly code, is crash:<Name>: <message>.
func jsException(lines []string) (outcome.Kind, string, bool) {
	for i, l := range lines {
		m := jsExceptionRE.FindStringSubmatch(l)
		if m == nil || i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "    at ") {
			continue
		}
		for _, f := range lines[i+1:] {
			if !strings.HasPrefix(f, "    at ") {
				break
			}
			if strings.HasPrefix(f, "    at $panic ") && m[1] == "" {
				return outcome.Panic, Tidy(m[2]), true
			}
		}
		return outcome.Crash, Tidy(m[1] + "Error: " + m[2]), true
	}
	return "", "", false
}

// raceRuntimeFailure recognises a race runtime that died after it started:
// the goroutine limit of ThreadSanitizer v2 (Go 1.18 and older) and other
// ThreadSanitizer errors.
func raceRuntimeFailure(lines []string) (string, bool) {
	for _, l := range lines {
		if m := raceLimit.FindStringSubmatch(l); m != nil {
			return "race: limit on " + m[1] + " simultaneously alive goroutines is exceeded", true
		}
		if sig, _ := tsanSignature(strings.TrimSpace(l)); sig != "" {
			return sig, true
		}
	}
	return "", false
}

// detailSignature turns a probe's corrupt detail into a stable signature:
// its first line, tidied, with every decimal number replaced by N, so that
// "lost 3 of 1000 entries" and "lost 5 of 1000 entries" tally together.
// Probes report the numbers themselves as metrics.
func detailSignature(detail string) string {
	return Tidy(decimalNumber.ReplaceAllString(Tidy(detail), "N"))
}

// Tidy makes s a short, stable, single-line reason: TidyLine, and at most
// MaxReason runes. Every reason is tidied this way, the runner's reason
// for a rejected build too.
func Tidy(s string) string {
	s = TidyLine(s)
	if utf8.RuneCountInString(s) > MaxReason {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:MaxReason-3])) + "..."
	}
	return s
}

// TidyLine makes s a stable single line: valid UTF-8, first line only,
// control characters replaced by spaces, hexadecimal numbers (addresses)
// replaced by "0x?", surrounding space trimmed. Reasons are tidied this
// way, and so is a probe's detail wherever it is shown.
func TidyLine(s string) string {
	s = strings.ToValidUTF8(s, "?")
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(hexNumber.ReplaceAllString(s, "0x?"))
}

// signalName returns the conventional name of a signal given either that
// name or the description Go's syscall package gives it on Linux, so that
// "killed" and "SIGKILL" give the same reason. Other names pass through.
func signalName(s string) string {
	if name, ok := signalNames[s]; ok {
		return name
	}
	return s
}

// signalNames maps syscall.Signal.String() on Linux to conventional names.
var signalNames = map[string]string{
	"hangup":                   "SIGHUP",
	"interrupt":                "SIGINT",
	"quit":                     "SIGQUIT",
	"illegal instruction":      "SIGILL",
	"trace/breakpoint trap":    "SIGTRAP",
	"aborted":                  "SIGABRT",
	"bus error":                "SIGBUS",
	"floating point exception": "SIGFPE",
	"killed":                   "SIGKILL",
	"user defined signal 1":    "SIGUSR1",
	"segmentation fault":       "SIGSEGV",
	"user defined signal 2":    "SIGUSR2",
	"broken pipe":              "SIGPIPE",
	"alarm clock":              "SIGALRM",
	"terminated":               "SIGTERM",
	"CPU time limit exceeded":  "SIGXCPU",
	"file size limit exceeded": "SIGXFSZ",
	"bad system call":          "SIGSYS",
}

// splitLines splits output into lines without their line endings.
func splitLines(b []byte) []string {
	b = bytes.TrimRight(b, "\n")
	if len(b) == 0 {
		return nil
	}
	parts := strings.Split(string(b), "\n")
	for i, p := range parts {
		parts[i] = strings.TrimSuffix(p, "\r")
	}
	return parts
}
