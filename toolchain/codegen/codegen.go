// Package codegen compiles the Cmm of one module (toolchain/cmm) into a
// relocatable wasm64 object (toolchain/wasm), following rts/stg-abi.md:
// data and info tables laid out byte for byte as GHC's x86_64 code
// generator lays them out (toolchain/oracle), code labels as data
// addresses of descriptor words holding table indices, one wasm function
// of type () -> i32 per entry point, structured by toolchain/cfg.
package codegen

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/oracle"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// CodeSuffix ends the name of the wasm function that implements a code
// label: the label's own symbol is its descriptor (a data symbol), so the
// function needs another name. "$" appears in no symbol GHC makes.
const CodeSuffix = "$code"

// AdjustorPrefix starts the name of the data symbol that stands for the
// C function ghc writes for a `foreign import ccall "wrapper"` where the
// module passes it to createAdjustor: linker/adjustor defines it, a
// descriptor of the function and of the pool of adjustors of its type,
// which the RTS's createAdjustor (rts/port/Adjustor.c) takes one from.
const AdjustorPrefix = "__ahc_adjustor."

// AddrPrefix starts the name of the data symbol that stands for the
// address of a C function the module also calls (`foreign import ccall
// "&foo"` beside calls of foo): the call's function symbol has the name
// itself. linker/fnptr turns such a symbol into foo's table index, of
// foo's own type, as it does an undefined data symbol foo.
const AddrPrefix = "__ahc_addr."

// Options control Compile.
type Options struct {
	// TailCalls makes jumps return_call and return_call_indirect instead
	// of returning the next function's table index to a trampoline.
	TailCalls bool
	// Constants are the integer constants of the installed ghc's
	// DerivedConstants.h (LoadDerivedConstants): the offsets of the STG
	// registers that live in the register table.
	Constants map[string]int64
}

// Stats says what Compile did beyond the obvious.
type Stats struct {
	Functions int // wasm functions defined for entry points
	// Duplicated counts the blocks compiled into more than one function
	// (once per extra copy).
	Duplicated int
}

// entry is a wasm function: a code label and the block it starts at.
type entry struct {
	label cmm.Label // the code label: an info label, a procedure or a block label
	block cmm.Label
	proc  *cmm.Proc
}

type compiler struct {
	opts  Options
	res   *cmm.Resolver
	obj   *wasm.Object
	stats Stats

	names map[cmm.Label]string // symbol names of labels
	// codeOf maps the labels that stand for code in this module (block
	// labels, procedure labels, info labels) to the code label whose
	// descriptor and function implement it.
	codeOf map[cmm.Label]cmm.Label
	// entries maps code labels defined here to their entry.
	entries map[cmm.Label]*entry
	// local says which defined symbols are local to the object.
	local map[cmm.Label]bool
	// cSigs are the merged signatures of the C functions called by label.
	cSigs map[cmm.Label]wasm.FuncType
	// fnLabels are each procedure's local registers that hold the C
	// functions its foreign calls call.
	fnLabels map[*cmm.Proc]map[string]cmm.Label
	// wrappers are the C functions ghc writes for `foreign import ccall
	// "wrapper"` imports, whose labels the module passes to
	// createAdjustor.
	wrappers map[cmm.Label]bool
}

// Compile compiles a parsed dump. res names the labels as GHC names their
// symbols (oracle.NewResolver makes one). Inconsistencies only the whole
// object shows (a label the module defines as data and also calls as a C
// function) are errors of the object's Bytes.
func Compile(f *cmm.File, res *cmm.Resolver, opts Options) (*wasm.Object, *Stats, error) {
	if opts.Constants == nil {
		return nil, nil, errors.New("codegen: no DerivedConstants (Options.Constants)")
	}
	c := &compiler{opts: opts, res: res, obj: wasm.NewObject(),
		names: map[cmm.Label]string{}, codeOf: map[cmm.Label]cmm.Label{},
		entries: map[cmm.Label]*entry{}, local: map[cmm.Label]bool{},
		cSigs: map[cmm.Label]wasm.FuncType{}, fnLabels: map[*cmm.Proc]map[string]cmm.Label{},
		wrappers: map[cmm.Label]bool{}}
	mod, err := oracle.FromFile(f)
	if err != nil {
		return nil, nil, err
	}
	var procs []*cmm.Proc
	for _, d := range f.Decls {
		if p, ok := d.(*cmm.Proc); ok {
			procs = append(procs, p)
			c.findEntries(p)
		}
	}
	for _, p := range procs {
		fl, err := c.foreignSigs(p)
		if err != nil {
			return nil, nil, fmt.Errorf("procedure %s: %w", p.Label, err)
		}
		c.fnLabels[p] = fl
	}
	for _, p := range procs {
		if err := c.compileProc(p); err != nil {
			return nil, nil, fmt.Errorf("procedure %s: %w", p.Label, err)
		}
	}
	for _, it := range mod.Items {
		if err := c.data(it); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", it.Label, err)
		}
	}
	// Descriptors of code labels without info tables.
	for _, p := range procs {
		for _, l := range c.entryOrder(p) {
			e := c.entries[l]
			if c.isInfo(p, l) {
				continue
			}
			d, err := c.dataSym(e.label)
			if err != nil {
				return nil, nil, err
			}
			fn, err := c.codeFunc(e.label)
			if err != nil {
				return nil, nil, err
			}
			var ct wasm.Contents
			ct.TableIndex64(fn)
			c.define(d, e.label)
			d.Define(wasm.ROData, 8, &ct)
		}
	}
	return c.obj, &c.stats, nil
}

