package ldcmd

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseInput(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr string
	}{
		// What ghc 9.0 writes for ld -r.
		{`INPUT("/tmp/ghc1_0/ghc_6.o" "/tmp/ghc1_0/ghc_5.o")`, []string{"/tmp/ghc1_0/ghc_6.o", "/tmp/ghc1_0/ghc_5.o"}, ""},
		{"INPUT(a.o, b.o)\nINPUT(c.o)\n", []string{"a.o", "b.o", "c.o"}, ""},
		{`GROUP(a.o)`, nil, "only INPUT"},
		{`INPUT(a.o`, nil, "without )"},
	}
	for _, tt := range tests {
		got, err := parseInput(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseInput(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseInput(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestExpandScripts(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "ghc_7.ldscript")
	if err := os.WriteFile(script, []byte(`INPUT("x.o" "y.o")`), 0o644); err != nil {
		t.Fatal(err)
	}
	c := &Command{Objects: []string{"a.o", script, "b.o"}}
	if err := c.ExpandScripts(); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a.o", "x.o", "y.o", "b.o"}; !reflect.DeepEqual(c.Objects, want) {
		t.Errorf("objects = %q, want %q", c.Objects, want)
	}
}
