package cmm

// Expressions. GHC.Cmm.Ppr.Expr prints a MachOp infix when it is one of
//
//	level 1 (non-associative, level-7 operands): == != << >> >= <= > <
//	        (the shifts and comparisons are the unsigned ones)
//	level 7 (left-associative): + -   (an Add of a negative literal is printed as a Sub)
//	level 8 (left-associative): / * % (unsigned quotient and remainder, Mul)
//	level 9: & | ^ between level-9 operands, and prefix ~ and - (S_Neg)
//
// and prefix as `%MO_S_Ge_W64(a, b)` otherwise; an operand of a lower level
// than its position wants is parenthesised. The infix forms do not print
// the op's width: it is the width of the first operand's type, as GHC's
// CmmParse.y infers it.
//
// Level 9 is lossy: `a & b | c` may be And(a, Or(b, c)) or Or(And(a, b), c),
// and `~a & b` may be Not(And(a, b)). Like CmmParse.y (and C) we read `&`
// tighter than `^` tighter than `|`, all left-associative, with the prefix
// operators binding tightest; the value may differ from what GHC meant only
// for such printed-alike trees, which Raw Cmm must not have (expr9).

// expr parses an expression printed by pprExpr.
func (p *parser) expr() (Expr, error) {
	l, err := p.expr7()
	if err != nil {
		return nil, err
	}
	p.skipWS()
	var kind MachOpKind
	n := 0
	switch {
	case p.hasPrefix("== "):
		kind, n = MO_Eq, 2
	case p.hasPrefix("!= "):
		kind, n = MO_Ne, 2
	case p.hasPrefix("<< "):
		kind, n = MO_Shl, 2
	case p.hasPrefix(">> "):
		kind, n = MO_U_Shr, 2
	case p.hasPrefix(">= "):
		kind, n = MO_U_Ge, 2
	case p.hasPrefix("<= "):
		kind, n = MO_U_Le, 2
	case p.hasPrefix("> "):
		kind, n = MO_U_Gt, 1
	case p.hasPrefix("< "):
		kind, n = MO_U_Lt, 1
	default:
		return l, nil
	}
	p.pos += n
	r, err := p.expr7()
	if err != nil {
		return nil, err
	}
	return infix(kind, l, r), nil
}

// infix builds a MachOp printed infix, whose width is its first operand's.
func infix(kind MachOpKind, l, r Expr) Expr {
	return &MachOpExpr{Op: MachOp{Kind: kind, Width: TypeOf(l).Width}, Args: []Expr{l, r}}
}

// infixOp is an infix operator as GHC prints it, with a trailing space.
type infixOp struct {
	tok  string
	kind MachOpKind
}

var (
	level7 = []infixOp{{"+ ", MO_Add}, {"- ", MO_Sub}}
	level8 = []infixOp{{"* ", MO_Mul}, {"/ ", MO_U_Quot}, {"% ", MO_U_Rem}}
)

func (p *parser) expr7() (Expr, error) { return p.leftAssoc(level7, p.expr8) }

func (p *parser) expr8() (Expr, error) { return p.leftAssoc(level8, p.expr9) }

// leftAssoc parses operands of the next level joined by left-associative
// operators of one precedence level.
func (p *parser) leftAssoc(ops []infixOp, operand func() (Expr, error)) (Expr, error) {
	l, err := operand()
	if err != nil {
		return nil, err
	}
next:
	for {
		p.skipWS()
		for _, op := range ops {
			if p.hasPrefix(op.tok) {
				p.pos += len(op.tok)
				r, err := operand()
				if err != nil {
					return nil, err
				}
				l = infix(op.kind, l, r)
				continue next
			}
		}
		return l, nil
	}
}

