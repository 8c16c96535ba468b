package cfg

import "fmt"

// emit translates a reducible xgraph numbered in reverse postorder into a
// Program by the method of Norman Ramsey, "Beyond Relooper: recursive
// translation of unstructured control flow to structured control flow"
// (ICFP 2022):
//
//   - A node is emitted by its dominator-tree parent. A merge node (two or
//     more forward in-edges, or an unlabelled target of a table, since
//     br_table can only branch) is placed after a Block that encloses its
//     parent's code and the parent's other merge children with smaller
//     reverse-postorder numbers; the others are inlined at their only
//     forward in-edge.
//   - A loop header (target of a back edge) wraps its code in a Loop.
//   - A forward edge to a merge node is a Br to the end of its Block (left
//     out when control falls through to it anyway), a back edge a Br to the
//     start of its Loop.
//
// Two refinements keep the output small and flat: an If arm's code moves
// after the If when the other arm never completes (see cond), and Blocks
// that nothing branches to are dropped. For both, branches are first
// emitted naming the label of their Block or Loop; a final pass turns
// names into depths, which moving code in or out of an If or dropping a
// Block would otherwise change.
func emit(x *xgraph) (*Program, error) {
	n := x.len()
	idom := dominators(x)
	dt := newDomTree(idom)
	e := &emitter{
		x:       x,
		header:  make([]bool, n),
		merge:   make([]bool, n),
		blockID: make([]int32, n),
		loopID:  make([]int32, n),
	}
	fwdIn := make([]int32, n)
	p := &Program{}
	for u := range n {
		table := x.kind[u] == kSwitch || x.kind[u] == kDispatch
		if x.kind[u] == kDispatch {
			p.Dispatches++
		}
		for s := x.off[u]; s < x.off[u+1]; s++ {
			v := x.to[s]
			if v <= u {
				if !dt.dominates(v, u) {
					return nil, fmt.Errorf("cfg: internal error: back edge %d->%d of an irreducible graph", u, v)
				}
				e.header[v] = true
				continue
			}
			fwdIn[v]++
			if table && x.lab[s] < 0 {
				e.merge[v] = true
			}
		}
	}
	for v := range n {
		e.blockID[v] = -1
		e.loopID[v] = -1
		if fwdIn[v] >= 2 {
			e.merge[v] = true
		}
	}
	// Merge children by dominator-tree parent, in reverse postorder.
	e.kidOff = make([]int32, n+1)
	for v := int32(1); v < n; v++ {
		if e.merge[v] {
			e.kidOff[idom[v]+1]++
		}
	}
	for i := int32(1); i <= n; i++ {
		e.kidOff[i] += e.kidOff[i-1]
	}
	e.kids = make([]int32, e.kidOff[n])
	fill := append([]int32(nil), e.kidOff[:n]...)
	for v := int32(1); v < n; v++ {
		if e.merge[v] {
			e.kids[fill[idom[v]]] = v
			fill[idom[v]]++
		}
	}
	body := e.tree(nil, 0, -1)
	if e.err != nil {
		return nil, e.err
	}
	r := resolver{used: e.used, pos: make([]int32, len(e.used))}
	p.Body = r.list(body, nil)
	return p, nil
}

type emitter struct {
	x             *xgraph
	header, merge []bool
	kidOff, kids  []int32 // merge children of v: kids[kidOff[v]:kidOff[v+1]]
	// The labels of the Block node v follows and of the Loop v heads,
	// while branches to v are in their scope; else -1.
	blockID, loopID []int32
	used            []bool // label → some branch names it
	codes           int    // Codes emitted so far
	err             error
}

// Statements during emission: a Block or Loop carries its label, and
// branches name labels instead of depths.
type iblock struct {
	id   int32
	body []Stmt
}

type iloop struct {
	id        int32
	body      []Stmt
	completes bool // control can reach the end of body
}

// iif is an If and whether control can reach its end.
type iif struct {
	s         If
	completes bool
}

// iseq is a sequence to splice into the enclosing one, and whether
// control can reach its end.
type iseq struct {
	body      []Stmt
	completes bool
}

func (iblock) stmt() {}
func (iloop) stmt()  {}
func (iif) stmt()    {}
func (iseq) stmt()   {}

func (e *emitter) newLabel() int32 {
	e.used = append(e.used, false)
	return int32(len(e.used) - 1)
}

