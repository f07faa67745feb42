package claims

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/outcome"
	"github.com/maplab/maplab/internal/toolchain"
)

// wantIDs are the claim ids probe authors cite; the set is fixed.
var wantIDs = []string{
	"single-cpu-catches-concurrent-writes", "single-cpu-increments-safe", "detection-independent-of-cpus", "race-detector-reports-every-race", "large-values-freed-on-delete",
	"delete-during-range-panics", "insert-during-range-visits-new", "clear-during-range-stops",
	"concurrent-writes-always-detected", "concurrent-detection-since-1.6", "recover-catches-concurrent-writes",
	"nil-map-read-panics", "nil-map-write-recoverable", "nan-keys-removable-by-delete", "delete-idiom-empties-map", "clear-removes-nan-keys",
	"range-capture-shared-before-1.22", "iteration-order-random", "small-map-order-stable", "rwmutex-makes-map-safe",
	"sync-map-range-delete-safe", "concurrent-readers-safe", "delete-frees-memory", "len-is-checked-by-runtime",
	"lost-increments-in-plain-builds", "lost-updates-without-fatal", "maps-iterators-safe-to-delete",
	"fmt-prints-maps-sorted", "unhashable-key-empty-map-panics", "range-sees-snapshot", "grow-during-range-new-keys-rare",
	"small-map-order-rotations", "concurrent-writes-lose-entries-silently", "race-detector-reports-clone-write",
	"clone-during-write-unusable", "fatal-traceback-shows-runtime", "clear-frees-memory", "no-concurrent-detection-go1.9",
	"concurrent-detection-deterministic-since-1.22",
	"empty-struct-set-smaller", "sync-map-range-order-random", "assign-keeps-original-key", "range-first-key-fair",
	"sync-map-4x-rwmutex-read-heavy", "sharded-map-4x-mutex", "sync-map-slower-write-heavy", "sharding-helps-only-with-contention",
	"swiss-maps-faster", "noswissmap-restores-bucket-maps", "swiss-maps-faster-than-noswissmap",
	"string-key-lookup-no-alloc", "string-key-delete-no-alloc", "string-key-assign-existing-no-alloc",
	"map-grows-at-load-factor-6.5", "make-hint-prevents-growth",
	"delete-loop-slower-than-remake", "clear-cheap-few-entries", "sync-map-slow-key-churn",
	"duplicate-int-keys-rejected", "duplicate-bool-keys-rejected", "duplicate-float-keys-rejected", "maps-keys-returns-slice",
}

// knownProbes are the probe names of the catalogue the claims may cite.
var knownProbes = []string{
	"perf-map-ops",
	"large-values-freed-on-delete",
	"concurrent-increment-long",
	"delete-during-range", "insert-during-range", "grow-during-range", "clear-during-range", "concurrent-writes",
	"concurrent-read-write", "concurrent-iterate-write", "concurrent-iterate-delete", "concurrent-clone-write",
	"concurrent-counter-increment", "concurrent-increment-rounds", "concurrent-disjoint-writes", "concurrent-len-write", "recover-concurrent-write",
	"nil-map-write", "nil-map-read-delete-range", "nan-keys", "clear-nan-keys", "range-closure-capture",
	"iteration-order", "two-phase-delete", "rwmutex-guarded", "sync-map-range-delete", "concurrent-readers-only",
	"delete-all-retains-memory", "maps-iterator-delete", "range-delete-nan-keys",
	"update-during-range", "fmt-map-sorted", "unhashable-key-empty-map", "fatal-traceback-frames", "clear-retains-memory",
	"empty-struct-set-memory", "sync-map-range-order", "assign-existing-key", "range-first-key-skew",
	"perf-sync-map-vs-mutex",
	"string-key-conversion-allocs", "growth-load-factor", "make-hint-growth",
	"perf-delete-loop-vs-remake", "perf-clear-capacity", "perf-sync-map-churn",
	"map-literal-duplicate-int-key", "map-literal-duplicate-bool-key", "map-literal-duplicate-float-key", "maps-keys-slice",
}

