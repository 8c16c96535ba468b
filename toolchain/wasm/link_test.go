package wasm

import (
	"fmt"
	"strings"
	"testing"
)

var (
	i64i64   = FuncType{Params: []ValType{I64}, Results: []ValType{I64}}
	voidVoid = FuncType{}
)

// hsObject is the object TestLinkWithC links with testdata/main.c: each
// function exercises a group of instructions, the data exercise every data
// relocation.
func hsObject() *Object {
	o := NewObject()
	cCallback := o.Func("c_callback", i64i64)
	cCounter := o.Data("c_counter")

	fn := func(name string, t FuncType, build func(c *Code)) *Func {
		f := o.Func(name, t)
		c := NewCode(t.Params...)
		build(c)
		f.Define(c)
		return f
	}

	fn("hs_add", FuncType{Params: []ValType{I64, I64}, Results: []ValType{I64}}, func(c *Code) {
		c.LocalGet(0)
		c.LocalGet(1)
		c.Op(I64Add)
		c.LocalGet(0)
		c.Call(cCallback)
		c.Op(I64Add)
	})
	twice := fn("hs_twice", i64i64, func(c *Code) {
		c.LocalGet(0)
		c.I64Const(2)
		c.Op(I64Mul)
	})
	fn("hs_apply", FuncType{Params: []ValType{I64, I64}, Results: []ValType{I64}}, func(c *Code) {
		c.LocalGet(1)
		c.LocalGet(0)
		c.Op(I32WrapI64)
		c.CallIndirect(i64i64)
	})
	fn("hs_get_twice", Returns(I64), func(c *Code) { c.I64ConstFunc(twice) })
	fn("hs_bump", Returns(I64), func(c *Code) {
		c.I64Const(0)
		c.I64Const(0)
		c.I64Load(MemArg{Sym: cCounter, Offset: 8})
		c.I64Const(1)
		c.Op(I64Add)
		c.I64Store(MemArg{Sym: cCounter, Offset: 8})
		c.I64ConstAddr(cCounter, 8)
	})
	fn("hs_sum", i64i64, func(c *Code) {
		acc := c.NewLocal(I64)
		c.Block(FuncType{})
		c.Loop(FuncType{})
		c.LocalGet(0)
		c.Op(I64Eqz)
		c.BrIf(1)
		c.LocalGet(acc)
		c.LocalGet(0)
		c.Op(I64Add)
		c.LocalSet(acc)
		c.LocalGet(0)
		c.I64Const(1)
		c.Op(I64Sub)
		c.LocalSet(0)
		c.Br(0)
		c.End()
		c.End()
		c.LocalGet(acc)
	})
	fn("hs_classify", i64i64, func(c *Code) {
		c.Block(FuncType{})
		c.Block(FuncType{})
		c.Block(FuncType{})
		c.LocalGet(0)
		c.Op(I32WrapI64)
		c.BrTable([]uint32{0, 1}, 2)
		c.End()
		c.I64Const(10)
		c.Op(Return)
		c.End()
		c.I64Const(20)
		c.Op(Return)
		c.End()
		c.I64Const(30)
	})
	fn("hs_conv", FuncType{Params: []ValType{F64}, Results: []ValType{I64}}, func(c *Code) {
		c.LocalGet(0)
		c.Op(I64TruncSatF64S)
	})
	fn("hs_sext8", i64i64, func(c *Code) {
		c.LocalGet(0)
		c.Op(I64Extend8S)
	})
	fn("hs_wrap", FuncType{Params: []ValType{I64}, Results: []ValType{I32}}, func(c *Code) {
		c.LocalGet(0)
		c.Op(I32WrapI64)
	})
	fn("hs_fmadd", FuncType{Params: []ValType{F64, F64}, Results: []ValType{F64}}, func(c *Code) {
		c.LocalGet(0)
		c.LocalGet(1)
		c.Op(F64Mul)
		c.F64Const(0.5)
		c.Op(F64Add)
	})
	fn("hs_fhalf", FuncType{Params: []ValType{F32}, Results: []ValType{F32}}, func(c *Code) {
		c.LocalGet(0)
		c.Op(F64PromoteF32)
		c.F32Const(0.5)
		c.Op(F64PromoteF32)
		c.Op(F64Mul)
		c.Op(F32DemoteF64)
	})
	fn("hs_select", FuncType{Params: []ValType{I32, I64, I64}, Results: []ValType{I64}}, func(c *Code) {
		c.LocalGet(1)
		c.LocalGet(2)
		c.LocalGet(0)
		c.Op(Select)
	})
	fn("hs_copy", FuncType{Params: []ValType{I64, I64, I64}}, func(c *Code) {
		c.LocalGet(0)
		c.LocalGet(1)
		c.LocalGet(2)
		c.MemoryCopy()
	})
	fn("hs_fill", FuncType{Params: []ValType{I64, I32, I64}}, func(c *Code) {
		c.LocalGet(0)
		c.LocalGet(1)
		c.LocalGet(2)
		c.MemoryFill()
	})
	fn("hs_widths", i64i64, func(c *Code) {
		c.LocalGet(0)
		c.I64Const(0x1122334455667788)
		c.I64Store(MemArg{})
		c.LocalGet(0)
		c.I32Const(0xbeef)
		c.I32Store16(MemArg{Offset: 8})
		c.LocalGet(0)
		c.I32Const(0x7f)
		c.I32Store8(MemArg{Offset: 10})
		c.LocalGet(0)
		c.I64Const(0xfffffffe)
		c.I64Store32(MemArg{Offset: 12, Align: 2})
		c.LocalGet(0)
		c.I64Load32U(MemArg{Offset: 12})
		c.LocalGet(0)
		c.I64Load16U(MemArg{Offset: 8})
		c.Op(I64Add)
		c.LocalGet(0)
		c.I64Load8S(MemArg{Offset: 10})
		c.Op(I64Add)
		c.LocalGet(0)
		c.I64Load8U(MemArg{Align: 1})
		c.Op(I64Add)
		c.LocalGet(0)
		c.I32Load16U(MemArg{})
		c.Op(I64ExtendI32U)
		c.Op(I64Add)
		c.LocalGet(0)
		c.I32Load(MemArg{})
		c.Op(I64ExtendI32U)
		c.Op(I64Add)
		c.LocalGet(0)
		c.I64Load32S(MemArg{Offset: 12})
		c.Op(I64Add)
		c.LocalGet(0)
		c.I64Load16S(MemArg{Offset: 4})
		c.Op(I64Add)
	})
	fn("hs_grow", Returns(I64), func(c *Code) {
		c.I64Const(0)
		c.MemoryGrow()
		c.MemorySize()
		c.Op(I64Eq)
		c.If(Returns(I64))
		c.I64Const(1)
		c.Else()
		c.I64Const(0)
		c.End()
	})
	// A block with two results has its type by index (multi-value).
	// Binaryen 108 cannot read blocks with parameters, so ahc's code
	// must not use them; TestGoldenSmallObjdump has one for the encoding.
	fn("hs_divmod", FuncType{Params: []ValType{I64, I64}, Results: []ValType{I64}}, func(c *Code) {
		c.Block(Returns(I64, I64))
		c.LocalGet(0)
		c.LocalGet(1)
		c.Op(I64DivS)
		c.LocalGet(0)
		c.LocalGet(1)
		c.Op(I64RemS)
		c.End()
		c.Op(I64Sub)
	})
	weak := fn("hs_weak", Returns(I64), func(c *Code) { c.I64Const(1) })
	weak.Weak = true

	name := o.Data("hs_name")
	var s Contents
	s.Write([]byte("name: hello from ahc\x00"))
	name.Define(ROData, 1, &s)

	record := o.Data("hs_record")
	var r Contents
	r.Uint64(0xa1c0ffee12345678)
	r.Addr64(name, 6)
	r.TableIndex64(twice)
	r.TableIndex64(cCallback)
	r.LocRel32(name, 0)
	r.LocRel32(record, 0)
	r.LocRel32(name, int64(r.Len()))
	r.LocRel32(cCounter, 8)
	record.Define(RWData, 8, &r)

	inited := o.Data("hs_inited")
	var z Contents
	z.Zero(8)
	inited.Define(BSS, 8, &z)
	init := fn("hs_init", voidVoid, func(c *Code) {
		c.I64Const(0)
		c.I64Const(1234)
		c.I64Store(MemArg{Sym: inited})
	})
	init.Local = true
	o.InitFunc(100, init)
	return o
}

