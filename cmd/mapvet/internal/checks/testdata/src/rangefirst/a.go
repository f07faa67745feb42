package rangefirst

func randomKey(m map[string]int) string {
	for k := range m { // want `rangefirst: the first key of a range over a map is not a fair random pick.*\[claim range-first-key-fair: .*#claim-range-first-key-fair\]`
		return k
	}
	return ""
}

// pick returns a random entry of m.
func pick(m map[int]string) (int, string) {
	for k, v := range m { // want `rangefirst`
		return k, v
	}
	return 0, ""
}

func chooseWithBreak(m map[string]bool) string {
	var chosen string
	// Take a random server.
	for k := range m { // want `rangefirst`
		chosen = k
		break
	}
	return chosen
}

func RandValue(m map[int]float64) float64 {
	for _, v := range m { // want `rangefirst`
		return v * 2
	}
	return 0
}

func randomSilenced(m map[string]int) string {
	for k := range m { //mapvet:ignore rangefirst any key will do
		return k
	}
	return ""
}

// Negative cases: no word of randomness; a search that returns
// conditionally; a return that does not carry the key; ranges that do
// not return; ranges over slices.

func anyKey(m map[string]int) string {
	for k := range m {
		return k
	}
	return ""
}

func randomFind(m map[string]int, want int) string {
	for k, v := range m {
		if v == want {
			return k
		}
	}
	return ""
}

func randomNonEmpty(m map[string]int) bool {
	for range m {
		return true
	}
	for _, _ = range m {
		return true
	}
	return false
}

func randomSum(m map[string]int) int {
	s := 0
	for _, v := range m {
		s += v
	}
	return s
}

func randomFromSlice(s []string) string {
	for _, v := range s {
		return v
	}
	return ""
}

func operandKey(m map[string]int) string {
	for k := range m {
		return k
	}
	return ""
}

func randomLabelledBreak(m map[string]int) (out string) {
outer:
	for i := 0; i < 3; i++ {
		for k := range m {
			out = k
			continue outer
		}
	}
	return out
}

// modalVerb is chosen once per process; the randomization is that of map
// iteration.
var modalVerb = func() string {
	for phrase := range map[string]struct{}{"cannot": {}, "unable to": {}} { // want `rangefirst`
		return phrase
	}
	return ""
}

// arbitrary returns any entry.
var arbitrary = func(m map[string]int) string {
	for k := range m {
		return k
	}
	return ""
}
