package linker

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/ahc-hs/ahc/toolchain/tools"
)

// customModule is a wasm64 module with one memory and the given custom
// sections (names and contents shorter than 128 bytes).
func customModule(sections map[string]string) []byte {
	b := []byte("\x00asm\x01\x00\x00\x00")
	b = append(b, 5, 3, 1, 0x04, 1) // memory section: one i64 memory, min 1 page
	for name, data := range sections {
		b = append(b, 0, byte(1+len(name)+len(data)), byte(len(name)))
		b = append(b, name...)
		b = append(b, data...)
	}
	return b
}

// customSections lists the names of mod's custom sections.
func customSections(t *testing.T, mod []byte) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	uleb := func(i int) (uint64, int) {
		var v uint64
		for shift := 0; ; shift += 7 {
			if i >= len(mod) {
				t.Fatalf("truncated module")
			}
			c := mod[i]
			i++
			v |= uint64(c&0x7f) << shift
			if c < 0x80 {
				return v, i
			}
		}
	}
	for i := 8; i < len(mod); {
		id := mod[i]
		size, j := uleb(i + 1)
		end := j + int(size)
		if id == 0 {
			n, k := uleb(j)
			names[string(mod[k:k+int(n)])] = true
		}
		i = end
	}
	return names
}

// TestLowerStripsCustomSections checks that lowering drops DWARF and the
// producers section unless Debug, which keeps them.
func TestLowerStripsCustomSections(t *testing.T) {
	wasmOpt, err := tools.Lookup("wasm-opt", "binaryen")
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	producers := "\x01\x0cprocessed-by\x01\x03ahc\x010"
	tests := []struct {
		name  string
		opts  LowerOptions
		debug bool
	}{
		{"optimised", LowerOptions{OptimizeLevel: 2, ShrinkLevel: 1}, false},
		{"unoptimised", LowerOptions{}, false},
		{"debug", LowerOptions{OptimizeLevel: 2, Debug: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sections := map[string]string{"producers": producers}
			if !tt.debug {
				// Not under Debug: binaryen would read it as DWARF.
				sections[".debug_str"] = "ahc\x00"
			}
			in := filepath.Join(dir, tt.name+".in.wasm")
			if err := os.WriteFile(in, customModule(sections), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, tt.name+".wasm")
			if err := Lower(context.Background(), wasmOpt, in, out, tt.opts); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(got, []byte("\x00asm")) {
				t.Fatalf("output is not a module")
			}
			names := customSections(t, got)
			if names["producers"] != tt.debug {
				t.Errorf("producers section kept = %v, want %v (sections %v)", names["producers"], tt.debug, names)
			}
			if !tt.debug && names[".debug_str"] {
				t.Errorf(".debug_str kept without Debug (sections %v)", names)
			}
		})
	}
}
