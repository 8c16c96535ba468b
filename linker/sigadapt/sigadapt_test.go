package sigadapt_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/linker/internal/linktest"
	"github.com/ahc-hs/ahc/linker/sigadapt"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

const (
	i32 = wasm.I32
	i64 = wasm.I64
	f32 = wasm.F32
	f64 = wasm.F64
)

func fn(params []wasm.ValType, results ...wasm.ValType) wasm.FuncType {
	return wasm.FuncType{Params: params, Results: results}
}

func vals(ts ...wasm.ValType) []wasm.ValType { return ts }

// push emits a constant of type t.
func push(c *wasm.Code, t wasm.ValType, v float64) {
	switch t {
	case i32:
		c.I32Const(int32(v))
	case i64:
		c.I64Const(int64(v))
	case f32:
		c.F32Const(float32(v))
	case f64:
		c.F64Const(v)
	}
}

var eq = map[wasm.ValType]wasm.Opcode{i32: wasm.I32Eq, i64: wasm.I64Eq, f32: wasm.F32Eq, f64: wasm.F64Eq}

// callerObject is what codegen writes for a foreign call of sym: its main
// calls sym, of type have, with args, and exits with 42 when the result
// is want (or, for a call without result, always), 1 otherwise. With
// importName, the import's field is that name rather than the symbol's
// (the symbol then has an explicit name).
func callerObject(t *testing.T, sym string, have wasm.FuncType, args []float64, want float64, importName string) []byte {
	t.Helper()
	o := wasm.NewObject()
	f := o.Func(sym, have)
	f.ImportName = importName
	main := o.Func("__main_argc_argv", fn(vals(i32, i64), i32))
	c := wasm.NewCode(i32, i64)
	for i, p := range have.Params {
		push(c, p, args[i])
	}
	c.Call(f)
	if len(have.Results) == 1 {
		r := have.Results[0]
		push(c, r, want)
		c.Op(eq[r])
		c.If(wasm.FuncType{})
		c.I32Const(42)
		c.Op(wasm.Return)
		c.End()
		c.I32Const(1)
	} else {
		c.I32Const(42)
	}
	main.Define(c)
	return linktest.Bytes(t, o)
}

// cObject is what clang writes for C defining f of type def with body.
func cObject(t *testing.T, def wasm.FuncType, body func(c *wasm.Code)) []byte {
	t.Helper()
	o := wasm.NewObject()
	f := o.Func("f", def)
	c := wasm.NewCode(def.Params...)
	body(c)
	f.Define(c)
	return linktest.Bytes(t, o)
}

// Bodies of f.
var (
	// x + 1 for an i32 x (first parameter).
	firstPlusOne32 = func(c *wasm.Code) { c.LocalGet(0); c.I32Const(1); c.Op(wasm.I32Add) }
	// x*2 + y*1000 for i64 x and y.
	twoParams64 = func(c *wasm.Code) {
		c.LocalGet(0)
		c.I64Const(2)
		c.Op(wasm.I64Mul)
		c.LocalGet(1)
		c.I64Const(1000)
		c.Op(wasm.I64Mul)
		c.Op(wasm.I64Add)
	}
	double64 = func(c *wasm.Code) { c.LocalGet(0); c.I64Const(2); c.Op(wasm.I64Mul) }
	identity = func(c *wasm.Code) { c.LocalGet(0) }
	nothing  = func(c *wasm.Code) {}
	doubleF  = func(c *wasm.Code) { c.LocalGet(0); c.F32Const(2); c.Op(wasm.F32Mul) }
)

type adaptCase struct {
	name string
	have wasm.FuncType // how the caller imports f
	args []float64
	want float64
	def  wasm.FuncType // how C defines f
	body func(c *wasm.Code)
}

var adaptCases = []adaptCase{
	// isatty, __hscore_fstat: an int parameter and result passed as
	// words; the result is sign-extended.
	{"narrow parameter and result", fn(vals(i64, i64), i64), []float64{-5, 7}, -4, fn(vals(i32, i64), i32), firstPlusOne32},
	{"wide parameter and result", fn(vals(i32), i32), []float64{-7}, -7, fn(vals(i64), i64), identity},
	{"extra argument dropped", fn(vals(i64, i64), i64), []float64{21, 99}, 42, fn(vals(i64), i64), double64},
	{"missing argument zero", fn(vals(i64), i64), []float64{-3}, -6, fn(vals(i64, i64), i64), twoParams64},
	{"result dropped", fn(vals(i64)), []float64{5}, 0, fn(vals(i64), i64), double64},
	{"result zero", fn(vals(i64), i64), []float64{5}, 0, fn(vals(i64)), nothing},
	{"float widths", fn(vals(f64), f64), []float64{1.25}, 2.5, fn(vals(f32), f32), doubleF},
}

