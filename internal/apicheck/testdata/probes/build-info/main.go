// Probe build-info: reads struct fields of runtime/debug.BuildInfo.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: BuildInfo.Path exists from Go 1.12 on, BuildInfo.GoVersion and
// BuildSetting from Go 1.18 on.
//
// maplab:minimum go1.12
package main

import (
	"fmt"
	"runtime/debug"
)

func main() {
	bi, ok := debug.ReadBuildInfo()
	if ok {
		fmt.Println(bi.Path, bi.Main.Path, bi.GoVersion)
	}
	m := debug.Module{Path: "x", Version: "v1"}
	s := debug.BuildSetting{Key: "k", Value: "v"}
	fmt.Println(m, s)
}
