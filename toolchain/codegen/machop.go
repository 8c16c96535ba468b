package codegen

import (
	"fmt"

	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// Value representation shared by the whole code generator:
//
//	W8, W16, W32  i32, W8 and W16 zero-extended (upper bits 0)
//	W64           i64
//	F32, F64      f32, f64
//
// Every emitter here takes its operands in that representation and leaves
// its result in it, so W8/W16 results are masked again after arithmetic and
// signed operations on them sign-extend first.

// repType is the wasm type of an integer of width w.
func repType(w cmm.Width) (wasm.ValType, error) {
	switch w {
	case cmm.W8, cmm.W16, cmm.W32:
		return wasm.I32, nil
	case cmm.W64:
		return wasm.I64, nil
	}
	return 0, fmt.Errorf("unsupported: integer width %v", w)
}

// floatType is the wasm type of a float of width w.
func floatType(w cmm.Width) (wasm.ValType, error) {
	switch w {
	case cmm.W32:
		return wasm.F32, nil
	case cmm.W64:
		return wasm.F64, nil
	}
	return 0, fmt.Errorf("unsupported: float width %v", w)
}

// isVector reports the SIMD MachOps, which ahc does not support (GHC's NCG
// does not either: it asks for -fllvm).
func isVector(k cmm.MachOpKind) bool {
	switch k {
	case cmm.MO_V_Insert, cmm.MO_V_Extract, cmm.MO_V_Add, cmm.MO_V_Sub, cmm.MO_V_Mul,
		cmm.MO_VS_Quot, cmm.MO_VS_Rem, cmm.MO_VS_Neg, cmm.MO_VU_Quot, cmm.MO_VU_Rem,
		cmm.MO_VF_Insert, cmm.MO_VF_Extract, cmm.MO_VF_Add, cmm.MO_VF_Sub, cmm.MO_VF_Neg,
		cmm.MO_VF_Mul, cmm.MO_VF_Quot:
		return true
	}
	return false
}

func isFloatOp(k cmm.MachOpKind) bool {
	switch k {
	case cmm.MO_F_Add, cmm.MO_F_Sub, cmm.MO_F_Neg, cmm.MO_F_Mul, cmm.MO_F_Quot,
		cmm.MO_F_Eq, cmm.MO_F_Ne, cmm.MO_F_Ge, cmm.MO_F_Le, cmm.MO_F_Gt, cmm.MO_F_Lt:
		return true
	}
	return false
}

// machOpArgTypes is the wasm types emitMachOp expects its operands in, in
// Cmm argument order (GHC's machOpArgReps in the representation above). A
// shift amount is a word (i64) whatever the shifted width: a caller whose
// amount expression is narrower converts it first.
func machOpArgTypes(op cmm.MachOp) ([]wasm.ValType, error) {
	if isVector(op.Kind) {
		return nil, fmt.Errorf("unsupported: SIMD vector MachOp %v", op)
	}
	var t wasm.ValType
	var err error
	switch op.Kind {
	case cmm.MO_SF_Conv, cmm.MO_SS_Conv, cmm.MO_UU_Conv, cmm.MO_XX_Conv:
		t, err = repType(op.Width)
	case cmm.MO_FS_Conv, cmm.MO_FF_Conv:
		t, err = floatType(op.Width)
	default:
		if isFloatOp(op.Kind) {
			t, err = floatType(op.Width)
		} else {
			t, err = repType(op.Width)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%v: %w", op, err)
	}
	switch op.Kind {
	case cmm.MO_S_Neg, cmm.MO_F_Neg, cmm.MO_Not, cmm.MO_AlignmentCheck,
		cmm.MO_SF_Conv, cmm.MO_FS_Conv, cmm.MO_SS_Conv, cmm.MO_UU_Conv, cmm.MO_XX_Conv, cmm.MO_FF_Conv:
		return []wasm.ValType{t}, nil
	case cmm.MO_Shl, cmm.MO_U_Shr, cmm.MO_S_Shr:
		return []wasm.ValType{t, wasm.I64}, nil
	}
	return []wasm.ValType{t, t}, nil
}

// machOpResultType is the wasm type of op's result: comparisons give a
// word (GHC's comparisonResultRep, W64 on a 64-bit target) holding 0 or 1.
func machOpResultType(op cmm.MachOp) (wasm.ValType, error) {
	if isVector(op.Kind) {
		return 0, fmt.Errorf("unsupported: SIMD vector MachOp %v", op)
	}
	if op.IsComparison() {
		return wasm.I64, nil
	}
	var t wasm.ValType
	var err error
	switch op.Kind {
	case cmm.MO_SS_Conv, cmm.MO_UU_Conv, cmm.MO_XX_Conv, cmm.MO_FS_Conv:
		t, err = repType(op.To)
	case cmm.MO_SF_Conv, cmm.MO_FF_Conv:
		t, err = floatType(op.To)
	default:
		if isFloatOp(op.Kind) {
			t, err = floatType(op.Width)
		} else {
			t, err = repType(op.Width)
		}
	}
	if err != nil {
		return 0, fmt.Errorf("%v: %w", op, err)
	}
	return t, nil
}

// intOps are the wasm instructions of one integer representation.
type intOps struct {
	t                           wasm.ValType
	add, sub, mul, and, or, xor wasm.Opcode
	divS, divU, remS, remU      wasm.Opcode
	shl, shrS, shrU             wasm.Opcode
	eq, ne, ltS, ltU, gtS, gtU  wasm.Opcode
	leS, leU, geS, geU          wasm.Opcode
	constant                    func(c *wasm.Code, v int64)
}

var (
	ops32 = intOps{
		t: wasm.I32, add: wasm.I32Add, sub: wasm.I32Sub, mul: wasm.I32Mul, and: wasm.I32And,
		or: wasm.I32Or, xor: wasm.I32Xor, divS: wasm.I32DivS, divU: wasm.I32DivU,
		remS: wasm.I32RemS, remU: wasm.I32RemU, shl: wasm.I32Shl, shrS: wasm.I32ShrS,
		shrU: wasm.I32ShrU, eq: wasm.I32Eq, ne: wasm.I32Ne, ltS: wasm.I32LtS, ltU: wasm.I32LtU,
		gtS: wasm.I32GtS, gtU: wasm.I32GtU, leS: wasm.I32LeS, leU: wasm.I32LeU,
		geS: wasm.I32GeS, geU: wasm.I32GeU,
		constant: func(c *wasm.Code, v int64) { c.I32Const(int32(v)) },
	}
	ops64 = intOps{
		t: wasm.I64, add: wasm.I64Add, sub: wasm.I64Sub, mul: wasm.I64Mul, and: wasm.I64And,
		or: wasm.I64Or, xor: wasm.I64Xor, divS: wasm.I64DivS, divU: wasm.I64DivU,
		remS: wasm.I64RemS, remU: wasm.I64RemU, shl: wasm.I64Shl, shrS: wasm.I64ShrS,
		shrU: wasm.I64ShrU, eq: wasm.I64Eq, ne: wasm.I64Ne, ltS: wasm.I64LtS, ltU: wasm.I64LtU,
		gtS: wasm.I64GtS, gtU: wasm.I64GtU, leS: wasm.I64LeS, leU: wasm.I64LeU,
		geS: wasm.I64GeS, geU: wasm.I64GeU,
		constant: func(c *wasm.Code, v int64) { c.I64Const(v) },
	}
)

// compare is the instruction of the integer comparison k.
func (o intOps) compare(k cmm.MachOpKind) wasm.Opcode {
	switch k {
	case cmm.MO_Eq:
		return o.eq
	case cmm.MO_Ne:
		return o.ne
	case cmm.MO_S_Ge:
		return o.geS
	case cmm.MO_S_Le:
		return o.leS
	case cmm.MO_S_Gt:
		return o.gtS
	case cmm.MO_S_Lt:
		return o.ltS
	case cmm.MO_U_Ge:
		return o.geU
	case cmm.MO_U_Le:
		return o.leU
	case cmm.MO_U_Gt:
		return o.gtU
	}
	return o.ltU
}

func opsFor(w cmm.Width) intOps {
	if w == cmm.W64 {
		return ops64
	}
	return ops32
}

// widthMask is the mask of a width's bits.
func widthMask(w cmm.Width) int64 {
	if w == cmm.W64 {
		return -1
	}
	return int64(uint64(1)<<w.Bits() - 1)
}

// narrow re-establishes the zero extension of a W8 or W16 result on the
// stack; W32 and W64 need nothing.
func narrow(c *wasm.Code, w cmm.Width) {
	if w == cmm.W8 || w == cmm.W16 {
		c.I32Const(int32(widthMask(w)))
		c.Op(wasm.I32And)
	}
}

// signExtend sign-extends the W8 or W16 value on the stack to its i32.
func signExtend(c *wasm.Code, w cmm.Width) {
	switch w {
	case cmm.W8:
		c.Op(wasm.I32Extend8S)
	case cmm.W16:
		c.Op(wasm.I32Extend16S)
	}
}

// bothOperands applies f to each of the two operands on the stack (the
// second is kept in a local meanwhile).
func bothOperands(c *wasm.Code, t wasm.ValType, f func()) {
	tmp := c.NewLocal(t)
	c.LocalSet(tmp)
	f()
	c.LocalGet(tmp)
	f()
}

// emitMachOp emits the MachOp op, whose operands the caller has pushed in
// Cmm argument order with the types machOpArgTypes gives, and leaves its
// result, of the type machOpResultType gives. It may declare scratch locals
// in c. It returns an error for the SIMD MachOps and for widths GHC's
// x86_64 code generator does not support either (W128 and wider, float
// widths other than W32 and W64).
//
// Semantics where Cmm leaves a choice, as GHC's x86_64 NCG does them:
//   - Division and remainder truncate (Haskell's quot/rem). Division by
//     zero traps, as x86's div/idiv fault, and so does MO_S_Quot of W32 or
//     W64 MIN by -1 (GHC's Haskell code guards both). MO_S_Rem of MIN by
//     -1 gives 0 (wasm's rem_s), where idiv faults. W8 and W16 divide
//     sign-extended in an i32, so MIN/-1 gives MIN: what the NCG gives for
//     W8 (it divides in 16 bits), where for W16 it would fault.
//   - Shifts by at least the width are undefined in Cmm; wasm masks the
//     amount for W32 and W64, and W8/W16 shift within an i32.
//   - MO_S_MulMayOflo and MO_U_MulMayOflo give exactly 1 when the signed
//     (unsigned) product overflows the width, 0 otherwise. For the signed
//     op the NCG gives some non-zero value then (and supports W32 and W64
//     only); it does not implement the unsigned one.
//   - MO_FS_Conv truncates like cvttss2si/cvttsd2si: NaN and values out of
//     range give the width's minimum (0x80...0). W8 and W16 results (which
//     the NCG cannot emit) are the W32 conversion's low bits.
//   - MO_XX_Conv extends with zeros, like MO_UU_Conv.
//   - Float comparisons are IEEE: with a NaN, MO_F_Ne is 1, the others 0.
func emitMachOp(c *wasm.Code, op cmm.MachOp) error {
	if isVector(op.Kind) {
		return fmt.Errorf("unsupported: SIMD vector MachOp %v", op)
	}
	if _, err := machOpArgTypes(op); err != nil {
		return err
	}
	if _, err := machOpResultType(op); err != nil {
		return err
	}
	w := op.Width
	if isFloatOp(op.Kind) {
		emitFloatOp(c, op)
		return nil
	}
	o := opsFor(w)
	switch op.Kind {
	case cmm.MO_Add:
		c.Op(o.add)
		narrow(c, w)
	case cmm.MO_Sub:
		c.Op(o.sub)
		narrow(c, w)
	case cmm.MO_Mul:
		c.Op(o.mul)
		narrow(c, w)
	case cmm.MO_And:
		c.Op(o.and)
	case cmm.MO_Or:
		c.Op(o.or)
	case cmm.MO_Xor:
		c.Op(o.xor)
	case cmm.MO_Not:
		o.constant(c, widthMask(w))
		c.Op(o.xor)
	case cmm.MO_S_Neg:
		tmp := c.NewLocal(o.t)
		c.LocalSet(tmp)
		o.constant(c, 0)
		c.LocalGet(tmp)
		c.Op(o.sub)
		narrow(c, w)
	case cmm.MO_Eq, cmm.MO_Ne, cmm.MO_U_Ge, cmm.MO_U_Le, cmm.MO_U_Gt, cmm.MO_U_Lt:
		// Zero-extended operands compare as they are.
		c.Op(o.compare(op.Kind))
		c.Op(wasm.I64ExtendI32U)
	case cmm.MO_S_Ge, cmm.MO_S_Le, cmm.MO_S_Gt, cmm.MO_S_Lt:
		if w == cmm.W8 || w == cmm.W16 {
			bothOperands(c, wasm.I32, func() { signExtend(c, w) })
		}
		c.Op(o.compare(op.Kind))
		c.Op(wasm.I64ExtendI32U)
	case cmm.MO_U_Quot:
		c.Op(o.divU)
	case cmm.MO_U_Rem:
		c.Op(o.remU)
	case cmm.MO_S_Quot, cmm.MO_S_Rem:
		if w == cmm.W8 || w == cmm.W16 {
			bothOperands(c, wasm.I32, func() { signExtend(c, w) })
		}
		if op.Kind == cmm.MO_S_Quot {
			c.Op(o.divS)
		} else {
			c.Op(o.remS)
		}
		narrow(c, w)
	case cmm.MO_Shl, cmm.MO_U_Shr, cmm.MO_S_Shr:
		emitShift(c, op)
	case cmm.MO_S_MulMayOflo:
		emitMulMayOflo(c, w, true)
	case cmm.MO_U_MulMayOflo:
		emitMulMayOflo(c, w, false)
	case cmm.MO_SS_Conv, cmm.MO_UU_Conv, cmm.MO_XX_Conv:
		emitIntConv(c, w, op.To, op.Kind == cmm.MO_SS_Conv)
	case cmm.MO_SF_Conv:
		signExtend(c, w)
		var conv wasm.Opcode
		switch {
		case w == cmm.W64 && op.To == cmm.W32:
			conv = wasm.F32ConvertI64S
		case w == cmm.W64:
			conv = wasm.F64ConvertI64S
		case op.To == cmm.W32:
			conv = wasm.F32ConvertI32S
		default:
			conv = wasm.F64ConvertI32S
		}
		c.Op(conv)
	case cmm.MO_FS_Conv:
		emitFloatToInt(c, w, op.To)
	case cmm.MO_FF_Conv:
		switch {
		case w == cmm.W32 && op.To == cmm.W64:
			c.Op(wasm.F64PromoteF32)
		case w == cmm.W64 && op.To == cmm.W32:
			c.Op(wasm.F32DemoteF64)
		}
	case cmm.MO_AlignmentCheck:
		// GHC's NCG checks nothing either unless -falignment-sanitisation.
	default:
		return fmt.Errorf("unsupported: MachOp %v", op)
	}
	return nil
}

// emitFloatOp emits an arithmetic or comparison float MachOp.
func emitFloatOp(c *wasm.Code, op cmm.MachOp) {
	f32 := op.Width == cmm.W32
	pick := func(a, b wasm.Opcode) wasm.Opcode {
		if f32 {
			return a
		}
		return b
	}
	var ins wasm.Opcode
	cmp := false
	switch op.Kind {
	case cmm.MO_F_Add:
		ins = pick(wasm.F32Add, wasm.F64Add)
	case cmm.MO_F_Sub:
		ins = pick(wasm.F32Sub, wasm.F64Sub)
	case cmm.MO_F_Mul:
		ins = pick(wasm.F32Mul, wasm.F64Mul)
	case cmm.MO_F_Quot:
		ins = pick(wasm.F32Div, wasm.F64Div)
	case cmm.MO_F_Neg:
		// Flips the sign bit, NaNs included, like the NCG's xorps.
		ins = pick(wasm.F32Neg, wasm.F64Neg)
	case cmm.MO_F_Eq:
		ins, cmp = pick(wasm.F32Eq, wasm.F64Eq), true
	case cmm.MO_F_Ne:
		ins, cmp = pick(wasm.F32Ne, wasm.F64Ne), true
	case cmm.MO_F_Ge:
		ins, cmp = pick(wasm.F32Ge, wasm.F64Ge), true
	case cmm.MO_F_Le:
		ins, cmp = pick(wasm.F32Le, wasm.F64Le), true
	case cmm.MO_F_Gt:
		ins, cmp = pick(wasm.F32Gt, wasm.F64Gt), true
	case cmm.MO_F_Lt:
		ins, cmp = pick(wasm.F32Lt, wasm.F64Lt), true
	}
	c.Op(ins)
	if cmp {
		c.Op(wasm.I64ExtendI32U)
	}
}

// emitShift emits a shift whose amount is the i64 on top of the stack.
func emitShift(c *wasm.Code, op cmm.MachOp) {
	w := op.Width
	o := opsFor(w)
	if w != cmm.W64 {
		c.Op(wasm.I32WrapI64)
	}
	switch op.Kind {
	case cmm.MO_Shl:
		c.Op(o.shl)
		narrow(c, w)
	case cmm.MO_U_Shr:
		c.Op(o.shrU)
	case cmm.MO_S_Shr:
		if w == cmm.W8 || w == cmm.W16 {
			amt := c.NewLocal(wasm.I32)
			c.LocalSet(amt)
			signExtend(c, w)
			c.LocalGet(amt)
		}
		c.Op(o.shrS)
		narrow(c, w)
	}
}

// emitMulMayOflo leaves 1 if the signed (or unsigned) product of the two
// operands overflows w, else 0.
func emitMulMayOflo(c *wasm.Code, w cmm.Width, signed bool) {
	switch w {
	case cmm.W8, cmm.W16:
		// The exact product fits an i32.
		if signed {
			bothOperands(c, wasm.I32, func() { signExtend(c, w) })
		}
		c.Op(wasm.I32Mul)
		p := c.NewLocal(wasm.I32)
		c.LocalTee(p)
		c.LocalGet(p)
		if signed {
			signExtend(c, w)
		} else {
			narrow(c, w)
		}
		c.Op(wasm.I32Ne)
	case cmm.W32:
		ext := wasm.I64ExtendI32U
		if signed {
			ext = wasm.I64ExtendI32S
		}
		bothOperands(c, wasm.I32, func() { c.Op(ext) })
		c.Op(wasm.I64Mul)
		p := c.NewLocal(wasm.I64)
		c.LocalTee(p)
		c.LocalGet(p)
		if signed {
			c.Op(wasm.I64Extend32S)
		} else {
			c.I64Const(0xffffffff)
			c.Op(wasm.I64And)
		}
		c.Op(wasm.I64Ne)
	case cmm.W64:
		y := c.NewLocal(wasm.I64)
		x := c.NewLocal(wasm.I64)
		c.LocalSet(y)
		c.LocalSet(x)
		hi := emitMulHigh(c, x, y, signed)
		c.LocalGet(hi)
		if signed {
			// Overflow iff the high word is not the low word's sign.
			c.LocalGet(x)
			c.LocalGet(y)
			c.Op(wasm.I64Mul)
			c.I64Const(63)
			c.Op(wasm.I64ShrS)
		} else {
			c.I64Const(0)
		}
		c.Op(wasm.I64Ne)
		c.Op(wasm.I64ExtendI32U)
	}
}

// emitMulHigh computes the high word of the 128-bit product of the i64
// locals x and y, signed or unsigned, into a new local it returns.
func emitMulHigh(c *wasm.Code, x, y uint32, signed bool) uint32 {
	half := func(v uint32, high bool) {
		c.LocalGet(v)
		if high {
			c.I64Const(32)
			c.Op(wasm.I64ShrU)
		} else {
			c.I64Const(0xffffffff)
			c.Op(wasm.I64And)
		}
	}
	t := c.NewLocal(wasm.I64)
	u := c.NewLocal(wasm.I64)
	hi := c.NewLocal(wasm.I64)
	// t = xl*yl
	half(x, false)
	half(y, false)
	c.Op(wasm.I64Mul)
	c.LocalSet(t)
	// u = xh*yl + t>>32 (cannot overflow)
	half(x, true)
	half(y, false)
	c.Op(wasm.I64Mul)
	c.LocalGet(t)
	c.I64Const(32)
	c.Op(wasm.I64ShrU)
	c.Op(wasm.I64Add)
	c.LocalSet(u)
	// t = xl*yh + (u & 0xffffffff)
	half(x, false)
	half(y, true)
	c.Op(wasm.I64Mul)
	c.LocalGet(u)
	c.I64Const(0xffffffff)
	c.Op(wasm.I64And)
	c.Op(wasm.I64Add)
	c.LocalSet(t)
	// hi = xh*yh + u>>32 + t>>32
	half(x, true)
	half(y, true)
	c.Op(wasm.I64Mul)
	c.LocalGet(u)
	c.I64Const(32)
	c.Op(wasm.I64ShrU)
	c.Op(wasm.I64Add)
	c.LocalGet(t)
	c.I64Const(32)
	c.Op(wasm.I64ShrU)
	c.Op(wasm.I64Add)
	if signed {
		// The signed high word subtracts y when x < 0 and x when y < 0.
		c.LocalGet(x)
		c.I64Const(63)
		c.Op(wasm.I64ShrS)
		c.LocalGet(y)
		c.Op(wasm.I64And)
		c.Op(wasm.I64Sub)
		c.LocalGet(y)
		c.I64Const(63)
		c.Op(wasm.I64ShrS)
		c.LocalGet(x)
		c.Op(wasm.I64And)
		c.Op(wasm.I64Sub)
	}
	c.LocalSet(hi)
	return hi
}

// emitIntConv converts an integer of width from to width to, sign- or
// zero-extending when it widens, keeping the low bits when it narrows.
func emitIntConv(c *wasm.Code, from, to cmm.Width, signed bool) {
	switch {
	case from == to:
	case to < from:
		if from == cmm.W64 {
			c.Op(wasm.I32WrapI64)
		}
		narrow(c, to)
	case signed:
		signExtend(c, from)
		if to == cmm.W64 {
			c.Op(wasm.I64ExtendI32S)
		} else {
			narrow(c, to)
		}
	default:
		// Already zero-extended in the i32.
		if to == cmm.W64 {
			c.Op(wasm.I64ExtendI32U)
		}
	}
}

// emitFloatToInt truncates the float of width from on the stack to an
// integer of width to as x86's cvtts[sd]2si does: NaN and out-of-range
// values give the minimum of the (at least 32-bit) destination.
func emitFloatToInt(c *wasm.Code, from, to cmm.Width) {
	ft := wasm.F64
	if from == cmm.W32 {
		ft = wasm.F32
	}
	x := c.NewLocal(ft)
	c.LocalTee(x)
	// The saturating truncation is right in range and below it (MIN);
	// NaN and values >= 2^(n-1) need MIN instead, which select picks when
	// x < 2^(n-1) is false.
	if to == cmm.W64 {
		if ft == wasm.F32 {
			c.Op(wasm.I64TruncSatF32S)
		} else {
			c.Op(wasm.I64TruncSatF64S)
		}
		c.I64Const(-1 << 63)
	} else {
		if ft == wasm.F32 {
			c.Op(wasm.I32TruncSatF32S)
		} else {
			c.Op(wasm.I32TruncSatF64S)
		}
		c.I32Const(-1 << 31)
	}
	c.LocalGet(x)
	bound := 0x1p31
	if to == cmm.W64 {
		bound = 0x1p63
	}
	if ft == wasm.F32 {
		c.F32Const(float32(bound))
		c.Op(wasm.F32Lt)
	} else {
		c.F64Const(bound)
		c.Op(wasm.F64Lt)
	}
	c.Op(wasm.Select)
	narrow(c, to)
}
