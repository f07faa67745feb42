package classify

import (
	"bytes"
	"strings"
)

// The module cannot use github.com/rogpeppe/go-internal/txtar without a new
// go.sum entry (it imports golang.org/x/tools/txtar), so the tests carry
// this minimal reader and writer for the same format: a comment, then files
// introduced by "-- name --" lines.

// archive is a parsed txtar file.
type archive struct {
	comment []byte
	files   []archiveFile
}

// archiveFile is one file of an archive.
type archiveFile struct {
	name string
	data []byte
}

// parseArchive parses txtar data. It never fails: text before the first
// file marker is the comment.
func parseArchive(data []byte) *archive {
	a := &archive{}
	var cur *[]byte = &a.comment
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i+1], data[i+1:]
		} else {
			data = nil
		}
		if name, ok := marker(line); ok {
			a.files = append(a.files, archiveFile{name: name})
			cur = &a.files[len(a.files)-1].data
			continue
		}
		*cur = append(*cur, line...)
	}
	return a
}

// marker reports whether line is a file marker "-- name --" and returns the
// name.
func marker(line []byte) (string, bool) {
	s := strings.TrimRight(string(line), "\r\n")
	if !strings.HasPrefix(s, "-- ") || !strings.HasSuffix(s, " --") || len(s) < len("-- x --") {
		return "", false
	}
	name := strings.TrimSpace(s[3 : len(s)-3])
	return name, name != ""
}

// format writes an archive back in txtar form, ending every section with a
// newline.
func (a *archive) format() []byte {
	var b bytes.Buffer
	b.Write(withNewline(a.comment))
	for _, f := range a.files {
		b.WriteString("-- " + f.name + " --\n")
		b.Write(withNewline(f.data))
	}
	return b.Bytes()
}

func withNewline(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] != '\n' {
		return append(b[:len(b):len(b)], '\n')
	}
	return b
}
