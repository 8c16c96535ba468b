package codegen

import (
	"bytes"
	"errors"
	"math"
	"math/big"
	"math/bits"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// callishFn is a test function for one result of a callish op: it runs the
// op and returns result number res (wasm functions here return one value).
type callishFn struct {
	op      cmm.CallishOp
	args    []wasm.ValType
	results []wasm.ValType
	names   []string // one per result
}

// addCallish defines the functions of op called with arguments and
// results of the given types.
func (m *opModule) addCallish(t *testing.T, op cmm.CallishOp, args, results []wasm.ValType) *callishFn {
	t.Helper()
	f := &callishFn{op: op, args: args, results: results}
	body := func(keep int) func(c *wasm.Code) error {
		return func(c *wasm.Code) error {
			if err := emitCallishOp(m.o, c, op, args, results); err != nil {
				return err
			}
			locals := make([]uint32, len(results))
			for i := len(results) - 1; i >= 0; i-- {
				locals[i] = c.NewLocal(results[i])
				c.LocalSet(locals[i])
			}
			if keep >= 0 {
				c.LocalGet(locals[keep])
			}
			return nil
		}
	}
	if len(results) == 0 {
		f.names = []string{m.add(t, args, nil, body(-1))}
	}
	for i := range results {
		f.names = append(f.names, m.add(t, args, results[i:i+1], body(i)))
	}
	return f
}

// run calls every function of f with args and returns the results, or
// errTrap.
func (f *callishFn) run(t *testing.T, in *opInstance, args ...uint64) ([]uint64, error) {
	t.Helper()
	var out []uint64
	for _, name := range f.names {
		r, err := in.call(t, name, args...)
		if err != nil {
			return nil, err
		}
		out = append(out, r...)
	}
	return out, nil
}

func repOf(w cmm.Width) wasm.ValType {
	t, err := repType(w)
	if err != nil {
		panic(err)
	}
	return t
}

func repeatType(t wasm.ValType, n int) []wasm.ValType {
	ts := make([]wasm.ValType, n)
	for i := range ts {
		ts[i] = t
	}
	return ts
}

// refIntCallish is the Go model of the integer callish ops on values of
// width w (arguments already reduced to w bits). trap reports a call that
// faults on x86.
func refIntCallish(op cmm.CallishOp, a []uint64) (r []uint64, trap bool) {
	w := op.Width
	m := maskOf(w)
	n := uint(w.Bits())
	x, y := a[0], a[1]
	sx, sy := sextOf(x, w), sextOf(y, w)
	switch op.Kind {
	case cmm.MO_S_QuotRem:
		if y == 0 || (w >= cmm.W32 && sy == -1 && x == 1<<(n-1)) {
			return nil, true
		}
		if sy == -1 {
			return []uint64{uint64(-sx) & m, 0}, false
		}
		return []uint64{uint64(sx/sy) & m, uint64(sx%sy) & m}, false
	case cmm.MO_U_QuotRem:
		if y == 0 {
			return nil, true
		}
		return []uint64{x / y, x % y}, false
	case cmm.MO_U_QuotRem2:
		hi, lo, d := a[0], a[1], a[2]
		if hi >= d {
			return nil, true
		}
		var q, rem uint64
		if w != cmm.W64 {
			num := hi<<n | lo
			q, rem = num/d, num%d
		} else {
			q, rem = bits.Div64(hi, lo, d)
		}
		return []uint64{q, rem}, false
	case cmm.MO_U_Mul2, cmm.MO_S_Mul2:
		var p big.Int
		if op.Kind == cmm.MO_S_Mul2 {
			p.Mul(big.NewInt(sx), big.NewInt(sy))
		} else {
			p.Mul(new(big.Int).SetUint64(x), new(big.Int).SetUint64(y))
		}
		bm := new(big.Int).SetUint64(m)
		lo := new(big.Int).And(&p, bm).Uint64()
		hi := new(big.Int).And(new(big.Int).Rsh(&p, n), bm).Uint64()
		if op.Kind == cmm.MO_U_Mul2 {
			return []uint64{hi, lo}, false
		}
		needs := hi != uint64(sextOf(lo, w)>>(n-1))&m
		return []uint64{b2u(needs), hi, lo}, false
	case cmm.MO_Add2:
		s := (x + y) & m
		return []uint64{b2u(s < x), s}, false
	case cmm.MO_AddWordC:
		s := (x + y) & m
		return []uint64{s, b2u(s < x)}, false
	case cmm.MO_SubWordC:
		return []uint64{(x - y) & m, b2u(x < y)}, false
	case cmm.MO_AddIntC, cmm.MO_SubIntC:
		var p big.Int
		var s uint64
		if op.Kind == cmm.MO_AddIntC {
			p.Add(big.NewInt(sx), big.NewInt(sy))
			s = (x + y) & m
		} else {
			p.Sub(big.NewInt(sx), big.NewInt(sy))
			s = (x - y) & m
		}
		return []uint64{s, b2u(!p.IsInt64() || p.Int64() != sextOf(s, w))}, false
	case cmm.MO_Pdep, cmm.MO_Pext:
		var res uint64
		bit := uint64(1)
		for mk := y; mk != 0; mk &= mk - 1 {
			low := mk & -mk
			if op.Kind == cmm.MO_Pdep && x&bit != 0 {
				res |= low
			}
			if op.Kind == cmm.MO_Pext && x&low != 0 {
				res |= bit
			}
			bit <<= 1
		}
		return []uint64{res}, false
	}
	panic("no model of " + op.String())
}

// refBitCallish models MO_PopCnt, MO_Clz, MO_Ctz, MO_BSwap and MO_BRev of
// x's low w bits.
func refBitCallish(op cmm.CallishOp, x uint64) uint64 {
	w := op.Width
	n := w.Bits()
	x &= maskOf(w)
	switch op.Kind {
	case cmm.MO_PopCnt:
		return uint64(bits.OnesCount64(x))
	case cmm.MO_Clz:
		return uint64(bits.LeadingZeros64(x) - (64 - n))
	case cmm.MO_Ctz:
		if x == 0 {
			return uint64(n)
		}
		return uint64(bits.TrailingZeros64(x))
	case cmm.MO_BSwap:
		return bits.ReverseBytes64(x) >> (64 - n)
	case cmm.MO_BRev:
		return bits.Reverse64(x) >> (64 - n)
	}
	panic("no model of " + op.String())
}

func TestCallishIntOps(t *testing.T) {
	m := newOpModule()
	type group struct {
		fn   *callishFn
		w    cmm.Width
		args int
	}
	var groups []group
	for _, k := range []cmm.CallishKind{cmm.MO_S_QuotRem, cmm.MO_U_QuotRem, cmm.MO_U_QuotRem2,
		cmm.MO_U_Mul2, cmm.MO_S_Mul2, cmm.MO_Add2, cmm.MO_AddWordC, cmm.MO_SubWordC,
		cmm.MO_AddIntC, cmm.MO_SubIntC, cmm.MO_Pdep, cmm.MO_Pext} {
		for _, w := range intWidths {
			op := cmm.CallishOp{Kind: k, Width: w}
			nargs, nres, err := callishArity(op)
			if err != nil {
				t.Fatal(err)
			}
			rt := repOf(w)
			res := repeatType(rt, nres)
			if k == cmm.MO_Pdep || k == cmm.MO_Pext {
				res = []wasm.ValType{wasm.I64}
			}
			groups = append(groups, group{m.addCallish(t, op, repeatType(rt, nargs), res), w, nargs})
			if k == cmm.MO_Pdep || k == cmm.MO_Pext {
				// As GHC calls them: words in, a word out; the op takes
				// the low w bits.
				groups = append(groups, group{m.addCallish(t, op, repeatType(wasm.I64, nargs), res), w, nargs})
			}
		}
	}
	in := m.instantiate(t)
	calls, traps := 0, 0
	for _, g := range groups {
		vals := intEdges(g.w)
		var inputs [][]uint64
		for _, x := range vals {
			for _, y := range vals {
				if g.args == 3 {
					// quotRemWord2: hi < d keeps the quotient in range;
					// some of each kind.
					for _, lo := range []uint64{0, 1, maskOf(g.w), 0x123456789abcdef0 & maskOf(g.w)} {
						inputs = append(inputs, []uint64{x, lo, y})
					}
					continue
				}
				inputs = append(inputs, []uint64{x, y})
			}
		}
		fails := 0
		for _, args := range inputs {
			model := args
			callArgs := args
			if g.fn.args[0] == wasm.I64 && g.w != cmm.W64 {
				// Garbage above the width must not matter.
				callArgs = make([]uint64, len(args))
				for i, a := range args {
					callArgs[i] = a | 0xa5a5a5a5a5a5a5a5&^maskOf(g.w)
				}
			}
			want, wantTrap := refIntCallish(g.fn.op, model)
			got, err := g.fn.run(t, in, callArgs...)
			calls++
			switch {
			case wantTrap && err == nil:
				t.Errorf("%v%x = %x, want a trap", g.fn.op, args, got)
				fails++
			case wantTrap:
				traps++
			case err != nil:
				t.Errorf("%v%x: %v", g.fn.op, args, err)
				fails++
			default:
				for i := range want {
					if !sameResult(g.fn.results[i], got[i], want[i], true) {
						t.Errorf("%v%x = %x, want %x", g.fn.op, args, got, want)
						fails++
						break
					}
				}
			}
			if fails > 5 {
				t.Fatalf("%v: too many failures", g.fn.op)
			}
		}
	}
	t.Logf("%d functions, %d calls (%d traps as on x86)", len(groups), calls, traps)
}

func TestCallishBitOps(t *testing.T) {
	m := newOpModule()
	var fns []*callishFn
	for _, k := range []cmm.CallishKind{cmm.MO_PopCnt, cmm.MO_Clz, cmm.MO_Ctz, cmm.MO_BSwap, cmm.MO_BRev} {
		for _, w := range intWidths {
			if k == cmm.MO_BSwap && w == cmm.W8 {
				continue
			}
			op := cmm.CallishOp{Kind: k, Width: w}
			// As GHC calls them (words), and with the width's own type.
			fns = append(fns, m.addCallish(t, op, []wasm.ValType{wasm.I64}, []wasm.ValType{wasm.I64}))
			if w != cmm.W64 {
				fns = append(fns, m.addCallish(t, op, []wasm.ValType{wasm.I32}, []wasm.ValType{wasm.I32}))
			}
		}
	}
	in := m.instantiate(t)
	calls := 0
	for _, f := range fns {
		vals := intEdges(cmm.W64)
		for i := 0; i < 64; i++ {
			vals = append(vals, 1<<i, ^(uint64(1) << i), 3<<i, 0x8000000000000001>>i)
		}
		for _, x := range vals {
			if f.args[0] == wasm.I32 {
				x = uint64(uint32(x))
			}
			want := refBitCallish(f.op, x)
			got, err := f.run(t, in, x)
			calls++
			if err != nil {
				t.Fatalf("%v(%#x): %v", f.op, x, err)
			}
			if !sameResult(f.results[0], got[0], want, true) {
				t.Fatalf("%v(%#x) = %#x, want %#x", f.op, x, got[0], want)
			}
		}
	}
	t.Logf("%d functions, %d calls", len(fns), calls)
}

// TestCallishTraps checks the calls that fault on x86 trap.
func TestCallishTraps(t *testing.T) {
	m := newOpModule()
	qr2 := m.addCallish(t, cmm.CallishOp{Kind: cmm.MO_U_QuotRem2, Width: cmm.W64}, repeatType(wasm.I64, 3), repeatType(wasm.I64, 2))
	qr := m.addCallish(t, cmm.CallishOp{Kind: cmm.MO_S_QuotRem, Width: cmm.W64}, repeatType(wasm.I64, 2), repeatType(wasm.I64, 2))
	in := m.instantiate(t)
	for _, tc := range []struct {
		f    *callishFn
		args []uint64
	}{
		{qr2, []uint64{5, 0, 5}},
		{qr2, []uint64{0, 7, 0}},
		{qr2, []uint64{math.MaxUint64, 0, 1}},
		{qr, []uint64{1, 0}},
		{qr, []uint64{1 << 63, math.MaxUint64}},
	} {
		if got, err := tc.f.run(t, in, tc.args...); !errors.Is(err, errTrap) {
			t.Errorf("%v%x = %x, %v; want a trap", tc.f.op, tc.args, got, err)
		}
	}
}

// refUFConv is the word w converted to the float width fw, correctly
// rounded.
func refUFConv(w uint64, fw cmm.Width) uint64 {
	prec := uint(53)
	if fw == cmm.W32 {
		prec = 24
	}
	f := new(big.Float).SetPrec(prec).SetMode(big.ToNearestEven).SetUint64(w)
	v, _ := f.Float64()
	return fbits(v, fw)
}

// libmModels are Go's versions of the libm functions, for F64.
var libmModels = map[cmm.CallishKind]func(x, y float64) float64{
	cmm.MO_F64_Pwr: math.Pow, cmm.MO_F64_Sin: unary(math.Sin), cmm.MO_F64_Cos: unary(math.Cos),
	cmm.MO_F64_Tan: unary(math.Tan), cmm.MO_F64_Sinh: unary(math.Sinh), cmm.MO_F64_Cosh: unary(math.Cosh),
	cmm.MO_F64_Tanh: unary(math.Tanh), cmm.MO_F64_Asin: unary(math.Asin), cmm.MO_F64_Acos: unary(math.Acos),
	cmm.MO_F64_Atan: unary(math.Atan), cmm.MO_F64_Asinh: unary(math.Asinh), cmm.MO_F64_Acosh: unary(math.Acosh),
	cmm.MO_F64_Atanh: unary(math.Atanh), cmm.MO_F64_Log: unary(math.Log), cmm.MO_F64_Log1P: unary(math.Log1p),
	cmm.MO_F64_Exp: unary(math.Exp), cmm.MO_F64_ExpM1: unary(math.Expm1), cmm.MO_F64_Fabs: unary(math.Abs),
	cmm.MO_F64_Sqrt: unary(math.Sqrt),
}

func unary(f func(float64) float64) func(x, y float64) float64 {
	return func(x, _ float64) float64 { return f(x) }
}

// closeTo compares a libm result with Go's: equal specials, else within a
// few ulps.
func closeTo(got, want float64, w cmm.Width) bool {
	if math.IsNaN(want) || math.IsInf(want, 0) || want == 0 {
		return math.IsNaN(got) == math.IsNaN(want) && (math.IsNaN(got) || got == want)
	}
	tol := 1e-14
	if w == cmm.W32 {
		tol = 1e-6
	}
	return math.Abs(got-want) <= tol*math.Abs(want)
}

func TestCallishFloat(t *testing.T) {
	m := newOpModule()
	var fns []*callishFn
	for k := cmm.MO_F64_Pwr; k <= cmm.MO_F32_Sqrt; k++ {
		op := cmm.CallishOp{Kind: k}
		ft := wasm.F64
		if isF32Callish(k) {
			ft = wasm.F32
		}
		nargs, _, _ := callishArity(op)
		fns = append(fns, m.addCallish(t, op, repeatType(ft, nargs), []wasm.ValType{ft}))
	}
	var conv []*callishFn
	for _, fw := range floatWidths {
		ft, _ := floatType(fw)
		op := cmm.CallishOp{Kind: cmm.MO_UF_Conv, Width: fw}
		conv = append(conv, m.addCallish(t, op, []wasm.ValType{wasm.I64}, []wasm.ValType{ft}))
	}
	in := m.instantiate(t)
	xs := []float64{0, math.Copysign(0, -1), 0.5, -0.3, 0.999, 1, 1.7, 2, -2.5, 10, 100.25, -700,
		1e-10, math.NaN(), math.Inf(1), math.Inf(-1)}
	ys := []float64{2, 0.5, -1, 3, 0}
	calls := 0
	for _, f := range fns {
		w := cmm.W64
		f64Kind := f.op.Kind
		if isF32Callish(f.op.Kind) {
			w = cmm.W32
			f64Kind = f.op.Kind - (cmm.MO_F32_Pwr - cmm.MO_F64_Pwr)
		}
		model := libmModels[f64Kind]
		for _, x := range xs {
			for _, y := range ys {
				args := []uint64{fbits(x, w)}
				if len(f.args) == 2 {
					args = append(args, fbits(y, w))
				}
				xw, yw := fval(fbits(x, w), w), fval(fbits(y, w), w)
				want := fval(fbits(model(xw, yw), w), w)
				got, err := f.run(t, in, args...)
				calls++
				if err != nil {
					t.Fatalf("%v(%v, %v): %v", f.op, xw, yw, err)
				}
				if g := fval(got[0], w); !closeTo(g, want, w) {
					t.Errorf("%v(%v, %v) = %v, want %v", f.op, xw, yw, g, want)
				}
				if f.op.Kind == cmm.MO_F64_Sqrt || f.op.Kind == cmm.MO_F64_Fabs ||
					f.op.Kind == cmm.MO_F32_Sqrt || f.op.Kind == cmm.MO_F32_Fabs {
					// Inline and exact.
					if !sameResult(f.results[0], got[0], fbits(want, w), false) {
						t.Errorf("%v(%v) = %#x, want %#x", f.op, xw, got[0], fbits(want, w))
					}
				}
				if len(f.args) == 1 {
					break
				}
			}
		}
	}
	words := append(intEdges(cmm.W64), 1<<53+1, 1<<24+1, 1<<63+1<<10, 1<<63+1<<10+1, 0xffffff7fffffffff, 0x7fffffbfffffffff)
	for _, f := range conv {
		for _, x := range words {
			want := refUFConv(x, f.op.Width)
			got, err := f.run(t, in, x)
			calls++
			if err != nil {
				t.Fatal(err)
			}
			if !sameResult(f.results[0], got[0], want, true) {
				t.Errorf("%v(%#x) = %#x, want %#x", f.op, x, got[0], want)
			}
		}
	}
	t.Logf("%d functions, %d calls", len(fns)+len(conv), calls)
}

func TestCallishMemory(t *testing.T) {
	m := newOpModule()
	ptr3 := repeatType(wasm.I64, 3)
	memcpy := m.addCallish(t, cmm.CallishOp{Kind: cmm.MO_Memcpy, Align: 8}, ptr3, nil)
	memmove := m.addCallish(t, cmm.CallishOp{Kind: cmm.MO_Memmove, Align: 1}, ptr3, nil)
	memset := m.addCallish(t, cmm.CallishOp{Kind: cmm.MO_Memset, Align: 1}, ptr3, nil)
	memset32 := m.addCallish(t, cmm.CallishOp{Kind: cmm.MO_Memset, Align: 4}, []wasm.ValType{wasm.I64, wasm.I32, wasm.I64}, nil)
	memcmp := m.addCallish(t, cmm.CallishOp{Kind: cmm.MO_Memcmp, Align: 1}, ptr3, []wasm.ValType{wasm.I32})
	memcmp64 := m.addCallish(t, cmm.CallishOp{Kind: cmm.MO_Memcmp, Align: 1}, ptr3, []wasm.ValType{wasm.I64})
	var noops []*callishFn
	for _, op := range []cmm.CallishOp{{Kind: cmm.MO_ReadBarrier}, {Kind: cmm.MO_WriteBarrier}} {
		noops = append(noops, m.addCallish(t, op, nil, nil))
	}
	touch := m.addCallish(t, cmm.CallishOp{Kind: cmm.MO_Touch}, []wasm.ValType{wasm.I64}, nil)
	prefetch := m.addCallish(t, cmm.CallishOp{Kind: cmm.MO_Prefetch_Data, Align: 3}, []wasm.ValType{wasm.I64}, nil)
	in := m.instantiate(t)
	base := func() uint64 {
		r, err := in.call(t, "op_scratch")
		if err != nil {
			t.Fatal(err)
		}
		return r[0]
	}()
	mem := in.mod.Memory()
	fill := func() []byte {
		b := make([]byte, 256)
		for i := range b {
			b[i] = byte(i*7 + 1)
		}
		if !mem.Write(uint32(base), b) {
			t.Fatal("write out of range")
		}
		return b
	}
	read := func() []byte {
		b, ok := mem.Read(uint32(base), 256)
		if !ok {
			t.Fatal("read out of range")
		}
		return append([]byte(nil), b...)
	}
	run := func(f *callishFn, args ...uint64) []uint64 {
		t.Helper()
		r, err := f.run(t, in, args...)
		if err != nil {
			t.Fatalf("%v%x: %v", f.op, args, err)
		}
		return r
	}

	// memcpy, and memmove on overlapping ranges both ways.
	for _, tc := range []struct {
		f             *callishFn
		dst, src, len uint64
	}{
		{memcpy, 128, 0, 64}, {memcpy, 3, 200, 17}, {memcpy, 5, 5, 0},
		{memmove, 10, 0, 100}, {memmove, 0, 10, 100}, {memmove, 1, 0, 255},
	} {
		want := fill()
		copy(want[tc.dst:tc.dst+tc.len], append([]byte(nil), want[tc.src:tc.src+tc.len]...))
		run(tc.f, base+tc.dst, base+tc.src, tc.len)
		if got := read(); !bytes.Equal(got, want) {
			t.Errorf("%v(%d, %d, %d): memory differs", tc.f.op, tc.dst, tc.src, tc.len)
		}
	}
	// memset takes the byte from a word (or an i32).
	for _, tc := range []struct {
		f        *callishFn
		dst, len uint64
		c        uint64
	}{{memset, 7, 50, 0xab}, {memset, 0, 256, 0}, {memset32, 100, 3, 0x1ff}, {memset, 9, 0, 1}} {
		want := fill()
		for i := tc.dst; i < tc.dst+tc.len; i++ {
			want[i] = byte(tc.c)
		}
		run(tc.f, base+tc.dst, tc.c, tc.len)
		if got := read(); !bytes.Equal(got, want) {
			t.Errorf("%v(%d, %#x, %d): memory differs", tc.f.op, tc.dst, tc.c, tc.len)
		}
	}
	// memcmp's sign: the C int, sign-extended into a word register.
	for _, tc := range []struct {
		a, b []byte
		want int
	}{
		{[]byte("abc"), []byte("abc"), 0}, {[]byte("abd"), []byte("abc"), 1},
		{[]byte("ab\x01"), []byte("ab\xff"), -1}, {[]byte(""), []byte(""), 0},
	} {
		mem.Write(uint32(base), tc.a)
		mem.Write(uint32(base)+128, tc.b)
		n := uint64(len(tc.a))
		sign := func(v int64) int {
			switch {
			case v < 0:
				return -1
			case v > 0:
				return 1
			}
			return 0
		}
		if got := sign(int64(int32(run(memcmp, base, base+128, n)[0]))); got != tc.want {
			t.Errorf("memcmp(%q, %q) sign %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := sign(int64(run(memcmp64, base, base+128, n)[0])); got != tc.want {
			t.Errorf("memcmp(%q, %q) as a word: sign %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	// The no-ops change nothing.
	want := fill()
	for _, f := range noops {
		run(f)
	}
	run(touch, base)
	run(prefetch, base)
	if got := read(); !bytes.Equal(got, want) {
		t.Errorf("barriers, touch or prefetch wrote memory")
	}
}

func TestCallishAtomics(t *testing.T) {
	m := newOpModule()
	type rmw struct {
		f  *callishFn
		op func(old, n uint64) uint64
	}
	amos := map[cmm.AtomicOp]func(old, n uint64) uint64{
		cmm.AMO_Add:  func(o, n uint64) uint64 { return o + n },
		cmm.AMO_Sub:  func(o, n uint64) uint64 { return o - n },
		cmm.AMO_And:  func(o, n uint64) uint64 { return o & n },
		cmm.AMO_Nand: func(o, n uint64) uint64 { return ^(o & n) },
		cmm.AMO_Or:   func(o, n uint64) uint64 { return o | n },
		cmm.AMO_Xor:  func(o, n uint64) uint64 { return o ^ n },
	}
	var rmws []rmw
	reads := map[cmm.Width]*callishFn{}
	writes := map[cmm.Width]*callishFn{}
	cas := map[cmm.Width]*callishFn{}
	xchg := map[cmm.Width]*callishFn{}
	for _, w := range intWidths {
		rt := repOf(w)
		addrVal := []wasm.ValType{wasm.I64, rt}
		for amo := cmm.AMO_Add; amo <= cmm.AMO_Xor; amo++ {
			rmws = append(rmws, rmw{m.addCallish(t, cmm.CallishOp{Kind: cmm.MO_AtomicRMW, Width: w, AMO: amo}, addrVal, []wasm.ValType{rt}), amos[amo]})
		}
		reads[w] = m.addCallish(t, cmm.CallishOp{Kind: cmm.MO_AtomicRead, Width: w}, []wasm.ValType{wasm.I64}, []wasm.ValType{rt})
		writes[w] = m.addCallish(t, cmm.CallishOp{Kind: cmm.MO_AtomicWrite, Width: w}, addrVal, nil)
		cas[w] = m.addCallish(t, cmm.CallishOp{Kind: cmm.MO_Cmpxchg, Width: w}, []wasm.ValType{wasm.I64, rt, rt}, []wasm.ValType{rt})
		xchg[w] = m.addCallish(t, cmm.CallishOp{Kind: cmm.MO_Xchg, Width: w}, addrVal, []wasm.ValType{rt})
	}
	in := m.instantiate(t)
	r, err := in.call(t, "op_scratch")
	if err != nil {
		t.Fatal(err)
	}
	addr := r[0] + 8 // the cell; its neighbours must stay intact
	mem := in.mod.Memory()
	const guard = 0x5a5a5a5a5a5a5a5a
	set := func(v uint64) {
		mem.WriteUint64Le(uint32(addr)-8, guard)
		mem.WriteUint64Le(uint32(addr), v)
		mem.WriteUint64Le(uint32(addr)+8, guard)
	}
	// cell is the 8 bytes at addr, checking the guards.
	cell := func() uint64 {
		a, _ := mem.ReadUint64Le(uint32(addr) - 8)
		v, _ := mem.ReadUint64Le(uint32(addr))
		b, _ := mem.ReadUint64Le(uint32(addr) + 8)
		if a != guard || b != guard {
			t.Fatalf("atomic op wrote outside its cell")
		}
		return v
	}
	run := func(f *callishFn, args ...uint64) uint64 {
		t.Helper()
		r, err := f.run(t, in, args...)
		if err != nil {
			t.Fatalf("%v%x: %v", f.op, args, err)
		}
		if len(r) == 0 {
			return 0
		}
		return r[0]
	}
	const above = 0xc3c3c3c3c3c3c3c3 // the bytes of the cell above the width
	calls := 0
	for _, x := range rmws {
		w := x.f.op.Width
		mk := maskOf(w)
		for _, old := range intEdges(w) {
			for _, n := range intEdges(w)[:8] {
				set(old | above&^mk)
				got := run(x.f, addr, n)
				calls++
				if got != old {
					t.Fatalf("%v: returned %#x, want the old %#x", x.f.op, got, old)
				}
				if want := x.op(old, n)&mk | above&^mk; cell() != want {
					t.Fatalf("%v(%#x, %#x): cell %#x, want %#x", x.f.op, old, n, cell(), want)
				}
			}
		}
	}
	for _, w := range intWidths {
		mk := maskOf(w)
		for _, v := range intEdges(w) {
			set(v | above&^mk)
			if got := run(reads[w], addr); got != v {
				t.Errorf("%v: %#x, want %#x", reads[w].op, got, v)
			}
			set(above)
			run(writes[w], addr, v)
			if got := cell(); got != v|above&^mk {
				t.Errorf("%v(%#x): cell %#x", writes[w].op, v, got)
			}
			set(v | above&^mk)
			if got := run(xchg[w], addr, 1); got != v || cell() != 1|above&^mk {
				t.Errorf("%v(1): %#x, cell %#x; want %#x", xchg[w].op, got, cell(), v)
			}
			// Cmpxchg: a match stores new, a mismatch nothing; both
			// return the old value.
			set(v | above&^mk)
			if got := run(cas[w], addr, v, 2); got != v || cell() != 2|above&^mk {
				t.Errorf("%v(%#x, 2) on %#x: %#x, cell %#x", cas[w].op, v, v, got, cell())
			}
			set(v | above&^mk)
			if got := run(cas[w], addr, (v+1)&mk, 2); got != v || cell() != v|above&^mk {
				t.Errorf("%v(%#x, 2) on %#x: %#x, cell %#x", cas[w].op, (v+1)&mk, v, got, cell())
			}
			calls += 5
		}
	}
	t.Logf("%d atomic calls", calls)
}

// TestCallishErrors checks what emitCallishOp refuses.
func TestCallishErrors(t *testing.T) {
	o := wasm.NewObject()
	i64 := []wasm.ValType{wasm.I64}
	for _, tc := range []struct {
		op            cmm.CallishOp
		args, results []wasm.ValType
		want          string
	}{
		{cmm.CallishOp{Kind: cmm.MO_S_Mul2, Width: cmm.W64}, repeatType(wasm.I64, 2), repeatType(wasm.I64, 2), "want 2 and 3"},
		{cmm.CallishOp{Kind: cmm.MO_F64_Sin}, []wasm.ValType{wasm.F32}, []wasm.ValType{wasm.F64}, "argument 0 is f32"},
		{cmm.CallishOp{Kind: cmm.MO_PopCnt, Width: cmm.W128}, i64, i64, "unsupported: integer width W128"},
		{cmm.CallishOp{Kind: cmm.MO_BSwap, Width: cmm.W8}, i64, i64, "unsupported: MO_BSwap W8"},
		{cmm.CallishOp{Kind: cmm.MO_U_Mul2, Width: cmm.W64}, repeatType(wasm.I64, 2), []wasm.ValType{wasm.F64, wasm.I64}, "result 0 is i64, register is f64"},
		{cmm.CallishOp{}, nil, nil, "unsupported: callish MachOp"},
	} {
		err := emitCallishOp(o, wasm.NewCode(), tc.op, tc.args, tc.results)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.op, err, tc.want)
		}
	}
}
