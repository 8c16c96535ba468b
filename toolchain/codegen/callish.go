package codegen

import (
	"fmt"

	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// libmNames are the C functions GHC's NCG calls for the callish float
// operations it does not inline (outOfLineCmmOp).
var libmNames = map[cmm.CallishKind]string{
	cmm.MO_F64_Pwr: "pow", cmm.MO_F64_Sin: "sin", cmm.MO_F64_Cos: "cos", cmm.MO_F64_Tan: "tan",
	cmm.MO_F64_Sinh: "sinh", cmm.MO_F64_Cosh: "cosh", cmm.MO_F64_Tanh: "tanh",
	cmm.MO_F64_Asin: "asin", cmm.MO_F64_Acos: "acos", cmm.MO_F64_Atan: "atan",
	cmm.MO_F64_Asinh: "asinh", cmm.MO_F64_Acosh: "acosh", cmm.MO_F64_Atanh: "atanh",
	cmm.MO_F64_Log: "log", cmm.MO_F64_Log1P: "log1p", cmm.MO_F64_Exp: "exp", cmm.MO_F64_ExpM1: "expm1",
	cmm.MO_F32_Pwr: "powf", cmm.MO_F32_Sin: "sinf", cmm.MO_F32_Cos: "cosf", cmm.MO_F32_Tan: "tanf",
	cmm.MO_F32_Sinh: "sinhf", cmm.MO_F32_Cosh: "coshf", cmm.MO_F32_Tanh: "tanhf",
	cmm.MO_F32_Asin: "asinf", cmm.MO_F32_Acos: "acosf", cmm.MO_F32_Atan: "atanf",
	cmm.MO_F32_Asinh: "asinhf", cmm.MO_F32_Acosh: "acoshf", cmm.MO_F32_Atanh: "atanhf",
	cmm.MO_F32_Log: "logf", cmm.MO_F32_Log1P: "log1pf", cmm.MO_F32_Exp: "expf", cmm.MO_F32_ExpM1: "expm1f",
}

// isF32Callish reports the callish float operations on F32.
func isF32Callish(k cmm.CallishKind) bool {
	return k >= cmm.MO_F32_Pwr && k <= cmm.MO_F32_Sqrt
}

// isFloatCallish reports the callish float operations.
func isFloatCallish(k cmm.CallishKind) bool {
	return k >= cmm.MO_F64_Pwr && k <= cmm.MO_F32_Sqrt
}

// callishArity is the number of arguments and results a call of op has in
// GHC's Cmm.
func callishArity(op cmm.CallishOp) (args, results int, err error) {
	switch k := op.Kind; {
	case k == cmm.MO_F64_Pwr || k == cmm.MO_F32_Pwr:
		return 2, 1, nil
	case isFloatCallish(k), k == cmm.MO_UF_Conv, k == cmm.MO_PopCnt, k == cmm.MO_Clz,
		k == cmm.MO_Ctz, k == cmm.MO_BSwap, k == cmm.MO_BRev, k == cmm.MO_AtomicRead:
		return 1, 1, nil
	}
	switch op.Kind {
	case cmm.MO_S_Mul2:
		return 2, 3, nil
	case cmm.MO_U_Mul2, cmm.MO_S_QuotRem, cmm.MO_U_QuotRem, cmm.MO_Add2,
		cmm.MO_AddWordC, cmm.MO_SubWordC, cmm.MO_AddIntC, cmm.MO_SubIntC:
		return 2, 2, nil
	case cmm.MO_U_QuotRem2:
		return 3, 2, nil
	case cmm.MO_ReadBarrier, cmm.MO_WriteBarrier:
		return 0, 0, nil
	case cmm.MO_Touch, cmm.MO_Prefetch_Data:
		return 1, 0, nil
	case cmm.MO_Memcpy, cmm.MO_Memset, cmm.MO_Memmove:
		return 3, 0, nil
	case cmm.MO_Memcmp, cmm.MO_Cmpxchg:
		return 3, 1, nil
	case cmm.MO_Pdep, cmm.MO_Pext, cmm.MO_AtomicRMW, cmm.MO_Xchg:
		return 2, 1, nil
	case cmm.MO_AtomicWrite:
		return 2, 0, nil
	}
	return 0, 0, fmt.Errorf("unsupported: callish MachOp %v", op)
}

// emitCallishOp emits the callish MachOp op (a `call MO_...(args)` of
// Cmm). Contract:
//
//   - The caller has pushed the arguments in Cmm order; args are their
//     wasm types, those of the argument expressions in the value
//     representation of machop.go. An integer argument may be of any
//     integer type: emitCallishOp takes the bits the op's width needs
//     (GHC passes words to MO_PopCnt W8 and the like), zero-extending an
//     i32 where it needs an i64.
//   - It leaves the results on the stack in Cmm order (the first deepest),
//     one per result register, results being the registers' wasm types:
//     the caller pops them into the registers last to first. An integer
//     result is zero-extended or wrapped to its register's type (memcmp's
//     C int is sign-extended).
//   - The numbers of arguments and results must be GHC's for op
//     (callishArity); MO_Touch and MO_Prefetch_Data drop their argument.
//
// The float functions GHC's NCG calls in libm are calls of the same C
// functions, declared in o; MO_F*_Sqrt and MO_F*_Fabs are inline, as
// natively. Atomics are single-threaded plain loads and stores; barriers
// are no-ops. It may declare scratch locals in c.
func emitCallishOp(o *wasm.Object, c *wasm.Code, op cmm.CallishOp, args, results []wasm.ValType) error {
	nargs, nres, err := callishArity(op)
	if err != nil {
		return err
	}
	if len(args) != nargs || len(results) != nres {
		return fmt.Errorf("%v: called with %d arguments and %d results, want %d and %d",
			op, len(args), len(results), nargs, nres)
	}
	switch {
	case isFloatCallish(op.Kind):
		return emitFloatCallish(o, c, op, args, results)
	case op.Kind == cmm.MO_ReadBarrier, op.Kind == cmm.MO_WriteBarrier,
		op.Kind == cmm.MO_Touch, op.Kind == cmm.MO_Prefetch_Data:
		// No code natively either (prefetch aside, a hint wasm lacks).
		for range args {
			c.Op(wasm.Drop)
		}
		return nil
	}
	for i, t := range args {
		if t != wasm.I32 && t != wasm.I64 {
			return fmt.Errorf("%v: argument %d is %v, want an integer", op, i, t)
		}
	}
	e := &callish{c: c, argTypes: args}
	// Everything else works on its arguments from locals.
	e.args = make([]uint32, len(args))
	for i := len(args) - 1; i >= 0; i-- {
		e.args[i] = c.NewLocal(args[i])
		c.LocalSet(e.args[i])
	}
	w := op.Width
	needWidth := func() error {
		if _, err := repType(w); err != nil {
			return fmt.Errorf("%v: %w", op, err)
		}
		return nil
	}
	var res []wasm.ValType // the types of the values left on the stack
	switch op.Kind {
	case cmm.MO_UF_Conv:
		// A word to the float of width w (hs_word2float32/64 natively).
		ft, err := floatType(w)
		if err != nil {
			return fmt.Errorf("%v: %w", op, err)
		}
		e.int(0, cmm.W64)
		if ft == wasm.F32 {
			c.Op(wasm.F32ConvertI64U)
		} else {
			c.Op(wasm.F64ConvertI64U)
		}
		res = []wasm.ValType{ft}
	case cmm.MO_Memcpy, cmm.MO_Memmove:
		// memory.copy is memmove.
		e.int(0, cmm.W64)
		e.int(1, cmm.W64)
		e.int(2, cmm.W64)
		c.MemoryCopy()
	case cmm.MO_Memset:
		e.int(0, cmm.W64)
		e.int(1, cmm.W32)
		e.int(2, cmm.W64)
		c.MemoryFill()
	case cmm.MO_Memcmp:
		// int memcmp(const void *, const void *, size_t) of wasm64 C.
		memcmp := o.Func("memcmp", wasm.FuncType{
			Params:  []wasm.ValType{wasm.I64, wasm.I64, wasm.I64},
			Results: []wasm.ValType{wasm.I32},
		})
		e.int(0, cmm.W64)
		e.int(1, cmm.W64)
		e.int(2, cmm.W64)
		c.Call(memcmp)
		if results[0] == wasm.I64 {
			c.Op(wasm.I64ExtendI32S)
			res = []wasm.ValType{wasm.I64}
		} else {
			res = []wasm.ValType{wasm.I32}
		}
	default:
		if err := needWidth(); err != nil {
			return err
		}
		if res, err = e.intOp(op); err != nil {
			return err
		}
	}
	return coerceResults(c, res, results, op)
}

// coerceResults converts the values on the stack, of types have, to the
// result registers' types want.
func coerceResults(c *wasm.Code, have, want []wasm.ValType, op cmm.CallishOp) error {
	if len(have) != len(want) {
		return fmt.Errorf("%v: %d results, want %d", op, len(have), len(want))
	}
	same := true
	for i := range have {
		if have[i] != want[i] {
			same = false
			isInt := func(t wasm.ValType) bool { return t == wasm.I32 || t == wasm.I64 }
			if !isInt(have[i]) || !isInt(want[i]) {
				return fmt.Errorf("%v: result %d is %v, register is %v", op, i, have[i], want[i])
			}
		}
	}
	if same {
		return nil
	}
	// Pop into locals, then push back converted.
	tmps := make([]uint32, len(have))
	for i := len(have) - 1; i >= 0; i-- {
		tmps[i] = c.NewLocal(have[i])
		c.LocalSet(tmps[i])
	}
	for i, t := range tmps {
		c.LocalGet(t)
		convertInt(c, have[i], want[i])
	}
	return nil
}

// convertInt zero-extends or wraps an integer.
func convertInt(c *wasm.Code, from, to wasm.ValType) {
	switch {
	case from == wasm.I32 && to == wasm.I64:
		c.Op(wasm.I64ExtendI32U)
	case from == wasm.I64 && to == wasm.I32:
		c.Op(wasm.I32WrapI64)
	}
}

// emitFloatCallish emits the callish float functions.
func emitFloatCallish(o *wasm.Object, c *wasm.Code, op cmm.CallishOp, args, results []wasm.ValType) error {
	ft := wasm.F64
	if isF32Callish(op.Kind) {
		ft = wasm.F32
	}
	for i, t := range args {
		if t != ft {
			return fmt.Errorf("%v: argument %d is %v, want %v", op, i, t, ft)
		}
	}
	if results[0] != ft {
		return fmt.Errorf("%v: result register is %v, want %v", op, results[0], ft)
	}
	switch op.Kind {
	case cmm.MO_F64_Sqrt:
		c.Op(wasm.F64Sqrt)
	case cmm.MO_F32_Sqrt:
		c.Op(wasm.F32Sqrt)
	case cmm.MO_F64_Fabs:
		c.Op(wasm.F64Abs)
	case cmm.MO_F32_Fabs:
		c.Op(wasm.F32Abs)
	default:
		name, ok := libmNames[op.Kind]
		if !ok {
			return fmt.Errorf("unsupported: callish MachOp %v", op)
		}
		c.Call(o.Func(name, wasm.FuncType{Params: args, Results: []wasm.ValType{ft}}))
	}
	return nil
}

// callish emits an integer callish operation whose arguments are in
// locals.
type callish struct {
	c        *wasm.Code
	args     []uint32
	argTypes []wasm.ValType
}

// int pushes argument i as an integer of width w in the value
// representation: its low bits, zero-extended.
func (e *callish) int(i int, w cmm.Width) {
	c := e.c
	c.LocalGet(e.args[i])
	from := e.argTypes[i]
	if w == cmm.W64 {
		convertInt(c, from, wasm.I64)
		return
	}
	convertInt(c, from, wasm.I32)
	narrow(c, w)
}

// word pushes argument i, of width w, zero-extended to an i64.
func (e *callish) word(i int, w cmm.Width) {
	e.int(i, w)
	if w != cmm.W64 {
		e.c.Op(wasm.I64ExtendI32U)
	}
}

// intOp emits the integer operations of width w and returns the types of
// the results it leaves.
func (e *callish) intOp(op cmm.CallishOp) ([]wasm.ValType, error) {
	c := e.c
	w := op.Width
	rt, _ := repType(w)
	o := opsFor(w)
	one := []wasm.ValType{rt}
	two := []wasm.ValType{rt, rt}
	binary := func(k cmm.MachOpKind) {
		e.int(0, w)
		e.int(1, w)
		// Cannot fail: w is a supported integer width.
		_ = emitMachOp(c, cmm.MachOp{Kind: k, Width: w})
	}
	switch op.Kind {
	case cmm.MO_S_QuotRem:
		binary(cmm.MO_S_Quot)
		binary(cmm.MO_S_Rem)
		return two, nil
	case cmm.MO_U_QuotRem:
		binary(cmm.MO_U_Quot)
		binary(cmm.MO_U_Rem)
		return two, nil
	case cmm.MO_U_QuotRem2:
		e.quotRem2(w)
		return two, nil
	case cmm.MO_U_Mul2, cmm.MO_S_Mul2:
		return e.mul2(w, op.Kind == cmm.MO_S_Mul2), nil
	case cmm.MO_Add2, cmm.MO_AddWordC, cmm.MO_SubWordC, cmm.MO_AddIntC, cmm.MO_SubIntC:
		e.carry(op.Kind, w)
		return two, nil
	case cmm.MO_PopCnt, cmm.MO_Clz, cmm.MO_Ctz, cmm.MO_BSwap, cmm.MO_BRev:
		if op.Kind == cmm.MO_BSwap && w == cmm.W8 {
			return nil, fmt.Errorf("unsupported: %v", op)
		}
		e.bits(op.Kind, w)
		return []wasm.ValType{wasm.I64}, nil
	case cmm.MO_Pdep, cmm.MO_Pext:
		e.pdepPext(op.Kind == cmm.MO_Pdep, w)
		return []wasm.ValType{wasm.I64}, nil
	case cmm.MO_AtomicRead:
		e.int(0, cmm.W64)
		loadWidth(c, w)
		return one, nil
	case cmm.MO_AtomicWrite:
		e.int(0, cmm.W64)
		e.int(1, w)
		storeWidth(c, w)
		return nil, nil
	case cmm.MO_Xchg, cmm.MO_AtomicRMW, cmm.MO_Cmpxchg:
		old := c.NewLocal(rt)
		e.int(0, cmm.W64)
		loadWidth(c, w)
		c.LocalSet(old)
		switch op.Kind {
		case cmm.MO_Xchg:
			e.int(0, cmm.W64)
			e.int(1, w)
			storeWidth(c, w)
		case cmm.MO_Cmpxchg:
			c.LocalGet(old)
			e.int(1, w)
			c.Op(o.eq)
			c.If(wasm.FuncType{})
			e.int(0, cmm.W64)
			e.int(2, w)
			storeWidth(c, w)
			c.End()
		default:
			e.int(0, cmm.W64)
			c.LocalGet(old)
			e.int(1, w)
			switch op.AMO {
			case cmm.AMO_Add:
				c.Op(o.add)
			case cmm.AMO_Sub:
				c.Op(o.sub)
			case cmm.AMO_And:
				c.Op(o.and)
			case cmm.AMO_Nand:
				c.Op(o.and)
				o.constant(c, -1)
				c.Op(o.xor)
			case cmm.AMO_Or:
				c.Op(o.or)
			case cmm.AMO_Xor:
				c.Op(o.xor)
			default:
				return nil, fmt.Errorf("unsupported: %v", op)
			}
			// The narrow store drops the bits above w.
			storeWidth(c, w)
		}
		c.LocalGet(old)
		return one, nil
	}
	return nil, fmt.Errorf("unsupported: callish MachOp %v", op)
}

// loadWidth loads an integer of width w, zero-extended, from the i64 address on
// the stack.
func loadWidth(c *wasm.Code, w cmm.Width) {
	switch w {
	case cmm.W8:
		c.I32Load8U(wasm.MemArg{})
	case cmm.W16:
		c.I32Load16U(wasm.MemArg{})
	case cmm.W32:
		c.I32Load(wasm.MemArg{})
	default:
		c.I64Load(wasm.MemArg{})
	}
}

// storeWidth stores the integer of width w on the stack at the i64 address
// below it.
func storeWidth(c *wasm.Code, w cmm.Width) {
	switch w {
	case cmm.W8:
		c.I32Store8(wasm.MemArg{})
	case cmm.W16:
		c.I32Store16(wasm.MemArg{})
	case cmm.W32:
		c.I32Store(wasm.MemArg{})
	default:
		c.I64Store(wasm.MemArg{})
	}
}

// mul2 leaves the double-width product of the two arguments: (hi, lo)
// unsigned; (c, hi, lo) signed, c being 1 iff hi is not lo's sign
// extension (x86's carry flag after imul), i.e. the product needs hi.
func (e *callish) mul2(w cmm.Width, signed bool) []wasm.ValType {
	c := e.c
	rt, _ := repType(w)
	lo := c.NewLocal(rt)
	hi := c.NewLocal(rt)
	if w == cmm.W64 {
		x := c.NewLocal(wasm.I64)
		y := c.NewLocal(wasm.I64)
		e.int(0, w)
		c.LocalSet(x)
		e.int(1, w)
		c.LocalSet(y)
		h := emitMulHigh(c, x, y, signed)
		c.LocalGet(h)
		c.LocalSet(hi)
		c.LocalGet(x)
		c.LocalGet(y)
		c.Op(wasm.I64Mul)
		c.LocalSet(lo)
	} else {
		// The exact product fits an i64.
		p := c.NewLocal(wasm.I64)
		for i := 0; i < 2; i++ {
			e.int(i, w)
			if signed {
				signExtend(c, w)
				c.Op(wasm.I64ExtendI32S)
			} else {
				c.Op(wasm.I64ExtendI32U)
			}
		}
		c.Op(wasm.I64Mul)
		c.LocalTee(p)
		c.Op(wasm.I32WrapI64)
		narrow(c, w)
		c.LocalSet(lo)
		c.LocalGet(p)
		c.I64Const(int64(w.Bits()))
		c.Op(wasm.I64ShrU)
		c.Op(wasm.I32WrapI64)
		narrow(c, w)
		c.LocalSet(hi)
	}
	if !signed {
		c.LocalGet(hi)
		c.LocalGet(lo)
		return []wasm.ValType{rt, rt}
	}
	o := opsFor(w)
	// c = hi != (lo's sign bit, smeared over w)
	c.LocalGet(hi)
	c.LocalGet(lo)
	signExtend(c, w)
	o.constant(c, int64(w.Bits()-1))
	if w == cmm.W8 || w == cmm.W16 {
		c.Op(wasm.I32ShrS)
		narrow(c, w)
	} else {
		c.Op(o.shrS)
	}
	c.Op(o.ne)
	if w == cmm.W64 {
		c.Op(wasm.I64ExtendI32U)
	}
	c.LocalGet(hi)
	c.LocalGet(lo)
	return []wasm.ValType{rt, rt, rt}
}

// quotRem2 leaves the quotient and remainder of the double-width unsigned
// (hi, lo) by y. Like x86's div it traps when the quotient does not fit
// the width (hi >= y, division by zero included); GHC's quotRemWord2#
// requires hi < y.
func (e *callish) quotRem2(w cmm.Width) {
	c := e.c
	// Trap on hi >= y.
	e.word(0, w)
	e.word(2, w)
	c.Op(wasm.I64GeU)
	c.If(wasm.FuncType{})
	c.Op(wasm.Unreachable)
	c.End()
	if w != cmm.W64 {
		x := c.NewLocal(wasm.I64)
		e.word(0, w)
		c.I64Const(int64(w.Bits()))
		c.Op(wasm.I64Shl)
		e.word(1, w)
		c.Op(wasm.I64Or)
		c.LocalSet(x)
		for _, div := range []wasm.Opcode{wasm.I64DivU, wasm.I64RemU} {
			c.LocalGet(x)
			e.word(2, w)
			c.Op(div)
			c.Op(wasm.I32WrapI64)
		}
		return
	}
	hi := c.NewLocal(wasm.I64)
	lo := c.NewLocal(wasm.I64)
	y := c.NewLocal(wasm.I64)
	top := c.NewLocal(wasm.I32)
	n := c.NewLocal(wasm.I32)
	e.int(0, w)
	c.LocalSet(hi)
	e.int(1, w)
	c.LocalSet(lo)
	e.int(2, w)
	c.LocalSet(y)
	c.LocalGet(hi)
	c.Op(wasm.I64Eqz)
	c.If(wasm.FuncType{})
	{
		// One word: wasm's division does it.
		c.LocalGet(lo)
		c.LocalGet(y)
		c.Op(wasm.I64RemU)
		c.LocalGet(lo)
		c.LocalGet(y)
		c.Op(wasm.I64DivU)
		c.LocalSet(lo)
		c.LocalSet(hi)
	}
	c.Else()
	{
		// Restoring shift-subtract division, 64 steps, with hi < y
		// throughout: the quotient bits shift into lo as its bits shift
		// out into hi, and hi ends as the remainder.
		c.I32Const(64)
		c.LocalSet(n)
		c.Loop(wasm.FuncType{})
		// top = hi's top bit, shifted out by hi <<= 1.
		c.LocalGet(hi)
		c.I64Const(63)
		c.Op(wasm.I64ShrU)
		c.Op(wasm.I32WrapI64)
		c.LocalSet(top)
		c.LocalGet(hi)
		c.I64Const(1)
		c.Op(wasm.I64Shl)
		c.LocalGet(lo)
		c.I64Const(63)
		c.Op(wasm.I64ShrU)
		c.Op(wasm.I64Or)
		c.LocalSet(hi)
		c.LocalGet(lo)
		c.I64Const(1)
		c.Op(wasm.I64Shl)
		c.LocalSet(lo)
		// if top || hi >= y { hi -= y; lo |= 1 }
		c.LocalGet(top)
		c.LocalGet(hi)
		c.LocalGet(y)
		c.Op(wasm.I64GeU)
		c.Op(wasm.I32Or)
		c.If(wasm.FuncType{})
		c.LocalGet(hi)
		c.LocalGet(y)
		c.Op(wasm.I64Sub)
		c.LocalSet(hi)
		c.LocalGet(lo)
		c.I64Const(1)
		c.Op(wasm.I64Or)
		c.LocalSet(lo)
		c.End()
		c.LocalGet(n)
		c.I32Const(1)
		c.Op(wasm.I32Sub)
		c.LocalTee(n)
		c.BrIf(0)
		c.End()
	}
	c.End()
	c.LocalGet(lo)
	c.LocalGet(hi)
}

// carry leaves MO_Add2's (carry, sum) or the (result, flag) of
// MO_AddWordC, MO_SubWordC (carry, borrow) and MO_AddIntC, MO_SubIntC
// (signed overflow), flags being 0 or 1 as x86's setc/seto give them.
func (e *callish) carry(k cmm.CallishKind, w cmm.Width) {
	c := e.c
	o := opsFor(w)
	rt, _ := repType(w)
	r := c.NewLocal(rt)
	e.int(0, w)
	e.int(1, w)
	if k == cmm.MO_SubWordC || k == cmm.MO_SubIntC {
		c.Op(o.sub)
	} else {
		c.Op(o.add)
	}
	narrow(c, w)
	c.LocalSet(r)
	flag := func() {
		switch k {
		case cmm.MO_Add2, cmm.MO_AddWordC:
			c.LocalGet(r)
			e.int(0, w)
			c.Op(o.ltU)
		case cmm.MO_SubWordC:
			e.int(0, w)
			e.int(1, w)
			c.Op(o.ltU)
		default:
			// Signed overflow: for x+y, x and y both differ in sign from
			// r; for x-y, x differs from both y and r.
			if k == cmm.MO_AddIntC {
				e.int(1, w)
				c.LocalGet(r)
			} else {
				e.int(0, w)
				e.int(1, w)
			}
			c.Op(o.xor)
			e.int(0, w)
			c.LocalGet(r)
			c.Op(o.xor)
			c.Op(o.and)
			o.constant(c, int64(w.Bits()-1))
			c.Op(o.shrU)
			o.constant(c, 1)
			c.Op(o.and)
			return
		}
		// The comparisons give an i32.
		if w == cmm.W64 {
			c.Op(wasm.I64ExtendI32U)
		}
	}
	if k == cmm.MO_Add2 {
		flag()
		c.LocalGet(r)
	} else {
		c.LocalGet(r)
		flag()
	}
}

// bits leaves, as an i64, MO_PopCnt, MO_Clz, MO_Ctz, MO_BSwap or MO_BRev
// of argument 0's low w bits: clz and ctz of 0 are w, bswap and brev
// leave a w-bit value.
func (e *callish) bits(k cmm.CallishKind, w cmm.Width) {
	c := e.c
	e.word(0, w)
	shift := int64(64 - w.Bits())
	switch k {
	case cmm.MO_PopCnt:
		c.Op(wasm.I64Popcnt)
	case cmm.MO_Clz:
		c.Op(wasm.I64Clz)
		if shift != 0 {
			c.I64Const(shift)
			c.Op(wasm.I64Sub)
		}
	case cmm.MO_Ctz:
		if w != cmm.W64 {
			// A bit above w makes ctz 0 = w.
			c.I64Const(1 << w.Bits())
			c.Op(wasm.I64Or)
		}
		c.Op(wasm.I64Ctz)
	case cmm.MO_BSwap, cmm.MO_BRev:
		if k == cmm.MO_BRev {
			// Reverse the bits of each byte, then the bytes.
			for _, s := range []struct {
				n    int64
				mask uint64
			}{{1, 0x5555555555555555}, {2, 0x3333333333333333}, {4, 0x0f0f0f0f0f0f0f0f}} {
				swapMasked(c, s.n, s.mask)
			}
		}
		swapMasked(c, 8, 0x00ff00ff00ff00ff)
		swapMasked(c, 16, 0x0000ffff0000ffff)
		c.I64Const(32)
		c.Op(wasm.I64Rotl)
		// The reversed w bits are at the top.
		if shift != 0 {
			c.I64Const(shift)
			c.Op(wasm.I64ShrU)
		}
	}
}

// swapMasked swaps the adjacent n-bit groups that mask selects of the i64
// on the stack: x = (x >> n) & mask | (x & mask) << n.
func swapMasked(c *wasm.Code, n int64, mask uint64) {
	x := c.NewLocal(wasm.I64)
	c.LocalTee(x)
	c.I64Const(n)
	c.Op(wasm.I64ShrU)
	c.I64Const(int64(mask))
	c.Op(wasm.I64And)
	c.LocalGet(x)
	c.I64Const(int64(mask))
	c.Op(wasm.I64And)
	c.I64Const(n)
	c.Op(wasm.I64Shl)
	c.Op(wasm.I64Or)
}

// pdepPext leaves, as an i64, the parallel bit deposit or extract of
// argument 0 under the mask argument 1, both taken to w bits, as BMI2's
// pdep and pext do: a loop over the mask's set bits.
func (e *callish) pdepPext(deposit bool, w cmm.Width) {
	c := e.c
	src := c.NewLocal(wasm.I64)
	m := c.NewLocal(wasm.I64)
	res := c.NewLocal(wasm.I64)
	bit := c.NewLocal(wasm.I64) // the current bit of the packed side
	low := c.NewLocal(wasm.I64) // the mask's lowest set bit
	e.word(0, w)
	c.LocalSet(src)
	e.word(1, w)
	c.LocalSet(m)
	c.I64Const(1)
	c.LocalSet(bit)
	c.Block(wasm.FuncType{})
	c.Loop(wasm.FuncType{})
	c.LocalGet(m)
	c.Op(wasm.I64Eqz)
	c.BrIf(1)
	// low = m & -m
	c.LocalGet(m)
	c.I64Const(0)
	c.LocalGet(m)
	c.Op(wasm.I64Sub)
	c.Op(wasm.I64And)
	c.LocalSet(low)
	// pdep: if src & bit { res |= low }; pext: if src & low { res |= bit }
	c.LocalGet(src)
	if deposit {
		c.LocalGet(bit)
	} else {
		c.LocalGet(low)
	}
	c.Op(wasm.I64And)
	c.I64Const(0)
	c.Op(wasm.I64Ne)
	c.If(wasm.FuncType{})
	c.LocalGet(res)
	if deposit {
		c.LocalGet(low)
	} else {
		c.LocalGet(bit)
	}
	c.Op(wasm.I64Or)
	c.LocalSet(res)
	c.End()
	// m ^= low; bit <<= 1
	c.LocalGet(m)
	c.LocalGet(low)
	c.Op(wasm.I64Xor)
	c.LocalSet(m)
	c.LocalGet(bit)
	c.I64Const(1)
	c.Op(wasm.I64Shl)
	c.LocalSet(bit)
	c.Br(0)
	c.End()
	c.End()
	c.LocalGet(res)
}
