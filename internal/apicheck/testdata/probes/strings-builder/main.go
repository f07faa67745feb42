// Probe strings-builder: uses strings.Builder, added in Go 1.10.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: strings.Builder exists from Go 1.10 on.
package main

import (
	"fmt"
	"strings"
)

func main() {
	var b strings.Builder
	b.WriteString("maplab")
	write := (*strings.Builder).WriteString
	write(&b, "!")
	fmt.Println(b.String())
}