// expr9 parses a level-9 expression: `|` of `^` of `&` of unary operands.
//
// A chain is ambiguous when it joins operators of two levels (`a & b ^ c`)
// or applies one to an operand that begins with a prefix operator
// (`~a & b`). In a .cmm file's Output Cmm such a chain is mostly as its
// author wrote it, in CmmParse.y's precedence, which we follow; where the
// author's parentheses said otherwise (Exception.cmm's
// `x & ~(TSO_BLOCKEX|TSO_INTERRUPTIBLE)` prints `x & ~4 | 8`),
// rts/patches/0010 writes the RTS's expression so that it prints
// unambiguously. In Raw Cmm
// it is the work of the sinking pass, which inlines an assignment into
// any operand (`x = b ^ c; y = a & x` becomes `a & b ^ c`, meaning
// And(a, Xor(b, c))): it is rejected, and ahc compiles with -fno-cmm-sink
// so that it does not occur.
func (p *parser) expr9() (Expr, error) {
	saveKinds, saveAfter, saveUnaryBin := p.chainKinds, p.afterUnary, p.chainUnaryBin
	p.chainKinds, p.afterUnary, p.chainUnaryBin = 0, false, false
	start := p.pos
	e, err := p.bitChain(0)
	if err == nil && p.raw && (p.chainKinds&(p.chainKinds-1) != 0 || p.chainUnaryBin) {
		err = p.errAt(start, "ambiguous expression (ghc prints & | ^ ~ - without parentheses: compile with -fno-cmm-sink)")
	}
	p.chainKinds, p.afterUnary, p.chainUnaryBin = saveKinds, saveAfter, saveUnaryBin
	return e, err
}

var bitOps = [...]struct {
	text string
	kind MachOpKind
}{{"| ", MO_Or}, {"^ ", MO_Xor}, {"& ", MO_And}}

func (p *parser) bitChain(level int) (Expr, error) {
	next := func() (Expr, error) {
		if level+1 < len(bitOps) {
			return p.bitChain(level + 1)
		}
		return p.unary()
	}
	l, err := next()
	if err != nil {
		return nil, err
	}
	for {
		save := p.pos
		p.skipWS()
		if !p.hasPrefix(bitOps[level].text) {
			p.pos = save
			return l, nil
		}
		p.pos += 2
		p.chainKinds |= 1 << level
		if p.afterUnary {
			p.chainUnaryBin = true
		}
		r, err := next()
		if err != nil {
			return nil, err
		}
		l = infix(bitOps[level].kind, l, r)
	}
}

// unary parses `~e`, `-e` or an atom. Labels of local operators may
// start with any operator character (`<+>_s1wdu_info`, `~>_r2_closure`):
// a label is tried first.
func (p *parser) unary() (Expr, error) {
	e, prefix, err := p.unary1()
	p.afterUnary = prefix
	return e, err
}

// unary1 is unary, also saying whether it read a prefix operator.
func (p *parser) unary1() (Expr, bool, error) {
	p.skipWS()
	c := p.peek()
	if (c == '~' || c == '-') && p.labelEnd(p.pos) >= 0 {
		e, err := p.atom()
		return e, false, err
	}
	switch c {
	case '~':
		p.pos++
		x, _, err := p.unary1()
		if err != nil {
			return nil, false, err
		}
		return &MachOpExpr{Op: MachOp{Kind: MO_Not, Width: TypeOf(x).Width}, Args: []Expr{x}}, true, nil
	case '-':
		// A negative float literal is printed bare (S_Neg of a float
		// would be ill-typed); anything else is S_Neg.
		if end, ok := p.floatEnd(p.pos); ok {
			e, err := p.floatLit(end)
			return e, false, err
		}
		p.pos++
		x, _, err := p.unary1()
		if err != nil {
			return nil, false, err
		}
		return &MachOpExpr{Op: MachOp{Kind: MO_S_Neg, Width: TypeOf(x).Width}, Args: []Expr{x}}, true, nil
	}
	e, err := p.atom()
	return e, false, err
}

