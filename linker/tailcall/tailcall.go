// Package tailcall turns a linked module's trampoline jumps into tail calls.
//
// In ahc's default calling convention (rts/stg-abi.md) every Haskell code
// label L is a function L$code of type () -> i32, and a jump is "return the
// next function's table index" to StgRun's loop. Rewrite replaces, in every
// function whose name ends in "$code", each explicit return by a tail call
// of the returned index (return_call_indirect through table 0), and the
// pair "i32.const K; return" by a direct return_call of the function at
// table index K. StgRun's loop then runs once: the first function returns
// only when the chain reaches StgReturn, which returns 0 at its end.
package tailcall

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// CodeSuffix marks the functions that implement Haskell code labels.
const CodeSuffix = "$code"

// Stats counts what Rewrite did.
type Stats struct {
	Functions int // $code functions seen
	Indirect  int // returns made return_call_indirect
	Direct    int // "i32.const K; return" made return_call
	// Thunks counts the calls that ended a function of the optimised
	// module, made return_call (TailThunks).
	Thunks int
}

// codeType is () -> i32.
var codeType = funcType{params: []byte{}, results: []byte{0x7f}}

// Rewrite returns mod (a linked module with a name section) with the
// returns of its $code functions made tail calls.
func Rewrite(mod []byte) ([]byte, Stats, error) {
	var st Stats
	secs, err := splitSections(mod)
	if err != nil {
		return nil, st, err
	}
	var (
		types        []funcType
		typeSec      = -1
		codeSec      = -1
		funcTypes    []uint32
		imported     uint32
		names        map[uint32]string
		table        = map[uint32]uint32{}
		haveNameSect bool
	)
	for i, s := range secs {
		switch s.id {
		case secType:
			typeSec = i
			types, err = parseTypes(s.body)
		case secImport:
			imported, err = countImportedFuncs(s.body)
		case secFunction:
			funcTypes, err = parseFunctionTypes(s.body)
		case secElement:
			table, err = parseTable0(s.body)
		case secCode:
			codeSec = i
		case secCustom:
			r := &reader{b: s.body}
			name := string(r.bytes(int(r.u32())))
			if r.err == nil && name == "name" {
				haveNameSect = true
				names, err = parseFuncNames(s.body[r.pos:])
			}
		}
		if err != nil {
			return nil, st, fmt.Errorf("reading section %d: %w", s.id, err)
		}
	}
	if codeSec < 0 {
		return mod, st, nil
	}
	if !haveNameSect {
		return nil, st, fmt.Errorf("the module has no name section: cannot find the %s functions (was it linked with --strip-all?)", CodeSuffix)
	}
	typeIdx := -1
	for i, t := range types {
		if t.equal(codeType) {
			typeIdx = i
			break
		}
	}
	addedType := false
	if typeIdx < 0 {
		typeIdx = len(types)
		types = append(types, codeType)
		addedType = true
	}
	rw := &rewriter{typeIdx: uint32(typeIdx), table: table, imported: imported, types: types, funcTypes: funcTypes}

	r := &reader{b: secs[codeSec].body}
	n := r.u32()
	if r.err != nil || int(n) != len(funcTypes) {
		return nil, st, fmt.Errorf("code section: %d bodies for %d functions", n, len(funcTypes))
	}
	out := binary.AppendUvarint(nil, uint64(n))
	for i := uint32(0); i < n; i++ {
		body := r.bytes(int(r.u32()))
		if r.err != nil {
			return nil, st, fmt.Errorf("code section: body %d: %w", i, r.err)
		}
		idx := imported + i
		name := names[idx]
		if strings.HasSuffix(name, CodeSuffix) {
			if t := funcTypes[i]; int(t) >= len(types) || !types[t].equal(codeType) {
				return nil, st, fmt.Errorf("function %d %s: a %s function must have type () -> i32", idx, name, CodeSuffix)
			}
			st.Functions++
			body, err = rw.body(body, &st)
			if err != nil {
				if name == "" {
					name = fmt.Sprint("#", idx)
				}
				return nil, st, fmt.Errorf("function %d %s: %w", idx, name, err)
			}
		}
		out = binary.AppendUvarint(out, uint64(len(body)))
		out = append(out, body...)
	}
	if st.Indirect+st.Direct == 0 {
		return mod, st, nil
	}
	secs[codeSec].body = out
	if addedType {
		if typeSec < 0 {
			secs = append([]section{{id: secType}}, secs...)
			typeSec = 0
		}
		secs[typeSec].body = encodeTypes(types)
	}
	return joinSections(secs), st, nil
}

type rewriter struct {
	typeIdx   uint32
	table     map[uint32]uint32 // table index -> function index
	imported  uint32
	types     []funcType
	funcTypes []uint32 // of defined functions
}

// isCodeFunc reports whether function f has type () -> i32. Imported
// functions are not known here and never qualify.
func (rw *rewriter) isCodeFunc(f uint32) bool {
	if f < rw.imported || int(f-rw.imported) >= len(rw.funcTypes) {
		return false
	}
	t := rw.funcTypes[f-rw.imported]
	return int(t) < len(rw.types) && rw.types[t].equal(codeType)
}

