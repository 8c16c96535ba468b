package tailcall

import (
	"fmt"
)

// TailThunks returns mod, a module using tail calls, with every direct
// call that ends a function made a tail call: "call f; end" and
// "call f; return; end" become "return_call f" in place, when f is a
// defined function with the caller's results. The result is the same: the
// caller returns what f returns. It is for what binaryen makes of a module
// already rewritten by Rewrite: its merge-similar-functions pass (shrink
// level 2) leaves each merged function a thunk that calls, not tail-calls,
// the shared body, so that every jump through a thunk would keep an engine
// frame. Both opcodes take one function index, so the module keeps its
// size and layout. It returns how many calls it changed.
func TailThunks(mod []byte) ([]byte, int, error) {
	secs, err := splitSections(mod)
	if err != nil {
		return nil, 0, err
	}
	var (
		types     []funcType
		funcTypes []uint32
		imported  uint32
		codeSec   = -1
	)
	for i, s := range secs {
		switch s.id {
		case secType:
			types, err = parseTypes(s.body)
		case secImport:
			imported, err = countImportedFuncs(s.body)
		case secFunction:
			funcTypes, err = parseFunctionTypes(s.body)
		case secCode:
			codeSec = i
		}
		if err != nil {
			return nil, 0, fmt.Errorf("reading section %d: %w", s.id, err)
		}
	}
	if codeSec < 0 {
		return mod, 0, nil
	}
	results := func(f uint32) ([]byte, bool) {
		if f < imported || int(f-imported) >= len(funcTypes) {
			return nil, false
		}
		t := funcTypes[f-imported]
		if int(t) >= len(types) {
			return nil, false
		}
		return types[t].results, true
	}
	code := append([]byte(nil), secs[codeSec].body...)
	r := &reader{b: code}
	n := r.u32()
	if r.err != nil || int(n) != len(funcTypes) {
		return nil, 0, fmt.Errorf("code section: %d bodies for %d functions", n, len(funcTypes))
	}
	changed := 0
	for i := uint32(0); i < n; i++ {
		size := int(r.u32())
		start := r.pos
		r.bytes(size)
		if r.err != nil {
			return nil, 0, fmt.Errorf("code section: body %d: %w", i, r.err)
		}
		at, callee, err := finalCall(code[start : start+size])
		if err != nil {
			return nil, 0, fmt.Errorf("function %d: %w", imported+i, err)
		}
		if at < 0 {
			continue
		}
		want, _ := results(imported + i)
		got, ok := results(callee)
		if !ok || string(got) != string(want) {
			continue
		}
		code[start+at] = 0x12 // return_call
		changed++
	}
	if changed == 0 {
		return mod, 0, nil
	}
	secs[codeSec].body = code
	return joinSections(secs), changed, nil
}

// finalCall decodes a function body and returns the offset of the direct
// call that ends it ("call f; end" or "call f; return; end") and its
// callee, or -1. The instruction before the body's final end is outside
// every block, and so is a call right before it and a return.
func finalCall(body []byte) (int, uint32, error) {
	r := &reader{b: body}
	groups := r.u32()
	for i := uint32(0); i < groups && r.err == nil; i++ {
		r.u32()
		r.byte()
	}
	if r.err != nil {
		return -1, 0, fmt.Errorf("locals: %w", r.err)
	}
	// The starts and opcodes of the last three instructions.
	var starts [3]int
	var ops [3]byte
	count := 0
	for !r.done() {
		start := r.pos
		op := r.byte()
		if err := skipImmediates(r, op); err != nil {
			return -1, 0, fmt.Errorf("at body offset %d: %w", start, err)
		}
		if r.err != nil {
			return -1, 0, fmt.Errorf("at body offset %d (opcode 0x%02x): %w", start, op, r.err)
		}
		copy(starts[:], starts[1:])
		copy(ops[:], ops[1:])
		starts[2], ops[2] = start, op
		count++
	}
	if count == 0 || ops[2] != 0x0b {
		return -1, 0, fmt.Errorf("the body does not end with end")
	}
	at := -1
	switch {
	case count >= 2 && ops[1] == 0x10:
		at = starts[1]
	case count >= 3 && ops[1] == 0x0f && ops[0] == 0x10:
		at = starts[0]
	}
	if at < 0 {
		return -1, 0, nil
	}
	callee := (&reader{b: body[at+1:]}).u32()
	return at, callee, nil
}
