// Command mapvet reports map patterns whose behaviour the maplab lab has
// measured, citing the lab's decision for the release the analysed module
// builds with. Run it in any module as
//
//	go run github.com/maplab/maplab/cmd/mapvet ./...
//
// or through go vet:
//
//	go build -o mapvet github.com/maplab/maplab/cmd/mapvet
//	go vet -vettool=$PWD/mapvet ./...
//
// See README.md for the checks, the claims behind them and how to silence
// a line.
package main

import (
	"github.com/maplab/maplab/cmd/mapvet/internal/checks"
	"golang.org/x/tools/go/analysis/multichecker"
)

func main() { multichecker.Main(checks.All...) }
