package fnptr

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/ahc-hs/ahc/internal/wasmbin"
	"github.com/ahc-hs/ahc/linker/internal/wasmobj"
)

// Relocation types of Linking.md that concern this package.
const (
	relFunctionIndexLEB = 0
	relTableIndexSLEB   = 1
	relTableIndexI32    = 2
	relTypeIndexLEB     = 6 // its index is a type's, not a symbol's
	relMemoryAddrSLEB   = 4
	relMemoryAddrI32    = 5
	relMemoryAddrSLEB64 = 15
	relMemoryAddrI64    = 16
	relTableIndexSLEB64 = 18
	relTableIndexI64    = 19
)

// relHasAddend reports whether relocations of type t carry an addend.
func relHasAddend(t byte) bool {
	switch t {
	case 3, 4, 5, 8, 9, 11, 14, 15, 16, 17, 21, 22, 23, 25:
		return true
	}
	return false
}

// asTableIndex is the table-index relocation replacing a memory-address
// one of the same width.
var asTableIndex = map[byte]byte{
	relMemoryAddrSLEB64: relTableIndexSLEB64,
	relMemoryAddrI64:    relTableIndexI64,
	relMemoryAddrSLEB:   relTableIndexSLEB,
	relMemoryAddrI32:    relTableIndexI32,
}

