package adjustor_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/linker/adjustor"
	"github.com/ahc-hs/ahc/linker/internal/linktest"
	"github.com/ahc-hs/ahc/linker/internal/wasmobj"
	"github.com/ahc-hs/ahc/toolchain/codegen"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

var (
	i32i32    = wasm.FuncType{Params: []wasm.ValType{wasm.I32}, Results: []wasm.ValType{wasm.I32}}
	wrapperTy = wasm.FuncType{Params: []wasm.ValType{wasm.I64, wasm.I32}, Results: []wasm.ValType{wasm.I32}}
)

func TestPrefixIsCodegens(t *testing.T) {
	if adjustor.Prefix != codegen.AdjustorPrefix {
		t.Errorf("adjustor.Prefix = %q, codegen.AdjustorPrefix = %q", adjustor.Prefix, codegen.AdjustorPrefix)
	}
}

func encode(t *testing.T, ft wasm.FuncType) []byte {
	t.Helper()
	o := wasm.NewObject()
	f := o.Func("f", ft)
	c := wasm.NewCode(ft.Params...)
	c.Op(wasm.Unreachable)
	f.Define(c)
	b, err := o.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	enc, err := wasmobj.DefinedFuncType(b, "f")
	if err != nil {
		t.Fatal(err)
	}
	return enc
}

func TestObjectErrors(t *testing.T) {
	good := map[string][]byte{"w": encode(t, wrapperTy)}
	if _, err := adjustor.Object(good, 0); err == nil {
		t.Error("a pool of 0 adjustors: no error")
	}
	bad := map[string][]byte{"w": encode(t, i32i32)}
	if _, err := adjustor.Object(bad, 4); err == nil || !strings.Contains(err.Error(), "stable pointer") {
		t.Errorf("a wrapper without a stable pointer first: %v", err)
	}
	if b, err := adjustor.Object(nil, 4); b != nil || err != nil {
		t.Errorf("no wrappers: %d bytes, %v; want none", len(b), err)
	}
}

// wrapperObject defines the wrappers w1(sp, x) = 10*sp + x and
// w2(sp, x) = 100*sp + x, as ghc's stubs would (of one type), and a main
// that does what the RTS's createAdjustor does with the descriptors of
// both: it fills slot 0 of their (shared) pool with w1 and stable
// pointer 7, slot 1 with w2 and 3, and exits with adjustor 0 called with
// 5 plus adjustor 1 called with 6, less 200: 75 + 306 - 200, or 1 if the pool does
// not have the size 3.
func wrapperObject(t *testing.T) []byte {
	o := wasm.NewObject()
	for i, k := range []int64{10, 100} {
		w := o.Func([]string{"w1", "w2"}[i], wrapperTy)
		c := wasm.NewCode(wrapperTy.Params...)
		c.LocalGet(0)
		c.I64Const(k)
		c.Op(wasm.I64Mul)
		c.Op(wasm.I32WrapI64)
		c.LocalGet(1)
		c.Op(wasm.I32Add)
		w.Define(c)
	}
	desc1, desc2 := o.Data(adjustor.Prefix+"w1"), o.Data(adjustor.Prefix+"w2")

	main := o.Func("__main_argc_argv", wasm.FuncType{Params: []wasm.ValType{wasm.I32, wasm.I64}, Results: []wasm.ValType{wasm.I32}})
	c := wasm.NewCode(wasm.I32, wasm.I64)
	pool, slots, adjs := c.NewLocal(wasm.I64), c.NewLocal(wasm.I64), c.NewLocal(wasm.I64)
	c.I64Const(0)
	c.I64Load(wasm.MemArg{Sym: desc1, Offset: 8})
	c.LocalSet(pool)
	// The size.
	c.LocalGet(pool)
	c.I64Load(wasm.MemArg{})
	c.I64Const(3)
	c.Op(wasm.I64Ne)
	c.If(wasm.FuncType{})
	c.I32Const(1)
	c.Op(wasm.Return)
	c.End()
	c.LocalGet(pool)
	c.I64Load(wasm.MemArg{Offset: 16})
	c.LocalSet(adjs)
	c.LocalGet(pool)
	c.I64Load(wasm.MemArg{Offset: 24})
	c.LocalSet(slots)
	for k, d := range []*wasm.Data{desc1, desc2} {
		c.LocalGet(slots)
		c.I64Const(0)
		c.I64Load(wasm.MemArg{Sym: d})
		c.I64Store(wasm.MemArg{Offset: uint64(16 * k)})
		c.LocalGet(slots)
		c.I64Const([]int64{7, 3}[k])
		c.I64Store(wasm.MemArg{Offset: uint64(16*k + 8)})
	}
	c.I32Const(5)
	c.LocalGet(adjs)
	c.I64Load(wasm.MemArg{})
	c.Op(wasm.I32WrapI64)
	c.CallIndirect(i32i32)
	c.I32Const(6)
	c.LocalGet(adjs)
	c.I64Load(wasm.MemArg{Offset: 8})
	c.Op(wasm.I32WrapI64)
	c.CallIndirect(i32i32)
	c.Op(wasm.I32Add)
	c.I32Const(200)
	c.Op(wasm.I32Sub)
	main.Define(c)
	return linktest.Bytes(t, o)
}

// TestLink links the wrappers with the object Link makes for them and
// runs the program.
func TestLink(t *testing.T) {
	e := linktest.NeedEnv(t)
	dir := t.TempDir()
	obj := linktest.Write(t, dir, "w.o", wrapperObject(t))
	opts := e.Opts
	opts.Adjustors = 3
	out := filepath.Join(dir, "prog.wasm")
	if err := linker.Link(context.Background(), linker.LinkInput{Objects: []string{obj}}, out, opts); err != nil {
		t.Fatal(err)
	}
	if got := e.Run(t, out); got != 181 {
		t.Errorf("exit code %d, want 181", got)
	}
}
