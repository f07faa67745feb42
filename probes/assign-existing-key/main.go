// Probe assign-existing-key: whether assigning to a key already in a map keeps the stored key or replaces it with the new one.
//
// Hazard: code assumes that m[k] = v for a key k already present only
// changes the value: that the key stored first stays. Keys can be equal
// without being identical: +0 and -0 are equal float64 keys, two equal
// strings can have different backing arrays (and the stored one may pin a
// large buffer).
//
// Promise: the spec says only that the assignment sets the element for the
// key; it does not say which of two equal keys the map keeps. gc's compiler
// marks key types that contain floats, complex numbers, interfaces or
// strings as needing a key update (needkeyupdate in
// cmd/compile/internal/reflectdata/reflect.go of go1.19; the NeedKeyUpdate
// flag read by internal/runtime/maps in go1.26.8 and go1.27.3), and the
// generic assignment then copies the new key over the stored one. The fast
// path for string keys (mapassign_faststr in runtime/map_faststr.go of
// go1.19, runtime_faststr.go of go1.26.8) overwrites the stored string too
// ("so it can be garbage collected", go1.19); it did not before a fix
// around Go 1.17 (Go issue 45045). gccgo's libgo sources are not installed
// on the machine that wrote this probe, so its behaviour was not read, only
// measured.
//
// Checks: for each of six key forms an entry is stored under the first
// key, then assigned again under an equal second key; the map must then
// have one entry holding the second value, found under both keys (the
// invariant). The forms: float64 +0 then -0, complex128 with -0 parts,
// interface{} holding +0 then -0, a struct holding a float64 (generic
// path), string keys with equal text in distinct buffers (map[string]int,
// the fast path) and a struct holding a string (generic path). Metrics,
// each 1 when the map's key afterwards is the second key (its sign bit,
// its string data pointer) and 0 when it is still the first: float_replaced,
// complex_replaced, interface_replaced, float_struct_replaced,
// string_replaced, string_struct_replaced; and keys_replaced, their sum.
//
// maplab:claims assign-keeps-original-key
// maplab:modes plain
// maplab:observe "{string_replaced:?string key replaced|string key kept}" "stored key replaced for {keys_replaced}/6 key forms"
// maplab:unsupported gopherjs -- GopherJS strings are JavaScript strings without a data pointer, so the probe cannot tell two equal strings apart (measured 2026-12-05: its self-check found the two keys' data shared and stopped)
package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"unsafe"
)

const probe = "assign-existing-key"

type floatKey struct{ f float64 }

type stringKey struct{ s string }

func main() {
	negZero := math.Copysign(0, -1)
	metrics := map[string]float64{}

	fm := map[float64]int{0: 1}
	fm[negZero] = 2
	check("float64", len(fm), fm[0], fm[negZero])
	for k := range fm {
		metrics["float_replaced"] = flag(math.Signbit(k))
	}

	cm := map[complex128]int{complex(0, 0): 1}
	cm[complex(negZero, negZero)] = 2
	check("complex128", len(cm), cm[complex(0, 0)], cm[complex(negZero, negZero)])
	for k := range cm {
		metrics["complex_replaced"] = flag(math.Signbit(real(k)) && math.Signbit(imag(k)))
	}

	im := map[interface{}]int{float64(0): 1}
	im[negZero] = 2
	check("interface{}", len(im), im[float64(0)], im[negZero])
	for k := range im {
		metrics["interface_replaced"] = flag(math.Signbit(k.(float64)))
	}

	sfm := map[floatKey]int{{0}: 1}
	sfm[floatKey{negZero}] = 2
	check("struct{float64}", len(sfm), sfm[floatKey{0}], sfm[floatKey{negZero}])
	for k := range sfm {
		metrics["float_struct_replaced"] = flag(math.Signbit(k.f))
	}

	first, second := string([]byte("some key")), string([]byte("some key"))
	if data(first) == data(second) {
		report("corrupt", "two strings converted from two byte slices share their data; the probe cannot tell them apart", nil)
	}
	sm := map[string]int{first: 1}
	sm[second] = 2
	check("string", len(sm), sm[first], sm[second])
	for k := range sm {
		metrics["string_replaced"] = stringFlag(k, first, second)
	}

	ssm := map[stringKey]int{{first}: 1}
	ssm[stringKey{second}] = 2
	check("struct{string}", len(ssm), ssm[stringKey{first}], ssm[stringKey{second}])
	for k := range ssm {
		metrics["string_struct_replaced"] = stringFlag(k.s, first, second)
	}

	sum := 0.0
	for _, v := range metrics {
		sum += v
	}
	metrics["keys_replaced"] = sum
	report("clean", fmt.Sprintf("after assigning under an equal second key, the stored key was the second one for %v of 6 key forms: float64 %v, complex128 %v, interface{} %v, struct{float64} %v, string %v, struct{string} %v",
		sum, metrics["float_replaced"], metrics["complex_replaced"], metrics["interface_replaced"], metrics["float_struct_replaced"],
		metrics["string_replaced"], metrics["string_struct_replaced"]), metrics)
}

// check reports corrupt unless the map of the named key form has one entry
// and both keys find the second value.
func check(form string, n, byFirst, bySecond int) {
	if n != 1 || byFirst != 2 || bySecond != 2 {
		report("corrupt", fmt.Sprintf("%s keys: after assigning 1 and then 2 under two equal keys, len is %d and the keys find %d and %d, want 1, 2 and 2", form, n, byFirst, bySecond), nil)
	}
}

// data returns the address of a string's bytes.
func data(s string) uintptr {
	return *(*uintptr)(unsafe.Pointer(&s))
}

// stringFlag returns 1 when the stored key k shares its bytes with second,
// 0 when it shares them with first, and reports corrupt otherwise.
func stringFlag(k, first, second string) float64 {
	switch data(k) {
	case data(second):
		return 1
	case data(first):
		return 0
	}
	report("corrupt", fmt.Sprintf("the stored key %q shares its bytes with neither key assigned", k), nil)
	return 0
}

func flag(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// report prints the result line and exits: 0 clean, 3 corrupt, 4 recovered.
func report(status, detail string, metrics map[string]float64) {
	if metrics == nil {
		metrics = map[string]float64{}
	}
	b, err := json.Marshal(struct {
		Probe   string             `json:"probe"`
		Status  string             `json:"status"`
		Detail  string             `json:"detail"`
		Metrics map[string]float64 `json:"metrics"`
	}{probe, status, detail, metrics})
	if err != nil {
		fmt.Fprintln(os.Stderr, "maplab: encoding result:", err)
		os.Exit(1)
	}
	fmt.Println("maplab-result " + string(b))
	os.Exit(map[string]int{"clean": 0, "corrupt": 3, "recovered": 4}[status])
}
