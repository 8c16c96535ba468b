package cmm

// This file holds the parts of the IR shared by the parser, the oracle and
// the code generator: labels, widths and the statics of data and info
// tables.

// Label is a code or data label exactly as GHC's Cmm dump prints it, e.g.
// "Foo.f_closure", "GHC.Base.++_info", ":_con_info", "stg_gc_fun", "c1Ym",
// "_u20z_srt" or "block_c1YL_info". The dump leaves out the unit (package)
// of a label and prints some names unqualified; turning a Label into an
// object symbol is the job of a symbol resolver, which knows the packages.
type Label string

// Width is the size of a Cmm value.
type Width uint8

// The widths GHC 9.0.2 uses.
const (
	W8 Width = iota + 1
	W16
	W32
	W64
	W128
	W256
	W512
)

// Bytes is the width's size in bytes.
func (w Width) Bytes() int {
	switch w {
	case W8:
		return 1
	case W16:
		return 2
	case W32:
		return 4
	case W64:
		return 8
	case W128:
		return 16
	case W256:
		return 32
	case W512:
		return 64
	}
	return 0
}

// Bits is the width's size in bits.
func (w Width) Bits() int { return w.Bytes() * 8 }

func (w Width) String() string {
	switch w {
	case W8:
		return "W8"
	case W16:
		return "W16"
	case W32:
		return "W32"
	case W64:
		return "W64"
	case W128:
		return "W128"
	case W256:
		return "W256"
	case W512:
		return "W512"
	}
	return "W?"
}

// Static is one item of a data section or a raw info table, laid out in
// order with no implicit padding (GHC pads explicitly with Uninit or
// zero-valued ints).
type Static interface{ isStatic() }

// StaticInt is an integer of the given width: `const 14 :: W32`. A word
// (W64) is the default when the dump gives no width. Value holds the bits.
type StaticInt struct {
	Value uint64
	Width Width
}

// StaticFloat is a floating-point number: `const 2.5 :: W64`. Bits is its
// exact IEEE 754 representation (a W32 float in the low 32 bits).
type StaticFloat struct {
	Bits  uint64
	Width Width
}

// StaticLabel is the address of a label plus an offset, one word wide:
// `const GHC.Types.[]_closure+1`.
type StaticLabel struct {
	Label  Label
	Offset int64
}

// StaticLabelDiff is the difference of two labels plus an offset, of the
// given width: `const _u20z_srt-Foo.g4_info :: W32`. GHC uses it for the
// relative fields of info tables (SRT, constructor description).
type StaticLabelDiff struct {
	A, B   Label
	Offset int64
	Width  Width
}

// StaticString is a run of bytes: `I8[] "h\195\169llo"`. Bytes are
// exactly those printed. GHC 9.0.2's code generators emit a string with a
// NUL after it (`.string`) that the dump does not show, so laying a string
// out takes len(Bytes)+1 bytes.
type StaticString struct {
	Bytes []byte
}

// StaticUninit is zero-filled space of Size bytes: `I8[16]`.
type StaticUninit struct {
	Size int64
}

func (StaticInt) isStatic()       {}
func (StaticFloat) isStatic()     {}
func (StaticLabel) isStatic()     {}
func (StaticLabelDiff) isStatic() {}
func (StaticString) isStatic()    {}
func (StaticUninit) isStatic()    {}

// Size is the number of bytes a static occupies.
func Size(s Static) int64 {
	switch s := s.(type) {
	case StaticInt:
		return int64(s.Width.Bytes())
	case StaticFloat:
		return int64(s.Width.Bytes())
	case StaticLabel:
		return 8
	case StaticLabelDiff:
		return int64(s.Width.Bytes())
	case StaticString:
		return int64(len(s.Bytes)) + 1 // the NUL the dump does not print
	case StaticUninit:
		return s.Size
	}
	panic("cmm: unknown static")
}

// SectionKind is the kind of section a data declaration goes into.
type SectionKind uint8

// The section kinds of GHC 9.0.2's Cmm (`section "data"`, ...).
const (
	SectionText SectionKind = iota + 1
	SectionData
	SectionReadOnlyData
	SectionRelocatableReadOnlyData
	SectionUninitialisedData
	SectionReadOnlyData16
	SectionCString
	SectionOther // a named section, see Section.Name
)

// Section says where a data declaration goes: `section ""data" . Foo.B_closure"`.
type Section struct {
	Kind  SectionKind
	Name  string // for SectionOther, the section's name
	Label Label  // the label the section is named after
}

// Data is a data declaration: a section with its label and statics.
type Data struct {
	Section Section
	Label   Label
	Statics []Static
}
