package wasm

import "fmt"

// relocType is a relocation type of the tool-conventions Linking.md; only
// the ones this package writes are listed.
type relocType uint8

const (
	relFunctionIndexLEB    relocType = 0  // call, return_call
	relTableIndexSLEB      relocType = 1  // i32.const of a function's table index
	relTypeIndexLEB        relocType = 6  // call_indirect, block types
	relGlobalIndexLEB      relocType = 7  // global.get, global.set
	relSectionOffsetI32    relocType = 9  // a custom section's offset, in a custom section
	relMemoryAddrLEB64     relocType = 14 // a load or store's offset
	relMemoryAddrSLEB64    relocType = 15 // i64.const of an address
	relMemoryAddrI64       relocType = 16 // an address in data
	relTableIndexSLEB64    relocType = 18 // i64.const of a function's table index
	relTableIndexI64       relocType = 19 // a function's table index in data
	relMemoryAddrLocRelI32 relocType = 23 // target + addend - address of the field
)

func (t relocType) String() string {
	switch t {
	case relFunctionIndexLEB:
		return "R_WASM_FUNCTION_INDEX_LEB"
	case relTypeIndexLEB:
		return "R_WASM_TYPE_INDEX_LEB"
	case relGlobalIndexLEB:
		return "R_WASM_GLOBAL_INDEX_LEB"
	case relSectionOffsetI32:
		return "R_WASM_SECTION_OFFSET_I32"
	case relMemoryAddrLEB64:
		return "R_WASM_MEMORY_ADDR_LEB64"
	case relMemoryAddrSLEB64:
		return "R_WASM_MEMORY_ADDR_SLEB64"
	case relMemoryAddrI64:
		return "R_WASM_MEMORY_ADDR_I64"
	case relTableIndexSLEB:
		return "R_WASM_TABLE_INDEX_SLEB"
	case relTableIndexSLEB64:
		return "R_WASM_TABLE_INDEX_SLEB64"
	case relTableIndexI64:
		return "R_WASM_TABLE_INDEX_I64"
	case relMemoryAddrLocRelI32:
		return "R_WASM_MEMORY_ADDR_LOCREL_I32"
	}
	return fmt.Sprintf("relocType(%d)", uint8(t))
}

// hasAddend reports whether entries of type t carry an addend.
func (t relocType) hasAddend() bool {
	switch t {
	case relSectionOffsetI32, relMemoryAddrLEB64, relMemoryAddrSLEB64, relMemoryAddrI64, relMemoryAddrLocRelI32:
		return true
	}
	return false
}

// size is the number of bytes of the relocated field.
func (t relocType) size() int {
	switch t {
	case relFunctionIndexLEB, relTypeIndexLEB, relGlobalIndexLEB, relTableIndexSLEB:
		return leb32Width
	case relMemoryAddrLEB64, relMemoryAddrSLEB64, relTableIndexSLEB64:
		return leb64Width
	case relMemoryAddrI64, relTableIndexI64:
		return 8
	}
	return 4
}

// reloc is a relocation recorded by Code or Contents at an offset of its
// own bytes. Exactly one of the targets is set, according to typ.
type reloc struct {
	typ    relocType
	offset int
	addend int64
	fn     *Func
	data   *Data
	global *Global
	sect   *Section
	ftype  FuncType // relTypeIndexLEB
}

func (r *reloc) symbol() symbol {
	switch {
	case r.fn != nil:
		return r.fn
	case r.data != nil:
		return r.data
	case r.global != nil:
		return r.global
	case r.sect != nil:
		return r.sect
	}
	return nil
}
