package cfinalizer_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ahc-hs/ahc/internal/wasmbin"
	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/linker/cfinalizer"
	"github.com/ahc-hs/ahc/linker/internal/linktest"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

func encode(t wasm.FuncType) []byte {
	b := wasmbin.AppendULEB([]byte{0x60}, uint64(len(t.Params)))
	for _, p := range t.Params {
		b = append(b, byte(p))
	}
	b = wasmbin.AppendULEB(b, uint64(len(t.Results)))
	for _, r := range t.Results {
		b = append(b, byte(r))
	}
	return b
}

var (
	i64, i32 = wasm.I64, wasm.I32
	intOfPtr = wasm.FuncType{Params: []wasm.ValType{i64}, Results: []wasm.ValType{i32}}
	intOf2   = wasm.FuncType{Params: []wasm.ValType{i64, i64}, Results: []wasm.ValType{i32}}
	voidPtr  = wasm.FuncType{Params: []wasm.ValType{i64}}
	void2    = wasm.FuncType{Params: []wasm.ValType{i64, i64}}
)

// Only functions the RTS could call as finalizers but whose type is not
// the RTS's get thunks.
func TestObject(t *testing.T) {
	tests := []struct {
		name  string
		types map[string]wasm.FuncType
		want  bool
	}{
		{"none", nil, false},
		{"void already", map[string]wasm.FuncType{"free": voidPtr, "env": void2}, false},
		{"not pointers", map[string]wasm.FuncType{"abs": {Params: []wasm.ValType{i32}, Results: []wasm.ValType{i32}}}, false},
		{"three arguments", map[string]wasm.FuncType{"qsortish": {Params: []wasm.ValType{i64, i64, i64}, Results: []wasm.ValType{i32}}}, false},
		{"int of a pointer", map[string]wasm.FuncType{"deflateEnd": intOfPtr, "free": voidPtr}, true},
		{"int of two", map[string]wasm.FuncType{"fputs": intOf2}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := map[string][]byte{}
			for n, ft := range tt.types {
				enc[n] = encode(ft)
			}
			obj, err := cfinalizer.Object(enc)
			if err != nil {
				t.Fatal(err)
			}
			if (obj != nil) != tt.want {
				t.Errorf("Object made an object: %v, want %v", obj != nil, tt.want)
			}
		})
	}
}

// rtsObject stands for the RTS and the Haskell code: it takes the
// addresses of fin_int, fin_env and fin_void as data (as codegen writes
// `foreign import ccall "&f"`), defines the RTS's weak __ahc_cfinalizer,
// and its main calls each through __ahc_cfinalizer with the RTS's void
// types, as runCFinalizers does, then exits with fin_sum.
func rtsObject(t *testing.T) []byte {
	o := wasm.NewObject()
	sum := o.Data("fin_sum")
	disp := o.Func(cfinalizer.Dispatcher, wasm.FuncType{Params: []wasm.ValType{i64, i32}, Results: []wasm.ValType{i64}})
	disp.Weak = true
	c := wasm.NewCode(i64, i32)
	c.LocalGet(0)
	disp.Define(c)

	main := o.Func("__main_argc_argv", wasm.FuncType{Params: []wasm.ValType{i32, i64}, Results: []wasm.ValType{i32}})
	c = wasm.NewCode(i32, i64)
	call := func(fin string, env bool, args ...int64) {
		for _, a := range args {
			c.I64Const(a)
		}
		c.I64ConstAddr(o.Data(fin), 0)
		if env {
			c.I32Const(1)
		} else {
			c.I32Const(0)
		}
		c.Call(disp)
		c.Op(wasm.I32WrapI64)
		if env {
			c.CallIndirect(void2)
		} else {
			c.CallIndirect(voidPtr)
		}
	}
	call("fin_int", false, 5)
	call("fin_env", true, 3, 4)
	call("fin_void", false, 9)
	c.I64Const(0)
	c.I64Load(wasm.MemArg{Sym: sum})
	c.Op(wasm.I32WrapI64)
	main.Define(c)
	return linktest.Bytes(t, o)
}

// cObject stands for a C library: fin_int (int of a pointer) adds its
// argument to fin_sum, fin_env (int of two) 10 times its first plus its
// second, fin_void (void) 100 times its argument.
func cObject(t *testing.T) []byte {
	o := wasm.NewObject()
	sum := o.Data("fin_sum")
	var z wasm.Contents
	z.Uint64(0)
	sum.Define(wasm.RWData, 8, &z)
	add := func(c *wasm.Code, value func()) {
		c.I64Const(0)
		c.I64Const(0)
		c.I64Load(wasm.MemArg{Sym: sum})
		value()
		c.Op(wasm.I64Add)
		c.I64Store(wasm.MemArg{Sym: sum})
	}
	c := wasm.NewCode(i64)
	add(c, func() { c.LocalGet(0) })
	c.I32Const(-1)
	o.Func("fin_int", intOfPtr).Define(c)

	c = wasm.NewCode(i64, i64)
	add(c, func() {
		c.LocalGet(0)
		c.I64Const(10)
		c.Op(wasm.I64Mul)
		c.LocalGet(1)
		c.Op(wasm.I64Add)
	})
	c.I32Const(-1)
	o.Func("fin_env", intOf2).Define(c)

	c = wasm.NewCode(i64)
	add(c, func() {
		c.LocalGet(0)
		c.I64Const(100)
		c.Op(wasm.I64Mul)
	})
	o.Func("fin_void", voidPtr).Define(c)
	return linktest.Bytes(t, o)
}

// TestLink links through linker.Link and runs the program: without the
// thunks, the first call traps (an int function called as a void one).
// fin_int(5) + fin_env(3, 4) + fin_void(9) = 5 + 34 + 900.
func TestLink(t *testing.T) {
	e := linktest.NeedEnv(t)
	dir := t.TempDir()
	rts := linktest.Write(t, dir, "rts.o", rtsObject(t))
	c := linktest.Write(t, dir, "c.o", cObject(t))
	out := filepath.Join(dir, "prog.wasm")
	if err := linker.Link(context.Background(), linker.LinkInput{Objects: []string{rts, c}}, out, e.Opts); err != nil {
		t.Fatal(err)
	}
	if code := e.Run(t, out); code != 939 {
		t.Errorf("exit code %d, want 939", code)
	}
}
