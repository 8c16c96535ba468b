package wasm

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
)

// feature is a WebAssembly feature an object uses, which it declares in
// its target_features section so that the linker and binaryen enable it.
type feature uint8

const (
	featSignExt feature = 1 << iota
	featSatConv
	featBulkMemory
	featTailCall
	featMultivalue
	featMutableGlobals
)

// featureNames are LLVM's names, in the order the section lists them.
func (f feature) names() []string {
	var names []string
	for _, n := range []struct {
		f    feature
		name string
	}{
		{featBulkMemory, "bulk-memory"},
		{featMultivalue, "multivalue"},
		{featMutableGlobals, "mutable-globals"},
		{featSatConv, "nontrapping-fptoint"},
		{featSignExt, "sign-ext"},
		{featTailCall, "tail-call"},
	} {
		if f&n.f != 0 {
			names = append(names, n.name)
		}
	}
	return names
}

type blockKind uint8

const (
	blockBlock blockKind = iota
	blockLoop
	blockIf
	blockElse
)

// Code builds a function body: its locals and instructions. Operands that
// the linker resolves (functions, globals, types, addresses, table indices)
// are written as maximal-width LEBs and recorded as relocations. The body's
// final end is added when the object is written; End closes the innermost
// block, loop or if.
//
// The builder checks structure (nesting, branch depths, local indices,
// alignments), not operand types: wasm-validate does that for a whole object.
// Mistakes are reported when the object is written.
type Code struct {
	params   []ValType
	locals   []ValType
	b        []byte
	relocs   []reloc
	blocks   []blockKind
	features feature
	// usesTable: call_indirect or a table index, so the object imports
	// the indirect function table.
	usesTable bool
	errs      []error
}

// NewCode starts the body of a function with the given parameters, which
// are locals 0 to len(params)-1.
func NewCode(params ...ValType) *Code {
	return &Code{params: append([]ValType(nil), params...)}
}

// NewLocal declares a local of type t and returns its index.
func (c *Code) NewLocal(t ValType) uint32 {
	if !t.valid() {
		c.errorf("local of invalid type %v", t)
	}
	c.locals = append(c.locals, t)
	return uint32(len(c.params) + len(c.locals) - 1)
}

func (c *Code) errorf(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("at instruction byte %d: %s", len(c.b), fmt.Sprintf(format, args...)))
}

// Op emits an instruction without immediates.
func (c *Code) Op(o Opcode) {
	switch {
	case strings.HasPrefix(o.String(), "Opcode("):
		c.errorf("unknown opcode %v", o)
		return
	case o >= 0xfc00:
		c.b = append(c.b, 0xfc)
		c.b = appendULEB(c.b, uint64(o&0xff))
		c.features |= featSatConv
		return
	case o >= I32Extend8S && o <= I64Extend32S:
		c.features |= featSignExt
	}
	c.b = append(c.b, byte(o))
}

// Block opens a block of type t (Returns(I64), FuncType{} and so on).
func (c *Code) Block(t FuncType) { c.open(0x02, blockBlock, t) }

// Loop opens a loop of type t.
func (c *Code) Loop(t FuncType) { c.open(0x03, blockLoop, t) }

// If opens an if of type t, taking the condition from the stack.
func (c *Code) If(t FuncType) { c.open(0x04, blockIf, t) }

func (c *Code) open(op byte, k blockKind, t FuncType) {
	if err := t.check(); err != nil {
		c.errorf("block: %v", err)
		return
	}
	c.b = append(c.b, op)
	switch {
	case len(t.Params) == 0 && len(t.Results) == 0:
		c.b = append(c.b, 0x40)
	case len(t.Params) == 0 && len(t.Results) == 1:
		c.b = append(c.b, byte(t.Results[0]))
	default:
		// A type index, as a signed LEB (s33) whose padded form the
		// linker rewrites like call_indirect's.
		c.features |= featMultivalue
		c.reloc(reloc{typ: relTypeIndexLEB, ftype: t})
	}
	c.blocks = append(c.blocks, k)
}

// Else starts the else branch of the innermost if.
func (c *Code) Else() {
	if n := len(c.blocks); n == 0 || c.blocks[n-1] != blockIf {
		c.errorf("else outside an if")
		return
	}
	c.blocks[len(c.blocks)-1] = blockElse
	c.b = append(c.b, 0x05)
}

