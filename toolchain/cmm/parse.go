package cmm

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"strconv"
)

// ParseError is a syntax error in a dump, with its 1-based position (the
// column counts bytes).
type ParseError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// ParseFile parses the Cmm dump in the file at path.
func ParseFile(path string) (*File, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cmm: %w", err)
	}
	return Parse(path, src)
}

// Parse parses a Cmm dump: one or more sections headed
// `==================== Raw Cmm ====================` (or `Output Cmm`),
// each a timestamp and a bracketed list of declarations. name is used in
// error messages.
func Parse(name string, src []byte) (*File, error) {
	p := &parser{
		name:   name,
		src:    src,
		labels: make(map[string]Label),
		names:  make(map[string]string),
	}
	f, err := p.file()
	if err != nil {
		return nil, err
	}
	return f, nil
}

// parser is a recursive-descent parser straight over the bytes: the
// meaning of characters like `(`, `,`, `+` or `:` depends on where they
// occur (they may be part of a label), so there is no separate token
// stream. Whitespace, including newlines, separates tokens anywhere:
// GHC's pretty printer breaks long lines at will.
type parser struct {
	name   string
	src    []byte
	pos    int
	labels map[string]Label  // interned labels
	names  map[string]string // interned local register names

	// raw says the section being parsed is "Raw Cmm", where an infix
	// expression that prints alike for different trees is an error
	// (parse_expr.go).
	raw bool
	// The state of the level-9 chain being parsed (expr9): the bitOps
	// levels it joined, whether the operand just read began with a
	// prefix operator, and whether an operator followed such an operand.
	chainKinds    uint8
	afterUnary    bool
	chainUnaryBin bool
}

// errAt makes the error `cannot parse <what>: <text>` at offset pos.
func (p *parser) errAt(pos int, what string) error {
	line, col := 1, 1
	lineStart := 0
	for i := 0; i < pos && i < len(p.src); i++ {
		if p.src[i] == '\n' {
			line++
			lineStart = i + 1
		}
	}
	col = pos - lineStart + 1
	end := pos
	for end < len(p.src) && p.src[end] != '\n' && end-pos < 60 {
		end++
	}
	text := string(p.src[pos:end])
	if pos >= len(p.src) {
		text = "end of file"
	}
	return &ParseError{File: p.name, Line: line, Col: col, Msg: "cannot parse " + what + ": " + text}
}

func (p *parser) errf(what string) error { return p.errAt(p.pos, what) }

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isIdentChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || isDigit(c) || c == '_'
}

func (p *parser) skipWS() {
	for p.pos < len(p.src) && isSpace(p.src[p.pos]) {
		p.pos++
	}
}

func (p *parser) eof() bool { return p.pos >= len(p.src) }

// peek returns the byte at the current position, 0 at the end.
func (p *parser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *parser) peekAt(i int) byte {
	if p.pos+i < len(p.src) {
		return p.src[p.pos+i]
	}
	return 0
}

func (p *parser) hasPrefix(s string) bool {
	return len(p.src)-p.pos >= len(s) && string(p.src[p.pos:p.pos+len(s)]) == s
}

// hasWord reports whether the keyword s is at the current position,
// followed by a non-identifier character.
func (p *parser) hasWord(s string) bool {
	if !p.hasPrefix(s) {
		return false
	}
	i := p.pos + len(s)
	return i >= len(p.src) || !isIdentChar(p.src[i])
}

// expect skips whitespace and consumes s.
func (p *parser) expect(s string) error {
	p.skipWS()
	if !p.hasPrefix(s) {
		return p.errf("`" + s + "`")
	}
	p.pos += len(s)
	return nil
}

// accept skips whitespace and consumes s if it is there.
func (p *parser) accept(s string) bool {
	p.skipWS()
	if p.hasPrefix(s) {
		p.pos += len(s)
		return true
	}
	return false
}

