package tailcall

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// thunkModule is a module with the imported function 0 of type () -> i32
// and the defined functions bodies, each of the type at the same index in
// types (0: () -> i32, 1: (i32) -> i32, 2: () -> i64).
func thunkModule(types []uint32, bodies [][]byte) []byte {
	sec := func(out []byte, id byte, body []byte) []byte {
		out = append(out, id)
		out = binary.AppendUvarint(out, uint64(len(body)))
		return append(out, body...)
	}
	mod := append([]byte(nil), header...)
	mod = sec(mod, secType, []byte{3,
		0x60, 0, 1, 0x7f,
		0x60, 1, 0x7f, 1, 0x7f,
		0x60, 0, 1, 0x7e})
	mod = sec(mod, secImport, []byte{1, 1, 'm', 1, 'f', 0x00, 0})
	fn := binary.AppendUvarint(nil, uint64(len(types)))
	for _, t := range types {
		fn = binary.AppendUvarint(fn, uint64(t))
	}
	mod = sec(mod, secFunction, fn)
	code := binary.AppendUvarint(nil, uint64(len(bodies)))
	for _, b := range bodies {
		code = binary.AppendUvarint(code, uint64(len(b)))
		code = append(code, b...)
	}
	return sec(mod, secCode, code)
}

func TestTailThunks(t *testing.T) {
	const end, call, retCall, ret = 0x0b, 0x10, 0x12, 0x0f
	types := []uint32{1, 0, 0, 0, 0, 2, 0}
	in := [][]byte{
		// 1: (i32) -> i32, the shared body.
		{0, 0x20, 0, end},
		// 2: a thunk: i32.const 7; call 1.
		{0, 0x41, 7, call, 1, end},
		// 3: the same with an explicit return.
		{0, 0x41, 7, call, 1, ret, end},
		// 4: the call is not last.
		{0, 0x41, 7, call, 1, 0x1a, 0x41, 1, end},
		// 5: an imported callee.
		{0, call, 0, end},
		// 6: () -> i64, calling itself: the results match.
		{0, call, 6, end},
		// 7: a call inside a block is not last: the block's end is.
		{0, 0x02, 0x7f, 0x41, 7, call, 1, end, end},
	}
	want := [][]byte{
		in[0],
		{0, 0x41, 7, retCall, 1, end},
		{0, 0x41, 7, retCall, 1, ret, end},
		in[3],
		in[4],
		{0, retCall, 6, end},
		in[6],
	}
	got, n, err := TailThunks(thunkModule(types, in))
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("changed %d calls, want 3", n)
	}
	if exp := thunkModule(types, want); !bytes.Equal(got, exp) {
		t.Errorf("module\n% x\nwant\n% x", got, exp)
	}

	// Nothing to change: the module comes back as it was.
	mod := thunkModule(types[:1], in[:1])
	if got, n, err := TailThunks(mod); err != nil || n != 0 || !bytes.Equal(got, mod) {
		t.Errorf("TailThunks = %d, %v; changed the module", n, err)
	}
	if _, _, err := TailThunks(thunkModule([]uint32{0}, [][]byte{{0, 0x41, 7}})); err == nil {
		t.Errorf("a body without end: no error")
	}
}
