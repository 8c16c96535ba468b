package fnptr_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/linker/fnptr"
	"github.com/ahc-hs/ahc/linker/internal/linktest"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

var i64i64 = wasm.FuncType{Params: []wasm.ValType{wasm.I64}, Results: []wasm.ValType{wasm.I64}}

// hsObject is what codegen writes for `foreign import ccall "&f"`: f is
// an undefined data symbol, its address taken in code (i64.const,
// R_WASM_MEMORY_ADDR_SLEB64) and in data (R_WASM_MEMORY_ADDR_I64). Its
// main checks that both values are the same table index and calls f
// through it, with call_indirect, from a function of its own (so that its
// defined function indices and call relocations matter), and calls g, a
// function of the other object, directly, and its own function through a
// table index in data: it exits with f(20) + 50*f(1) + g(0) + f(2), or
// without call with g(0).
func hsObject(t *testing.T, sym string, addend int64, call bool) []byte {
	o := wasm.NewObject()
	f := o.Data(sym)
	g := o.Func("g", i64i64)
	applyType := wasm.FuncType{Params: []wasm.ValType{wasm.I64, wasm.I64}, Results: []wasm.ValType{wasm.I64}}
	apply := o.Func("hs_apply", applyType)
	code := wasm.NewCode(wasm.I64, wasm.I64)
	code.LocalGet(0)
	code.LocalGet(1)
	code.Op(wasm.I32WrapI64)
	code.CallIndirect(i64i64)
	apply.Define(code)

	// hs_fptrs: a word, f's address, and a table index of a function of
	// this object (so that wasm-ld -r writes an element section).
	ptrs := o.Data("hs_fptrs")
	var c wasm.Contents
	c.Uint64(0xdead)
	c.Addr64(f, addend)
	c.TableIndex64(apply)
	ptrs.Define(wasm.RWData, 8, &c)

	main := o.Func("__main_argc_argv", wasm.FuncType{Params: []wasm.ValType{wasm.I32, wasm.I64}, Results: []wasm.ValType{wasm.I32}})
	code = wasm.NewCode(wasm.I32, wasm.I64)
	fromCode, fromData := code.NewLocal(wasm.I64), code.NewLocal(wasm.I64)
	code.I64ConstAddr(f, addend)
	code.LocalSet(fromCode)
	code.I64Const(0)
	code.I64Load(wasm.MemArg{Sym: ptrs, Offset: 8})
	code.LocalSet(fromData)
	code.LocalGet(fromCode)
	code.LocalGet(fromData)
	code.Op(wasm.I64Ne)
	code.If(wasm.FuncType{})
	code.I32Const(7)
	code.Op(wasm.Return)
	code.End()
	if !call {
		code.I64Const(0)
		code.Call(g)
		code.Op(wasm.I32WrapI64)
		main.Define(code)
		return linktest.Bytes(t, o)
	}
	code.I64Const(20)
	code.LocalGet(fromCode)
	code.Call(apply)
	code.I64Const(1)
	code.LocalGet(fromData)
	code.Call(apply)
	code.I64Const(50)
	code.Op(wasm.I64Mul)
	code.Op(wasm.I64Add)
	code.I64Const(0)
	code.Call(g)
	code.Op(wasm.I64Add)
	code.I64Const(2)
	code.LocalGet(fromCode)
	code.I64Const(0)
	code.I64Load(wasm.MemArg{Sym: ptrs, Offset: 16})
	code.Op(wasm.I32WrapI64)
	code.CallIndirect(applyType)
	code.Op(wasm.I64Add)
	code.Op(wasm.I32WrapI64)
	main.Define(code)
	return linktest.Bytes(t, o)
}

// cObject is what clang writes for C that defines f(x) = 2x+1 (when
// fIsFunc) and g(x) = x+4, each of type (i64) -> i64, and the data fdata.
func cObject(t *testing.T, fIsFunc bool) []byte {
	o := wasm.NewObject()
	g := o.Func("g", i64i64)
	code := wasm.NewCode(wasm.I64)
	code.LocalGet(0)
	code.I64Const(4)
	code.Op(wasm.I64Add)
	g.Define(code)
	if fIsFunc {
		f := o.Func("f", i64i64)
		code = wasm.NewCode(wasm.I64)
		code.LocalGet(0)
		code.I64Const(2)
		code.Op(wasm.I64Mul)
		code.I64Const(1)
		code.Op(wasm.I64Add)
		f.Define(code)
	}
	// What the other object takes the address of in the no-op case.
	d := o.Data("fdata")
	var c wasm.Contents
	c.TableIndex64(g)
	d.Define(wasm.RWData, 8, &c)
	return linktest.Bytes(t, o)
}

