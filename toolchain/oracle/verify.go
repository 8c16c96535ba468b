package oracle

import (
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/ahc-hs/ahc/toolchain/cmm"
)

// Module is what a dump declares, as the oracle sees it.
type Module struct {
	Items []Item
	// Code is the labels of procedures without info tables: the object
	// has their code under their own symbols.
	Code []cmm.Label
}

// Mismatch is one difference between the dump and the object.
type Mismatch struct {
	Label  cmm.Label // the declaration; "" for a native symbol the dump lacks
	Symbol string    // its symbol in the object
	Offset int64     // byte offset in the declaration; -1 when not about bytes
	Have   string    // what the dump says
	Want   string    // what the object has
	Msg    string
}

func (m Mismatch) String() string {
	var b strings.Builder
	if m.Label != "" {
		fmt.Fprintf(&b, "%s", m.Label)
		if m.Symbol != "" && m.Symbol != string(m.Label) {
			fmt.Fprintf(&b, " (%s)", m.Symbol)
		}
	} else {
		b.WriteString(m.Symbol)
	}
	if m.Offset >= 0 {
		fmt.Fprintf(&b, " +%d", m.Offset)
	}
	b.WriteString(": ")
	b.WriteString(m.Msg)
	if m.Have != "" || m.Want != "" {
		fmt.Fprintf(&b, ": ours %s, native %s", m.Have, m.Want)
	}
	return b.String()
}

// Result is the outcome of a verification.
type Result struct {
	Symbols int // declarations found and compared (aliases included)
	Bytes   int // bytes compared outside relocated words
	Relocs  int // relocations matched
	// Located counts how declarations were found: "symbol", "order",
	// "reloc", "content", "alias".
	Located map[string]int
	// Places is where each declaration found was, by label.
	Places     map[cmm.Label]Place
	Mismatches []Mismatch
	// Unverified are references the object does not let the oracle
	// check: differences the assembler worked out whose target is code at
	// an assembler temporary (the slow entry of a module-local function),
	// which only an object assembled with --keep-locals locates.
	Unverified []Mismatch
}

// Place is where a declaration is in the object.
type Place struct {
	Section string
	Offset  uint64 // of the label: info labels end their tables
	How     string // symbol, order, reloc, content or alias
}

// Summary is the one-line report of ahc-cmm verify.
func (r *Result) Summary() string {
	return fmt.Sprintf("verified %d symbols, %d bytes, %d relocations: %d mismatches", r.Symbols, r.Bytes, r.Relocs, len(r.Mismatches))
}

// loc is where a label is in the object: a defined address, or an
// undefined symbol.
type loc struct {
	sec  *Section
	off  uint64
	name string // undefined symbol
}

func (l loc) defined() bool { return l.sec != nil }

func (l loc) String() string {
	if l.sec == nil {
		return l.name
	}
	return fmt.Sprintf("%s+%#x", l.sec.Name, l.off)
}

type item struct {
	Item
	lay   *Layout
	sym   string // the object symbol of the label
	alias cmm.Label
	sec   *Section
	start uint64 // of the statics
	how   string // how it was located; "" while not located
	bad   bool   // reported as not located
}

func (it *item) size() uint64 { return uint64(len(it.lay.Bytes)) }

// addr is the label's address: info labels end their tables.
func (it *item) addr() uint64 {
	if it.Info {
		return it.start + it.size()
	}
	return it.start
}

type verifier struct {
	obj     *Object
	res     *cmm.Resolver
	items   []*item
	byLabel map[cmm.Label]*item
	code    map[cmm.Label]bool
	out     *Result
}

