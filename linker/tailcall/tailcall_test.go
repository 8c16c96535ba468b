package tailcall

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/rts/host"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// TestBody rewrites single bodies: type index 7 is () -> i32, table index 5
// holds function 3 of that type and table index 6 function 4 of another.
func TestBody(t *testing.T) {
	rw := &rewriter{typeIdx: 7, table: map[uint32]uint32{5: 3, 6: 4}, imported: 1,
		types: []funcType{codeType, {params: []byte{0x7e}}}, funcTypes: []uint32{0, 0, 0, 1}}
	ri := []byte{0x13, 0x07, 0x00} // return_call_indirect (type 7) table 0
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	f64 := func(v float64) []byte {
		b := make([]byte, 8)
		for i := range b {
			b[i] = byte(math.Float64bits(v) >> (8 * i))
		}
		return b
	}
	tests := []struct {
		name      string
		in, want  []byte
		direct    int
		indirect  int
		wantError string
	}{
		{"known label", []byte{0x00, 0x41, 0x05, 0x0f, 0x0b}, []byte{0x00, 0x12, 0x03, 0x0b}, 1, 0, ""},
		{"padded known label", []byte{0x00, 0x41, 0x85, 0x80, 0x80, 0x80, 0x00, 0x0f, 0x0b}, []byte{0x00, 0x12, 0x03, 0x0b}, 1, 0, ""},
		{"label of another type", []byte{0x00, 0x41, 0x06, 0x0f, 0x0b}, cat([]byte{0x00, 0x41, 0x06}, ri, []byte{0x0b}), 0, 1, ""},
		{"unknown index", []byte{0x00, 0x41, 0x09, 0x0f, 0x0b}, cat([]byte{0x00, 0x41, 0x09}, ri, []byte{0x0b}), 0, 1, ""},
		{"zero stops the loop", []byte{0x00, 0x41, 0x00, 0x0f, 0x0b}, []byte{0x00, 0x41, 0x00, 0x0f, 0x0b}, 0, 0, ""},
		{"const not right before return", []byte{0x00, 0x41, 0x05, 0x01, 0x0f, 0x0b}, cat([]byte{0x00, 0x41, 0x05, 0x01}, ri, []byte{0x0b}), 0, 1, ""},
		{"locals kept", []byte{0x02, 0x01, 0x7f, 0x03, 0x7e, 0x20, 0x00, 0x0f, 0x0b},
			cat([]byte{0x02, 0x01, 0x7f, 0x03, 0x7e, 0x20, 0x00}, ri, []byte{0x0b}), 0, 1, ""},
		{"memory64 load with a large offset", []byte{0x00, 0x42, 0x00, 0x29, 0x03, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0xa7, 0x0f, 0x0b},
			cat([]byte{0x00, 0x42, 0x00, 0x29, 0x03, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0xa7}, ri, []byte{0x0b}), 0, 1, ""},
		{"memarg with memory index", []byte{0x00, 0x42, 0x00, 0x28, 0x42, 0x00, 0x10, 0x0f, 0x0b},
			cat([]byte{0x00, 0x42, 0x00, 0x28, 0x42, 0x00, 0x10}, ri, []byte{0x0b}), 0, 1, ""},
		{"saturating truncation", cat([]byte{0x00, 0x44}, f64(1.5), []byte{0xfc, 0x02, 0x0f, 0x0b}),
			cat([]byte{0x00, 0x44}, f64(1.5), []byte{0xfc, 0x02}, ri, []byte{0x0b}), 0, 1, ""},
		{"bulk memory", []byte{0x00, 0x42, 0x00, 0x42, 0x00, 0x42, 0x00, 0xfc, 0x0a, 0x00, 0x00, 0x42, 0x00, 0x41, 0x00, 0x42, 0x00, 0xfc, 0x0b, 0x00, 0x41, 0x05, 0x0f, 0x0b},
			[]byte{0x00, 0x42, 0x00, 0x42, 0x00, 0x42, 0x00, 0xfc, 0x0a, 0x00, 0x00, 0x42, 0x00, 0x41, 0x00, 0x42, 0x00, 0xfc, 0x0b, 0x00, 0x12, 0x03, 0x0b}, 1, 0, ""},
		{"blocks, br_table and returns inside them",
			[]byte{0x00, 0x02, 0x40, 0x02, 0x7f, 0x41, 0x01, 0x0e, 0x02, 0x00, 0x01, 0x01, 0x0b, 0x04, 0x7f, 0x41, 0x05, 0x0f, 0x05, 0x41, 0x06, 0x0f, 0x0b, 0x0f, 0x0b, 0x41, 0x00, 0x0b},
			cat([]byte{0x00, 0x02, 0x40, 0x02, 0x7f, 0x41, 0x01, 0x0e, 0x02, 0x00, 0x01, 0x01, 0x0b, 0x04, 0x7f, 0x12, 0x03, 0x05, 0x41, 0x06}, ri, []byte{0x0b}, ri, []byte{0x0b, 0x41, 0x00, 0x0b}), 1, 2, ""},
		{"block with a type index", []byte{0x00, 0x02, 0x07, 0x41, 0x05, 0x0b, 0x0f, 0x0b}, cat([]byte{0x00, 0x02, 0x07, 0x41, 0x05, 0x0b}, ri, []byte{0x0b}), 0, 1, ""},
		{"typed select, calls, globals, sign extension", []byte{0x00, 0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1c, 0x01, 0x7f, 0xc0, 0x10, 0x02, 0x11, 0x00, 0x00, 0x23, 0x01, 0x1a, 0x0f, 0x0b},
			cat([]byte{0x00, 0x41, 0x01, 0x41, 0x02, 0x41, 0x00, 0x1c, 0x01, 0x7f, 0xc0, 0x10, 0x02, 0x11, 0x00, 0x00, 0x23, 0x01, 0x1a}, ri, []byte{0x0b}), 0, 1, ""},
		{"existing tail calls kept", []byte{0x00, 0x12, 0x03, 0x41, 0x00, 0x13, 0x07, 0x00, 0x0b}, []byte{0x00, 0x12, 0x03, 0x41, 0x00, 0x13, 0x07, 0x00, 0x0b}, 0, 0, ""},
		{"SIMD is unknown", []byte{0x00, 0xfd, 0x0c, 0x0b}, nil, 0, 0, "unknown opcode 0xfd"},
		{"unknown 0xfc", []byte{0x00, 0xfc, 0x20, 0x0b}, nil, 0, 0, "unknown opcode 0xfc 32"},
		{"truncated", []byte{0x00, 0x41}, nil, 0, 0, "unexpected end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var st Stats
			got, err := rw.body(tt.in, &st)
			if tt.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantError) {
					t.Fatalf("error = %v, want %q", err, tt.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("body = % x\nwant   % x", got, tt.want)
			}
			if st.Direct != tt.direct || st.Indirect != tt.indirect {
				t.Errorf("stats = %+v, want %d direct, %d indirect", st, tt.direct, tt.indirect)
			}
		})
	}
}

