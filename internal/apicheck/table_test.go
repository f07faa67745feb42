package apicheck

import (
	"strings"
	"testing"
)

func TestParseRelease(t *testing.T) {
	tests := []struct {
		in   string
		want Release
		bad  bool
	}{
		{in: "go1", want: 0},
		{in: "go1.9", want: 9},
		{in: "go1.21", want: 21},
		{in: "go1.21.3", want: 21},
		{in: "go1.09", bad: true},
		{in: "1.9", bad: true},
		{in: "go2", bad: true},
		{in: "go1.21rc1", bad: true},
		{in: "", bad: true},
	}
	for _, tt := range tests {
		got, err := ParseRelease(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseRelease(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseRelease(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if tt.in != "go1.21.3" && got.String() != tt.in {
			t.Errorf("Release(%d).String() = %q, want %q", got, got.String(), tt.in)
		}
	}
}

// apiFiles is a miniature API directory: release → file content.
var apiFiles = map[Release]string{
	0: `pkg bufio, method (ReadWriter) Available() int
pkg os, type FileInfo interface { IsDir, Name }
pkg os, type FileInfo interface, Name() string
pkg os, type PathError struct
pkg os, type PathError struct, Op string
pkg runtime, type BlockProfileRecord struct, embedded StackRecord
pkg syscall (linux-386), const SYS_FOO = 1
pkg time, method (Duration) Seconds() float64
pkg time, type Duration int64
`,
	9: `pkg sync, method (*Map) Load(interface{}) (interface{}, bool)
pkg sync, type Map struct
pkg time, method (Duration) Round(Duration) Duration
`,
	10: `# a comment line

pkg strings, method (*Builder) WriteString(string) (int, error)
pkg strings, type Builder struct
pkg syscall (linux-amd64), const SYS_FOO = 1
pkg syscall, const SYS_BAR ideal-int
`,
	16: `pkg io/fs, type FileInfo interface, Name() string
pkg io/fs, type PathError struct, Op string
pkg os, type FileInfo = fs.FileInfo
pkg os, type PathError = fs.PathError
pkg os, func ReadFile(string) ([]uint8, error)
pkg os, const SYS_OLD //deprecated
`,
	19: `pkg sync/atomic, method (*Pointer[$0]) Load() *$0 #50860
pkg sync/atomic, type Pointer[$0 interface{}] struct #50860
pkg sync/atomic, type Pointer[$0 interface{}] struct, embedded noCopy
`,
	20: `pkg sync, method (*Map) Swap(interface{}, interface{}) (interface{}, bool) #51972
`,
	21: `pkg maps, func Clone[$0 interface{ ~map[$1]$2 }, $1 comparable, $2 interface{}]($0) $0 #57436
pkg reflect, type Type interface, OverflowInt(int64) bool
pkg sync, method (*Map) Load(any) (any, bool)
`,
}

func miniTable(t *testing.T) *Table {
	t.Helper()
	tab := NewTable()
	for rel, text := range apiFiles {
		if err := tab.Add(strings.NewReader(text), rel); err != nil {
			t.Fatalf("Add(go1.%d): %v", rel, err)
		}
	}
	return tab
}

func TestTableLookups(t *testing.T) {
	tab := miniTable(t)
	type lookup struct {
		pkg, typ, name string
		want           Release
		kind           Kind
		missing        bool
	}
	tests := []lookup{
		{pkg: "strings", name: "Builder", want: 10, kind: Type},
		{pkg: "strings", typ: "Builder", name: "WriteString", want: 10, kind: PtrMethod},
		{pkg: "sync", name: "Map", want: 9, kind: Type},
		{pkg: "sync", typ: "Map", name: "Load", want: 9, kind: PtrMethod}, // the go1.21 relisting does not count
		{pkg: "sync", typ: "Map", name: "Swap", want: 20, kind: PtrMethod},
		{pkg: "time", typ: "Duration", name: "Round", want: 9, kind: Method},
		{pkg: "time", typ: "Duration", name: "Seconds", want: 0, kind: Method},
		{pkg: "bufio", typ: "ReadWriter", name: "Available", want: 0, kind: Method},
		{pkg: "os", name: "FileInfo", want: 0, kind: Type},
		{pkg: "os", typ: "FileInfo", name: "Name", want: 0, kind: IfaceMethod},
		{pkg: "io/fs", typ: "FileInfo", name: "Name", want: 16, kind: IfaceMethod},
		{pkg: "os", typ: "PathError", name: "Op", want: 0, kind: Field},
		{pkg: "runtime", typ: "BlockProfileRecord", name: "StackRecord", want: 0, kind: Field},
		{pkg: "os", name: "ReadFile", want: 16, kind: Func},
		{pkg: "os", name: "SYS_OLD", want: 16, kind: Const},
		{pkg: "syscall", name: "SYS_FOO", want: 0, kind: Const}, // oldest of all platforms
		{pkg: "syscall", name: "SYS_BAR", want: 10, kind: Const},
		{pkg: "sync/atomic", name: "Pointer", want: 19, kind: Type},
		{pkg: "sync/atomic", typ: "Pointer", name: "Load", want: 19, kind: PtrMethod},
		{pkg: "sync/atomic", typ: "Pointer", name: "noCopy", want: 19, kind: Field},
		{pkg: "maps", name: "Clone", want: 21, kind: Func},
		{pkg: "reflect", typ: "Type", name: "OverflowInt", want: 21, kind: IfaceMethod},
		{pkg: "strings", name: "Clone", missing: true},
		{pkg: "strings", typ: "Builder", name: "Grow", missing: true},
	}
	for _, tt := range tests {
		var e Entry
		var ok bool
		if tt.typ == "" {
			e, ok = tab.Symbol(tt.pkg, tt.name)
		} else {
			e, ok = tab.Member(tt.pkg, tt.typ, tt.name)
		}
		if tt.missing {
			if ok {
				t.Errorf("%s.%s.%s: got %+v, want not listed", tt.pkg, tt.typ, tt.name, e)
			}
			continue
		}
		if !ok || e.Release != tt.want || e.Kind != tt.kind {
			t.Errorf("%s.%s.%s: got %+v (listed %v), want release %v kind %v", tt.pkg, tt.typ, tt.name, e, ok, tt.want, tt.kind)
		}
	}

	pkgs := map[string]Release{"maps": 21, "sync": 9, "io/fs": 16, "os": 0, "syscall": 0}
	for p, want := range pkgs {
		if got, ok := tab.Package(p); !ok || got != want {
			t.Errorf("Package(%q) = %v, %v; want %v", p, got, ok, want)
		}
	}
	if got := tab.Latest(); got != 21 {
		t.Errorf("Latest() = %v, want go1.21", got)
	}
	if got, want := tab.AliasesOf("fs", "FileInfo"), []TypeRef{{"os", "FileInfo"}}; len(got) != 1 || got[0] != want[0] {
		t.Errorf("AliasesOf(fs, FileInfo) = %v, want %v", got, want)
	}
}

func TestTableAddErrors(t *testing.T) {
	tests := []string{
		"pkg strings",
		"pkg strings, frob Builder",
		"pkg strings, method Builder) Grow(int)",
		"pkg strings, func (int)",
	}
	for _, line := range tests {
		err := NewTable().Add(strings.NewReader("pkg ok, func F()\n"+line+"\n"), 1)
		if err == nil || !strings.HasPrefix(err.Error(), "line 2: ") {
			t.Errorf("Add(%q) error = %v, want one at line 2", line, err)
		}
	}
}

func TestDisplay(t *testing.T) {
	tests := []struct {
		pkg, typ, member string
		kind             Kind
		want             string
	}{
		{"strings", "", "Builder", Type, "strings.Builder"},
		{"strings", "Builder", "WriteString", PtrMethod, "(*strings.Builder).WriteString"},
		{"time", "Duration", "Round", Method, "time.Duration.Round"},
		{"runtime/debug", "BuildInfo", "GoVersion", Field, "runtime/debug.BuildInfo.GoVersion"},
	}
	for _, tt := range tests {
		if got := Display(tt.pkg, tt.typ, tt.member, tt.kind); got != tt.want {
			t.Errorf("Display(%q, %q, %q) = %q, want %q", tt.pkg, tt.typ, tt.member, got, tt.want)
		}
	}
}

// TestHostTable checks a few facts of the real API files of the toolchain
// running the test, so that a change in their format cannot go unnoticed.
func TestHostTable(t *testing.T) {
	tab := hostTable(t)
	syms := []struct {
		pkg, name string
		want      Release
	}{
		{"strings", "Builder", 10},
		{"sync", "Map", 9},
		{"os", "ReadFile", 16},
		{"fmt", "Println", 0},
		{"maps", "Clone", 21},
		{"sync/atomic", "Int64", 19},
	}
	for _, s := range syms {
		if e, ok := tab.Symbol(s.pkg, s.name); !ok || e.Release != s.want {
			t.Errorf("Symbol(%s, %s) = %+v, %v; want %v", s.pkg, s.name, e, ok, s.want)
		}
	}
	members := []struct {
		pkg, typ, name string
		want           Release
	}{
		{"sync", "Map", "Swap", 20},
		{"sync", "Map", "Load", 9},
		{"time", "Duration", "Round", 9},
		{"strings", "Builder", "WriteString", 10},
		{"reflect", "Value", "MapRange", 12},
	}
	for _, m := range members {
		if e, ok := tab.Member(m.pkg, m.typ, m.name); !ok || e.Release != m.want {
			t.Errorf("Member(%s, %s, %s) = %+v, %v; want %v", m.pkg, m.typ, m.name, e, ok, m.want)
		}
	}
	if r, ok := tab.Package("maps"); !ok || r != 21 {
		t.Errorf("Package(maps) = %v, %v; want go1.21", r, ok)
	}
	if tab.Latest() < 21 {
		t.Errorf("Latest() = %v, want go1.21 or newer", tab.Latest())
	}
}
