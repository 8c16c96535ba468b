package codegen

import (
	"fmt"
	"sort"

	"github.com/ahc-hs/ahc/toolchain/cfg"
	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// nodeKind is what a node of an entry's control-flow graph is.
type nodeKind uint8

const (
	nodeBlock nodeKind = iota // a Cmm block
	nodeExit                  // a goto to another entry: a jump to it
	nodeCase                  // one test of a switch compiled as a compare chain
)

// node is a node of the graph handed to cfg.Structure.
type node struct {
	kind  nodeKind
	block *cmm.Block
	stmts []cmm.Stmt // the block's statements before its terminator
	last  cmm.Stmt   // the terminator
	// nodeExit: the code label jumped to.
	exit cmm.Label
	// A switch: dense (BrTable) or the local holding the scrutinee of a
	// compare chain.
	dense   bool
	n       uint64 // dense: the table's length
	scrut   uint32 // chain: the local
	scrutTy cmm.Type
	values  []int64 // nodeCase: the values that take the Then branch
}

// maxDense bounds the length of a br_table: wider switches are dense only
// when most of the table is cases.
const maxDense = 2048

// fn compiles one entry point into one wasm function.
type fn struct {
	c      *compiler
	proc   *cmm.Proc
	e      *entry
	code   *wasm.Code
	blocks map[cmm.Label]*cmm.Block
	nodes  []*node
	graph  cfg.Graph
	index  map[cmm.Label]int // block label → node
	exits  map[cmm.Label]int // code label → exit node
	locals map[string]uint32
	label  uint32 // the cfg dispatch label local
	// fnLabels are the local registers that foreign calls call through
	// and the label assigned to each: a C function.
	fnLabels map[string]cmm.Label
}

func (c *compiler) compileProc(p *cmm.Proc) error {
	blocks := map[cmm.Label]*cmm.Block{}
	for i := range p.Blocks {
		blocks[p.Blocks[i].Label] = &p.Blocks[i]
	}
	fnLabels := c.fnLabels[p]
	seen := map[cmm.Label]int{}
	for _, l := range c.entryOrder(p) {
		f := &fn{c: c, proc: p, e: c.entries[l], blocks: blocks,
			index: map[cmm.Label]int{}, exits: map[cmm.Label]int{}, locals: map[string]uint32{}, fnLabels: fnLabels}
		if err := f.compile(); err != nil {
			return fmt.Errorf("entry %s: %w", l, err)
		}
		c.stats.Functions++
		for bl := range f.index {
			seen[bl]++
			if seen[bl] > 1 {
				c.stats.Duplicated++
			}
		}
	}
	return nil
}

// target is the node a branch to block l goes to.
func (f *fn) target(l cmm.Label) (int, error) {
	if i, ok := f.index[l]; ok {
		return i, nil
	}
	b, ok := f.blocks[l]
	if !ok {
		return 0, fmt.Errorf("branch to unknown block %s", l)
	}
	if cl, ok := f.c.codeOf[l]; ok && l != f.e.block {
		// Another entry: leave this function for its own.
		if i, ok := f.exits[cl]; ok {
			return i, nil
		}
		f.exits[cl] = f.add(&node{kind: nodeExit, exit: cl}, cfg.Exit{})
		return f.exits[cl], nil
	}
	i := f.add(&node{kind: nodeBlock, block: b}, nil)
	f.index[l] = i
	return i, f.blockNode(i)
}

func (f *fn) add(n *node, t cfg.Term) int {
	f.nodes = append(f.nodes, n)
	f.graph.Nodes = append(f.graph.Nodes, t)
	return len(f.nodes) - 1
}

// blockNode fills in node i, a block, and the nodes it branches to.
func (f *fn) blockNode(i int) error {
	n := f.nodes[i]
	ss := n.block.Stmts
	var last cmm.Stmt
	for j := len(ss) - 1; j >= 0 && last == nil; j-- {
		switch ss[j].(type) {
		case *cmm.Comment, *cmm.Tick, *cmm.Unwind:
		default:
			last, n.stmts = ss[j], ss[:j]
		}
	}
	n.last = last
	var term cfg.Term
	switch s := last.(type) {
	case *cmm.Branch:
		t, err := f.target(s.Target)
		if err != nil {
			return err
		}
		term = cfg.Jump{To: t}
	case *cmm.CondBranch:
		t, err := f.target(s.True)
		if err != nil {
			return err
		}
		e, err := f.target(s.False)
		if err != nil {
			return err
		}
		term = cfg.Cond{Then: t, Else: e}
	case *cmm.Switch:
		var err error
		if term, err = f.switchNode(i, s); err != nil {
			return err
		}
	case *cmm.Call:
		term = cfg.Exit{}
	case nil:
		return fmt.Errorf("block %s has no terminator", n.block.Label)
	default:
		return fmt.Errorf("block %s ends in %T, not a control transfer", n.block.Label, last)
	}
	f.graph.Nodes[i] = term
	return nil
}

// switchNode makes the terminator of block node i ending in switch s: a
// dense table, or a chain of compare nodes when the range is sparse.
func (f *fn) switchNode(i int, s *cmm.Switch) (cfg.Term, error) {
	n := f.nodes[i]
	ty := cmm.TypeOf(s.Expr)
	if ty.Lanes != 0 || ty.Cat == cmm.CatFloat {
		return nil, fmt.Errorf("switch on %v", ty)
	}
	count := 0
	negNarrow := false
	for _, cs := range s.Cases {
		count += len(cs.Values)
		for _, v := range cs.Values {
			negNarrow = negNarrow || ty.Width != cmm.W64 && v < 0
		}
	}
	def := ""
	if s.Default != "" {
		def = string(s.Default)
	} else if len(s.Cases) > 0 {
		def = string(s.Cases[0].Target)
	} else {
		return nil, fmt.Errorf("switch with neither cases nor default")
	}
	defNode, err := f.target(cmm.Label(def))
	if err != nil {
		return nil, err
	}
	size := uint64(s.Hi) - uint64(s.Lo) + 1
	if !negNarrow && s.Hi >= s.Lo || s.Unsigned {
		if size != 0 && (size <= maxDense || size <= 64*maxDense && size <= 4*uint64(count)) {
			targets := make([]int, size)
			for k := range targets {
				targets[k] = defNode
			}
			for _, cs := range s.Cases {
				t, err := f.target(cs.Target)
				if err != nil {
					return nil, err
				}
				for _, v := range cs.Values {
					k := uint64(v) - uint64(s.Lo)
					if k >= size {
						return nil, fmt.Errorf("switch value %d outside [%d..%d]", v, s.Lo, s.Hi)
					}
					targets[k] = t
				}
			}
			n.dense, n.n = true, size
			return cfg.Switch{Targets: targets, Default: defNode}, nil
		}
	}
	// A compare chain: the block's code saves the scrutinee in a local.
	vt, err := valType(ty)
	if err != nil {
		return nil, err
	}
	n.scrut, n.scrutTy = f.newLocal(vt), ty
	cases := append([]cmm.SwitchCase(nil), s.Cases...)
	sort.SliceStable(cases, func(a, b int) bool { return len(cases[a].Values) > len(cases[b].Values) })
	next := defNode
	for k := len(cases) - 1; k >= 0; k-- {
		t, err := f.target(cases[k].Target)
		if err != nil {
			return nil, err
		}
		next = f.add(&node{kind: nodeCase, scrut: n.scrut, scrutTy: ty, values: cases[k].Values},
			cfg.Cond{Then: t, Else: next})
	}
	return cfg.Jump{To: next}, nil
}

func (f *fn) newLocal(t wasm.ValType) uint32 { return f.code.NewLocal(t) }

// compile builds the entry's graph, structures it and emits the function.
func (f *fn) compile() error {
	f.code = wasm.NewCode()
	b, ok := f.blocks[f.e.block]
	if !ok {
		return fmt.Errorf("no block %s", f.e.block)
	}
	f.index[b.Label] = f.add(&node{kind: nodeBlock, block: b}, nil)
	if err := f.blockNode(0); err != nil {
		return err
	}
	f.graph.Entry = 0
	prog, err := cfg.Structure(f.graph)
	if err != nil {
		return err
	}
	if prog.Dispatches > 0 {
		f.label = f.code.NewLocal(wasm.I32)
	}
	if err := f.stmts(prog.Body); err != nil {
		return err
	}
	// Every path has returned by now; the validator does not know it.
	f.code.Op(wasm.Unreachable)
	fn, err := f.c.codeFunc(f.e.label)
	if err != nil {
		return err
	}
	fn.Define(f.code)
	return nil
}

var void = wasm.FuncType{}

// stmts emits structured statements.
func (f *fn) stmts(ss []cfg.Stmt) error {
	c := f.code
	for _, s := range ss {
		switch s := s.(type) {
		case cfg.Block:
			c.Block(void)
			if err := f.stmts(s.Body); err != nil {
				return err
			}
			c.End()
		case cfg.Loop:
			c.Loop(void)
			if err := f.stmts(s.Body); err != nil {
				return err
			}
			c.End()
		case cfg.If:
			if err := f.condition(s.Node); err != nil {
				return err
			}
			c.If(void)
			if err := f.stmts(s.Then); err != nil {
				return err
			}
			if len(s.Else) > 0 {
				c.Else()
				if err := f.stmts(s.Else); err != nil {
					return err
				}
			}
			c.End()
		case cfg.Code:
			if err := f.nodeCode(s.Node); err != nil {
				return err
			}
		case cfg.Br:
			c.Br(uint32(s.Depth))
		case cfg.BrTable:
			if err := f.tableIndex(s.Node); err != nil {
				return err
			}
			c.BrTable(depths(s.Depths), uint32(s.Default))
		case cfg.Return:
			if err := f.exit(s.Node); err != nil {
				return err
			}
		case cfg.SetLabel:
			c.I32Const(int32(s.Label))
			c.LocalSet(f.label)
		case cfg.Dispatch:
			c.LocalGet(f.label)
			n := len(s.Depths) - 1
			c.BrTable(depths(s.Depths[:n]), uint32(s.Depths[n]))
		default:
			return fmt.Errorf("structured statement %T", s)
		}
	}
	return nil
}

func depths(ds []int) []uint32 {
	out := make([]uint32, len(ds))
	for i, d := range ds {
		out[i] = uint32(d)
	}
	return out
}

// nodeCode emits a node's straight-line code.
func (f *fn) nodeCode(i int) error {
	n := f.nodes[i]
	if n.kind != nodeBlock {
		return nil
	}
	for _, s := range n.stmts {
		if err := f.stmt(s); err != nil {
			return fmt.Errorf("block %s: %w", n.block.Label, err)
		}
	}
	if sw, ok := n.last.(*cmm.Switch); ok && !n.dense {
		if err := f.expr(sw.Expr); err != nil {
			return err
		}
		f.code.LocalSet(n.scrut)
	}
	return nil
}

// condition pushes the i32 condition of node i's Cond terminator.
func (f *fn) condition(i int) error {
	n := f.nodes[i]
	c := f.code
	if n.kind == nodeCase {
		for k, v := range n.values {
			c.LocalGet(n.scrut)
			if n.scrutTy.Width == cmm.W64 {
				c.I64Const(v)
				c.Op(wasm.I64Eq)
			} else {
				c.I32Const(int32(truncTo(uint64(v), n.scrutTy.Width)))
				c.Op(wasm.I32Eq)
			}
			if k > 0 {
				c.Op(wasm.I32Or)
			}
		}
		if len(n.values) == 0 {
			c.I32Const(0)
		}
		return nil
	}
	cb, ok := n.last.(*cmm.CondBranch)
	if !ok {
		return fmt.Errorf("internal error: condition of %T", n.last)
	}
	return f.boolean(cb.Cond)
}

// boolean pushes e as an i32 that is non-zero when e is.
func (f *fn) boolean(e cmm.Expr) error {
	if err := f.expr(e); err != nil {
		return err
	}
	t := cmm.TypeOf(e)
	if t.Cat == cmm.CatFloat {
		return fmt.Errorf("condition of type %v", t)
	}
	if t.Width == cmm.W64 {
		if m, ok := e.(*cmm.MachOpExpr); ok && m.Op.IsComparison() {
			// A comparison's word is 0 or 1.
			f.code.Op(wasm.I32WrapI64)
			return nil
		}
		f.code.Op(wasm.I64Eqz)
		f.code.Op(wasm.I32Eqz)
	}
	return nil
}

// tableIndex pushes the br_table index of a dense switch: the scrutinee
// minus the range's start, or the table's length (the default) when that
// is out of range.
func (f *fn) tableIndex(i int) error {
	n := f.nodes[i]
	sw, ok := n.last.(*cmm.Switch)
	if !ok || !n.dense {
		return fmt.Errorf("internal error: table index of %T", n.last)
	}
	c := f.code
	if err := f.expr(sw.Expr); err != nil {
		return err
	}
	if cmm.TypeOf(sw.Expr).Width != cmm.W64 {
		// br_table takes any index >= the table's length (unsigned) as
		// the default.
		if sw.Lo != 0 {
			c.I32Const(int32(sw.Lo))
			c.Op(wasm.I32Sub)
		}
		return nil
	}
	if sw.Lo != 0 {
		c.I64Const(sw.Lo)
		c.Op(wasm.I64Sub)
	}
	t := f.temp(wasm.I64)
	c.LocalTee(t)
	c.Op(wasm.I32WrapI64)
	c.I32Const(int32(n.n))
	c.LocalGet(t)
	c.I64Const(int64(n.n))
	c.Op(wasm.I64LtU)
	c.Op(wasm.Select)
	return nil
}

// temp is a scratch local of type t, shared by the whole function.
func (f *fn) temp(t wasm.ValType) uint32 {
	key := "$tmp" + t.String()
	if l, ok := f.locals[key]; ok {
		return l
	}
	l := f.code.NewLocal(t)
	f.locals[key] = l
	return l
}

// exit emits node i's way out: the jump that ends its block, or the jump
// to another entry.
func (f *fn) exit(i int) error {
	n := f.nodes[i]
	if n.kind == nodeExit {
		return f.jumpTo(&cmm.LabelLit{Label: n.exit})
	}
	call, ok := n.last.(*cmm.Call)
	if !ok {
		return fmt.Errorf("internal error: exit of %T", n.last)
	}
	return f.jumpTo(call.Target)
}

// jumpTo leaves the function for the code at target: a known label's
// function, or the function whose descriptor is at a computed address.
func (f *fn) jumpTo(target cmm.Expr) error {
	c := f.code
	if ll, ok := target.(*cmm.LabelLit); ok && ll.Offset == 0 {
		fn, err := f.c.codeFunc(ll.Label)
		if err != nil {
			return err
		}
		if f.c.opts.TailCalls {
			c.ReturnCall(fn)
			return nil
		}
		c.I32ConstFunc(fn)
		c.Op(wasm.Return)
		return nil
	}
	if err := f.expr(target); err != nil {
		return err
	}
	c.I64Load(wasm.MemArg{})
	c.Op(wasm.I32WrapI64)
	if f.c.opts.TailCalls {
		c.ReturnCallIndirect(codeType)
		return nil
	}
	c.Op(wasm.Return)
	return nil
}

// truncTo keeps the low bits of v that fit width w.
func truncTo(v uint64, w cmm.Width) uint64 {
	if w.Bits() >= 64 || w.Bits() == 0 {
		return v
	}
	return v & (1<<w.Bits() - 1)
}
