package ar

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	dir := t.TempDir()
	rsp := filepath.Join(dir, "ar.rsp")
	os.WriteFile(rsp, []byte("dist/build/A.o\ndist/build/with\\ space.o \"q d.o\"\n"), 0o644)
	tests := []struct {
		args    []string
		ops     string
		archive string
		members []string
		llvm    string
	}{
		// Cabal 3.4 on Linux, ghc's "ar supports at file": YES
		{[]string{"-r", "-c", "tmp/libHSfoo.a", "@" + rsp}, "rc", "tmp/libHSfoo.a",
			[]string{"dist/build/A.o", "dist/build/with space.o", "q d.o"}, "rcs"},
		// Cabal without response files: -q batches
		{[]string{"-q", "lib.a", "A.o", "B.o"}, "q", "lib.a", []string{"A.o", "B.o"}, "qs"},
		{[]string{"-qL", "lib.a", "A.o"}, "qL", "lib.a", []string{"A.o"}, "qs"},
		{[]string{"-r", "-s", "lib.a", "A.o"}, "rs", "lib.a", []string{"A.o"}, "rs"},
		{[]string{"rcs", "lib.a", "A.o"}, "rcs", "lib.a", []string{"A.o"}, "rcs"},
		{[]string{"t", "lib.a"}, "t", "lib.a", nil, "t"},
	}
	for _, tt := range tests {
		c, err := Parse(tt.args)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.args, err)
			continue
		}
		if c.Ops != tt.ops || c.Archive != tt.archive || !slices.Equal(c.Members, tt.members) {
			t.Errorf("Parse(%q) = %+v, want ops %q archive %q members %q", tt.args, c, tt.ops, tt.archive, tt.members)
		}
		if got := c.LLVMOps(); got != tt.llvm {
			t.Errorf("Parse(%q).LLVMOps() = %q, want %q", tt.args, got, tt.llvm)
		}
	}
	for _, bad := range [][]string{nil, {"-r"}, {"-z", "lib.a"}} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) succeeded", bad)
		}
	}
}

func TestStage(t *testing.T) {
	dir := t.TempDir()
	wasm := []byte("\x00asm\x01\x00\x00\x00")
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name    string
		member  string
		stored  string // the file the staged member resolves to
		wantErr string
	}{
		{"native object with twin", write("a/Foo.o", []byte("\x7fELF")), filepath.Join(dir, "a/Foo.o.wasm"), ""},
		{"same base name elsewhere", write("b/Foo.o", []byte("\x7fELF")), filepath.Join(dir, "b/Foo.o.wasm"), ""},
		{"a wasm object itself", write("c/bar.o", wasm), filepath.Join(dir, "c/bar.o"), ""},
		{"no twin", write("d/Lone.o", []byte("\x7fELF")), "", "d/Lone.o has no wasm twin"},
	}
	write("a/Foo.o.wasm", wasm)
	write("b/Foo.o.wasm", wasm)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			staged, err := Stage(t.TempDir(), []string{tt.member})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Base(staged[0]) != filepath.Base(tt.member) {
				t.Errorf("staged as %s, want the member's name %s", filepath.Base(staged[0]), filepath.Base(tt.member))
			}
			if got, _ := os.Readlink(staged[0]); got != tt.stored {
				t.Errorf("staged member stores %s, want %s", got, tt.stored)
			}
		})
	}
}
