package procgroup

import "fmt"

// CPUSet selects CPUs for a new process, counted in the lab's own CPU
// affinity: skipping the first Skip, the next N, or every one after the
// skipped ones when N is zero. The zero CPUSet sets no affinity: the
// process may run on every CPU the lab may.
type CPUSet struct{ Skip, N int }

// FirstCPUs selects the first n CPUs, or sets no affinity when n is not
// positive.
func FirstCPUs(n int) CPUSet {
	if n <= 0 {
		return CPUSet{}
	}
	return CPUSet{N: n}
}

// CPUsAfter selects every CPU after the first skip.
func CPUsAfter(skip int) CPUSet { return CPUSet{Skip: skip} }

// String describes the set, e.g. "the first 1 CPUs" or "the CPUs after
// the first 1".
func (s CPUSet) String() string {
	switch {
	case s == CPUSet{}:
		return "every CPU"
	case s.Skip == 0:
		return fmt.Sprintf("the first %d CPUs", s.N)
	case s.N == 0:
		return fmt.Sprintf("the CPUs after the first %d", s.Skip)
	default:
		return fmt.Sprintf("%d CPUs after the first %d", s.N, s.Skip)
	}
}