// Verify compares a dump's declarations with the object ghc wrote in the
// same compilation. Every declaration must be in the object with the same
// bytes outside relocated words and the same relocations (target and
// addend), and every symbol of the object's data and info tables must come
// from a declaration.
//
// Declarations are found by their symbols. Assembler temporaries (".L")
// have none unless the object was assembled with --keep-locals; they are
// then found, exactly, by (1) the order of the declarations in sections
// that hold only the dump's data, (2) the relocations of declarations
// already found that refer to them, and (3) for info tables, their
// contents: the places in code where the table's bytes and relocations
// are (and those of the temporaries it refers to), first among the places
// that absolute relocations point at, then among all 8-byte aligned places
// no table takes yet, when there are exactly as many such places as tables
// of the same contents (tables that are then interchangeable). Anything
// else is a mismatch.
func Verify(obj *Object, m *Module, res *cmm.Resolver) *Result {
	v := &verifier{obj: obj, res: res, byLabel: map[cmm.Label]*item{}, code: map[cmm.Label]bool{},
		out: &Result{Located: map[string]int{}, Places: map[cmm.Label]Place{}}}
	for _, l := range m.Code {
		v.code[l] = true
	}
	for i := range m.Items {
		it := &item{Item: m.Items[i]}
		lay, err := Lay(it.Statics)
		if err != nil {
			v.mismatch(it, -1, "", "", "cannot lay out: %v", err)
			continue
		}
		it.lay = lay
		if v.byLabel[it.Label] != nil {
			v.mismatch(it, -1, "", "", "declared twice")
			continue
		}
		v.byLabel[it.Label] = it
		v.items = append(v.items, it)
	}
	for _, it := range v.items {
		v.resolve(it)
	}
	for _, it := range v.items {
		if !it.Info {
			it.alias = v.staticIndirection(it)
		}
	}
	v.bySymbol()
	v.byOrder()
	for v.byRelocs() || v.byContent(false) || v.byContent(true) {
	}
	for _, it := range v.items {
		v.compare(it)
	}
	v.unaccounted()
	return v.out
}

func (v *verifier) mismatch(it *item, off int64, have, want, format string, args ...any) {
	m := Mismatch{Offset: off, Have: have, Want: want, Msg: fmt.Sprintf(format, args...)}
	if it != nil {
		m.Label, m.Symbol = it.Label, it.sym
	}
	v.out.Mismatches = append(v.out.Mismatches, m)
}

// symbolOf is the object symbol of a label: the first candidate the object
// has, else the first candidate.
func (v *verifier) symbolOf(l cmm.Label) (string, error) {
	cs, err := v.res.Candidates(l)
	if err != nil {
		return "", err
	}
	for _, c := range cs {
		if _, ok := v.obj.Lookup(c.Name); ok {
			return c.Name, nil
		}
	}
	return cs[0].Name, nil
}

func (v *verifier) resolve(it *item) {
	sym, err := v.symbolOf(it.Label)
	if err != nil {
		v.mismatch(it, -1, "", "", "%v", err)
		it.bad = true
		return
	}
	it.sym = sym
}

// staticIndirection is the indirectee of a static indirection that GHC
// emits as `.equiv label, indirectee` instead of data (X86/Ppr.hs
// pprDatas, CLabel.hs mayRedirectTo), or "".
func (v *verifier) staticIndirection(it *item) cmm.Label {
	st := it.Statics
	if len(st) != 4 {
		return ""
	}
	info, ok := st[0].(cmm.StaticLabel)
	if !ok || info.Label != "stg_IND_STATIC_info" || info.Offset != 0 {
		return ""
	}
	ind, ok := st[1].(cmm.StaticLabel)
	if !ok {
		return ""
	}
	defined := v.res.Defined != nil && v.res.Defined(ind.Label)
	tp, err := cmm.ParseLabel(ind.Label, v.res.Source, defined)
	if err != nil || tp.Suffix != "closure" {
		return ""
	}
	switch tp.Kind {
	case cmm.LabelInternal:
		return ind.Label
	case cmm.LabelExternal:
		ap, err := cmm.ParseLabel(it.Label, v.res.Source, true)
		if err == nil && ap.Kind == cmm.LabelExternal && ap.Module == tp.Module {
			return ind.Label
		}
	}
	return ""
}

// expectedSection is the name of the section a data item goes into.
func (v *verifier) expectedSection(it *item) string {
	base := ELFSection(it.Section.Kind)
	if it.Info {
		base = ".text"
	}
	if it.Section.Kind == cmm.SectionOther {
		base = it.Section.Name
	}
	// With -split-sections each declaration has a section of its own.
	if it.Section.Label != "" {
		if s, err := v.symbolOf(it.Section.Label); err == nil {
			if _, ok := v.obj.SectionByName(base + "." + s); ok {
				return base + "." + s
			}
		}
	}
	return base
}

