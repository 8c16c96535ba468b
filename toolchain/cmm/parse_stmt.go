package cmm

import "math"

// stmt parses one statement (GHC.Cmm.Ppr.pprNode).
func (p *parser) stmt() (Stmt, error) {
	switch c := p.peek(); {
	case p.hasPrefix("//tick"):
		p.pos += len("//tick")
		p.skipBlanks()
		return &Tick{Text: string(p.restOfLine())}, nil
	case p.hasPrefix("//"):
		p.pos += 2
		p.skipBlanks()
		return &Comment{Text: string(p.restOfLine())}, nil
	case p.hasPrefix("if ("):
		return p.condBranch()
	case p.hasPrefix("goto "):
		p.pos += len("goto ")
		l, err := p.blockID()
		if err != nil {
			return nil, err
		}
		return &Branch{Target: l}, p.expect(";")
	case p.hasPrefix("switch ["):
		return p.switchStmt()
	case p.hasPrefix("call "):
		p.pos += len("call ")
		return p.callStmt(nil)
	case p.hasPrefix("unwind "):
		return p.unwind()
	case p.hasPrefix("foreign call "):
		return p.safeCall()
	case c == '(':
		return p.callWithResults()
	case c == '_' && p.localRegEnd(p.pos) >= 0:
		r, err := p.localReg()
		if err != nil {
			return nil, err
		}
		return p.assign(Reg{Local: r})
	}
	start := p.pos
	if t, ok := p.cmmType(); ok && p.peek() == '[' {
		return p.store(t)
	}
	p.pos = start
	if r, ok := p.tryGlobalReg(); ok {
		return p.assign(Reg{Global: r})
	}
	p.pos = start
	return nil, p.errf("statement")
}

// assign parses `= expr;` after the register.
func (p *parser) assign(dst Reg) (Stmt, error) {
	if err := p.expect("="); err != nil {
		return nil, err
	}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	return &Assign{Dst: dst, Src: e}, p.expect(";")
}

// store parses `[addr] = expr;` after the type.
func (p *parser) store(t Type) (Stmt, error) {
	p.pos++ // '['
	addr, err := p.expr()
	if err != nil {
		return nil, err
	}
	if err := p.expect("]"); err != nil {
		return nil, err
	}
	if err := p.expect("="); err != nil {
		return nil, err
	}
	v, err := p.expr()
	if err != nil {
		return nil, err
	}
	return &Store{Type: t, Addr: addr, Value: v}, p.expect(";")
}