// isInfo says whether l is the label of one of p's info tables.
func (c *compiler) isInfo(p *cmm.Proc, l cmm.Label) bool {
	for _, it := range p.LiveInfoTables() {
		if it.Label == l {
			return true
		}
	}
	return false
}

// findEntries records p's entry points: its entry block, every block with
// an info table and every block whose label is used as a value.
func (c *compiler) findEntries(p *cmm.Proc) {
	info := map[cmm.Label]cmm.Label{}
	for _, it := range p.LiveInfoTables() {
		info[it.Block] = it.Label
	}
	add := func(block cmm.Label) {
		l := block
		if il, ok := info[block]; ok {
			l = il
		} else if block == p.Entry {
			l = p.Label
		}
		if _, ok := c.entries[l]; ok {
			return
		}
		c.entries[l] = &entry{label: l, block: block, proc: p}
		c.codeOf[block] = l
		c.codeOf[l] = l
		if block == p.Entry {
			c.codeOf[p.Label] = l
		}
	}
	add(p.Entry)
	for _, it := range p.LiveInfoTables() {
		add(it.Block)
	}
	blocks := map[cmm.Label]bool{}
	for _, b := range p.Blocks {
		blocks[b.Label] = true
	}
	for _, b := range p.Blocks {
		for _, s := range b.Stmts {
			walkStmtExprs(s, func(e cmm.Expr) {
				if ll, ok := e.(*cmm.LabelLit); ok && blocks[ll.Label] {
					add(ll.Label)
				}
			})
		}
	}
}

// entryOrder is p's entries in block order.
func (c *compiler) entryOrder(p *cmm.Proc) []cmm.Label {
	var out []cmm.Label
	for _, b := range p.Blocks {
		if l, ok := c.codeOf[b.Label]; ok {
			if e := c.entries[l]; e != nil && e.block == b.Label && e.proc == p {
				out = append(out, l)
			}
		}
	}
	return out
}

// symName is the object symbol of a label, as GHC names it; labels with a
// "$" are the data GHC makes for structured info tables (oracle's
// RawInfoTable), local to the object.
func (c *compiler) symName(l cmm.Label) (string, error) {
	if n, ok := c.names[l]; ok {
		return n, nil
	}
	var name string
	if _, ok := cmm.RegisterLabel(l); ok {
		// A register GHC prints as a label (stg_EAGER_BLACKHOLE_info,
		// which -feager-blackholing stores): natively ghc loads it from
		// the capability's function table, which the RTS fills with the
		// __stg_ label of that name (Capability.c); no symbol is named
		// as printed.
		name = "__" + string(l)
	} else if i := strings.LastIndexByte(string(l), '$'); i > 0 && synthetic(l, i) {
		base, err := c.symName(l[:i])
		if err != nil {
			return "", err
		}
		name = base + string(l[i:])
		c.local[l] = true
	} else {
		s, err := c.res.Resolve(l)
		if err != nil {
			return "", err
		}
		name = s.Name
		// A Haskell module exports only its external names; the labels
		// of a .cmm file are global unless they are temporaries.
		switch s.Parts.Kind {
		case cmm.LabelInternal, cmm.LabelSRT, cmm.LabelBitmap, cmm.LabelString, cmm.LabelBlock:
			if c.res.Source == cmm.FromHaskell {
				c.local[l] = true
			}
		}
		if s.Temp() {
			c.local[l] = true
		}
	}
	c.names[l] = name
	return name, nil
}

// synthetic says whether l, with a "$" at i, is "<info label>$<what>".
func synthetic(l cmm.Label, i int) bool {
	switch l[i+1:] {
	case "type", "desc", "descr", "btm", "args":
		return strings.HasSuffix(string(l[:i]), "_info")
	}
	return false
}