func (e *emitter) use(id int32, what string, v int32) int {
	if id < 0 {
		if e.err == nil {
			e.err = fmt.Errorf("cfg: internal error: no %s for node %d in scope", what, v)
		}
		return 0
	}
	e.used[id] = true
	return int(id)
}

// tree appends the code of v's dominator subtree to out. ft is the node
// whose code runs next when control reaches the end of what tree appends,
// or -1 when there is none.
func (e *emitter) tree(out []Stmt, v, ft int32) []Stmt {
	if !e.header[v] {
		return e.within(out, v, e.kidOff[v+1]-e.kidOff[v], ft)
	}
	id := e.newLabel()
	e.loopID[v] = id
	// Falling off a loop's end leaves it, so the body falls through to ft.
	body := e.within(nil, v, e.kidOff[v+1]-e.kidOff[v], ft)
	e.loopID[v] = -1
	return append(out, iloop{id, body, e.completes(body)})
}

// within appends v's code nested in the Blocks of v's first k merge
// children, each Block followed by its child's subtree.
func (e *emitter) within(out []Stmt, v, k, ft int32) []Stmt {
	if k == 0 {
		return e.node(out, v, ft)
	}
	y := e.kids[e.kidOff[v]+k-1]
	id := e.newLabel()
	e.blockID[y] = id
	body := e.within(nil, v, k-1, y)
	e.blockID[y] = -1
	out = append(out, iblock{id, body})
	return e.tree(out, y, ft)
}

// node appends v's code and terminator.
func (e *emitter) node(out []Stmt, v, ft int32) []Stmt {
	x := e.x
	orig := int(x.orig[v])
	if orig >= 0 {
		out = append(out, Code{orig})
		e.codes++
	}
	s := x.off[v]
	switch x.kind[v] {
	case kExit:
		return append(out, Return{orig})
	case kJump:
		return e.branch(out, v, s, ft)
	case kCond:
		return e.cond(out, v, ft)
	default:
		return e.table(out, v, ft)
	}
}

// branch appends the code that takes v's slot s.
func (e *emitter) branch(out []Stmt, v, s, ft int32) []Stmt {
	y := e.x.to[s]
	if l := e.x.lab[s]; l >= 0 {
		out = append(out, SetLabel{int(l)})
	}
	switch {
	case y <= v:
		return append(out, Br{e.use(e.loopID[y], "loop", y)})
	case !e.merge[y]:
		return e.tree(out, y, ft)
	case y == ft:
		return out
	default:
		return append(out, Br{e.use(e.blockID[y], "block", y)})
	}
}

// cond appends v's If. When one arm never completes, the other's code can
// follow the If rather than sit in it; an arm that completes, falling
// through to ft, can be made not to with a branch to ft. Moving the larger
// arm (by Codes) out keeps chains flat: a run of checks, each branching
// away to a slow path on failure, would otherwise nest an If per check.
func (e *emitter) cond(out []Stmt, v, ft int32) []Stmt {
	s := e.x.off[v]
	orig := int(e.x.orig[v])
	start := e.codes
	then := e.branch(nil, v, s, ft)
	mid := e.codes
	els := e.branch(nil, v, s+1, ft)
	thenSize, elsSize := mid-start, e.codes-mid
	ct, ce := e.completes(then), e.completes(els)
	if ct && ce {
		return append(out, iif{If{Node: orig, Then: then, Else: els}, true})
	}
	// At least one arm never completes, so at least one can move out.
	hoistThen := !ce || ft >= 0 // els can stay
	hoistEls := !ct || ft >= 0  // then can stay
	if hoistThen && hoistEls {
		hoistThen = thenSize >= elsSize
	}
	// The moved arm is spliced in, not copied: copying would make a chain
	// quadratic. An If with an empty arm completes.
	if hoistThen {
		if ce {
			els = append(els, Br{e.use(e.blockID[ft], "block", ft)})
		}
		return append(out, iif{If{Node: orig, Else: els}, true}, iseq{then, ct})
	}
	if ct {
		then = append(then, Br{e.use(e.blockID[ft], "block", ft)})
	}
	return append(out, iif{If{Node: orig, Then: then}, true}, iseq{els, ce})
}

