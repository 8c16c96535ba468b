package cmm

import (
	"bufio"
	"io"
	"math"
	"strconv"
	"strings"
)

// Print writes f in the form GHC 9.0.2 dumps it (without timestamps):
// parsing the output gives f back, and the output matches the dump f was
// parsed from up to line breaking and the spelling of integers that the
// IR does not keep (a `const` of -1 or 18446744073709551615).
func Print(w io.Writer, f *File) error {
	pr := &printer{w: bufio.NewWriter(w)}
	pr.file(f)
	return pr.w.Flush()
}

// PrintCanonical writes f in an explicit form for tests and debugging:
// every MachOp prefix with its widths, every literal with its width, the
// widths of label differences, and registers offsets kept apart from
// additions. It shows the parser's reading of the ambiguous infix forms.
func PrintCanonical(w io.Writer, f *File) error {
	pr := &printer{w: bufio.NewWriter(w), explicit: true}
	pr.file(f)
	return pr.w.Flush()
}

type printer struct {
	w        *bufio.Writer
	explicit bool
	buf      []byte
}

func (pr *printer) s(s string) { pr.w.WriteString(s) }

func (pr *printer) file(f *File) {
	i := 0
	groups := f.Groups
	if len(groups) == 0 && len(f.Decls) > 0 {
		groups = []Group{{Title: "Raw Cmm", Decls: len(f.Decls)}}
	}
	for _, g := range groups {
		pr.s("\n==================== " + g.Title + " ====================\n\n[")
		for j := 0; j < g.Decls && i < len(f.Decls); j++ {
			if j > 0 {
				pr.s(",\n ")
			}
			switch d := f.Decls[i].(type) {
			case *Data:
				pr.data(d)
			case *Proc:
				pr.proc(d)
			}
			i++
		}
		pr.s("]\n\n")
	}
}

func (pr *printer) data(d *Data) {
	pr.s(`section ""`)
	pr.s(sectionName(d.Section))
	pr.s(`" . `)
	pr.s(string(d.Section.Label))
	pr.s("\" {\n     ")
	pr.s(string(d.Label))
	pr.s(":\n")
	pr.statics(d.Statics, "         ")
	pr.s("\n }")
}

func sectionName(s Section) string {
	switch s.Kind {
	case SectionText:
		return "text"
	case SectionData:
		return "data"
	case SectionReadOnlyData:
		return "readonly"
	case SectionReadOnlyData16:
		return "readonly16"
	case SectionRelocatableReadOnlyData:
		return "relreadonly"
	case SectionUninitialisedData:
		return "uninitialised"
	case SectionCString:
		return "cstring"
	}
	return s.Name
}

// statics prints one static a line, each line but the last ending in a
// newline.
func (pr *printer) statics(ss []Static, indent string) {
	for i, s := range ss {
		if i > 0 {
			pr.s("\n")
		}
		pr.s(indent)
		switch s := s.(type) {
		case StaticInt:
			pr.s("const ")
			// The sign is not kept: print values with the top bit set
			// as negative, as GHC does for Int fields.
			v := s.Value
			if b := uint(s.Width.Bits()); b < 64 && b > 0 && v>>(b-1)&1 == 1 {
				v |= ^uint64(0) << b
			}
			pr.lit(&IntLit{Value: v, Width: s.Width, Neg: int64(v) < 0})
			pr.s(";")
		case StaticFloat:
			pr.s("const ")
			pr.lit(&FloatLit{Bits: s.Bits, Width: s.Width})
			pr.s(";")
		case StaticLabel:
			pr.s("const ")
			pr.lit(&LabelLit{Label: s.Label, Offset: s.Offset})
			pr.s(";")
		case StaticLabelDiff:
			pr.s("const ")
			pr.lit(&LabelDiff{A: s.A, B: s.B, Offset: s.Offset, Width: s.Width})
			pr.s(";")
		case StaticString:
			pr.s("I8[] ")
			pr.s(showBytes(s.Bytes))
		case StaticUninit:
			pr.s("I8[")
			pr.int(s.Size)
			pr.s("]")
		case StaticFileEmbed:
			pr.s("incbin  ")
			pr.s(showBytes([]byte(s.Path)))
		}
	}
}

