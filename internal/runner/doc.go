// Package runner executes the matrix: it plans one cell per (probe,
// toolchain, mode, language version, GOMAXPROCS), builds each probe once
// per cell, runs trials until the cell's stopping rule is satisfied,
// classifies every trial and stores finished cells in one results file per
// toolchain.
//
// # When a cell stops
//
// Three rules, by the kind of probe:
//
//   - Outcome cells (the default, stats.DefaultRule): a cell whose trials
//     all had one outcome kind stops after 20 (a kind never seen then has
//     a rate below 14% with 95% confidence); a mixed cell goes on until
//     every kind's rate is known within ±10 points (95% Wilson), and no
//     cell runs more than 400. The rule counts kinds, not messages: the
//     claims, the rate charts and What changed's tests of kinds read
//     kinds, and the messages of one kind (fatal "concurrent map writes"
//     or "concurrent map read and map write") are shown with their counts
//     out of the trials that ran, which is all a claim's "any reason"
//     clause or What changed's test of a message asks of them. A probe's maplab:trials N raises the
//     floor where its header says why, and maplab:trials N until KIND
//     keeps the floor only until a trial of KIND answers the question it
//     was set for; "in" limits the floor to the modes and GOMAXPROCS
//     settings its claim reads (catalogue.Probe.FloorIn).
//
//   - Timing cells (maplab:trials N exactly, run alone): N trials, the
//     fewest that give each median the interval its claims' Bonferroni
//     level needs (the header states the arithmetic). Then the sequential
//     rule (Config.Near) takes its one look: if a claim that compares the
//     cell's median with a fixed threshold finds it still undecided, with
//     too few trials for the level, or with its interval reaching into the
//     run-to-run margin around the threshold (claims.RunMargin) from
//     outside while its trials' median lies outside the margin, the cell
//     gets N more trials, 2N in all (claims.Result.Open). A cell that is
//     decided stops, and so does one whose interval lies wholly inside the
//     margin, which no number of trials in one run decides, or whose
//     trials' median lies inside it, which more trials would narrow into
//     it. Trials go where they can decide something: just outside the
//     edge of the margin.
//
//   - Error rate of the sequential rule. The cell reports one interval,
//     from N or from 2N trials, chosen by the data; optional stopping
//     like this inflates the error of an interval taken at the usual
//     level. So every cell the rule applies to records two looks
//     (results.Cell.Looks), whether it went on or not, and the claims
//     engine counts each look as one estimate of the claim's Bonferroni
//     family: a claim reading m such cells takes each interval at
//     1 - 0.05/(2m). By the union bound over every cell and both looks,
//     the chance that any interval the report uses misses its median is
//     at most 5% per claim, whatever the rule decided
//     (TestSequentialErrorSimulation: a true median inside the margin, 2%
//     from its edge, 72 cells, 400 seeds, about one cell in eight
//     extended, refuted in none).
//
// A rule given on the command line (-trials N) fixes every cell at N
// trials and turns the sequential rule off.
//
// # Order and processors
//
// Cells run toolchain by toolchain, except two kinds (see Plan): the
// cells of alone probes at a GOMAXPROCS below every CPU run first, and
// the timing probes' run last, probe by probe across the toolchains.
//
// Trials and builds share the machine's processors through one lock
// (CPUs, a Processors). Ordinary trials and builds run side by side; a
// trial of a maplab:alone probe runs with nothing else, except that
// one pinned to the first n CPUs (GOMAXPROCS=n) holds only those, and
// builds run on the others meanwhile: that is why those cells come
// first, and why the run builds the binaries of the cells that follow
// beside them (buildBeside). A timing probe's trial holds every CPU
// whatever its GOMAXPROCS. The outcomes of the one-CPU cells with builds
// running on the other CPU were the same as with it idle (2026-12-05:
// concurrent-increment-long at GOMAXPROCS=1, 30 trials per cell, plain
// and race, go1.19.8, go1.26.8, go1.27.3 and gccgo 12).
package runner
