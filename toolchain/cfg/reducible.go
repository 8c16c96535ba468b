package cfg

import "fmt"

// Node kinds of an xgraph.
const (
	kExit uint8 = iota
	kJump
	kCond
	kSwitch
	kDispatch
)

// xgraph is a graph whose edges may store a label first. Its nodes are the
// reachable nodes of the input and one dispatch node per irreducible
// region, whose slots are its table: label i takes slot i.
type xgraph struct {
	kind []uint8
	orig []int32 // input node, -1 for a dispatch node
	off  []int32 // node v's slots are to[off[v]:off[v+1]], lab likewise
	to   []int32
	lab  []int32 // label the edge stores, -1 for none
}

func (x *xgraph) len() int32 { return int32(len(x.kind)) }

// makeReducible builds the reducible xgraph of g, whose nodes 0..m-1 are
// the reachable nodes by preorder number.
//
// An irreducible region is an irreducible loop with no irreducible loop
// around it, together with the irreducible loops nested in it through
// irreducible loops only: Havlak's forest can nest these deeply (each
// header's loop inside the previous one's), and treating them as one keeps
// the output linear. Each region gets a dispatch node D, which becomes its
// only entry and the target of all its back edges: an edge entering the
// region from outside, and an edge from inside one of its loops back to
// that loop's header, goes to D instead, storing the label of its target;
// D's table branches to the target. Other edges inside the region stay:
// with every cycle through its loops' headers now passing D, they are
// forward edges. Reducible loops nested in a region keep their own
// structure; one entered from outside the region is entered at its header,
// through D.
//
// Every node keeps its code once: the price of irreducibility is a label
// store per redirected edge and a br_table per region, not duplicated
// code. Labels count from 0 in each dispatch, which is the only one that
// ever reads them.
func makeReducible(g Graph, c csr, d dfsOrder, lf *loopForest) (*xgraph, error) {
	m := int32(len(d.pre))
	b := &builder{lf: lf, m: m}
	b.regions()
	nd := int32(len(b.targets))
	x := &xgraph{off: make([]int32, 1, m+nd+1)}
	for p := range m {
		v := d.pre[p]
		switch g.Nodes[v].(type) {
		case Exit:
			x.kind = append(x.kind, kExit)
		case Jump:
			x.kind = append(x.kind, kJump)
		case Cond:
			x.kind = append(x.kind, kCond)
		case Switch:
			x.kind = append(x.kind, kSwitch)
		default:
			return nil, fmt.Errorf("cfg: node %d: unknown terminator %T", v, g.Nodes[v])
		}
		x.orig = append(x.orig, v)
		for _, s := range c.to[c.off[v]:c.off[v+1]] {
			to, lab, err := b.redirect(p, d.num[s])
			if err != nil {
				return nil, fmt.Errorf("cfg: edge %d->%d: %w", v, s, err)
			}
			x.to = append(x.to, to)
			x.lab = append(x.lab, lab)
		}
		x.off = append(x.off, int32(len(x.to)))
	}
	for _, targets := range b.targets {
		x.kind = append(x.kind, kDispatch)
		x.orig = append(x.orig, -1)
		for _, q := range targets {
			x.to = append(x.to, q)
			x.lab = append(x.lab, -1)
		}
		x.off = append(x.off, int32(len(x.to)))
	}
	return x, nil
}

type builder struct {
	lf      *loopForest
	m       int32
	region  []int32   // irreducible header → outermost header of its region
	disp    []int32   // region's outermost header → index of its dispatch
	targets [][]int32 // dispatch → its targets by label
	label   []int32   // target → its label, -1 for none
	home    []int32   // target → its dispatch
}

