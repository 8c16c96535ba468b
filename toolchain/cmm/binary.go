package cmm

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The binary form of a File: the magic, a version varint, a string table
// (labels, register names, comments) and the File, with every integer a
// varint (zig-zag for signed ones) and every string an index into the
// table. Empty slices decode as nil, as the parser makes them.

const binaryMagic = "AHCCMM"

// binaryVersion changes with every change of the encoding.
const binaryVersion = 1

// Tags of the encoded sum types.
const (
	tagData byte = iota
	tagProc
)

const (
	tagStaticInt byte = iota
	tagStaticFloat
	tagStaticLabel
	tagStaticLabelDiff
	tagStaticString
	tagStaticUninit
	tagStaticFileEmbed
)

const (
	tagAssign byte = iota
	tagStore
	tagUnsafeCall
	tagSafeCall
	tagBranch
	tagCondBranch
	tagSwitch
	tagCall
	tagUnwind
	tagComment
	tagTick
)

const (
	tagNil byte = iota
	tagIntLit
	tagFloatLit
	tagLabelLit
	tagLabelDiff
	tagVecLit
	tagHighStackMark
	tagLoad
	tagRegExpr
	tagRegOff
	tagStackSlot
	tagMachOp
)

// MarshalBinary encodes f compactly.
func (f *File) MarshalBinary() ([]byte, error) {
	e := &encoder{strs: make(map[string]uint64)}
	if err := e.file(f); err != nil {
		return nil, err
	}
	out := binary.AppendUvarint([]byte(binaryMagic), binaryVersion)
	out = binary.AppendUvarint(out, uint64(len(e.list)))
	for _, s := range e.list {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	return append(out, e.buf...), nil
}

type encoder struct {
	buf  []byte
	strs map[string]uint64
	list []string
}

func (e *encoder) u(v uint64)  { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *encoder) i(v int64)   { e.buf = binary.AppendVarint(e.buf, v) }
func (e *encoder) b(v byte)    { e.buf = append(e.buf, v) }
func (e *encoder) n(n int)     { e.u(uint64(n)) }
func (e *encoder) lbl(l Label) { e.str(string(l)) }

func (e *encoder) flag(v bool) {
	if v {
		e.b(1)
	} else {
		e.b(0)
	}
}

func (e *encoder) str(s string) {
	idx, ok := e.strs[s]
	if !ok {
		idx = uint64(len(e.list))
		e.strs[s] = idx
		e.list = append(e.list, s)
	}
	e.u(idx)
}

func (e *encoder) bytes(b []byte) {
	e.n(len(b))
	e.buf = append(e.buf, b...)
}

func (e *encoder) bools(bs []bool) {
	e.n(len(bs))
	for _, b := range bs {
		e.flag(b)
	}
}

func (e *encoder) file(f *File) error {
	e.n(len(f.Groups))
	for _, g := range f.Groups {
		e.str(g.Title)
		e.n(g.Decls)
	}
	e.n(len(f.Decls))
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *Data:
			e.b(tagData)
			e.b(byte(d.Section.Kind))
			e.str(d.Section.Name)
			e.lbl(d.Section.Label)
			e.lbl(d.Label)
			if err := e.statics(d.Statics); err != nil {
				return err
			}
		case *Proc:
			e.b(tagProc)
			if err := e.proc(d); err != nil {
				return err
			}
		default:
			return fmt.Errorf("cmm: cannot encode decl %T", d)
		}
	}
	return nil
}

func (e *encoder) statics(ss []Static) error {
	e.n(len(ss))
	for _, s := range ss {
		switch s := s.(type) {
		case StaticInt:
			e.b(tagStaticInt)
			e.u(s.Value)
			e.b(byte(s.Width))
		case StaticFloat:
			e.b(tagStaticFloat)
			e.u(s.Bits)
			e.b(byte(s.Width))
		case StaticLabel:
			e.b(tagStaticLabel)
			e.lbl(s.Label)
			e.i(s.Offset)
		case StaticLabelDiff:
			e.b(tagStaticLabelDiff)
			e.lbl(s.A)
			e.lbl(s.B)
			e.i(s.Offset)
			e.b(byte(s.Width))
		case StaticString:
			e.b(tagStaticString)
			e.bytes(s.Bytes)
		case StaticUninit:
			e.b(tagStaticUninit)
			e.i(s.Size)
		case StaticFileEmbed:
			e.b(tagStaticFileEmbed)
			e.str(s.Path)
		default:
			return fmt.Errorf("cmm: cannot encode static %T", s)
		}
	}
	return nil
}

