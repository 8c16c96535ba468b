package wasm

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/rts/host"
)

// TestLinkGlobals links two objects of which one defines globals and the
// other imports them (undefined global symbols), and an import whose name
// differs from its symbol's (explicit name).
func TestLinkGlobals(t *testing.T) {
	tc := needToolchain(t)
	dir := t.TempDir()

	a := NewObject()
	r1 := a.Global("R1", I64, true)
	r1.Define(5)
	a.Global("F1", F64, true).Define(math.Float64bits(1.5))
	c32 := a.Global("C32", I32, false)
	c32.Define(uint64(0xfffffff9)) // -7
	c32.Hidden = true
	get := a.Func("a_get_r1", Returns(I64))
	code := NewCode()
	code.GlobalGet(r1)
	get.Define(code)

	b := NewObject()
	br1 := b.Global("R1", I64, true)
	bf1 := b.Global("F1", F64, true)
	bc32 := b.Global("C32", I32, false)
	sp := b.Global("__stack_pointer", I64, true)
	def := func(name string, t FuncType, build func(c *Code)) {
		c := NewCode(t.Params...)
		build(c)
		b.Func(name, t).Define(c)
	}
	def("b_bump_r1", FuncType{}, func(c *Code) {
		c.GlobalGet(br1)
		c.I64Const(10)
		c.Op(I64Add)
		c.GlobalSet(br1)
	})
	def("b_get_f1", Returns(F64), func(c *Code) {
		c.GlobalGet(bf1)
		c.F64Const(2)
		c.Op(F64Mul)
	})
	def("b_get_c32", Returns(I32), func(c *Code) { c.GlobalGet(bc32) })
	def("b_sp_ok", Returns(I64), func(c *Code) {
		c.GlobalGet(sp)
		c.Op(I64Eqz)
		c.Op(I32Eqz)
		c.Op(I64ExtendI32U)
	})

	// b_say writes its message with WASI's fd_write, imported under a
	// symbol name of its own.
	fdWrite := b.Func("b_fd_write", FuncType{Params: []ValType{I32, I64, I64, I64}, Results: []ValType{I32}})
	fdWrite.ImportModule, fdWrite.ImportName = "wasi_snapshot_preview1", "fd_write"
	msg := b.Data("b_msg")
	var m Contents
	m.Write([]byte("said by fd_write\n"))
	msg.Define(ROData, 1, &m)
	iov := b.Data("b_iov")
	var v Contents
	v.Addr64(msg, 0)
	v.Uint64(uint64(m.Len()))
	iov.Define(RWData, 8, &v)
	scratch := b.Data("b_nwritten")
	var s Contents
	s.Zero(8)
	scratch.Define(BSS, 8, &s)
	def("b_say", FuncType{}, func(c *Code) {
		c.I32Const(1)
		c.I64ConstAddr(iov, 0)
		c.I64Const(1)
		c.I64ConstAddr(scratch, 0)
		c.Call(fdWrite)
		c.Op(Drop)
	})

	objA := writeObject(t, dir, "a.o", a)
	objB := writeObject(t, dir, "b.o", b)
	// Without a the globals are undefined.
	if out, err := tc.wasmLdErr("-mwasm64", "--no-entry", "--export=b_bump_r1", "-o", dir+"/x.wasm", objB); err == nil ||
		!strings.Contains(out, "undefined symbol: R1") {
		t.Errorf("linking b.o alone: %v, output %s; want an undefined R1", err, out)
	}
	linked := tc.linkCommand(t, dir, tc.compileC(t, dir, "globals.c"), objA, objB)
	imports := tc.run(t, tc.objdump, "-x", "-j", "Import", linked)
	if strings.Count(imports, "<- wasi_snapshot_preview1.fd_write") == 0 {
		t.Errorf("linked module does not import fd_write:\n%s", imports)
	}
	stdout, exit := tc.lowerAndRun(t, linked, false)
	want := "r1 5\nr1 25\nf1 3 c32 -7 sp 1\nsaid by fd_write\n"
	if stdout != want || exit != 0 {
		t.Errorf("got exit code %d, stdout:\n%s\nwant 0 and:\n%s", exit, stdout, want)
	}
}

// TestLinkTailCalls runs return_call and return_call_indirect deeper than
// any call stack.
func TestLinkTailCalls(t *testing.T) {
	tc := needToolchain(t)
	dir := t.TempDir()

	o := NewObject()
	count := o.Func("tc_count", FuncType{Params: []ValType{I64, I64}, Results: []ValType{I64}})
	c := NewCode(I64, I64)
	c.LocalGet(0)
	c.Op(I64Eqz)
	c.If(FuncType{})
	c.LocalGet(1)
	c.Op(Return)
	c.End()
	c.LocalGet(0)
	c.I64Const(1)
	c.Op(I64Sub)
	c.LocalGet(1)
	c.LocalGet(0)
	c.Op(I64Add)
	c.ReturnCall(count)
	count.Define(c)

	// tc_even and tc_odd call each other through code pointers: tc_even
	// finds tc_odd's in data, tc_odd has tc_even's as a constant.
	parity := FuncType{Params: []ValType{I64}, Results: []ValType{I32}}
	even := o.Func("tc_even", parity)
	odd := o.Func("tc_odd", parity)
	odd.Local = true
	ptrs := o.Data("tc_odd_ptr")
	var p Contents
	p.TableIndex64(odd)
	ptrs.Define(ROData, 8, &p)
	for _, f := range []struct {
		fn      *Func
		base    int32
		pointer func(c *Code)
	}{
		{even, 1, func(c *Code) {
			c.I64Const(0)
			c.I64Load(MemArg{Sym: ptrs})
		}},
		{odd, 0, func(c *Code) { c.I64ConstFunc(even) }},
	} {
		c := NewCode(I64)
		c.LocalGet(0)
		c.Op(I64Eqz)
		c.If(FuncType{})
		c.I32Const(f.base)
		c.Op(Return)
		c.End()
		c.LocalGet(0)
		c.I64Const(1)
		c.Op(I64Sub)
		f.pointer(c)
		c.Op(I32WrapI64)
		c.ReturnCallIndirect(parity)
		f.fn.Define(c)
	}

	hs := writeObject(t, dir, "tc.o", o)
	tc.run(t, tc.validate, "--enable-memory64", "--enable-tail-call", hs)
	linked := tc.linkCommand(t, dir, tc.compileC(t, dir, "tailcall.c"), hs)
	module := tc.lower(t, linked, true)
	stdout, code := runModule(t, module, true)
	if want := "count 4500001500000\neven 0 1\n"; stdout != want || code != 0 {
		t.Errorf("got exit code %d, stdout:\n%s\nwant 0 and:\n%s", code, stdout, want)
	}
	// The calls are still tail calls after lowering: an engine without
	// the proposal refuses the module.
	if _, err := host.Run(context.Background(), module, host.Config{}); err == nil || !strings.Contains(err.Error(), "tail") {
		t.Errorf("running without tail calls: error %v, want one about the tail-call feature", err)
	}
}
