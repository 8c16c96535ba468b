package wasm

import (
	"encoding/binary"
	"fmt"
	"sort"
)

// Section ids of the core spec and subsection ids of the linking section.
const (
	secCustom    = 0
	secType      = 1
	secImport    = 2
	secFunction  = 3
	secGlobal    = 6
	secCode      = 10
	secData      = 11
	secDataCount = 12

	linkingVersion  = 2
	linkSegmentInfo = 5
	linkInitFuncs   = 6
	linkComdatInfo  = 7
	linkSymbolTable = 8

	symFunction = 0
	symData     = 1
	symGlobal   = 2
	symSection  = 3

	comdatData     = 0
	comdatFunction = 1

	segFlagStrings = 1

	pageSize = 1 << 16
)

// writer lays out one Object and writes it.
type writer struct {
	o    *Object
	errs []error

	types     []FuncType
	typeIndex map[string]uint32

	funcImports   []*Func
	globalImports []*Global
	funcIndex     map[*Func]uint32
	globalIndex   map[*Global]uint32
	segIndex      map[*Data]uint32
	segAddr       map[*Data]uint64
	dataSize      uint64
	sectSyms      []*Section // custom sections that relocations refer to
	symIndex      map[symbol]uint32
	features      feature
	usesTable     bool

	out      []byte
	nsect    uint32            // sections written so far
	sectIdx  map[string]uint32 // custom section name -> section index
	codeSect uint32
	dataSect uint32
}

func (w *writer) errorf(format string, args ...any) {
	w.errs = append(w.errs, fmt.Errorf(format, args...))
}

func (w *writer) addType(t FuncType) uint32 {
	k := t.key()
	if i, ok := w.typeIndex[k]; ok {
		return i
	}
	i := uint32(len(w.types))
	w.types = append(w.types, t)
	w.typeIndex[k] = i
	return i
}

// layout checks the object and numbers its types, functions, globals,
// segments and symbols.
func (w *writer) layout() {
	o := w.o
	w.errs = append(w.errs, o.errs...)
	w.typeIndex = map[string]uint32{}
	w.funcIndex = map[*Func]uint32{}
	w.globalIndex = map[*Global]uint32{}
	w.segIndex = map[*Data]uint32{}
	w.segAddr = map[*Data]uint64{}
	w.symIndex = map[symbol]uint32{}

	for _, s := range o.syms {
		var err error
		switch s := s.(type) {
		case *Func:
			err = s.Attrs.check(s.code != nil)
			if s.code == nil {
				w.funcImports = append(w.funcImports, s)
				w.addType(s.typ)
			}
			if s.Comdat != "" && s.code == nil {
				err = fmt.Errorf("undefined, but in comdat %s", s.Comdat)
			}
		case *Data:
			err = s.Attrs.check(s.defined)
			if s.Comdat != "" && !s.defined {
				err = fmt.Errorf("undefined, but in comdat %s", s.Comdat)
			}
		case *Global:
			err = s.Attrs.check(s.defined)
			if !s.defined {
				w.globalImports = append(w.globalImports, s)
				if s.mutable {
					w.features |= featMutableGlobals
				}
			}
		}
		if err != nil {
			w.errorf("%s: %v", s.symName(), err)
		}
	}
	for i, f := range w.funcImports {
		w.funcIndex[f] = uint32(i)
	}
	for i, f := range o.defined {
		w.funcIndex[f] = uint32(len(w.funcImports) + i)
		w.addType(f.typ)
	}
	for i, g := range w.globalImports {
		w.globalIndex[g] = uint32(i)
	}
	for i, g := range o.globals {
		w.globalIndex[g] = uint32(len(w.globalImports) + i)
	}
	for i, d := range o.segments {
		w.segIndex[d] = uint32(i)
		w.dataSize = alignUp(w.dataSize, uint64(d.align))
		w.segAddr[d] = w.dataSize
		w.dataSize += uint64(len(d.contents.b))
	}

	for _, f := range o.defined {
		c := f.code
		for _, err := range c.errs {
			w.errorf("function %s: %v", f.name, err)
		}
		if len(c.blocks) > 0 {
			w.errorf("function %s: %d blocks not closed", f.name, len(c.blocks))
		}
		w.features |= c.features
		w.usesTable = w.usesTable || c.usesTable
		if len(f.typ.Results) > 1 {
			w.features |= featMultivalue
		}
		for _, r := range c.relocs {
			if r.typ == relTypeIndexLEB {
				w.addType(r.ftype)
			}
			w.checkTarget("function "+f.name, r)
		}
	}
	for _, d := range o.segments {
		for _, err := range d.contents.errs {
			w.errorf("data %s: %v", d.name, err)
		}
		if err := checkSegment(d); err != nil {
			w.errorf("data %s: %v", d.name, err)
		}
		for _, r := range d.contents.relocs {
			if r.typ == relSectionOffsetI32 {
				w.errorf("data %s: section offsets belong in custom sections", d.name)
			}
			w.usesTable = w.usesTable || r.typ == relTableIndexI64
			w.checkTarget("data "+d.name, r)
		}
	}
	for _, s := range o.sections {
		for _, err := range s.contents.errs {
			w.errorf("section %s: %v", s.name, err)
		}
		for _, r := range s.contents.relocs {
			if r.typ == relMemoryAddrLocRelI32 {
				w.errorf("section %s: relative addresses belong in data segments", s.name)
			}
			w.usesTable = w.usesTable || r.typ == relTableIndexI64
			w.checkTarget("section "+s.name, r)
			if r.sect != nil && !contains(w.sectSyms, r.sect) {
				w.sectSyms = append(w.sectSyms, r.sect)
			}
		}
	}
	for _, in := range o.inits {
		if in.fn.obj != o {
			w.errorf("init function %s belongs to another object", in.fn.name)
		} else if len(in.fn.typ.Params) > 0 || len(in.fn.typ.Results) > 0 {
			w.errorf("init function %s has type %v, not () -> ()", in.fn.name, in.fn.typ)
		}
	}

	for _, s := range o.syms {
		w.symIndex[s] = uint32(len(w.symIndex))
	}
	for _, s := range w.sectSyms {
		w.symIndex[s] = uint32(len(w.symIndex))
	}
}

