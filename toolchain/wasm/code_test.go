package wasm

import (
	"bytes"
	"strings"
	"testing"
)

// TestEncoding checks the bytes of instructions with immediates.
func TestEncoding(t *testing.T) {
	o := NewObject()
	d := o.Data("d")
	f := o.Func("f", FuncType{})
	tests := []struct {
		name  string
		emit  func(c *Code)
		bytes []byte
		reloc relocType // of the one relocation, if any
		at    int
	}{
		{"i64.add", func(c *Code) { c.Op(I64Add) }, []byte{0x7c}, 0, -1},
		{"trunc_sat", func(c *Code) { c.Op(I64TruncSatF64U) }, []byte{0xfc, 0x07}, 0, -1},
		{"i32.const", func(c *Code) { c.I32Const(-1 << 31) }, []byte{0x41, 0x80, 0x80, 0x80, 0x80, 0x78}, 0, -1},
		{"f32.const", func(c *Code) { c.F32Const(1) }, []byte{0x43, 0, 0, 0x80, 0x3f}, 0, -1},
		{"f64.const", func(c *Code) { c.F64Const(-2) }, []byte{0x44, 0, 0, 0, 0, 0, 0, 0, 0xc0}, 0, -1},
		{"load 64-bit offset", func(c *Code) { c.I64Load(MemArg{Align: 4, Offset: 1 << 40}) },
			[]byte{0x29, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20}, 0, -1},
		{"store natural", func(c *Code) { c.I64Store16(MemArg{}) }, []byte{0x3d, 0x01, 0x00}, 0, -1},
		{"load from symbol", func(c *Code) { c.I32Load8U(MemArg{Sym: d, Offset: 5}) },
			[]byte{0x2d, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, relMemoryAddrLEB64, 2},
		{"call", func(c *Code) { c.Call(f) }, []byte{0x10, 0, 0, 0, 0, 0}, relFunctionIndexLEB, 1},
		{"return_call", func(c *Code) { c.ReturnCall(f) }, []byte{0x12, 0, 0, 0, 0, 0}, relFunctionIndexLEB, 1},
		{"call_indirect", func(c *Code) { c.CallIndirect(FuncType{}) }, []byte{0x11, 0, 0, 0, 0, 0, 0x00}, relTypeIndexLEB, 1},
		{"return_call_indirect", func(c *Code) { c.ReturnCallIndirect(FuncType{}) }, []byte{0x13, 0, 0, 0, 0, 0, 0x00}, relTypeIndexLEB, 1},
		{"address", func(c *Code) { c.I64ConstAddr(d, -8) }, append([]byte{0x42}, make([]byte, 10)...), relMemoryAddrSLEB64, 1},
		{"code pointer", func(c *Code) { c.I64ConstFunc(f) }, append([]byte{0x42}, make([]byte, 10)...), relTableIndexSLEB64, 1},
		{"i32 code pointer", func(c *Code) { c.I32ConstFunc(f) }, append([]byte{0x41}, make([]byte, 5)...), relTableIndexSLEB, 1},
		{"block", func(c *Code) { c.Block(Returns(F32)); c.End() }, []byte{0x02, 0x7d, 0x0b}, 0, -1},
		{"multi-value block", func(c *Code) { c.Loop(Returns(I32, I32)); c.End() }, []byte{0x03, 0, 0, 0, 0, 0, 0x0b}, relTypeIndexLEB, 1},
		{"br_table", func(c *Code) { c.Block(FuncType{}); c.BrTable([]uint32{1, 0}, 1); c.End() },
			[]byte{0x02, 0x40, 0x0e, 0x02, 0x01, 0x00, 0x01, 0x0b}, 0, -1},
		{"memory.copy", func(c *Code) { c.MemoryCopy() }, []byte{0xfc, 0x0a, 0x00, 0x00}, 0, -1},
		{"memory.fill", func(c *Code) { c.MemoryFill() }, []byte{0xfc, 0x0b, 0x00}, 0, -1},
		{"memory.grow", func(c *Code) { c.MemoryGrow() }, []byte{0x40, 0x00}, 0, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewCode()
			tt.emit(c)
			if len(c.errs) > 0 {
				t.Fatal(c.errs)
			}
			if !bytes.Equal(c.b, tt.bytes) {
				t.Errorf("bytes % x, want % x", c.b, tt.bytes)
			}
			switch {
			case tt.at < 0 && len(c.relocs) > 0:
				t.Errorf("relocations %v, want none", c.relocs)
			case tt.at >= 0 && (len(c.relocs) != 1 || c.relocs[0].typ != tt.reloc || c.relocs[0].offset != tt.at):
				t.Errorf("relocations %+v, want one %v at %d", c.relocs, tt.reloc, tt.at)
			}
		})
	}
}

