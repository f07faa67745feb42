package claims

import "testing"

func TestQuantifiers(t *testing.T) {
	tests := []struct {
		src                    string
		existential, universal bool
	}{
		{"any outcome in [panic, fatal]", true, false},
		{"any outcome in [corrupt] and any outcome in [fatal]", true, false},
		{"rate(fatal) == 1", false, true},
		{"rate(clean) == 1 and rate(fatal, race) == 1", false, true},
		{"rate(fatal) >= 0.9", false, false},
		{"rate(fatal) == 0", false, false},
		{"no outcome in [corrupt]", false, false},
		{"any outcome in [corrupt] and rate(clean) == 1", false, false},
		{"metric(per_iteration) == 1", false, false},
	}
	for _, tt := range tests {
		p, err := ParsePredicate(tt.src)
		if err != nil {
			t.Fatalf("ParsePredicate(%q): %v", tt.src, err)
		}
		if got := p.Existential(); got != tt.existential {
			t.Errorf("%q: Existential() = %v, want %v", tt.src, got, tt.existential)
		}
		if got := p.Universal(); got != tt.universal {
			t.Errorf("%q: Universal() = %v, want %v", tt.src, got, tt.universal)
		}
	}
}
