package wasm

import "github.com/ahc-hs/ahc/internal/wasmbin"

// The encodings are internal/wasmbin's, shared with the linker's readers.
var (
	appendULEB = wasmbin.AppendULEB
	appendSLEB = wasmbin.AppendSLEB
	appendName = wasmbin.AppendName
)

// putPaddedULEB writes v as an unsigned LEB128 of exactly len(b) bytes, the
// form relocated fields take so that the linker can rewrite them in place.
func putPaddedULEB(b []byte, v uint64) { wasmbin.PutPaddedULEB(b, v) }

// putPaddedSLEB writes v as a signed LEB128 of exactly len(b) bytes.
func putPaddedSLEB(b []byte, v int64) { wasmbin.PutPaddedSLEB(b, v) }

// Padded widths of relocated LEB fields, as LLVM writes them.
const (
	leb32Width = 5
	leb64Width = 10
)