// regions finds the irreducible regions and numbers their dispatches.
func (b *builder) regions() {
	lf := b.lf
	m := b.m
	b.region = make([]int32, m)
	b.disp = make([]int32, m)
	b.label = make([]int32, m)
	b.home = make([]int32, m)
	byTin := make([]int32, 0, m)
	for h := range m {
		b.region[h], b.disp[h], b.label[h], b.home[h] = -1, -1, -1, -1
		if lf.head[h] {
			byTin = append(byTin, h)
		}
	}
	// Parents before children.
	sortByKey(byTin, lf.tin)
	for _, h := range byTin {
		if !lf.irred[h] {
			continue
		}
		if p := lf.parent[h]; p >= 0 && lf.irred[p] {
			b.region[h] = b.region[p]
			continue
		}
		b.region[h] = h
		b.disp[h] = int32(len(b.targets))
		b.targets = append(b.targets, nil)
	}
}

// sortByKey sorts headers, whose keys are distinct numbers below
// len(key), by key, in linear time.
func sortByKey(hs []int32, key []int32) {
	at := make([]int32, len(key))
	for i := range at {
		at[i] = -1
	}
	for _, h := range hs {
		at[key[h]] = h
	}
	i := 0
	for _, h := range at {
		if h >= 0 {
			hs[i] = h
			i++
		}
	}
}

// redirect returns where the edge p→q goes in the xgraph, and the label
// it stores (-1 for none).
func (b *builder) redirect(p, q int32) (to, lab int32, err error) {
	lf := b.lf
	l := lf.inner(q)
	if l < 0 {
		return q, -1, nil
	}
	if lf.holds(l, p) {
		if l == q && lf.irred[q] {
			// Back to the header of an irreducible loop.
			return b.via(b.region[q], q)
		}
		return q, -1, nil
	}
	// The edge enters l. Entering a loop elsewhere than at its header
	// makes it irreducible, so l is irreducible or headed by q; in the
	// latter case the edge may enter l's parent too.
	if !lf.irred[l] {
		if l != q {
			return 0, 0, fmt.Errorf("internal error: enters reducible loop %d other than at its header", l)
		}
		if l = lf.parent[l]; l < 0 || lf.holds(l, p) {
			return q, -1, nil
		}
		if !lf.irred[l] {
			return 0, 0, fmt.Errorf("internal error: enters reducible loop %d other than at its header", l)
		}
	}
	r := b.region[l]
	if lf.holds(r, p) {
		return q, -1, nil // between loops of one region
	}
	return b.via(r, q)
}

// via routes an edge to q through the dispatch of the region headed by r.
func (b *builder) via(r, q int32) (to, lab int32, err error) {
	k := b.disp[r]
	switch {
	case b.label[q] < 0:
		b.label[q] = int32(len(b.targets[k]))
		b.home[q] = k
		b.targets[k] = append(b.targets[k], q)
	case b.home[q] != k:
		return 0, 0, fmt.Errorf("internal error: node %d routed by two dispatches", q)
	}
	return b.m + k, b.label[q], nil
}

// renumber returns x restricted to the nodes reachable from node 0, which
// it numbers in reverse postorder: afterwards an edge u→v is a back edge
// exactly when v <= u.
func (x *xgraph) renumber() *xgraph {
	d := walk(csr{off: x.off, to: x.to}, 0)
	n := int32(len(d.post))
	rpo := make([]int32, x.len())
	for i, v := range d.post {
		rpo[v] = n - 1 - int32(i)
	}
	r := &xgraph{
		kind: make([]uint8, n),
		orig: make([]int32, n),
		off:  make([]int32, n+1),
		to:   make([]int32, 0, len(x.to)),
		lab:  make([]int32, 0, len(x.lab)),
	}
	for i := n - 1; i >= 0; i-- {
		v := d.post[i]
		u := n - 1 - i
		r.kind[u] = x.kind[v]
		r.orig[u] = x.orig[v]
		for s := x.off[v]; s < x.off[v+1]; s++ {
			r.to = append(r.to, rpo[x.to[s]])
			r.lab = append(r.lab, x.lab[s])
		}
		r.off[u+1] = int32(len(r.to))
	}
	return r
}
