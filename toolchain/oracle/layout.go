package oracle

import (
	"encoding/binary"
	"fmt"
	"os"
	"strings"

	"github.com/ahc-hs/ahc/toolchain/cmm"
)

// Item is one thing the oracle checks: a data declaration, or an info
// table, which with tables next to code ends where its info label is.
type Item struct {
	Label   cmm.Label
	Info    bool        // an info table in .text, ending at Label
	Section cmm.Section // for data
	Statics []cmm.Static
	// Proc is the procedure an info table belongs to.
	Proc cmm.Label
	// Synthetic marks data that GHC makes for a structured info table
	// under a fresh label the dump does not show (see RawInfoTable).
	Synthetic bool
}

// RefKind is how a label reference is stored.
type RefKind uint8

const (
	// RefAbs64 is a word holding a label's address plus an offset
	// (`.quad L+off`, R_X86_64_64).
	RefAbs64 RefKind = iota + 1
	// RefRel32 is a 32-bit label difference A-B+off (`.long A-B+off`,
	// R_X86_64_PC32 unless the assembler could work it out itself).
	RefRel32
)

func (k RefKind) String() string {
	if k == RefAbs64 {
		return "abs64"
	}
	return "rel32"
}

// Ref is a label reference in laid-out statics.
type Ref struct {
	Offset int64 // of the patched bytes, from the start of the statics
	Kind   RefKind
	Target cmm.Label
	Base   cmm.Label // RefRel32: the label subtracted
	Addend int64     // the static's offset
}

// Size is the number of bytes a reference patches.
func (r Ref) Size() int64 {
	if r.Kind == RefAbs64 {
		return 8
	}
	return 4
}

// Layout is statics laid out as GHC's x86_64 NCG emits them.
type Layout struct {
	Bytes []byte // with zeros where references go
	Refs  []Ref  // sorted by offset
}

// Lay lays statics out as GHC/CmmToAsm/X86/Ppr.hs pprData prints them:
//   - integers and floats little-endian in their width;
//   - a label (`.quad L+off`) as a word to relocate;
//   - a W32 label difference as `.long A-B+off`, a W64 one as
//     `.long A-B+off` and `.long 0` (x86_64 has no 64-bit PC-relative
//     relocation that binutils handles, so the RTS reads 32 bits);
//   - a string as `.string`, which ends it with a NUL that the dump does
//     not show;
//   - uninitialised space as zeros;
//   - `incbin` as the file's bytes and a NUL.
func Lay(statics []cmm.Static) (*Layout, error) {
	l := &Layout{}
	for i, s := range statics {
		off := int64(len(l.Bytes))
		switch s := s.(type) {
		case cmm.StaticInt:
			if err := l.putInt(s.Value, s.Width); err != nil {
				return nil, fmt.Errorf("static %d: %w", i, err)
			}
		case cmm.StaticFloat:
			if s.Width != cmm.W32 && s.Width != cmm.W64 {
				return nil, fmt.Errorf("static %d: float of width %v", i, s.Width)
			}
			if err := l.putInt(s.Bits, s.Width); err != nil {
				return nil, fmt.Errorf("static %d: %w", i, err)
			}
		case cmm.StaticLabel:
			l.Refs = append(l.Refs, Ref{Offset: off, Kind: RefAbs64, Target: s.Label, Addend: s.Offset})
			l.Bytes = append(l.Bytes, make([]byte, 8)...)
		case cmm.StaticLabelDiff:
			if s.Width != cmm.W32 && s.Width != cmm.W64 {
				return nil, fmt.Errorf("static %d: label difference of width %v", i, s.Width)
			}
			l.Refs = append(l.Refs, Ref{Offset: off, Kind: RefRel32, Target: s.A, Base: s.B, Addend: s.Offset})
			l.Bytes = append(l.Bytes, make([]byte, s.Width.Bytes())...)
		case cmm.StaticString:
			l.Bytes = append(l.Bytes, s.Bytes...)
			l.Bytes = append(l.Bytes, 0)
		case cmm.StaticUninit:
			if s.Size < 0 {
				return nil, fmt.Errorf("static %d: negative size %d", i, s.Size)
			}
			l.Bytes = append(l.Bytes, make([]byte, s.Size)...)
		case cmm.StaticFileEmbed:
			data, err := os.ReadFile(s.Path)
			if err != nil {
				return nil, fmt.Errorf("static %d: incbin: %w", i, err)
			}
			l.Bytes = append(l.Bytes, data...)
			l.Bytes = append(l.Bytes, 0)
		default:
			return nil, fmt.Errorf("static %d: unknown static %T", i, s)
		}
	}
	return l, nil
}

func (l *Layout) putInt(v uint64, w cmm.Width) error {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	switch w {
	case cmm.W8, cmm.W16, cmm.W32, cmm.W64:
		l.Bytes = append(l.Bytes, b[:w.Bytes()]...)
		return nil
	}
	return fmt.Errorf("integer of width %v", w)
}

// refAt is the reference patching byte i, if any.
func (l *Layout) refAt(i int64) (Ref, bool) {
	for _, r := range l.Refs {
		if r.Offset <= i && i < r.Offset+r.Size() {
			return r, true
		}
	}
	return Ref{}, false
}

// ELFSection is the section GHC's NCG puts a section kind into on Linux
// (GHC/CmmToAsm/Ppr.hs pprGNUSectionHeader), without -split-sections.
func ELFSection(k cmm.SectionKind) string {
	switch k {
	case cmm.SectionText:
		return ".text"
	case cmm.SectionData:
		return ".data"
	case cmm.SectionReadOnlyData:
		return ".rodata"
	case cmm.SectionRelocatableReadOnlyData:
		return ".data.rel.ro"
	case cmm.SectionUninitialisedData:
		return ".bss"
	case cmm.SectionReadOnlyData16:
		return ".rodata.cst16"
	case cmm.SectionCString:
		return ".rodata.str"
	}
	return ""
}

// SectionAlign is the alignment GHC's x86_64 NCG gives the start of each
// declaration in a section kind (X86/Ppr.hs pprAlignForSection); the
// `.align 1` of the data itself changes nothing.
func SectionAlign(k cmm.SectionKind) uint64 {
	switch k {
	case cmm.SectionCString:
		return 1
	case cmm.SectionReadOnlyData16:
		return 16
	}
	return 8
}

// sharedSection says whether a section has more than the dump's data
// declarations, between them: code, or the NCG's own data
// (floating-point literals, jump tables).
func sharedSection(name string) bool {
	return name == ".rodata" || name == ".rodata.cst16" || name == ".text" ||
		strings.HasPrefix(name, ".rodata.") && !strings.HasPrefix(name, ".rodata.str") ||
		strings.HasPrefix(name, ".text.")
}

func alignUp(x, a uint64) uint64 {
	if a <= 1 {
		return x
	}
	return (x + a - 1) / a * a
}
