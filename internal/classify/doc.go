// Package classify turns what one probe trial left behind (exit status,
// signal, timeout flag, the heads of stdout and stderr) into a typed
// outcome such as fatal:concurrent map writes or race:data race.
//
// Classify is a pure function: it runs nothing and reads no files, so it is
// tested against stderr recorded from real toolchains (testdata/recorded)
// and against samples written from the runtime source of releases that
// cannot run here (testdata/derived). See testdata/README.md.
//
// # Rules, in order of precedence
//
// The first rule that matches decides the outcome.
//
//  1. Race detector unavailable. A ThreadSanitizer start-up failure
//     ("FATAL: ThreadSanitizer: unexpected memory mapping ...", "can not
//     mmap the shadow memory", "unsupported VMA range", "==N==ERROR:
//     ThreadSanitizer failed to allocate ...") printed before any Go output,
//     with no result line on stdout, gives unavailable:<signature>, e.g.
//     unavailable:ThreadSanitizer: unexpected memory mapping. The probe
//     never ran; old race runtimes on kernels with high mmap randomisation
//     fail this way (vm.mmap_rnd_bits=28 is the usual workaround). See
//     RaceUnavailable.
//
//  2. Hang. A trial the runner killed at its timeout is hang:timeout,
//     whatever else it printed; hang:timeout + data race when a race report
//     came first.
//
//  3. Race. A race detector report on stderr ("WARNING: DATA RACE", or the
//     "Found N data race(s)" summary) means the detector reported. The rest
//     of the run is classified by rules 4–10, with the race detector's exit
//     status 66 counted as 0, and both facts are kept in the kind
//     (outcome.WithRace): race:data race when the program otherwise ran
//     clean or idle, else race+X with X's reason: race+fatal:concurrent map
//     writes, race+panic:assignment to entry in nil map,
//     race+corrupt:lost N of N entries, race+recovered:..., race+crash:....
//     The race detector does not always win: when the runtime's own map
//     check fires first, the trial is fatal with no race report (recorded
//     for go1.19.8, go1.26.8 and go1.27.3 in race mode).
//
// Rules 4–8 apply only to a process that died (non-zero exit status or a
// signal), so text on stderr of a successful run is never mistaken for a
// runtime failure.
//
//  4. Fatal. The first "fatal error: <message>" line gives fatal:<message>.
//     Go's throw (all releases, and gccgo) and fatal (gc 1.19+, used for map
//     misuse) both print this line; recent releases (recorded with go1.26.8
//     and go1.27.3) indent it by a tab when it interrupts a panic's deferred
//     calls ("panic: x\n\tfatal error: ...").
//     The map misuse messages (MapFatalMessages) are kept verbatim, so the
//     Swiss-table "small map with no empty slot (concurrent map writes?)"
//     stays distinct from "concurrent map writes". A fatal error beats a
//     panic printed before it: the fatal error is what ended the process.
//
//  5. Panic. A "panic: <message>" line, with a goroutine traceback, exit
//     status 2 or a signal, gives panic:<message>. The message is kept as
//     printed, including a "runtime error: " prefix where the runtime
//     prints one (runtime.Error values print it; "assignment to entry in nil
//     map" is a plain runtime error and has none), so it matches the text a
//     deferred recover would see. From a chain of panics the first one not
//     marked " [recovered]" is reported; " [recovered, repanicked]" (Go
//     1.23+) is stripped.
//
//  6. Runtime signal. A signal the Go runtime catches but cannot turn into a
//     panic prints a header such as "SIGSEGV: segmentation violation" or
//     "SIGABRT: abort" (gc and gccgo) and exits 2; the header becomes the
//     reason: crash:SIGSEGV: segmentation violation. With GOTRACEBACK=crash
//     the process then dies by SIGABRT; the header still wins because it
//     names the original signal.
//
//  7. Race runtime failure. A race runtime that started and then died gives
//     crash: the goroutine limit of ThreadSanitizer v2 (Go 1.18 and older)
//     as crash:race: limit on 8128 simultaneously alive goroutines is
//     exceeded, other ThreadSanitizer errors as crash:ThreadSanitizer:
//     CHECK failed or crash:ThreadSanitizer: fatal error.
//
//  8. JavaScript exception. Programs of GopherJS and of gc's js/wasm run
//     in Node.js, which prints an uncaught exception as the source line, a
//     caret, "Name: message" and "    at " frames, and exits 1. GopherJS
//     throws a Go panic as an Error whose frames pass through its $panic
//     function: that is panic:<message>, the message as the Go program
//     would print it ("runtime error: assignment to entry in nil map",
//     GopherJS's wording). Any other exception is crash:<Name>: <message>,
//     e.g. crash:RangeError: Maximum call stack size exceeded, the stack
//     overflow of both (gc's js/wasm panics and fatal errors print as on
//     other platforms, rules 4 and 5). Recorded with GopherJS 1.19.0-beta2
//     and go1.26.8/go1.27.3 js/wasm under node v20.20.2.
//
//  9. Signal. A process killed by a signal without any of the messages
//     above is crash:signal: <name>, with the conventional name whether the
//     caller said "SIGKILL" or "killed": crash:signal: SIGKILL.
//
//  10. Exit status and result line. Otherwise the exit status and the
//     probe's result line decide, as listed below.
//
// # Exit status and result line
//
// The probe contract pairs exit status 0 with status clean, 3 with corrupt
// and 4 with recovered (see proberesult.Parse for what makes a result line valid):
//
//   - exit 0 and status clean: clean, with no reason; but idle:no round
//     overlapped when the result's metrics report overlapping_rounds 0 (a
//     concurrent probe whose goroutines never overlapped: the hazard did
//     not happen, see proberesult.Result.Idle);
//   - exit 3 and status corrupt: corrupt:<detail>, the detail's first line
//     with every decimal number replaced by N (probes put numbers in
//     metrics), e.g. corrupt:lost N of N entries;
//   - exit 4 and status recovered: recovered:<detail>, the recovered panic
//     message as the probe printed it;
//   - exit 0 without a result line: crash:no result line; exit 3 or 4
//     without one: crash:exit status 3 without result line;
//   - a result line proberesult.Parse rejects: crash:malformed result line;
//   - an exit status and a status that do not pair: crash:exit status 3
//     with status clean;
//   - any other exit status: crash:exit status N.
//
// # Reasons
//
// Reasons are short, stable signatures meant for tallying: one line, valid
// UTF-8, no control characters, hexadecimal numbers such as addresses
// replaced by "0x?", at most MaxReason runes. Goroutine numbers and stack
// frames never enter a reason.
//
// On one-thread targets (js/wasm, GopherJS) a goroutine that never
// blocks keeps the CPU: a probe whose goroutines wait for each other in a
// busy loop ends as hang:timeout, and unsynchronised map writers never
// overlap (idle), recorded as such.
//
// No rule looks at Toolchain, Release or Mode; they travel with the Input so
// that callers and tests can say where a sample came from. The formats of
// gc (1.19, 1.26, 1.27, recorded), older gc (derived) and gccgo (11, 12,
// recorded) differ only in details the rules absorb: throw tracebacks with
// runtime frames before 1.19, the " [recovered, repanicked]" suffix and the
// tab before a fatal error in newer releases, a "fatal error:" line
// printed twice when two goroutines trip the map check at once.
package classify
