package toolchain

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"go1.27.3", []string{"go1.27.3"}},
		{"go, /usr/lib/go-1.19 ,gccgo-12", []string{"go", "/usr/lib/go-1.19", "gccgo-12"}},
		{"/usr/lib/go-1.19/bin/go:/usr/bin/gccgo-12", []string{"/usr/lib/go-1.19/bin/go", "/usr/bin/gccgo-12"}},
		{",,go1.27.3,:", []string{"go1.27.3"}},
	}
	for _, tt := range tests {
		if got := SplitList(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SplitList(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseEntry(t *testing.T) {
	tests := []struct {
		in      string
		want    Entry
		variant string
		env     []string
		wantErr string
	}{
		{in: "go1.27.3", want: Entry{Release: "go1.27.3"}, env: []string{"GOTOOLCHAIN=go1.27.3"}},
		{in: "go1.24.6+noswissmap", want: Entry{Release: "go1.24.6", Experiments: []string{"noswissmap"}},
			variant: "noswissmap", env: []string{"GOTOOLCHAIN=go1.24.6", "GOEXPERIMENT=noswissmap"}},
		{in: "/usr/lib/go-1.25/bin/go+noswissmap+nospinbitmutex", want: Entry{Target: "/usr/lib/go-1.25/bin/go", Experiments: []string{"noswissmap", "nospinbitmutex"}},
			variant: "noswissmap+nospinbitmutex", env: []string{"GOEXPERIMENT=noswissmap,nospinbitmutex"}},
		{in: "/usr/lib/go-1.19", want: Entry{Target: "/usr/lib/go-1.19"}},
		{in: "/opt/c++/go", want: Entry{Target: "/opt/c++/go"}},
		{in: "gccgo-12", want: Entry{Target: "gccgo-12"}},
		{in: "go", want: Entry{Target: "go"}},
		{in: "~/sdk/go1.22.1", want: Entry{Target: "~/sdk/go1.22.1"}},
		{in: "./sdk/go1.22.1", want: Entry{Target: "./sdk/go1.22.1"}},
		{in: "go1.22.1rc1", want: Entry{Target: "go1.22.1rc1"}},
		{in: "", wantErr: "empty toolchain entry"},
		{in: "+noswissmap", wantErr: "no toolchain before the variant"},
		{in: "go1.24.6+", wantErr: `bad variant ""`},
		{in: "go1.24.6+NoSwissMap", wantErr: `bad variant "NoSwissMap"`},
		{in: "go1.24.6+no-swiss", wantErr: `bad variant "no-swiss"`},
	}
	for _, tt := range tests {
		got, err := ParseEntry(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseEntry(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseEntry(%q): %v", tt.in, err)
			continue
		}
		tt.want.Raw = tt.in
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseEntry(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if v := got.Variant(); v != tt.variant {
			t.Errorf("ParseEntry(%q).Variant() = %q, want %q", tt.in, v, tt.variant)
		}
		if env := got.ExtraEnv(); !reflect.DeepEqual(env, tt.env) {
			t.Errorf("ParseEntry(%q).ExtraEnv() = %q, want %q", tt.in, env, tt.env)
		}
	}
}

func TestMakeID(t *testing.T) {
	tests := []struct {
		kind                            Kind
		release, devel, gccVer, variant string
		want                            string
	}{
		{GC, "go1.19.8", "", "", "", "go1.19.8"},
		{GC, "go1.9", "", "", "", "go1.9"},
		{GC, "go1.21rc2", "", "", "", "go1.21rc2"},
		{GC, "go1.24.6", "", "", "noswissmap", "go1.24.6+noswissmap"},
		{GC, "", "go1.27-abcdef1234", "", "", "devel-go1.27-abcdef1234"},
		{GC, "", "go1.27-abc/def", "", "", "devel-go1.27-abc-def"},
		{GCCGO, "go1.18", "", "12.2.0", "", "gccgo12-go1.18"},
		{GCCGO, "go1.16.5", "", "11.3.0", "", "gccgo11-go1.16"},
		{GCCGO, "go1.18", "", "", "", "gccgo-go1.18"},
	}
	for _, tt := range tests {
		if got := MakeID(tt.kind, tt.release, tt.devel, tt.gccVer, tt.variant); got != tt.want {
			t.Errorf("MakeID(%s, %q, %q, %q, %q) = %q, want %q", tt.kind, tt.release, tt.devel, tt.gccVer, tt.variant, got, tt.want)
		}
	}
}
