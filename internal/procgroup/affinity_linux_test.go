package procgroup

import "testing"

func TestPick(t *testing.T) {
	var m cpuMask
	m[0] = 0b1011_0100 // CPUs 2, 4, 5, 7
	m[1] = 1           // CPU 64
	tests := []struct {
		set  CPUSet
		want [2]uint64
		ok   bool
	}{
		{FirstCPUs(1), [2]uint64{0b100, 0}, true},
		{FirstCPUs(3), [2]uint64{0b11_0100, 0}, true},
		{FirstCPUs(5), [2]uint64{0b1011_0100, 1}, true},
		{FirstCPUs(6), [2]uint64{0b1011_0100, 1}, false},
		{CPUsAfter(1), [2]uint64{0b1011_0000, 1}, true},
		{CPUsAfter(4), [2]uint64{0, 1}, true},
		{CPUsAfter(5), [2]uint64{0, 0}, false},
		{CPUSet{Skip: 1, N: 2}, [2]uint64{0b11_0000, 0}, true},
		{CPUSet{Skip: 3, N: 3}, [2]uint64{0b1000_0000, 1}, false},
	}
	for _, tt := range tests {
		got, ok := pick(m, tt.set)
		if ok != tt.ok || got[0] != tt.want[0] || got[1] != tt.want[1] {
			t.Errorf("pick(%s) = %b %b, %v; want %b %b, %v", tt.set, got[0], got[1], ok, tt.want[0], tt.want[1], tt.ok)
		}
	}
}
