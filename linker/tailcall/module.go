package tailcall

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// section is one section of a module, its contents undecoded.
type section struct {
	id   byte
	body []byte
}

const (
	secCustom   = 0
	secType     = 1
	secImport   = 2
	secFunction = 3
	secElement  = 9
	secCode     = 10
)

var header = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

func splitSections(mod []byte) ([]section, error) {
	if !bytes.HasPrefix(mod, header) {
		return nil, errors.New("not a WebAssembly module (version 1)")
	}
	r := &reader{b: mod, pos: len(header)}
	var secs []section
	for !r.done() {
		id := r.byte()
		size := r.u32()
		body := r.bytes(int(size))
		if r.err != nil {
			return nil, fmt.Errorf("section %d: %w", id, r.err)
		}
		secs = append(secs, section{id, body})
	}
	return secs, nil
}

func joinSections(secs []section) []byte {
	out := append([]byte(nil), header...)
	for _, s := range secs {
		out = append(out, s.id)
		out = binary.AppendUvarint(out, uint64(len(s.body)))
		out = append(out, s.body...)
	}
	return out
}

// funcType is a function signature, each value type one byte.
type funcType struct{ params, results []byte }

func (t funcType) equal(u funcType) bool {
	return bytes.Equal(t.params, u.params) && bytes.Equal(t.results, u.results)
}

func parseTypes(body []byte) ([]funcType, error) {
	r := &reader{b: body}
	n := r.u32()
	var ts []funcType
	for i := uint32(0); i < n && r.err == nil; i++ {
		if form := r.byte(); form != 0x60 {
			return nil, fmt.Errorf("type %d: form 0x%02x is not a function type", i, form)
		}
		ps := r.bytes(int(r.u32()))
		rs := r.bytes(int(r.u32()))
		ts = append(ts, funcType{append([]byte(nil), ps...), append([]byte(nil), rs...)})
	}
	return ts, r.err
}

func encodeTypes(ts []funcType) []byte {
	out := binary.AppendUvarint(nil, uint64(len(ts)))
	for _, t := range ts {
		out = append(out, 0x60)
		out = binary.AppendUvarint(out, uint64(len(t.params)))
		out = append(out, t.params...)
		out = binary.AppendUvarint(out, uint64(len(t.results)))
		out = append(out, t.results...)
	}
	return out
}

// countImportedFuncs returns how many of the imports are functions.
func countImportedFuncs(body []byte) (uint32, error) {
	r := &reader{b: body}
	n := r.u32()
	var funcs uint32
	for i := uint32(0); i < n && r.err == nil; i++ {
		r.bytes(int(r.u32())) // module
		r.bytes(int(r.u32())) // name
		switch kind := r.byte(); kind {
		case 0x00: // function
			r.u32()
			funcs++
		case 0x01: // table: reftype, limits
			r.byte()
			r.limits()
		case 0x02: // memory
			r.limits()
		case 0x03: // global
			r.byte()
			r.byte()
		case 0x04: // tag
			r.byte()
			r.u32()
		default:
			return 0, fmt.Errorf("import %d: unknown kind 0x%02x", i, kind)
		}
	}
	return funcs, r.err
}

func parseFunctionTypes(body []byte) ([]uint32, error) {
	r := &reader{b: body}
	n := r.u32()
	var idx []uint32
	for i := uint32(0); i < n && r.err == nil; i++ {
		idx = append(idx, r.u32())
	}
	return idx, r.err
}

// parseFuncNames reads the function names of a "name" custom section's
// body (after the section name).
func parseFuncNames(body []byte) (map[uint32]string, error) {
	r := &reader{b: body}
	names := map[uint32]string{}
	for !r.done() && r.err == nil {
		id := r.byte()
		sub := r.bytes(int(r.u32()))
		if id != 1 {
			continue
		}
		s := &reader{b: sub}
		n := s.u32()
		for i := uint32(0); i < n && s.err == nil; i++ {
			idx := s.u32()
			names[idx] = string(s.bytes(int(s.u32())))
		}
		if s.err != nil {
			return nil, s.err
		}
	}
	return names, r.err
}

// parseTable0 returns the functions that active element segments of table
// 0 with constant offsets put there, by table index. Segments of other
// forms are skipped: the map only enables an optimisation.
func parseTable0(body []byte) (map[uint32]uint32, error) {
	r := &reader{b: body}
	n := r.u32()
	table := map[uint32]uint32{}
	for i := uint32(0); i < n && r.err == nil; i++ {
		flags := r.u32()
		if flags != 0 && flags != 2 {
			return table, nil // a form we do not read: stop here
		}
		tableIdx := uint32(0)
		if flags == 2 {
			tableIdx = r.u32()
		}
		// Offset: i32.const N end (or i64.const for a 64-bit table).
		op := r.byte()
		if op != 0x41 && op != 0x42 {
			return table, nil
		}
		off := r.s64()
		if r.byte() != 0x0b {
			return table, nil
		}
		if flags == 2 {
			if r.byte() != 0x00 { // elemkind funcref
				return table, nil
			}
		}
		count := r.u32()
		for j := uint32(0); j < count && r.err == nil; j++ {
			f := r.u32()
			if tableIdx == 0 {
				table[uint32(off)+j] = f
			}
		}
	}
	return table, r.err
}

// reader decodes a byte slice, remembering the first error.
type reader struct {
	b   []byte
	pos int
	err error
}

var errEOF = errors.New("unexpected end")

func (r *reader) done() bool { return r.pos >= len(r.b) }

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
	r.pos = len(r.b)
}

func (r *reader) byte() byte {
	if r.pos >= len(r.b) {
		r.fail(errEOF)
		return 0
	}
	c := r.b[r.pos]
	r.pos++
	return c
}

func (r *reader) bytes(n int) []byte {
	if n < 0 || r.pos+n > len(r.b) {
		r.fail(errEOF)
		return nil
	}
	s := r.b[r.pos : r.pos+n]
	r.pos += n
	return s
}

func (r *reader) u64() uint64 {
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if shift >= 70 {
			r.fail(errors.New("LEB128 too long"))
			return 0
		}
		c := r.byte()
		if r.err != nil {
			return 0
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v
		}
	}
}

func (r *reader) u32() uint32 {
	v := r.u64()
	if v > 0xffffffff {
		r.fail(errors.New("u32 out of range"))
	}
	return uint32(v)
}

func (r *reader) s64() int64 {
	var v int64
	var shift uint
	for {
		if shift >= 70 {
			r.fail(errors.New("LEB128 too long"))
			return 0
		}
		c := r.byte()
		if r.err != nil {
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

func (r *reader) limits() {
	flags := r.byte()
	r.u64()
	if flags&1 != 0 {
		r.u64()
	}
}