// TestLink links through linker.Link (which calls Fix) and runs the
// program: f(20) + 50*f(1) + g(0) = 41 + 150 + 4 + 5.
func TestLink(t *testing.T) {
	e := linktest.NeedEnv(t)
	for _, tc := range []struct {
		name string
		// layout puts the objects hs.o and c.o into a link input.
		layout    func(t *testing.T, dir, hs, c string) linker.LinkInput
		fIsFunc   bool
		wantFixed int
		wantExit  int
	}{
		{"objects", func(t *testing.T, dir, hs, c string) linker.LinkInput {
			return linker.LinkInput{Objects: []string{hs, c}}
		}, true, 1, 200},
		{"archive member", func(t *testing.T, dir, hs, c string) linker.LinkInput {
			return linker.LinkInput{Objects: []string{c}, Archives: []string{e.Archive(t, dir, "libhs.a", hs)}}
		}, true, 1, 200},
		{"both in one archive", func(t *testing.T, dir, hs, c string) linker.LinkInput {
			return linker.LinkInput{Archives: []string{e.Archive(t, dir, "liball.a", hs, c)}, Roots: []string{"g"}}
		}, true, 1, 200},
		{"definition in a later archive", func(t *testing.T, dir, hs, c string) linker.LinkInput {
			return linker.LinkInput{Archives: []string{e.Archive(t, dir, "libhs.a", hs), e.Archive(t, dir, "libc2.a", c)}}
		}, true, 1, 200},
		// wasm-ld -r output carries a name section, whose function
		// indices shift too.
		{"merged object", func(t *testing.T, dir, hs, c string) linker.LinkInput {
			merged := filepath.Join(dir, "merged.o")
			if err := linker.MergeObjects(context.Background(), e.Opts.WasmLD, []string{hs}, merged); err != nil {
				t.Fatal(err)
			}
			return linker.LinkInput{Objects: []string{merged, c}}
		}, true, 1, 200},
		// The address taken is data's: nothing to fix; the program
		// exits with g(0).
		{"no-op", func(t *testing.T, dir, hs, c string) linker.LinkInput {
			return linker.LinkInput{Objects: []string{hs, c}}
		}, false, 0, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			sym := "f"
			if !tc.fIsFunc {
				sym = "fdata"
			}
			hs := linktest.Write(t, dir, "hs.o", hsObject(t, sym, 0, tc.fIsFunc))
			c := linktest.Write(t, dir, "c.o", cObject(t, tc.fIsFunc))
			in := tc.layout(t, dir, hs, c)

			fixDir := t.TempDir()
			res, err := fnptr.Fix(fnptr.Inputs{Objects: in.Objects, Archives: in.Archives}, fixDir)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Fixed) != tc.wantFixed {
				t.Errorf("fixed %q, want %d objects", res.Fixed, tc.wantFixed)
			}
			if tc.wantFixed == 0 {
				if !equal(res.Objects, in.Objects) || !equal(res.Archives, in.Archives) {
					t.Errorf("no-op changed the inputs: %v %v", res.Objects, res.Archives)
				}
				if ents, _ := os.ReadDir(fixDir); len(ents) != 0 {
					t.Errorf("no-op wrote files: %v", ents)
				}
			}

			out := filepath.Join(dir, "prog.wasm")
			if err := linker.Link(context.Background(), in, out, e.Opts); err != nil {
				t.Fatal(err)
			}
			if got := e.Run(t, out); got != tc.wantExit {
				t.Errorf("exit code %d, want %d", got, tc.wantExit)
			}
		})
	}
}

func equal(a, b []string) bool {
	return strings.Join(a, "\x00") == strings.Join(b, "\x00")
}