// restOfLine consumes and returns the text up to the end of the line,
// without trailing blanks.
func (p *parser) restOfLine() []byte {
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] != '\n' {
		p.pos++
	}
	return bytes.TrimRight(p.src[start:p.pos], " \r")
}

func (p *parser) intern(b []byte) Label {
	if l, ok := p.labels[string(b)]; ok {
		return l
	}
	l := Label(b)
	p.labels[string(l)] = l
	return l
}

func (p *parser) internName(b []byte) string {
	if s, ok := p.names[string(b)]; ok {
		return s
	}
	s := string(b)
	p.names[s] = s
	return s
}

// ---------------------------------------------------------------------------
// Numbers

// integer parses an optionally negative decimal integer as a 64-bit
// pattern: values from -2^63 to 2^64-1 are accepted. neg says it had a
// minus sign.
func (p *parser) integer() (v uint64, neg bool, err error) {
	start := p.pos
	if p.peek() == '-' {
		neg = true
		p.pos++
	}
	d := p.pos
	for p.pos < len(p.src) && isDigit(p.src[p.pos]) {
		p.pos++
	}
	if p.pos == d {
		p.pos = start
		return 0, false, p.errf("integer")
	}
	for _, c := range p.src[d:p.pos] {
		digit := uint64(c - '0')
		if v > (math.MaxUint64-digit)/10 {
			return 0, false, p.errAt(start, "integer (out of 64-bit range)")
		}
		v = v*10 + digit
	}
	if neg && v > 1<<63 {
		return 0, false, p.errAt(start, "integer (out of 64-bit range)")
	}
	if neg {
		v = -v
	}
	return v, neg, nil
}

// smallInt parses an integer that must fit an int64.
func (p *parser) smallInt() (int64, error) {
	p.skipWS()
	start := p.pos
	v, neg, err := p.integer()
	if err != nil {
		return 0, err
	}
	if !neg && v > math.MaxInt64 {
		return 0, p.errAt(start, "integer (out of range)")
	}
	return int64(v), nil
}

// width parses `W64`.
func (p *parser) width() (Width, error) {
	p.skipWS()
	if p.peek() == 'W' {
		for _, w := range [...]Width{W8, W16, W32, W64, W128, W256, W512} {
			s := w.String()
			if p.hasPrefix(s) && !isIdentChar(p.peekAt(len(s))) {
				p.pos += len(s)
				return w, nil
			}
		}
	}
	return 0, p.errf("width")
}

// optWidth parses an optional ` :: W32` after a literal.
func (p *parser) optWidth() (Width, bool, error) {
	save := p.pos
	p.skipWS()
	if p.hasPrefix("::") {
		p.pos += 2
		w, err := p.width()
		return w, true, err
	}
	p.pos = save
	return W64, false, nil
}

// floatEnd scans the number at i (after an optional sign) and returns its
// end and whether it is a Double as Haskell shows it: with a '.' or an
// exponent, or Infinity or NaN.
func (p *parser) floatEnd(i int) (int, bool) {
	src := p.src
	if i < len(src) && src[i] == '-' {
		i++
	}
	for _, w := range [...]string{"Infinity", "NaN"} {
		if j := i + len(w); len(src) >= j && string(src[i:j]) == w && (j == len(src) || !isIdentChar(src[j])) {
			return j, true
		}
	}
	j := i
	for j < len(src) && isDigit(src[j]) {
		j++
	}
	if j == i {
		return 0, false
	}
	float := false
	if j < len(src) && src[j] == '.' && j+1 < len(src) && isDigit(src[j+1]) {
		float = true
		j++
		for j < len(src) && isDigit(src[j]) {
			j++
		}
	}
	if j < len(src) && src[j] == 'e' {
		k := j + 1
		if k < len(src) && src[k] == '-' {
			k++
		}
		if k < len(src) && isDigit(src[k]) {
			float = true
			for k < len(src) && isDigit(src[k]) {
				k++
			}
			j = k
		}
	}
	return j, float
}

