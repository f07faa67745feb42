package results

import (
	"bytes"
	"testing"
)

// TestCheck checks the findings for every kind of bad contributed file
// against testdata/check.golden, and that a good file has none.
func TestCheck(t *testing.T) {
	current := map[string]string{"nil-map-write": "h2", "concurrent-writes": "h3"}
	good := sample()
	goodPath := "results/" + good.Env.MachineID + "/go1.19.8.json"
	if got := Check(goodPath, good, current); len(got) != 0 {
		t.Fatalf("Check of a good file: %v, want no findings", got)
	}
	if got := Check("go1.19.8.json", good, current); len(got) != 0 {
		t.Errorf("Check of a good file named without a directory: %v, want no findings", got)
	}

	tests := []struct {
		name   string
		path   string
		mutate func(f *File)
	}{
		{"stale probe source", goodPath, func(f *File) { f.Cells[0].ProbeHash = "h3-old"; f.Cells[1].ProbeHash = "h3-old" }},
		{"unknown probe", goodPath, func(f *File) { f.Cells[0].Probe = "nil-map-delete" }},
		{"another machine's directory", "results/local-linux-amd64-4cpu-6a5256/go1.19.8.json", func(f *File) {}},
		{"another toolchain's name", "results/" + good.Env.MachineID + "/go1.12.17.json", func(f *File) {}},
		{"unknown kind", goodPath, func(f *File) { f.Toolchain.Kind = "tinygo" }},
		{"no version", goodPath, func(f *File) { f.Toolchain.Version = "" }},
		{"release not a release", goodPath, func(f *File) { f.Toolchain.Release = "1.19.8" }},
		{"release and version disagree", goodPath, func(f *File) { f.Toolchain.Version = "go1.19.13" }},
		{"toolchain for another architecture", goodPath, func(f *File) { f.Toolchain.GOARCH = "arm64" }},
		{"no modes", goodPath, func(f *File) { f.Toolchain.Modes = nil }},
		{"no cells", goodPath, func(f *File) { f.Cells = nil }},
	}
	var out bytes.Buffer
	for _, tt := range tests {
		f := sample()
		f.Cells = normalized(f.Cells)
		tt.mutate(&f)
		got := Check(tt.path, f, current)
		if len(got) == 0 {
			t.Errorf("%s: no findings", tt.name)
		}
		out.WriteString("# " + tt.name + "\n")
		for _, fd := range got {
			out.WriteString(fd.Format(tt.path) + "\n")
		}
	}
	golden(t, "testdata/check.golden", out.Bytes())
}