func (v *verifier) place(it *item, sec *Section, start uint64, how string) {
	it.sec, it.start, it.how = sec, start, how
}

func (v *verifier) bySymbol() {
	for _, it := range v.items {
		if it.bad || it.alias != "" {
			continue
		}
		s, ok := v.obj.Lookup(it.sym)
		if !ok || !s.Defined() {
			continue
		}
		sec := v.obj.Sections[s.Section]
		if want := v.expectedSection(it); sec.Name != want {
			v.mismatch(it, -1, want, sec.Name, "in the wrong section")
		}
		start := s.Value
		if it.Info {
			if s.Value < it.size() {
				v.mismatch(it, -1, "", "", "info table of %d bytes before %s+%#x", it.size(), sec.Name, s.Value)
				it.bad = true
				continue
			}
			start = s.Value - it.size()
		}
		v.place(it, sec, start, "symbol")
	}
}

// byOrder places data by the order of the dump: GHC emits each
// declaration at the next multiple of its section's alignment. Sections
// with more than the dump's data (sharedSection) only check the order of
// the declarations found by symbol.
func (v *verifier) byOrder() {
	type run struct {
		items []*item
	}
	runs := map[string]*run{}
	var names []string
	for _, it := range v.items {
		if it.Info || it.bad || it.alias != "" {
			continue
		}
		name := v.expectedSection(it)
		if runs[name] == nil {
			runs[name] = &run{}
			names = append(names, name)
		}
		runs[name].items = append(runs[name].items, it)
	}
	for _, name := range names {
		sec, ok := v.obj.SectionByName(name)
		if !ok {
			continue // the items are reported as missing
		}
		shared := sharedSection(name)
		var cur uint64
		for _, it := range runs[name].items {
			pos := alignUp(cur, SectionAlign(it.Section.Kind))
			switch {
			case it.how != "":
				if it.sec == sec && it.start != pos && !shared {
					v.mismatch(it, -1, fmt.Sprintf("%s+%#x", name, pos), fmt.Sprintf("%s+%#x", name, it.start),
						"not where the declarations before it end")
				}
				if it.sec == sec {
					pos = it.start
				}
			case shared:
				// The code generator's literals may come first.
				cur = pos
				continue
			default:
				v.place(it, sec, pos, "order")
			}
			cur = pos + it.size()
		}
		end := sec.Size
		if start, ok := v.stubStart(sec); ok {
			// ld -r put the stub's data after ours, at the alignment of
			// the merged section.
			if cur <= start && start == alignUp(cur, max(sec.Addralign, 1)) {
				cur = start
			}
			end = start
		}
		if !shared && cur != end {
			v.out.Mismatches = append(v.out.Mismatches, Mismatch{Symbol: name, Offset: -1,
				Have: fmt.Sprintf("%#x bytes", cur), Want: fmt.Sprintf("%#x bytes", sec.Size),
				Msg: "section size differs from the declarations in it"})
		}
	}
}

// where is the location of a label, if known.
func (v *verifier) where(l cmm.Label) (loc, bool) {
	// Static indirections are their indirectees (bounded: a bad dump may
	// make a cycle).
	for hops := 0; v.byLabel[l] != nil && v.byLabel[l].alias != ""; hops++ {
		if hops == 16 {
			return loc{}, false
		}
		l = v.byLabel[l].alias
	}
	if it := v.byLabel[l]; it != nil && it.how != "" {
		return loc{sec: it.sec, off: it.addr()}, true
	}
	name, err := v.symbolOf(l)
	if err != nil {
		return loc{}, false
	}
	if s, ok := v.obj.Lookup(name); ok {
		if s.Defined() {
			return loc{sec: v.obj.Sections[s.Section], off: s.Value}, true
		}
		return loc{name: name}, true
	}
	if strings.HasPrefix(name, ".L") || v.byLabel[l] != nil || v.code[l] {
		return loc{}, false // ours, but not found (yet)
	}
	return loc{name: name}, true // an external symbol the object does not mention
}

// relocTarget is what a native relocation points at, with the addend
// folded into the offset of a defined target.
func (v *verifier) relocTarget(r Reloc) (loc, int64) {
	if r.Sym == nil {
		return loc{name: "<none>"}, r.Addend
	}
	if r.Sym.Defined() {
		return loc{sec: v.obj.Sections[r.Sym.Section], off: uint64(int64(r.Sym.Value) + r.Addend)}, 0
	}
	return loc{name: r.Sym.Name}, r.Addend
}