// body rewrites one function body: locals, then instructions.
func (rw *rewriter) body(body []byte, st *Stats) ([]byte, error) {
	r := &reader{b: body}
	groups := r.u32()
	for i := uint32(0); i < groups && r.err == nil; i++ {
		r.u32()
		r.byte()
	}
	if r.err != nil {
		return nil, fmt.Errorf("locals: %w", r.err)
	}
	out := append([]byte(nil), body[:r.pos]...)
	// The last instruction, when it was i32.const: its value and where it
	// starts in out.
	constAt, constVal := -1, int64(0)
	for !r.done() {
		start := r.pos
		op := r.byte()
		if op == 0x0f { // return
			switch f, ok := rw.table[uint32(constVal)]; {
			case constAt >= 0 && constVal == 0:
				// Returning 0 ends StgRun's loop: keep it.
				out = append(out, op)
			case constAt >= 0 && ok && constVal > 0 && rw.isCodeFunc(f):
				out = append(out[:constAt], 0x12)
				out = binary.AppendUvarint(out, uint64(f))
				st.Direct++
			default:
				out = append(out, 0x13)
				out = binary.AppendUvarint(out, uint64(rw.typeIdx))
				out = append(out, 0x00)
				st.Indirect++
			}
			constAt = -1
			continue
		}
		if err := skipImmediates(r, op); err != nil {
			return nil, fmt.Errorf("at body offset %d: %w", start, err)
		}
		if r.err != nil {
			return nil, fmt.Errorf("at body offset %d (opcode 0x%02x): %w", start, op, r.err)
		}
		constAt = -1
		if op == 0x41 {
			constAt = len(out)
			constVal = (&reader{b: body[start+1 : r.pos]}).s64()
		}
		out = append(out, body[start:r.pos]...)
	}
	return out, nil
}

// skipImmediates consumes the immediates of the instruction op.
func skipImmediates(r *reader, op byte) error {
	switch {
	case op == 0x00 || op == 0x01 || op == 0x05 || op == 0x0b || op == 0x0f ||
		op == 0x1a || op == 0x1b || op == 0xd1:
		// unreachable nop else end return drop select ref.is_null
	case op >= 0x02 && op <= 0x04: // block loop if
		blockType(r)
	case op == 0x0c || op == 0x0d: // br br_if
		r.u32()
	case op == 0x0e: // br_table
		n := r.u32()
		for i := uint32(0); i <= n && r.err == nil; i++ {
			r.u32()
		}
	case op == 0x10 || op == 0x12: // call return_call
		r.u32()
	case op == 0x11 || op == 0x13: // call_indirect return_call_indirect
		r.u32()
		r.u32()
	case op == 0x1c: // select t*
		r.bytes(int(r.u32()))
	case op >= 0x20 && op <= 0x26: // local.* global.* table.get/set
		r.u32()
	case op >= 0x28 && op <= 0x3e: // loads and stores
		memArg(r)
	case op == 0x3f || op == 0x40: // memory.size memory.grow
		r.u32()
	case op == 0x41: // i32.const
		r.s64()
	case op == 0x42: // i64.const
		r.s64()
	case op == 0x43:
		r.bytes(4)
	case op == 0x44:
		r.bytes(8)
	case op >= 0x45 && op <= 0xc4: // numeric, conversions, sign extension
	case op == 0xd0: // ref.null
		r.byte()
	case op == 0xd2: // ref.func
		r.u32()
	case op == 0xfc:
		return skipFC(r)
	default:
		return fmt.Errorf("unknown opcode 0x%02x", op)
	}
	return nil
}

func skipFC(r *reader) error {
	sub := r.u32()
	switch {
	case sub <= 7: // saturating truncations
	case sub == 8: // memory.init data mem
		r.u32()
		r.u32()
	case sub == 9: // data.drop
		r.u32()
	case sub == 10: // memory.copy dst src
		r.u32()
		r.u32()
	case sub == 11: // memory.fill
		r.u32()
	case sub == 12: // table.init elem table
		r.u32()
		r.u32()
	case sub == 13: // elem.drop
		r.u32()
	case sub == 14: // table.copy
		r.u32()
		r.u32()
	case sub >= 15 && sub <= 17: // table.grow table.size table.fill
		r.u32()
	default:
		return fmt.Errorf("unknown opcode 0xfc %d", sub)
	}
	return nil
}

// blockType consumes a block type: empty, a value type or a type index.
func blockType(r *reader) {
	if r.done() {
		r.fail(errEOF)
		return
	}
	switch c := r.b[r.pos]; c {
	case 0x40, 0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f:
		r.pos++
	default:
		r.s64()
	}
}

// memArg consumes a memarg: alignment (bit 6: a memory index follows) and
// an offset, 64-bit with memory64.
func memArg(r *reader) {
	align := r.u32()
	if align&0x40 != 0 {
		r.u32()
	}
	r.u64()
}