// End closes the innermost block, loop or if.
func (c *Code) End() {
	if len(c.blocks) == 0 {
		c.errorf("end without an open block (the function's own end is added when writing)")
		return
	}
	c.blocks = c.blocks[:len(c.blocks)-1]
	c.b = append(c.b, 0x0b)
}

func (c *Code) label(l uint32) bool {
	// Label len(blocks) is the function body itself.
	if int64(l) > int64(len(c.blocks)) {
		c.errorf("branch to label %d with only %d enclosing blocks", l, len(c.blocks))
		return false
	}
	return true
}

// Br branches to the l-th enclosing label (0 is the innermost block).
func (c *Code) Br(l uint32) {
	if c.label(l) {
		c.b = appendULEB(append(c.b, 0x0c), uint64(l))
	}
}

// BrIf branches to label l when the i32 on the stack is not zero.
func (c *Code) BrIf(l uint32) {
	if c.label(l) {
		c.b = appendULEB(append(c.b, 0x0d), uint64(l))
	}
}

// BrTable branches to labels[i] for the i32 i on the stack, or to def when
// i is out of range.
func (c *Code) BrTable(labels []uint32, def uint32) {
	for _, l := range labels {
		if !c.label(l) {
			return
		}
	}
	if !c.label(def) {
		return
	}
	c.b = appendULEB(append(c.b, 0x0e), uint64(len(labels)))
	for _, l := range labels {
		c.b = appendULEB(c.b, uint64(l))
	}
	c.b = appendULEB(c.b, uint64(def))
}

// Call calls f (R_WASM_FUNCTION_INDEX_LEB).
func (c *Code) Call(f *Func) { c.call(0x10, f) }

// ReturnCall tail-calls f (tail-call proposal).
func (c *Code) ReturnCall(f *Func) {
	c.features |= featTailCall
	c.call(0x12, f)
}

func (c *Code) call(op byte, f *Func) {
	if f == nil {
		c.errorf("call of a nil function")
		return
	}
	c.b = append(c.b, op)
	c.reloc(reloc{typ: relFunctionIndexLEB, fn: f})
}

// CallIndirect calls, through the indirect function table, the function of
// type t whose table index is the i32 on top of the stack (above the
// arguments). Table indices are i64 in memory and in I64ConstFunc; wrap
// them with I32WrapI64 first: wasm64 keeps a 32-bit table.
func (c *Code) CallIndirect(t FuncType) { c.callIndirect(0x11, t) }

// ReturnCallIndirect is the tail-calling CallIndirect (tail-call proposal).
func (c *Code) ReturnCallIndirect(t FuncType) {
	c.features |= featTailCall
	c.callIndirect(0x13, t)
}

func (c *Code) callIndirect(op byte, t FuncType) {
	if err := t.check(); err != nil {
		c.errorf("call_indirect: %v", err)
		return
	}
	c.b = append(c.b, op)
	c.reloc(reloc{typ: relTypeIndexLEB, ftype: t})
	// Table 0, written like LLVM 14 without reference types: a plain
	// byte, no R_WASM_TABLE_NUMBER_LEB and no table symbol.
	c.b = append(c.b, 0x00)
	c.usesTable = true
}

func (c *Code) local(op byte, i uint32) {
	if int64(i) >= int64(len(c.params)+len(c.locals)) {
		c.errorf("local %d of %d", i, len(c.params)+len(c.locals))
		return
	}
	c.b = appendULEB(append(c.b, op), uint64(i))
}

// LocalGet pushes local i.
func (c *Code) LocalGet(i uint32) { c.local(0x20, i) }

// LocalSet pops into local i.
func (c *Code) LocalSet(i uint32) { c.local(0x21, i) }

// LocalTee stores the top of the stack into local i, keeping it.
func (c *Code) LocalTee(i uint32) { c.local(0x22, i) }

// GlobalGet pushes global g (R_WASM_GLOBAL_INDEX_LEB).
func (c *Code) GlobalGet(g *Global) { c.global(0x23, g) }

// GlobalSet pops into global g, which must be mutable.
func (c *Code) GlobalSet(g *Global) {
	if g != nil && !g.mutable {
		c.errorf("global.set of immutable global %s", g.name)
		return
	}
	c.global(0x24, g)
}

