package sigadapt

import (
	"fmt"

	"github.com/ahc-hs/ahc/internal/wasmbin"
	"github.com/ahc-hs/ahc/linker/internal/wasmobj"
)

// imported is an undefined function symbol of an object.
type imported struct {
	index uint32 // function import index
	name  string // the symbol's name
	typ   uint32 // the import's type index
}

// objImports is what renaming needs of an object.
type objImports struct {
	secs      []wasmobj.Section
	importAt  int // index in secs, or -1
	linkAt    int
	types     [][]byte // canonically encoded
	imports   []wasmobj.Import
	funcs     []int // the function imports' indices in imports
	undefined []imported
}

// readImports reads the undefined function symbols of an object and their
// imports.
func readImports(data []byte) (*objImports, error) {
	secs, err := wasmobj.Sections(data)
	if err != nil {
		return nil, err
	}
	o := &objImports{secs: secs, importAt: -1, linkAt: -1}
	for i, s := range secs {
		switch {
		case s.ID == wasmobj.SecType:
			if o.types, err = wasmobj.FuncTypes(s.Payload); err != nil {
				return nil, err
			}
		case s.ID == wasmobj.SecImport:
			o.importAt = i
			if o.imports, err = wasmobj.ParseImports(s.Payload); err != nil {
				return nil, err
			}
			for j, imp := range o.imports {
				if imp.Kind == 0 {
					o.funcs = append(o.funcs, j)
				}
			}
		case s.ID == wasmobj.SecCustom && s.Name == "linking":
			o.linkAt = i
		}
	}
	if o.linkAt < 0 {
		return nil, fmt.Errorf("no linking section: not a relocatable object")
	}
	var bad error
	err = wasmobj.WalkSymtab(secs[o.linkAt].Content, func(s *wasmobj.RawSymbol) {
		if bad != nil || s.Kind != wasmobj.SymFunction || s.Flags&wasmobj.FlagUndefined == 0 {
			return
		}
		if int(s.Index) >= len(o.funcs) {
			bad = fmt.Errorf("symbol %d: function import %d of %d", s.I, s.Index, len(o.funcs))
			return
		}
		imp := o.imports[o.funcs[s.Index]]
		name := imp.Field
		if s.Flags&wasmobj.FlagExplicitName != 0 {
			name = string(s.Name)
		}
		if int(imp.Type) >= len(o.types) {
			bad = fmt.Errorf("function import %s: type %d of %d", name, imp.Type, len(o.types))
			return
		}
		o.undefined = append(o.undefined, imported{index: s.Index, name: name, typ: imp.Type})
	})
	if err == nil {
		err = bad
	}
	if err != nil {
		return nil, err
	}
	return o, nil
}

// rename returns the object with the function imports renames names (by
// function import index) renamed, and their undefined symbols with them.
func rename(o *objImports, renames map[uint32]string) ([]byte, error) {
	secs := append([]wasmobj.Section(nil), o.secs...)
	imports := append([]wasmobj.Import(nil), o.imports...)
	for i, name := range renames {
		imports[o.funcs[i]].Field = name
	}
	secs[o.importAt].Payload = wasmobj.EncodeImports(imports)

	syms, err := wasmobj.ParseSymtab(secs[o.linkAt].Content)
	if err != nil {
		return nil, err
	}
	symtab := wasmbin.AppendULEB(nil, uint64(len(syms)))
	for _, s := range syms {
		name, ok := renames[s.Index]
		if !ok || s.Kind != wasmobj.SymFunction || s.Flags&wasmobj.FlagUndefined == 0 || s.Flags&wasmobj.FlagExplicitName == 0 {
			symtab = append(symtab, s.Raw...) // an implicit name is the import's
			continue
		}
		symtab = append(symtab, wasmobj.SymFunction)
		symtab = wasmbin.AppendULEB(symtab, uint64(s.Flags))
		symtab = wasmbin.AppendULEB(symtab, uint64(s.Index))
		symtab = wasmbin.AppendName(symtab, name)
	}
	linking, err := wasmobj.ReplaceSubsection(secs[o.linkAt].Content, wasmobj.SubSymbolTable, symtab)
	if err != nil {
		return nil, err
	}
	secs[o.linkAt].Payload = wasmobj.CustomPayload("linking", linking)
	return wasmobj.Encode(secs), nil
}
