package results

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixes are the endings every error of Decode has: one of the fixes.
var fixes = []string{fixRerun, fixVersion, fixNewer, fixForeign, fixMachine, fixCommit, fixNoMachine}

// FuzzDecode checks that Decode never panics, that every error it returns
// is one line naming the file and ending in a fix, and that every file it
// accepts, written again, is accepted again and written the same. It is
// seeded with the files under testdata and with the committed results
// (../../results), each cut to its first two cells so that the fuzzer's
// inputs stay small; run it with
//
//	go test -run '^$' -fuzz FuzzDecode ./internal/results
func FuzzDecode(f *testing.F) {
	committed, err := filepath.Glob("../../results/*/*.json")
	if err != nil {
		f.Fatal(err)
	}
	if len(committed) == 0 {
		f.Fatal("no committed results under ../../results")
	}
	for _, name := range committed {
		file, err := Read(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(file.Cells) > 2 {
			file.Cells = file.Cells[:2]
		}
		data, err := encode(file)
		if err != nil {
			f.Fatalf("%s: %v", name, err)
		}
		f.Add(data)
	}
	var seeds []string
	for _, pattern := range []string{"testdata/*.json", "testdata/corrupt/*.json"} {
		names, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, names...)
	}
	for _, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("root:x:0:0:root:/root:/bin/bash\n"))
	// Values with line breaks, which once made a message of two lines.
	valid, err := os.ReadFile("testdata/valid.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(bytes.Replace(bytes.ReplaceAll(valid, []byte(`"nil-map-write"`), []byte(`"x\ny"`)), []byte(`"k": 3`), []byte(`"k": 2`), 1))
	f.Add(bytes.Replace(valid, []byte(`"mode": "plain"`), []byte(`"mode": "pl\nain"`), 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "fuzz.json"
		got, err := Decode(name, data)
		if err != nil {
			checkMessage(t, name, err.Error())
			return
		}
		again, err := encode(got)
		if err != nil {
			t.Fatalf("Decode accepted the file, but Write refuses it: %v", err)
		}
		back, err := Decode(name, again)
		if err != nil {
			t.Fatalf("Decode accepted the file, but not the file Write makes of it: %v\n%s", err, again)
		}
		third, err := encode(back)
		if err != nil || !bytes.Equal(third, again) {
			t.Fatalf("writing a file read back changes it (err %v):\n%s\nthen\n%s", err, again, third)
		}
	})
}

// checkMessage fails t unless msg is one line that starts with the file
// name and ends with one of the fixes.
func checkMessage(t *testing.T, name, msg string) {
	t.Helper()
	if strings.ContainsAny(msg, "\n\r") {
		t.Errorf("error is not one line: %q", msg)
	}
	if !strings.HasPrefix(msg, name+":") {
		t.Errorf("error does not start with the file name: %q", msg)
	}
	for _, fix := range fixes {
		if strings.HasSuffix(msg, ": "+fix) {
			return
		}
	}
	t.Errorf("error does not end with a fix: %q", msg)
}