// rewrite turns the undefined data symbols of an object named in fns into
// undefined function symbols of the given types (canonically encoded),
// imported as env.NAME, their relocations into table-index ones. It
// returns the new object and the names it changed.
func rewrite(data []byte, fns map[string][]byte) ([]byte, []string, error) {
	secs, err := wasmobj.Sections(data)
	if err != nil {
		return nil, nil, err
	}
	typeAt, importAt, linkAt := -1, -1, -1
	for i, s := range secs {
		switch {
		case s.ID == wasmobj.SecType:
			typeAt = i
		case s.ID == wasmobj.SecImport:
			importAt = i
		case s.ID == wasmobj.SecStart:
			return nil, nil, fmt.Errorf("objects with a start section are not supported")
		case s.ID == wasmobj.SecCustom && s.Name == "linking":
			linkAt = i
		}
	}
	if linkAt < 0 {
		return nil, nil, fmt.Errorf("no linking section: not a relocatable object")
	}
	syms, err := wasmobj.ParseSymtab(secs[linkAt].Content)
	if err != nil {
		return nil, nil, err
	}

	// The symbols to change.
	changed := map[uint32]bool{}
	var names []string
	for i, s := range syms {
		if s.Kind == wasmobj.SymData && s.Flags&wasmobj.FlagUndefined != 0 && fns[s.Name] != nil {
			changed[uint32(i)] = true
			names = append(names, s.Name)
		}
	}
	if len(changed) == 0 {
		return data, nil, nil
	}

	// Insert a type or import section if missing: section indices at and
	// after the insertion shift.
	firstKnown := len(secs)
	for i, s := range secs {
		if s.ID != wasmobj.SecCustom {
			firstKnown = i
			break
		}
	}
	secMap := make([]uint32, len(secs)) // old section index -> new
	for i := range secMap {
		secMap[i] = uint32(i)
	}
	insert := func(at int, s wasmobj.Section) {
		secs = append(secs[:at], append([]wasmobj.Section{s}, secs[at:]...)...)
		for i := range secMap {
			if secMap[i] >= uint32(at) {
				secMap[i]++
			}
		}
	}
	if typeAt < 0 {
		insert(firstKnown, wasmobj.Section{ID: wasmobj.SecType, Payload: []byte{0}})
		typeAt = firstKnown
		if importAt >= 0 {
			importAt++
		}
		linkAt++
	}
	if importAt < 0 {
		importAt = typeAt + 1
		insert(importAt, wasmobj.Section{ID: wasmobj.SecImport, Payload: []byte{0}})
		linkAt++
	}

	types, err := wasmobj.FuncTypes(secs[typeAt].Payload)
	if err != nil {
		return nil, nil, err
	}
	nimports, err := wasmobj.CountFuncImports(secs[importAt].Payload)
	if err != nil {
		return nil, nil, err
	}
	alias, err := aliases(syms, changed, fns, types, secs[importAt].Payload)
	if err != nil {
		return nil, nil, err
	}
	for si := range alias {
		delete(changed, si)
	}

	// New imports, in symbol order, each with its type index.
	newFunc := map[uint32]uint32{} // symbol index -> function index
	ir := &wasmbin.Reader{B: secs[importAt].Payload}
	nimp := ir.U32()
	imports := wasmbin.AppendULEB(nil, uint64(nimp)+uint64(len(changed)))
	imports = append(imports, ir.B[ir.Off:]...)
	shift := uint32(len(changed))
	order := make([]uint32, 0, len(changed))
	for i := range changed {
		order = append(order, i)
	}
	sort.Slice(order, func(a, b int) bool { return order[a] < order[b] })
	ntypes := len(types)
	for k, si := range order {
		s := syms[si]
		t := fns[s.Name]
		ti := -1
		for j, have := range types {
			if bytes.Equal(have, t) {
				ti = j
				break
			}
		}
		if ti < 0 {
			ti = len(types)
			types = append(types, t)
		}
		imports = wasmbin.AppendName(wasmbin.AppendName(imports, "env"), FuncName(s.Name))
		imports = wasmbin.AppendULEB(append(imports, 0), uint64(ti))
		newFunc[si] = nimports + uint32(k)
	}
	secs[importAt].Payload = imports
	if len(types) > ntypes {
		tr := &wasmbin.Reader{B: secs[typeAt].Payload}
		tr.U32()
		b := wasmbin.AppendULEB(nil, uint64(len(types)))
		b = append(b, tr.B[tr.Off:]...)
		for _, t := range types[ntypes:] {
			b = append(b, t...)
		}
		secs[typeAt].Payload = b
	}
	fnIndex := func(i uint32) uint32 {
		if i >= nimports {
			return i + shift
		}
		return i
	}

	// The symbol table and comdats.
	link, err := rewriteLinking(secs[linkAt].Content, syms, newFunc, alias, fnIndex, secMap)
	if err != nil {
		return nil, nil, fmt.Errorf("linking section: %w", err)
	}
	secs[linkAt].Payload = wasmobj.CustomPayload("linking", link)

	// Relocations, and the function indices other sections hold.
	codeAt := -1
	for i, s := range secs {
		if s.ID == wasmobj.SecCode {
			codeAt = i
		}
	}
	var code []byte
	if codeAt >= 0 {
		code = append([]byte(nil), secs[codeAt].Payload...)
	}
	for i, s := range secs {
		switch {
		case s.ID == wasmobj.SecCustom && len(s.Name) > 6 && s.Name[:6] == "reloc.":
			b, err := rewriteRelocs(s.Content, syms, newFunc, alias, fnIndex, secMap, codeAt, code)
			if err != nil {
				return nil, nil, fmt.Errorf("section %s: %w", s.Name, err)
			}
			secs[i].Payload = wasmobj.CustomPayload(s.Name, b)
		case s.ID == wasmobj.SecExport:
			b, err := rewriteExports(s.Payload, fnIndex)
			if err != nil {
				return nil, nil, fmt.Errorf("export section: %w", err)
			}
			secs[i].Payload = b
		case s.ID == wasmobj.SecElem:
			b, err := rewriteElems(s.Payload, fnIndex)
			if err != nil {
				return nil, nil, fmt.Errorf("element section: %w", err)
			}
			secs[i].Payload = b
		case s.ID == wasmobj.SecCustom && s.Name == "name":
			b, err := rewriteNames(s.Content, fnIndex)
			if err != nil {
				return nil, nil, fmt.Errorf("name section: %w", err)
			}
			secs[i].Payload = wasmobj.CustomPayload(s.Name, b)
		}
	}
	if codeAt >= 0 {
		secs[codeAt].Payload = code
	}

	sort.Strings(names)
	return wasmobj.Encode(secs), names, nil
}

