package jsonpos

import "testing"

func TestPosition(t *testing.T) {
	data := []byte("{\n  \"a\": 1,\n  \"b\": x\n}")
	tests := []struct {
		name   string
		offset int64
		want   string
	}{
		{"start", 0, "1:1"},
		{"negative is the start", -5, "1:1"},
		{"end of the first line", 1, "1:2"},
		{"start of the second line", 2, "2:1"},
		{"the bad value", 19, "3:8"},
		{"past the end is the end", 1000, "4:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Position(data, tt.offset); got != tt.want {
				t.Errorf("Position(%d) = %s, want %s", tt.offset, got, tt.want)
			}
		})
	}
}