// atom parses a literal, load, register, parenthesised expression or
// prefix MachOp.
func (p *parser) atom() (Expr, error) {
	p.skipWS()
	c := p.peek()
	if end, ok := p.floatEnd(p.pos); ok && c != '-' {
		return p.floatLit(end)
	}
	switch {
	case isDigit(c):
		return p.numLit()
	case c == '(' && p.labelEnd(p.pos) < 0:
		return p.paren()
	case c == '%' && p.hasPrefix("%MO_"):
		return p.prefixMachOp()
	case c == '<' && p.labelEnd(p.pos) < 0:
		return p.vecLit()
	case c == '_' && p.localRegEnd(p.pos) >= 0:
		r, err := p.localReg()
		if err != nil {
			return nil, err
		}
		return &RegExpr{Reg: Reg{Local: r}}, nil
	}
	start := p.pos
	if t, ok := p.cmmType(); ok {
		if p.peek() == '[' {
			return p.load(t)
		}
		p.pos = start
	}
	if end := p.labelEnd(p.pos); end >= 0 {
		if r, ok := globalRegOf(p.src[p.pos:end]); ok {
			p.pos = end
			return &RegExpr{Reg: Reg{Global: r}}, nil
		}
		return p.labelLit()
	}
	return nil, p.errf("expression")
}

// load parses `[addr]` after a type.
func (p *parser) load(t Type) (Expr, error) {
	p.pos++ // '['
	addr, err := p.expr()
	if err != nil {
		return nil, err
	}
	if err := p.expect("]"); err != nil {
		return nil, err
	}
	return &Load{Type: t, Addr: addr}, nil
}

// numLit parses an unsigned integer or float literal with its width.
func (p *parser) numLit() (Expr, error) {
	if end, ok := p.floatEnd(p.pos); ok {
		return p.floatLit(end)
	}
	v, _, err := p.integer()
	if err != nil {
		return nil, err
	}
	w, _, err := p.optWidth()
	if err != nil {
		return nil, err
	}
	return &IntLit{Value: v, Width: w}, nil
}

// paren parses what starts with `(`: a negative literal `(-3) :: W8`, a
// register offset `(Sp + -16)`, a stack slot `(old + 8)`, or a
// parenthesised expression (including `(lbl+8)`).
func (p *parser) paren() (Expr, error) {
	start := p.pos
	p.pos++
	if p.peek() == '-' && isDigit(p.peekAt(1)) {
		v, _, err := p.integer()
		if err == nil && p.peek() == ')' {
			p.pos++
			w, _, err := p.optWidth()
			if err != nil {
				return nil, err
			}
			return &IntLit{Value: v, Width: w, Neg: true}, nil
		}
		p.pos = start + 1
	}
	if e, ok := p.regOff(); ok {
		return e, nil
	}
	p.pos = start + 1
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	if err := p.expect(")"); err != nil {
		return nil, err
	}
	return e, nil
}

// regOff tries `reg + N)` or `area + N)` after a `(`; GHC prints a
// CmmRegOff so (N without a width, possibly negative) and an addition
// with a width-suffixed literal otherwise. A word-sized `(R1 + 8)` could
// also be a parenthesised addition; both mean the same.
func (p *parser) regOff() (Expr, bool) {
	p.skipWS()
	var reg Reg
	var young Label
	slot := false
	switch {
	case p.hasPrefix("old + "):
		slot = true
		p.pos += len("old")
	case p.hasPrefix("young<"):
		p.pos += len("young<")
		l, err := p.blockID()
		if err != nil || !p.accept(">") {
			return nil, false
		}
		slot, young = true, l
	case p.localRegEnd(p.pos) >= 0:
		r, err := p.localReg()
		if err != nil {
			return nil, false
		}
		reg.Local = r
	default:
		start := p.pos
		for p.pos < len(p.src) && isIdentChar(p.src[p.pos]) {
			p.pos++
		}
		r, ok := globalRegOf(p.src[start:p.pos])
		if !ok {
			return nil, false
		}
		reg.Global = r
	}
	if !p.hasPrefix(" + ") {
		return nil, false
	}
	p.pos += 3
	if c := p.peek(); !isDigit(c) && !(c == '-' && isDigit(p.peekAt(1))) {
		return nil, false
	}
	off, err := p.smallInt()
	if err != nil || p.peek() != ')' {
		return nil, false
	}
	p.pos++
	if slot {
		return &StackSlot{Young: young, Off: off}, true
	}
	return &RegOff{Reg: reg, Off: off}, true
}