// showBytes is Haskell's show of a String of Latin-1 characters.
func showBytes(b []byte) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for i, c := range b {
		switch {
		case c == '"':
			sb.WriteString(`\"`)
		case c == '\\':
			sb.WriteString(`\\`)
		case c >= 0x20 && c < 0x7f:
			sb.WriteByte(c)
		case c == 0x7f:
			sb.WriteString(`\DEL`)
		case c > 0x7f:
			sb.WriteByte('\\')
			sb.WriteString(strconv.Itoa(int(c)))
			if i+1 < len(b) && isDigit(b[i+1]) {
				sb.WriteString(`\&`)
			}
		default:
			sb.WriteString(showControl(c))
			if c == 14 && i+1 < len(b) && b[i+1] == 'H' {
				sb.WriteString(`\&`)
			}
		}
	}
	sb.WriteByte('"')
	return sb.String()
}

// showControl is how show prints a control character below 0x20.
func showControl(c byte) string {
	switch c {
	case 7:
		return `\a`
	case 8:
		return `\b`
	case 9:
		return `\t`
	case 10:
		return `\n`
	case 11:
		return `\v`
	case 12:
		return `\f`
	case 13:
		return `\r`
	}
	return `\` + asciiEscapes[c].name
}

func (pr *printer) proc(p *Proc) {
	pr.s(string(p.Label))
	pr.s("() { //  [")
	for i, r := range p.Live {
		if i > 0 {
			pr.s(", ")
		}
		pr.globalReg(r)
	}
	pr.s("]\n         { ")
	if p.StackInfo != nil {
		pr.s("info_tbls: ")
	}
	pr.s("[")
	for i, it := range p.InfoTables {
		if i > 0 {
			pr.s(",\n            ")
		}
		pr.s("(")
		pr.s(string(it.Block))
		pr.s(",\n             ")
		if it.Desc != nil {
			pr.infoDesc(&it)
		} else {
			pr.s(string(it.Label))
			pr.s(":\n")
			pr.statics(it.Statics, "                 ")
		}
		pr.s(")")
	}
	pr.s("]\n")
	if p.StackInfo != nil {
		pr.s("           stack_info: arg_space: ")
		pr.int(p.StackInfo.ArgSpace)
		pr.s("\n")
	}
	pr.s("         }\n     {offset\n")
	for _, b := range p.Blocks {
		pr.s("       ")
		pr.s(string(b.Label))
		pr.s(":")
		if b.Scope != "" {
			pr.s(" // ")
			pr.s(b.Scope)
		}
		pr.s("\n")
		for _, st := range b.Stmts {
			pr.s("           ")
			pr.stmt(st)
			pr.s("\n")
		}
	}
	pr.s("     }\n }")
}

func (pr *printer) infoDesc(it *InfoTable) {
	d := it.Desc
	pr.s("label: ")
	pr.s(string(it.Label))
	pr.s("\n             rep: ")
	pr.smRep(&d.Rep)
	if d.Prof != nil {
		pr.s("\n             type: ")
		pr.byteList(d.Prof.Type)
		pr.s("\n             desc: ")
		pr.byteList(d.Prof.Desc)
	}
	pr.s("\n             srt: ")
	if d.SRT == "" {
		pr.s("Nothing")
	} else {
		pr.s("Just ")
		pr.s(string(d.SRT))
	}
}

func (pr *printer) byteList(b []byte) {
	pr.s("[")
	for i, c := range b {
		if i > 0 {
			pr.s(",")
		}
		pr.int(int64(c))
	}
	pr.s("]")
}

func (pr *printer) boolList(bs []bool) {
	pr.s("[")
	for i, b := range bs {
		if i > 0 {
			pr.s(", ")
		}
		if b {
			pr.s("True")
		} else {
			pr.s("False")
		}
	}
	pr.s("]")
}

func (pr *printer) smRep(r *SMRep) {
	if r.HasRTSTag {
		pr.s("tag:")
		pr.int(r.RTSTag)
		pr.s(" ")
	}
	switch r.Kind {
	case RepHeap:
		pr.s("HeapRep")
		if r.Static {
			pr.s(" static")
		}
		if r.Ptrs != 0 {
			pr.s(" ")
			pr.int(r.Ptrs)
			pr.s(" ptrs")
		}
		if r.NonPtrs != 0 {
			pr.s(" ")
			pr.int(r.NonPtrs)
			pr.s(" nonptrs")
		}
		pr.s(" { ")
		pr.closureType(&r.Type)
		pr.s(" }")
	case RepArrayPtrs:
		pr.s("ArrayPtrsRep ")
		pr.int(r.Size)
	case RepSmallArrayPtrs:
		pr.s("SmallArrayPtrsRep ")
		pr.int(r.Size)
	case RepArrayWords:
		pr.s("ArrayWordsRep ")
		pr.int(r.Size)
	case RepStack:
		pr.s("StackRep ")
		pr.boolList(r.Liveness)
	}
}

func (pr *printer) closureType(t *ClosureType) {
	switch t.Kind {
	case ClosureCon:
		pr.s("Con {tag: ")
		pr.int(t.ConTag)
		pr.s(" descr:")
		pr.s(showBytes(t.ConDescr))
		pr.s("}")
	case ClosureFun:
		pr.s("Fun {arity: ")
		pr.int(t.Arity)
		pr.s(" fun_type: ")
		switch t.Args.Kind {
		case ArgSpec:
			pr.s("ArgSpec ")
			pr.int(t.Args.Spec)
		case ArgGen:
			pr.s("ArgGen ")
			pr.boolList(t.Args.Gen)
		case ArgUnknown:
			pr.s("ArgUnknown")
		}
		pr.s("}")
	case ClosureThunk:
		pr.s("Thunk")
	case ClosureThunkSel:
		pr.s("ThunkSel ")
		pr.int(t.SelectorOffset)
	case ClosureBlackHole:
		pr.s("BlackHole")
	case ClosureIndStatic:
		pr.s("IndStatic")
	}
}

func (pr *printer) int(n int64) {
	pr.buf = strconv.AppendInt(pr.buf[:0], n, 10)
	pr.w.Write(pr.buf)
}

func (pr *printer) uint(n uint64) {
	pr.buf = strconv.AppendUint(pr.buf[:0], n, 10)
	pr.w.Write(pr.buf)
}

// ---------------------------------------------------------------------------
// Statements

func (pr *printer) stmt(st Stmt) {
	switch st := st.(type) {
	case *Assign:
		pr.reg(st.Dst)
		pr.s(" = ")
		pr.expr(st.Src)
		pr.s(";")
	case *Store:
		pr.typ(st.Type)
		pr.s("[")
		pr.expr(st.Addr)
		pr.s("] = ")
		pr.expr(st.Value)
		pr.s(";")
	case *UnsafeCall:
		if len(st.Results) > 0 {
			pr.s("(")
			for i, r := range st.Results {
				if i > 0 {
					pr.s(", ")
				}
				pr.localReg(r)
			}
			pr.s(") = ")
		}
		pr.s("call ")
		pr.foreignTarget(&st.Target)
		pr.s("(")
		pr.exprs(st.Args)
		pr.s(");")
	case *SafeCall:
		pr.s("foreign call ")
		pr.foreignTarget(&st.Target)
		pr.s("(...) returns to ")
		pr.s(string(st.Succ))
		pr.s(" args: ([")
		pr.exprs(st.Args)
		pr.s("]) ress: ([")
		for i, r := range st.Results {
			if i > 0 {
				pr.s(", ")
			}
			pr.localReg(r)
		}
		pr.s("])ret_args: ")
		pr.int(st.RetArgs)
		pr.s("ret_off: ")
		pr.int(st.RetOff)
		pr.s(";")
	case *Branch:
		pr.s("goto ")
		pr.s(string(st.Target))
		pr.s(";")
	case *CondBranch:
		pr.s("if (")
		pr.expr(st.Cond)
		pr.s(") ")
		switch st.Likely {
		case LikelyTrue:
			pr.s("(likely: True) ")
		case LikelyFalse:
			pr.s("(likely: False) ")
		}
		pr.s("goto ")
		pr.s(string(st.True))
		pr.s("; else goto ")
		pr.s(string(st.False))
		pr.s(";")
	case *Switch:
		pr.s("switch [")
		pr.switchInt(st.Lo, st.Unsigned)
		pr.s(" .. ")
		pr.switchInt(st.Hi, st.Unsigned)
		pr.s("] ")
		switch st.Expr.(type) {
		case *IntLit, *FloatLit, *LabelLit, *LabelDiff, *VecLit, *HighStackMark, *RegExpr, *RegOff:
			pr.expr(st.Expr)
		default:
			pr.s("(")
			pr.expr(st.Expr)
			pr.s(")")
		}
		pr.s(" {\n")
		for _, c := range st.Cases {
			pr.s("               case ")
			for i, v := range c.Values {
				if i > 0 {
					pr.s(", ")
				}
				pr.switchInt(v, st.Unsigned)
			}
			pr.s(" : goto ")
			pr.s(string(c.Target))
			pr.s(";\n")
		}
		if st.Default != "" {
			pr.s("               default: {goto ")
			pr.s(string(st.Default))
			pr.s(";}\n")
		}
		pr.s("           }")
	case *Call:
		pr.s("call ")
		switch t := st.Target.(type) {
		case *IntLit, *FloatLit, *LabelLit, *LabelDiff, *VecLit, *HighStackMark:
			pr.expr(t)
		default:
			pr.s("(")
			pr.expr(t)
			pr.s(")")
		}
		pr.s("(")
		for i, r := range st.Regs {
			if i > 0 {
				pr.s(", ")
			}
			pr.globalReg(r)
		}
		pr.s(") ")
		if st.Cont != "" {
			pr.s("returns to ")
			pr.s(string(st.Cont))
			pr.s(", ")
		}
		pr.s("args: ")
		pr.int(st.Args)
		pr.s(", res: ")
		pr.int(st.Res)
		pr.s(", upd: ")
		pr.int(st.Upd)
		pr.s(";")
	case *Unwind:
		pr.s("unwind ")
		for i, u := range st.Regs {
			if i > 0 {
				pr.s(", ")
			}
			pr.globalReg(u.Reg)
			pr.s(" = ")
			if u.Expr == nil {
				pr.s("Nothing")
			} else {
				pr.s("Just ")
				pr.expr(u.Expr)
			}
		}
		pr.s(";")
	case *Comment:
		pr.s("// ")
		pr.s(st.Text)
	case *Tick:
		pr.s("//tick ")
		pr.s(st.Text)
	}
}

func (pr *printer) switchInt(v int64, unsigned bool) {
	if unsigned {
		pr.uint(uint64(v))
	} else {
		pr.int(v)
	}
}

func (pr *printer) foreignTarget(t *ForeignTarget) {
	if t.Op.Kind != 0 {
		pr.s(t.Op.String())
		return
	}
	pr.s(`"`)
	for name, c := range callConvs {
		if c == t.Conv.CallConv {
			pr.s(name)
		}
	}
	pr.s(`" arg hints:  `)
	pr.hints(t.Conv.ArgHints)
	pr.s(`  result hints:  `)
	pr.hints(t.Conv.ResultHints)
	pr.s(" ")
	if t.Conv.NeverReturns {
		pr.s("never returns ")
	}
	switch t.Fn.(type) {
	case *IntLit, *FloatLit, *LabelLit, *LabelDiff, *VecLit, *HighStackMark:
		pr.expr(t.Fn)
	default:
		pr.s("(")
		pr.expr(t.Fn)
		pr.s(")")
	}
}

