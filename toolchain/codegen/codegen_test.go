package codegen

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/oracle"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

func TestParseDerivedConstants(t *testing.T) {
	src := "#define OFFSET_StgRegTable_rR1 0\n#define OFFSET_stgGCFun -8\n" +
		"#define REP_StgRegTable_rR1 b64\n#define StgRegTable_rR1(__ptr__) REP[__ptr__+0]\n#define SIZEOF_X 0x10\n"
	c, err := ParseDerivedConstants(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"OFFSET_StgRegTable_rR1": 0, "OFFSET_stgGCFun": -8, "SIZEOF_X": 16}
	if len(c) != len(want) {
		t.Errorf("got %v, want %v", c, want)
	}
	for k, v := range want {
		if c[k] != v {
			t.Errorf("%s = %d, want %d", k, c[k], v)
		}
	}
	if _, err := ParseDerivedConstants(strings.NewReader("#define X 1\n")); err == nil {
		t.Error("a header without register offsets parsed")
	}
}

// proc wraps statements into the dump of one procedure test_bad.
func proc(stmts string) string {
	return "\n==================== Output Cmm ====================\n2026-01-01 00:00:00.000000000 UTC\n\n" +
		"[test_bad() { //  []\n         { info_tbls: []\n           stack_info: arg_space: 8\n         }\n" +
		"     {offset\n       c1: // global\n" + stmts + "\n     }\n }]\n"
}

// TestUnsupported checks that what ahc cannot compile is a compile-time
// error naming the procedure and the construct.
func TestUnsupported(t *testing.T) {
	consts := map[string]int64{"OFFSET_StgRegTable_rR1": 0, "OFFSET_StgRegTable_rR7": 48}
	for _, tt := range []struct {
		name, stmts, want string
	}{
		{"xmm register", "           XMM1 = XMM2;\n           call StgReturn() args: 8, res: 0, upd: 8;", "vector type"},
		{"vector op", "           _c2::I64 = %MO_V_Extract_4_W32(<1 :: W32, 2 :: W32, 3 :: W32, 4 :: W32>, 0);\n           call StgReturn() args: 8, res: 0, upd: 8;", "vector"},
		{"register without offset", "           L1 = 0;\n           call StgReturn() args: 8, res: 0, upd: 8;", "OFFSET_StgRegTable_rL1"},
		{"no terminator", "           R1 = 1;", "not a control transfer"},
	} {
		f, err := cmm.Parse(tt.name, []byte(proc(tt.stmts)))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		_, _, err = Compile(f, oracle.NewResolver(f, oracle.Config{}), Options{Constants: consts})
		if err == nil {
			t.Errorf("%s: compiled", tt.name)
			continue
		}
		if !strings.Contains(err.Error(), "test_bad") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q does not name test_bad and %q", tt.name, err, tt.want)
		}
	}
}

func TestRegistersObject(t *testing.T) {
	if _, err := RegistersObject().Bytes(); err != nil {
		t.Fatal(err)
	}
}

// StgReturn$code's body is exactly `i32.const 0; end` (size 4: no locals),
// with no explicit return that a tail-call pass would rewrite.
func TestPortObject(t *testing.T) {
	b, err := PortObject().Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte{0x04, 0x00, 0x41, 0x00, 0x0b}) {
		t.Errorf("StgReturn$code's body is not i32.const 0; end:\n% x", b)
	}
	for _, name := range []string{"StgReturn$code", "StgReturn"} {
		if !bytes.Contains(b, []byte(name)) {
			t.Errorf("no symbol %s", name)
		}
	}
}

func TestMergeSig(t *testing.T) {
	i32, i64, f64 := wasm.I32, wasm.I64, wasm.F64
	ft := func(params []wasm.ValType, results ...wasm.ValType) wasm.FuncType {
		return wasm.FuncType{Params: params, Results: results}
	}
	for _, tt := range []struct {
		a, b, want wasm.FuncType
		err        bool
	}{
		{a: ft([]wasm.ValType{i64, i64}), b: ft([]wasm.ValType{i64, i64, i64}), want: ft([]wasm.ValType{i64, i64, i64})},
		{a: ft([]wasm.ValType{i32}, i32), b: ft([]wasm.ValType{i64}), want: ft([]wasm.ValType{i64}, i32)},
		{a: ft([]wasm.ValType{f64}), b: ft([]wasm.ValType{i64}), err: true},
		{a: ft(nil, f64), b: ft(nil, i64), err: true},
	} {
		got, err := mergeSig(tt.a, tt.b)
		if tt.err {
			if err == nil {
				t.Errorf("merge(%v, %v) = %v, want an error", tt.a, tt.b, got)
			}
			continue
		}
		if err != nil || got.String() != tt.want.String() {
			t.Errorf("merge(%v, %v) = %v, %v; want %v", tt.a, tt.b, got, err, tt.want)
		}
	}
}

// TestCmmStringLiterals checks that the string literals GHC's Cmm parser
// names by a unique (c2_str, in its "cstring" section) are local to a
// .cmm file's object, as natively, while a string the source names
// itself stays global: a debug RTS's ASSERTs put literals with the same
// names in many .cmm files.
func TestCmmStringLiterals(t *testing.T) {
	dump := "\n==================== Output Cmm ====================\n2026-01-01 00:00:00.000000000 UTC\n\n" +
		"[section \"\"cstring\" . c2_str\" {\n     c2_str:\n         I8[] \"hello %d\\n\"\n },\n" +
		" section \"\"rodata\" . msg_str\" {\n     msg_str:\n         I8[] \"hello\"\n },\n" +
		" test_strs() { //  []\n         { info_tbls: []\n           stack_info: arg_space: 8\n         }\n" +
		"     {offset\n       c1: // global\n           R1 = c2_str;\n           R1 = msg_str;\n" +
		"           call StgReturn() args: 8, res: 0, upd: 8;\n     }\n }]\n"
	f, err := cmm.Parse("strings", []byte(dump))
	if err != nil {
		t.Fatal(err)
	}
	consts := map[string]int64{"OFFSET_StgRegTable_rR1": 0}
	obj, _, err := Compile(f, oracle.NewResolver(f, oracle.Config{}), Options{Constants: consts})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		sym   string
		local bool
	}{{"c2_str", true}, {"msg_str", false}} {
		if got := obj.Data(tt.sym).Local; got != tt.local {
			t.Errorf("%s: Local = %v, want %v", tt.sym, got, tt.local)
		}
	}
}