// floatLit parses `2.5 :: W64` (the width is mandatory for floats).
func (p *parser) floatLit(end int) (*FloatLit, error) {
	start := p.pos
	text := string(p.src[start:end])
	p.pos = end
	w, ok, err := p.optWidth()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, p.errAt(start, "float literal width")
	}
	bits, err := floatBits(text, w)
	if err != nil {
		return nil, p.errAt(start, "float literal")
	}
	return &FloatLit{Bits: bits, Width: w}, nil
}

// floatBits converts a Double as Haskell's show prints it to the IEEE
// bits of a float of width w.
func floatBits(text string, w Width) (uint64, error) {
	switch text {
	case "NaN":
		if w == W32 {
			return 0x7fc00000, nil
		}
		return 0x7ff8000000000000, nil
	}
	switch w {
	case W32:
		f, err := strconv.ParseFloat(text, 32)
		if err != nil && !isRangeErr(err) {
			return 0, err
		}
		return uint64(math.Float32bits(float32(f))), nil
	case W64:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil && !isRangeErr(err) {
			return 0, err
		}
		return math.Float64bits(f), nil
	}
	return 0, fmt.Errorf("float of width %v", w)
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// ---------------------------------------------------------------------------
// Labels

// labelSuffixes end the labels GHC makes from Haskell names and RTS
// entities (GHC.Cmm.CLabel.pprCLbl). A label's text may contain any
// Haskell operator character and `(`, `)`, `,`, `[`, `]` (GHC.Base.++_info,
// GHC.Show.$fShow(,)3_closure, GHC.Types.[]_closure), so such a label ends
// only after one of these suffixes; labels without one (block ids, C
// functions, RTS entry points) are plain identifiers.
var labelSuffixes = [...]string{
	"_closure", "_info", "_entry", "_slow", "_ct", "_closure_tbl", "_bytes",
	"_srt", "_btm", "_str", "_fast", "_ret", "_ctr", "_hpc", "_cc", "_ccs",
}

// isLabelChar is true for the bytes a label may contain outside a quoted
// part.
func isLabelChar(c byte) bool {
	return !isSpace(c) && c != ';' && c != '"' && c != '{' && c != '}'
}

// quotedEnd returns the end of the string literal that opens at i, or -1
// if it does not close on its line. A type-level string is part of the
// names of the instances and dictionaries that mention it, as Haskell's
// show prints it (GHC.Tc.Utils.Env getDFunTyLitKey): `$fIsLabel"false"B`,
// `$fC"a \"b\" {}"_closure`. Its text is printable ASCII with
// backslash escapes, and may hold spaces, `;`, `{` and `}`.
func quotedEnd(src []byte, i int) int {
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		case '\n':
			return -1
		}
	}
	return -1
}

// validLabel reports whether s can be a whole label: one ending in a known
// suffix, or a plain identifier (which may contain the `#` of primop
// names such as stg_newByteArray#). Only the built-in syntax of tuples
// and unboxed tuples, printed unqualified (`(,)_con_info`, `(#,#)_closure`),
// starts with a parenthesis: `(lbl+8)` is a parenthesised literal.
func validLabel(s []byte) bool {
	if len(s) == 0 || isDigit(s[0]) {
		return false
	}
	if s[0] == '(' && (len(s) < 2 || s[1] != ')' && s[1] != ',' && s[1] != '#') {
		return false
	}
	for _, suf := range labelSuffixes {
		if len(s) > len(suf) && string(s[len(s)-len(suf):]) == suf {
			return true
		}
	}
	for _, c := range s {
		if !isIdentChar(c) && c != '#' {
			return false
		}
	}
	return true
}

