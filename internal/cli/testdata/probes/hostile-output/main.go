// Probe hostile-output: a test fixture whose output is hostile markup.
//
// Hazard: a probe's stderr and result detail hold HTML and script that a
// careless report would inject into its page.
//
// Promise: the matrix stores output as data: escaped JSON that decodes to
// exactly the bytes the probe wrote.
//
// Checks: nothing; it appends "name pid ppid" to $TMPDIR/maplab-trials.log,
// writes the hostile text to stderr and reports recovered with the same
// text as the detail.
//
// maplab:modes plain
// maplab:timeout 5s
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// hostile must match hostileText in the cli package's tests.
const hostile = "<script>alert(\"maplab\")</script>\n\"><img src=x onerror=alert(1)>\n' onmouseover='alert(2)' & &amp; </textarea></pre>\u2028\u2029 `${alert(3)}` \\\" ]]> <!--\n"

func main() {
	if f, err := os.OpenFile(filepath.Join(os.TempDir(), "maplab-trials.log"), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
		fmt.Fprintf(f, "hostile-output %d %d\n", os.Getpid(), os.Getppid())
		f.Close()
	}
	os.Stderr.WriteString(hostile)
	line, err := json.Marshal(map[string]interface{}{
		"probe":   "hostile-output",
		"status":  "recovered",
		"detail":  hostile,
		"metrics": map[string]float64{},
	})
	if err != nil {
		os.Exit(9)
	}
	fmt.Printf("maplab-result %s\n", line)
	os.Exit(4)
}
