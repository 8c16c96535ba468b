package cmm

import (
	"errors"
	"strconv"
)

var errBadInt = errors.New("bad integer")

const headerRule = "===================="

// file parses the whole dump.
func (p *parser) file() (*File, error) {
	f := &File{}
	for {
		p.skipWS()
		if p.eof() {
			return f, nil
		}
		title, err := p.sectionHeader()
		if err != nil {
			return nil, err
		}
		n := len(f.Decls)
		p.raw = title == "Raw Cmm"
		if err := p.declList(f); err != nil {
			return nil, err
		}
		f.Groups = append(f.Groups, Group{Title: title, Decls: len(f.Decls) - n})
	}
}

// sectionHeader parses `==================== Raw Cmm ====================`
// and the timestamp line after it (absent with -dsuppress-timestamps).
func (p *parser) sectionHeader() (string, error) {
	start := p.pos
	line := string(p.restOfLine())
	n := len(headerRule)
	if len(line) < 2*n+2 || line[:n+1] != headerRule+" " || line[len(line)-n-1:] != " "+headerRule {
		return "", p.errAt(start, "dump section header")
	}
	p.skipWS()
	if isDigit(p.peek()) {
		p.restOfLine()
	}
	return line[n+1 : len(line)-n-1], nil
}

// declList parses `[decl, decl, ...]`.
func (p *parser) declList(f *File) error {
	if err := p.expect("["); err != nil {
		return err
	}
	if p.accept("]") {
		return nil
	}
	for {
		p.skipWS()
		var d Decl
		var err error
		if p.hasPrefix("section ") {
			d, err = p.data()
		} else {
			d, err = p.proc()
		}
		if err != nil {
			return err
		}
		f.Decls = append(f.Decls, d)
		if p.accept(",") {
			continue
		}
		return p.expect("]")
	}
}

var sectionKinds = map[string]SectionKind{
	"text":          SectionText,
	"data":          SectionData,
	"readonly":      SectionReadOnlyData,
	"readonly16":    SectionReadOnlyData16,
	"relreadonly":   SectionRelocatableReadOnlyData,
	"uninitialised": SectionUninitialisedData,
	"cstring":       SectionCString,
}

// data parses `section ""data" . lbl" { lbl: statics }`.
func (p *parser) data() (*Data, error) {
	p.pos += len("section ")
	if err := p.expect(`""`); err != nil {
		return nil, err
	}
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] != '"' && p.src[p.pos] != '\n' {
		p.pos++
	}
	if p.peek() != '"' {
		return nil, p.errAt(start, "section type")
	}
	sec := Section{Kind: sectionKinds[string(p.src[start:p.pos])]}
	if sec.Kind == 0 {
		sec.Kind, sec.Name = SectionOther, string(p.src[start:p.pos])
	}
	p.pos++
	if err := p.expect("."); err != nil {
		return nil, err
	}
	var err error
	if sec.Label, err = p.label(); err != nil {
		return nil, err
	}
	if err := p.expect(`"`); err != nil {
		return nil, err
	}
	if err := p.expect("{"); err != nil {
		return nil, err
	}
	d := &Data{Section: sec}
	if d.Label, err = p.label(); err != nil {
		return nil, err
	}
	if err := p.expect(":"); err != nil {
		return nil, err
	}
	if d.Statics, err = p.statics(false); err != nil {
		return nil, err
	}
	return d, p.expect("}")
}