// TestArchiveOrder checks what Fix relies on: of two archives defining
// the same symbols lazily, wasm-ld pulls the member of the first, so the
// fixed archive must come before the original, and the original is then
// never loaded (were it loaded, the link would fail with wasm-ld's symbol
// type mismatch).
func TestArchiveOrder(t *testing.T) {
	e := linktest.NeedEnv(t)
	dir := t.TempDir()
	hs := linktest.Write(t, dir, "hs.o", hsObject(t, "f", 0, true))
	c := linktest.Write(t, dir, "c.o", cObject(t, true))
	orig := e.Archive(t, dir, "libhs.a", hs)
	res, err := fnptr.Fix(fnptr.Inputs{Objects: []string{c}, Archives: []string{orig}}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Archives) != 2 || res.Archives[1] != orig {
		t.Fatalf("archives %v, want the fixed archive then %s", res.Archives, orig)
	}
	fixed := res.Archives[0]
	for _, tc := range []struct {
		name     string
		archives []string
		wantErr  string
	}{
		{"fixed first", []string{fixed, orig}, ""},
		{"original first", []string{orig, fixed}, "symbol type mismatch: f"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, "prog.wasm")
			args := linker.Args(linker.LinkInput{Objects: []string{c}, Archives: tc.archives}, out, e.Opts)
			_, err := tools.Output(context.Background(), e.Opts.WasmLD, args...)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatal(err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want %q", err, tc.wantErr)
			}
			if tc.wantErr == "" {
				if got := e.Run(t, out); got != 200 {
					t.Errorf("exit code %d, want 200", got)
				}
			}
		})
	}
}

// TestAddend checks that the address of a function plus an offset, which
// has no meaning, is an error naming the object and the symbol.
func TestAddend(t *testing.T) {
	dir := t.TempDir()
	hs := linktest.Write(t, dir, "hs.o", hsObject(t, "f", 8, true))
	c := linktest.Write(t, dir, "c.o", cObject(t, true))
	_, err := fnptr.Fix(fnptr.Inputs{Objects: []string{hs, c}}, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "hs.o") || !strings.Contains(err.Error(), "against f") {
		t.Fatalf("error %v, want one naming hs.o and f", err)
	}
}

// TestAddressOfCalled links an object that both calls f and takes its
// address (codegen's AddrPrefix symbol), with the definition's type and
// with a narrower one that linker/sigadapt adapts: the address must stay
// f's own, which call_indirect with f's type calls. The program exits
// with f(20) + 50*f(1) = 41 + 150.
func TestAddressOfCalled(t *testing.T) {
	e := linktest.NeedEnv(t)
	i32i32 := wasm.FuncType{Params: []wasm.ValType{wasm.I32}, Results: []wasm.ValType{wasm.I32}}
	for _, tc := range []struct {
		name     string
		callType wasm.FuncType
	}{
		{"same type", i64i64},
		{"adapted call", i32i32},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := wasm.NewObject()
			addr := o.Data(fnptr.AddrPrefix + "f")
			f := o.Func("f", tc.callType)
			main := o.Func("__main_argc_argv", wasm.FuncType{Params: []wasm.ValType{wasm.I32, wasm.I64}, Results: []wasm.ValType{wasm.I32}})
			code := wasm.NewCode(wasm.I32, wasm.I64)
			code.I64Const(20)
			code.I64ConstAddr(addr, 0)
			code.Op(wasm.I32WrapI64)
			code.CallIndirect(i64i64)
			if tc.callType.Params[0] == wasm.I32 {
				code.I32Const(1)
				code.Call(f)
				code.Op(wasm.I64ExtendI32S)
			} else {
				code.I64Const(1)
				code.Call(f)
			}
			code.I64Const(50)
			code.Op(wasm.I64Mul)
			code.Op(wasm.I64Add)
			code.Op(wasm.I32WrapI64)
			main.Define(code)
			dir := t.TempDir()
			hs := linktest.Write(t, dir, "hs.o", linktest.Bytes(t, o))
			c := linktest.Write(t, dir, "c.o", cObject(t, true))
			out := filepath.Join(dir, "prog.wasm")
			if err := linker.Link(context.Background(), linker.LinkInput{Objects: []string{hs, c}}, out, e.Opts); err != nil {
				t.Fatal(err)
			}
			if got := e.Run(t, out); got != 191 {
				t.Errorf("exit code %d, want 191", got)
			}
		})
	}
}