// hints prints a hint list as GHC's fsep does: NoHint is empty and
// dropped together with the space before it.
func (pr *printer) hints(hs []Hint) {
	var docs []string
	for i, h := range hs {
		d := ""
		switch h {
		case AddrHint:
			d = "PtrHint"
		case SignedHint:
			d = "‘signed’"
		}
		if i < len(hs)-1 {
			d += ","
		}
		if d != "" {
			docs = append(docs, d)
		}
	}
	pr.s("[" + strings.Join(docs, " ") + "]")
}

func (pr *printer) exprs(es []Expr) {
	for i, e := range es {
		if i > 0 {
			pr.s(", ")
		}
		pr.expr(e)
	}
}

// ---------------------------------------------------------------------------
// Expressions (GHC.Cmm.Ppr.Expr)

func (pr *printer) typ(t Type) {
	switch t.Cat {
	case CatBits:
		pr.s("I")
	case CatGcPtr:
		pr.s("P")
	case CatFloat:
		pr.s("F")
	}
	if t.Lanes != 0 {
		pr.s("x")
		pr.int(int64(t.Lanes))
		pr.s("V")
	}
	pr.int(int64(t.Width.Bits()))
}

func (pr *printer) globalReg(r GlobalReg) {
	switch r.Kind {
	case RegVanilla:
		pr.s("R")
	case RegFloat:
		pr.s("F")
	case RegDouble:
		pr.s("D")
	case RegLong:
		pr.s("L")
	case RegXmm:
		pr.s("XMM")
	case RegYmm:
		pr.s("YMM")
	case RegZmm:
		pr.s("ZMM")
	default:
		for name, k := range globalRegNames {
			if k == r.Kind {
				pr.s(name)
				return
			}
		}
		for name, k := range labelRegNames {
			if k == r.Kind {
				pr.s(name)
				return
			}
		}
		return
	}
	pr.int(int64(r.N))
}