func (v *verifier) nativeReloc(sec *Section, off uint64) (Reloc, bool) {
	for _, r := range sec.RelocsIn(off, off+1) {
		if r.Offset == off {
			return r, true
		}
	}
	return Reloc{}, false
}

// byRelocs finds temporaries through the relocations of located items
// that refer to them. It reports whether it found any.
func (v *verifier) byRelocs() bool {
	found := false
	for _, it := range v.items {
		if it.how == "" {
			continue
		}
		for _, ref := range it.lay.Refs {
			t := v.byLabel[ref.Target]
			if t == nil || t.how != "" || t.bad || t.alias != "" {
				continue
			}
			at, ok := v.targetOf(it, it.sec, it.start, ref)
			if !ok {
				continue
			}
			start := at.off
			if t.Info {
				if at.off < t.size() {
					continue
				}
				start = at.off - t.size()
			}
			v.place(t, at.sec, start, "reloc")
			found = true
		}
	}
	return found
}

// targetOf is where the object says a reference of an item at start
// points: through its relocation, or for a difference the assembler
// worked out, its value.
func (v *verifier) targetOf(it *item, sec *Section, start uint64, ref Ref) (loc, bool) {
	p := start + uint64(ref.Offset)
	r, hasReloc := v.nativeReloc(sec, p)
	switch ref.Kind {
	case RefAbs64:
		if !hasReloc || r.Type != elf.R_X86_64_64 {
			return loc{}, false
		}
		tl, _ := v.relocTarget(r)
		if !tl.defined() {
			return loc{}, false
		}
		return loc{sec: tl.sec, off: uint64(int64(tl.off) - ref.Addend)}, true
	case RefRel32:
		b := loc{sec: sec, off: start + it.size()}
		if !it.Info {
			b.off = start
		}
		if ref.Base != it.Label {
			var ok bool
			if b, ok = v.where(ref.Base); !ok || b.sec != sec {
				return loc{}, false
			}
		}
		if hasReloc {
			tl, _ := v.relocTarget(r)
			if r.Type != elf.R_X86_64_PC32 || !tl.defined() {
				return loc{}, false
			}
			// S+A-P = T-B+k, so T = S+A + (B-P) - k.
			return loc{sec: tl.sec, off: uint64(int64(tl.off) + int64(b.off) - int64(p) - ref.Addend)}, true
		}
		// The assembler worked A-B+k out itself: same section.
		val := int64(int32(binary.LittleEndian.Uint32(sec.Data[p:])))
		return loc{sec: sec, off: uint64(int64(b.off) + val - ref.Addend)}, true
	}
	return loc{}, false
}

