// Package wasmobj reads the symbols of relocatable WebAssembly objects (what
// `clang -c` writes for wasm32 and wasm64): the symbol table and segment
// names of the "linking" custom section, and the data segments they refer
// to. The format is WebAssembly/tool-conventions, Linking.md.
package wasmobj

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/ahc-hs/ahc/internal/wasmbin"
)

// SymbolKind is the kind of a symbol table entry (SYMTAB_*).
type SymbolKind uint8

// The kinds of Linking.md.
const (
	Function SymbolKind = 0
	Data     SymbolKind = 1
	Global   SymbolKind = 2
	Section  SymbolKind = 3
	Tag      SymbolKind = 4
	Table    SymbolKind = 5
)

// Symbol flags (WASM_SYM_*).
const (
	FlagWeak         = 0x1
	FlagLocal        = 0x2
	FlagHidden       = 0x4
	FlagUndefined    = 0x10
	FlagExported     = 0x20
	FlagExplicitName = 0x40
	FlagNoStrip      = 0x80
	FlagTLS          = 0x100
	FlagAbsolute     = 0x200
)

// Symbol is one entry of the symbol table.
type Symbol struct {
	Kind  SymbolKind
	Flags uint32
	// Name is empty for section symbols and for imports that keep the
	// import's own name (no FlagExplicitName).
	Name string
	// Index is the function, global, tag, table or section index, or for
	// a defined data symbol its segment.
	Index uint32
	// Offset and Size place a defined data symbol within its segment.
	Offset, Size uint64
}

// Defined reports whether the object defines the symbol.
func (s Symbol) Defined() bool { return s.Flags&FlagUndefined == 0 }

// Segment is one data segment.
type Segment struct {
	Name string // from the linking section, e.g. ".bss.counter"
	// Addr is where an active segment is placed in the object's address
	// space (its constant offset expression); 0 for passive segments.
	Addr uint64
	Size uint64
}

// Object is what this package reads of an object file.
type Object struct {
	Symbols  []Symbol
	Segments []Segment
}

// Addr returns the address of a defined data symbol, as llvm-nm prints it.
func (o *Object) Addr(s Symbol) uint64 {
	if s.Kind != Data || !s.Defined() || int(s.Index) >= len(o.Segments) {
		return s.Offset
	}
	return o.Segments[s.Index].Addr + s.Offset
}

// ErrNotRelocatable is returned for a wasm module without a linking
// section: a linked module rather than an object.
var ErrNotRelocatable = errors.New("no linking section: not a relocatable object (compile with -c)")

const (
	sectionCustom = 0
	sectionData   = 11

	subsectionSegmentInfo = 5
	subsectionSymbolTable = 8

	linkingVersion = 2
)

// Parse reads a relocatable wasm object.
func Parse(data []byte) (*Object, error) {
	if len(data) < 8 || !bytes.Equal(data[:4], []byte("\x00asm")) {
		return nil, errors.New("not a WebAssembly file (bad magic number)")
	}
	if v := uint32(data[4]) | uint32(data[5])<<8 | uint32(data[6])<<16 | uint32(data[7])<<24; v != 1 {
		return nil, fmt.Errorf("unsupported WebAssembly version %d", v)
	}
	obj := &Object{}
	var linking []byte
	linkingBase := 0
	r := newReader(data, 0)
	r.Off = 8
	for r.more() {
		id := r.byte()
		size := r.u32()
		body := r.bytes(uint64(size))
		if r.Err != nil {
			return nil, r.Err
		}
		start := r.Off - len(body)
		switch id {
		case sectionData:
			segs, err := parseData(body, start)
			if err != nil {
				return nil, fmt.Errorf("data section: %w", err)
			}
			obj.Segments = segs
		case sectionCustom:
			sr := newReader(body, start)
			if name := sr.name(); sr.Err == nil && name == "linking" {
				linking = body[sr.Off:]
				linkingBase = start + sr.Off
			}
		}
	}
	if linking == nil {
		return nil, ErrNotRelocatable
	}
	if err := obj.parseLinking(linking, linkingBase); err != nil {
		return nil, fmt.Errorf("linking section: %w", err)
	}
	return obj, nil
}