func (c *Code) global(op byte, g *Global) {
	if g == nil {
		c.errorf("nil global")
		return
	}
	c.b = append(c.b, op)
	c.reloc(reloc{typ: relGlobalIndexLEB, global: g})
}

// I32Const pushes v.
func (c *Code) I32Const(v int32) { c.b = appendSLEB(append(c.b, 0x41), int64(v)) }

// I64Const pushes v.
func (c *Code) I64Const(v int64) { c.b = appendSLEB(append(c.b, 0x42), v) }

// F32Const pushes v.
func (c *Code) F32Const(v float32) {
	c.b = binary.LittleEndian.AppendUint32(append(c.b, 0x43), math.Float32bits(v))
}

// F64Const pushes v.
func (c *Code) F64Const(v float64) {
	c.b = binary.LittleEndian.AppendUint64(append(c.b, 0x44), math.Float64bits(v))
}

// I64ConstAddr pushes the address of d plus addend
// (R_WASM_MEMORY_ADDR_SLEB64).
func (c *Code) I64ConstAddr(d *Data, addend int64) {
	if d == nil {
		c.errorf("address of nil data")
		return
	}
	c.b = append(c.b, 0x42)
	c.reloc(reloc{typ: relMemoryAddrSLEB64, data: d, addend: addend})
}

// I64ConstFunc pushes f's index in the indirect function table, ahc's code
// pointer (R_WASM_TABLE_INDEX_SLEB64); the linker puts f in the table.
func (c *Code) I64ConstFunc(f *Func) {
	if f == nil {
		c.errorf("table index of nil function")
		return
	}
	c.b = append(c.b, 0x42)
	c.reloc(reloc{typ: relTableIndexSLEB64, fn: f})
	c.usesTable = true
}

// I32ConstFunc pushes f's index in the indirect function table as an i32,
// what call_indirect takes (R_WASM_TABLE_INDEX_SLEB); the linker puts f in
// the table.
func (c *Code) I32ConstFunc(f *Func) {
	if f == nil {
		c.errorf("table index of nil function")
		return
	}
	c.b = append(c.b, 0x41)
	c.reloc(reloc{typ: relTableIndexSLEB, fn: f})
	c.usesTable = true
}

// MemArg is the immediate of a load or store in a 64-bit memory: the
// effective address is the i64 operand plus Offset, plus Sym's address when
// Sym is set (then the offset field is relocated with
// R_WASM_MEMORY_ADDR_LEB64).
type MemArg struct {
	// Align is the alignment in bytes the access may assume: a power of
	// two no larger than the access; 0 means the access's own size.
	Align  uint32
	Offset uint64
	Sym    *Data
}

// memory emits a load or store of size bytes.
func (c *Code) memory(op byte, size uint32, m MemArg) {
	align := m.Align
	if align == 0 {
		align = size
	}
	if align&(align-1) != 0 || align > size {
		c.errorf("alignment %d for a %d-byte access", m.Align, size)
		return
	}
	p2 := uint64(0)
	for a := align; a > 1; a >>= 1 {
		p2++
	}
	c.b = appendULEB(append(c.b, op), p2)
	if m.Sym == nil {
		c.b = appendULEB(c.b, m.Offset)
		return
	}
	if m.Offset > math.MaxInt32 {
		c.errorf("offset %#x from %s does not fit an addend", m.Offset, m.Sym.name)
		return
	}
	c.reloc(reloc{typ: relMemoryAddrLEB64, data: m.Sym, addend: int64(m.Offset)})
}

// I32Load emits i32.load: load from the i64 address on the stack.
func (c *Code) I32Load(m MemArg) { c.memory(0x28, 4, m) }

// I64Load emits i64.load: load from the i64 address on the stack.
func (c *Code) I64Load(m MemArg) { c.memory(0x29, 8, m) }

// F32Load emits f32.load: load from the i64 address on the stack.
func (c *Code) F32Load(m MemArg) { c.memory(0x2a, 4, m) }

// F64Load emits f64.load: load from the i64 address on the stack.
func (c *Code) F64Load(m MemArg) { c.memory(0x2b, 8, m) }

// I32Load8S emits i32.load8_s: load from the i64 address on the stack.
func (c *Code) I32Load8S(m MemArg) { c.memory(0x2c, 1, m) }

// I32Load8U emits i32.load8_u: load from the i64 address on the stack.
func (c *Code) I32Load8U(m MemArg) { c.memory(0x2d, 1, m) }