// TestLink links callers and definitions of every kind of mismatch
// through linker.Link, which must not leave wasm-ld's trapping stub, and
// runs the programs: 42 says the call returned the right value.
func TestLink(t *testing.T) {
	e := linktest.NeedEnv(t)
	layouts := []struct {
		name   string
		layout func(t *testing.T, dir, caller, c string) linker.LinkInput
	}{
		{"objects", func(t *testing.T, dir, caller, c string) linker.LinkInput {
			return linker.LinkInput{Objects: []string{caller, c}}
		}},
		{"caller in an archive", func(t *testing.T, dir, caller, c string) linker.LinkInput {
			return linker.LinkInput{Objects: []string{c}, Archives: []string{e.Archive(t, dir, "libhs.a", caller)}}
		}},
		{"both in archives", func(t *testing.T, dir, caller, c string) linker.LinkInput {
			return linker.LinkInput{Archives: []string{e.Archive(t, dir, "libhs.a", caller), e.Archive(t, dir, "libc2.a", c)}}
		}},
	}
	for _, tc := range adaptCases {
		for _, l := range layouts {
			t.Run(tc.name+"/"+l.name, func(t *testing.T) {
				dir := t.TempDir()
				caller := linktest.Write(t, dir, "hs.o", callerObject(t, "f", tc.have, tc.args, tc.want, ""))
				c := linktest.Write(t, dir, "c.o", cObject(t, tc.def, tc.body))
				in := l.layout(t, dir, caller, c)
				out := filepath.Join(dir, "prog.wasm")
				if err := linker.Link(context.Background(), in, out, e.Opts); err != nil {
					t.Fatal(err)
				}
				if got := e.Run(t, out); got != 42 {
					t.Errorf("exit code %d, want 42", got)
				}
			})
		}
	}
	// A symbol whose import has another name: both are renamed.
	t.Run("explicit import name", func(t *testing.T) {
		tc := adaptCases[0]
		dir := t.TempDir()
		caller := linktest.Write(t, dir, "hs.o", callerObject(t, "f", tc.have, tc.args, tc.want, "f_import"))
		c := linktest.Write(t, dir, "c.o", cObject(t, tc.def, tc.body))
		res, err := sigadapt.Fix(sigadapt.Inputs{Objects: []string{caller, c}}, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		if res.Adapters != 1 {
			t.Fatalf("%d adapters, want 1", res.Adapters)
		}
		out := filepath.Join(dir, "prog.wasm")
		if err := linker.Link(context.Background(), linker.LinkInput{Objects: []string{caller, c}}, out, e.Opts); err != nil {
			t.Fatal(err)
		}
		if got := e.Run(t, out); got != 42 {
			t.Errorf("exit code %d, want 42", got)
		}
	})
}

// TestFix checks what Fix rewrites and writes: nothing when the types
// agree, one adapter for callers sharing a type, and an error for a
// mismatch no conversion bridges.
func TestFix(t *testing.T) {
	narrow := adaptCases[0]
	tests := []struct {
		name        string
		callers     []wasm.FuncType
		def         wasm.FuncType
		body        func(c *wasm.Code)
		wantAdapted int
		wantAdapter int
		wantErr     []string
	}{
		{"same types", []wasm.FuncType{narrow.def}, narrow.def, narrow.body, 0, 0, nil},
		{"shared adapter", []wasm.FuncType{narrow.have, narrow.have}, narrow.def, narrow.body, 2, 1, nil},
		{"two caller types", []wasm.FuncType{narrow.have, fn(vals(i64, i32), i64)}, narrow.def, narrow.body, 2, 2, nil},
		{"int for float", []wasm.FuncType{fn(vals(f64), i64)}, fn(vals(i64), i64), identity, 0, 0,
			[]string{"hs0.o", " f ", "(f64) -> (i64)", "(i64) -> (i64)", "c.o"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var in sigadapt.Inputs
			for i, have := range tc.callers {
				args := make([]float64, len(have.Params))
				name := "hs" + string(rune('0'+i)) + ".o"
				in.Objects = append(in.Objects, linktest.Write(t, dir, name, callerObject(t, "f", have, args, 0, "")))
			}
			in.Objects = append(in.Objects, linktest.Write(t, dir, "c.o", cObject(t, tc.def, tc.body)))
			fixDir := t.TempDir()
			res, err := sigadapt.Fix(in, fixDir)
			if tc.wantErr != nil {
				if err == nil {
					t.Fatalf("no error, want one naming %q", tc.wantErr)
				}
				for _, s := range tc.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not name %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Adapted) != tc.wantAdapted || res.Adapters != tc.wantAdapter {
				t.Errorf("adapted %q with %d adapters, want %d objects and %d adapters", res.Adapted, res.Adapters, tc.wantAdapted, tc.wantAdapter)
			}
			if tc.wantAdapted == 0 {
				if strings.Join(res.Objects, "\x00") != strings.Join(in.Objects, "\x00") || len(res.Archives) != 0 {
					t.Errorf("inputs changed: %v %v", res.Objects, res.Archives)
				}
				if ents, _ := os.ReadDir(fixDir); len(ents) != 0 {
					t.Errorf("wrote files: %v", ents)
				}
			}
		})
	}
}