// completes reports whether control can reach the end of ss, which
// holds only closed Blocks, whose labels' uses are all known. It takes
// constant time: Ifs, Loops and spliced sequences carry the answer, and a
// Block never ends an emitted sequence (its follower's code comes next).
func (e *emitter) completes(ss []Stmt) bool {
	if len(ss) == 0 {
		return true
	}
	switch s := ss[len(ss)-1].(type) {
	case Br, BrTable, Dispatch, Return:
		return false
	case iif:
		return s.completes
	case iseq:
		return s.completes
	case iblock:
		return e.used[s.id] || e.completes(s.body)
	case iloop:
		return s.completes
	}
	return true
}

// table appends the br_table (or Dispatch) ending v. An edge that stores a
// label (only a Switch's can) cannot be a br_table entry; each distinct
// such edge gets a landing pad, a Block the table branches to the end of,
// followed by the store and the branch:
//
//	block              ;; pad 0
//	  block            ;; pad 1
//	    br_table ...
//	  end
//	  set_label ...    ;; pad 1's edge
//	  br ...
//	end
//	set_label ...      ;; pad 0's edge
//	br ...
func (e *emitter) table(out []Stmt, v, ft int32) []Stmt {
	x := e.x
	lo, hi := x.off[v], x.off[v+1]
	type edge struct{ to, lab int32 }
	var pads []int32       // first slot of each distinct labelled edge
	var padOf map[edge]int // labelled edge → pad
	depths := make([]int, hi-lo)
	var ids []int32
	for s := lo; s < hi; s++ {
		y := x.to[s]
		switch {
		case x.lab[s] >= 0:
			k := edge{y, x.lab[s]}
			if padOf == nil {
				padOf = make(map[edge]int)
			}
			i, ok := padOf[k]
			if !ok {
				i = len(pads)
				padOf[k] = i
				pads = append(pads, s)
				ids = append(ids, e.newLabel())
			}
			depths[s-lo] = e.use(ids[i], "pad", y)
		case y <= v:
			depths[s-lo] = e.use(e.loopID[y], "loop", y)
		default:
			depths[s-lo] = e.use(e.blockID[y], "block", y)
		}
	}
	var inner []Stmt
	if x.kind[v] == kDispatch {
		inner = []Stmt{Dispatch{depths}}
	} else {
		n := len(depths) - 1
		inner = []Stmt{BrTable{Node: int(x.orig[v]), Depths: depths[:n:n], Default: depths[n]}}
	}
	for i := len(pads) - 1; i >= 0; i-- {
		// Pad i's code ends where pad i-1's starts; pad 0's ends the node.
		pft := int32(-1)
		if i == 0 {
			pft = ft
		}
		inner = e.branch([]Stmt{iblock{ids[i], inner}}, v, pads[i], pft)
	}
	return append(out, inner...)
}

// resolver turns label names into branch depths, splices sequences and the
// bodies of unused Blocks and Loops into their parents, and turns the
// emitter's statements into Program's.
type resolver struct {
	used  []bool
	pos   []int32 // label → its index on the stack of enclosing labels
	depth int32   // enclosing labels, Ifs included
}

func (r *resolver) list(in, out []Stmt) []Stmt {
	for _, s := range in {
		switch s := s.(type) {
		case iblock:
			if !r.used[s.id] {
				out = r.list(s.body, out)
				continue
			}
			out = append(out, Block{r.scope(s.id, s.body)})
		case iloop:
			if !r.used[s.id] {
				out = r.list(s.body, out)
				continue
			}
			out = append(out, Loop{r.scope(s.id, s.body)})
		case iif:
			out = append(out, If{
				Node: s.s.Node,
				Then: r.scope(-1, s.s.Then),
				Else: r.scope(-1, s.s.Else),
			})
		case iseq:
			out = r.list(s.body, out)
		case Br:
			out = append(out, Br{r.at(s.Depth)})
		case BrTable:
			for i, d := range s.Depths {
				s.Depths[i] = r.at(d)
			}
			s.Default = r.at(s.Default)
			out = append(out, s)
		case Dispatch:
			for i, d := range s.Depths {
				s.Depths[i] = r.at(d)
			}
			out = append(out, s)
		default:
			out = append(out, s)
		}
	}
	return out
}

// scope resolves body inside a label named id (-1 for an If's).
func (r *resolver) scope(id int32, body []Stmt) []Stmt {
	if id >= 0 {
		r.pos[id] = r.depth
	}
	r.depth++
	out := r.list(body, make([]Stmt, 0, len(body)))
	r.depth--
	return out
}

func (r *resolver) at(id int) int {
	return int(r.depth - 1 - r.pos[id])
}
