// Package jsonpos turns the byte offsets that encoding/json reports in its
// errors into the line:column positions that editors and people use, so
// that the lab's readers of JSON files (claims, results) name a problem's
// place the same way.
package jsonpos

import (
	"bytes"
	"fmt"
)

// Position returns the 1-based "line:column" of the byte offset in data.
// An offset past the end of data is the end of data; a negative one is its
// start.
func Position(data []byte, offset int64) string {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset < 0 {
		offset = 0
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("%d:%d", line, col)
}