// I32Load16S emits i32.load16_s: load from the i64 address on the stack.
func (c *Code) I32Load16S(m MemArg) { c.memory(0x2e, 2, m) }

// I32Load16U emits i32.load16_u: load from the i64 address on the stack.
func (c *Code) I32Load16U(m MemArg) { c.memory(0x2f, 2, m) }

// I64Load8S emits i64.load8_s: load from the i64 address on the stack.
func (c *Code) I64Load8S(m MemArg) { c.memory(0x30, 1, m) }

// I64Load8U emits i64.load8_u: load from the i64 address on the stack.
func (c *Code) I64Load8U(m MemArg) { c.memory(0x31, 1, m) }

// I64Load16S emits i64.load16_s: load from the i64 address on the stack.
func (c *Code) I64Load16S(m MemArg) { c.memory(0x32, 2, m) }

// I64Load16U emits i64.load16_u: load from the i64 address on the stack.
func (c *Code) I64Load16U(m MemArg) { c.memory(0x33, 2, m) }

// I64Load32S emits i64.load32_s: load from the i64 address on the stack.
func (c *Code) I64Load32S(m MemArg) { c.memory(0x34, 4, m) }

// I64Load32U emits i64.load32_u: load from the i64 address on the stack.
func (c *Code) I64Load32U(m MemArg) { c.memory(0x35, 4, m) }

// I32Store emits i32.store: store the value on the stack at the i64 address below it.
func (c *Code) I32Store(m MemArg) { c.memory(0x36, 4, m) }

// I64Store emits i64.store: store the value on the stack at the i64 address below it.
func (c *Code) I64Store(m MemArg) { c.memory(0x37, 8, m) }

// F32Store emits f32.store: store the value on the stack at the i64 address below it.
func (c *Code) F32Store(m MemArg) { c.memory(0x38, 4, m) }

// F64Store emits f64.store: store the value on the stack at the i64 address below it.
func (c *Code) F64Store(m MemArg) { c.memory(0x39, 8, m) }

// I32Store8 emits i32.store8: store the value on the stack at the i64 address below it.
func (c *Code) I32Store8(m MemArg) { c.memory(0x3a, 1, m) }

// I32Store16 emits i32.store16: store the value on the stack at the i64 address below it.
func (c *Code) I32Store16(m MemArg) { c.memory(0x3b, 2, m) }

// I64Store8 emits i64.store8: store the value on the stack at the i64 address below it.
func (c *Code) I64Store8(m MemArg) { c.memory(0x3c, 1, m) }

// I64Store16 emits i64.store16: store the value on the stack at the i64 address below it.
func (c *Code) I64Store16(m MemArg) { c.memory(0x3d, 2, m) }

// I64Store32 emits i64.store32: store the value on the stack at the i64 address below it.
func (c *Code) I64Store32(m MemArg) { c.memory(0x3e, 4, m) }

// MemorySize pushes the memory's size in 64 KiB pages, as an i64.
func (c *Code) MemorySize() { c.b = append(c.b, 0x3f, 0x00) }

// MemoryGrow grows the memory by the i64 number of pages on the stack and
// pushes the old size, or -1.
func (c *Code) MemoryGrow() { c.b = append(c.b, 0x40, 0x00) }

// MemoryCopy copies n bytes from src to dst (operands dst, src, n, all
// i64; bulk memory).
func (c *Code) MemoryCopy() {
	c.features |= featBulkMemory
	c.b = append(c.b, 0xfc, 10, 0x00, 0x00)
}

// MemoryFill sets n bytes at dst to the byte val (operands dst i64, val
// i32, n i64; bulk memory).
func (c *Code) MemoryFill() {
	c.features |= featBulkMemory
	c.b = append(c.b, 0xfc, 11, 0x00)
}

// reloc records r at the current position and reserves its field.
func (c *Code) reloc(r reloc) {
	if r.addend < math.MinInt32 || r.addend > math.MaxInt32 {
		// Linking.md's addends are varint32; LLVM 14 reads no more.
		c.errorf("%v addend %d does not fit 32 bits", r.typ, r.addend)
		return
	}
	r.offset = len(c.b)
	c.relocs = append(c.relocs, r)
	c.b = append(c.b, make([]byte, r.typ.size())...)
}