// labelEnd returns the end of the label starting at i, or -1. Of the
// prefixes of the run of label characters at i that can be whole labels,
// it takes the shortest that is followed by something that can follow a
// label: the end of the run, `(` (a call), `)`, `,`, `]`, `>`, `:` and a
// space (a definition), `+N`/`-N` (an offset) or `-label` (a difference).
func (p *parser) labelEnd(i int) int {
	src := p.src
	// The run of label characters, and which of its bytes are quoted. A
	// quote that does not close on its line ends the run: it is the one
	// that closes a section's name (`section ""data" . lbl" {`).
	j := i
	var quoted []bool
	for j < len(src) {
		if src[j] == '"' {
			e := quotedEnd(src, j)
			if e < 0 {
				break
			}
			if quoted == nil {
				quoted = make([]bool, j-i, e-i)
			}
			for len(quoted) < e-i {
				quoted = append(quoted, true)
			}
			j = e
			continue
		}
		if !isLabelChar(src[j]) {
			break
		}
		j++
		if quoted != nil {
			quoted = append(quoted, false)
		}
	}
	for k := i + 1; k <= j; k++ {
		if quoted != nil && k < j && quoted[k-i] {
			continue
		}
		if k < j {
			switch src[k] {
			case '(', ')', ',', ']', '>':
			case ':':
				if k+1 < len(src) && !isSpace(src[k+1]) {
					continue
				}
			case '+':
				if k+1 >= len(src) || !isDigit(src[k+1]) {
					continue
				}
			case '-':
				if k+1 >= len(src) || !isDigit(src[k+1]) && p.labelEnd(k+1) < 0 {
					continue
				}
			default:
				continue
			}
		}
		if validLabel(src[i:k]) {
			return k
		}
	}
	return -1
}

// label parses a label.
func (p *parser) label() (Label, error) {
	p.skipWS()
	end := p.labelEnd(p.pos)
	if end < 0 {
		return "", p.errf("label")
	}
	l := p.intern(p.src[p.pos:end])
	p.pos = end
	return l, nil
}

// blockID parses a block label, a plain identifier.
func (p *parser) blockID() (Label, error) {
	p.skipWS()
	start := p.pos
	for p.pos < len(p.src) && isIdentChar(p.src[p.pos]) {
		p.pos++
	}
	if p.pos == start || isDigit(p.src[start]) {
		p.pos = start
		return "", p.errf("block label")
	}
	return p.intern(p.src[start:p.pos]), nil
}

// labelLit parses a label with its offset or a label difference:
// `lbl`, `lbl+8`, `lbl-8`, `a-b`, `a-b+8`.
func (p *parser) labelLit() (Expr, error) {
	a, err := p.label()
	if err != nil {
		return nil, err
	}
	var b Label
	if p.peek() == '-' && !isDigit(p.peekAt(1)) {
		p.pos++
		if b, err = p.label(); err != nil {
			return nil, err
		}
	}
	var off int64
	if c := p.peek(); (c == '+' || c == '-') && isDigit(p.peekAt(1)) {
		p.pos++
		v, err := p.smallInt()
		if err != nil {
			return nil, err
		}
		if c == '-' {
			v = -v
		}
		off = v
	}
	if b != "" {
		return &LabelDiff{A: a, B: b, Offset: off, Width: W64}, nil
	}
	return &LabelLit{Label: a, Offset: off}, nil
}

// ---------------------------------------------------------------------------
// Types and registers