func (e *encoder) proc(p *Proc) error {
	e.lbl(p.Label)
	e.n(len(p.Live))
	for _, r := range p.Live {
		e.globalReg(r)
	}
	e.n(len(p.InfoTables))
	for i := range p.InfoTables {
		it := &p.InfoTables[i]
		e.lbl(it.Block)
		e.lbl(it.Label)
		if it.Desc == nil {
			e.b(0)
			if err := e.statics(it.Statics); err != nil {
				return err
			}
			continue
		}
		e.b(1)
		d := it.Desc
		e.smRep(&d.Rep)
		e.flag(d.Prof != nil)
		if d.Prof != nil {
			e.bytes(d.Prof.Type)
			e.bytes(d.Prof.Desc)
		}
		e.lbl(d.SRT)
	}
	e.flag(p.StackInfo != nil)
	if p.StackInfo != nil {
		e.i(p.StackInfo.ArgSpace)
	}
	e.lbl(p.Entry)
	e.n(len(p.Blocks))
	for i := range p.Blocks {
		b := &p.Blocks[i]
		e.lbl(b.Label)
		e.str(b.Scope)
		e.n(len(b.Stmts))
		for _, s := range b.Stmts {
			if err := e.stmt(s); err != nil {
				return err
			}
		}
	}
	return nil
}

func (e *encoder) smRep(r *SMRep) {
	e.b(byte(r.Kind))
	e.flag(r.HasRTSTag)
	e.i(r.RTSTag)
	e.flag(r.Static)
	e.i(r.Ptrs)
	e.i(r.NonPtrs)
	t := &r.Type
	e.b(byte(t.Kind))
	e.i(t.ConTag)
	e.bytes(t.ConDescr)
	e.i(t.Arity)
	e.b(byte(t.Args.Kind))
	e.i(t.Args.Spec)
	e.bools(t.Args.Gen)
	e.i(t.SelectorOffset)
	e.i(r.Size)
	e.bools(r.Liveness)
}

func (e *encoder) typ(t Type) {
	e.b(byte(t.Cat))
	e.b(byte(t.Width))
	e.u(uint64(t.Lanes))
}

func (e *encoder) globalReg(r GlobalReg) {
	e.b(byte(r.Kind))
	e.b(r.N)
}

func (e *encoder) localReg(r LocalReg) {
	e.str(r.Name)
	e.typ(r.Type)
}

func (e *encoder) localRegs(rs []LocalReg) {
	e.n(len(rs))
	for _, r := range rs {
		e.localReg(r)
	}
}

func (e *encoder) reg(r Reg) {
	e.globalReg(r.Global)
	if r.Global.Kind == 0 {
		e.localReg(r.Local)
	}
}

func (e *encoder) hints(hs []Hint) {
	e.n(len(hs))
	for _, h := range hs {
		e.b(byte(h))
	}
}

func (e *encoder) target(t *ForeignTarget) error {
	e.b(byte(t.Op.Kind))
	e.b(byte(t.Op.Width))
	e.i(int64(t.Op.Align))
	e.b(byte(t.Op.AMO))
	e.b(byte(t.Conv.CallConv))
	e.hints(t.Conv.ArgHints)
	e.hints(t.Conv.ResultHints)
	e.flag(t.Conv.NeverReturns)
	return e.expr(t.Fn)
}

func (e *encoder) exprs(es []Expr) error {
	e.n(len(es))
	for _, x := range es {
		if err := e.expr(x); err != nil {
			return err
		}
	}
	return nil
}