// aliases finds, of the changed symbols, those standing for the address
// of a function the object imports already with the definition's type
// (a module that calls foo and takes its address, codegen's AddrPrefix):
// the import's symbol serves the address too, as a second import of the
// same name would be a duplicate symbol. It maps each to the function
// symbol's index.
func aliases(syms []wasmobj.Symbol, changed map[uint32]bool, fns map[string][]byte, types [][]byte, importPayload []byte) (map[uint32]uint32, error) {
	imports, err := wasmobj.ParseImports(importPayload)
	if err != nil {
		return nil, err
	}
	var funcs []wasmobj.Import
	for _, imp := range imports {
		if imp.Kind == 0 {
			funcs = append(funcs, imp)
		}
	}
	imported := map[string]uint32{} // name -> symbol of the definition's type
	for i, s := range syms {
		if s.Kind != wasmobj.SymFunction || s.Flags&wasmobj.FlagUndefined == 0 || int(s.Index) >= len(funcs) {
			continue
		}
		imp := funcs[s.Index]
		name := imp.Field
		if s.Flags&wasmobj.FlagExplicitName != 0 {
			name = s.Name
		}
		if int(imp.Type) < len(types) {
			imported[name+"\x00"+string(types[imp.Type])] = uint32(i)
		}
	}
	alias := map[uint32]uint32{}
	for si := range changed {
		s := syms[si]
		if fi, ok := imported[FuncName(s.Name)+"\x00"+string(fns[s.Name])]; ok {
			alias[si] = fi
		}
	}
	return alias, nil
}

// rewriteLinking re-encodes the linking section with the changed symbols
// and shifted function and section indices. An aliased data symbol stays,
// unreferenced and weak, so that it needs no definition.
func rewriteLinking(linking []byte, syms []wasmobj.Symbol, newFunc, alias map[uint32]uint32, fnIndex func(uint32) uint32, secMap []uint32) ([]byte, error) {
	r := &wasmbin.Reader{B: linking}
	out := wasmbin.AppendULEB(nil, uint64(r.U32()))
	for r.More() {
		typ := r.Byte()
		payload := r.Bytes(uint64(r.U32()))
		if r.Err != nil {
			break
		}
		switch typ {
		case wasmobj.SubSymbolTable:
			b := wasmbin.AppendULEB(nil, uint64(len(syms)))
			for i, s := range syms {
				switch {
				case newFuncHas(alias, uint32(i)):
					b = append(b, wasmobj.SymData)
					b = wasmbin.AppendULEB(b, uint64(s.Flags|wasmobj.FlagWeak))
					b = wasmbin.AppendName(b, s.Name)
				case newFuncHas(newFunc, uint32(i)):
					flags := s.Flags | wasmobj.FlagExplicitName
					b = append(b, wasmobj.SymFunction)
					b = wasmbin.AppendULEB(b, uint64(flags))
					b = wasmbin.AppendULEB(b, uint64(newFunc[uint32(i)]))
					b = wasmbin.AppendName(b, FuncName(s.Name))
				case s.Kind == wasmobj.SymFunction && fnIndex(s.Index) != s.Index:
					b = append(b, wasmobj.SymFunction)
					b = wasmbin.AppendULEB(b, uint64(s.Flags))
					b = wasmbin.AppendULEB(b, uint64(fnIndex(s.Index)))
					if s.Flags&wasmobj.FlagUndefined == 0 || s.Flags&wasmobj.FlagExplicitName != 0 {
						b = wasmbin.AppendName(b, s.Name)
					}
				case s.Kind == wasmobj.SymSection && int(s.Index) < len(secMap) && secMap[s.Index] != s.Index:
					b = append(b, wasmobj.SymSection)
					b = wasmbin.AppendULEB(b, uint64(s.Flags))
					b = wasmbin.AppendULEB(b, uint64(secMap[s.Index]))
				default:
					b = append(b, s.Raw...)
				}
			}
			payload = b
		case wasmobj.SubComdatInfo:
			b, err := rewriteComdats(payload, fnIndex)
			if err != nil {
				return nil, err
			}
			payload = b
		}
		out = append(out, typ)
		out = wasmbin.AppendULEB(out, uint64(len(payload)))
		out = append(out, payload...)
	}
	return out, r.Err
}

