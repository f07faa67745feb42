/*
Package testscript is maplab's executable record of what each Go toolchain
does when programs misuse maps: one script per probe, run with every
toolchain under test, asserting the distribution of outcomes the probe
shows on that toolchain, plus end-to-end scripts for the matrix command.

It has no code of its own outside its tests: run it with

	go test ./testscript

# Suites

TestProbes runs testdata/*.txtar once per toolchain under test, in a
subtest named after the toolchain's ID:

	go test ./testscript -run 'TestProbes/go1.19.8/concurrent-writes'

The toolchains under test are those MAPLAB_TOOLCHAINS names (comma- or
colon-separated go commands, GOROOTs, gccgo drivers or GOTOOLCHAIN releases,
as a GitHub Actions job sets it for its one release), or else the five this
project's machines have: the go command on PATH, /usr/lib/go-1.19,
gccgo-11, gccgo-12 and go1.27.3 through GOTOOLCHAIN. An absent one is
skipped with a message saying how to install it, or fails the test when
MAPLAB_REQUIRE_ALL=1 (see internal/toolchain/toolchaintest).

	MAPLAB_TOOLCHAINS=/usr/lib/go-1.19 go test ./testscript -run TestProbes

Each script is named after the probe it describes (testdata/nil-map-write.txtar
for probes/nil-map-write) and there is one for every probe.

TestTargets runs testdata/targets/*.txtar once per toolchain whose
programs run in Node.js (GopherJS, gc's js/wasm), in a subtest named after
its ID: the stable facts of those targets (GopherJS ranges a map in
insertion order; on one thread unsynchronised writers never overlap and
never end in a fatal error), and the probes unsupported there. Without
MAPLAB_TOOLCHAINS the targets are those discovery finds; a missing
GopherJS or js/wasm is skipped with how to add it, or fails the test when
MAPLAB_REQUIRE_ALL=1 (toolchaintest.NodeTargets). With MAPLAB_TOOLCHAINS,
only the targets it names run.

	go test ./testscript -run 'TestTargets/gopherjs1.19.0-beta2-go1.19.8/iteration-order'

TestCLI runs testdata/cli/*.txtar once, with the host toolchain: it execs
the matrix command (the test binary stands in for it, see testscript.Main)
in a $WORK whose probes directory is the repository's, so run and report
write into $WORK. $HOSTGO is the path of the host go command and $HOSTID
its toolchain ID; scripts pass them to -toolchains to stay fast. $MACHINE
is this machine's ID: a run with -out out writes out/$MACHINE/$HOSTID.json.

Probe binaries are cached in toolchaintest.CacheDir("build") (the user
cache directory's maplab/build), shared by every script, every toolchain
and every test run; the CLI scripts share it through MAPLAB_CACHE.

# Script syntax

Scripts are testscript scripts (github.com/rogpeppe/go-internal/testscript):
a txtar archive whose comment is a list of commands, one per line, with
'#' comments starting a new phase, optional [condition] prefixes and a '!'
prefix for commands that must fail. All of testscript's commands are
available (exec, stdout, stderr, grep, exists, kill, wait...); the matrix
command must be run with exec (RequireExplicitExec). A failed line stops
the script; testscript prints the script's log: the commands of the failing
phase and what the custom commands logged, including the distribution of
every probe run.

A probe script reads, for example:

	# Every assignment to a nil map panics, and recover catches it.
	probe nil-map-write -trials 20
	rate recovered:'assignment to entry in nil map' == 1

	# Concurrent writes are detected on a best-effort basis; gccgo has
	# no race detector.
	[kind:gc] probe concurrent-writes -trials 200 -alone
	[kind:gc] rate fatal:'^concurrent map writes$' >= 0.05
	[race] probe concurrent-writes -mode race -trials 20
	[race] rate race >= 0.5

# Statistics

Detection of map misuse is best-effort and timing dependent, so a cell is a
distribution over n trials and a script asserts on rates with a bound that
the toolchain passes with overwhelming probability. The rule used here:
take the measured cell with the lowest rate (k of n trials), its 99.9%
Wilson lower bound p, and choose for N trials a bound b such that
P(Binomial(N, p) < b·N) < 1e-4. With k = n = 80 that allows "rate race
>= 0.5" over 20 trials; with 70 of 200 it would allow "rate fatal >= 0.14"
over 200, and the scripts assert 0.05, which any true rate of 0.13 or more
passes, to leave room for a machine busier than any seen. Upper bounds
work the same way from the upper end of the interval. Deterministic
behaviour (a single goroutine, a correct program, or an outcome fixed by
how the runtime is written) is asserted with == 1 or == 0, and the comment
says why it is deterministic. Each script records in a comment what was
measured (trials, counts, toolchains, date) and how the bounds follow, so
that the next reader sees where a bound comes from. Never assert that
something happened "at least once".

Detection needs the probe's goroutines to run in parallel: on a machine
whose processors are busy with other scripts' trials, detection rates of
the concurrent probes dropped from about 95% to 10-40%, and even with
-alone to 35% on a heavily loaded machine. Cells whose detection rate is
asserted therefore run with -alone (see probe), and their bounds allow
for the machine's load.

# Commands

The commands added to testscript's own, in alphabetical order:

  - metric NAME OP X
    Asserts that metric NAME of the probe's result line satisfies OP X
    (OP one of >= <= > < ==) in every sample of the last cell that
    reports it; at least one must. The matrix keeps at most two samples
    per distinct outcome, so this checks a few trials, not all: use it for
    metrics that hardly vary between trials, such as per_iteration of
    range-closure-capture. The log says how many samples the check rests
    on. '!' is refused: use the opposite comparison.

    probe range-closure-capture -lang go1.21
    metric per_iteration == 0

  - [!] outcome KIND [REASON-REGEXP]
    Asserts that the leading (most frequent) outcome of the last cell has
    kind KIND and, if given, a reason matching the regular expression
    (unanchored, as in stdout). With '!', asserts that it does not. KIND is
    one of clean, idle, corrupt, recovered, panic, fatal, race,
    race+corrupt, race+recovered, race+panic, race+fatal, race+crash,
    crash, hang, rejected, build-failed, unsupported, unavailable; a kind also
    selects the race+X kinds that have it (outcome.Kind.Has). A cell that was not run
    (unsupported, unavailable, build-failed) has that outcome as its
    leading one. Use it for deterministic cells and not-run cells; for
    best-effort detection assert a rate.

    probe clear-during-range
    [!release:go1.21] outcome unsupported 'needs go1.21'

  - probe NAME [-trials N] [-mode plain|race] [-lang go1.N|toolchain] [-gomaxprocs N|all] [-alone]
    Builds probe NAME (probes/NAME) with the toolchain under test, in mode
    plain (default) or race, with the language version go1.N or the
    toolchain's own (default), and runs N trials (default 40, at most
    2000), through the matrix's own packages: runner.Plan and runner.Run
    with a fixed-count rule, storing the cell in $WORK/results and reading
    it back. The cell becomes the script's last cell, which outcome, rate
    and metric examine. As in the matrix, a probe whose minimum is above
    the toolchain, or a language version the toolchain cannot select
    (newer than its own; any go1.N on gccgo, which builds without a
    go.mod), gives an unsupported cell, and a race run on a toolchain
    without a race detector an unavailable one. It is an error to ask for
    a mode the probe's maplab:modes excludes. A build-outcome probe
    (maplab:build-outcome) that the toolchain refuses with an expected
    message gives one rejected trial whatever N is, the compiler's first
    error as its reason: assert it with outcome rejected 'MESSAGE'. With -alone each trial holds
    the machine's processors alone (runner.CPUs, the lock behind
    maplab:alone in the matrix): no other trial or build in the test
    process runs meanwhile on the CPUs the trial may use (with
    -gomaxprocs N, which sets GOMAXPROCS and pins the trial to the first
    N CPUs, those N; builds may run on the others), so that the probe's
    goroutines get the processors; use it for cells whose
    detection rate is asserted, as detection needs goroutines running in
    parallel. The distribution is written to the script log. '!' is
    refused.

    probe concurrent-writes -trials 200 -alone
    probe range-closure-capture -lang go1.21

  - rate SELECTOR... OP X
    Asserts that the fraction of the last cell's trials whose outcome is
    selected by any of the selectors satisfies OP X (OP one of >= <= > <
    ==, X in [0, 1]). A selector is KIND[|KIND...][:REASON-REGEXP]: one of
    the kinds and, if a regexp is given, a reason matching it (unanchored).
    Quote a selector whose regexp has spaces, or put the regexp in a
    variable with env. The cell must have run trials. A failure names the
    script, the toolchain, the rate with its counts and the whole
    distribution, e.g.

    concurrent-writes.txtar on go1.19.8: rate fatal:^concurrent map writes$ = 0.35 (70/200; clean 130, fatal:concurrent map writes 70), want >= 0.9

    '!' is refused: use the opposite comparison.

    rate clean == 1
    rate fatal|race >= 0.9
    rate 'fatal:^concurrent map (writes|read and map write)$' clean corrupt >= 0.9
    env 'DETECT=^concurrent map writes$'
    rate fatal:$DETECT >= 0.05

  - status CODE PROGRAM [ARGS...]
    Runs PROGRAM like exec and asserts that it exits with status CODE,
    e.g. 2 for a usage error of the matrix command. Its stdout and stderr
    are then checked with stdout and stderr. '!' is refused.

    status 2 matrix run -bogus

  - waitfile [-timeout DURATION] FILE
    Waits until FILE exists, polling, for at most DURATION (default 1m);
    used with a background exec to act once a run has written something.
    '!' is refused (use ! exists).

    waitfile -timeout 2m out/$MACHINE/$HOSTID.json

# Conditions

Besides testscript's own conditions, these describe the toolchain under
test (per-toolchain suite only; the CLI suite has no toolchain under test).
testscript reserves [gc], [gccgo] and [go1.N] for the compiler and release
of the test binary itself and never passes them on, so maplab's names are
prefixed:

  - [kind:gc], [kind:gccgo], [kind:gopherjs]
    The toolchain is of that kind (gc's js/wasm is kind gc).

  - [lang:go1.N]
    The toolchain can build with language version go1.N: a module-aware gc
    toolchain (go1.12 and later) whose newest language is go1.N or later.
    gccgo builds without a go.mod, so this is false for it.

  - [race]
    The toolchain has a race detector (gc with cgo on a supported
    platform). The race runtime may still fail to start on a given kernel;
    the probe command then records an unavailable cell.

  - [release:go1.N], [release:go1.N.M]
    The toolchain's standard library is from that release or newer
    (gccgo 11 has go1.16.5, gccgo 12 go1.18).

  - [swiss]
    Maps are Swiss tables: gc go1.24 and later, unless the toolchain is a
    GOEXPERIMENT=noswissmap variant (go1.24 and go1.25 only).

  - [toolchain:ID]
    The toolchain's ID is ID, e.g. [toolchain:gccgo12-go1.18].

Each of them can be negated: [!race], [!release:go1.19].
*/
package testscript
