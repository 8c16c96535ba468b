package wasm

import (
	"encoding/binary"
	"fmt"
	"testing"
)

// module is a linked module read back by the tests, as far as they look.
type module struct {
	sections []modSection
}

type modSection struct {
	id      byte
	name    string // of a custom section
	payload []byte // after the name for a custom section
}

// reader decodes the LEBs and names of a module.
type reader struct {
	b   []byte
	err error
}

func (r *reader) byte() byte {
	if r.err != nil || len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = fmt.Errorf("truncated")
	}
}

func (r *reader) uleb() uint64 {
	var v uint64
	for shift := 0; ; shift += 7 {
		c := r.byte()
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 || r.err != nil {
			return v
		}
	}
}

func (r *reader) sleb() int64 {
	var v int64
	shift := 0
	for {
		c := r.byte()
		v |= int64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 || r.err != nil {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return v
		}
	}
}

func (r *reader) bytes(n uint64) []byte {
	if r.err != nil || uint64(len(r.b)) < n {
		r.fail()
		return nil
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

func (r *reader) name() string { return string(r.bytes(r.uleb())) }

func readModule(t *testing.T, b []byte) *module {
	t.Helper()
	if len(b) < 8 || string(b[:4]) != "\x00asm" || binary.LittleEndian.Uint32(b[4:]) != 1 {
		t.Fatalf("not a wasm module")
	}
	r := &reader{b: b[8:]}
	m := &module{}
	for len(r.b) > 0 && r.err == nil {
		id := r.byte()
		p := &reader{b: r.bytes(r.uleb())}
		s := modSection{id: id}
		if id == secCustom {
			s.name = p.name()
		}
		s.payload = p.b
		m.sections = append(m.sections, s)
	}
	if r.err != nil {
		t.Fatalf("reading module: %v", r.err)
	}
	return m
}

func (m *module) section(id byte, name string) []byte {
	for _, s := range m.sections {
		if s.id == id && s.name == name {
			return s.payload
		}
	}
	return nil
}

// functionNames returns the names of the name section's function names.
func (m *module) functionNames(t *testing.T) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	r := &reader{b: m.section(secCustom, "name")}
	for len(r.b) > 0 && r.err == nil {
		id := r.byte()
		sub := &reader{b: r.bytes(r.uleb())}
		if id != 1 {
			continue
		}
		for n := sub.uleb(); n > 0 && sub.err == nil; n-- {
			sub.uleb()
			names[sub.name()] = true
		}
	}
	if r.err != nil || len(names) == 0 {
		t.Fatalf("no function names in the name section")
	}
	return names
}

// exportedGlobal returns the value of an exported i64 global, which is
// how wasm-ld exports a data symbol's address.
func (m *module) exportedGlobal(t *testing.T, name string) uint64 {
	t.Helper()
	imported := uint64(0)
	r := &reader{b: m.section(secImport, "")}
	for n := r.uleb(); n > 0 && r.err == nil; n-- {
		r.name()
		r.name()
		switch r.byte() {
		case 0x00:
			r.uleb()
		case 0x01:
			r.byte()
			if r.byte()&1 != 0 {
				r.uleb()
			}
			r.uleb()
		case 0x02:
			if r.byte()&1 != 0 {
				r.uleb()
			}
			r.uleb()
		case 0x03:
			r.bytes(2)
			imported++
		}
	}
	index := ^uint64(0)
	r = &reader{b: m.section(7, "")}
	for n := r.uleb(); n > 0 && r.err == nil; n-- {
		nm, kind, i := r.name(), r.byte(), r.uleb()
		if nm == name && kind == 0x03 {
			index = i
		}
	}
	r = &reader{b: m.section(secGlobal, "")}
	for i, n := imported, r.uleb()+imported; i < n && r.err == nil; i++ {
		r.bytes(2) // type, mutability
		op, v := r.byte(), r.sleb()
		r.byte() // end
		if i == index {
			if op != 0x42 {
				t.Fatalf("global %s is not an i64.const", name)
			}
			return uint64(v)
		}
	}
	t.Fatalf("no exported global %s", name)
	return 0
}