func newFuncHas(m map[uint32]uint32, i uint32) bool {
	_, ok := m[i]
	return ok
}

func rewriteComdats(payload []byte, fnIndex func(uint32) uint32) ([]byte, error) {
	r := &wasmbin.Reader{B: payload}
	n := r.U32()
	out := wasmbin.AppendULEB(nil, uint64(n))
	for i := uint32(0); i < n && r.Err == nil; i++ {
		out = wasmbin.AppendName(out, string(r.Name()))
		out = wasmbin.AppendULEB(out, uint64(r.U32())) // flags
		k := r.U32()
		out = wasmbin.AppendULEB(out, uint64(k))
		for j := uint32(0); j < k && r.Err == nil; j++ {
			kind := r.Byte()
			idx := r.U32()
			if kind == wasmobj.ComdatFunction {
				idx = fnIndex(idx)
			}
			out = wasmbin.AppendULEB(append(out, kind), uint64(idx))
		}
	}
	if r.Err != nil {
		return nil, fmt.Errorf("comdat info: %w", r.Err)
	}
	return out, nil
}

// rewriteRelocs re-encodes a relocation section: relocations against the
// changed symbols become table-index relocations, the target section index
// follows secMap, and the placeholders of function-index relocations in
// code (a copy of the code section's payload) follow fnIndex.
func rewriteRelocs(content []byte, syms []wasmobj.Symbol, newFunc, alias map[uint32]uint32, fnIndex func(uint32) uint32, secMap []uint32, codeAt int, code []byte) ([]byte, error) {
	r := &wasmbin.Reader{B: content}
	target := r.U32()
	n := r.U32()
	if r.Err != nil {
		return nil, r.Err
	}
	newTarget := target
	if int(target) < len(secMap) {
		newTarget = secMap[target]
	}
	out := wasmbin.AppendULEB(wasmbin.AppendULEB(nil, uint64(newTarget)), uint64(n))
	for i := uint32(0); i < n && r.Err == nil; i++ {
		typ := r.Byte()
		off := r.U32()
		sym := r.U32()
		var addend int64
		if relHasAddend(typ) {
			addend = r.SLEB()
		}
		if r.Err != nil {
			break
		}
		_, isNew := newFunc[sym]
		fi, isAlias := alias[sym]
		if (isNew || isAlias) && typ != relTypeIndexLEB {
			nt, ok := asTableIndex[typ]
			if !ok {
				return nil, fmt.Errorf("relocation %d (type %d) against %s: only address constants can refer to a function", i, typ, syms[sym].Name)
			}
			if addend != 0 {
				return nil, fmt.Errorf("relocation %d against %s: the address of a function plus %d", i, syms[sym].Name, addend)
			}
			if isAlias {
				sym = fi
			}
			out = wasmbin.AppendULEB(append(out, nt), uint64(off))
			out = wasmbin.AppendULEB(out, uint64(sym))
			continue
		}
		if typ == relFunctionIndexLEB && int(newTarget) == codeAt && int(sym) < len(syms) && syms[sym].Kind == wasmobj.SymFunction {
			if err := patchIndex(code, off, fnIndex(syms[sym].Index)); err != nil {
				return nil, fmt.Errorf("relocation %d against %s: %w", i, syms[sym].Name, err)
			}
		}
		out = wasmbin.AppendULEB(append(out, typ), uint64(off))
		out = wasmbin.AppendULEB(out, uint64(sym))
		if relHasAddend(typ) {
			out = wasmbin.AppendSLEB(out, addend)
		}
	}
	if r.Err != nil {
		return nil, r.Err
	}
	return out, nil
}

// patchIndex rewrites the LEB128 field at off, keeping its width.
func patchIndex(b []byte, off uint32, v uint32) error {
	end := int(off)
	for end < len(b) && b[end]&0x80 != 0 {
		end++
	}
	if end >= len(b) {
		return fmt.Errorf("field at %d runs past the section", off)
	}
	if !wasmbin.PutPaddedULEB(b[off:end+1], uint64(v)) {
		return fmt.Errorf("function index %d does not fit the field at %d", v, off)
	}
	return nil
}