func (pr *printer) localReg(r LocalReg) {
	pr.s(r.Name)
	pr.s("::")
	pr.typ(r.Type)
}

func (pr *printer) reg(r Reg) {
	if r.Global.Kind != 0 {
		pr.globalReg(r.Global)
	} else {
		pr.localReg(r.Local)
	}
}

// expr is pprExpr.
func (pr *printer) expr(e Expr) {
	if pr.explicit {
		pr.explicitExpr(e)
		return
	}
	switch e := e.(type) {
	case *RegOff:
		w := RegType(e.Reg).Width
		pr.expr1(&MachOpExpr{Op: MachOp{Kind: MO_Add, Width: w},
			Args: []Expr{&RegExpr{Reg: e.Reg}, intLit(e.Off, w)}})
	case *IntLit, *FloatLit, *LabelLit, *LabelDiff, *VecLit, *HighStackMark:
		pr.lit(e)
	default:
		pr.expr1(e)
	}
}

func intLit(v int64, w Width) *IntLit {
	return &IntLit{Value: uint64(v), Width: w, Neg: v < 0}
}

func asBinary(e Expr) (*MachOpExpr, bool) {
	m, ok := e.(*MachOpExpr)
	return m, ok && len(m.Args) == 2
}

func infix1(k MachOpKind) string {
	switch k {
	case MO_Eq:
		return "=="
	case MO_Ne:
		return "!="
	case MO_Shl:
		return "<<"
	case MO_U_Shr:
		return ">>"
	case MO_U_Ge:
		return ">="
	case MO_U_Le:
		return "<="
	case MO_U_Gt:
		return ">"
	case MO_U_Lt:
		return "<"
	}
	return ""
}

