package clang

import (
	"reflect"
	"strings"
	"testing"
)

func TestIsLink(t *testing.T) {
	tests := []struct {
		args string
		want bool
	}{
		{"a.c -o a.wasm", true},
		{"-c a.c -o a.o", false},
		{"-S a.c", false},
		{"-E a.c", false},
		{"-fsyntax-only a.c", false},
		{"a.o b.o -lm", true},
		{"--version", false},
	}
	for _, tt := range tests {
		if got := IsLink(strings.Fields(tt.args)); got != tt.want {
			t.Errorf("IsLink(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

func TestOutput(t *testing.T) {
	tests := []struct {
		args, want, replaced string
	}{
		{"a.c -o a.wasm", "a.wasm", "a.c -o X"},
		{"a.c -oa.wasm -O2", "a.wasm", "a.c -o X -O2"},
		{"a.c", "a.out", "a.c -o X"},
	}
	for _, tt := range tests {
		args := strings.Fields(tt.args)
		if got := Output(args, "a.out"); got != tt.want {
			t.Errorf("Output(%q) = %q, want %q", tt.args, got, tt.want)
		}
		if got := ReplaceOutput(args, "X"); !reflect.DeepEqual(got, strings.Fields(tt.replaced)) {
			t.Errorf("ReplaceOutput(%q) = %q, want %q", tt.args, got, tt.replaced)
		}
	}
}