// byContent finds info tables of temporaries by their contents: a table
// is where its bytes and relocations are (and those of the temporaries
// it refers to), if there are exactly as many such places as tables with
// its contents, tables being equal then. The places looked at are those
// that absolute relocations point at in code or, with anywhere set (code
// compiled with -fPIC refers to its tables without relocations), every
// 8-byte aligned place in code that no table found so far takes. It
// reports whether it found any.
func (v *verifier) byContent(anywhere bool) bool {
	type group struct {
		items []*item
	}
	groups := map[string]*group{}
	var keys []string
	for _, it := range v.items {
		if !it.Info || it.how != "" || it.bad {
			continue
		}
		k := v.signature(it)
		if groups[k] == nil {
			groups[k] = &group{}
			keys = append(keys, k)
		}
		groups[k].items = append(groups[k].items, it)
	}
	if len(keys) == 0 {
		return false
	}
	// Bytes of code that tables found so far take.
	taken := map[*Section][]bool{}
	take := func(sec *Section, from, to uint64) {
		if taken[sec] == nil {
			taken[sec] = make([]bool, sec.Size)
		}
		for i := from; i < to && i < sec.Size; i++ {
			taken[sec][i] = true
		}
	}
	free := func(sec *Section, from, to uint64) bool {
		t := taken[sec]
		for i := from; i < to && t != nil; i++ {
			if t[i] {
				return false
			}
		}
		return true
	}
	for _, it := range v.items {
		if it.Info && it.how != "" {
			take(it.sec, it.start, it.addr())
		}
	}
	var cands []loc
	if anywhere {
		for _, sec := range v.obj.Sections {
			if sec.Flags&elf.SHF_EXECINSTR != 0 && sec.Data != nil {
				for off := uint64(8); off <= sec.Size; off += 8 {
					cands = append(cands, loc{sec: sec, off: off})
				}
			}
		}
	} else {
		seen := map[loc]bool{}
		for _, sec := range v.obj.Sections {
			for _, r := range sec.Relocs {
				if r.Type != elf.R_X86_64_64 && r.Type != elf.R_X86_64_32 && r.Type != elf.R_X86_64_32S {
					continue
				}
				tl, _ := v.relocTarget(r)
				if !tl.defined() || tl.sec.Flags&elf.SHF_EXECINSTR == 0 || tl.off%8 != 0 || seen[tl] {
					continue
				}
				seen[tl] = true
				cands = append(cands, tl)
			}
		}
		sort.Slice(cands, func(i, j int) bool {
			if cands[i].sec.Index != cands[j].sec.Index {
				return cands[i].sec.Index < cands[j].sec.Index
			}
			return cands[i].off < cands[j].off
		})
	}
	found := false
	for _, k := range keys {
		g := groups[k]
		first := g.items[0]
		var at []loc
		for _, c := range cands {
			if c.off >= first.size() && free(c.sec, c.off-first.size(), c.off) && v.matches(first, c.sec, c.off-first.size()) {
				at = append(at, c)
			}
		}
		if len(at) != len(g.items) {
			continue
		}
		for i, it := range g.items {
			v.place(it, at[i].sec, at[i].off-it.size(), "content")
			take(it.sec, it.start, it.addr())
		}
		found = true
	}
	return found
}

// signature identifies an info table's contents.
func (v *verifier) signature(it *item) string { return v.sig(it, 2) }

// sig is the contents of an item: its bytes and references, with the
// contents of the temporaries it refers to (which may be anywhere the
// same contents are) instead of their labels.
func (v *verifier) sig(it *item, depth int) string {
	var b strings.Builder
	b.WriteString(hex.EncodeToString(it.lay.Bytes))
	for _, r := range it.lay.Refs {
		base := string(r.Base)
		if r.Base == it.Label {
			base = "."
		}
		target := string(r.Target)
		if t := v.byLabel[r.Target]; t != nil && t != it && t.how == "" && t.alias == "" && depth > 0 {
			target = "{" + v.sig(t, depth-1) + "}"
		} else if v.unlocatableCode(r.Target) {
			// Differences to such code cannot be checked anyway.
			target = "<code>"
		}
		fmt.Fprintf(&b, "|%d %v %s %s %d", r.Offset, r.Kind, target, base, r.Addend)
	}
	return b.String()
}

// matches says whether an info table could be at start: same bytes,
// relocations where its references are and nowhere else, and the same
// targets where they are known.
func (v *verifier) matches(it *item, sec *Section, start uint64) bool {
	return v.matchesAt(it, sec, start, 2)
}

// matchesAt is matches, checking to depth the contents of the temporaries
// the item refers to where the relocations put them.
func (v *verifier) matchesAt(it *item, sec *Section, start uint64, depth int) bool {
	native, ok := sec.Bytes(start, start+it.size())
	if !ok {
		return false
	}
	for i, b := range it.lay.Bytes {
		if _, isRef := it.lay.refAt(int64(i)); !isRef && native[i] != b {
			return false
		}
	}
	rs := sec.RelocsIn(start, start+it.size())
	n := 0
	for _, ref := range it.lay.Refs {
		p := start + uint64(ref.Offset)
		r, ok := v.nativeReloc(sec, p)
		if ok {
			n++
		}
		if !ok && ref.Kind == RefAbs64 {
			return false
		}
		if ok {
			if msg := v.checkRef(it, sec, start, ref, r, true); msg != "" {
				return false
			}
		}
		if t := v.byLabel[ref.Target]; t != nil && t != it && t.how == "" && t.alias == "" && depth > 0 {
			at, ok := v.targetOf(it, sec, start, ref)
			if !ok {
				return false
			}
			tstart := at.off
			if t.Info {
				if at.off < t.size() {
					return false
				}
				tstart = at.off - t.size()
			}
			if !v.matchesAt(t, at.sec, tstart, depth-1) {
				return false
			}
		}
	}
	return n == len(rs)
}