// TestRelocatedFields checks, in a written object, that each relocation's
// field is a padded LEB or a fixed-width value of the right size holding
// the value the object gives it.
func TestRelocatedFields(t *testing.T) {
	b, err := smallObject().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	m := readModule(t, b)
	for _, s := range m.sections {
		if !strings.HasPrefix(s.name, "reloc.") {
			continue
		}
		r := &reader{b: s.payload}
		target := m.sections[r.uleb()]
		for n := r.uleb(); n > 0; n-- {
			typ, off := relocType(r.uleb()), r.uleb()
			r.uleb() // index
			if typ.hasAddend() {
				r.sleb()
			}
			field := target.payload[off:]
			switch typ.size() {
			case leb32Width, leb64Width:
				for i := 0; i < typ.size()-1; i++ {
					if field[i]&0x80 == 0 {
						t.Errorf("%s: %v at %#x is not a %d-byte LEB: % x", s.name, typ, off, typ.size(), field[:typ.size()])
						break
					}
				}
				if field[typ.size()-1]&0x80 != 0 {
					t.Errorf("%s: %v at %#x runs past %d bytes", s.name, typ, off, typ.size())
				}
			}
		}
		if r.err != nil || len(r.b) > 0 {
			t.Errorf("%s: malformed (%v, %d bytes left)", s.name, r.err, len(r.b))
		}
	}
}

