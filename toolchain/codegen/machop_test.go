package codegen

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"

	"github.com/ahc-hs/ahc/boot/sysroot"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/toolchain/clang"
	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// The tests of machop.go and callish.go build one object of exported test
// functions per test, link it with wasm-ld (and libc, for libm and memcmp),
// lower it to wasm32 and call the functions on wazero with many inputs,
// comparing with a Go model of GHC's x86_64 semantics.

// opModule collects the test functions of one object.
type opModule struct {
	o       *wasm.Object
	n       int
	scratch *wasm.Data
}

func newOpModule() *opModule {
	m := &opModule{o: wasm.NewObject()}
	// A scratch area for the memory operations, whose address op_scratch
	// returns.
	m.scratch = m.o.Data("op_scratch_area")
	var z wasm.Contents
	z.Zero(4096)
	m.scratch.Define(wasm.BSS, 16, &z)
	f := m.o.Func("op_scratch", wasm.Returns(wasm.I64))
	f.Exported = true
	c := wasm.NewCode()
	c.I64ConstAddr(m.scratch, 0)
	f.Define(c)
	return m
}

// add defines an exported test function and returns its name.
func (m *opModule) add(t *testing.T, params, results []wasm.ValType, body func(c *wasm.Code) error) string {
	t.Helper()
	name := fmt.Sprintf("op_%d", m.n)
	m.n++
	f := m.o.Func(name, wasm.FuncType{Params: params, Results: results})
	f.Exported = true
	c := wasm.NewCode(params...)
	for i := range params {
		c.LocalGet(uint32(i))
	}
	if err := body(c); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	f.Define(c)
	return name
}

// opInstance is a linked, lowered and instantiated opModule.
type opInstance struct {
	ctx context.Context
	mod api.Module
}

// instantiate links, lowers and instantiates m, failing the test when a
// tool is missing: `make test` installs them all.
func (m *opModule) instantiate(t *testing.T) *opInstance {
	t.Helper()
	if testing.Short() {
		t.Skip("links with wasm-ld and the wasm64 sysroot")
	}
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	wasmLd, err := tools.Lookup(cfg.Tools.WasmLD, "lld")
	if err != nil {
		t.Fatal(err)
	}
	wasmOpt, err := tools.Lookup(cfg.Tools.WasmOpt, "binaryen")
	if err != nil {
		t.Fatal(err)
	}
	clangPath, err := tools.Lookup(cfg.Tools.Clang, "clang")
	if err != nil {
		t.Fatal(err)
	}
	root, err := sysroot.Find(cfg.CacheDir)
	if err != nil {
		t.Fatalf("the codegen execution tests need ahc's wasm64 C sysroot: %v", err)
	}
	ctx := context.Background()
	b, err := m.o.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	obj := filepath.Join(dir, "ops.o")
	if err := os.WriteFile(obj, b, 0o644); err != nil {
		t.Fatal(err)
	}
	builtins, err := tools.Output(ctx, clangPath, "--target="+clang.Triple, "-print-libgcc-file-name")
	if err != nil {
		t.Fatal(err)
	}
	linked := filepath.Join(dir, "ops.wasm")
	lib := clang.LibDir(root)
	if _, err := tools.Output(ctx, wasmLd, "-mwasm64", "--no-entry", "-o", linked, obj,
		"-L"+lib, "-lc", strings.TrimSpace(builtins)); err != nil {
		t.Fatal(err)
	}
	lowered := filepath.Join(dir, "ops.lowered.wasm")
	// No optimisation: the code under test runs as emitted.
	if err := linker.Lower(ctx, wasmOpt, linked, lowered, linker.LowerOptions{}); err != nil {
		t.Fatal(err)
	}
	module, err := os.ReadFile(lowered)
	if err != nil {
		t.Fatal(err)
	}
	r := wazero.NewRuntime(ctx)
	t.Cleanup(func() { r.Close(ctx) })
	mod, err := r.Instantiate(ctx, module)
	if err != nil {
		t.Fatal(err)
	}
	return &opInstance{ctx: ctx, mod: mod}
}

// errTrap is a call that trapped.
var errTrap = errors.New("trap")