// checkSegment checks the contents of BSS and Strings segments.
func checkSegment(d *Data) error {
	c := d.contents
	switch d.kind {
	case BSS:
		if len(c.relocs) > 0 {
			return fmt.Errorf("a BSS segment has relocations")
		}
		for _, b := range c.b {
			if b != 0 {
				return fmt.Errorf("a BSS segment has non-zero bytes")
			}
		}
	case Strings:
		// wasm-ld splits such a segment at its NULs to merge the strings.
		if len(c.relocs) > 0 || len(c.b) == 0 || c.b[len(c.b)-1] != 0 {
			return fmt.Errorf("a Strings segment must end with a NUL and have no relocations")
		}
	}
	return nil
}

// checkTarget reports a relocation whose target is not a symbol of this
// object.
func (w *writer) checkTarget(where string, r reloc) {
	s := r.symbol()
	if s == nil {
		return
	}
	if s.owner() != w.o {
		w.errorf("%s: %s belongs to another object", where, s.symName())
		return
	}
	if sect, ok := s.(*Section); ok {
		if !contains(w.o.sections, sect) {
			w.errorf("%s: section %s is not in the object", where, sect.name)
		}
		return
	}
	if w.o.byName[s.symName()] != s {
		w.errorf("%s: %s was not declared (its declaration failed)", where, s.symName())
	}
}