// prefixMachOp parses `%MO_S_Ge_W64(a, b)`.
func (p *parser) prefixMachOp() (Expr, error) {
	start := p.pos
	p.pos++ // '%'
	nameStart := p.pos
	for p.pos < len(p.src) && isIdentChar(p.src[p.pos]) {
		p.pos++
	}
	op, ok := parseMachOpName(p.src[nameStart:p.pos])
	if !ok {
		return nil, p.errAt(start, "MachOp")
	}
	if p.peek() != '(' {
		return nil, p.errf("`(`")
	}
	p.pos++
	args, err := p.exprList(")")
	if err != nil {
		return nil, err
	}
	return &MachOpExpr{Op: op, Args: args}, nil
}

// exprList parses comma-separated expressions up to and including close;
// the opening bracket has been consumed.
func (p *parser) exprList(close string) ([]Expr, error) {
	if p.accept(close) {
		return nil, nil
	}
	var es []Expr
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		es = append(es, e)
		if p.accept(",") {
			continue
		}
		if err := p.expect(close); err != nil {
			return nil, err
		}
		return es, nil
	}
}

// parseMachOpName parses a MachOp's Show with underscores for spaces:
// MO_Add_W64, MO_SS_Conv_W16_W64, MO_V_Insert_4_W32.
func parseMachOpName(s []byte) (MachOp, bool) {
	for i := len(s) - 1; i > 0; i-- {
		if s[i] != '_' {
			continue
		}
		k, ok := machOpByName[string(s[:i])]
		if !ok {
			continue
		}
		op := MachOp{Kind: k}
		rest := s[i+1:]
		switch machOpInfos[k].shape {
		case shapeW:
			op.Width, ok = widthOf(rest)
		case shapeWW:
			j := bytesIndex(rest, '_')
			if j < 0 {
				return MachOp{}, false
			}
			var ok2 bool
			op.Width, ok = widthOf(rest[:j])
			op.To, ok2 = widthOf(rest[j+1:])
			ok = ok && ok2
		case shapeLW:
			j := bytesIndex(rest, '_')
			if j < 0 {
				return MachOp{}, false
			}
			n, err := atoiBytes(rest[:j])
			op.Lanes = n
			op.Width, ok = widthOf(rest[j+1:])
			ok = ok && err == nil
		}
		return op, ok
	}
	return MachOp{}, false
}

func bytesIndex(s []byte, c byte) int {
	for i, x := range s {
		if x == c {
			return i
		}
	}
	return -1
}

func atoiBytes(s []byte) (int, error) {
	if len(s) == 0 || len(s) > 9 {
		return 0, errBadInt
	}
	n := 0
	for _, c := range s {
		if !isDigit(c) {
			return 0, errBadInt
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

func widthOf(s []byte) (Width, bool) {
	for _, w := range [...]Width{W8, W16, W32, W64, W128, W256, W512} {
		if string(s) == w.String() {
			return w, true
		}
	}
	return 0, false
}

// vecLit parses `<highSp>` or a vector literal `<1, 2>`.
func (p *parser) vecLit() (Expr, error) {
	if p.hasPrefix("<highSp>") {
		p.pos += len("<highSp>")
		return &HighStackMark{}, nil
	}
	p.pos++
	var es []Expr
	for {
		e, err := p.lit()
		if err != nil {
			return nil, err
		}
		es = append(es, e)
		if p.accept(",") {
			continue
		}
		if err := p.expect(">"); err != nil {
			return nil, err
		}
		return &VecLit{Elems: es}, nil
	}
}

// lit parses a literal as pprLit prints it: a number with its width, a
// negative integer in parentheses, a label with an offset, a label
// difference or a vector.
func (p *parser) lit() (Expr, error) {
	p.skipWS()
	if end, ok := p.floatEnd(p.pos); ok {
		return p.floatLit(end)
	}
	switch c := p.peek(); {
	case isDigit(c):
		return p.numLit()
	case c == '(' && p.peekAt(1) == '-' && isDigit(p.peekAt(2)):
		return p.paren()
	}
	if p.labelEnd(p.pos) >= 0 {
		return p.labelLit()
	}
	if p.peek() == '<' {
		return p.vecLit()
	}
	return nil, p.errf("literal")
}
