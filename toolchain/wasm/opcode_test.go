package wasm

import (
	"fmt"
	"strings"
	"testing"
)

// TestDisassembly encodes every instruction the builder has and checks
// that wabt's disassembler reads back the same instructions and
// immediates.
func TestDisassembly(t *testing.T) {
	objdump := needProgram(t, "wasm-objdump", "wabt")
	o := NewObject()
	callee := o.Func("callee", FuncType{Params: []ValType{I64}})
	g := o.Global("g", I64, true)
	d := o.Data("d")
	var dc Contents
	dc.Zero(64)
	d.Define(RWData, 8, &dc)

	type insn struct {
		emit func(c *Code)
		want string
	}
	var insns []insn
	add := func(want string, emit func(c *Code)) { insns = append(insns, insn{emit, want}) }
	for _, op := range allOpcodes {
		add(op.String(), func(c *Code) { c.Op(op) })
	}
	memory := []struct {
		name string
		emit func(c *Code, m MemArg)
		size uint32
	}{
		{"i32.load", (*Code).I32Load, 4}, {"i64.load", (*Code).I64Load, 8},
		{"f32.load", (*Code).F32Load, 4}, {"f64.load", (*Code).F64Load, 8},
		{"i32.load8_s", (*Code).I32Load8S, 1}, {"i32.load8_u", (*Code).I32Load8U, 1},
		{"i32.load16_s", (*Code).I32Load16S, 2}, {"i32.load16_u", (*Code).I32Load16U, 2},
		{"i64.load8_s", (*Code).I64Load8S, 1}, {"i64.load8_u", (*Code).I64Load8U, 1},
		{"i64.load16_s", (*Code).I64Load16S, 2}, {"i64.load16_u", (*Code).I64Load16U, 2},
		{"i64.load32_s", (*Code).I64Load32S, 4}, {"i64.load32_u", (*Code).I64Load32U, 4},
		{"i32.store", (*Code).I32Store, 4}, {"i64.store", (*Code).I64Store, 8},
		{"f32.store", (*Code).F32Store, 4}, {"f64.store", (*Code).F64Store, 8},
		{"i32.store8", (*Code).I32Store8, 1}, {"i32.store16", (*Code).I32Store16, 2},
		{"i64.store8", (*Code).I64Store8, 1}, {"i64.store16", (*Code).I64Store16, 2},
		{"i64.store32", (*Code).I64Store32, 4},
	}
	for _, m := range memory {
		p2 := 0
		for a := m.size; a > 1; a >>= 1 {
			p2++
		}
		add(fmt.Sprintf("%s %d 0", m.name, p2), func(c *Code) { m.emit(c, MemArg{}) })
		// wabt reads offsets as 32 bits; TestEncoding has a larger one.
		add(fmt.Sprintf("%s 0 %d", m.name, 70000), func(c *Code) { m.emit(c, MemArg{Align: 1, Offset: 70000}) })
		// The data symbol's address in the object is 0.
		add(fmt.Sprintf("%s %d 12", m.name, p2), func(c *Code) { m.emit(c, MemArg{Sym: d, Offset: 12}) })
	}
	add("block", func(c *Code) { c.Block(FuncType{}) })
	add("loop i64", func(c *Code) { c.Loop(Returns(I64)) })
	add("br 1", func(c *Code) { c.Br(1) })
	add("br_if 0", func(c *Code) { c.BrIf(0) })
	add("br_table 0 1 2", func(c *Code) { c.BrTable([]uint32{0, 1}, 2) })
	add("end", func(c *Code) { c.End() })
	add("if f64", func(c *Code) { c.If(Returns(F64)) })
	add("else", func(c *Code) { c.Else() })
	add("end", func(c *Code) { c.End() })
	add("end", func(c *Code) { c.End() })
	add("call 0 <callee>", func(c *Code) { c.Call(callee) })
	add("return_call 0", func(c *Code) { c.ReturnCall(callee) })
	add("call_indirect 0 <env.__indirect_function_table> (type 1)", func(c *Code) { c.CallIndirect(FuncType{}) })
	add("return_call_indirect 2 0", func(c *Code) { c.ReturnCallIndirect(Returns(I64)) })
	add("local.get 0", func(c *Code) { c.LocalGet(0) })
	add("local.set 1", func(c *Code) { c.LocalSet(1) })
	add("local.tee 2", func(c *Code) { c.LocalTee(2) })
	add("global.get 0 <env.g>", func(c *Code) { c.GlobalGet(g) })
	add("global.set 0 <env.g>", func(c *Code) { c.GlobalSet(g) })
	add("i32.const 4294967291", func(c *Code) { c.I32Const(-5) }) // wabt prints it unsigned
	add("i64.const -9223372036854775808", func(c *Code) { c.I64Const(-1 << 63) })
	add("i64.const 9223372036854775807", func(c *Code) { c.I64Const(1<<63 - 1) })
	add("f32.const -0x1.8p+0", func(c *Code) { c.F32Const(-1.5) })
	add("f64.const 0x1.p-1074", func(c *Code) { c.F64Const(5e-324) })
	add("i64.const 40", func(c *Code) { c.I64ConstAddr(d, 40) })
	add("i64.const 0", func(c *Code) { c.I64ConstFunc(callee) })
	add("memory.size 0", func(c *Code) { c.MemorySize() })
	add("memory.grow 0", func(c *Code) { c.MemoryGrow() })
	add("memory.copy 0 0", func(c *Code) { c.MemoryCopy() })
	add("memory.fill 0", func(c *Code) { c.MemoryFill() })
	add("end", func(*Code) {}) // the function's own

	code := NewCode(I64)
	code.NewLocal(I64)
	code.NewLocal(F32)
	for _, in := range insns {
		in.emit(code)
	}
	callee.Define(code)
	dir := t.TempDir()
	out := mustRun(t, objdump, "-d", writeObject(t, dir, "all.o", o))

	var got []string
	for _, line := range strings.Split(out, "\n") {
		_, text, ok := strings.Cut(line, "| ")
		if text = strings.TrimSpace(text); ok && text != "" && !strings.HasPrefix(text, "local[") {
			got = append(got, text)
		}
	}
	if len(got) != len(insns) {
		t.Fatalf("disassembled %d instructions, emitted %d:\n%s", len(got), len(insns), out)
	}
	for i, in := range insns {
		if got[i] != in.want {
			t.Errorf("instruction %d: disassembled %q, want %q", i, got[i], in.want)
		}
	}
}
