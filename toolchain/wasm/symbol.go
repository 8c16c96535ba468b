package wasm

import "fmt"

// Attrs are the linking attributes of a symbol (the flags of its entry in
// the symbol table). The zero value is a strong, global, default-visibility
// symbol.
type Attrs struct {
	// Local symbols are visible only inside their object; Weak ones give way
	// to a strong definition elsewhere. At most one of the two.
	Local, Weak bool
	// Hidden symbols are not exported from the linked module by
	// --export-dynamic.
	Hidden bool
	// NoStrip keeps the definition when nothing references it, against
	// --gc-sections.
	NoStrip bool
	// Exported makes the linked module export the symbol (a function, or for
	// data a global holding its address), like wasm-ld's --export.
	Exported bool
}

// symbol flags of Linking.md.
const (
	flagWeak         = 0x01
	flagLocal        = 0x02
	flagHidden       = 0x04
	flagUndefined    = 0x10
	flagExported     = 0x20
	flagExplicitName = 0x40
	flagNoStrip      = 0x80
)

func (a Attrs) flags() uint32 {
	var f uint32
	if a.Weak {
		f |= flagWeak
	}
	if a.Local {
		f |= flagLocal
	}
	if a.Hidden {
		f |= flagHidden
	}
	if a.Exported {
		f |= flagExported
	}
	if a.NoStrip {
		f |= flagNoStrip
	}
	return f
}

// check reports attributes that make no sense together or on an undefined
// symbol.
func (a Attrs) check(defined bool) error {
	if a.Local && a.Weak {
		return fmt.Errorf("both local and weak")
	}
	if !defined && (a.Local || a.Exported || a.NoStrip) {
		return fmt.Errorf("undefined, but local, exported or no_strip")
	}
	return nil
}

// symbol is one of *Func, *Data, *Global or *Section.
type symbol interface {
	symName() string
	owner() *Object
}

// Func is a function symbol: defined in the object by Define, or undefined
// (imported, resolved by the linker against another object's definition).
type Func struct {
	Attrs
	// ImportModule and ImportName say what the linked module imports when
	// no object defines an undefined function; "" means "env" and the
	// symbol's name.
	ImportModule, ImportName string
	// Comdat names the comdat a definition belongs to: of the definitions
	// in comdats of the same name, the linker keeps the first object's.
	Comdat string

	name string
	typ  FuncType
	code *Code
	obj  *Object
}

// Name returns the symbol's name.
func (f *Func) Name() string { return f.name }

// Type returns the function's type.
func (f *Func) Type() FuncType { return f.typ }

// Define gives f its body. The body's parameters must be f's.
func (f *Func) Define(body *Code) {
	switch {
	case f.code != nil:
		f.obj.errorf("function %s defined twice", f.name)
	case body == nil:
		f.obj.errorf("function %s: nil body", f.name)
	case FuncType{Params: body.params}.key() != FuncType{Params: f.typ.Params}.key():
		f.obj.errorf("function %s %v: body has parameters %v", f.name, f.typ, FuncType{Params: body.params})
	default:
		f.code = body
		f.obj.defined = append(f.obj.defined, f)
	}
}

func (f *Func) symName() string { return f.name }
func (f *Func) owner() *Object  { return f.obj }

// SegmentKind is what a data segment holds; it decides the segment's name
// prefix, by which the linker groups segments into the output's.
type SegmentKind uint8

const (
	RWData  SegmentKind = iota // ".data.NAME": initialised, writable
	ROData                     // ".rodata.NAME": read-only
	Strings                    // ".rodata.NAME" flagged WASM_SEG_FLAG_STRINGS: NUL-terminated strings the linker may merge
	BSS                        // ".bss.NAME": all zero
)

func (k SegmentKind) prefix() string {
	switch k {
	case RWData:
		return ".data."
	case BSS:
		return ".bss."
	}
	return ".rodata."
}

// Data is a data symbol: defined by Define as one data segment of its own
// (so that --gc-sections can drop it alone), or undefined.
type Data struct {
	Attrs
	// Comdat as for Func.
	Comdat string

	name     string
	defined  bool
	at       uint64 // the symbol's offset in its segment
	kind     SegmentKind
	align    uint32
	contents *Contents
	obj      *Object
}

// Name returns the symbol's name.
func (d *Data) Name() string { return d.name }

// Define makes d a segment of the given kind holding c, aligned to align
// bytes (a power of two; 0 means 1). A BSS segment's contents must be zero
// bytes without relocations; a Strings segment's NUL-terminated strings
// without relocations.
func (d *Data) Define(kind SegmentKind, align uint32, c *Contents) {
	switch {
	case d.defined:
		d.obj.errorf("data %s defined twice", d.name)
		return
	case c == nil:
		d.obj.errorf("data %s: nil contents", d.name)
		return
	case kind > BSS:
		d.obj.errorf("data %s: invalid segment kind %d", d.name, kind)
		return
	case align == 0:
		align = 1
	}
	if align&(align-1) != 0 {
		d.obj.errorf("data %s: alignment %d is not a power of two", d.name, align)
		return
	}
	d.defined, d.kind, d.align, d.contents = true, kind, align, c
	d.obj.segments = append(d.obj.segments, d)
}

// DefineAt is Define with the symbol at offset bytes into its segment
// rather than at its start: the segment's bytes before the symbol belong
// to it (GHC's info tables, which end where their label is) and stay
// with it under --gc-sections.
func (d *Data) DefineAt(kind SegmentKind, align uint32, c *Contents, offset uint64) {
	if c != nil && offset > uint64(len(c.b)) {
		d.obj.errorf("data %s: offset %d beyond its %d bytes", d.name, offset, len(c.b))
		return
	}
	d.Define(kind, align, c)
	d.at = offset
}

func (d *Data) symName() string { return d.name }
func (d *Data) owner() *Object  { return d.obj }

// Global is a global symbol: defined by Define, or undefined (an import
// the linker resolves against another object's definition).
type Global struct {
	Attrs
	// ImportModule and ImportName as for Func.
	ImportModule, ImportName string

	name    string
	typ     ValType
	mutable bool
	defined bool
	init    uint64
	obj     *Object
}

// Name returns the symbol's name.
func (g *Global) Name() string { return g.name }

// Define gives g a definition with the initial value whose bits are init:
// the integer (an i32 takes the low 32 bits) or math.Float32bits or
// math.Float64bits of the float.
func (g *Global) Define(init uint64) {
	if g.defined {
		g.obj.errorf("global %s defined twice", g.name)
		return
	}
	g.defined, g.init = true, init
	g.obj.globals = append(g.obj.globals, g)
}

func (g *Global) symName() string { return g.name }
func (g *Global) owner() *Object  { return g.obj }

// Section is a custom section of the object. The linker concatenates the
// sections of the same name from all objects, applying their relocations;
// those relocations do not keep their targets alive under --gc-sections.
type Section struct {
	name     string
	contents *Contents
	obj      *Object
}

// Name returns the section's name.
func (s *Section) Name() string { return s.name }

func (s *Section) symName() string { return s.name }
func (s *Section) owner() *Object  { return s.obj }