func (e *encoder) stmt(s Stmt) error {
	switch s := s.(type) {
	case *Assign:
		e.b(tagAssign)
		e.reg(s.Dst)
		return e.expr(s.Src)
	case *Store:
		e.b(tagStore)
		e.typ(s.Type)
		if err := e.expr(s.Addr); err != nil {
			return err
		}
		return e.expr(s.Value)
	case *UnsafeCall:
		e.b(tagUnsafeCall)
		e.localRegs(s.Results)
		if err := e.target(&s.Target); err != nil {
			return err
		}
		return e.exprs(s.Args)
	case *SafeCall:
		e.b(tagSafeCall)
		if err := e.target(&s.Target); err != nil {
			return err
		}
		e.localRegs(s.Results)
		e.lbl(s.Succ)
		e.i(s.RetArgs)
		e.i(s.RetOff)
		return e.exprs(s.Args)
	case *Branch:
		e.b(tagBranch)
		e.lbl(s.Target)
	case *CondBranch:
		e.b(tagCondBranch)
		e.lbl(s.True)
		e.lbl(s.False)
		e.b(byte(s.Likely))
		return e.expr(s.Cond)
	case *Switch:
		e.b(tagSwitch)
		e.i(s.Lo)
		e.i(s.Hi)
		e.flag(s.Unsigned)
		e.n(len(s.Cases))
		for _, c := range s.Cases {
			e.n(len(c.Values))
			for _, v := range c.Values {
				e.i(v)
			}
			e.lbl(c.Target)
		}
		e.lbl(s.Default)
		return e.expr(s.Expr)
	case *Call:
		e.b(tagCall)
		e.n(len(s.Regs))
		for _, r := range s.Regs {
			e.globalReg(r)
		}
		e.lbl(s.Cont)
		e.i(s.Args)
		e.i(s.Res)
		e.i(s.Upd)
		return e.expr(s.Target)
	case *Unwind:
		e.b(tagUnwind)
		e.n(len(s.Regs))
		for _, u := range s.Regs {
			e.globalReg(u.Reg)
			if err := e.expr(u.Expr); err != nil {
				return err
			}
		}
	case *Comment:
		e.b(tagComment)
		e.str(s.Text)
	case *Tick:
		e.b(tagTick)
		e.str(s.Text)
	default:
		return fmt.Errorf("cmm: cannot encode statement %T", s)
	}
	return nil
}

func (e *encoder) expr(x Expr) error {
	switch x := x.(type) {
	case nil:
		e.b(tagNil)
	case *IntLit:
		e.b(tagIntLit)
		e.u(x.Value)
		e.b(byte(x.Width))
		e.flag(x.Neg)
	case *FloatLit:
		e.b(tagFloatLit)
		e.u(x.Bits)
		e.b(byte(x.Width))
	case *LabelLit:
		e.b(tagLabelLit)
		e.lbl(x.Label)
		e.i(x.Offset)
	case *LabelDiff:
		e.b(tagLabelDiff)
		e.lbl(x.A)
		e.lbl(x.B)
		e.i(x.Offset)
		e.b(byte(x.Width))
	case *VecLit:
		e.b(tagVecLit)
		return e.exprs(x.Elems)
	case *HighStackMark:
		e.b(tagHighStackMark)
	case *Load:
		e.b(tagLoad)
		e.typ(x.Type)
		return e.expr(x.Addr)
	case *RegExpr:
		e.b(tagRegExpr)
		e.reg(x.Reg)
	case *RegOff:
		e.b(tagRegOff)
		e.reg(x.Reg)
		e.i(x.Off)
	case *StackSlot:
		e.b(tagStackSlot)
		e.lbl(x.Young)
		e.i(x.Off)
	case *MachOpExpr:
		e.b(tagMachOp)
		e.b(byte(x.Op.Kind))
		e.b(byte(x.Op.Width))
		e.b(byte(x.Op.To))
		e.i(int64(x.Op.Lanes))
		return e.exprs(x.Args)
	default:
		return fmt.Errorf("cmm: cannot encode expression %T", x)
	}
	return nil
}

// ---------------------------------------------------------------------------
// Decoding

var errCorrupt = errors.New("cmm: corrupt binary IR")

