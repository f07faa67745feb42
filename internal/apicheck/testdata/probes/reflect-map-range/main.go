// Probe reflect-map-range: iterates a map with reflect.Value.MapRange (Go 1.12).
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: reflect.Value.MapRange and reflect.MapIter exist from Go 1.12 on;
// reflect.Type.OverflowInt from Go 1.23 on.
package main

import (
	"fmt"
	"reflect"
)

func main() {
	v := reflect.ValueOf(map[string]int{"a": 1})
	var it *reflect.MapIter = v.MapRange()
	for it.Next() {
		fmt.Println(it.Key(), it.Value())
	}
	fmt.Println(v.Type().Key().Kind(), reflect.TypeOf(0).OverflowInt(1))
}
