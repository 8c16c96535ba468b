package linker

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestArgs(t *testing.T) {
	lib := filepath.Join("/sr", "lib", "wasm64-wasi")
	tests := []struct {
		name string
		in   LinkInput
		opts LinkOptions
		want []string
	}{
		{"minimal", LinkInput{Objects: []string{"a.o"}}, LinkOptions{Sysroot: "/sr"},
			[]string{"-m", "wasm64", "-o", "out.wasm", "--gc-sections", "-z", "stack-size=1048576", "--stack-first",
				filepath.Join(lib, "crt1-command.o"), "a.o", filepath.Join(lib, "libc.a")}},
		{"everything", LinkInput{Objects: []string{"a.o", "b.o"}, Archives: []string{"/db/libHSx.a"},
			Roots: []string{"r1", "r2"}, LinkerFlags: []string{"--export=f"}},
			LinkOptions{Sysroot: "/sr", Builtins: "/rt/builtins.a", StackSize: 4096},
			[]string{"-m", "wasm64", "-o", "out.wasm", "--gc-sections", "-z", "stack-size=4096", "--stack-first",
				filepath.Join(lib, "crt1-command.o"), "a.o", "b.o", "/db/libHSx.a", "--undefined=r1", "--undefined=r2",
				"--export=f", filepath.Join(lib, "libc.a"), "/rt/builtins.a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Args(tt.in, "out.wasm", tt.opts); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Args = %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestLowerRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		opts LowerOptions
		want string
	}{
		{"optimize level", LowerOptions{OptimizeLevel: 5}, "optimize level 5"},
		{"shrink level", LowerOptions{ShrinkLevel: -1}, "shrink level -1"},
		{"feature flag", LowerOptions{Features: []string{"--all"}}, `invalid WebAssembly feature name "--all"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Lower(context.Background(), "wasm-opt-not-run", "in", "out", tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}