// UnmarshalBinary decodes what MarshalBinary encoded.
func UnmarshalBinary(data []byte) (*File, error) {
	if len(data) < len(binaryMagic) || string(data[:len(binaryMagic)]) != binaryMagic {
		return nil, errors.New("cmm: not a binary Cmm IR")
	}
	d := &decoder{data: data, pos: len(binaryMagic)}
	if v := d.u(); v != binaryVersion {
		if d.err != nil {
			return nil, d.err
		}
		return nil, fmt.Errorf("cmm: binary IR version %d, want %d", v, binaryVersion)
	}
	n := d.n()
	if d.err == nil {
		d.strs = make([]string, n)
		for i := range d.strs {
			l := d.n()
			if d.err != nil {
				break
			}
			d.strs[i] = string(d.data[d.pos : d.pos+l])
			d.pos += l
		}
	}
	f := d.file()
	if d.err != nil {
		return nil, d.err
	}
	if d.pos != len(d.data) {
		return nil, fmt.Errorf("%w: %d trailing bytes", errCorrupt, len(d.data)-d.pos)
	}
	return f, nil
}

// decoder reads the binary form; the first error sticks and makes every
// later read return zero values.
type decoder struct {
	data []byte
	pos  int
	strs []string
	err  error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = fmt.Errorf("%w at byte %d", errCorrupt, d.pos)
	}
}

func (d *decoder) u() uint64 {
	if d.err != nil {
		return 0
	}
	v, k := binary.Uvarint(d.data[d.pos:])
	if k <= 0 {
		d.fail()
		return 0
	}
	d.pos += k
	return v
}

func (d *decoder) i() int64 {
	if d.err != nil {
		return 0
	}
	v, k := binary.Varint(d.data[d.pos:])
	if k <= 0 {
		d.fail()
		return 0
	}
	d.pos += k
	return v
}

func (d *decoder) b() byte {
	if d.err != nil {
		return 0
	}
	if d.pos >= len(d.data) {
		d.fail()
		return 0
	}
	d.pos++
	return d.data[d.pos-1]
}

// n reads a length, which cannot exceed the bytes left (each element
// takes at least one byte).
func (d *decoder) n() int {
	v := d.u()
	if v > uint64(len(d.data)-d.pos) {
		d.fail()
		return 0
	}
	return int(v)
}

func (d *decoder) flag() bool { return d.b() != 0 }

func (d *decoder) str() string {
	v := d.u()
	if v >= uint64(len(d.strs)) {
		d.fail()
		return ""
	}
	return d.strs[v]
}

func (d *decoder) lbl() Label { return Label(d.str()) }

func (d *decoder) width() Width {
	w := Width(d.b())
	if w > W512 {
		d.fail()
	}
	return w
}

func (d *decoder) bytes() []byte {
	l := d.n()
	if d.err != nil || l == 0 {
		return nil
	}
	b := append([]byte(nil), d.data[d.pos:d.pos+l]...)
	d.pos += l
	return b
}

func (d *decoder) bools() []bool {
	l := d.n()
	if l == 0 {
		return nil
	}
	bs := make([]bool, l)
	for i := range bs {
		bs[i] = d.flag()
	}
	return bs
}

func (d *decoder) file() *File {
	f := &File{}
	if n := d.n(); n > 0 {
		f.Groups = make([]Group, n)
		for i := range f.Groups {
			f.Groups[i] = Group{Title: d.str(), Decls: d.n()}
		}
	}
	n := d.n()
	for i := 0; i < n && d.err == nil; i++ {
		switch d.b() {
		case tagData:
			x := &Data{}
			x.Section.Kind = SectionKind(d.b())
			x.Section.Name = d.str()
			x.Section.Label = d.lbl()
			x.Label = d.lbl()
			x.Statics = d.statics()
			f.Decls = append(f.Decls, x)
		case tagProc:
			f.Decls = append(f.Decls, d.proc())
		default:
			d.fail()
		}
	}
	return f
}

