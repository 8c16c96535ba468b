package wasmobj

import (
	"bytes"
	"fmt"

	"github.com/ahc-hs/ahc/internal/wasmbin"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// Section ids and linking-section constants of the WebAssembly binary
// format and tool-conventions Linking.md.
const (
	SecCustom   = 0
	SecType     = 1
	SecImport   = 2
	SecFunction = 3
	SecExport   = 7
	SecStart    = 8
	SecElem     = 9
	SecCode     = 10

	SymFunction = 0
	SymData     = 1
	SymGlobal   = 2
	SymSection  = 3
	SymTag      = 4
	SymTable    = 5

	FlagWeak         = 0x01
	FlagLocal        = 0x02
	FlagUndefined    = 0x10
	FlagExplicitName = 0x40

	SubSymbolTable = 8
	SubComdatInfo  = 7
	ComdatFunction = 1

	LinkingVersion = 2
)

var WasmMagic = []byte("\x00asm\x01\x00\x00\x00")

// IsWasm reports whether data is a WebAssembly binary of version 1.
func IsWasm(data []byte) bool { return bytes.HasPrefix(data, WasmMagic) }

// Section is one section of a module.
type Section struct {
	ID      byte
	Name    string // custom sections
	Payload []byte // the whole payload, a custom section's name included
	Content []byte // the payload after a custom section's name
}

// Sections splits a module into its sections.
func Sections(data []byte) ([]Section, error) {
	if !IsWasm(data) {
		return nil, fmt.Errorf("not a WebAssembly object")
	}
	r := &wasmbin.Reader{B: data, Off: len(WasmMagic)}
	var secs []Section
	for r.More() {
		id := r.Byte()
		payload := r.Bytes(uint64(r.U32()))
		if r.Err != nil {
			return nil, r.Err
		}
		s := Section{ID: id, Payload: payload, Content: payload}
		if id == SecCustom {
			pr := &wasmbin.Reader{B: payload}
			s.Name = string(pr.Name())
			if pr.Err != nil {
				return nil, fmt.Errorf("custom section name: %w", pr.Err)
			}
			s.Content = payload[pr.Off:]
		}
		secs = append(secs, s)
	}
	return secs, r.Err
}

// LinkingSection returns the content of an object's "linking" section, or
// nil, looking at section headers only.
func LinkingSection(data []byte) ([]byte, error) {
	r := &wasmbin.Reader{B: data, Off: len(WasmMagic)}
	for r.More() {
		id := r.Byte()
		payload := r.Bytes(uint64(r.U32()))
		if r.Err != nil {
			return nil, r.Err
		}
		if id == SecCustom {
			pr := &wasmbin.Reader{B: payload}
			if name := pr.Name(); pr.Err == nil && string(name) == "linking" {
				return payload[pr.Off:], nil
			}
		}
	}
	return nil, r.Err
}

// SymbolInfo is what the scan keeps of an object's symbol table.
type SymbolInfo struct {
	UndefData []string // undefined data symbols
	DefFuncs  []string // defined, non-local function symbols
	// UndefFuncs says whether the object has undefined function symbols.
	UndefFuncs bool
}

// ScanSymbols reads the symbol table of an object. An object without a
// linking section has no symbols.
func ScanSymbols(data []byte) (SymbolInfo, error) {
	var info SymbolInfo
	linking, err := LinkingSection(data)
	if err != nil || linking == nil {
		return info, err
	}
	err = WalkSymtab(linking, func(s *RawSymbol) {
		undefined := s.Flags&FlagUndefined != 0
		switch {
		case s.Kind == SymFunction && undefined:
			info.UndefFuncs = true
		case s.Kind == SymFunction && s.Flags&FlagLocal == 0:
			info.DefFuncs = append(info.DefFuncs, string(s.Name))
		case s.Kind == SymData && undefined:
			info.UndefData = append(info.UndefData, string(s.Name))
		}
	})
	return info, err
}

// FuncTypes reads an object's type section: each type in a canonical
// encoding (0x60, parameter count, parameters, result count, results).
func FuncTypes(payload []byte) ([][]byte, error) {
	r := &wasmbin.Reader{B: payload}
	n := r.U32()
	var types [][]byte
	for i := uint32(0); i < n && r.Err == nil; i++ {
		if form := r.Byte(); r.Err == nil && form != 0x60 {
			return nil, fmt.Errorf("type %d: form 0x%02x is not a function type", i, form)
		}
		t := []byte{0x60}
		for range 2 {
			k := r.U32()
			vs := r.Bytes(uint64(k))
			t = append(wasmbin.AppendULEB(t, uint64(k)), vs...)
		}
		types = append(types, t)
	}
	if r.Err != nil {
		return nil, fmt.Errorf("type section: %w", r.Err)
	}
	return types, nil
}

// SplitFuncType returns the parameter and result value types of a
// canonically encoded function type (FuncTypes).
func SplitFuncType(enc []byte) (params, results []byte, err error) {
	r := &wasmbin.Reader{B: enc}
	if r.Byte() != 0x60 {
		return nil, nil, fmt.Errorf("not a function type")
	}
	params = r.Bytes(uint64(r.U32()))
	results = r.Bytes(uint64(r.U32()))
	return params, results, r.Err
}

// DecodeFuncType decodes a canonically encoded function type (FuncTypes)
// for toolchain/wasm's writer.
func DecodeFuncType(enc []byte) (wasm.FuncType, error) {
	params, results, err := SplitFuncType(enc)
	var t wasm.FuncType
	for _, b := range params {
		t.Params = append(t.Params, wasm.ValType(b))
	}
	for _, b := range results {
		t.Results = append(t.Results, wasm.ValType(b))
	}
	return t, err
}

// Import is an entry of an import section.
type Import struct {
	Module, Field string
	Kind          byte   // 0 function, 1 table, 2 memory, 3 global, 4 tag
	Type          uint32 // a function's type index
	Desc          []byte // the encoding of what follows the kind
}

// ParseImports reads an import section.
func ParseImports(payload []byte) ([]Import, error) {
	r := &wasmbin.Reader{B: payload}
	n := r.U32()
	imports := make([]Import, 0, min(int(n), len(payload)))
	for i := uint32(0); i < n && r.Err == nil; i++ {
		imp := Import{Module: string(r.Name()), Field: string(r.Name()), Kind: r.Byte()}
		start := r.Off
		switch imp.Kind {
		case 0: // function
			imp.Type = r.U32()
		case 1: // table
			r.Byte()
			readLimits(r)
		case 2: // memory
			readLimits(r)
		case 3: // global
			r.Byte()
			r.Byte()
		case 4: // tag
			r.Byte()
			r.U32()
		default:
			r.Fail("import %d: unknown kind %d", i, imp.Kind)
		}
		if r.Err == nil {
			imp.Desc = r.B[start:r.Off]
		}
		imports = append(imports, imp)
	}
	if r.Err != nil {
		return nil, fmt.Errorf("import section: %w", r.Err)
	}
	return imports, nil
}

// EncodeImports writes an import section.
func EncodeImports(imports []Import) []byte {
	b := wasmbin.AppendULEB(nil, uint64(len(imports)))
	for _, imp := range imports {
		b = wasmbin.AppendName(wasmbin.AppendName(b, imp.Module), imp.Field)
		b = append(append(b, imp.Kind), imp.Desc...)
	}
	return b
}

// CountFuncImports returns the number of functions an import section
// imports.
func CountFuncImports(payload []byte) (uint32, error) {
	imports, err := ParseImports(payload)
	var funcs uint32
	for _, imp := range imports {
		if imp.Kind == 0 {
			funcs++
		}
	}
	return funcs, err
}

// ReplaceSubsection returns the content of a linking section with the
// payload of its subsections of type typ replaced.
func ReplaceSubsection(linking []byte, typ byte, payload []byte) ([]byte, error) {
	r := &wasmbin.Reader{B: linking}
	out := wasmbin.AppendULEB(nil, uint64(r.U32()))
	for r.More() {
		t := r.Byte()
		p := r.Bytes(uint64(r.U32()))
		if r.Err != nil {
			break
		}
		if t == typ {
			p = payload
		}
		out = append(out, t)
		out = wasmbin.AppendULEB(out, uint64(len(p)))
		out = append(out, p...)
	}
	if r.Err != nil {
		return nil, fmt.Errorf("linking section: %w", r.Err)
	}
	return out, nil
}

func readLimits(r *wasmbin.Reader) {
	flags := r.U32()
	r.ULEB()
	if flags&1 != 0 {
		r.ULEB()
	}
}

// DefinedFuncType returns the type, canonically encoded, of the function
// an object defines under name.
func DefinedFuncType(data []byte, name string) ([]byte, error) {
	types, err := DefinedFuncTypes(data, map[string]bool{name: true})
	if err != nil {
		return nil, err
	}
	t := types[name]
	if t == nil {
		return nil, fmt.Errorf("no defined function %s", name)
	}
	return t, nil
}

// DefinedFuncTypes returns the types, canonically encoded, of the named
// functions an object defines, by name; with want non-nil, only of those
// in want.
func DefinedFuncTypes(data []byte, want map[string]bool) (map[string][]byte, error) {
	secs, err := Sections(data)
	if err != nil {
		return nil, err
	}
	var types [][]byte
	var nimports uint32
	var funcSec, linking []byte
	for _, s := range secs {
		switch {
		case s.ID == SecType:
			if types, err = FuncTypes(s.Payload); err != nil {
				return nil, err
			}
		case s.ID == SecImport:
			if nimports, err = CountFuncImports(s.Payload); err != nil {
				return nil, err
			}
		case s.ID == SecFunction:
			funcSec = s.Payload
		case s.ID == SecCustom && s.Name == "linking":
			linking = s.Content
		}
	}
	r := &wasmbin.Reader{B: funcSec}
	funcTypes := make([]uint32, r.U32())
	for i := range funcTypes {
		funcTypes[i] = r.U32()
	}
	if r.Err != nil {
		return nil, fmt.Errorf("function section: %w", r.Err)
	}
	out := map[string][]byte{}
	var bad error
	err = WalkSymtab(linking, func(s *RawSymbol) {
		if bad != nil || s.Kind != SymFunction || s.Flags&FlagUndefined != 0 || len(s.Name) == 0 {
			return
		}
		if want != nil && !want[string(s.Name)] || out[string(s.Name)] != nil {
			return
		}
		if s.Index < nimports {
			bad = fmt.Errorf("function %s: defined symbol names import %d", s.Name, s.Index)
			return
		}
		def := s.Index - nimports
		if int(def) >= len(funcTypes) {
			bad = fmt.Errorf("function %s: index %d past the %d defined functions", s.Name, s.Index, len(funcTypes))
			return
		}
		ti := funcTypes[def]
		if int(ti) >= len(types) {
			bad = fmt.Errorf("function %s: type %d of %d", s.Name, ti, len(types))
			return
		}
		out[string(s.Name)] = types[ti]
	})
	if err == nil {
		err = bad
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Symbol is a parsed symbol table entry; raw is its encoding.
type Symbol struct {
	Kind  byte
	Flags uint32
	Index uint32 // function/global/tag/table/section index, data segment
	Name  string
	Raw   []byte
}

// ParseSymtab reads the symbol table of a linking section's content.
func ParseSymtab(linking []byte) ([]Symbol, error) {
	var syms []Symbol
	err := WalkSymtab(linking, func(s *RawSymbol) {
		syms = append(syms, Symbol{Kind: s.Kind, Flags: s.Flags, Index: s.Index, Name: string(s.Name), Raw: s.Raw})
	})
	return syms, err
}

// RawSymbol is a symbol table entry as WalkSymtab reads it, its name
// aliasing the object's bytes.
type RawSymbol struct {
	I     int // the symbol's index
	Kind  byte
	Flags uint32
	Index uint32 // function/global/tag/table/section index, data segment
	Name  []byte // nil for an undefined function, global, tag or table without an explicit name
	Raw   []byte
}

// WalkSymtab calls f on each entry of the symbol table of a linking
// section's content, without allocating: f must copy what it keeps of
// the symbol it is given.
func WalkSymtab(linking []byte, f func(*RawSymbol)) error {
	if linking == nil {
		return fmt.Errorf("no linking section: not a relocatable object")
	}
	r := &wasmbin.Reader{B: linking}
	if v := r.U32(); r.Err == nil && v != LinkingVersion {
		return fmt.Errorf("linking section version %d, want %d", v, LinkingVersion)
	}
	for r.More() {
		typ := r.Byte()
		payload := r.Bytes(uint64(r.U32()))
		if r.Err == nil && typ == SubSymbolTable {
			return walkSymbols(payload, f)
		}
	}
	if r.Err != nil {
		return fmt.Errorf("linking section: %w", r.Err)
	}
	return nil
}

func walkSymbols(payload []byte, f func(*RawSymbol)) error {
	r := &wasmbin.Reader{B: payload}
	n := r.U32()
	var s RawSymbol
	for i := uint32(0); i < n && r.Err == nil; i++ {
		start := r.Off
		s = RawSymbol{I: int(i), Kind: r.Byte(), Flags: r.U32()}
		undefined := s.Flags&FlagUndefined != 0
		switch s.Kind {
		case SymFunction, SymGlobal, SymTag, SymTable:
			s.Index = r.U32()
			if !undefined || s.Flags&FlagExplicitName != 0 {
				s.Name = r.Name()
			}
		case SymData:
			s.Name = r.Name()
			if !undefined {
				s.Index = r.U32()
				r.ULEB()
				r.ULEB()
			}
		case SymSection:
			s.Index = r.U32()
		default:
			r.Fail("symbol %d: unknown kind %d", i, s.Kind)
		}
		if r.Err != nil {
			break
		}
		s.Raw = r.B[start:r.Off]
		f(&s)
	}
	if r.Err != nil {
		return fmt.Errorf("symbol table: %w", r.Err)
	}
	return nil
}

func CustomPayload(name string, content []byte) []byte {
	return append(wasmbin.AppendName(nil, name), content...)
}

// Encode writes a module of secs.
func Encode(secs []Section) []byte {
	out := append([]byte(nil), WasmMagic...)
	for _, s := range secs {
		out = append(out, s.ID)
		out = wasmbin.AppendULEB(out, uint64(len(s.Payload)))
		out = append(out, s.Payload...)
	}
	return out
}