// statics parses static items up to the first token that is not one.
// GHC does not print the width of a label difference: it is a word in
// data, but in a raw info table (inInfo) the last field is the 32-bit SRT
// offset of x86-64's inline SRT field.
func (p *parser) statics(inInfo bool) ([]Static, error) {
	var ss []Static
	for {
		p.skipWS()
		switch {
		case p.hasPrefix("const "):
			p.pos += len("const ")
			s, err := p.constStatic()
			if err != nil {
				return nil, err
			}
			ss = append(ss, s)
		case p.hasPrefix(`I8[] "`):
			p.pos += len(`I8[] `)
			b, err := p.hsString()
			if err != nil {
				return nil, err
			}
			ss = append(ss, StaticString{Bytes: b})
		case p.hasPrefix("I8["):
			p.pos += len("I8[")
			n, err := p.smallInt()
			if err != nil {
				return nil, err
			}
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			ss = append(ss, StaticUninit{Size: n})
		case p.hasPrefix("incbin "):
			p.pos += len("incbin ")
			p.skipWS()
			b, err := p.hsString()
			if err != nil {
				return nil, err
			}
			ss = append(ss, StaticFileEmbed{Path: string(b)})
		default:
			if inInfo && len(ss) > 0 {
				if d, ok := ss[len(ss)-1].(StaticLabelDiff); ok {
					d.Width = W32
					ss[len(ss)-1] = d
				}
			}
			return ss, nil
		}
	}
}

// constStatic parses the literal of `const lit;`.
func (p *parser) constStatic() (Static, error) {
	start := p.pos
	e, err := p.lit()
	if err != nil {
		return nil, err
	}
	if err := p.expect(";"); err != nil {
		return nil, err
	}
	switch e := e.(type) {
	case *IntLit:
		v := e.Value
		if e.Width < W64 {
			v &= 1<<uint(e.Width.Bits()) - 1
		} else if e.Width > W64 {
			return nil, p.errAt(start, "static (integer wider than 64 bits)")
		}
		return StaticInt{Value: v, Width: e.Width}, nil
	case *FloatLit:
		return StaticFloat(*e), nil
	case *LabelLit:
		return StaticLabel(*e), nil
	case *LabelDiff:
		return StaticLabelDiff(*e), nil
	}
	return nil, p.errAt(start, "static")
}

// hsString parses a string literal as Haskell's show prints it (GHC's
// pprStatic shows a ByteString as a String of Latin-1 characters).
func (p *parser) hsString() ([]byte, error) {
	if p.peek() != '"' {
		return nil, p.errf("string")
	}
	p.pos++
	var b []byte
	for {
		if p.eof() {
			return nil, p.errf("string")
		}
		c := p.src[p.pos]
		switch c {
		case '"':
			p.pos++
			return b, nil
		case '\\':
			var err error
			if b, err = p.hsEscape(b); err != nil {
				return nil, err
			}
		default:
			if c == '\n' {
				return nil, p.errf("string")
			}
			b = append(b, c)
			p.pos++
		}
	}
}

// asciiEscapes are Haskell's named control-character escapes; SOH comes
// before SO so that the longest name matches.
var asciiEscapes = [...]struct {
	name string
	c    byte
}{
	{"NUL", 0}, {"SOH", 1}, {"STX", 2}, {"ETX", 3}, {"EOT", 4}, {"ENQ", 5},
	{"ACK", 6}, {"BEL", 7}, {"BS", 8}, {"HT", 9}, {"LF", 10}, {"VT", 11},
	{"FF", 12}, {"CR", 13}, {"SO", 14}, {"SI", 15}, {"DLE", 16}, {"DC1", 17},
	{"DC2", 18}, {"DC3", 19}, {"DC4", 20}, {"NAK", 21}, {"SYN", 22},
	{"ETB", 23}, {"CAN", 24}, {"EM", 25}, {"SUB", 26}, {"ESC", 27},
	{"FS", 28}, {"GS", 29}, {"RS", 30}, {"US", 31}, {"SP", 32}, {"DEL", 127},
}

// simpleEscapes maps the character after a backslash to its byte.
var simpleEscapes = [256]byte{'a': 7, 'b': 8, 'f': 12, 'n': 10, 'r': 13, 't': 9, 'v': 11, '\\': '\\', '"': '"', '\'': '\''}

