package syncmapfirst

import "sync"

func randomKey(m *sync.Map) any {
	var key any
	m.Range(func(k, v any) bool { // want `syncmapfirst: the first key sync.Map's Range visits is not a random pick.*\[claim sync-map-range-order-random: .*#claim-sync-map-range-order-random\]`
		key = k
		return false
	})
	return key
}

type pool struct{ conns sync.Map }

// next returns a connection chosen at random.
func (p *pool) next() (c any) {
	p.conns.Range(func(_, v any) bool { // want `syncmapfirst`
		c = v
		return false
	})
	return c
}

func randomSilenced(m *sync.Map) (key any) {
	//mapvet:ignore syncmapfirst any key will do
	m.Range(func(k, v any) bool {
		key = k
		return false
	})
	return key
}

// Negative cases: no word of randomness, callbacks that go on, a
// callback that stops conditionally, Range of another type.

func anyKey(m *sync.Map) (key any) {
	m.Range(func(k, v any) bool {
		key = k
		return false
	})
	return key
}

func randomAll(m *sync.Map) (keys []any) {
	m.Range(func(k, v any) bool {
		keys = append(keys, k)
		return true
	})
	return keys
}

func randomFind(m *sync.Map, want any) (key any) {
	m.Range(func(k, v any) bool {
		if v == want {
			key = k
			return false
		}
		return true
	})
	return key
}

func randomIsEmpty(m *sync.Map) bool {
	empty := true
	m.Range(func(k, v any) bool {
		empty = false
		return false
	})
	return empty
}

type other struct{}

func (other) Range(f func(k, v any) bool) {}

func randomOther(o other) (key any) {
	o.Range(func(k, v any) bool {
		key = k
		return false
	})
	return key
}
