package wasm

// appendULEB appends v as an unsigned LEB128 of the fewest bytes.
func appendULEB(b []byte, v uint64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// appendSLEB appends v as a signed LEB128 of the fewest bytes.
func appendSLEB(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// putPaddedULEB writes v as an unsigned LEB128 of exactly len(b) bytes, the
// form relocated fields take so that the linker can rewrite them in place.
func putPaddedULEB(b []byte, v uint64) {
	for i := range b {
		c := byte(v & 0x7f)
		v >>= 7
		if i < len(b)-1 {
			c |= 0x80
		}
		b[i] = c
	}
}

// putPaddedSLEB writes v as a signed LEB128 of exactly len(b) bytes.
func putPaddedSLEB(b []byte, v int64) {
	for i := range b {
		c := byte(v & 0x7f)
		v >>= 7
		if i < len(b)-1 {
			c |= 0x80
		}
		b[i] = c
	}
}

// Padded widths of relocated LEB fields, as LLVM writes them.
const (
	leb32Width = 5
	leb64Width = 10
)

func appendName(b []byte, s string) []byte {
	b = appendULEB(b, uint64(len(s)))
	return append(b, s...)
}
