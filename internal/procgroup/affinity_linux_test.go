package procgroup

import "testing"

func TestFirstCPUs(t *testing.T) {
	var m cpuMask
	m[0] = 0b1011_0100 // CPUs 2, 4, 5, 7
	m[1] = 1           // CPU 64
	tests := []struct {
		n    int
		want [2]uint64
		ok   bool
	}{
		{1, [2]uint64{0b100, 0}, true},
		{3, [2]uint64{0b11_0100, 0}, true},
		{5, [2]uint64{0b1011_0100, 1}, true},
		{6, [2]uint64{0b1011_0100, 1}, false},
	}
	for _, tt := range tests {
		got, ok := firstCPUs(m, tt.n)
		if ok != tt.ok || got[0] != tt.want[0] || got[1] != tt.want[1] {
			t.Errorf("firstCPUs(%d) = %b %b, %v; want %b %b, %v", tt.n, got[0], got[1], ok, tt.want[0], tt.want[1], tt.ok)
		}
	}
}