// hsEscape parses one escape after a backslash and appends its byte.
// Characters above 255 cannot occur in a shown ByteString.
func (p *parser) hsEscape(b []byte) ([]byte, error) {
	start := p.pos
	p.pos++ // '\\'
	c := p.peek()
	if v := simpleEscapes[c]; v != 0 {
		p.pos++
		return append(b, v), nil
	}
	switch {
	case c == '&':
		p.pos++
		return b, nil
	case c == '^':
		d := p.peekAt(1)
		if d < '@' || d > '_' {
			return nil, p.errAt(start, "string escape")
		}
		p.pos += 2
		return append(b, d-'@'), nil
	case isDigit(c) || c == 'x' || c == 'o':
		base, digits := 10, "0123456789"
		if c == 'x' {
			base, digits = 16, "0123456789abcdefABCDEF"
			p.pos++
		} else if c == 'o' {
			base, digits = 8, "01234567"
			p.pos++
		}
		ds := p.pos
		for p.pos < len(p.src) && bytesIndex([]byte(digits), p.src[p.pos]) >= 0 {
			p.pos++
		}
		v, err := strconv.ParseUint(string(p.src[ds:p.pos]), base, 8)
		if err != nil {
			return nil, p.errAt(start, "string escape (not a byte)")
		}
		return append(b, byte(v)), nil
	case isSpace(c):
		// A string gap: backslash, whitespace, backslash.
		for p.pos < len(p.src) && isSpace(p.src[p.pos]) {
			p.pos++
		}
		if p.peek() != '\\' {
			return nil, p.errAt(start, "string gap")
		}
		p.pos++
		return b, nil
	}
	for _, e := range asciiEscapes {
		if p.hasPrefix(e.name) {
			p.pos += len(e.name)
			return append(b, e.c), nil
		}
	}
	return nil, p.errAt(start, "string escape")
}

// ---------------------------------------------------------------------------
// Procedures

// proc parses `lbl() { //  [live] { info } {offset blocks } }`.
func (p *parser) proc() (*Proc, error) {
	pr := &Proc{}
	var err error
	if pr.Label, err = p.label(); err != nil {
		return nil, err
	}
	if err := p.expect("()"); err != nil {
		return nil, err
	}
	if err := p.expect("{"); err != nil {
		return nil, err
	}
	if err := p.expect("//"); err != nil {
		return nil, err
	}
	if err := p.expect("["); err != nil {
		return nil, err
	}
	if !p.accept("]") {
		for {
			r, err := p.globalReg()
			if err != nil {
				return nil, err
			}
			pr.Live = append(pr.Live, r)
			if p.accept(",") {
				continue
			}
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			break
		}
	}
	if err := p.procInfo(pr); err != nil {
		return nil, err
	}
	if err := p.expect("{offset"); err != nil {
		return nil, err
	}
	for {
		p.skipWS()
		if p.peek() == '}' {
			p.pos++
			break
		}
		b, err := p.block()
		if err != nil {
			return nil, err
		}
		pr.Blocks = append(pr.Blocks, b)
	}
	if len(pr.Blocks) > 0 {
		pr.Entry = pr.Blocks[0].Label
	}
	return pr, p.expect("}")
}

// procInfo parses the info of a proc: `{ [(blk, lbl: statics), ...] }` in
// raw dumps, `{ info_tbls: [(blk, label: ... rep: ... srt: ...)]
// stack_info: arg_space: N }` otherwise.
func (p *parser) procInfo(pr *Proc) error {
	if err := p.expect("{"); err != nil {
		return err
	}
	raw := !p.accept("info_tbls:")
	if err := p.expect("["); err != nil {
		return err
	}
	if !p.accept("]") {
		for {
			if err := p.expect("("); err != nil {
				return err
			}
			var it InfoTable
			var err error
			if it.Block, err = p.blockID(); err != nil {
				return err
			}
			if err := p.expect(","); err != nil {
				return err
			}
			if raw {
				if it.Label, err = p.label(); err != nil {
					return err
				}
				if err := p.expect(":"); err != nil {
					return err
				}
				if it.Statics, err = p.statics(true); err != nil {
					return err
				}
			} else if err := p.infoDesc(&it); err != nil {
				return err
			}
			if err := p.expect(")"); err != nil {
				return err
			}
			pr.InfoTables = append(pr.InfoTables, it)
			if p.accept(",") {
				continue
			}
			if err := p.expect("]"); err != nil {
				return err
			}
			break
		}
	}
	if !raw {
		if err := p.expect("stack_info:"); err != nil {
			return err
		}
		if err := p.expect("arg_space:"); err != nil {
			return err
		}
		n, err := p.smallInt()
		if err != nil {
			return err
		}
		pr.StackInfo = &StackInfo{ArgSpace: n}
	}
	return p.expect("}")
}