func (d *decoder) statics() []Static {
	n := d.n()
	var ss []Static
	for i := 0; i < n && d.err == nil; i++ {
		var s Static
		switch d.b() {
		case tagStaticInt:
			s = StaticInt{Value: d.u(), Width: d.width()}
		case tagStaticFloat:
			s = StaticFloat{Bits: d.u(), Width: d.width()}
		case tagStaticLabel:
			s = StaticLabel{Label: d.lbl(), Offset: d.i()}
		case tagStaticLabelDiff:
			s = StaticLabelDiff{A: d.lbl(), B: d.lbl(), Offset: d.i(), Width: d.width()}
		case tagStaticString:
			s = StaticString{Bytes: d.bytes()}
		case tagStaticUninit:
			s = StaticUninit{Size: d.i()}
		case tagStaticFileEmbed:
			s = StaticFileEmbed{Path: d.str()}
		default:
			d.fail()
		}
		ss = append(ss, s)
	}
	return ss
}

func (d *decoder) proc() *Proc {
	p := &Proc{Label: d.lbl()}
	n := d.n()
	for i := 0; i < n && d.err == nil; i++ {
		p.Live = append(p.Live, d.globalReg())
	}
	n = d.n()
	for i := 0; i < n && d.err == nil; i++ {
		it := InfoTable{Block: d.lbl(), Label: d.lbl()}
		if d.b() == 0 {
			it.Statics = d.statics()
		} else {
			desc := &InfoDesc{}
			desc.Rep = d.smRep()
			if d.flag() {
				desc.Prof = &ProfInfo{Type: d.bytes(), Desc: d.bytes()}
			}
			desc.SRT = d.lbl()
			it.Desc = desc
		}
		p.InfoTables = append(p.InfoTables, it)
	}
	if d.flag() {
		p.StackInfo = &StackInfo{ArgSpace: d.i()}
	}
	p.Entry = d.lbl()
	n = d.n()
	for i := 0; i < n && d.err == nil; i++ {
		b := Block{Label: d.lbl(), Scope: d.str()}
		m := d.n()
		for j := 0; j < m && d.err == nil; j++ {
			b.Stmts = append(b.Stmts, d.stmt())
		}
		p.Blocks = append(p.Blocks, b)
	}
	return p
}

func (d *decoder) smRep() SMRep {
	var r SMRep
	r.Kind = SMRepKind(d.b())
	r.HasRTSTag = d.flag()
	r.RTSTag = d.i()
	r.Static = d.flag()
	r.Ptrs = d.i()
	r.NonPtrs = d.i()
	t := &r.Type
	t.Kind = ClosureTypeKind(d.b())
	t.ConTag = d.i()
	t.ConDescr = d.bytes()
	t.Arity = d.i()
	t.Args.Kind = ArgDescrKind(d.b())
	t.Args.Spec = d.i()
	t.Args.Gen = d.bools()
	t.SelectorOffset = d.i()
	r.Size = d.i()
	r.Liveness = d.bools()
	return r
}

func (d *decoder) typ() Type {
	t := Type{Cat: TypeCat(d.b()), Width: d.width()}
	t.Lanes = uint16(d.u())
	return t
}

func (d *decoder) globalReg() GlobalReg {
	return GlobalReg{Kind: GlobalRegKind(d.b()), N: d.b()}
}

func (d *decoder) localReg() LocalReg {
	return LocalReg{Name: d.str(), Type: d.typ()}
}

func (d *decoder) localRegs() []LocalReg {
	n := d.n()
	var rs []LocalReg
	for i := 0; i < n && d.err == nil; i++ {
		rs = append(rs, d.localReg())
	}
	return rs
}

func (d *decoder) reg() Reg {
	r := Reg{Global: d.globalReg()}
	if r.Global.Kind == 0 {
		r.Local = d.localReg()
	}
	return r
}

func (d *decoder) hints() []Hint {
	n := d.n()
	var hs []Hint
	for i := 0; i < n && d.err == nil; i++ {
		hs = append(hs, Hint(d.b()))
	}
	return hs
}

