package wasm

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// Contents builds the bytes of a data segment or a custom section, with the
// relocations in them. Multi-byte values are little-endian. It is an
// io.Writer.
type Contents struct {
	b      []byte
	relocs []reloc
	errs   []error
}

var _ io.Writer = (*Contents)(nil)

// Len returns the number of bytes written so far.
func (c *Contents) Len() int { return len(c.b) }

// Write appends p; it never fails.
func (c *Contents) Write(p []byte) (int, error) {
	c.b = append(c.b, p...)
	return len(p), nil
}

// Uint8 appends a byte.
func (c *Contents) Uint8(v uint8) { c.b = append(c.b, v) }

// Uint16 appends a 16-bit value.
func (c *Contents) Uint16(v uint16) { c.b = binary.LittleEndian.AppendUint16(c.b, v) }

// Uint32 appends a 32-bit value.
func (c *Contents) Uint32(v uint32) { c.b = binary.LittleEndian.AppendUint32(c.b, v) }

// Uint64 appends a 64-bit value.
func (c *Contents) Uint64(v uint64) { c.b = binary.LittleEndian.AppendUint64(c.b, v) }

// Zero appends n zero bytes.
func (c *Contents) Zero(n int) {
	if n < 0 {
		c.errorf("Zero(%d)", n)
		return
	}
	c.b = append(c.b, make([]byte, n)...)
}

// Addr64 appends the 64-bit address of d plus addend
// (R_WASM_MEMORY_ADDR_I64).
func (c *Contents) Addr64(d *Data, addend int64) {
	if d == nil {
		c.errorf("address of nil data")
		return
	}
	c.reloc(reloc{typ: relMemoryAddrI64, data: d, addend: addend})
}

// TableIndex64 appends f's 64-bit index in the indirect function table, a
// code pointer (R_WASM_TABLE_INDEX_I64); the linker puts f in the table.
func (c *Contents) TableIndex64(f *Func) {
	if f == nil {
		c.errorf("table index of nil function")
		return
	}
	c.reloc(reloc{typ: relTableIndexI64, fn: f})
}

// LocRel32 appends the 32-bit value d + addend - P, where P is the address
// of the appended field itself (R_WASM_MEMORY_ADDR_LOCREL_I32). For a value
// relative to a base k bytes before the field (d - base), pass addend k.
// Only in data segments.
func (c *Contents) LocRel32(d *Data, addend int64) {
	if d == nil {
		c.errorf("relative address of nil data")
		return
	}
	c.reloc(reloc{typ: relMemoryAddrLocRelI32, data: d, addend: addend})
}

// SectionOffset32 appends the 32-bit offset of s's contents plus addend
// in the linked module's section of s's name, where the linker has
// concatenated every object's. Only in custom sections.
func (c *Contents) SectionOffset32(s *Section, addend int64) {
	if s == nil {
		c.errorf("offset of nil section")
		return
	}
	c.reloc(reloc{typ: relSectionOffsetI32, sect: s, addend: addend})
}

func (c *Contents) reloc(r reloc) {
	if r.addend < math.MinInt32 || r.addend > math.MaxInt32 {
		// Linking.md's addends are varint32; LLVM 14 reads no more.
		c.errorf("%v addend %d does not fit 32 bits", r.typ, r.addend)
		return
	}
	r.offset = len(c.b)
	c.relocs = append(c.relocs, r)
	c.b = append(c.b, make([]byte, r.typ.size())...)
}

func (c *Contents) errorf(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("at byte %d: %s", len(c.b), fmt.Sprintf(format, args...)))
}
