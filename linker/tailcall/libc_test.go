package tailcall

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ahc-hs/ahc/boot/sysroot"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/toolchain/clang"
	"github.com/ahc-hs/ahc/toolchain/tools"
)

// libcProgram uses enough of libc (stdio, strings, math, 64-bit division,
// long double via compiler-rt) that the linked module holds most of the
// instructions clang emits.
const libcProgram = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
int main(int argc, char **argv) {
  char buf[64];
  long double x = argc * 1.5L;
  snprintf(buf, sizeof buf, "%s %f %Lf %lld", argv[0], sqrt(argc * 2.0), x, (long long)argc / 7);
  memmove(buf + 1, buf, 10);
  printf("%s %d\n", buf, (int)strtol("42", 0, 10) + (int)(float)atof("1.5"));
  return 0;
}
`

// TestDecodesLibc decodes every function body of a C program linked with
// ahc's libc: no instruction clang emits may be unknown to the decoder.
func TestDecodesLibc(t *testing.T) {
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	root, err := sysroot.Find(cfg.CacheDir)
	if err != nil {
		t.Skip(err)
	}
	clangPath, err := tools.Lookup(cfg.Tools.Clang, "clang")
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "p.c")
	if err := os.WriteFile(src, []byte(libcProgram), 0o644); err != nil {
		t.Fatal(err)
	}
	obj := filepath.Join(dir, "p.o")
	args := append(clang.TargetFlags(root), "-O2", "-c", "-o", obj, src)
	if _, err := tools.Output(t.Context(), clangPath, args...); err != nil {
		t.Fatal(err)
	}
	// Linked as ahc-dist links.
	wasmLD, err := tools.Lookup(cfg.Tools.WasmLD, "lld")
	if err != nil {
		t.Skip(err)
	}
	builtins, err := linker.Builtins(t.Context(), clangPath, root)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "p.wasm")
	err = linker.Link(t.Context(), linker.LinkInput{Objects: []string{obj}}, out,
		linker.LinkOptions{WasmLD: wasmLD, Sysroot: root, Builtins: builtins})
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	secs, err := splitSections(mod)
	if err != nil {
		t.Fatal(err)
	}
	rw := &rewriter{typeIdx: 0, table: map[uint32]uint32{}}
	bodies := 0
	for _, s := range secs {
		if s.id != secCode {
			continue
		}
		r := &reader{b: s.body}
		n := r.u32()
		for i := uint32(0); i < n; i++ {
			body := r.bytes(int(r.u32()))
			var st Stats
			if _, err := rw.body(body, &st); err != nil {
				t.Errorf("function body %d: %v", i, err)
			}
			bodies++
		}
	}
	if bodies < 50 {
		t.Errorf("only %d function bodies", bodies)
	}
	// Without $code functions, Rewrite leaves the module alone.
	got, st, err := Rewrite(mod)
	if err != nil {
		t.Fatal(err)
	}
	if st.Functions != 0 || &got[0] != &mod[0] {
		t.Errorf("Rewrite changed a module without %s functions: %+v", CodeSuffix, st)
	}
}