func (d *decoder) target() ForeignTarget {
	var t ForeignTarget
	t.Op.Kind = CallishKind(d.b())
	t.Op.Width = d.width()
	t.Op.Align = int(d.i())
	t.Op.AMO = AtomicOp(d.b())
	t.Conv.CallConv = CallConv(d.b())
	t.Conv.ArgHints = d.hints()
	t.Conv.ResultHints = d.hints()
	t.Conv.NeverReturns = d.flag()
	t.Fn = d.expr()
	return t
}

func (d *decoder) exprs() []Expr {
	n := d.n()
	var es []Expr
	for i := 0; i < n && d.err == nil; i++ {
		es = append(es, d.expr())
	}
	return es
}

func (d *decoder) stmt() Stmt {
	switch d.b() {
	case tagAssign:
		return &Assign{Dst: d.reg(), Src: d.expr()}
	case tagStore:
		return &Store{Type: d.typ(), Addr: d.expr(), Value: d.expr()}
	case tagUnsafeCall:
		s := &UnsafeCall{Results: d.localRegs()}
		s.Target = d.target()
		s.Args = d.exprs()
		return s
	case tagSafeCall:
		s := &SafeCall{Target: d.target()}
		s.Results = d.localRegs()
		s.Succ = d.lbl()
		s.RetArgs = d.i()
		s.RetOff = d.i()
		s.Args = d.exprs()
		return s
	case tagBranch:
		return &Branch{Target: d.lbl()}
	case tagCondBranch:
		s := &CondBranch{True: d.lbl(), False: d.lbl(), Likely: Likely(d.b())}
		s.Cond = d.expr()
		return s
	case tagSwitch:
		s := &Switch{Lo: d.i(), Hi: d.i(), Unsigned: d.flag()}
		n := d.n()
		for i := 0; i < n && d.err == nil; i++ {
			var c SwitchCase
			m := d.n()
			for j := 0; j < m && d.err == nil; j++ {
				c.Values = append(c.Values, d.i())
			}
			c.Target = d.lbl()
			s.Cases = append(s.Cases, c)
		}
		s.Default = d.lbl()
		s.Expr = d.expr()
		return s
	case tagCall:
		s := &Call{}
		n := d.n()
		for i := 0; i < n && d.err == nil; i++ {
			s.Regs = append(s.Regs, d.globalReg())
		}
		s.Cont = d.lbl()
		s.Args = d.i()
		s.Res = d.i()
		s.Upd = d.i()
		s.Target = d.expr()
		return s
	case tagUnwind:
		s := &Unwind{}
		n := d.n()
		for i := 0; i < n && d.err == nil; i++ {
			s.Regs = append(s.Regs, UnwindReg{Reg: d.globalReg(), Expr: d.expr()})
		}
		return s
	case tagComment:
		return &Comment{Text: d.str()}
	case tagTick:
		return &Tick{Text: d.str()}
	}
	d.fail()
	return nil
}

func (d *decoder) expr() Expr {
	switch d.b() {
	case tagNil:
		return nil
	case tagIntLit:
		return &IntLit{Value: d.u(), Width: d.width(), Neg: d.flag()}
	case tagFloatLit:
		return &FloatLit{Bits: d.u(), Width: d.width()}
	case tagLabelLit:
		return &LabelLit{Label: d.lbl(), Offset: d.i()}
	case tagLabelDiff:
		return &LabelDiff{A: d.lbl(), B: d.lbl(), Offset: d.i(), Width: d.width()}
	case tagVecLit:
		return &VecLit{Elems: d.exprs()}
	case tagHighStackMark:
		return &HighStackMark{}
	case tagLoad:
		return &Load{Type: d.typ(), Addr: d.expr()}
	case tagRegExpr:
		return &RegExpr{Reg: d.reg()}
	case tagRegOff:
		return &RegOff{Reg: d.reg(), Off: d.i()}
	case tagStackSlot:
		return &StackSlot{Young: d.lbl(), Off: d.i()}
	case tagMachOp:
		m := &MachOpExpr{}
		m.Op.Kind = MachOpKind(d.b())
		m.Op.Width = d.width()
		m.Op.To = d.width()
		m.Op.Lanes = int(d.i())
		m.Args = d.exprs()
		return m
	}
	d.fail()
	return nil
}
