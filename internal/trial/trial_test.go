package trial

import (
	"bytes"
	"reflect"
	"testing"
)

func TestHeadWriter(t *testing.T) {
	tests := []struct {
		name          string
		max           int
		writes        []string
		want          string
		wantTruncated bool
	}{
		{"empty", 4, nil, "", false},
		{"under", 4, []string{"ab"}, "ab", false},
		{"exact", 4, []string{"ab", "cd"}, "abcd", false},
		{"split write", 4, []string{"abc", "def"}, "abcd", true},
		{"after full", 4, []string{"abcd", "e"}, "abcd", true},
		{"empty write after full", 4, []string{"abcd", ""}, "abcd", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &headWriter{max: tt.max}
			for _, s := range tt.writes {
				n, err := w.Write([]byte(s))
				if n != len(s) || err != nil {
					t.Fatalf("Write(%q) = %d, %v; want %d, nil", s, n, err, len(s))
				}
			}
			if got := string(w.buf); got != tt.want {
				t.Errorf("kept %q, want %q", got, tt.want)
			}
			if w.truncated != tt.wantTruncated {
				t.Errorf("truncated = %v, want %v", w.truncated, tt.wantTruncated)
			}
		})
	}
}

func TestHeadWriterKeepsNoMoreThanCap(t *testing.T) {
	w := &headWriter{max: 1 << 10}
	chunk := bytes.Repeat([]byte("x"), 4096)
	for i := 0; i < 1000; i++ {
		w.Write(chunk)
	}
	if len(w.buf) != 1<<10 || cap(w.buf) > 4<<10 {
		t.Errorf("after 4 MB: len %d cap %d, want len %d and a small cap", len(w.buf), cap(w.buf), 1<<10)
	}
}

func TestCleanEnv(t *testing.T) {
	environ := []string{
		"PATH=/bin",
		"HOME=/root",
		"GOTRACEBACK=all",
		"GODEBUG=asyncpreemptoff=1",
		"GORACE=exitcode=1",
		"GOMAXPROCS=1",
		"SECRET=x",
		"LANG=C.UTF-8",
		"PATH=/usr/bin", // the last one wins, as for os.Getenv
	}
	tests := []struct {
		name  string
		extra []string
		want  []string
	}{
		{"defaults", nil, []string{"PATH=/usr/bin", "HOME=/root", "LANG=C.UTF-8", RaceEnv}},
		{"extra appended", []string{"GOEXPERIMENT=noswissmap"},
			[]string{"PATH=/usr/bin", "HOME=/root", "LANG=C.UTF-8", RaceEnv, "GOEXPERIMENT=noswissmap"}},
		{"extra overrides", []string{"GORACE=halt_on_error=1", "HOME=/tmp"},
			[]string{"PATH=/usr/bin", "LANG=C.UTF-8", "GORACE=halt_on_error=1", "HOME=/tmp"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cleanEnv(environ, tt.extra...)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("cleanEnv = %q\nwant %q", got, tt.want)
			}
		})
	}
}