// cmmType parses a type such as I64, P64, F32 or Fx4V128 at the current
// position without skipping whitespace; ok is false (and nothing is
// consumed) if there is none.
func (p *parser) cmmType() (t Type, ok bool) {
	i := p.pos
	src := p.src
	if i >= len(src) {
		return t, false
	}
	switch src[i] {
	case 'I':
		t.Cat = CatBits
	case 'P':
		t.Cat = CatGcPtr
	case 'F':
		t.Cat = CatFloat
	default:
		return t, false
	}
	i++
	if i < len(src) && src[i] == 'x' {
		j := i + 1
		n := 0
		for j < len(src) && isDigit(src[j]) && n < 1<<16 {
			n = n*10 + int(src[j]-'0')
			j++
		}
		if j == i+1 || j >= len(src) || src[j] != 'V' || n == 0 || n >= 1<<16 {
			return Type{}, false
		}
		t.Lanes = uint16(n)
		i = j + 1
	}
	j := i
	bits := 0
	for j < len(src) && isDigit(src[j]) && bits < 1024 {
		bits = bits*10 + int(src[j]-'0')
		j++
	}
	if j == i || bits%8 != 0 {
		return Type{}, false
	}
	t.Width = widthOfBytes(bits / 8)
	if t.Width == 0 || j < len(src) && isIdentChar(src[j]) {
		return Type{}, false
	}
	p.pos = j
	return t, true
}

// globalRegNames are the registers GHC prints by name. The three that
// print as RTS labels (stg_EAGER_BLACKHOLE_info, stg_gc_enter_1,
// stg_gc_fun) are read as labels, except as a parenthesised call target,
// where GHC prints only a register so; the registers hold the RTS labels
// __stg_EAGER_BLACKHOLE_info, __stg_gc_enter_1 and __stg_gc_fun, which is
// what codegen makes of the labels.
var globalRegNames = map[string]GlobalRegKind{
	"Sp": RegSp, "SpLim": RegSpLim, "Hp": RegHp, "HpLim": RegHpLim,
	"MachSp": RegMachSp, "UnwindReturnReg": RegUnwindReturnReg,
	"CCCS": RegCCCS, "CurrentTSO": RegCurrentTSO,
	"CurrentNursery": RegCurrentNursery, "HpAlloc": RegHpAlloc,
	"BaseReg": RegBaseReg, "PicBaseReg": RegPicBaseReg,
}

var labelRegNames = map[string]GlobalRegKind{
	"stg_EAGER_BLACKHOLE_info": RegEagerBlackholeInfo,
	"stg_gc_enter_1":           RegGCEnter1,
	"stg_gc_fun":               RegGCFun,
}

// RegisterLabel says whether a label is the text GHC prints for one of
// the registers that hold an RTS label (EagerBlackholeInfo, GCEnter1,
// GCFun), and which.
func RegisterLabel(l Label) (GlobalRegKind, bool) {
	k, ok := labelRegNames[string(l)]
	return k, ok
}

// globalRegOf recognises the text of a numbered or named global register.
func globalRegOf(s []byte) (GlobalReg, bool) {
	if k, ok := globalRegNames[string(s)]; ok {
		return GlobalReg{Kind: k}, true
	}
	var kind GlobalRegKind
	var n []byte
	switch {
	case len(s) >= 2 && s[0] == 'R':
		kind, n = RegVanilla, s[1:]
	case len(s) >= 2 && s[0] == 'F':
		kind, n = RegFloat, s[1:]
	case len(s) >= 2 && s[0] == 'D':
		kind, n = RegDouble, s[1:]
	case len(s) >= 2 && s[0] == 'L':
		kind, n = RegLong, s[1:]
	case len(s) >= 4 && string(s[:3]) == "XMM":
		kind, n = RegXmm, s[3:]
	case len(s) >= 4 && string(s[:3]) == "YMM":
		kind, n = RegYmm, s[3:]
	case len(s) >= 4 && string(s[:3]) == "ZMM":
		kind, n = RegZmm, s[3:]
	default:
		return GlobalReg{}, false
	}
	if len(n) > 3 || n[0] == '0' {
		return GlobalReg{}, false
	}
	v := 0
	for _, c := range n {
		if !isDigit(c) {
			return GlobalReg{}, false
		}
		v = v*10 + int(c-'0')
	}
	if v > 255 {
		return GlobalReg{}, false
	}
	return GlobalReg{Kind: kind, N: uint8(v)}, true
}