// compare checks a located item against the object.
func (v *verifier) compare(it *item) {
	if it.bad {
		return
	}
	if it.alias != "" {
		v.compareAlias(it)
		return
	}
	if it.how == "" {
		hint := ""
		if strings.HasPrefix(it.sym, ".L") {
			hint = " (an assembler temporary: assemble with --keep-locals, ghc -opta-Wa,-L, to keep it)"
		}
		v.mismatch(it, -1, "", "", "not found in the object%s", hint)
		return
	}
	native, ok := it.sec.Bytes(it.start, it.start+it.size())
	if !ok {
		v.mismatch(it, -1, fmt.Sprintf("%d bytes", it.size()), fmt.Sprintf("%s of %#x bytes", it.sec.Name, it.sec.Size),
			"runs past the end of its section at %#x", it.start)
		return
	}
	v.out.Symbols++
	v.out.Located[it.how]++
	v.out.Places[it.Label] = Place{Section: it.sec.Name, Offset: it.addr(), How: it.how}
	if it.Synthetic {
		it.sym = v.symbolAt(it.sec, it.start)
	}
	// Bytes outside relocated words, differences reported as runs.
	covered := make([]bool, len(it.lay.Bytes))
	for _, ref := range it.lay.Refs {
		for i := ref.Offset; i < ref.Offset+ref.Size(); i++ {
			covered[i] = true
		}
	}
	for i := 0; i < len(it.lay.Bytes); {
		if covered[i] {
			i++
			continue
		}
		if it.lay.Bytes[i] == native[i] {
			v.out.Bytes++
			i++
			continue
		}
		j := i
		for j < len(it.lay.Bytes) && !covered[j] && it.lay.Bytes[j] != native[j] && j-i < 32 {
			j++
		}
		v.mismatch(it, int64(i), hex.EncodeToString(it.lay.Bytes[i:j]), hex.EncodeToString(native[i:j]), "bytes differ")
		i = j
	}
	// Relocations: ours against the object's.
	matched := map[uint64]bool{}
	for _, ref := range it.lay.Refs {
		p := it.start + uint64(ref.Offset)
		r, ok := v.nativeReloc(it.sec, p)
		if !ok {
			if ref.Kind == RefAbs64 {
				v.mismatch(it, ref.Offset, v.describeRef(it, ref), "no relocation", "missing relocation")
				continue
			}
			// Only a difference within one section needs none.
			if v.unlocatableCode(ref.Target) {
				v.out.Unverified = append(v.out.Unverified, Mismatch{Label: it.Label, Symbol: it.sym, Offset: ref.Offset,
					Have: v.describeRef(it, ref), Want: hex.EncodeToString(native[ref.Offset : ref.Offset+4]),
					Msg: "difference to code at an assembler temporary"})
				continue
			}
			if msg := v.checkResolved(it, ref); msg != "" {
				v.mismatch(it, ref.Offset, v.describeRef(it, ref), hex.EncodeToString(native[ref.Offset:ref.Offset+4]), "%s", msg)
			} else {
				v.out.Bytes += 4
			}
			continue
		}
		matched[r.Offset] = true
		if msg := v.checkRef(it, it.sec, it.start, ref, r, false); msg != "" {
			v.mismatch(it, ref.Offset, v.describeRef(it, ref), describeReloc(r), "%s", msg)
			continue
		}
		v.out.Relocs++
	}
	for _, r := range it.sec.RelocsIn(it.start, it.start+it.size()) {
		if !matched[r.Offset] {
			v.mismatch(it, int64(r.Offset-it.start), "no reference", describeReloc(r), "extra relocation")
		}
	}
}

