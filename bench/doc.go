// Package bench holds the matrix's performance benchmarks (issue 8): what
// the lab costs on top of the probes it runs. Each comparison measures both
// sides in one run on the same machine and reports their ratio with
// b.ReportMetric (peak RSS is reported in MB), so the figures stay
// meaningful on a loaded machine:
//
//   - BenchmarkTrialOverhead: the runner executing a prebuilt probe
//     (trial.Run and classify.Classify, and runner.Run on an already built
//     cell) against a bare exec.Command(bin).Run() loop of the same binary,
//     interleaved, and the fixed cost of a cell. Target: at most 1.10.
//   - BenchmarkWarmRerun: the full local matrix (matrix run, then matrix
//     report) rerun with nothing changed against the cold run with an empty
//     build cache and an empty results directory (target: at most 0.05),
//     and the cold run against a -fresh rerun that runs every trial again
//     with every probe built: what builds and discovery add to the cost of
//     the probes themselves.
//   - BenchmarkAdaptiveTrials: the adaptive stopping rule against a fixed
//     400 trials per cell over the whole catalogue (host toolchain, plain
//     mode), with the number of cells whose leading outcome kind differs,
//     also on the same recorded trials and between two fixed runs.
//     Target: at least 5 times fewer runs, 0 differing cells.
//   - BenchmarkBuildCache: every probe of one toolchain built in parallel
//     into an empty build cache, then requested again from the cache.
//     Reported as second/first, near zero.
//   - BenchmarkPeakRSS: the matrix process's own peak resident set (VmHWM)
//     through the full local matrix. Target: under 200 MB.
//
// The benchmarks use the go command on PATH only; MAPLAB_BENCH_ALL=1 makes
// the full-matrix benchmarks and BenchmarkBuildCache use every toolchain
// discovery finds (or MAPLAB_TOOLCHAINS). Run them all with
//
//	go test -run '^$' -bench . -benchtime 1x -timeout 0 ./bench
//
// Per-cell lines (mixed cells, slow cells) follow the results under
// "Details:". BENCHMARKS.md at the repository root records the figures and
// the machine they come from. The package's only tests check its pure
// helpers and cost nothing, so "go test ./..." stays fast.
package bench