// globalReg parses a global register.
func (p *parser) globalReg() (GlobalReg, error) {
	p.skipWS()
	if r, ok := p.tryGlobalReg(); ok {
		return r, nil
	}
	return GlobalReg{}, p.errf("global register")
}

// tryGlobalReg parses a global register if there is one here.
func (p *parser) tryGlobalReg() (GlobalReg, bool) {
	start := p.pos
	for p.pos < len(p.src) && isIdentChar(p.src[p.pos]) {
		p.pos++
	}
	if r, ok := globalRegOf(p.src[start:p.pos]); ok {
		return r, true
	}
	if k, ok := labelRegNames[string(p.src[start:p.pos])]; ok {
		return GlobalReg{Kind: k}, true
	}
	p.pos = start
	return GlobalReg{}, false
}

// localRegEnd returns the end of the name of the local register
// `_name::Type` at i, or -1.
func (p *parser) localRegEnd(i int) int {
	src := p.src
	if i >= len(src) || src[i] != '_' {
		return -1
	}
	j := i + 1
	for j < len(src) && isIdentChar(src[j]) {
		j++
	}
	if j+1 < len(src) && src[j] == ':' && src[j+1] == ':' {
		return j
	}
	return -1
}

// localReg parses `_s1Yb::F64`.
func (p *parser) localReg() (LocalReg, error) {
	p.skipWS()
	end := p.localRegEnd(p.pos)
	if end < 0 {
		return LocalReg{}, p.errf("local register")
	}
	name := p.internName(p.src[p.pos:end])
	p.pos = end + 2
	t, ok := p.cmmType()
	if !ok {
		return LocalReg{}, p.errf("type")
	}
	return LocalReg{Name: name, Type: t}, nil
}

// globalRegType is the type of a global register on x86-64 (GHC's
// globalRegType; R registers are taken to hold pointers).
func globalRegType(r GlobalReg) Type {
	switch r.Kind {
	case RegFloat:
		return TypeF32
	case RegDouble:
		return TypeF64
	case RegXmm:
		return Type{Cat: CatBits, Width: W128, Lanes: 4}
	case RegYmm:
		return Type{Cat: CatBits, Width: W256, Lanes: 8}
	case RegZmm:
		return Type{Cat: CatBits, Width: W512, Lanes: 16}
	case RegVanilla, RegHp:
		return TypeP64
	}
	return TypeI64
}

// RegType is the type of a register: a local register's declared type, or
// the type GHC gives a global register on x86-64 (R1 is taken to hold a
// pointer, which GHC's dump does not say).
func RegType(r Reg) Type {
	if r.Global.Kind != 0 {
		return globalRegType(r.Global)
	}
	return r.Local.Type
}

// TypeOf is the type of an expression (GHC's cmmExprType, up to the
// pointer-ness of R registers and labels, which the dump does not record).
func TypeOf(e Expr) Type {
	switch e := e.(type) {
	case *IntLit:
		return Type{Cat: CatBits, Width: e.Width}
	case *FloatLit:
		return Type{Cat: CatFloat, Width: e.Width}
	case *LabelLit, *HighStackMark, *StackSlot:
		return TypeI64
	case *LabelDiff:
		return Type{Cat: CatBits, Width: e.Width}
	case *VecLit:
		if len(e.Elems) == 0 {
			return Type{}
		}
		el := TypeOf(e.Elems[0])
		return Type{Cat: el.Cat, Width: widthOfBytes(el.Width.Bytes() * len(e.Elems)), Lanes: uint16(len(e.Elems))}
	case *Load:
		return e.Type
	case *RegExpr:
		return RegType(e.Reg)
	case *RegOff:
		return RegType(e.Reg)
	case *MachOpExpr:
		var t0 Type
		if len(e.Args) > 0 {
			t0 = TypeOf(e.Args[0])
		}
		return e.Op.ResultType(t0)
	}
	return Type{}
}
