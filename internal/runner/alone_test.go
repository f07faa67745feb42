package runner

import (
	"context"
	"os/exec"
	"testing"
	"time"

	"github.com/maplab/maplab/internal/trial"
)

// TestAloneTrialWaitsForOthers checks that a trial of a maplab:alone probe
// does not start while an ordinary trial holds the processors, and that
// ordinary trials still run side by side.
func TestAloneTrialWaitsForOthers(t *testing.T) {
	truePath, err := exec.LookPath("true")
	if err != nil {
		t.Skip("no true command")
	}
	spec := trial.Spec{Path: truePath, Timeout: 5 * time.Second}

	release := CPUs.Hold(false) // an ordinary trial is running
	done := make(chan struct{})
	go func() {
		runTrial(context.Background(), true, spec)
		close(done)
	}()
	select {
	case <-done:
		t.Fatal("an alone trial ran while an ordinary trial held the processors")
	case <-time.After(200 * time.Millisecond):
	}
	release()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the alone trial did not run once the ordinary trial finished")
	}

	defer CPUs.Hold(false)()
	ordinary := make(chan struct{})
	go func() {
		runTrial(context.Background(), false, spec)
		close(ordinary)
	}()
	select {
	case <-ordinary:
	case <-time.After(5 * time.Second):
		t.Fatal("an ordinary trial waited for another ordinary trial")
	}
}
