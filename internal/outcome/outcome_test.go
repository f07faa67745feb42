package outcome

import "testing"

func TestHas(t *testing.T) {
	tests := []struct {
		k, f Kind
		want bool
	}{
		{Clean, Clean, true},
		{Clean, Idle, false},
		{Idle, Clean, false},
		{Corrupt, Corrupt, true},
		{Race, Race, true},
		{Race, Clean, false},
		{RaceCorrupt, Race, true},
		{RaceCorrupt, Corrupt, true},
		{RaceCorrupt, Fatal, false},
		{RaceFatal, Fatal, true},
		{RaceFatal, Race, true},
		{Fatal, Race, false},
		{Fatal, RaceFatal, false},
		{RacePanic, Panic, true},
		{RaceRecovered, Recovered, true},
		{RaceCrash, Crash, true},
		{Hang, Race, false},
		{Rejected, Rejected, true},
		{Rejected, BuildFailed, false},
		{BuildFailed, Rejected, false},
	}
	for _, tt := range tests {
		if got := tt.k.Has(tt.f); got != tt.want {
			t.Errorf("%s.Has(%s) = %v, want %v", tt.k, tt.f, got, tt.want)
		}
	}
}

func TestWithRaceAndProgram(t *testing.T) {
	tests := []struct{ program, withRace Kind }{
		{Clean, Race},
		{Idle, Race},
		{Race, Race},
		{Corrupt, RaceCorrupt},
		{Recovered, RaceRecovered},
		{Panic, RacePanic},
		{Fatal, RaceFatal},
		{Crash, RaceCrash},
		{Hang, Hang},
		{Rejected, Rejected},
		{Unavailable, Unavailable},
	}
	for _, tt := range tests {
		got := WithRace(tt.program)
		if got != tt.withRace {
			t.Errorf("WithRace(%s) = %s, want %s", tt.program, got, tt.withRace)
		}
		if !got.Valid() {
			t.Errorf("WithRace(%s) = %s, not a valid kind", tt.program, got)
		}
	}
	for _, k := range Order {
		if p := k.Program(); !p.Valid() {
			t.Errorf("%s.Program() = %q, not a valid kind", k, p)
		}
	}
	if got := RaceFatal.Program(); got != Fatal {
		t.Errorf("RaceFatal.Program() = %s, want fatal", got)
	}
}

func TestCounted(t *testing.T) {
	for _, k := range Order {
		want := k.Trial() && k != Idle
		if got := k.Counted(); got != want {
			t.Errorf("%s.Counted() = %v, want %v", k, got, want)
		}
	}
	if Idle.Counted() {
		t.Error("idle trials must not enter denominators")
	}
	if !Idle.Trial() {
		t.Error("an idle trial did run")
	}
}

// TestRejected checks that a rejected build is a measured trial that
// counts, unlike a build-failed cell, which marks a broken probe and
// carries no trial.
func TestRejected(t *testing.T) {
	k, err := Parse("rejected")
	if err != nil || k != Rejected {
		t.Fatalf("Parse(rejected) = %q, %v; want rejected", k, err)
	}
	if !Rejected.Trial() || !Rejected.Counted() {
		t.Errorf("rejected: Trial() %v, Counted() %v; want both true", Rejected.Trial(), Rejected.Counted())
	}
	if BuildFailed.Trial() || BuildFailed.Counted() {
		t.Errorf("build-failed: Trial() %v, Counted() %v; want both false", BuildFailed.Trial(), BuildFailed.Counted())
	}
	if got := (Outcome{Kind: Rejected, Reason: "duplicate key 1 in map literal"}).String(); got != "rejected:duplicate key 1 in map literal" {
		t.Errorf("String() = %q", got)
	}
}
