package codegen

import (
	"fmt"
	"math"
	"strings"

	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// valType is the wasm type of a Cmm value: W8, W16 and W32 integers are
// i32 (the narrow ones zero-extended), W64 ones i64.
func valType(t cmm.Type) (wasm.ValType, error) {
	if t.Lanes != 0 {
		return 0, fmt.Errorf("vector type %dx%v is not supported", t.Lanes, t.Width)
	}
	if t.Cat == cmm.CatFloat {
		switch t.Width {
		case cmm.W32:
			return wasm.F32, nil
		case cmm.W64:
			return wasm.F64, nil
		}
		return 0, fmt.Errorf("float of width %v is not supported", t.Width)
	}
	switch t.Width {
	case cmm.W8, cmm.W16, cmm.W32:
		return wasm.I32, nil
	case cmm.W64:
		return wasm.I64, nil
	}
	return 0, fmt.Errorf("integer of width %v is not supported", t.Width)
}

// local is the wasm local of a local register.
func (f *fn) local(r cmm.LocalReg) (uint32, error) {
	if l, ok := f.locals[r.Name]; ok {
		return l, nil
	}
	t, err := valType(r.Type)
	if err != nil {
		return 0, fmt.Errorf("local %s: %w", r.Name, err)
	}
	l := f.code.NewLocal(t)
	f.locals[r.Name] = l
	return l, nil
}

// tableReg is where in the register table a register without a global
// lives: its offset from BaseReg.
func (f *fn) tableReg(r cmm.GlobalReg) (int64, error) {
	name, ok := tableConstant(r)
	if !ok {
		return 0, fmt.Errorf("register %s is not supported", regName(r))
	}
	off, ok := f.c.opts.Constants[name]
	if !ok {
		return 0, fmt.Errorf("register %s: DerivedConstants.h has no %s", regName(r), name)
	}
	return off, nil
}

func regName(r cmm.GlobalReg) string {
	var b strings.Builder
	b.WriteString(map[cmm.GlobalRegKind]string{
		cmm.RegVanilla: "R", cmm.RegFloat: "F", cmm.RegDouble: "D", cmm.RegLong: "L",
		cmm.RegXmm: "XMM", cmm.RegYmm: "YMM", cmm.RegZmm: "ZMM", cmm.RegSp: "Sp", cmm.RegSpLim: "SpLim",
		cmm.RegHp: "Hp", cmm.RegHpLim: "HpLim", cmm.RegMachSp: "MachSp", cmm.RegUnwindReturnReg: "UnwindReturnReg",
		cmm.RegCCCS: "CCCS", cmm.RegCurrentTSO: "CurrentTSO", cmm.RegCurrentNursery: "CurrentNursery",
		cmm.RegHpAlloc: "HpAlloc", cmm.RegEagerBlackholeInfo: "stg_EAGER_BLACKHOLE_info",
		cmm.RegGCEnter1: "stg_gc_enter_1", cmm.RegGCFun: "stg_gc_fun", cmm.RegBaseReg: "BaseReg",
		cmm.RegPicBaseReg: "PicBaseReg"}[r.Kind])
	if r.N != 0 {
		fmt.Fprint(&b, r.N)
	}
	return b.String()
}

// global is the wasm global of a register kept in one.
func (f *fn) global(r cmm.GlobalReg) (*wasm.Global, bool) {
	name, t, ok := realReg(r)
	if !ok {
		return nil, false
	}
	return f.c.obj.Global(name, t, true), true
}

// baseAddr pushes BaseReg plus off as an address and returns the offset
// the access itself adds.
func (f *fn) baseAddr(off int64) uint64 {
	g, _ := f.global(cmm.GlobalReg{Kind: cmm.RegBaseReg})
	f.code.GlobalGet(g)
	if off >= 0 {
		return uint64(off)
	}
	f.code.I64Const(off)
	f.code.Op(wasm.I64Add)
	return 0
}

// load emits a load of type t from the address on the stack.
func (f *fn) load(t cmm.Type, m wasm.MemArg) error {
	c := f.code
	if t.Lanes != 0 {
		return fmt.Errorf("load of vector type %dx%v is not supported", t.Lanes, t.Width)
	}
	switch {
	case t.Cat == cmm.CatFloat && t.Width == cmm.W32:
		c.F32Load(m)
	case t.Cat == cmm.CatFloat && t.Width == cmm.W64:
		c.F64Load(m)
	case t.Cat == cmm.CatFloat:
		return fmt.Errorf("load of float width %v is not supported", t.Width)
	case t.Width == cmm.W8:
		c.I32Load8U(m)
	case t.Width == cmm.W16:
		c.I32Load16U(m)
	case t.Width == cmm.W32:
		c.I32Load(m)
	case t.Width == cmm.W64:
		c.I64Load(m)
	default:
		return fmt.Errorf("load of width %v is not supported", t.Width)
	}
	return nil
}

// store emits a store of type t of the value on the stack to the address
// under it.
func (f *fn) store(t cmm.Type, m wasm.MemArg) error {
	c := f.code
	if t.Lanes != 0 {
		return fmt.Errorf("store of vector type %dx%v is not supported", t.Lanes, t.Width)
	}
	switch {
	case t.Cat == cmm.CatFloat && t.Width == cmm.W32:
		c.F32Store(m)
	case t.Cat == cmm.CatFloat && t.Width == cmm.W64:
		c.F64Store(m)
	case t.Cat == cmm.CatFloat:
		return fmt.Errorf("store of float width %v is not supported", t.Width)
	case t.Width == cmm.W8:
		c.I32Store8(m)
	case t.Width == cmm.W16:
		c.I32Store16(m)
	case t.Width == cmm.W32:
		c.I32Store(m)
	case t.Width == cmm.W64:
		c.I64Store(m)
	default:
		return fmt.Errorf("store of width %v is not supported", t.Width)
	}
	return nil
}

// addr pushes an address and returns the memory immediate that completes
// it: constant non-negative offsets and data labels fold into it.
func (f *fn) addr(e cmm.Expr) (wasm.MemArg, error) {
	switch e := e.(type) {
	case *cmm.LabelLit:
		if e.Offset >= 0 && e.Offset <= math.MaxInt32 {
			d, err := f.c.dataSym(e.Label)
			if err != nil {
				return wasm.MemArg{}, err
			}
			f.code.I64Const(0)
			return wasm.MemArg{Sym: d, Offset: uint64(e.Offset), Align: 1}, nil
		}
	case *cmm.RegOff:
		if e.Off >= 0 && cmm.RegType(e.Reg).Width == cmm.W64 {
			if err := f.readReg(e.Reg); err != nil {
				return wasm.MemArg{}, err
			}
			return wasm.MemArg{Offset: uint64(e.Off), Align: 1}, nil
		}
	case *cmm.MachOpExpr:
		if e.Op.Kind == cmm.MO_Add && e.Op.Width == cmm.W64 && len(e.Args) == 2 {
			if lit, ok := e.Args[1].(*cmm.IntLit); ok && lit.Value <= math.MaxInt32 {
				if err := f.expr(e.Args[0]); err != nil {
					return wasm.MemArg{}, err
				}
				return wasm.MemArg{Offset: lit.Value, Align: 1}, nil
			}
		}
	}
	if err := f.expr(e); err != nil {
		return wasm.MemArg{}, err
	}
	return wasm.MemArg{Align: 1}, nil
}

// readReg pushes a register's value.
func (f *fn) readReg(r cmm.Reg) error {
	if r.Global.Kind == 0 {
		l, err := f.local(r.Local)
		if err != nil {
			return err
		}
		f.code.LocalGet(l)
		return nil
	}
	if g, ok := f.global(r.Global); ok {
		f.code.GlobalGet(g)
		return nil
	}
	off, err := f.tableReg(r.Global)
	if err != nil {
		return err
	}
	return f.load(cmm.RegType(r), wasm.MemArg{Offset: f.baseAddr(off)})
}

// writeReg assigns the value that push pushes to a register.
func (f *fn) writeReg(r cmm.Reg, push func() error) error {
	if r.Global.Kind == 0 {
		l, err := f.local(r.Local)
		if err != nil {
			return err
		}
		if err := push(); err != nil {
			return err
		}
		f.code.LocalSet(l)
		return nil
	}
	if g, ok := f.global(r.Global); ok {
		if err := push(); err != nil {
			return err
		}
		f.code.GlobalSet(g)
		return nil
	}
	off, err := f.tableReg(r.Global)
	if err != nil {
		return err
	}
	m := wasm.MemArg{Offset: f.baseAddr(off)}
	if err := push(); err != nil {
		return err
	}
	return f.store(cmm.RegType(r), m)
}

// expr pushes the value of an expression.
func (f *fn) expr(e cmm.Expr) error {
	c := f.code
	switch e := e.(type) {
	case *cmm.IntLit:
		if e.Width == cmm.W64 {
			c.I64Const(int64(e.Value))
		} else if e.Width.Bits() <= 32 && e.Width != 0 {
			c.I32Const(int32(uint32(truncTo(e.Value, e.Width))))
		} else {
			return fmt.Errorf("integer literal of width %v is not supported", e.Width)
		}
	case *cmm.FloatLit:
		switch e.Width {
		case cmm.W32:
			c.F32Const(math.Float32frombits(uint32(e.Bits)))
		case cmm.W64:
			c.F64Const(math.Float64frombits(e.Bits))
		default:
			return fmt.Errorf("float literal of width %v is not supported", e.Width)
		}
	case *cmm.LabelLit:
		d, err := f.c.dataSym(e.Label)
		if err != nil {
			return err
		}
		c.I64ConstAddr(d, e.Offset)
	case *cmm.LabelDiff:
		a, err := f.c.dataSym(e.A)
		if err != nil {
			return err
		}
		b, err := f.c.dataSym(e.B)
		if err != nil {
			return err
		}
		c.I64ConstAddr(a, e.Offset)
		c.I64ConstAddr(b, 0)
		c.Op(wasm.I64Sub)
		if e.Width != cmm.W64 && e.Width != 0 {
			c.Op(wasm.I32WrapI64)
		}
	case *cmm.Load:
		m, err := f.addr(e.Addr)
		if err != nil {
			return err
		}
		return f.load(e.Type, m)
	case *cmm.RegExpr:
		return f.readReg(e.Reg)
	case *cmm.RegOff:
		if err := f.readReg(e.Reg); err != nil {
			return err
		}
		switch t, _ := valType(cmm.RegType(e.Reg)); t {
		case wasm.I64:
			c.I64Const(e.Off)
			c.Op(wasm.I64Add)
		case wasm.I32:
			c.I32Const(int32(e.Off))
			c.Op(wasm.I32Add)
		default:
			return fmt.Errorf("offset from register %v", e.Reg)
		}
	case *cmm.MachOpExpr:
		if strings.HasPrefix(e.Op.Kind.Name(), "MO_V") {
			return fmt.Errorf("vector operation %v is not supported", e.Op)
		}
		want, err := machOpArgTypes(e.Op)
		if err != nil {
			return fmt.Errorf("%v: %w", e.Op, err)
		}
		if len(want) != len(e.Args) {
			return fmt.Errorf("%v with %d arguments", e.Op, len(e.Args))
		}
		for i, a := range e.Args {
			if err := f.exprAs(a, want[i]); err != nil {
				return err
			}
		}
		if err := emitMachOp(c, e.Op); err != nil {
			return fmt.Errorf("%v: %w", e.Op, err)
		}
	case *cmm.VecLit:
		return fmt.Errorf("vector literals are not supported")
	case *cmm.StackSlot, *cmm.HighStackMark:
		return fmt.Errorf("stack areas are not supported (only laid-out Cmm is)")
	default:
		return fmt.Errorf("unknown expression %T", e)
	}
	return nil
}

// exprAs pushes e as a value of type want. The Cmm of .cmm files has
// untyped literals, which GHC's parser makes words whatever the other
// operand: `_c3::I32 < 2`. An integer of the other width is wrapped or
// zero-extended (literals are emitted in the wanted width directly).
func (f *fn) exprAs(e cmm.Expr, want wasm.ValType) error {
	if lit, ok := e.(*cmm.IntLit); ok && want == wasm.I32 && lit.Width == cmm.W64 {
		f.code.I32Const(int32(uint32(lit.Value)))
		return nil
	}
	if err := f.expr(e); err != nil {
		return err
	}
	have, err := valType(cmm.TypeOf(e))
	if err != nil {
		return err
	}
	switch {
	case have == want:
	case have == wasm.I64 && want == wasm.I32:
		f.code.Op(wasm.I32WrapI64)
	case have == wasm.I32 && want == wasm.I64:
		f.code.Op(wasm.I64ExtendI32U)
	default:
		return fmt.Errorf("%v value where %v is wanted", have, want)
	}
	return nil
}

// stmt emits a statement that is not a control transfer.
func (f *fn) stmt(s cmm.Stmt) error {
	switch s := s.(type) {
	case *cmm.Assign:
		if ll, ok := s.Src.(*cmm.LabelLit); ok && s.Dst.Global.Kind == 0 && ll.Offset == 0 {
			if fl, ok := f.fnLabels[s.Dst.Local.Name]; ok && fl == ll.Label {
				// The label flows into a foreign call's target: a C
				// function pointer, its table index.
				fn, err := f.c.cFunc(ll.Label)
				if err != nil {
					return err
				}
				return f.writeReg(s.Dst, func() error { f.code.I64ConstFunc(fn); return nil })
			}
		}
		want, err := valType(cmm.RegType(s.Dst))
		if err != nil {
			return err
		}
		return f.writeReg(s.Dst, func() error { return f.exprAs(s.Src, want) })
	case *cmm.Store:
		m, err := f.addr(s.Addr)
		if err != nil {
			return err
		}
		want, err := valType(s.Type)
		if err != nil {
			return err
		}
		if err := f.exprAs(s.Value, want); err != nil {
			return err
		}
		return f.store(s.Type, m)
	case *cmm.UnsafeCall:
		return f.call(s)
	case *cmm.Comment, *cmm.Tick, *cmm.Unwind:
		return nil
	case *cmm.SafeCall:
		return fmt.Errorf("safe foreign call before lowering is not supported")
	default:
		return fmt.Errorf("%T in the middle of a block", s)
	}
}

// call emits an unsafe foreign call or a callish MachOp.
func (f *fn) call(s *cmm.UnsafeCall) error {
	c := f.code
	var results []wasm.ValType
	for _, r := range s.Results {
		t, err := valType(r.Type)
		if err != nil {
			return err
		}
		results = append(results, t)
	}
	if s.Target.Op.Kind != 0 {
		var args []wasm.ValType
		for _, a := range s.Args {
			if err := f.expr(a); err != nil {
				return err
			}
			t, err := valType(cmm.TypeOf(a))
			if err != nil {
				return err
			}
			args = append(args, t)
		}
		if err := emitCallishOp(f.c.obj, c, s.Target.Op, args, results); err != nil {
			return fmt.Errorf("%v: %w", s.Target.Op, err)
		}
		return f.setResults(s.Results)
	}
	conv := s.Target.Conv
	ft, err := foreignType(s)
	if err != nil {
		return err
	}
	// A C function that the module calls with several signatures has
	// the merged one (cSigs); the arguments and results are adapted.
	var fn *wasm.Func
	var label cmm.Label
	switch t := s.Target.Fn.(type) {
	case *cmm.LabelLit:
		if t.Offset == 0 {
			label = t.Label
		}
	case *cmm.RegExpr:
		if t.Reg.Global.Kind == 0 {
			label = f.fnLabels[t.Reg.Local.Name]
		}
	}
	sig := ft
	if label != "" {
		if fn, err = f.c.cFunc(label); err != nil {
			return err
		}
		sig = fn.Type()
	}
	for i, a := range s.Args {
		if err := f.expr(a); err != nil {
			return err
		}
		t := cmm.TypeOf(a)
		signed := i < len(conv.ArgHints) && conv.ArgHints[i] == cmm.SignedHint && t.Cat != cmm.CatFloat
		if signed {
			// C expects narrow signed arguments sign-extended.
			switch t.Width {
			case cmm.W8:
				c.Op(wasm.I32Extend8S)
			case cmm.W16:
				c.Op(wasm.I32Extend16S)
			}
		}
		if err := convert(c, ft.Params[i], sig.Params[i], signed); err != nil {
			return fmt.Errorf("argument %d: %w", i, err)
		}
	}
	for _, p := range sig.Params[len(ft.Params):] {
		// Arguments the call leaves out, which natively hold garbage.
		pushZero(c, p)
	}
	if label != "" {
		if _, ok := s.Target.Fn.(*cmm.LabelLit); ok {
			c.Call(fn)
		} else {
			if err := f.expr(s.Target.Fn); err != nil {
				return err
			}
			c.Op(wasm.I32WrapI64)
			c.CallIndirect(sig)
		}
	} else {
		if err := f.expr(s.Target.Fn); err != nil {
			return err
		}
		c.Op(wasm.I32WrapI64)
		c.CallIndirect(ft)
	}
	switch {
	case len(sig.Results) == 1 && len(ft.Results) == 0:
		c.Op(wasm.Drop)
	case len(sig.Results) == 1:
		if err := convert(c, sig.Results[0], ft.Results[0], false); err != nil {
			return fmt.Errorf("result: %w", err)
		}
	}
	if conv.NeverReturns {
		c.Op(wasm.Unreachable)
		return nil
	}
	for _, r := range s.Results {
		// Keep narrow results zero-extended, whatever C left above them.
		switch r.Type.Width {
		case cmm.W8:
			c.I32Const(0xff)
			c.Op(wasm.I32And)
		case cmm.W16:
			c.I32Const(0xffff)
			c.Op(wasm.I32And)
		}
	}
	return f.setResults(s.Results)
}

// foreignType is the wasm type clang gives the C function a foreign call
// calls.
func foreignType(s *cmm.UnsafeCall) (wasm.FuncType, error) {
	conv := s.Target.Conv
	if conv.CallConv != cmm.CCallConv && conv.CallConv != cmm.CApiConv {
		return wasm.FuncType{}, fmt.Errorf("foreign call with calling convention %d is not supported", conv.CallConv)
	}
	if len(s.Results) > 1 {
		return wasm.FuncType{}, fmt.Errorf("foreign call with %d results", len(s.Results))
	}
	var ft wasm.FuncType
	for _, a := range s.Args {
		vt, err := valType(cmm.TypeOf(a))
		if err != nil {
			return wasm.FuncType{}, err
		}
		ft.Params = append(ft.Params, vt)
	}
	for _, r := range s.Results {
		vt, err := valType(r.Type)
		if err != nil {
			return wasm.FuncType{}, err
		}
		ft.Results = append(ft.Results, vt)
	}
	return ft, nil
}

// setResults pops results into their locals, last first.
func (f *fn) setResults(rs []cmm.LocalReg) error {
	for i := len(rs) - 1; i >= 0; i-- {
		l, err := f.local(rs[i])
		if err != nil {
			return err
		}
		f.code.LocalSet(l)
	}
	return nil
}