// infoDesc parses `label: L rep: R [type: [..] desc: [..]] srt: S`.
func (p *parser) infoDesc(it *InfoTable) error {
	if err := p.expect("label:"); err != nil {
		return err
	}
	var err error
	if it.Label, err = p.label(); err != nil {
		return err
	}
	d := &InfoDesc{}
	if err := p.expect("rep:"); err != nil {
		return err
	}
	if d.Rep, err = p.smRep(); err != nil {
		return err
	}
	if p.accept("type:") {
		d.Prof = &ProfInfo{}
		if d.Prof.Type, err = p.byteList(); err != nil {
			return err
		}
		if err := p.expect("desc:"); err != nil {
			return err
		}
		if d.Prof.Desc, err = p.byteList(); err != nil {
			return err
		}
	}
	if err := p.expect("srt:"); err != nil {
		return err
	}
	if !p.accept("Nothing") {
		if err := p.expect("Just"); err != nil {
			return err
		}
		if d.SRT, err = p.label(); err != nil {
			return err
		}
	}
	it.Desc = d
	return nil
}

// byteList parses `[70,111,111]`, a shown [Word8].
func (p *parser) byteList() ([]byte, error) {
	if err := p.expect("["); err != nil {
		return nil, err
	}
	var b []byte
	if p.accept("]") {
		return b, nil
	}
	for {
		n, err := p.smallInt()
		if err != nil {
			return nil, err
		}
		if n < 0 || n > 255 {
			return nil, p.errf("byte")
		}
		b = append(b, byte(n))
		if p.accept(",") {
			continue
		}
		return b, p.expect("]")
	}
}

// smRep parses an SMRep as GHC.Runtime.Heap.Layout prints it.
func (p *parser) smRep() (SMRep, error) {
	var r SMRep
	p.skipWS()
	if p.hasPrefix("tag:") {
		p.pos += len("tag:")
		n, err := p.smallInt()
		if err != nil {
			return r, err
		}
		r.HasRTSTag, r.RTSTag = true, n
	}
	var err error
	switch {
	case p.accept("HeapRep"):
		r.Kind = RepHeap
		r.Static = p.acceptWord("static")
		for {
			p.skipWS()
			if !isDigit(p.peek()) {
				break
			}
			n, err := p.smallInt()
			if err != nil {
				return r, err
			}
			switch {
			case p.acceptWord("ptrs"):
				r.Ptrs = n
			case p.acceptWord("nonptrs"):
				r.NonPtrs = n
			default:
				return r, p.errf("HeapRep field")
			}
		}
		if err := p.expect("{"); err != nil {
			return r, err
		}
		if r.Type, err = p.closureType(); err != nil {
			return r, err
		}
		err = p.expect("}")
	case p.accept("ArrayPtrsRep"):
		r.Kind = RepArrayPtrs
		r.Size, err = p.smallInt()
	case p.accept("SmallArrayPtrsRep"):
		r.Kind = RepSmallArrayPtrs
		r.Size, err = p.smallInt()
	case p.accept("ArrayWordsRep"):
		r.Kind = RepArrayWords
		r.Size, err = p.smallInt()
	case p.accept("StackRep"):
		r.Kind = RepStack
		r.Liveness, err = p.boolList()
	default:
		err = p.errf("closure representation")
	}
	return r, err
}

