package programs

import (
	"slices"
	"testing"
)

func TestDeclaredPackages(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"none", "main = return ()\n", nil},
		{"first line", "-- packages: containers text\nmodule Main where\n", []string{"containers", "text"}},
		{"after other comments", "-- Maps.\n--   packages:  containers,array\nmain = pure ()\n", []string{"containers", "array"}},
		{"only leading comments count", "module Main where\n-- packages: text\n", nil},
		{"pragma ends the header", "{-# LANGUAGE CPP #-}\n-- packages: text\n", nil},
		{"empty list", "-- packages:\n", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := declaredPackages(tt.src)
			if !slices.Equal(got, tt.want) {
				t.Errorf("declaredPackages(%q) = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}