// condBranch parses `if (e) (likely: True) goto t; else goto f;`.
func (p *parser) condBranch() (Stmt, error) {
	p.pos += len("if ")
	s := &CondBranch{}
	cond, err := p.paren()
	if err != nil {
		return nil, err
	}
	s.Cond = cond
	if p.accept("(likely:") {
		switch {
		case p.acceptWord("True"):
			s.Likely = LikelyTrue
		case p.acceptWord("False"):
			s.Likely = LikelyFalse
		default:
			return nil, p.errf("likeliness")
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
	}
	if err := p.expect("goto"); err != nil {
		return nil, err
	}
	if s.True, err = p.blockID(); err != nil {
		return nil, err
	}
	if err := p.expect(";"); err != nil {
		return nil, err
	}
	if err := p.expect("else"); err != nil {
		return nil, err
	}
	if err := p.expect("goto"); err != nil {
		return nil, err
	}
	if s.False, err = p.blockID(); err != nil {
		return nil, err
	}
	return s, p.expect(";")
}

// switchInt parses a case value or bound, noting whether it is beyond
// int64 (a Word scrutinee).
func (p *parser) switchInt(unsigned *bool) (int64, error) {
	p.skipWS()
	v, neg, err := p.integer()
	if err != nil {
		return 0, err
	}
	if !neg && v > math.MaxInt64 {
		*unsigned = true
	}
	return int64(v), nil
}

// switchStmt parses
//
//	switch [0 .. 7] e {
//	    case 0 : goto c1;
//	    case 1, 2 : goto c2;
//	    default: {goto c3;}
//	}
func (p *parser) switchStmt() (Stmt, error) {
	p.pos += len("switch [")
	s := &Switch{}
	var err error
	if s.Lo, err = p.switchInt(&s.Unsigned); err != nil {
		return nil, err
	}
	if err := p.expect(".."); err != nil {
		return nil, err
	}
	if s.Hi, err = p.switchInt(&s.Unsigned); err != nil {
		return nil, err
	}
	if err := p.expect("]"); err != nil {
		return nil, err
	}
	if s.Expr, err = p.expr(); err != nil {
		return nil, err
	}
	if err := p.expect("{"); err != nil {
		return nil, err
	}
	for {
		p.skipWS()
		switch {
		case p.hasPrefix("case "):
			p.pos += len("case ")
			var c SwitchCase
			for {
				v, err := p.switchInt(&s.Unsigned)
				if err != nil {
					return nil, err
				}
				c.Values = append(c.Values, v)
				if !p.accept(",") {
					break
				}
			}
			if err := p.expect(":"); err != nil {
				return nil, err
			}
			if err := p.expect("goto"); err != nil {
				return nil, err
			}
			if c.Target, err = p.blockID(); err != nil {
				return nil, err
			}
			if err := p.expect(";"); err != nil {
				return nil, err
			}
			s.Cases = append(s.Cases, c)
		case p.hasPrefix("default:"):
			p.pos += len("default:")
			if err := p.expect("{"); err != nil {
				return nil, err
			}
			if err := p.expect("goto"); err != nil {
				return nil, err
			}
			if s.Default, err = p.blockID(); err != nil {
				return nil, err
			}
			if err := p.expect(";"); err != nil {
				return nil, err
			}
			if err := p.expect("}"); err != nil {
				return nil, err
			}
		case p.peek() == '}':
			p.pos++
			return s, nil
		default:
			return nil, p.errf("switch case")
		}
	}
}

// callWithResults parses `(_r::I64, ...) = call ...;`.
func (p *parser) callWithResults() (Stmt, error) {
	p.pos++ // '('
	var rs []LocalReg
	for {
		r, err := p.localReg()
		if err != nil {
			return nil, err
		}
		rs = append(rs, r)
		if p.accept(",") {
			continue
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		break
	}
	if err := p.expect("="); err != nil {
		return nil, err
	}
	if err := p.expect("call "); err != nil {
		return nil, err
	}
	return p.callStmt(rs)
}

// callStmt parses what follows `call `: an unsafe foreign call, a call of
// a callish MachOp, or (without results) a CmmCall.
func (p *parser) callStmt(results []LocalReg) (Stmt, error) {
	p.skipWS()
	start := p.pos
	var t ForeignTarget
	var err error
	if p.peek() == '"' {
		if t, err = p.foreignTarget(); err != nil {
			return nil, err
		}
	} else if op, ok, err := p.callishOp(); err != nil {
		return nil, err
	} else if ok {
		t.Op = op
	} else if results != nil {
		return nil, p.errAt(start, "foreign call target")
	} else {
		return p.cmmCall()
	}
	if err := p.expect("("); err != nil {
		return nil, err
	}
	args, err := p.exprList(")")
	if err != nil {
		return nil, err
	}
	t.Conv.ArgHints = fixHints(t.Conv.ArgHints, len(args))
	t.Conv.ResultHints = fixHints(t.Conv.ResultHints, len(results))
	return &UnsafeCall{Results: results, Target: t, Args: args}, p.expect(";")
}

// fixHints resolves the one ambiguity of a printed hint list: NoHint
// prints as nothing, so `[]` is both no hints and a single NoHint; GHC
// gives a hint per argument (result).
func fixHints(hs []Hint, n int) []Hint {
	if len(hs) == 0 && n == 1 {
		return []Hint{NoHint}
	}
	return hs
}

// callishOp parses a callish MachOp as Show prints it (`MO_Memcpy 8`,
// `MO_AtomicRMW W64 AMO_Add`); ok is false, with nothing consumed, if the
// text is not one.
func (p *parser) callishOp() (CallishOp, bool, error) {
	start := p.pos
	for p.pos < len(p.src) && isIdentChar(p.src[p.pos]) {
		p.pos++
	}
	k, ok := callishByName[string(p.src[start:p.pos])]
	if !ok {
		p.pos = start
		return CallishOp{}, false, nil
	}
	op := CallishOp{Kind: k}
	var err error
	switch callishInfos[k].shape {
	case shapeW:
		op.Width, err = p.width()
	case shapeI:
		var n int64
		n, err = p.showInt()
		op.Align = int(n)
	case shapeWA:
		if op.Width, err = p.width(); err == nil {
			p.skipWS()
			s := p.pos
			for p.pos < len(p.src) && isIdentChar(p.src[p.pos]) {
				p.pos++
			}
			if op.AMO = atomicOpByName[string(p.src[s:p.pos])]; op.AMO == 0 {
				err = p.errAt(s, "atomic operation")
			}
		}
	}
	return op, true, err
}

// showInt parses an Int as showsPrec 11 prints it: `8` or `(-1)`.
func (p *parser) showInt() (int64, error) {
	if p.accept("(") {
		n, err := p.smallInt()
		if err != nil {
			return 0, err
		}
		return n, p.expect(")")
	}
	return p.smallInt()
}

var callConvs = map[string]CallConv{
	"ccall": CCallConv, "stdcall": StdCallConv, "capi": CApiConv,
	"prim": PrimCallConv, "javascript": JavaScriptCallConv,
}

// foreignTarget parses `"ccall" arg hints:  [..]  result hints:  [..] f`
// where f is a literal or a parenthesised expression.
func (p *parser) foreignTarget() (ForeignTarget, error) {
	var t ForeignTarget
	start := p.pos
	p.pos++
	for p.pos < len(p.src) && isIdentChar(p.src[p.pos]) {
		p.pos++
	}
	t.Conv.CallConv = callConvs[string(p.src[start+1:p.pos])]
	if t.Conv.CallConv == 0 || p.peek() != '"' {
		return t, p.errAt(start, "calling convention")
	}
	p.pos++
	var err error
	if err = p.expect("arg hints:"); err != nil {
		return t, err
	}
	if t.Conv.ArgHints, err = p.hints(); err != nil {
		return t, err
	}
	if err = p.expect("result hints:"); err != nil {
		return t, err
	}
	if t.Conv.ResultHints, err = p.hints(); err != nil {
		return t, err
	}
	if p.accept("never returns") {
		t.Conv.NeverReturns = true
	}
	p.skipWS()
	if p.peek() == '(' {
		t.Fn, err = p.paren()
	} else {
		t.Fn, err = p.lit()
	}
	return t, err
}

// hints parses `[PtrHint, ‘signed’, ]`; NoHint prints as nothing.
func (p *parser) hints() ([]Hint, error) {
	if err := p.expect("["); err != nil {
		return nil, err
	}
	if p.accept("]") {
		return nil, nil
	}
	var hs []Hint
	for {
		h := NoHint
		p.skipWS()
		switch {
		case p.hasPrefix("PtrHint"):
			p.pos += len("PtrHint")
			h = AddrHint
		case p.hasPrefix("‘signed’"):
			p.pos += len("‘signed’")
			h = SignedHint
		case p.hasPrefix("`signed'"):
			p.pos += len("`signed'")
			h = SignedHint
		}
		hs = append(hs, h)
		if p.accept(",") {
			continue
		}
		return hs, p.expect("]")
	}
}

// cmmCall parses the rest of
// `call (P64[Sp])(R1) returns to c1, args: 8, res: 8, upd: 8;`.
func (p *parser) cmmCall() (Stmt, error) {
	c := &Call{}
	var err error
	if c.Target, err = p.callTarget(); err != nil {
		return nil, err
	}
	if err := p.expect("("); err != nil {
		return nil, err
	}
	if !p.accept(")") {
		for {
			r, err := p.globalReg()
			if err != nil {
				return nil, err
			}
			c.Regs = append(c.Regs, r)
			if p.accept(",") {
				continue
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			break
		}
	}
	if p.accept("returns to") {
		if c.Cont, err = p.blockID(); err != nil {
			return nil, err
		}
		if err := p.expect(","); err != nil {
			return nil, err
		}
	}
	for _, f := range [...]struct {
		key string
		dst *int64
	}{{"args:", &c.Args}, {"res:", &c.Res}, {"upd:", &c.Upd}} {
		if f.key != "args:" {
			if err := p.expect(","); err != nil {
				return nil, err
			}
		}
		if err := p.expect(f.key); err != nil {
			return nil, err
		}
		if *f.dst, err = p.smallInt(); err != nil {
			return nil, err
		}
	}
	return c, p.expect(";")
}

// callTarget parses a CmmCall's target: a literal, or a parenthesised
// expression, where the registers GHC prints as RTS labels are registers.
func (p *parser) callTarget() (Expr, error) {
	p.skipWS()
	if p.peek() != '(' {
		return p.lit()
	}
	start := p.pos
	p.pos++
	if r, ok := p.tryGlobalReg(); ok && p.peek() == ')' {
		p.pos++
		return &RegExpr{Reg: Reg{Global: r}}, nil
	}
	p.pos = start
	return p.paren()
}

// unwind parses `unwind Sp = Just Sp + 8, R1 = Nothing;`.
func (p *parser) unwind() (Stmt, error) {
	p.pos += len("unwind ")
	u := &Unwind{}
	for {
		r, err := p.globalReg()
		if err != nil {
			return nil, err
		}
		if err := p.expect("="); err != nil {
			return nil, err
		}
		ur := UnwindReg{Reg: r}
		if !p.acceptWord("Nothing") {
			if !p.acceptWord("Just") {
				return nil, p.errf("`Just` or `Nothing`")
			}
			if ur.Expr, err = p.expr(); err != nil {
				return nil, err
			}
		}
		u.Regs = append(u.Regs, ur)
		if p.accept(",") {
			continue
		}
		return u, p.expect(";")
	}
}

// safeCall parses a CmmForeignCall:
// `foreign call "ccall" arg hints: [..]  result hints: [..] f(...) returns to c1 args: ([a]) ress: ([r])ret_args: 8ret_off: 16;`.
func (p *parser) safeCall() (Stmt, error) {
	p.pos += len("foreign call ")
	s := &SafeCall{}
	p.skipWS()
	var err error
	if p.peek() == '"' {
		s.Target, err = p.foreignTarget()
	} else {
		var ok bool
		s.Target.Op, ok, err = p.callishOp()
		if err == nil && !ok {
			err = p.errf("foreign call target")
		}
	}
	if err != nil {
		return nil, err
	}
	if err := p.expect("(...)"); err != nil {
		return nil, err
	}
	if err := p.expect("returns to"); err != nil {
		return nil, err
	}
	if s.Succ, err = p.blockID(); err != nil {
		return nil, err
	}
	if err := p.expect("args:"); err != nil {
		return nil, err
	}
	if err := p.expect("("); err != nil {
		return nil, err
	}
	if err := p.expect("["); err != nil {
		return nil, err
	}
	if s.Args, err = p.exprList("]"); err != nil {
		return nil, err
	}
	if err := p.expect(")"); err != nil {
		return nil, err
	}
	if err := p.expect("ress:"); err != nil {
		return nil, err
	}
	if err := p.expect("("); err != nil {
		return nil, err
	}
	if err := p.expect("["); err != nil {
		return nil, err
	}
	if !p.accept("]") {
		for {
			r, err := p.localReg()
			if err != nil {
				return nil, err
			}
			s.Results = append(s.Results, r)
			if p.accept(",") {
				continue
			}
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			break
		}
	}
	if err := p.expect(")"); err != nil {
		return nil, err
	}
	if err := p.expect("ret_args:"); err != nil {
		return nil, err
	}
	if s.RetArgs, err = p.smallInt(); err != nil {
		return nil, err
	}
	if err := p.expect("ret_off:"); err != nil {
		return nil, err
	}
	if s.RetOff, err = p.smallInt(); err != nil {
		return nil, err
	}
	s.Target.Conv.ArgHints = fixHints(s.Target.Conv.ArgHints, len(s.Args))
	s.Target.Conv.ResultHints = fixHints(s.Target.Conv.ResultHints, len(s.Results))
	return s, p.expect(";")
}