// checkRef compares one of our references with the native relocation at
// its place; it returns "" when they agree. With lenient set, targets we
// cannot locate yet agree with anything.
//
// For `.quad T+k` the object has R_X86_64_64 with S+A = T+k. For
// `.long T-B+k` at P it has R_X86_64_PC32 with S+A-P = T-B+k, so
// S+A = T+k+(P-B): against T's own symbol the addend is k+(P-B), against
// its section symbol (a local T) off(T)+k+(P-B).
func (v *verifier) checkRef(it *item, sec *Section, start uint64, ref Ref, r Reloc, lenient bool) string {
	p := start + uint64(ref.Offset)
	want := int64(0) // what S+A must add to T
	switch ref.Kind {
	case RefAbs64:
		if r.Type != elf.R_X86_64_64 {
			return fmt.Sprintf("relocation type %v, want R_X86_64_64", r.Type)
		}
		want = ref.Addend
	case RefRel32:
		if r.Type != elf.R_X86_64_PC32 {
			return fmt.Sprintf("relocation type %v, want R_X86_64_PC32", r.Type)
		}
		var b loc
		if ref.Base == it.Label {
			b = loc{sec: sec, off: start + it.size()}
			if !it.Info {
				b.off = start
			}
		} else {
			var ok bool
			if b, ok = v.where(ref.Base); !ok {
				if lenient {
					return ""
				}
				return fmt.Sprintf("cannot locate %s", ref.Base)
			}
		}
		if b.sec != sec {
			return fmt.Sprintf("%s is not in %s", ref.Base, sec.Name)
		}
		want = ref.Addend + int64(p) - int64(b.off)
	}
	t, ok := v.where(ref.Target)
	if !ok {
		if lenient {
			return ""
		}
		return fmt.Sprintf("cannot locate %s", ref.Target)
	}
	// Compare T+k with what the relocation says T+k is: S+A-(want-k).
	nt, nadd := v.relocTarget(r)
	shift := want - ref.Addend
	switch {
	case t.defined() && nt.defined():
		if t.sec != nt.sec || int64(t.off)+want != int64(nt.off) {
			return fmt.Sprintf("target %s, want %s", showAt(t.sec, int64(t.off)+ref.Addend), showAt(nt.sec, int64(nt.off)-shift))
		}
	case !t.defined() && !nt.defined():
		if t.name != nt.name || want != nadd {
			return fmt.Sprintf("target %s%+d, want %s%+d", t.name, ref.Addend, nt.name, nadd-shift)
		}
	default:
		return fmt.Sprintf("target %s, want %s", t, nt)
	}
	return ""
}

// showAt shows an address in a section.
func showAt(sec *Section, off int64) string {
	if off < 0 {
		return fmt.Sprintf("%s-%#x", sec.Name, -off)
	}
	return fmt.Sprintf("%s+%#x", sec.Name, off)
}

// unlocatableCode says whether a label is code of the module at an
// assembler temporary that the object does not name.
func (v *verifier) unlocatableCode(l cmm.Label) bool {
	if !v.code[l] {
		return false
	}
	_, ok := v.where(l)
	return !ok
}

// checkResolved checks a label difference the assembler worked out.
func (v *verifier) checkResolved(it *item, ref Ref) string {
	t, ok1 := v.where(ref.Target)
	b, ok2 := v.where(ref.Base)
	if ref.Base == it.Label {
		b, ok2 = loc{sec: it.sec, off: it.addr()}, true
	}
	if !ok1 || !ok2 {
		return "no relocation, and cannot locate both labels"
	}
	if !t.defined() || t.sec != b.sec {
		return "missing relocation"
	}
	want := int64(t.off) - int64(b.off) + ref.Addend
	got := int64(int32(binary.LittleEndian.Uint32(it.sec.Data[it.start+uint64(ref.Offset):])))
	if want != got {
		return fmt.Sprintf("difference %d, object has %d", want, got)
	}
	return ""
}

func (v *verifier) describeRef(it *item, ref Ref) string {
	if ref.Kind == RefAbs64 {
		return fmt.Sprintf("%s%+d", ref.Target, ref.Addend)
	}
	return fmt.Sprintf("%s-%s%+d", ref.Target, ref.Base, ref.Addend)
}

func describeReloc(r Reloc) string {
	name := "<none>"
	if r.Sym != nil {
		name = r.Sym.Name
	}
	return fmt.Sprintf("%v %s%+d", r.Type, name, r.Addend)
}

