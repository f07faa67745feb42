package trial

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
)

func init() {
	// cpus prints what the Go runtime of the trial counts: CPUs it may
	// use and GOMAXPROCS.
	helpers["cpus"] = func() { fmt.Println(runtime.NumCPU(), runtime.GOMAXPROCS(0)) }
}

// TestCPUsLimitsTheTrial checks that Spec.CPUs gives the trial an affinity
// of that many CPUs, which the trial's runtime sees, and that the caller's
// own threads keep theirs: trials started without CPUs, interleaved with
// pinned ones, still see every CPU.
func TestCPUsLimitsTheTrial(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("this machine gives the test one CPU: a limit to one CPU cannot be told from none")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	env := []string{helperEnv + "=cpus"}
	all := fmt.Sprintf("%d %d", runtime.NumCPU(), runtime.NumCPU())
	for i := 0; i < 20; i++ {
		cpus, want, wantAffinity := 0, all, false
		if i%2 == 0 {
			cpus, want, wantAffinity = 1, "1 1", true
		}
		r, err := Run(context.Background(), Spec{Path: exe, Env: env, CPUs: cpus})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(string(r.Stdout)); got != want || r.Affinity != wantAffinity {
			t.Fatalf("trial %d with CPUs %d: runtime saw NumCPU GOMAXPROCS %q, affinity %v; want %q, %v (stderr %q)",
				i, cpus, got, r.Affinity, want, wantAffinity, r.Stderr)
		}
	}
}

// TestCPUsMoreThanAllowed checks that asking for more CPUs than the
// process may use fails with a message instead of silently running on
// fewer.
func TestCPUsMoreThanAllowed(t *testing.T) {
	_, err := Run(context.Background(), Spec{Path: "/bin/true", CPUs: 5000})
	if err == nil || !strings.Contains(err.Error(), "starting on the first 5000 CPUs: the lab itself may use fewer") {
		t.Fatalf("err = %v, want one about starting on the first 5000 CPUs", err)
	}
}