func contains[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func alignUp(v, a uint64) uint64 { return (v + a - 1) &^ (a - 1) }

// write writes the laid-out object into w.out.
func (w *writer) write() {
	o := w.o
	w.out = append(w.out, 0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00)
	w.sectIdx = map[string]uint32{}

	var b []byte
	b = appendULEB(b, uint64(len(w.types)))
	for _, t := range w.types {
		b = appendFuncType(b, t)
	}
	w.section(secType, b)

	b = appendULEB(nil, uint64(1+len(w.funcImports)+len(w.globalImports)+boolInt(w.usesTable)))
	b = appendName(appendName(b, "env"), "__linear_memory")
	b = append(b, 0x02, 0x04) // memory, limits of a 64-bit memory with no maximum
	b = appendULEB(b, (w.dataSize+pageSize-1)/pageSize)
	for _, f := range w.funcImports {
		b = appendName(appendName(b, importModule(f.ImportModule)), importName(f.ImportName, f.name))
		b = appendULEB(append(b, 0x00), uint64(w.typeIndex[f.typ.key()]))
	}
	for _, g := range w.globalImports {
		b = appendName(appendName(b, importModule(g.ImportModule)), importName(g.ImportName, g.name))
		b = append(b, 0x03, byte(g.typ), byte(boolInt(g.mutable)))
	}
	if w.usesTable {
		b = appendName(appendName(b, "env"), "__indirect_function_table")
		b = append(b, 0x01, 0x70, 0x00, 0x00) // table, funcref, no maximum, minimum 0
	}
	w.section(secImport, b)

	if len(o.defined) > 0 {
		b = appendULEB(nil, uint64(len(o.defined)))
		for _, f := range o.defined {
			b = appendULEB(b, uint64(w.typeIndex[f.typ.key()]))
		}
		w.section(secFunction, b)
	}

	if len(o.globals) > 0 {
		b = appendULEB(nil, uint64(len(o.globals)))
		for _, g := range o.globals {
			b = append(b, byte(g.typ), byte(boolInt(g.mutable)))
			b = appendConst(b, g.typ, g.init)
			b = append(b, 0x0b)
		}
		w.section(secGlobal, b)
	}

	if len(o.segments) > 0 {
		w.section(secDataCount, appendULEB(nil, uint64(len(o.segments))))
	}

	var codeRelocs, dataRelocs []byte
	var nCodeRelocs, nDataRelocs int
	if len(o.defined) > 0 {
		b = appendULEB(nil, uint64(len(o.defined)))
		for _, f := range o.defined {
			c := f.code
			body := appendLocals(nil, c.locals)
			start := len(body)
			body = append(body, c.b...)
			body = append(body, 0x0b)
			b = appendULEB(b, uint64(len(body)))
			base := len(b) + start
			for _, r := range c.relocs {
				w.patch(body[start+r.offset:], r, 0)
				codeRelocs = w.appendReloc(codeRelocs, r, base)
				nCodeRelocs++
			}
			b = append(b, body...)
		}
		w.codeSect = w.section(secCode, b)
	}

	if len(o.segments) > 0 {
		b = appendULEB(nil, uint64(len(o.segments)))
		for _, d := range o.segments {
			b = append(b, 0x00) // active, memory 0
			b = appendSLEB(append(b, 0x42), int64(w.segAddr[d]))
			b = append(b, 0x0b)
			b = appendULEB(b, uint64(len(d.contents.b)))
			base := len(b)
			b = append(b, d.contents.b...)
			for _, r := range d.contents.relocs {
				w.patch(b[base+r.offset:], r, w.segAddr[d]+uint64(r.offset))
				dataRelocs = w.appendReloc(dataRelocs, r, base)
				nDataRelocs++
			}
		}
		w.dataSect = w.section(secData, b)
	}

	// Custom sections' relocation offsets count from after the name.
	customRelocs := make([][]byte, len(o.sections))
	for i, s := range o.sections {
		body := append([]byte(nil), s.contents.b...)
		for _, r := range s.contents.relocs {
			w.patch(body[r.offset:], r, 0)
			customRelocs[i] = w.appendReloc(customRelocs[i], r, 0)
		}
		w.sectIdx[s.name] = w.custom(s.name, body)
	}

	w.custom("linking", w.linking())
	if nCodeRelocs > 0 {
		w.custom("reloc.CODE", relocSection(w.codeSect, nCodeRelocs, codeRelocs))
	}
	if nDataRelocs > 0 {
		w.custom("reloc.DATA", relocSection(w.dataSect, nDataRelocs, dataRelocs))
	}
	for i, s := range o.sections {
		if n := len(s.contents.relocs); n > 0 {
			w.custom("reloc."+s.name, relocSection(w.sectIdx[s.name], n, customRelocs[i]))
		}
	}

	names := append([]string{"memory64"}, w.features.names()...)
	sort.Strings(names)
	b = appendULEB(nil, uint64(len(names)))
	for _, n := range names {
		b = appendName(append(b, '+'), n)
	}
	w.custom("target_features", b)
}

// section appends a section and returns its index.
func (w *writer) section(id byte, payload []byte) uint32 {
	w.out = append(w.out, id)
	w.out = appendULEB(w.out, uint64(len(payload)))
	w.out = append(w.out, payload...)
	w.nsect++
	return w.nsect - 1
}

func (w *writer) custom(name string, payload []byte) uint32 {
	return w.section(secCustom, append(appendName(nil, name), payload...))
}

func relocSection(target uint32, n int, entries []byte) []byte {
	b := appendULEB(nil, uint64(target))
	b = appendULEB(b, uint64(n))
	return append(b, entries...)
}

// appendReloc appends r's entry, its offset moved by base.
func (w *writer) appendReloc(b []byte, r reloc, base int) []byte {
	b = appendULEB(b, uint64(r.typ))
	b = appendULEB(b, uint64(base+r.offset))
	if r.typ == relTypeIndexLEB {
		b = appendULEB(b, uint64(w.typeIndex[r.ftype.key()]))
	} else {
		b = appendULEB(b, uint64(w.symIndex[r.symbol()]))
	}
	if r.typ.hasAddend() {
		b = appendSLEB(b, r.addend)
	}
	return b
}

// patch writes into field the value r has inside this object, as LLVM
// does, so that disassemblers and validators see real indices; the linker
// overwrites it. at is the address of the field for data relocations.
func (w *writer) patch(field []byte, r reloc, at uint64) {
	addr := func() uint64 {
		if a, ok := w.segAddr[r.data]; ok {
			return a + r.data.at + uint64(r.addend)
		}
		return uint64(r.addend)
	}
	switch r.typ {
	case relFunctionIndexLEB:
		putPaddedULEB(field[:leb32Width], uint64(w.funcIndex[r.fn]))
	case relTypeIndexLEB:
		putPaddedULEB(field[:leb32Width], uint64(w.typeIndex[r.ftype.key()]))
	case relGlobalIndexLEB:
		putPaddedULEB(field[:leb32Width], uint64(w.globalIndex[r.global]))
	case relMemoryAddrLEB64:
		putPaddedULEB(field[:leb64Width], addr())
	case relMemoryAddrSLEB64:
		putPaddedSLEB(field[:leb64Width], int64(addr()))
	case relTableIndexSLEB64:
		putPaddedSLEB(field[:leb64Width], 0)
	case relTableIndexSLEB:
		putPaddedSLEB(field[:leb32Width], 0)
	case relMemoryAddrI64:
		binary.LittleEndian.PutUint64(field, addr())
	case relTableIndexI64:
		binary.LittleEndian.PutUint64(field, 0)
	case relMemoryAddrLocRelI32:
		v := uint32(0)
		if _, ok := w.segAddr[r.data]; ok {
			v = uint32(addr() - at)
		}
		binary.LittleEndian.PutUint32(field, v)
	case relSectionOffsetI32:
		binary.LittleEndian.PutUint32(field, uint32(r.addend))
	}
}

func (w *writer) linking() []byte {
	o := w.o
	b := appendULEB(nil, linkingVersion)

	var syms []byte
	syms = appendULEB(syms, uint64(len(w.symIndex)))
	for _, s := range o.syms {
		switch s := s.(type) {
		case *Func:
			flags, explicit := symFlags(s.Attrs, s.code != nil, s.ImportName, s.name)
			syms = append(syms, symFunction)
			syms = appendULEB(syms, uint64(flags))
			syms = appendULEB(syms, uint64(w.funcIndex[s]))
			if s.code != nil || explicit {
				syms = appendName(syms, s.name)
			}
		case *Data:
			flags, _ := symFlags(s.Attrs, s.defined, "", s.name)
			syms = append(syms, symData)
			syms = appendULEB(syms, uint64(flags))
			syms = appendName(syms, s.name)
			if s.defined {
				syms = appendULEB(syms, uint64(w.segIndex[s]))
				syms = appendULEB(syms, s.at) // offset in the segment
				syms = appendULEB(syms, uint64(len(s.contents.b))-s.at)
			}
		case *Global:
			flags, explicit := symFlags(s.Attrs, s.defined, s.ImportName, s.name)
			syms = append(syms, symGlobal)
			syms = appendULEB(syms, uint64(flags))
			syms = appendULEB(syms, uint64(w.globalIndex[s]))
			if s.defined || explicit {
				syms = appendName(syms, s.name)
			}
		}
	}
	for _, s := range w.sectSyms {
		syms = append(syms, symSection)
		syms = appendULEB(syms, flagLocal)
		syms = appendULEB(syms, uint64(w.sectIdx[s.name]))
	}
	b = appendSubsection(b, linkSymbolTable, syms)

	if len(o.segments) > 0 {
		seg := appendULEB(nil, uint64(len(o.segments)))
		for _, d := range o.segments {
			seg = appendName(seg, d.kind.prefix()+d.name)
			p2 := uint64(0)
			for a := d.align; a > 1; a >>= 1 {
				p2++
			}
			seg = appendULEB(seg, p2)
			flags := uint64(0)
			if d.kind == Strings {
				flags |= segFlagStrings
			}
			seg = appendULEB(seg, flags)
		}
		b = appendSubsection(b, linkSegmentInfo, seg)
	}

	if len(o.inits) > 0 {
		in := appendULEB(nil, uint64(len(o.inits)))
		for _, f := range o.inits {
			in = appendULEB(in, uint64(f.priority))
			in = appendULEB(in, uint64(w.symIndex[f.fn]))
		}
		b = appendSubsection(b, linkInitFuncs, in)
	}

	if c := w.comdats(); c != nil {
		b = appendSubsection(b, linkComdatInfo, c)
	}
	return b
}

// comdats returns the comdat subsection's payload, or nil.
func (w *writer) comdats() []byte {
	type entry struct {
		kind  byte
		index uint32
	}
	var names []string
	members := map[string][]entry{}
	add := func(name string, e entry) {
		if _, ok := members[name]; !ok {
			names = append(names, name)
		}
		members[name] = append(members[name], e)
	}
	for _, f := range w.o.defined {
		if f.Comdat != "" {
			add(f.Comdat, entry{comdatFunction, w.funcIndex[f]})
		}
	}
	for _, d := range w.o.segments {
		if d.Comdat != "" {
			add(d.Comdat, entry{comdatData, w.segIndex[d]})
		}
	}
	if len(names) == 0 {
		return nil
	}
	b := appendULEB(nil, uint64(len(names)))
	for _, n := range names {
		b = appendName(b, n)
		b = appendULEB(b, 0) // flags
		b = appendULEB(b, uint64(len(members[n])))
		for _, e := range members[n] {
			b = appendULEB(append(b, e.kind), uint64(e.index))
		}
	}
	return b
}

// symFlags returns a symbol's flags and whether its name is explicit: an
// undefined symbol whose import name differs from its own.
func symFlags(a Attrs, defined bool, importName, name string) (uint32, bool) {
	f := a.flags()
	if defined {
		return f, false
	}
	f |= flagUndefined
	explicit := importName != "" && importName != name
	if explicit {
		f |= flagExplicitName
	}
	return f, explicit
}

func appendSubsection(b []byte, id byte, payload []byte) []byte {
	b = append(b, id)
	b = appendULEB(b, uint64(len(payload)))
	return append(b, payload...)
}

func appendLocals(b []byte, locals []ValType) []byte {
	var runs []byte
	n := 0
	for i := 0; i < len(locals); {
		j := i
		for j < len(locals) && locals[j] == locals[i] {
			j++
		}
		runs = appendULEB(runs, uint64(j-i))
		runs = append(runs, byte(locals[i]))
		n++
		i = j
	}
	return append(appendULEB(b, uint64(n)), runs...)
}

func appendConst(b []byte, t ValType, bits uint64) []byte {
	switch t {
	case I32:
		return appendSLEB(append(b, 0x41), int64(int32(uint32(bits))))
	case I64:
		return appendSLEB(append(b, 0x42), int64(bits))
	case F32:
		return binary.LittleEndian.AppendUint32(append(b, 0x43), uint32(bits))
	}
	return binary.LittleEndian.AppendUint64(append(b, 0x44), bits)
}

func importModule(m string) string {
	if m == "" {
		return "env"
	}
	return m
}

func importName(n, def string) string {
	if n == "" {
		return def
	}
	return n
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
