package wasm

import (
	"fmt"
	"strings"
)

// ValType is a value type of the core spec.
type ValType byte

// The number types.
const (
	I32 ValType = 0x7f
	I64 ValType = 0x7e
	F32 ValType = 0x7d
	F64 ValType = 0x7c
)

func (t ValType) String() string {
	switch t {
	case I32:
		return "i32"
	case I64:
		return "i64"
	case F32:
		return "f32"
	case F64:
		return "f64"
	}
	return fmt.Sprintf("ValType(%#x)", byte(t))
}

func (t ValType) valid() bool {
	return t == I32 || t == I64 || t == F32 || t == F64
}

// FuncType is a function type. It is also the type of a block, loop or if:
// one without parameters and with at most one result is encoded in a single
// byte; any other needs the multi-value proposal.
type FuncType struct {
	Params, Results []ValType
}

// Returns is the type of a block with the given results and no parameters.
func Returns(results ...ValType) FuncType {
	return FuncType{Results: results}
}

func (f FuncType) String() string {
	var s strings.Builder
	s.WriteString("(")
	for i, t := range f.Params {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(t.String())
	}
	s.WriteString(") -> (")
	for i, t := range f.Results {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(t.String())
	}
	s.WriteString(")")
	return s.String()
}

// key identifies a type for deduplication.
func (f FuncType) key() string {
	b := make([]byte, 0, len(f.Params)+len(f.Results)+1)
	for _, t := range f.Params {
		b = append(b, byte(t))
	}
	b = append(b, 0)
	for _, t := range f.Results {
		b = append(b, byte(t))
	}
	return string(b)
}

func (f FuncType) equal(g FuncType) bool { return f.key() == g.key() }

func (f FuncType) check() error {
	for _, t := range f.Params {
		if !t.valid() {
			return fmt.Errorf("type %v: invalid parameter type", f)
		}
	}
	for _, t := range f.Results {
		if !t.valid() {
			return fmt.Errorf("type %v: invalid result type", f)
		}
	}
	return nil
}

func appendFuncType(b []byte, f FuncType) []byte {
	b = append(b, 0x60)
	b = appendULEB(b, uint64(len(f.Params)))
	for _, t := range f.Params {
		b = append(b, byte(t))
	}
	b = appendULEB(b, uint64(len(f.Results)))
	for _, t := range f.Results {
		b = append(b, byte(t))
	}
	return b
}
