package procgroup_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/maplab/maplab/internal/procgroup"
)

func TestReap(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []int
	}{
		{"nothing", "", nil},
		{"one open", "+10\n", []int{10}},
		{"opened and closed", "+10\n-10\n", nil},
		{"order kept", "+30\n+10\n+20\n-10\n", []int{30, 20}},
		{"reopened", "+10\n-10\n+10\n", []int{10}},
		{"opened twice", "+10\n+10\n", []int{10}},
		{"closed unknown", "-7\n+8\n", []int{8}},
		{"garbage ignored", "hello\n+\n+x\n+-5\n+0\n+1\n*9\n+12\n", []int{12}},
		{"last line unterminated", "+10\n+11", []int{10, 11}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := procgroup.Reap(strings.NewReader(tt.in))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Reap(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
