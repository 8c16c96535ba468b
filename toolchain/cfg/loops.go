package cfg

import "fmt"

// loopForest is Havlak's loop-nesting forest (Paul Havlak, "Nesting of
// reducible and irreducible loops", TOPLAS 1997), over preorder numbers. A
// loop is named by its header, the first of its nodes the walk reached; it
// holds the header and the nodes of the header's subtree that reach the
// header without leaving the loop. It is irreducible when another of its
// nodes has a predecessor outside it.
type loopForest struct {
	parent []int32 // node → header of the innermost loop holding it other than its own; -1 for none
	head   []bool  // node heads a loop
	irred  []bool  // node heads an irreducible loop
	// Interval numbering of the forest, for headers: loop h holds loop g
	// when tin[h] <= tin[g] <= tout[h].
	tin, tout []int32
}

// findLoops is Havlak's algorithm with Ramalingam's correction (G.
// Ramalingam, "Identifying loops in almost linear time", TOPLAS 1999).
//
// Havlak takes headers in reverse preorder; each collects its body by
// walking predecessors backwards from the sources of its back edges, with
// inner loops collapsed into their headers by union-find. An edge y→x
// whose source is outside the header's subtree enters the loop other than
// at its header: Havlak marks the loop irreducible and records the edge as
// one into the header, to be found again by the next loop out, and so on,
// quadratic in the worst case. Ramalingam's correction: such an edge
// concerns only headers that are ancestors of both ends, so it is put in
// only when the walk reaches the ends' nearest common ancestor (found by
// Tarjan's offline algorithm), at once marking irreducible every loop
// found so far around x, which is every loop it enters elsewhere than at
// the header. A second union-find skips loops already marked. The time is
// O((n+e) α(n)).
func findLoops(c csr, d dfsOrder) (*loopForest, error) {
	m := int32(len(d.pre))
	uf := make([]int32, m)
	reset := func() {
		for i := range uf {
			uf[i] = int32(i)
		}
	}
	find := func(x int32) int32 {
		for uf[x] != x {
			uf[x] = uf[uf[x]]
			x = uf[x]
		}
		return x
	}
	// Back edges by target; other edges, as pairs y, x, by the nearest
	// common ancestor of their ends. In postorder the root of a finished
	// node's set is its deepest unfinished ancestor: when y finishes, the
	// other end x of a non-back edge has finished and that ancestor is the
	// nearest common one.
	backPreds := make([][]int32, m)
	byAncestor := make([][]int32, m)
	reset()
	for _, v := range d.post {
		y := d.num[v]
		for _, s := range c.to[c.off[v]:c.off[v+1]] {
			x := d.num[s]
			if d.ancestor(x, y) {
				backPreds[x] = append(backPreds[x], y)
			} else {
				a := find(x)
				byAncestor[a] = append(byAncestor[a], y, x)
			}
		}
		if p := d.parent[y]; p >= 0 {
			uf[y] = p
		}
	}
	lf := &loopForest{
		parent: make([]int32, m),
		head:   make([]bool, m),
		irred:  make([]bool, m),
	}
	// up[h] for an irreducible header h: a header further out, on the way
	// to the nearest one not yet irreducible; h itself while h is the
	// outermost loop found so far.
	up := make([]int32, m)
	for i := range m {
		lf.parent[i] = -1
		up[i] = i
	}
	nonBackPreds := make([][]int32, m)
	inPool := make([]int32, m) // inPool[x] == w+1 while x is in w's body
	var pool []int32
	reset()
	for w := m - 1; w >= 0; w-- {
		// Edges whose ends' nearest common ancestor is w: they enter every
		// loop found so far around x, and from now on are edges into the
		// outermost one.
		ys := byAncestor[w]
		for i := 0; i < len(ys); i += 2 {
			y, x := ys[i], ys[i+1]
			lf.markEntered(x, up)
			r := find(x)
			nonBackPreds[r] = append(nonBackPreds[r], y)
		}
		pool = pool[:0]
		self := false
		for _, v := range backPreds[w] {
			if v == w {
				self = true
				continue
			}
			if r := find(v); inPool[r] != w+1 {
				inPool[r] = w + 1
				pool = append(pool, r)
			}
		}
		for i := 0; i < len(pool); i++ {
			for _, y := range nonBackPreds[pool[i]] {
				r := find(y)
				if !d.ancestor(w, r) {
					return nil, fmt.Errorf("cfg: internal error: loop %d entered from %d", w, r)
				}
				if r != w && inPool[r] != w+1 {
					inPool[r] = w + 1
					pool = append(pool, r)
				}
			}
		}
		if len(pool) > 0 || self {
			lf.head[w] = true
			for _, x := range pool {
				lf.parent[x] = w
				uf[x] = w
				if lf.irred[x] && up[x] == x {
					up[x] = w
				}
			}
		}
	}
	lf.number()
	return lf, nil
}

// markEntered marks irreducible the loops found so far around x, other
// than x's own, skipping those already marked.
func (lf *loopForest) markEntered(x int32, up []int32) {
	h := lf.parent[x]
	for h >= 0 {
		// The nearest header at or above h not yet irreducible, or the
		// outermost found so far.
		r := h
		for lf.irred[r] && up[r] != r {
			r = up[r]
		}
		for h != r {
			next := up[h]
			up[h] = r
			h = next
		}
		if !lf.irred[h] {
			lf.irred[h] = true
			if lf.parent[h] >= 0 {
				up[h] = lf.parent[h]
			}
		}
		if up[h] == h {
			return
		}
		h = up[h]
	}
}

// number gives the loop forest its interval numbering.
func (lf *loopForest) number() {
	m := int32(len(lf.parent))
	lf.tin = make([]int32, m)
	lf.tout = make([]int32, m)
	// Children lists, compactly; roots hang from a virtual node m.
	off := make([]int32, m+2)
	for h := range m {
		if lf.head[h] {
			off[lf.kidOf(h)+1]++
		}
	}
	for i := int32(1); i <= m+1; i++ {
		off[i] += off[i-1]
	}
	kids := make([]int32, off[m+1])
	fill := append([]int32(nil), off...)
	for h := range m {
		if lf.head[h] {
			p := lf.kidOf(h)
			kids[fill[p]] = h
			fill[p]++
		}
	}
	type item struct{ h, next int32 }
	var stack []item
	clock := int32(0)
	for _, root := range kids[off[m]:off[m+1]] {
		lf.tin[root] = clock
		clock++
		stack = append(stack, item{root, off[root]})
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next < off[top.h+1] {
				k := kids[top.next]
				top.next++
				lf.tin[k] = clock
				clock++
				stack = append(stack, item{k, off[k]})
				continue
			}
			lf.tout[top.h] = clock - 1
			stack = stack[:len(stack)-1]
		}
	}
}

// kidOf is the forest node a header hangs from: its parent, or the virtual
// root.
func (lf *loopForest) kidOf(h int32) int32 {
	if lf.parent[h] < 0 {
		return int32(len(lf.parent))
	}
	return lf.parent[h]
}

// inner is the innermost loop holding p, or -1.
func (lf *loopForest) inner(p int32) int32 {
	if lf.head[p] {
		return p
	}
	return lf.parent[p]
}

// holds reports whether the loop headed by h holds node p.
func (lf *loopForest) holds(h, p int32) bool {
	c := lf.inner(p)
	return c >= 0 && lf.tin[h] <= lf.tin[c] && lf.tin[c] <= lf.tout[h]
}
