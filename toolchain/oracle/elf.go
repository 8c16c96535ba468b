// Package oracle proves that the Cmm ahc parses is exact: it lays out the
// data and info tables of a parsed dump the way GHC's x86_64 native code
// generator does, and compares them, byte for byte and relocation for
// relocation, with the object file ghc wrote in the same compilation.
package oracle

import (
	"debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// Object is what the oracle needs of an x86_64 ELF relocatable object.
type Object struct {
	Path     string
	Sections []*Section // by ELF section index; [0] is the null section
	Symbols  []*Symbol  // by ELF symbol index; [0] is the null symbol
	byName   map[string]*Symbol
}

// Section is an ELF section with its relocations.
type Section struct {
	Index     int
	Name      string
	Type      elf.SectionType
	Flags     elf.SectionFlag
	Addralign uint64
	Size      uint64
	Data      []byte  // nil for SHT_NOBITS
	Relocs    []Reloc // sorted by offset
}

// Symbol is an ELF symbol, local or global.
type Symbol struct {
	Index   int
	Name    string // for a section symbol, the section's name
	Section int    // ELF section index; 0 when undefined
	Value   uint64
	Size    uint64
	Bind    elf.SymBind
	Type    elf.SymType
}

// Defined says whether the object defines the symbol in one of its sections.
func (s *Symbol) Defined() bool {
	return s.Section > 0 && s.Section < int(elf.SHN_LORESERVE)
}

// Reloc is an ELF RELA relocation.
type Reloc struct {
	Offset uint64
	Type   elf.R_X86_64
	Sym    *Symbol // nil for relocations without a symbol
	Addend int64
}

// Size is the number of bytes a relocation patches.
func (r Reloc) Size() int {
	switch r.Type {
	case elf.R_X86_64_64, elf.R_X86_64_PC64, elf.R_X86_64_GOTOFF64:
		return 8
	case elf.R_X86_64_8, elf.R_X86_64_PC8:
		return 1
	case elf.R_X86_64_16, elf.R_X86_64_PC16:
		return 2
	}
	return 4
}

// Relative says whether a relocation is PC-relative.
func (r Reloc) Relative() bool {
	switch r.Type {
	case elf.R_X86_64_PC32, elf.R_X86_64_PC64, elf.R_X86_64_PC8, elf.R_X86_64_PC16, elf.R_X86_64_PLT32:
		return true
	}
	return false
}

// ReadObject reads an x86_64 ELF relocatable object.
func ReadObject(path string) (*Object, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading object: %w", err)
	}
	defer f.Close()
	obj, err := readObject(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	obj.Path = path
	return obj, nil
}

func readObject(f *elf.File) (*Object, error) {
	if f.Class != elf.ELFCLASS64 || f.Machine != elf.EM_X86_64 || f.Type != elf.ET_REL {
		return nil, fmt.Errorf("not an x86_64 ELF relocatable object (%v, %v, %v)", f.Class, f.Machine, f.Type)
	}
	obj := &Object{byName: map[string]*Symbol{}}
	for i, s := range f.Sections {
		sec := &Section{Index: i, Name: s.Name, Type: s.Type, Flags: s.Flags, Addralign: s.Addralign, Size: s.Size}
		if s.Type != elf.SHT_NOBITS && s.Type != elf.SHT_NULL {
			data, err := s.Data()
			if err != nil {
				return nil, fmt.Errorf("section %s: %w", s.Name, err)
			}
			sec.Data = data
		}
		obj.Sections = append(obj.Sections, sec)
	}
	syms, err := f.Symbols()
	if err != nil && !errors.Is(err, elf.ErrNoSymbols) {
		return nil, fmt.Errorf("symbols: %w", err)
	}
	obj.Symbols = []*Symbol{{}}
	for i, s := range syms {
		sym := &Symbol{
			Index: i + 1, Name: s.Name, Section: int(s.Section), Value: s.Value, Size: s.Size,
			Bind: elf.ST_BIND(s.Info), Type: elf.ST_TYPE(s.Info),
		}
		if sym.Type == elf.STT_SECTION && sym.Defined() {
			sym.Name = obj.Sections[sym.Section].Name
		} else if sym.Name != "" && sym.Type != elf.STT_FILE {
			// A global symbol wins over a local one of the same name.
			if old, ok := obj.byName[sym.Name]; !ok || old.Bind == elf.STB_LOCAL {
				obj.byName[sym.Name] = sym
			}
		}
		obj.Symbols = append(obj.Symbols, sym)
	}
	for _, s := range f.Sections {
		if s.Type == elf.SHT_REL {
			return nil, fmt.Errorf("section %s: REL relocations are not supported", s.Name)
		}
		if s.Type != elf.SHT_RELA {
			continue
		}
		if int(s.Info) >= len(obj.Sections) {
			return nil, fmt.Errorf("section %s: relocates section %d, which does not exist", s.Name, s.Info)
		}
		data, err := s.Data()
		if err != nil {
			return nil, fmt.Errorf("section %s: %w", s.Name, err)
		}
		if len(data)%24 != 0 {
			return nil, fmt.Errorf("section %s: size %d is not a multiple of 24", s.Name, len(data))
		}
		target := obj.Sections[s.Info]
		for off := 0; off < len(data); off += 24 {
			info := binary.LittleEndian.Uint64(data[off+8:])
			r := Reloc{
				Offset: binary.LittleEndian.Uint64(data[off:]),
				Type:   elf.R_X86_64(info & 0xffffffff),
				Addend: int64(binary.LittleEndian.Uint64(data[off+16:])),
			}
			if si := int(info >> 32); si != 0 {
				if si >= len(obj.Symbols) {
					return nil, fmt.Errorf("section %s: relocation at %#x names symbol %d, which does not exist", s.Name, r.Offset, si)
				}
				r.Sym = obj.Symbols[si]
			}
			target.Relocs = append(target.Relocs, r)
		}
	}
	for _, sec := range obj.Sections {
		sort.SliceStable(sec.Relocs, func(i, j int) bool { return sec.Relocs[i].Offset < sec.Relocs[j].Offset })
	}
	return obj, nil
}

// Lookup is the symbol of a name, preferring a global one.
func (o *Object) Lookup(name string) (*Symbol, bool) {
	s, ok := o.byName[name]
	return s, ok
}

// SectionByName is the first section of a name.
func (o *Object) SectionByName(name string) (*Section, bool) {
	for _, s := range o.Sections {
		if s.Name == name && s.Index != 0 {
			return s, true
		}
	}
	return nil, false
}

// RelocsIn is the relocations of a section that patch bytes in [from, to).
func (s *Section) RelocsIn(from, to uint64) []Reloc {
	i := sort.Search(len(s.Relocs), func(i int) bool { return s.Relocs[i].Offset+uint64(s.Relocs[i].Size()) > from })
	j := i
	for j < len(s.Relocs) && s.Relocs[j].Offset < to {
		j++
	}
	return s.Relocs[i:j]
}

// Bytes is the contents of [from, to), zeros for SHT_NOBITS, or false
// when the range is outside the section.
func (s *Section) Bytes(from, to uint64) ([]byte, bool) {
	if from > to || to > s.Size {
		return nil, false
	}
	if s.Data == nil {
		return make([]byte, to-from), true
	}
	return s.Data[from:to], true
}