func rewriteExports(payload []byte, fnIndex func(uint32) uint32) ([]byte, error) {
	r := &wasmbin.Reader{B: payload}
	n := r.U32()
	out := wasmbin.AppendULEB(nil, uint64(n))
	for i := uint32(0); i < n && r.Err == nil; i++ {
		out = wasmbin.AppendName(out, string(r.Name()))
		kind := r.Byte()
		idx := r.U32()
		if kind == 0 {
			idx = fnIndex(idx)
		}
		out = wasmbin.AppendULEB(append(out, kind), uint64(idx))
	}
	return out, r.Err
}

// rewriteNames shifts the function indices of the name section's function
// names (1), local names (2) and label names (3).
func rewriteNames(content []byte, fnIndex func(uint32) uint32) ([]byte, error) {
	r := &wasmbin.Reader{B: content}
	var out []byte
	for r.More() {
		id := r.Byte()
		payload := r.Bytes(uint64(r.U32()))
		if r.Err != nil {
			break
		}
		if id >= 1 && id <= 3 {
			pr := &wasmbin.Reader{B: payload}
			n := pr.U32()
			b := wasmbin.AppendULEB(nil, uint64(n))
			for i := uint32(0); i < n && pr.Err == nil; i++ {
				b = wasmbin.AppendULEB(b, uint64(fnIndex(pr.U32())))
				if id == 1 {
					b = wasmbin.AppendName(b, string(pr.Name()))
					continue
				}
				k := pr.U32()
				b = wasmbin.AppendULEB(b, uint64(k))
				for j := uint32(0); j < k && pr.Err == nil; j++ {
					b = wasmbin.AppendULEB(b, uint64(pr.U32()))
					b = wasmbin.AppendName(b, string(pr.Name()))
				}
			}
			if pr.Err != nil {
				return nil, fmt.Errorf("subsection %d: %w", id, pr.Err)
			}
			payload = b
		}
		out = append(out, id)
		out = wasmbin.AppendULEB(out, uint64(len(payload)))
		out = append(out, payload...)
	}
	return out, r.Err
}

// rewriteElems shifts the function indices of an element section (wasm-ld
// -r writes one for the functions whose table index is taken). Segments
// of expressions rather than function indices are refused.
func rewriteElems(payload []byte, fnIndex func(uint32) uint32) ([]byte, error) {
	r := &wasmbin.Reader{B: payload}
	n := r.U32()
	out := wasmbin.AppendULEB(nil, uint64(n))
	for i := uint32(0); i < n && r.Err == nil; i++ {
		flags := r.U32()
		if flags > 3 {
			return nil, fmt.Errorf("segment %d: flags %d (expressions) are not supported", i, flags)
		}
		start := r.Off
		if flags == 2 {
			r.U32() // table index
		}
		if flags&1 == 0 { // active: an offset expression
			skipConstExpr(r)
		}
		if flags&3 != 0 {
			if kind := r.Byte(); r.Err == nil && kind != 0 {
				return nil, fmt.Errorf("segment %d: element kind %d", i, kind)
			}
		}
		out = wasmbin.AppendULEB(out, uint64(flags))
		out = append(out, r.B[start:r.Off]...)
		k := r.U32()
		out = wasmbin.AppendULEB(out, uint64(k))
		for j := uint32(0); j < k && r.Err == nil; j++ {
			out = wasmbin.AppendULEB(out, uint64(fnIndex(r.U32())))
		}
	}
	if r.Err != nil {
		return nil, r.Err
	}
	return out, nil
}

// skipConstExpr reads a constant expression: one i32.const, i64.const or
// global.get, then end.
func skipConstExpr(r *wasmbin.Reader) {
	switch op := r.Byte(); op {
	case 0x41, 0x42: // i32.const, i64.const
		r.SLEB()
	case 0x23: // global.get
		r.U32()
	default:
		r.Fail("unsupported constant expression opcode 0x%02x", op)
	}
	if end := r.Byte(); r.Err == nil && end != 0x0b {
		r.Fail("constant expression does not end with 0x0b")
	}
}
