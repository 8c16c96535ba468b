// Package wasmbin reads and writes the primitive encodings of the
// WebAssembly binary format (LEB128 numbers, names), for the object writer
// (toolchain/wasm) and the readers and rewriters of objects (linker).
package wasmbin

import (
	"errors"
	"fmt"
)

// Reader decodes the primitive types of the WebAssembly binary format.
// The first error sticks: later reads return zero values.
type Reader struct {
	B    []byte
	Off  int
	Base int // offset of B in its file, for error messages
	Err  error
}

var errEOF = errors.New("unexpected end of data")

// More reports whether bytes are left and no read has failed.
func (r *Reader) More() bool { return r.Err == nil && r.Off < len(r.B) }

// Fail records the first error, at the current offset.
func (r *Reader) Fail(format string, args ...any) {
	if r.Err == nil {
		r.Err = fmt.Errorf("at byte %d: %s", r.Base+r.Off, fmt.Sprintf(format, args...))
	}
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if r.Err != nil {
		return 0
	}
	if r.Off >= len(r.B) {
		r.Fail("%v", errEOF)
		return 0
	}
	c := r.B[r.Off]
	r.Off++
	return c
}

// Bytes reads n bytes without copying them.
func (r *Reader) Bytes(n uint64) []byte {
	if r.Err != nil {
		return nil
	}
	if n > uint64(len(r.B)-r.Off) {
		r.Fail("%d bytes wanted, %d left", n, len(r.B)-r.Off)
		return nil
	}
	p := r.B[r.Off : r.Off+int(n)]
	r.Off += int(n)
	return p
}

// ULEB reads an unsigned LEB128 number (padded forms allowed).
func (r *Reader) ULEB() uint64 {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		c := r.Byte()
		if r.Err != nil {
			return 0
		}
		if shift >= 64 {
			r.Fail("LEB128 number too long")
			return 0
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v
		}
	}
}

// SLEB reads a signed LEB128 number.
func (r *Reader) SLEB() int64 {
	var v int64
	var shift uint
	for {
		c := r.Byte()
		if r.Err != nil {
			return 0
		}
		if shift >= 64 {
			r.Fail("LEB128 number too long")
			return 0
		}
		v |= int64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return v
		}
	}
}

// U32 reads an unsigned LEB128 number that must fit 32 bits.
func (r *Reader) U32() uint32 {
	v := r.ULEB()
	if v > 0xffffffff {
		r.Fail("LEB128 number %d wider than 32 bits", v)
	}
	return uint32(v)
}

// Name reads a length-prefixed string without copying it.
func (r *Reader) Name() []byte { return r.Bytes(uint64(r.U32())) }

// AppendULEB appends v as an unsigned LEB128 of the fewest bytes.
func AppendULEB(b []byte, v uint64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// AppendSLEB appends v as a signed LEB128 of the fewest bytes.
func AppendSLEB(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// PutPaddedULEB writes v as an unsigned LEB128 of exactly len(b) bytes,
// the form relocated fields take so that a linker can rewrite them in
// place, reporting whether it fits.
func PutPaddedULEB(b []byte, v uint64) bool {
	for i := range b {
		c := byte(v & 0x7f)
		v >>= 7
		if i < len(b)-1 {
			c |= 0x80
		}
		b[i] = c
	}
	return v == 0
}

// AppendName appends s as a length-prefixed name.
func AppendName(b []byte, s string) []byte {
	b = AppendULEB(b, uint64(len(s)))
	return append(b, s...)
}

// PutPaddedSLEB writes v as a signed LEB128 of exactly len(b) bytes,
// reporting whether it fits.
func PutPaddedSLEB(b []byte, v int64) bool {
	for i := range b {
		c := byte(v & 0x7f)
		v >>= 7
		if i < len(b)-1 {
			c |= 0x80
		}
		b[i] = c
	}
	// The rest must be the sign that the last group's top bit shows.
	last := len(b) > 0 && b[len(b)-1]&0x40 != 0
	return (v == 0 && !last) || (v == -1 && last)
}
