// Probe new-api: uses API newer than Go 1.9.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: strings.Builder exists from Go 1.10, os.ReadFile from Go 1.16.
//
// maplab:minimum go1.9
// maplab:modes plain
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	var b strings.Builder
	b.WriteString("maplab")
	data, err := os.ReadFile("go.mod")
	fmt.Println(b.String(), len(data), err)
}
