package checks

import (
	"testing"

	"github.com/maplab/maplab/compat"
)

const citeReport = `{
 "columns": [
  {"id": "go1.19.8", "label": "go1.19.8", "kind": "gc", "release": "go1.19.8", "measured": true},
  {"id": "go1.25", "label": "go1.25", "kind": "gc", "release": "go1.25", "measured": false},
  {"id": "go1.26.8", "label": "go1.26.8", "kind": "gc", "release": "go1.26.8", "measured": true},
  {"id": "gccgo12-go1.18", "label": "gccgo 12 (go1.18)", "kind": "gccgo", "release": "go1.18", "measured": true}
 ],
 "claims": [
  {"id": "c", "verdict": "refuted", "columns": [
    {"column": "go1.19.8", "decision": "refuted"},
    {"column": "go1.26.8", "decision": "refuted", "text": "fatal 38/38"},
    {"column": "gccgo12-go1.18", "decision": "held"}]},
  {"id": "old", "verdict": "held"}
 ]
}`

func TestCite(t *testing.T) {
	r, err := compat.Parse([]byte(citeReport))
	if err != nil {
		t.Fatal(err)
	}
	url := compat.PublishedTable + "#claim-"
	tests := []struct {
		id   string
		rel  Release
		want string
	}{
		{"c", Release{"go1.26", "go.mod go 1.26.0"},
			"claim c: go1.26 (go.mod go 1.26.0): go1.26.8 refuted (fatal 38/38); differs on gccgo 12 (go1.18) held; " + url + "c"},
		{"c", Release{"go1.25", "go.mod go 1.25.0"},
			"claim c: go1.25 (go.mod go 1.25.0) not measured; measured: go1.19.8 refuted, go1.26.8 refuted, gccgo 12 (go1.18) held; " + url + "c"},
		{"c", Release{"go1.22", "toolchain go1.22.1"},
			"claim c: go1.22 (toolchain go1.22.1) not measured; measured: go1.19.8 refuted, go1.26.8 refuted, gccgo 12 (go1.18) held; " + url + "c"},
		{"c", Release{"go1.18", "go.mod go 1.18"}, // gccgo's library release is not a gc release
			"claim c: go1.18 (go.mod go 1.18) not measured; measured: go1.19.8 refuted, go1.26.8 refuted, gccgo 12 (go1.18) held; " + url + "c"},
		{"old", Release{"go1.26", "go.mod go 1.26.0"},
			"claim old: overall verdict held, no per-column decision in the embedded report; go1.26 (go.mod go 1.26.0) measured as go1.26.8; " + url + "old"},
		{"old", Release{"go1.25", "go.mod go 1.25.0"},
			"claim old: overall verdict held, no per-column decision in the embedded report; go1.25 (go.mod go 1.25.0) not measured; " + url + "old"},
		{"missing", Release{"go1.26", "x"}, "claim missing is not in the embedded report"},
	}
	for _, tt := range tests {
		if got := Cite(r, tt.id, tt.rel); got != tt.want {
			t.Errorf("Cite(%q, %v):\n got %s\nwant %s", tt.id, tt.rel, got, tt.want)
		}
	}
}

// TestCitedClaimsExist fails when a claim an analyzer cites is missing
// from the embedded report.
func TestCitedClaimsExist(t *testing.T) {
	r, err := compat.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"delete-idiom-empties-map", "clear-removes-nan-keys", "range-first-key-fair",
		"sync-map-range-order-random", "recover-catches-concurrent-writes", "concurrent-writes-always-detected",
		"single-cpu-catches-concurrent-writes", "string-key-assign-existing-no-alloc"} {
		if _, ok := r.Claim(id); !ok {
			t.Errorf("claim %q is not in the embedded report", id)
		}
	}
}

func TestNameWords(t *testing.T) {
	tests := map[string]string{
		"pickRandomKey": "pick random key", "randKey": "rand key", "operand": "operand",
		"HTTPRandom": "http random", "random_key": "random key", "RandomIP": "random ip",
	}
	for in, want := range tests {
		got := ""
		for i, w := range nameWords(in) {
			if i > 0 {
				got += " "
			}
			got += w
		}
		if got != want {
			t.Errorf("nameWords(%q) = %q, want %q", in, got, want)
		}
	}
}
