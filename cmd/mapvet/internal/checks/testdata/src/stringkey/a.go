package stringkey

func count(words [][]byte) map[string]int {
	m := map[string]int{}
	for _, w := range words {
		m[string(w)]++ // want `stringkey: assigning through m\[string\(b\)\] allocates the key string on every assignment.*\[claim string-key-assign-existing-no-alloc: .*#claim-string-key-assign-existing-no-alloc\]`
	}
	return m
}

func sum(lines [][]byte, n []int) map[string]int {
	m := map[string]int{}
	for i, l := range lines {
		m[string(l)] += n[i] // want `stringkey`
	}
	for i := 0; i < len(lines); i++ {
		m[string(lines[i])] = m[string(lines[i])] * 2 // want `stringkey`
	}
	return m
}

type myBytes []byte

func group(keys []myBytes, m map[string][]int) {
	for i, k := range keys {
		m[string(k)] = append(m[string(k)], i) // want `stringkey`
	}
}

func silenced(keys [][]byte, m map[string]int) {
	for _, k := range keys {
		m[string(k)]++ //mapvet:ignore stringkey keys are new every time
	}
}

// Negative cases: not in a loop, a lookup (no allocation), a plain store
// (often a new key), a string key, runes, a lookup before the assignment,
// a loop outside the function literal, another key on the right.

func once(b []byte, m map[string]int) {
	m[string(b)]++
}

func lookups(keys [][]byte, m map[string]int) (n int) {
	for _, k := range keys {
		n += m[string(k)]
		if _, ok := m[string(k)]; ok {
			n++
		}
	}
	return n
}

func stores(keys [][]byte, m map[string]int) {
	for i, k := range keys {
		m[string(k)] = i
	}
}

func strs(keys []string, m map[string]int) {
	for _, k := range keys {
		m[string(k)]++
	}
}

func runes(keys [][]rune, m map[string]int) {
	for _, k := range keys {
		m[string(k)]++
	}
}

func guarded(keys [][]byte, m map[string]int) {
	for _, k := range keys {
		if _, ok := m[string(k)]; !ok {
			m[string(k)] += 2
		}
	}
}

func literal(keys [][]byte, m map[string]int) {
	for range keys {
		f := func(b []byte) { m[string(b)]++ }
		_ = f
	}
}

func otherKey(keys [][]byte, prev []byte, m map[string]int) {
	for _, k := range keys {
		m[string(k)] = m[string(prev)] + 1
	}
}

func stringKeys(keys []string, m map[string]int) {
	for _, k := range keys {
		m[k] = m[k] + 1
	}
}