func (p *parser) acceptWord(w string) bool {
	p.skipWS()
	if p.hasWord(w) {
		p.pos += len(w)
		return true
	}
	return false
}

// boolList parses `[False, True]`.
func (p *parser) boolList() ([]bool, error) {
	if err := p.expect("["); err != nil {
		return nil, err
	}
	var bs []bool
	if p.accept("]") {
		return bs, nil
	}
	for {
		switch {
		case p.acceptWord("True"):
			bs = append(bs, true)
		case p.acceptWord("False"):
			bs = append(bs, false)
		default:
			return nil, p.errf("Bool")
		}
		if p.accept(",") {
			continue
		}
		return bs, p.expect("]")
	}
}

// closureType parses a ClosureTypeInfo.
func (p *parser) closureType() (ClosureType, error) {
	var t ClosureType
	var err error
	switch {
	case p.acceptWord("Con"):
		t.Kind = ClosureCon
		if err := p.expect("{"); err != nil {
			return t, err
		}
		if err := p.expect("tag:"); err != nil {
			return t, err
		}
		if t.ConTag, err = p.smallInt(); err != nil {
			return t, err
		}
		if err := p.expect("descr:"); err != nil {
			return t, err
		}
		p.skipWS()
		if t.ConDescr, err = p.hsString(); err != nil {
			return t, err
		}
		err = p.expect("}")
	case p.acceptWord("Fun"):
		t.Kind = ClosureFun
		if err := p.expect("{"); err != nil {
			return t, err
		}
		if err := p.expect("arity:"); err != nil {
			return t, err
		}
		if t.Arity, err = p.smallInt(); err != nil {
			return t, err
		}
		if err := p.expect("fun_type:"); err != nil {
			return t, err
		}
		switch {
		case p.acceptWord("ArgSpec"):
			t.Args.Kind = ArgSpec
			t.Args.Spec, err = p.smallInt()
		case p.acceptWord("ArgGen"):
			t.Args.Kind = ArgGen
			t.Args.Gen, err = p.boolList()
		case p.acceptWord("ArgUnknown"):
			t.Args.Kind = ArgUnknown
		default:
			err = p.errf("argument descriptor")
		}
		if err != nil {
			return t, err
		}
		err = p.expect("}")
	case p.acceptWord("Thunk"):
		t.Kind = ClosureThunk
	case p.acceptWord("ThunkSel"):
		t.Kind = ClosureThunkSel
		t.SelectorOffset, err = p.smallInt()
	case p.acceptWord("BlackHole"):
		t.Kind = ClosureBlackHole
	case p.acceptWord("IndStatic"):
		t.Kind = ClosureIndStatic
	default:
		err = p.errf("closure type")
	}
	return t, err
}

// block parses `lbl: // scope` and the statements up to the next block.
func (p *parser) block() (Block, error) {
	var b Block
	var err error
	if b.Label, err = p.blockID(); err != nil {
		return b, err
	}
	if p.peek() != ':' {
		return b, p.errf("`:`")
	}
	p.pos++
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
	if p.hasPrefix("//") {
		p.pos += 2
		p.skipBlanks()
		b.Scope = p.internName(p.restOfLine())
	}
	for {
		p.skipWS()
		if p.peek() == '}' || p.atBlockLabel() {
			return b, nil
		}
		s, err := p.stmt()
		if err != nil {
			return b, err
		}
		b.Stmts = append(b.Stmts, s)
	}
}

func (p *parser) skipBlanks() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t') {
		p.pos++
	}
}

// atBlockLabel reports whether a block label `lbl:` starts here.
func (p *parser) atBlockLabel() bool {
	i := p.pos
	for i < len(p.src) && isIdentChar(p.src[i]) {
		i++
	}
	return i > p.pos && i+1 < len(p.src) && p.src[i] == ':' && p.src[i+1] != ':'
}
