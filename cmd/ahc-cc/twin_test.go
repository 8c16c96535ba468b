package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The command lines are what ghc 9.0.2 passes its C compiler and assembler
// (captured with ghc -v): C is compiled to assembly (-S) into ghc's
// temporary directory, then assembled to OBJ.tmp, which ghc renames; the
// C stub of a link is compiled with -c directly.
func TestPlanTwin(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want twinPlan
	}{
		{"ghc -c foo.c: the C step",
			[]string{"-x", "c", "foo.c", "-o", "/tmp/ghc1_0/ghc_1.s", "-no-pie", "-fno-PIC", "-Wimplicit", "-S",
				"-include", "/usr/lib/ghc/include/ghcversion.h", "-I.", "-I/usr/lib/ghc/include", "-Xpreprocessor", "-DX=1", "-O2"},
			twinPlan{action: twinCompile, wasmArgs: []string{"-x", "c", "foo.c",
				"-include", "/usr/lib/ghc/include/ghcversion.h", "-I.", "-I/usr/lib/ghc/include", "-Xpreprocessor", "-DX=1", "-O2",
				"-D_WASI_EMULATED_SIGNAL", "-D_WASI_EMULATED_PROCESS_CLOCKS", "-D_WASI_EMULATED_GETPID", "-D_WASI_EMULATED_MMAN", "-D__unix__=1", "-D__unix=1", "-c", "-fno-common", "-o", "/tmp/ghc1_0/ghc_1.s.wasm"}}},
		{"ghc -c foo.c: the assembly step",
			[]string{"-I.", "-no-pie", "-fno-PIC", "-x", "assembler", "-c", "/tmp/ghc1_0/ghc_1.s", "-o", "foo.o.tmp"},
			twinPlan{action: twinAssemble, from: "/tmp/ghc1_0/ghc_1.s.wasm", to: "foo.o.wasm"}},
		{"Haskell module's assembly: moves a twin only if there is one",
			[]string{"-iquote.", "-x", "assembler", "-c", "/tmp/g/ghc_2.s", "-o", "M.o.tmp"},
			twinPlan{action: twinAssemble, from: "/tmp/g/ghc_2.s.wasm", to: "M.o.wasm"}},
		{"link-time C stub",
			[]string{"-c", "/tmp/g/ghc_4.c", "-o", "/tmp/g/ghc_5.o", "-no-pie", "-fno-PIC", "-I/usr/lib/ghc/include"},
			twinPlan{action: twinCompile, wasmArgs: []string{"/tmp/g/ghc_4.c", "-I/usr/lib/ghc/include",
				"-D_WASI_EMULATED_SIGNAL", "-D_WASI_EMULATED_PROCESS_CLOCKS", "-D_WASI_EMULATED_GETPID", "-D_WASI_EMULATED_MMAN", "-D__unix__=1", "-D__unix=1", "-c", "-fno-common", "-o", "/tmp/g/ghc_5.o.wasm"}}},
		{"gcc-only flags dropped",
			[]string{"-c", "x.c", "-o", "x.o", "-march=native", "-msse4.2", "-fuse-ld=gold", "-Wl,-z,now", "-Xlinker", "-q", "-mcx16"},
			twinPlan{action: twinCompile, wasmArgs: []string{"x.c", "-D_WASI_EMULATED_SIGNAL", "-D_WASI_EMULATED_PROCESS_CLOCKS", "-D_WASI_EMULATED_GETPID", "-D_WASI_EMULATED_MMAN", "-D__unix__=1", "-D__unix=1", "-c", "-fno-common", "-o", "x.o.wasm"}}},
		{"linking: nothing to twin", []string{"a.o", "b.o", "-o", "prog"}, twinPlan{}},
		{"preprocessing: nothing to twin", []string{"-E", "x.c", "-o", "x.i"}, twinPlan{}},
		{"C++: not twinned", []string{"-x", "c++", "-c", "x.cc", "-o", "x.o"}, twinPlan{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := planTwin(tt.args)
			if got.action != tt.want.action || got.from != tt.want.from || got.to != tt.want.to ||
				!slices.Equal(got.wasmArgs, tt.want.wasmArgs) {
				t.Errorf("planTwin(%q)\n got %+v\nwant %+v", tt.args, got, tt.want)
			}
		})
	}
}

func TestCleanArgs(t *testing.T) {
	got := cleanArgs([]string{"a.o", "-fuse-ld=gold", "-o", "x", "-Wl,-R,/lib", "-no-pie", "-lm", "-Wl,--gc-sections"})
	want := []string{"a.o", "-o", "x", "-lm", "-Wl,--gc-sections"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNativeIncludes(t *testing.T) {
	dir := t.TempDir()
	rtsInc := filepath.Join(dir, "rts", "include")
	os.MkdirAll(rtsInc, 0o755)
	os.WriteFile(filepath.Join(dir, "rts", "rts.conf"), nil, 0o644)
	args := []string{"-c", "x.c", "-I" + rtsInc, "-I", rtsInc, "-Iother", "-I", "more"}
	got := nativeIncludes(args, "/usr/lib/ghc/include")
	want := []string{"-c", "x.c", "-I/usr/lib/ghc/include", "-I/usr/lib/ghc/include", "-Iother", "-Imore"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := nativeIncludes(args, ""); !slices.Equal(got, args) {
		t.Errorf("without a native include dir: got %q", got)
	}
}

func TestExpandResponseFiles(t *testing.T) {
	rsp := filepath.Join(t.TempDir(), "x.rsp")
	os.WriteFile(rsp, []byte("-c 'a b.c'\n-o out.o"), 0o644)
	got, err := expandResponseFiles([]string{"-O2", "@" + rsp, "@"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"-O2", "-c", "a b.c", "-o", "out.o", "@"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