func TestLinkWithC(t *testing.T) {
	tc := needToolchain(t)
	dir := t.TempDir()
	hs := writeObject(t, dir, "hs.o", hsObject())
	linked := tc.linkCommand(t, dir, tc.compileC(t, dir, "main.c"), hs)
	stdout, code := tc.lowerAndRun(t, linked, false)

	// What hs_widths loads back, the i64.load32_s being -2.
	minus2 := int64(-2)
	widths := uint64(0xfffffffe+0xbeef+0x7f+0x88+0x7788+0x55667788+0x3344) + uint64(minus2)
	want := strings.Join([]string{
		"add 25",
		"apply 40",
		"get_twice 42",
		"fnptr equal 1",
		"bump 1 201",
		"sum 55",
		"classify 10 20 30 30",
		"conv 9223372036854775807 -2 0",
		"sext8 -128 wrap 5",
		"fmadd 12.5 fhalf 2.5",
		"select 7 8",
		"copy fill ababcdzzz",
		fmt.Sprintf("widths %x", widths),
		"grow 1",
		"weak 2",
		"divmod 1", // 17/5 - 17%5
		"record magic a1c0ffee12345678 name hello from ahc",
		"record name exact 1",
		"record twice 10 callback 50",
		"locrel name 1 name: hello from ahc",
		"locrel self -36 -36",
		"locrel base 1",
		"locrel ext 1",
		"inited 1234",
	}, "\n") + "\n"
	if stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	if code != 7 {
		t.Errorf("exit code %d, want 7", code)
	}
}
