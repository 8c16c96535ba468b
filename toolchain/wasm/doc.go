// Package wasm writes relocatable wasm64 object files: the format of the
// WebAssembly tool-conventions Linking.md that clang 14 writes for
// --target=wasm64-wasi and that wasm-ld 14 links (-mwasm64), with C objects
// and with --gc-sections dropping what nothing references.
//
// An Object holds symbols: functions (Func), data (Data) and globals
// (Global), each defined in the object or undefined and resolved by the
// linker, plus custom sections (Section). A function's body is built with
// Code, a data segment's or custom section's bytes with Contents. Wherever
// an instruction or a datum refers to a symbol, the builder writes a
// relocation as LLVM does:
//
//	Code.Call, Code.ReturnCall              R_WASM_FUNCTION_INDEX_LEB
//	Code.CallIndirect, multi-value blocks   R_WASM_TYPE_INDEX_LEB
//	Code.GlobalGet, Code.GlobalSet          R_WASM_GLOBAL_INDEX_LEB
//	Code.I64ConstAddr                       R_WASM_MEMORY_ADDR_SLEB64
//	MemArg.Sym (loads and stores)           R_WASM_MEMORY_ADDR_LEB64
//	Code.I64ConstFunc                       R_WASM_TABLE_INDEX_SLEB64
//	Code.I32ConstFunc                       R_WASM_TABLE_INDEX_SLEB
//	Contents.Addr64                         R_WASM_MEMORY_ADDR_I64
//	Contents.TableIndex64                   R_WASM_TABLE_INDEX_I64
//	Contents.LocRel32                       R_WASM_MEMORY_ADDR_LOCREL_I32
//	Contents.SectionOffset32                R_WASM_SECTION_OFFSET_I32
//
// LEB fields are padded to 5 bytes (32-bit) or 10 (64-bit). Like clang 14
// without reference types, call_indirect names table 0 with a plain byte
// and the object imports env.__indirect_function_table when it uses the
// table, with no table symbol; code pointers are table indices, i64 in
// memory and constants, wrapped to i32 for call_indirect.
//
// The object declares the features its code uses (bulk memory, tail
// calls, sign extension, saturating truncation, multi-value, imported
// mutable globals) in its target_features section; wasm-ld carries them
// into the linked module, where binaryen's lowering reads them. Binaryen
// 108 cannot read blocks with parameters: ahc's code must not use them.
package wasm