var codeSig = wasm.FuncType{Results: []wasm.ValType{wasm.I32}}

// chainLength is how often loop$code jumps to itself: enough to exhaust any
// engine's call stack if the jumps were not tail calls.
const chainLength = 1_000_000

// program is a WASI command whose _start runs a trampoline over $code
// functions that touch most kinds of instructions, and exits with 42 when
// they all ran as expected.
func program(t *testing.T) []byte {
	o := wasm.NewObject()
	procExit := o.Func("proc_exit", wasm.FuncType{Params: []wasm.ValType{wasm.I32}})
	procExit.ImportModule, procExit.ImportName = "wasi_snapshot_preview1", "proc_exit"
	count := o.Global("count", wasm.I64, true)
	count.Define(0)
	buf := o.Data("buf")
	var zero wasm.Contents
	zero.Zero(64)
	buf.Define(wasm.RWData, 8, &zero)

	loop := o.Func("loop$code", codeSig)
	mid := o.Func("mid$code", codeSig)
	end := o.Func("end$code", codeSig)
	helper := o.Func("helper", wasm.FuncType{Params: []wasm.ValType{wasm.I64}, Results: []wasm.ValType{wasm.I64}})
	desc := o.Data("end") // end$code's descriptor word, as codegen makes it
	var d wasm.Contents
	d.TableIndex64(end)
	desc.Define(wasm.ROData, 8, &d)

	bump := func(c *wasm.Code, n int64) {
		c.GlobalGet(count)
		c.I64Const(n)
		c.Op(wasm.I64Add)
		c.GlobalSet(count)
	}
	// loop$code: count++; jump to itself until count reaches chainLength.
	c := wasm.NewCode()
	bump(c, 1)
	c.GlobalGet(count)
	c.I64Const(chainLength)
	c.Op(wasm.I64LtU)
	c.If(wasm.FuncType{})
	c.I32ConstFunc(loop)
	c.Op(wasm.Return)
	c.End()
	c.I32ConstFunc(mid)
	c.Op(wasm.Return)
	loop.Define(c)

	// mid$code: memory, bulk memory, saturating truncation, sign extension
	// and a call of a function that returns; then a computed jump.
	c = wasm.NewCode()
	c.I64ConstAddr(buf, 0)
	c.I32Const(7)
	c.I64Const(16)
	c.MemoryFill() // buf[0..16] = 7
	c.I64ConstAddr(buf, 32)
	c.I64ConstAddr(buf, 0)
	c.I64Const(16)
	c.MemoryCopy()
	c.I64ConstAddr(buf, 0)
	c.I32Load8U(wasm.MemArg{Offset: 33}) // 7
	c.Op(wasm.I64ExtendI32U)
	c.F64Const(2.9)
	c.Op(wasm.I32TruncSatF64S) // 2
	c.Op(wasm.I64ExtendI32U)
	c.Op(wasm.I64Add)
	c.I64Const(0x1ff)
	c.Op(wasm.I64Extend8S) // -1
	c.Op(wasm.I64Add)
	c.Call(helper) // +10
	c.I64Const(18)
	c.Op(wasm.I64Sub) // 0 when all went well
	c.Op(wasm.I32WrapI64)
	c.If(wasm.FuncType{})
	c.I32Const(0) // wrong: stop without end$code's bump
	c.Op(wasm.Return)
	c.End()
	bump(c, 1000)
	c.I64ConstAddr(desc, 0)
	c.I64Load(wasm.MemArg{})
	c.Op(wasm.I32WrapI64)
	c.Op(wasm.Return)
	mid.Define(c)

	c = wasm.NewCode(wasm.I64)
	c.LocalGet(0)
	c.I64Const(10)
	c.Op(wasm.I64Add)
	c.Op(wasm.Return)
	helper.Define(c)

	c = wasm.NewCode()
	bump(c, 100)
	c.I32Const(0)
	c.Op(wasm.Return)
	end.Define(c)

	// _start: next = loop; do next = call_indirect(next) while next != 0;
	// proc_exit(count - (chainLength + 1100) + 42).
	start := o.Func("_start", wasm.FuncType{})
	start.Exported = true
	c = wasm.NewCode()
	next := c.NewLocal(wasm.I32)
	c.I32ConstFunc(loop)
	c.LocalSet(next)
	c.Loop(wasm.FuncType{})
	c.LocalGet(next)
	c.CallIndirect(codeSig)
	c.LocalTee(next)
	c.BrIf(0)
	c.End()
	c.GlobalGet(count)
	c.I64Const(chainLength + 1100 - 42)
	c.Op(wasm.I64Sub)
	c.Op(wasm.I32WrapI64)
	c.Call(procExit)
	start.Define(c)

	b, err := o.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func tool(t *testing.T, name, pkg string) string {
	p, err := tools.Lookup(name, pkg)
	if err != nil {
		t.Skip(err)
	}
	return p
}

// TestRunBothModes links the program, runs it as a trampoline and, rewritten,
// with tail calls, on wazero.
func TestRunBothModes(t *testing.T) {
	wasmLD := tool(t, "wasm-ld", "lld")
	wasmOpt := tool(t, "wasm-opt", "binaryen")
	ctx := context.Background()
	dir := t.TempDir()
	obj := filepath.Join(dir, "prog.o")
	if err := os.WriteFile(obj, program(t), 0o644); err != nil {
		t.Fatal(err)
	}
	linked := filepath.Join(dir, "prog64.wasm")
	if _, err := tools.Output(ctx, wasmLD, "-m", "wasm64", "--gc-sections", "--allow-undefined", "-o", linked, obj); err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(linked)
	if err != nil {
		t.Fatal(err)
	}
	for _, tail := range []bool{false, true} {
		name := map[bool]string{false: "trampoline", true: "tail calls"}[tail]
		t.Run(name, func(t *testing.T) {
			in, opts := mod, linker.LowerOptions{OptimizeLevel: 0}
			if tail {
				var st Stats
				in, st, err = Rewrite(mod)
				if err != nil {
					t.Fatal(err)
				}
				// loop$code: one direct jump to itself, one to mid$code;
				// mid$code: the computed jump; 0 is kept twice.
				if st != (Stats{Functions: 3, Direct: 2, Indirect: 1}) {
					t.Errorf("stats = %+v", st)
				}
				opts.Features = []string{"tail-call"}
			}
			src := filepath.Join(t.TempDir(), "in.wasm")
			out := filepath.Join(t.TempDir(), "out.wasm")
			if err := os.WriteFile(src, in, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := linker.Lower(ctx, wasmOpt, src, out, opts); err != nil {
				t.Fatal(err)
			}
			lowered, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			code, err := host.Run(ctx, lowered, host.Config{Args: []string{"prog"}, TailCalls: tail})
			if err != nil {
				t.Fatal(err)
			}
			if code != 42 {
				t.Errorf("exit code %d, want 42", code)
			}
		})
	}
}

func TestRewriteErrors(t *testing.T) {
	tests := []struct {
		name string
		mod  []byte
		want string
	}{
		{"not wasm", []byte("\x7fELF"), "not a WebAssembly module"},
		{"truncated section", append(append([]byte(nil), header...), 0x01, 0x05, 0x00), "unexpected end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Rewrite(tt.mod)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}