func infix7(k MachOpKind) string {
	switch k {
	case MO_Add:
		return "+"
	case MO_Sub:
		return "-"
	}
	return ""
}

func infix8(k MachOpKind) string {
	switch k {
	case MO_U_Quot:
		return "/"
	case MO_Mul:
		return "*"
	case MO_U_Rem:
		return "%"
	}
	return ""
}

func infix9(k MachOpKind) string {
	switch k {
	case MO_And:
		return "&"
	case MO_Or:
		return "|"
	case MO_Xor:
		return "^"
	case MO_Not:
		return "~"
	case MO_S_Neg:
		return "-"
	}
	return ""
}

func (pr *printer) expr1(e Expr) {
	if m, ok := asBinary(e); ok {
		if op := infix1(m.Op.Kind); op != "" {
			pr.expr7(m.Args[0])
			pr.s(" " + op + " ")
			pr.expr7(m.Args[1])
			return
		}
	}
	pr.expr7(e)
}

func (pr *printer) expr7(e Expr) {
	if m, ok := asBinary(e); ok {
		if l, ok := m.Args[1].(*IntLit); ok && m.Op.Kind == MO_Add && l.Neg && l.Value != 0 {
			e = &MachOpExpr{Op: MachOp{Kind: MO_Sub, Width: m.Op.Width},
				Args: []Expr{m.Args[0], &IntLit{Value: -l.Value, Width: l.Width}}}
			m = e.(*MachOpExpr)
		}
		if op := infix7(m.Op.Kind); op != "" {
			pr.expr7(m.Args[0])
			pr.s(" " + op + " ")
			pr.expr8(m.Args[1])
			return
		}
	}
	pr.expr8(e)
}

func (pr *printer) expr8(e Expr) {
	if m, ok := asBinary(e); ok {
		if op := infix8(m.Op.Kind); op != "" {
			pr.expr8(m.Args[0])
			pr.s(" " + op + " ")
			pr.expr9(m.Args[1])
			return
		}
	}
	pr.expr9(e)
}

func (pr *printer) expr9(e Expr) {
	if pr.atom(e) {
		return
	}
	switch e := e.(type) {
	case *LabelLit:
		if e.Offset != 0 {
			pr.s("(")
			pr.lit(e)
			pr.s(")")
		} else {
			pr.lit(e)
		}
	case *IntLit, *FloatLit, *LabelDiff, *VecLit, *HighStackMark:
		pr.lit(e)
	case *MachOpExpr:
		k := e.Op.Kind
		switch {
		case infix9(k) != "" && len(e.Args) == 2:
			pr.expr9(e.Args[0])
			pr.s(" " + infix9(k) + " ")
			pr.expr9(e.Args[1])
		case infix9(k) != "" && len(e.Args) == 1:
			pr.s(infix9(k))
			pr.expr9(e.Args[0])
		case infix1(k) != "" || infix7(k) != "" || infix8(k) != "":
			pr.s("(")
			pr.expr(e)
			pr.s(")")
		default:
			pr.prefixOp(e)
		}
	}
}