// cmmTemp says whether a temporary is of a Cmm label (an internal name,
// an SRT, a bitmap) rather than one of the code generator's.
func cmmTemp(name string) bool {
	for _, suf := range []string{"_info", "_closure", "_entry", "_slow", "_srt", "_btm", "_bytes"} {
		if strings.HasSuffix(name, suf) {
			return true
		}
	}
	return false
}

// symbolAt is the name of a symbol defined at a place, or "".
func (v *verifier) symbolAt(sec *Section, off uint64) string {
	for _, s := range v.obj.Symbols[1:] {
		if s.Defined() && s.Section == sec.Index && s.Value == off && s.Type != elf.STT_SECTION && s.Type != elf.STT_FILE {
			return s.Name
		}
	}
	return ""
}

// compareAlias checks a static indirection emitted as `.equiv`: its
// symbol, if it has one, is the indirectee's.
func (v *verifier) compareAlias(it *item) {
	t, ok := v.where(it.alias)
	if !ok || !t.defined() {
		v.mismatch(it, -1, "", "", "static indirection to %s, which is not in the object", it.alias)
		return
	}
	if s, ok := v.obj.Lookup(it.sym); ok {
		if !s.Defined() || v.obj.Sections[s.Section] != t.sec || s.Value != t.off {
			v.mismatch(it, -1, t.String(), fmt.Sprintf("%s+%#x", v.obj.Sections[s.Section].Name, s.Value),
				"static indirection not an alias of %s", it.alias)
			return
		}
	} else if !strings.HasPrefix(it.sym, ".L") {
		v.mismatch(it, -1, "", "", "static indirection: no symbol %s", it.sym)
		return
	}
	v.out.Symbols++
	v.out.Located["alias"]++
	v.out.Places[it.Label] = Place{Section: t.sec.Name, Offset: t.off, How: "alias"}
}

// unaccounted reports symbols of the object's allocated sections that no
// declaration explains. Of the temporaries, which only an object
// assembled with --keep-locals has, only those of Cmm labels count: the
// code generator makes its own (blocks, literals, jump tables).
func (v *verifier) unaccounted() {
	ours := map[string]bool{}
	for _, it := range v.items {
		ours[it.sym] = true
	}
	for l := range v.code {
		if s, err := v.symbolOf(l); err == nil {
			ours[s] = true
		}
	}
	stub := v.cStubSymbols()
	for _, s := range v.obj.Symbols[1:] {
		if !s.Defined() || s.Type == elf.STT_SECTION || s.Type == elf.STT_FILE || strings.HasPrefix(s.Name, ".L") && !cmmTemp(s.Name) {
			continue
		}
		if stub[s] {
			continue
		}
		sec := v.obj.Sections[s.Section]
		if sec.Flags&elf.SHF_ALLOC == 0 || ours[s.Name] {
			continue
		}
		v.out.Mismatches = append(v.out.Mismatches, Mismatch{Symbol: s.Name, Offset: -1,
			Want: fmt.Sprintf("%s+%#x", sec.Name, s.Value), Msg: "native symbol not declared in the dump"})
	}
}

// cStubSymbols are the symbols of the C stub ghc compiles for a module's
// foreign exports and merges into its object (ld -r): not Cmm. The stub's
// local symbols (stginit_export_M, stg_exports_M) follow the FILE symbol
// of its C source; its global symbols are the exported C functions, named
// as the Haskell source says, never like GHC's labels.
func (v *verifier) cStubSymbols() map[*Symbol]bool {
	stub := map[*Symbol]bool{}
	inC := false
	for _, s := range v.obj.Symbols[1:] {
		switch {
		case s.Type == elf.STT_FILE:
			inC = strings.HasSuffix(s.Name, ".c")
		case !s.Defined() || s.Type == elf.STT_SECTION:
		case s.Bind == elf.STB_LOCAL:
			if inC {
				stub[s] = true
			}
		case v.res.Source == cmm.FromHaskell && !cmm.IsGHCSymbol(s.Name):
			stub[s] = true
		}
	}
	return stub
}

// stubStart is where the C stub's part of a section begins, if it has one.
func (v *verifier) stubStart(sec *Section) (uint64, bool) {
	start, found := uint64(0), false
	for s := range v.cStubSymbols() {
		if v.obj.Sections[s.Section] == sec && (!found || s.Value < start) {
			start, found = s.Value, true
		}
	}
	return start, found
}
