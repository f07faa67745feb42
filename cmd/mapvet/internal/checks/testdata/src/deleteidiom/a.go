package deleteidiom

type point struct{ x, y float64 }

type named float32

func positives(f map[float64]int, c map[complex128]bool, i map[interface{}]string, a map[any]int, p map[point]int, arr map[[2]float32]int, n map[named]int) {
	for k := range f { // want `deleteidiom: the delete loop leaves entries whose key is NaN \(key type float64: a float64 can be NaN\); clear\(f\) removes them \[claim delete-idiom-empties-map: .*#claim-delete-idiom-empties-map\] \[claim clear-removes-nan-keys: `
		delete(f, k)
	}
	for k := range c { // want `key type complex128: a complex128 can be NaN`
		delete(c, k)
	}
	for k := range i { // want `an interface can hold a NaN float`
		delete(i, k)
	}
	for k, _ := range a { // want `an interface can hold a NaN float`
		delete(a, k)
	}
	for k := range p { // want `field x: a float64 can be NaN`
		delete(p, k)
	}
	for k := range arr { // want `element: a float32 can be NaN`
		delete(arr, k)
	}
	for k := range n { // want `key type named`
		delete(n, k)
	}
}

type holder struct{ m map[float64]int }

func field(h *holder) {
	for k := range h.m { // want `clear\(h.m\) removes them`
		delete(h.m, k)
	}
}

func generic[K comparable, V any](m map[K]V) {
	for k := range m { // want `type parameter K admits float64`
		delete(m, k)
	}
}

func genericFloat[K ~float64 | ~int](m map[K]int) {
	for k := range m { // want `type parameter K admits float64`
		delete(m, k)
	}
}

func silenced(f map[float64]int) {
	//mapvet:ignore deleteidiom keys are never NaN here
	for k := range f {
		delete(f, k)
	}
	for k := range f { //mapvet:ignore deleteidiom checked upstream
		delete(f, k)
	}
}

// Negative cases: keys that cannot be NaN, loops that do more than delete
// every key, a delete of another map or key, the wrong check name to ignore.

type ipoint struct{ x, y int }

type stringer interface{ String() string }

func negatives(s map[string]int, ip map[ipoint]int, b map[[4]byte]bool, st map[stringer]int, f, g map[float64]int) {
	for k := range s {
		delete(s, k)
	}
	for k := range ip {
		delete(ip, k)
	}
	for k := range b {
		delete(b, k)
	}
	for k := range st {
		delete(st, k)
	}
	for k := range f {
		delete(g, k)
	}
	for k, v := range f {
		if v > 0 {
			delete(f, k)
		}
	}
	for k, v := range f {
		delete(f, k)
		_ = v
	}
	for k := range f {
		delete(f, k+1)
	}
	clear(f)
}

func genericInt[K ~int | ~string](m map[K]int) {
	for k := range m {
		delete(m, k)
	}
}

func wrongName(f map[float64]int) {
	//mapvet:ignore rangefirst not this check
	for k := range f { // want `deleteidiom`
		delete(f, k)
	}
}