// atom prints the expressions that both printers print alike: loads,
// registers, register offsets and stack slots. It reports whether e was one.
func (pr *printer) atom(e Expr) bool {
	switch e := e.(type) {
	case *Load:
		pr.typ(e.Type)
		pr.s("[")
		pr.expr(e.Addr)
		pr.s("]")
	case *RegExpr:
		pr.reg(e.Reg)
	case *RegOff:
		pr.s("(")
		pr.reg(e.Reg)
		pr.s(" + ")
		pr.int(e.Off)
		pr.s(")")
	case *StackSlot:
		pr.stackSlot(e)
	default:
		return false
	}
	return true
}

// prefixOp prints a MachOp application as `%MO_Add_W64(a, b)`.
func (pr *printer) prefixOp(e *MachOpExpr) {
	pr.s("%")
	pr.s(e.Op.String())
	pr.s("(")
	pr.exprs(e.Args)
	pr.s(")")
}

func (pr *printer) stackSlot(e *StackSlot) {
	pr.s("(")
	if e.Young == "" {
		pr.s("old")
	} else {
		pr.s("young<")
		pr.s(string(e.Young))
		pr.s(">")
	}
	pr.s(" + ")
	pr.int(e.Off)
	pr.s(")")
}

// lit is pprLit.
func (pr *printer) lit(e Expr) {
	switch e := e.(type) {
	case *IntLit:
		if e.Neg {
			if pr.explicit {
				pr.s("-")
			} else {
				pr.s("(-")
			}
			pr.uint(-e.Value)
			if !pr.explicit {
				pr.s(")")
			}
		} else {
			pr.uint(e.Value)
		}
		if e.Width != W64 || pr.explicit {
			pr.s(" :: ")
			pr.s(e.Width.String())
		}
	case *FloatLit:
		pr.s(showFloat(e.Bits, e.Width))
		pr.s(" :: ")
		pr.s(e.Width.String())
	case *LabelLit:
		pr.s(string(e.Label))
		pr.offset(e.Offset)
	case *LabelDiff:
		pr.s(string(e.A))
		pr.s("-")
		pr.s(string(e.B))
		pr.offset(e.Offset)
		if pr.explicit {
			pr.s(" :: ")
			pr.s(e.Width.String())
		}
	case *VecLit:
		pr.s("<")
		for i, x := range e.Elems {
			if i > 0 {
				pr.s(", ")
			}
			pr.lit(x)
		}
		pr.s(">")
	case *HighStackMark:
		pr.s("<highSp>")
	}
}

func (pr *printer) offset(off int64) {
	if off > 0 {
		pr.s("+")
		pr.int(off)
	} else if off < 0 {
		pr.s("-")
		pr.uint(uint64(-off))
	}
}

// explicitExpr prints every MachOp prefix with its widths.
func (pr *printer) explicitExpr(e Expr) {
	if m, ok := e.(*MachOpExpr); ok {
		pr.prefixOp(m)
	} else if !pr.atom(e) {
		pr.lit(e)
	}
}

// showFloat prints a float as GHC does: the Double (a W32 float widened
// to its shortest decimal) as Haskell's show prints it.
func showFloat(bits uint64, w Width) string {
	var f float64
	size := 64
	if w == W32 {
		f = float64(math.Float32frombits(uint32(bits)))
		size = 32
	} else {
		f = math.Float64frombits(bits)
	}
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	sign := ""
	if math.Signbit(f) {
		sign = "-"
		f = -f
	}
	if f == 0 {
		return sign + "0.0"
	}
	// Shortest digits d1.d2...e±x: x = 0.d1d2... × 10^e with e = x+1.
	s := strconv.FormatFloat(f, 'e', -1, size)
	mant, exp, _ := strings.Cut(s, "e")
	digits := strings.Replace(mant, ".", "", 1)
	e, _ := strconv.Atoi(exp)
	e++
	if e < 0 || e > 7 {
		rest := digits[1:]
		if rest == "" {
			rest = "0"
		}
		return sign + digits[:1] + "." + rest + "e" + strconv.Itoa(e-1)
	}
	if e == 0 {
		return sign + "0." + digits
	}
	for len(digits) < e {
		digits += "0"
	}
	frac := digits[e:]
	if frac == "" {
		frac = "0"
	}
	return sign + digits[:e] + "." + frac
}