// TestErrors checks that mistakes are reported by Bytes, naming what is
// wrong.
func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		build func(o *Object)
		want  string
	}{
		{"kind clash", func(o *Object) { o.Func("x", FuncType{}); o.Data("x") }, "x is declared both as a function and as data"},
		{"type clash", func(o *Object) { o.Func("x", FuncType{}); o.Func("x", Returns(I32)) }, "declared with types"},
		{"global type clash", func(o *Object) { o.Global("g", I32, false); o.Global("g", I32, true) }, "global g is declared with different types"},
		{"empty name", func(o *Object) { o.Data("") }, "empty name"},
		{"defined twice", func(o *Object) {
			f := o.Func("f", FuncType{})
			f.Define(NewCode())
			f.Define(NewCode())
		}, "function f defined twice"},
		{"params", func(o *Object) { o.Func("f", FuncType{}).Define(NewCode(I32)) }, "body has parameters"},
		{"unclosed", func(o *Object) {
			c := NewCode()
			c.Block(FuncType{})
			o.Func("f", FuncType{}).Define(c)
		}, "1 blocks not closed"},
		{"extra end", func(o *Object) {
			c := NewCode()
			c.End()
			o.Func("f", FuncType{}).Define(c)
		}, "end without an open block"},
		{"else", func(o *Object) {
			c := NewCode()
			c.Block(FuncType{})
			c.Else()
			c.End()
			o.Func("f", FuncType{}).Define(c)
		}, "else outside an if"},
		{"branch depth", func(o *Object) {
			c := NewCode()
			c.Br(1)
			o.Func("f", FuncType{}).Define(c)
		}, "branch to label 1 with only 0 enclosing blocks"},
		{"local", func(o *Object) {
			c := NewCode(I64)
			c.LocalGet(1)
			o.Func("f", FuncType{Params: []ValType{I64}}).Define(c)
		}, "local 1 of 1"},
		{"alignment", func(o *Object) {
			c := NewCode()
			c.I32Load(MemArg{Align: 8})
			o.Func("f", FuncType{}).Define(c)
		}, "alignment 8 for a 4-byte access"},
		{"immutable", func(o *Object) {
			c := NewCode()
			c.GlobalSet(o.Global("g", I64, false))
			o.Func("f", FuncType{}).Define(c)
		}, "global.set of immutable global g"},
		{"unknown opcode", func(o *Object) {
			c := NewCode()
			c.Op(0x10)
			o.Func("f", FuncType{}).Define(c)
		}, "unknown opcode Opcode(0x10)"},
		{"other object", func(o *Object) {
			c := NewCode()
			c.Call(NewObject().Func("g", FuncType{}))
			o.Func("f", FuncType{}).Define(c)
		}, "function f: g belongs to another object"},
		{"bss", func(o *Object) {
			var c Contents
			c.Uint8(1)
			o.Data("d").Define(BSS, 1, &c)
		}, "a BSS segment has non-zero bytes"},
		{"strings", func(o *Object) {
			var c Contents
			c.Write([]byte("abc"))
			o.Data("d").Define(Strings, 1, &c)
		}, "must end with a NUL"},
		{"align", func(o *Object) { o.Data("d").Define(RWData, 3, new(Contents)) }, "alignment 3 is not a power of two"},
		{"locrel in custom", func(o *Object) {
			var c Contents
			c.LocRel32(o.Data("d"), 0)
			o.CustomSection("x", &c)
		}, "relative addresses belong in data segments"},
		{"section offset in data", func(o *Object) {
			var c Contents
			c.SectionOffset32(o.CustomSection("x", new(Contents)), 0)
			o.Data("d").Define(RWData, 1, &c)
		}, "section offsets belong in custom sections"},
		{"addend", func(o *Object) {
			var c Contents
			c.Addr64(o.Data("d"), 1<<40)
			o.Data("d").Define(RWData, 1, &c)
		}, "addend 1099511627776 does not fit 32 bits"},
		{"reserved section", func(o *Object) { o.CustomSection("reloc.X", new(Contents)) }, `"reloc.X" is reserved`},
		{"two sections", func(o *Object) {
			o.CustomSection("x", new(Contents))
			o.CustomSection("x", new(Contents))
		}, "two custom sections named x"},
		{"init type", func(o *Object) {
			f := o.Func("f", Returns(I32))
			c := NewCode()
			c.I32Const(0)
			f.Define(c)
			o.InitFunc(1, f)
		}, "init function f has type () -> (i32)"},
		{"local undefined", func(o *Object) { o.Func("f", FuncType{}).Local = true }, "f: undefined, but local"},
		{"local and weak", func(o *Object) {
			d := o.Data("d")
			d.Define(RWData, 1, new(Contents))
			d.Local, d.Weak = true, true
		}, "d: both local and weak"},
		{"comdat undefined", func(o *Object) { o.Data("d").Comdat = "c" }, "undefined, but in comdat c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := NewObject()
			tt.build(o)
			_, err := o.Bytes()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestTypesDeduplicated checks that a type used by imports, definitions,
// call_indirect and blocks is written once.
func TestTypesDeduplicated(t *testing.T) {
	o := NewObject()
	ft := FuncType{Params: []ValType{I64}, Results: []ValType{I64, I64}}
	o.Func("imp", ft)
	c := NewCode(I64)
	c.CallIndirect(ft)
	c.LocalGet(0)
	c.Block(ft)
	c.End()
	o.Func("def", ft).Define(c)
	b, err := o.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	r := &reader{b: readModule(t, b).section(secType, "")}
	if n := r.uleb(); n != 1 {
		t.Errorf("%d types, want 1", n)
	}
}

// TestBytesRepeatable checks that writing does not change the object.
func TestBytesRepeatable(t *testing.T) {
	o := smallObject()
	first, err := o.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	second, err := o.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if n, err := o.WriteTo(&buf); err != nil || n != int64(len(first)) {
		t.Fatalf("WriteTo = %d, %v", n, err)
	}
	if !bytes.Equal(first, second) || !bytes.Equal(first, buf.Bytes()) {
		t.Errorf("the object's bytes changed between writes")
	}
}
