// Probe moved-types: uses os types that became aliases of io/fs types in Go 1.16.
//
// Hazard: none; a fixture for tools/probecheck.
//
// Promise: os.FileInfo, os.FileMode and os.PathError exist from Go 1 on.
package main

import (
	"fmt"
	"io/ioutil"
	"os"
)

func main() {
	fi, err := os.Stat(".")
	if err != nil {
		if pe, ok := err.(*os.PathError); ok {
			fmt.Println(pe.Op, pe.Path)
		}
		return
	}
	fmt.Println(fi.Name(), fi.Mode().IsDir(), fi.Mode().Perm())
	infos, _ := ioutil.ReadDir(".")
	for _, i := range infos {
		fmt.Println(i.Name(), i.Size())
	}
	e := &os.PathError{Op: "open", Path: "x", Err: os.ErrNotExist}
	fmt.Println(e.Error())
}