// call calls the exported function name.
func (in *opInstance) call(t *testing.T, name string, args ...uint64) ([]uint64, error) {
	t.Helper()
	f := in.mod.ExportedFunction(name)
	if f == nil {
		t.Fatalf("no export %s", name)
	}
	res, err := f.Call(in.ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errTrap, err)
	}
	return res, nil
}

// Values are uint64 bit patterns: integers of width w zero-extended,
// floats their IEEE bits.

func maskOf(w cmm.Width) uint64 {
	if w == cmm.W64 {
		return math.MaxUint64
	}
	return 1<<w.Bits() - 1
}

func sextOf(v uint64, w cmm.Width) int64 {
	s := 64 - w.Bits()
	return int64(v<<s) >> s
}

// intEdges are the edge values of width w.
func intEdges(w cmm.Width) []uint64 {
	m := maskOf(w)
	minS := uint64(1) << (w.Bits() - 1)
	vs := []uint64{0, 1, 2, 3, 7, 100, m, m - 1, m - 99, minS, minS + 1, minS - 1, minS - 2,
		0x5555555555555555, 0xaaaaaaaaaaaaaaaa, 0x0123456789abcdef, 0xfedcba9876543210,
		0xdeadbeefcafef00d, 1 << (w.Bits() / 2), 1<<(w.Bits()/2) + 1, 1<<(w.Bits()/2) - 1}
	seen := map[uint64]bool{}
	var out []uint64
	for _, v := range vs {
		v &= m
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

func f32bits(v float32) uint64 { return uint64(math.Float32bits(v)) }
func f64bits(v float64) uint64 { return math.Float64bits(v) }

// floatEdges are the edge values of the float width w, as bits.
func floatEdges(w cmm.Width) []uint64 {
	vs := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, -0.5, 1.5, -2.5, 3.75, math.NaN(),
		math.Inf(1), math.Inf(-1), 127.9, -128.9, 255.5, 32767.5, -32768.5, 65535.9,
		0x1p31, -0x1p31, 0x1p31 - 1, -0x1p31 - 1, 0x1p31 - 0.5, -0x1p31 - 0.5, 0x1p32, 0x1p32 - 1,
		0x1p63, -0x1p63, 0x1p63 - 1024, -0x1p63 - 2048, 0x1p64, 1e300, -1e300, 1e-300,
		0x1p-1074, -0x1p-1074, 0x1p-1022, 0x1p-149, -0x1p-149, 0x1p-126, math.MaxFloat64,
		math.MaxFloat32, 1e10, -1e10, 1.0 / 3, math.Pi, 123456789.123}
	var out []uint64
	for _, v := range vs {
		if w == cmm.W32 {
			out = append(out, f32bits(float32(v)))
		} else {
			out = append(out, f64bits(v))
		}
	}
	if w == cmm.W32 {
		// Values just inside and outside the int ranges, exact in f32.
		for _, v := range []float32{0x1p31 - 128, -0x1p31 + 128, -0x1p31 - 256, 0x1p63 - 0x1p39, -0x1p63 - 0x1p40} {
			out = append(out, f32bits(v))
		}
	}
	return out
}

// fval is a float of width w given as bits, as a float64.
func fval(v uint64, w cmm.Width) float64 {
	if w == cmm.W32 {
		return float64(math.Float32frombits(uint32(v)))
	}
	return math.Float64frombits(v)
}

// fbits is f rounded to the float width w, as bits.
func fbits(f float64, w cmm.Width) uint64 {
	if w == cmm.W32 {
		return f32bits(float32(f))
	}
	return f64bits(f)
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// refMachOp is the Go model of op on the arguments a. trap reports an
// operation that faults on x86 and traps here.
func refMachOp(op cmm.MachOp, a []uint64) (r uint64, trap bool) {
	w := op.Width
	m := maskOf(w)
	var x, y uint64
	x = a[0]
	if len(a) > 1 {
		y = a[1]
	}
	sx, sy := sextOf(x, w), sextOf(y, w)
	switch op.Kind {
	case cmm.MO_Add:
		return (x + y) & m, false
	case cmm.MO_Sub:
		return (x - y) & m, false
	case cmm.MO_Mul:
		return (x * y) & m, false
	case cmm.MO_And:
		return x & y, false
	case cmm.MO_Or:
		return x | y, false
	case cmm.MO_Xor:
		return x ^ y, false
	case cmm.MO_Not:
		return ^x & m, false
	case cmm.MO_S_Neg:
		return -x & m, false
	case cmm.MO_Eq:
		return b2u(x == y), false
	case cmm.MO_Ne:
		return b2u(x != y), false
	case cmm.MO_U_Lt:
		return b2u(x < y), false
	case cmm.MO_U_Le:
		return b2u(x <= y), false
	case cmm.MO_U_Gt:
		return b2u(x > y), false
	case cmm.MO_U_Ge:
		return b2u(x >= y), false
	case cmm.MO_S_Lt:
		return b2u(sx < sy), false
	case cmm.MO_S_Le:
		return b2u(sx <= sy), false
	case cmm.MO_S_Gt:
		return b2u(sx > sy), false
	case cmm.MO_S_Ge:
		return b2u(sx >= sy), false
	case cmm.MO_U_Quot, cmm.MO_U_Rem:
		if y == 0 {
			return 0, true
		}
		if op.Kind == cmm.MO_U_Quot {
			return x / y, false
		}
		return x % y, false
	case cmm.MO_S_Quot, cmm.MO_S_Rem:
		if y == 0 || (op.Kind == cmm.MO_S_Quot && w >= cmm.W32 && sy == -1 && x == 1<<(w.Bits()-1)) {
			return 0, true
		}
		if sy == -1 {
			// Go's MinInt64 / -1 is MinInt64, rem 0: what wraps.
			if op.Kind == cmm.MO_S_Quot {
				return uint64(-sx) & m, false
			}
			return 0, false
		}
		if op.Kind == cmm.MO_S_Quot {
			return uint64(sx/sy) & m, false
		}
		return uint64(sx%sy) & m, false
	case cmm.MO_Shl:
		return (x << y) & m, false
	case cmm.MO_U_Shr:
		return x >> y, false
	case cmm.MO_S_Shr:
		return uint64(sx>>y) & m, false
	case cmm.MO_S_MulMayOflo, cmm.MO_U_MulMayOflo:
		var p big.Int
		var lo, hi big.Int
		if op.Kind == cmm.MO_S_MulMayOflo {
			p.Mul(big.NewInt(sx), big.NewInt(sy))
			lo.Lsh(big.NewInt(-1), uint(w.Bits()-1))
			hi.Neg(&lo)
			hi.Sub(&hi, big.NewInt(1))
		} else {
			p.Mul(new(big.Int).SetUint64(x), new(big.Int).SetUint64(y))
			hi.SetUint64(m)
		}
		return b2u(p.Cmp(&lo) < 0 || p.Cmp(&hi) > 0), false
	case cmm.MO_SS_Conv, cmm.MO_UU_Conv, cmm.MO_XX_Conv:
		if op.To > w && op.Kind == cmm.MO_SS_Conv {
			return uint64(sx) & maskOf(op.To), false
		}
		return x & maskOf(op.To), false
	case cmm.MO_SF_Conv:
		if op.To == cmm.W32 {
			return f32bits(float32(sx)), false
		}
		return f64bits(float64(sx)), false
	case cmm.MO_FS_Conv:
		f := math.Trunc(fval(x, w))
		n := max(op.To.Bits(), 32)
		lim := math.Ldexp(1, n-1)
		if math.IsNaN(f) || f < -lim || f >= lim {
			return (uint64(1) << (n - 1)) & maskOf(op.To), false
		}
		return uint64(int64(f)) & maskOf(op.To), false
	case cmm.MO_FF_Conv:
		return fbits(fval(x, w), op.To), false
	case cmm.MO_AlignmentCheck:
		return x, false
	case cmm.MO_F_Neg:
		if w == cmm.W32 {
			return x ^ 1<<31, false
		}
		return x ^ 1<<63, false
	}
	fx, fy := fval(x, w), fval(y, w)
	if w == cmm.W32 {
		// Single-precision arithmetic, rounded once.
		ax, ay := float32(fx), float32(fy)
		switch op.Kind {
		case cmm.MO_F_Add:
			return f32bits(ax + ay), false
		case cmm.MO_F_Sub:
			return f32bits(ax - ay), false
		case cmm.MO_F_Mul:
			return f32bits(ax * ay), false
		case cmm.MO_F_Quot:
			return f32bits(ax / ay), false
		}
	}
	switch op.Kind {
	case cmm.MO_F_Add:
		return f64bits(fx + fy), false
	case cmm.MO_F_Sub:
		return f64bits(fx - fy), false
	case cmm.MO_F_Mul:
		return f64bits(fx * fy), false
	case cmm.MO_F_Quot:
		return f64bits(fx / fy), false
	case cmm.MO_F_Eq:
		return b2u(fx == fy), false
	case cmm.MO_F_Ne:
		return b2u(fx != fy), false
	case cmm.MO_F_Lt:
		return b2u(fx < fy), false
	case cmm.MO_F_Le:
		return b2u(fx <= fy), false
	case cmm.MO_F_Gt:
		return b2u(fx > fy), false
	case cmm.MO_F_Ge:
		return b2u(fx >= fy), false
	}
	panic("no model of " + op.String())
}

// sameResult compares results of type t: NaNs of any payload are equal
// unless exact is set (F_Neg is bit-exact).
func sameResult(t wasm.ValType, got, want uint64, exact bool) bool {
	switch t {
	case wasm.I32:
		return uint32(got) == uint32(want) && want>>32 == 0
	case wasm.F32:
		g, w := math.Float32frombits(uint32(got)), math.Float32frombits(uint32(want))
		if !exact && g != g && w != w {
			return true
		}
		return uint32(got) == uint32(want)
	case wasm.F64:
		g, w := math.Float64frombits(got), math.Float64frombits(want)
		if !exact && g != g && w != w {
			return true
		}
	}
	return got == want
}

var (
	intWidths   = []cmm.Width{cmm.W8, cmm.W16, cmm.W32, cmm.W64}
	floatWidths = []cmm.Width{cmm.W32, cmm.W64}
)

// machOpCases are every scalar MachOp at every width it takes.
func machOpCases() []cmm.MachOp {
	var ops []cmm.MachOp
	for _, k := range []cmm.MachOpKind{cmm.MO_Add, cmm.MO_Sub, cmm.MO_Eq, cmm.MO_Ne, cmm.MO_Mul,
		cmm.MO_S_MulMayOflo, cmm.MO_S_Quot, cmm.MO_S_Rem, cmm.MO_S_Neg, cmm.MO_U_MulMayOflo,
		cmm.MO_U_Quot, cmm.MO_U_Rem, cmm.MO_S_Ge, cmm.MO_S_Le, cmm.MO_S_Gt, cmm.MO_S_Lt,
		cmm.MO_U_Ge, cmm.MO_U_Le, cmm.MO_U_Gt, cmm.MO_U_Lt, cmm.MO_And, cmm.MO_Or, cmm.MO_Xor,
		cmm.MO_Not, cmm.MO_Shl, cmm.MO_U_Shr, cmm.MO_S_Shr} {
		for _, w := range intWidths {
			ops = append(ops, cmm.MachOp{Kind: k, Width: w})
		}
	}
	for _, w := range intWidths {
		ops = append(ops, cmm.MachOp{Kind: cmm.MO_AlignmentCheck, Width: w, Lanes: 8})
	}
	for _, k := range []cmm.MachOpKind{cmm.MO_F_Add, cmm.MO_F_Sub, cmm.MO_F_Neg, cmm.MO_F_Mul,
		cmm.MO_F_Quot, cmm.MO_F_Eq, cmm.MO_F_Ne, cmm.MO_F_Ge, cmm.MO_F_Le, cmm.MO_F_Gt, cmm.MO_F_Lt} {
		for _, w := range floatWidths {
			ops = append(ops, cmm.MachOp{Kind: k, Width: w})
		}
	}
	for _, k := range []cmm.MachOpKind{cmm.MO_SS_Conv, cmm.MO_UU_Conv, cmm.MO_XX_Conv} {
		for _, from := range intWidths {
			for _, to := range intWidths {
				ops = append(ops, cmm.MachOp{Kind: k, Width: from, To: to})
			}
		}
	}
	for _, i := range intWidths {
		for _, f := range floatWidths {
			ops = append(ops, cmm.MachOp{Kind: cmm.MO_SF_Conv, Width: i, To: f},
				cmm.MachOp{Kind: cmm.MO_FS_Conv, Width: f, To: i})
		}
	}
	for _, from := range floatWidths {
		for _, to := range floatWidths {
			ops = append(ops, cmm.MachOp{Kind: cmm.MO_FF_Conv, Width: from, To: to})
		}
	}
	return ops
}

// machOpInputs are the argument lists op is tested on.
func machOpInputs(op cmm.MachOp, types []wasm.ValType) [][]uint64 {
	var vals []uint64
	if types[0] == wasm.F32 || types[0] == wasm.F64 {
		vals = floatEdges(op.Width)
	} else {
		vals = intEdges(op.Width)
	}
	var in [][]uint64
	switch {
	case len(types) == 1:
		for _, v := range vals {
			in = append(in, []uint64{v})
		}
	case op.Kind == cmm.MO_Shl || op.Kind == cmm.MO_U_Shr || op.Kind == cmm.MO_S_Shr:
		// In-range amounts only: Cmm leaves the others undefined.
		for _, v := range vals {
			for s := 0; s < op.Width.Bits(); s++ {
				in = append(in, []uint64{v, uint64(s)})
			}
		}
	default:
		for _, v := range vals {
			for _, u := range vals {
				in = append(in, []uint64{v, u})
			}
		}
	}
	return in
}

func TestMachOps(t *testing.T) {
	m := newOpModule()
	type fn struct {
		op     cmm.MachOp
		name   string
		params []wasm.ValType
		result wasm.ValType
	}
	var fns []fn
	for _, op := range machOpCases() {
		params, err := machOpArgTypes(op)
		if err != nil {
			t.Fatalf("%v: %v", op, err)
		}
		result, err := machOpResultType(op)
		if err != nil {
			t.Fatalf("%v: %v", op, err)
		}
		name := m.add(t, params, []wasm.ValType{result}, func(c *wasm.Code) error { return emitMachOp(c, op) })
		fns = append(fns, fn{op, name, params, result})
	}
	in := m.instantiate(t)
	calls, traps := 0, 0
	for _, f := range fns {
		fails := 0
		for _, args := range machOpInputs(f.op, f.params) {
			want, wantTrap := refMachOp(f.op, args)
			got, err := in.call(t, f.name, args...)
			calls++
			switch {
			case wantTrap && err == nil:
				t.Errorf("%v%x = %#x, want a trap", f.op, args, got[0])
				fails++
			case wantTrap:
				traps++
			case err != nil:
				t.Errorf("%v%x: %v", f.op, args, err)
				fails++
			case !sameResult(f.result, got[0], want, f.op.Kind == cmm.MO_F_Neg):
				t.Errorf("%v%x = %#x, want %#x", f.op, args, got[0], want)
				fails++
			}
			if fails > 5 {
				t.Fatalf("%v: too many failures", f.op)
			}
		}
	}
	t.Logf("%d MachOps, %d calls (%d traps as on x86)", len(fns), calls, traps)
}

// TestMachOpErrors checks the MachOps emitMachOp refuses.
func TestMachOpErrors(t *testing.T) {
	for _, tc := range []struct {
		op   cmm.MachOp
		want string
	}{
		{cmm.MachOp{Kind: cmm.MO_V_Add, Width: cmm.W32, Lanes: 4}, "unsupported: SIMD vector MachOp MO_V_Add_4_W32"},
		{cmm.MachOp{Kind: cmm.MO_VF_Neg, Width: cmm.W64, Lanes: 2}, "unsupported: SIMD vector MachOp MO_VF_Neg_2_W64"},
		{cmm.MachOp{Kind: cmm.MO_V_Extract, Width: cmm.W8, Lanes: 16}, "unsupported: SIMD vector MachOp"},
		{cmm.MachOp{Kind: cmm.MO_Add, Width: cmm.W128}, "unsupported: integer width W128"},
		{cmm.MachOp{Kind: cmm.MO_F_Add, Width: cmm.W16}, "unsupported: float width W16"},
		{cmm.MachOp{Kind: cmm.MO_SS_Conv, Width: cmm.W64, To: cmm.W128}, "unsupported: integer width W128"},
	} {
		err := emitMachOp(wasm.NewCode(), tc.op)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.op, err, tc.want)
		}
	}
}
