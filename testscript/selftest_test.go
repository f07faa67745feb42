package testscript_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// recorder is a testscript.T that records, instead of reporting, what each
// script's subtest did, so that a test can check the suite's failure
// messages.
type recorder struct {
	name string
	rec  *records
	mu   sync.Mutex
	log  strings.Builder
	fail bool
	skip bool
}

// records collects the finished subtests by name.
type records struct {
	mu   sync.Mutex
	subs map[string]*recorder
}

func (r *recorder) Skip(args ...any) {
	r.Log(args...)
	r.mu.Lock()
	r.skip = true
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) {
	r.Log(args...)
	r.FailNow()
}

func (r *recorder) FailNow() {
	r.mu.Lock()
	r.fail = true
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Parallel() {}

func (r *recorder) Log(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintln(&r.log, args...)
}

func (r *recorder) Verbose() bool { return false }

// Run runs f as a subtest to completion in its own goroutine, so that
// FailNow and Skip can end it with runtime.Goexit.
func (r *recorder) Run(name string, f func(testscript.T)) {
	sub := &recorder{name: name, rec: r.rec}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(sub)
	}()
	<-done
	r.rec.mu.Lock()
	r.rec.subs[name] = sub
	r.rec.mu.Unlock()
}

// runRecorded runs the scripts in dir against the host toolchain and
// returns what each script's subtest did.
func runRecorded(t *testing.T, dir string) (map[string]*recorder, string) {
	t.Helper()
	tc := hostToolchain(t)
	top := &recorder{name: "top", rec: &records{subs: map[string]*recorder{}}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		testscript.RunT(top, newLab(t).params(tc, dir))
	}()
	<-done
	if top.fail {
		t.Fatalf("running %s failed before any script ran:\n%s", dir, top.log.String())
	}
	return top.rec.subs, tc.ID
}

// TestFailureMessages proves that a wrong expectation fails the suite with
// a message naming the script, the toolchain and the distribution. Each
// script in testdata/selftest-fail states a wrong expectation about a
// deterministic probe; the message each must produce is listed here.
func TestFailureMessages(t *testing.T) {
	subs, id := runRecorded(t, filepath.Join("testdata", "selftest-fail"))
	const dist = "recovered:assignment to entry in nil map 5"
	want := map[string][]string{
		"wrong-rate": {
			"FAIL: testdata/selftest-fail/wrong-rate.txtar:3: ",
			"wrong-rate.txtar on " + id + ": rate clean = 0 (0/5 counted trials; " + dist + "), want == 1",
			"> probe nil-map-write -trials 5\n" + id + " nil-map-write plain",
		},
		"wrong-outcome": {
			"wrong-outcome.txtar on " + id + ": leading outcome is recovered:assignment to entry in nil map (5/5; " + dist + "), want fatal",
		},
		"wrong-negated-outcome": {
			"wrong-negated-outcome.txtar on " + id + ": leading outcome is recovered:assignment to entry in nil map (5/5; " + dist + "), want not recovered:nil map",
		},
		"wrong-metric": {
			"wrong-metric.txtar on " + id + ": metric per_iteration = 0..0 over 3 trials",
			"want == 1 in every one",
		},
		"wrong-usage": {
			"usage: rate SELECTOR... OP X",
			"unknown operator \">>\"",
		},
		"wrong-order": {
			"rate: no probe has run in this script yet",
		},
		"wrong-probe": {
			"probe: unknown probe no-such-probe (valid: ",
		},
		"wrong-condition": {
			"bad condition \"kind:gcc\": want [kind:gc], [kind:gccgo] or [kind:gopherjs], not [kind:gcc]",
		},
	}
	var names []string
	for name := range subs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, ok := want[name]; !ok {
			t.Errorf("testdata/selftest-fail/%s.txtar has no expected message in TestFailureMessages", name)
		}
	}
	for name, frags := range want {
		sub, ok := subs[name]
		if !ok {
			t.Errorf("script %s.txtar did not run", name)
			continue
		}
		log := sub.log.String()
		if !sub.fail {
			t.Errorf("%s: the script passed, want a failure; log:\n%s", name, log)
			continue
		}
		for _, f := range frags {
			if !strings.Contains(log, f) {
				t.Errorf("%s: failure log lacks %q; log:\n%s", name, f, log)
			}
		}
	}
}

// TestRecorderPasses shows that the recorder of TestFailureMessages reports
// a correct script as passing, so that the failures it sees are real.
func TestRecorderPasses(t *testing.T) {
	subs, _ := runRecorded(t, filepath.Join("testdata", "selftest-pass"))
	if len(subs) == 0 {
		t.Fatal("no script ran")
	}
	for name, sub := range subs {
		if sub.fail || sub.skip {
			t.Errorf("%s: failed=%v skipped=%v, want a pass; log:\n%s", name, sub.fail, sub.skip, sub.log.String())
		}
	}
}