func TestEmbeddedClaims(t *testing.T) {
	cs, err := Parse("claims.json", embedded)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	known := map[string]bool{}
	for _, p := range knownProbes {
		known[p] = true
	}
	for _, c := range cs {
		got = append(got, c.ID)
		for _, p := range c.Probes {
			if !known[p] {
				t.Errorf("claim %s lists unknown probe %q", c.ID, p)
			}
		}
	}
	want := append([]string(nil), wantIDs...)
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("claim ids:\n got %v\nwant %v", got, want)
	}
	if len(Embedded()) != len(cs) {
		t.Errorf("Embedded returned %d claims, want %d", len(Embedded()), len(cs))
	}
}

// TestMetricsNamedInProbes checks that every metric a claim reads is named
// in the source of the probe it reads it from. The probes live outside
// this package; the test skips when they are absent.
func TestMetricsNamedInProbes(t *testing.T) {
	dir := filepath.Join("..", "..", "probes")
	if _, err := os.Stat(dir); err != nil {
		skipOrFail(t, "probe sources not found at %s: %v", dir, err)
	}
	for _, c := range Embedded() {
		for _, ch := range c.Checks {
			src, err := os.ReadFile(filepath.Join(dir, ch.Probe, "main.go"))
			if err != nil {
				missing(t, "claim %s: %v", c.ID, err)
				continue
			}
			for _, m := range ch.Predicate.Metrics() {
				if !strings.Contains(string(src), `"`+m+`"`) && !strings.Contains(string(src), `\"`+m+`\"`) {
					t.Errorf("claim %s reads metric %q, which probe %s never names", c.ID, m, ch.Probe)
				}
			}
		}
	}
}

// TestProbeHeadersCiteClaims cross-checks maplab:claims directives of the
// probe sources against the claims' probe lists.
func TestProbeHeadersCiteClaims(t *testing.T) {
	dir := filepath.Join("..", "..", "probes")
	ents, err := os.ReadDir(dir)
	if err != nil {
		skipOrFail(t, "probe sources not found at %s: %v", dir, err)
	}
	directive := regexp.MustCompile(`(?m)^//\s*maplab:claims\s+(.*)$`)
	pc := map[string][]string{}
	for _, e := range ents {
		src, err := os.ReadFile(filepath.Join(dir, e.Name(), "main.go"))
		if err != nil {
			continue
		}
		pc[e.Name()] = []string{}
		if m := directive.FindSubmatch(src); m != nil {
			pc[e.Name()] = strings.Fields(string(m[1]))
		}
	}
	for _, p := range CrossCheck(Embedded(), pc) {
		if strings.HasSuffix(p, "which is not in the catalogue") {
			missing(t, "%s", p)
			continue
		}
		t.Error(p)
	}
}

// missing reports a probe the claims need that is not written yet: an
// error when MAPLAB_REQUIRE_ALL=1, a log line otherwise.
func missing(t *testing.T, format string, args ...interface{}) {
	t.Helper()
	if os.Getenv("MAPLAB_REQUIRE_ALL") == "1" {
		t.Errorf(format, args...)
		return
	}
	t.Logf("missing probe (error under MAPLAB_REQUIRE_ALL=1): "+format, args...)
}

func skipOrFail(t *testing.T, format string, args ...interface{}) {
	t.Helper()
	if os.Getenv("MAPLAB_REQUIRE_ALL") == "1" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}