// dataSym is the data symbol of a label used as a value: data, or the
// descriptor of a code label.
func (c *compiler) dataSym(l cmm.Label) (*wasm.Data, error) {
	if cl, ok := c.codeOf[l]; ok {
		l = cl
	}
	name, err := c.symName(l)
	if err != nil {
		return nil, err
	}
	if c.wrappers[l] {
		return c.obj.Data(AdjustorPrefix + name), nil
	}
	if _, called := c.cSigs[l]; called {
		return c.obj.Data(AddrPrefix + name), nil
	}
	return c.obj.Data(name), nil
}

// define marks a data symbol being defined local when its label is.
func (c *compiler) define(d *wasm.Data, l cmm.Label) {
	if c.local[l] {
		d.Local = true
	}
}

// isStringLiteral says whether a label of a .cmm file's "cstring"
// section is a string literal of the source, which GHC's Cmm parser
// names by a unique (c2v_str) and keeps local (CLabel.hs
// externallyVisibleCLabel): a debug RTS's ASSERTs give every .cmm file
// such labels, which would otherwise clash at the link. A label the
// source names itself (msg_str: bits8[] "...") is in a section it names,
// "rodata" or another, not "cstring".
func isStringLiteral(l cmm.Label) bool {
	p, err := cmm.ParseLabel(l, cmm.FromCmm, true)
	return err == nil && p.Kind == cmm.LabelString
}

var codeType = wasm.Returns(wasm.I32)

// codeFunc is the function that implements a code label.
func (c *compiler) codeFunc(l cmm.Label) (*wasm.Func, error) {
	if cl, ok := c.codeOf[l]; ok {
		l = cl
	}
	name, err := c.symName(l)
	if err != nil {
		return nil, err
	}
	f := c.obj.Func(name+CodeSuffix, codeType)
	if _, ok := c.entries[l]; ok && c.local[l] {
		f.Local = true
	}
	return f, nil
}

// segmentKind is where a data declaration of a section kind goes.
func segmentKind(s cmm.Section, lay *oracle.Layout) wasm.SegmentKind {
	switch s.Kind {
	case cmm.SectionData, cmm.SectionOther:
		return wasm.RWData
	case cmm.SectionUninitialisedData:
		if len(lay.Refs) == 0 && allZero(lay.Bytes) {
			return wasm.BSS
		}
		return wasm.RWData
	case cmm.SectionCString:
		if len(lay.Refs) == 0 && len(lay.Bytes) > 0 && lay.Bytes[len(lay.Bytes)-1] == 0 {
			return wasm.Strings
		}
	}
	return wasm.ROData
}

func allZero(b []byte) bool {
	for _, x := range b {
		if x != 0 {
			return false
		}
	}
	return true
}

// data defines one data declaration or info table.
func (c *compiler) data(it oracle.Item) error {
	lay, err := oracle.Lay(it.Statics)
	if err != nil {
		return err
	}
	var ct wasm.Contents
	// at is the offset of the symbol in its segment: an info table's
	// statics come before its label.
	at := int64(0)
	if it.Info {
		at = int64(len(lay.Bytes))
	}
	pos := int64(0)
	for _, r := range lay.Refs {
		ct.Write(lay.Bytes[pos:r.Offset])
		target, err := c.dataSym(r.Target)
		if err != nil {
			return err
		}
		switch r.Kind {
		case oracle.RefAbs64:
			ct.Addr64(target, r.Addend)
		case oracle.RefRel32:
			// A-B+off with B at offset `at` of this segment, the field at
			// r.Offset: LocRel32 gives A+addend-P.
			if r.Base != it.Label {
				return fmt.Errorf("label difference %s-%s: only differences from the label itself are supported", r.Target, r.Base)
			}
			ct.LocRel32(target, r.Addend+r.Offset-at)
		}
		pos = r.Offset + r.Size()
	}
	ct.Write(lay.Bytes[pos:])
	d, err := c.dataSym(it.Label)
	if err != nil {
		return err
	}
	if it.Section.Kind == cmm.SectionCString && c.res.Source == cmm.FromCmm && isStringLiteral(it.Label) {
		c.local[it.Label] = true
	}
	c.define(d, it.Label)
	if it.Info {
		fn, err := c.codeFunc(it.Label)
		if err != nil {
			return err
		}
		ct.TableIndex64(fn)
		d.DefineAt(wasm.ROData, 8, &ct, uint64(at))
		return nil
	}
	kind := segmentKind(it.Section, lay)
	d.DefineAt(kind, uint32(oracle.SectionAlign(it.Section.Kind)), &ct, 0)
	return nil
}