// parseData reads the segment headers of the data section.
func parseData(body []byte, base int) ([]Segment, error) {
	r := newReader(body, base)
	n := r.u32()
	segs := make([]Segment, 0, min(int(n), len(body)))
	for i := uint32(0); i < n && r.Err == nil; i++ {
		var seg Segment
		flags := r.u32()
		if flags&2 != 0 {
			r.u32() // memory index
		}
		if flags&1 == 0 { // active: an offset expression
			seg.Addr = r.constExpr()
		}
		seg.Size = r.u64()
		r.bytes(seg.Size)
		segs = append(segs, seg)
	}
	return segs, r.Err
}

func (o *Object) parseLinking(body []byte, base int) error {
	r := newReader(body, base)
	if v := r.u32(); r.Err == nil && v != linkingVersion {
		return fmt.Errorf("unsupported version %d (want %d)", v, linkingVersion)
	}
	for r.more() {
		typ := r.byte()
		size := r.u32()
		payload := r.bytes(uint64(size))
		if r.Err != nil {
			return r.Err
		}
		sub := newReader(payload, r.Base+r.Off-len(payload))
		switch typ {
		case subsectionSymbolTable:
			o.readSymbols(sub)
		case subsectionSegmentInfo:
			o.readSegmentInfo(sub)
		default:
			continue
		}
		if sub.Err != nil {
			return sub.Err
		}
		if sub.more() {
			return fmt.Errorf("subsection %d: %d bytes left over at byte %d", typ, len(sub.B)-sub.Off, sub.Base+sub.Off)
		}
	}
	return r.Err
}

func (o *Object) readSymbols(r *reader) {
	n := r.u32()
	for i := uint32(0); i < n && r.Err == nil; i++ {
		s := Symbol{Kind: SymbolKind(r.byte()), Flags: r.u32()}
		switch s.Kind {
		case Function, Global, Tag, Table:
			s.Index = r.u32()
			if s.Defined() || s.Flags&FlagExplicitName != 0 {
				s.Name = r.name()
			}
		case Data:
			s.Name = r.name()
			if s.Defined() {
				s.Index = r.u32()
				s.Offset = r.u64()
				s.Size = r.u64()
				if r.Err == nil && s.Flags&FlagAbsolute == 0 {
					if int(s.Index) >= len(o.Segments) {
						r.fail("data symbol %s: segment %d of %d", s.Name, s.Index, len(o.Segments))
					} else if seg := o.Segments[s.Index]; s.Offset+s.Size > seg.Size {
						r.fail("data symbol %s: bytes %d+%d lie outside its segment of %d", s.Name, s.Offset, s.Size, seg.Size)
					}
				}
			}
		case Section:
			s.Index = r.u32()
		default:
			r.fail("symbol %d: unknown kind %d", i, s.Kind)
		}
		o.Symbols = append(o.Symbols, s)
	}
}

func (o *Object) readSegmentInfo(r *reader) {
	n := r.u32()
	for i := uint32(0); i < n && r.Err == nil; i++ {
		name := r.name()
		r.u32() // alignment (log2)
		r.u32() // flags
		if r.Err == nil {
			if int(i) >= len(o.Segments) {
				r.fail("segment info names segment %d of %d", i, len(o.Segments))
				return
			}
			o.Segments[i].Name = name
		}
	}
}

// reader decodes the binary format's primitive types (internal/wasmbin)
// under the short names this package uses.
type reader struct{ wasmbin.Reader }

func newReader(b []byte, base int) *reader {
	return &reader{wasmbin.Reader{B: b, Base: base}}
}

func (r *reader) more() bool                      { return r.More() }
func (r *reader) fail(format string, args ...any) { r.Fail(format, args...) }
func (r *reader) byte() byte                      { return r.Byte() }
func (r *reader) bytes(n uint64) []byte           { return r.Bytes(n) }
func (r *reader) sleb() int64                     { return r.SLEB() }
func (r *reader) u32() uint32                     { return r.U32() }
func (r *reader) u64() uint64                     { return r.ULEB() }
func (r *reader) name() string                    { return string(r.Name()) }

// constExpr reads a segment's offset expression. Objects use a constant;
// anything else (global.get in position-independent code) has no address
// of its own, so it reads as 0.
func (r *reader) constExpr() uint64 {
	var v uint64
	switch op := r.byte(); op {
	case 0x41, 0x42: // i32.const, i64.const
		v = uint64(r.sleb())
		if op == 0x41 {
			v = uint64(uint32(v))
		}
	case 0x23: // global.get
		r.u32()
	default:
		r.fail("unsupported offset expression opcode 0x%02x", op)
	}
	if end := r.byte(); r.Err == nil && end != 0x0b {
		r.fail("offset expression does not end with 0x0b")
	}
	return v
}