func TestParseErrors(t *testing.T) {
	head := `"statement":"S.","source":"x","form":"universal","modes":["plain"],"modes_why":"Why.","probes":["p"]`
	claim := func(id, extra, checks string) string {
		return `{"id":"` + id + `",` + head + extra + `,"checks":[` + checks + `]}`
	}
	file := func(cs ...string) string { return `{"schema":2,"claims":[` + strings.Join(cs, ",") + `]}` }
	ok := `{"probe":"p","holds_if":"leading == clean"}`
	valid := claim("a-b", "", ok)
	swap := func(old, new string) string { return strings.Replace(valid, old, new, 1) }
	tests := []struct {
		name, json, want string
	}{
		{"ok", file(valid), ""},
		{"existential with race", file(swap(`"form":"universal","modes":["plain"]`, `"form":"existential","modes":["plain","race"]`)), ""},
		{"schema 1", `{"schema":1,"claims":[]}`, `x.json: schema 1, want 2 (schema 2 adds "form", "modes" and "modes_why"`},
		{"schema 3", `{"schema":3,"claims":[]}`, "schema 3, want 2"},
		{"unknown field", `{"schema":2,"claims":[{"id":"a","verdict":"confirmed"}]}`, `unknown field "verdict"`},
		{"duplicate", file(valid, valid), "duplicate id"},
		{"bad id", file(claim("A B", "", ok)), "not kebab-case"},
		{"no period", file(swap(`"S."`, `"S"`)), "period"},
		{"no form", file(swap(`"form":"universal",`, "")), `x.json: claim 1 (a-b): form "", want one of "universal", "existential", "invariant"`},
		{"bad form", file(swap(`"universal"`, `"always"`)), `form "always"`},
		{"no modes", file(swap(`"modes":["plain"],`, "")), "x.json: claim 1 (a-b): no modes"},
		{"bad mode in modes", file(swap(`["plain"]`, `["plain","msan"]`)), `unknown mode "msan" in modes`},
		{"repeated mode", file(swap(`["plain"]`, `["race","race"]`)), `mode "race" listed twice`},
		{"no modes_why", file(swap(`"modes_why":"Why.",`, "")), "modes_why must be a sentence"},
		{"check mode outside modes", file(claim("a", "", `{"probe":"p","mode":"race","holds_if":"leading == clean"}`)),
			`x.json: claim 1 (a): check 1: mode "race" is not in the claim's modes [plain]`},
		{"probe not listed", file(claim("a", "", `{"probe":"q","holds_if":"leading == clean"}`)), `probe "q" is not in the claim's probes`},
		{"bad predicate", file(claim("a", "", `{"probe":"p","holds_if":"leading == sad"}`)), `unknown outcome kind "sad"`},
		{"bad scope", file(claim("a", "", `{"probe":"p","when":"lang < 1.22","holds_if":"leading == clean"}`)), "not a release"},
		{"bad mode", file(claim("a", "", `{"probe":"p","mode":"msan","holds_if":"leading == clean"}`)), `unknown mode "msan"`},
		{"no checks", file(claim("a", "", "")), "no checks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.json", []byte(tt.json))
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Parse: %v", err)
			case tt.want != "" && err == nil:
				t.Fatalf("Parse succeeded, want error containing %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Fatalf("Parse error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestReadsMode(t *testing.T) {
	both := []toolchain.Mode{toolchain.Plain, toolchain.Race}
	if !(Check{}).ReadsMode(both, toolchain.Race) || (Check{}).ReadsMode([]toolchain.Mode{toolchain.Plain}, toolchain.Race) {
		t.Error("a check without mode does not read exactly the claim's modes")
	}
	if (Check{Mode: toolchain.Plain}).ReadsMode(both, toolchain.Race) {
		t.Error("a plain check reads race cells")
	}
}

func TestParsePredicate(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{in: "leading == clean", want: "leading == clean"},
		{in: "leading != fatal", want: "leading != fatal"},
		{in: "leading in [panic,fatal]", want: "leading in [panic, fatal]"},
		{in: "any outcome in [panic, fatal]", want: "any outcome in [panic, fatal]"},
		{in: "no outcome in [corrupt]", want: "no outcome in [corrupt]"},
		{in: "rate(fatal) >= 0.99", want: "rate(fatal) >= 0.99"},
		{in: "rate(fatal, race) > 0 and leading != clean", want: "rate(fatal, race) > 0 and leading != clean"},
		{in: "metric(per_iteration) == 1", want: "metric(per_iteration) == 1"},
		{in: "max(retained_ratio) < 0.5 and min(rounds) >= 1 and mean(x) > 2", want: "max(retained_ratio) < 0.5 and min(rounds) >= 1 and mean(x) > 2"},
		{in: `any reason "concurrent map iteration and map write"`, want: `any reason "concurrent map iteration and map write"`},
		{in: `any reason "a" and any outcome in [fatal]`, want: `any reason "a" and any outcome in [fatal]`},
		{in: "interval(syncmap_rwmutex_r90_small) > 4", want: "interval(syncmap_rwmutex_r90_small) > 4"},
		{in: "interval(x) <= 1.1 and interval(y) >= 0.5", want: "interval(x) <= 1.1 and interval(y) >= 0.5"},
		{in: "interval(x) == 4", err: "compared with <, <=, > or >="},
		{in: "interval(x) != 4", err: "compared with <, <=, > or >="},
		{in: "interval x > 4", err: "usage: interval"},
		{in: "", err: "empty predicate"},
		{in: "leading = clean", err: "bad operator"},
		{in: "leading == unsupported", err: "did not run"},
		{in: "rate(rejected) == 1", want: "rate(rejected) == 1"},
		{in: "any outcome in [rejected]", want: "any outcome in [rejected]"},
		{in: "no outcome in [rejected]", want: "no outcome in [rejected]"},
		{in: "leading == rejected", want: "leading == rejected"},
		{in: "no outcome in [build-failed]", err: "did not run"},
		{in: "rate(fatal) >= 1.5", err: "outside [0, 1]"},
		{in: "rate(fatal, fatal) > 0", err: "listed twice"},
		{in: "rate fatal > 0", err: "usage: rate"},
		{in: "metric(a-b) > 0", err: "usage: metric"},
		{in: "max(x) between 1", err: "want a comparison"},
		{in: `any reason ""`, err: "usage: any reason"},
		{in: `any reason "a`, err: "unterminated string"},
		{in: `any reason text`, err: "usage: any reason"},
		{in: "any outcome in [panic", err: "missing"},
		{in: "all outcome in [panic]", err: "unknown clause"},
		{in: "leading == clean and", err: "empty clause"},
		{in: "leading == clean; rm", err: "unexpected character"},
	}
	for _, tt := range tests {
		p, err := ParsePredicate(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParsePredicate(%q) error = %v, want it to contain %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParsePredicate(%q): %v", tt.in, err)
			continue
		}
		if got := p.String(); got != tt.want {
			t.Errorf("ParsePredicate(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// ratios builds a clean cell whose trials reported metric r with vals.
func ratios(vals ...float64) Observation {
	return obs(map[outcome.Kind]int{outcome.Clean: len(vals)}, map[string]MetricSummary{"r": sum(vals...)})
}

// obs builds an observation from kind counts and metric aggregates.
func obs(counts map[outcome.Kind]int, metrics map[string]MetricSummary) Observation {
	o := Observation{Metrics: metrics}
	for _, k := range outcome.Order {
		if counts[k] > 0 {
			o.Tallies = append(o.Tallies, Tally{Outcome: outcome.Outcome{Kind: k}, K: counts[k]})
		}
	}
	return o
}

// ratiosValues is ratios with every value kept, as results files written
// since MetricSummary.Values keep them.
func ratiosValues(vals ...float64) Observation {
	m := sum(vals...)
	m.Values = vals
	return obs(map[outcome.Kind]int{outcome.Clean: len(vals)}, map[string]MetricSummary{"r": m})
}

func sum(vals ...float64) MetricSummary {
	m := MetricSummary{Count: len(vals), Min: vals[0], Max: vals[0]}
	for _, v := range vals {
		m.Sum += v
		if v < m.Min {
			m.Min = v
		}
		if v > m.Max {
			m.Max = v
		}
	}
	return m
}

func TestEval(t *testing.T) {
	K := func(s string) outcome.Kind { return outcome.Kind(s) }
	mixed := obs(map[outcome.Kind]int{outcome.Fatal: 97, outcome.Clean: 3}, nil)
	allFatal := obs(map[outcome.Kind]int{outcome.Fatal: 20}, nil)
	clean := obs(map[outcome.Kind]int{outcome.Clean: 20}, map[string]MetricSummary{"per_iteration": sum(1, 1, 1)})
	tie := obs(map[outcome.Kind]int{outcome.Fatal: 5, outcome.Clean: 5}, nil)
	metricMixed := obs(map[outcome.Kind]int{outcome.Clean: 20}, map[string]MetricSummary{"per_iteration": sum(1, 0, 1, 1)})
	// A race cell: race+corrupt counts as corrupt and as race, race+fatal
	// as fatal; idle trials are left out.
	race := Observation{Tallies: []Tally{
		{Outcome: outcome.Outcome{Kind: outcome.Race, Reason: "data race"}, K: 50},
		{Outcome: outcome.Outcome{Kind: K("race+corrupt"), Reason: "N of N rounds lost N of N increments"}, K: 42},
		{Outcome: outcome.Outcome{Kind: K("race+fatal"), Reason: "concurrent map writes"}, K: 3},
		{Outcome: outcome.Outcome{Kind: K("idle")}, K: 5},
	}}
	allIdle := obs(map[outcome.Kind]int{K("idle"): 20}, nil)
	// A build-outcome probe: one rejected build, or trials of the
	// accepted program.
	rejected := Observation{Tallies: []Tally{{Outcome: outcome.Outcome{Kind: outcome.Rejected, Reason: "duplicate key 1 in map literal"}, K: 1}}}
	accepted := obs(map[outcome.Kind]int{outcome.Clean: 20}, nil)
	tests := []struct {
		pred        string
		o           Observation
		holds, know bool
		why         string
	}{
		{"leading == fatal", mixed, true, true, "leading fatal (97/100)"},
		{"leading == clean", mixed, false, true, ""},
		{"leading == clean", tie, true, true, ""}, // ties go to the earlier kind in outcome.Order
		{"leading in [panic, fatal]", mixed, true, true, ""},
		{"any outcome in [clean]", mixed, true, true, "clean 3/100"},
		{"any outcome in [clean]", allFatal, false, true, ""},
		{"no outcome in [corrupt]", mixed, true, true, ""},
		{"rate(fatal) == 1", mixed, false, true, "rate(fatal) = 0.97 (97/100)"},
		{"rate(fatal) == 1", allFatal, true, true, ""},
		{"rate(fatal) >= 0.97", mixed, true, true, ""},
		{"rate(fatal, clean) == 1", mixed, true, true, ""},
		{"metric(per_iteration) == 1", clean, true, true, "metric per_iteration = 1 in 3 trials"},
		{"metric(per_iteration) == 1", metricMixed, false, true, ""},
		{"metric(per_iteration) != 0.5", metricMixed, false, false, "cannot decide != 0.5"},
		{"metric(per_iteration) != 2", metricMixed, true, true, ""},
		{"metric(per_iteration) == 1", mixed, false, false, "metric per_iteration not reported by any trial"},
		{"max(per_iteration) == 1 and min(per_iteration) == 0", metricMixed, true, true, "max(per_iteration) = 1 over 4 trials; min(per_iteration) = 0 over 4 trials"},
		{"mean(per_iteration) == 0.75", metricMixed, true, true, "mean(per_iteration) = 0.75 over 4 trials"},
		{"metric(per_iteration) == 1 and leading == clean", clean, true, true, ""},
		{"metric(per_iteration) == 1 and leading == fatal", clean, false, true, ""},
		{"any outcome in [corrupt]", race, true, true, "corrupt 42/95; 5 idle trials excluded"},
		{"rate(race) == 1", race, true, true, "rate(race) = 1 (95/95)"},
		{"any outcome in [fatal]", race, true, true, "fatal 3/95"},
		{"no outcome in [clean, corrupt]", race, false, true, "clean|corrupt 42/95"},
		{"leading == race", race, true, true, "leading race (50/95)"},
		{`any reason "lost"`, race, true, true, `reason "lost" 42/95`},
		{`any reason "iteration"`, race, false, true, ""},
		// interval(x): the range of the trials' values against X, three ways.
		{"interval(r) > 4", ratios(6.2, 7, 6.6, 6.4, 6.3, 6.5), true, true, "interval(r) = [6.2, 7] over 6 trials (96.8% confidence for the median)"},
		// Above the threshold, but not by RunMargin: nothing decides it.
		{"interval(r) > 4", ratios(4.2, 5, 4.6, 4.4, 4.3, 4.5), false, false, "inside the noise, within the run-to-run margin (the interval lies within [2.667, 6], 4 ÷ or × 1.5)"},
		{"interval(r) > 4", ratios(5, 7, 6, 6, 6, 6), false, false, "inside the noise (the interval reaches into [2.667, 6], 4 ÷ or × 1.5)"},
		{"interval(r) > 4", ratios(0.5, 0.9, 0.7, 0.6, 0.8, 0.65), false, true, "interval(r) = [0.5, 0.9] over 6 trials (96.8% confidence"},
		{"interval(r) > 4", ratios(3.5, 4.5, 4, 4, 4, 4), false, false, "within the run-to-run margin"},
		{"interval(r) < 1", ratios(0.5, 0.6, 0.5, 0.6, 0.5, 0.6), true, true, ""},
		{"interval(r) < 1", ratios(0.5, 0.9, 0.5, 0.9, 0.5, 0.9), false, false, "reaches into [0.6667, 1.5]"},
		{"interval(r) < 1", ratios(1.6, 1.8, 1.6, 1.8, 1.6, 1.8), false, true, ""},
		{"interval(r) <= 1", ratios(1, 1.2, 1, 1.2, 1, 1.2), false, false, "within the run-to-run margin"},
		// The margin is a factor: a threshold of 0 is compared exactly.
		{"interval(r) > 0", ratios(0.1, 0.2, 0.1, 0.2, 0.1, 0.2), true, true, ""},
		// One outlier among 9 trials: the interval drops the extreme
		// value on each side (ranks 2 and 8 still give 96%).
		{"interval(r) > 4", ratiosValues(6.2, 7, 6.6, 6.4, 6.3, 6.5, 6.7, 6.8, 0.1), true, true, "values ranked 2 and 8"},
		{"interval(r) > 4", ratios(5, 5, 5), false, false, "3 trials cannot give 95% confidence for the median; that needs at least 6"},
		{"interval(r) > 4", ratios(5), false, false, "1 trials cannot give 95% confidence"},
		{"interval(r) > 4", clean, false, false, "metric r not reported by any trial"},
		{"rate(clean) == 1", allIdle, false, false, "all 20 trials idle"},
		{"rate(rejected) == 1", rejected, true, true, "rate(rejected) = 1 (1/1)"},
		{"rate(rejected) == 1", accepted, false, true, "rate(rejected) = 0 (0/20)"},
		{"any outcome in [rejected]", rejected, true, true, "rejected 1/1"},
		{"any outcome in [rejected]", accepted, false, true, ""},
		{"no outcome in [rejected]", rejected, false, true, "rejected 1/1"},
		{"no outcome in [rejected]", accepted, true, true, ""},
		{`any reason "duplicate key"`, rejected, true, true, ""},
		{"leading == clean", obs(nil, nil), false, false, "no counted trials"},
	}
	for _, tt := range tests {
		p, err := ParsePredicate(tt.pred)
		if err != nil {
			t.Fatal(err)
		}
		r := p.Eval(tt.o)
		if r.Holds != tt.holds || r.Known != tt.know || !strings.Contains(r.Why, tt.why) {
			t.Errorf("%q on %+v = holds %v known %v (%s), want holds %v known %v (%s)",
				tt.pred, tt.o, r.Holds, r.Known, r.Why, tt.holds, tt.know, tt.why)
		}
	}
}

// TestEvalCounts checks the trial counts verdicts and comparisons rest on.
func TestEvalCounts(t *testing.T) {
	K := func(s string) outcome.Kind { return outcome.Kind(s) }
	race := Observation{Tallies: []Tally{{Outcome: outcome.Outcome{Kind: outcome.Race}, K: 50}, {Outcome: outcome.Outcome{Kind: K("race+corrupt")}, K: 42}, {Outcome: outcome.Outcome{Kind: K("idle")}, K: 5}}}
	m := map[string]MetricSummary{"left": sum(0, 0, 3, 0)}
	tests := []struct {
		pred        string
		o           Observation
		every, some bool
		bad, ok     Count
		trials      int
	}{
		{"no outcome in [corrupt]", race, true, false, Count{42, 42}, Count{}, 92},
		{"any outcome in [corrupt]", race, false, true, Count{}, Count{42, 42}, 92},
		{"rate(corrupt) > 0", race, false, true, Count{}, Count{42, 42}, 92},
		{"rate(race) == 1", race, true, false, Count{0, 0}, Count{}, 92},
		{"rate(corrupt) >= 0.4", race, false, false, Count{}, Count{}, 92},
		{"leading == race", race, false, false, Count{}, Count{}, 92},
		{"metric(left) == 0", obs(map[outcome.Kind]int{outcome.Clean: 4}, m), true, false, Count{1, 3}, Count{}, 4},
		{"metric(left) == 0", obs(map[outcome.Kind]int{outcome.Clean: 4}, map[string]MetricSummary{"left": sum(2, 2)}), true, false, Count{2, 2}, Count{}, 2},
		{"max(left) > 0", obs(map[outcome.Kind]int{outcome.Clean: 4}, m), false, true, Count{}, Count{1, 3}, 4},
		{"max(left) < 5", obs(map[outcome.Kind]int{outcome.Clean: 4}, m), true, false, Count{0, 0}, Count{}, 4},
		// An interval clause is about the cell's median: no per-trial count.
		{"interval(r) > 4", ratios(4.5, 5, 6, 5, 5, 5), false, false, Count{}, Count{}, 6},
		{"interval(r) > 4", ratios(1, 2, 3, 1, 2, 3), false, false, Count{}, Count{}, 6},
	}
	for _, tt := range tests {
		p, err := ParsePredicate(tt.pred)
		if err != nil {
			t.Fatal(err)
		}
		r := p.Eval(tt.o)
		if r.Every != tt.every || r.Some != tt.some || r.Trials != tt.trials ||
			tt.every && r.Violating != tt.bad || tt.some && r.Satisfying != tt.ok {
			t.Errorf("%q: every %v some %v violating %v satisfying %v of %d, want every %v some %v violating %v satisfying %v of %d",
				tt.pred, r.Every, r.Some, r.Violating, r.Satisfying, r.Trials, tt.every, tt.some, tt.bad, tt.ok, tt.trials)
		}
	}
}

func TestScope(t *testing.T) {
	cmp := func(a, b string) int { // enough for the test: go1.N only
		var x, y int
		for _, c := range strings.TrimPrefix(a, "go1.") {
			x = x*10 + int(c-'0')
		}
		for _, c := range strings.TrimPrefix(b, "go1.") {
			y = y*10 + int(c-'0')
		}
		return x - y
	}
	tests := []struct {
		when                string
		lang, release, kind string
		procs               int
		want                bool
		variant             string
	}{
		{"", "", "", "gc", 0, true, ""},
		{"lang < go1.22", "go1.21", "go1.26", "gc", 0, true, ""},
		{"lang < go1.22", "go1.26", "go1.26", "gc", 0, false, ""},
		{"lang < go1.22", "", "go1.18", "gccgo", 0, false, ""},
		{"release >= go1.6 and kind == gc", "go1.9", "go1.9", "gc", 0, true, ""},
		{"release >= go1.6 and kind == gc", "go1.18", "go1.18", "gccgo", 0, false, ""},
		{"kind != gc", "", "go1.18", "gccgo", 0, true, ""},
		{"gomaxprocs == 1", "go1.26", "go1.26", "gc", 1, true, ""},
		{"gomaxprocs == 1", "go1.26", "go1.26", "gc", 0, false, ""},
		{"gomaxprocs == all and kind == gc", "go1.26", "go1.26", "gc", 0, true, ""},
		{"gomaxprocs != all", "go1.26", "go1.26", "gc", 0, false, ""},
		{"gomaxprocs != all", "", "go1.18", "gccgo", 4, true, ""},
		{"variant == none", "go1.24", "go1.24", "gc", 0, true, ""},
		{"variant == none", "go1.24", "go1.24", "gc", 0, false, "noswissmap"},
		{"variant == noswissmap and release >= go1.24", "go1.24", "go1.24", "gc", 0, true, "noswissmap"},
		{"variant != none", "go1.24", "go1.24", "gc", 0, false, ""},
		{"variant != noswissmap", "go1.26", "go1.26", "gc", 0, true, ""},
	}
	for _, tt := range tests {
		s, err := ParseScope(tt.when)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Applies(Target{Lang: tt.lang, Release: tt.release, Kind: tt.kind, Procs: tt.procs, Variant: tt.variant, GOOS: "linux", Native: true}, cmp); got != tt.want {
			t.Errorf("%q applies to (%s, %s, %s, %d, %q) = %v, want %v", tt.when, tt.lang, tt.release, tt.kind, tt.procs, tt.variant, got, tt.want)
		}
	}
	// target: native binaries against programs Node.js runs.
	js := Target{Release: "go1.26.8", Kind: "gc", GOOS: "js", Native: false}
	native := Target{Release: "go1.26.8", Kind: "gc", GOOS: "linux", Native: true}
	for _, tt := range []struct {
		when       string
		js, native bool
	}{{"target == native", false, true}, {"target != native", true, false}, {"target == js", true, false}, {"kind == gopherjs", false, false}} {
		s, err := ParseScope(tt.when)
		if err != nil {
			t.Fatal(err)
		}
		if s.Applies(js, cmp) != tt.js || s.Applies(native, cmp) != tt.native {
			t.Errorf("%q: js %v, native %v; want %v, %v", tt.when, s.Applies(js, cmp), s.Applies(native, cmp), tt.js, tt.native)
		}
	}
	for _, bad := range []string{"target == wasm", "target < native", "lang", "lang < 1.22", "kind < gc", "kind == tinygo", "os == linux", "gomaxprocs < 2", "gomaxprocs == 0", "gomaxprocs == 01", "gomaxprocs == many", "variant < none", "variant == No-Swiss"} {
		if _, err := ParseScope(bad); err == nil {
			t.Errorf("ParseScope(%q) succeeded, want error", bad)
		}
	}
}

func TestCrossCheck(t *testing.T) {
	cs := []Claim{{ID: "c1", Probes: []string{"p1", "p2"}}}
	got := CrossCheck(cs, map[string][]string{"p1": {"c1"}, "p2": {}, "p3": {"c9"}})
	want := []string{
		"claim c1 lists probe p2, whose header does not cite it",
		`probe p3 cites unknown claim "c9"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("CrossCheck:\n got %q\nwant %q", got, want)
	}
}

// TestEmbeddedFormsCountTrials checks that every check of a real claim
// asks its question per trial in the way its form needs: a universal
// claim's predicate must hold in every trial (so that one trial can be a
// counterexample and "held in all n trials" has a bound), an existential
// claim's predicate must be met by some trial (so that one trial is an
// observation). A universal claim checked with "any outcome in [...]"
// would call a claim held when most trials contradict it. A check that
// compares a cell with a baseline cell (versus) is about the pair of cells,
// never single trials, and is left out.
func TestEmbeddedFormsCountTrials(t *testing.T) {
	o := obs(map[outcome.Kind]int{outcome.Clean: 1}, nil)
	for _, c := range Embedded() {
		for i, ch := range c.Checks {
			if ch.Predicate.Intervals() {
				continue // about each cell's median, never single trials
			}
			o.Metrics = map[string]MetricSummary{}
			for _, m := range ch.Predicate.Metrics() {
				o.Metrics[m] = sum(0)
			}
			r := ch.Predicate.Eval(o)
			switch {
			case c.Form == Universal && !r.Every:
				t.Errorf("claim %s (universal), check %d: %q does not ask something of every trial", c.ID, i+1, ch.HoldsIf)
			case c.Form == Existential && !r.Some:
				t.Errorf("claim %s (existential), check %d: %q does not ask that some trial did something", c.ID, i+1, ch.HoldsIf)
			}
		}
	}
}

// TestEmbeddedTopics checks that every claim of claims.json files itself
// under a topic of the grid, and that Parse refuses an unknown one.
func TestEmbeddedTopics(t *testing.T) {
	for _, c := range Embedded() {
		if c.Topic == TopicOther {
			t.Errorf("claim %s has no topic of its own", c.ID)
		}
	}
	_, err := Parse("x.json", []byte(`{"schema":2,"claims":[{"id":"a-b","statement":"S.","source":"x","topic":"misc","form":"universal","modes":["plain"],"modes_why":"W.","probes":["p"],"checks":[{"probe":"p","holds_if":"rate(clean) == 1"}]}]}`))
	if err == nil || !strings.Contains(err.Error(), `topic "misc", want one of iteration`) {
		t.Errorf("unknown topic: %v", err)
	}
}
