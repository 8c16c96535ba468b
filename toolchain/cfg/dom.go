package cfg

// dominators computes immediate dominators by the algorithm of Cooper,
// Harvey and Kennedy ("A Simple, Fast Dominance Algorithm", 2001) over an
// xgraph numbered in reverse postorder, so that node numbers are the
// postorder comparisons the algorithm needs. idom[0] is 0.
//
// The xgraph is reducible, and the dominators of a reducible graph are
// those of its forward edges alone (a back edge u→v, with v dominating u,
// opens no path around a dominator). On those, acyclic and in reverse
// postorder, the algorithm's first pass is final, so there is only one: a
// second would only confirm it, walking up from every back edge's source
// to its loop header, quadratic in deep loop nests. emit checks that every
// back edge goes to a dominator of its source, which is what makes these
// the graph's dominators.
func dominators(x *xgraph) []int32 {
	n := x.len()
	// Forward predecessor lists, compactly.
	poff := make([]int32, n+1)
	for u := range n {
		for _, v := range x.to[x.off[u]:x.off[u+1]] {
			if v > u {
				poff[v+1]++
			}
		}
	}
	for i := int32(1); i <= n; i++ {
		poff[i] += poff[i-1]
	}
	// Each list is in decreasing order, so that the intersection climbs
	// the dominator tree gradually: taking a node's shallowest predecessor
	// first would make each of the others walk all the way up to it, as
	// with a chain of checks all branching to one slow path.
	preds := make([]int32, poff[n])
	fill := append([]int32(nil), poff[:n]...)
	for u := n - 1; u >= 0; u-- {
		for _, v := range x.to[x.off[u]:x.off[u+1]] {
			if v > u {
				preds[fill[v]] = u
				fill[v]++
			}
		}
	}
	idom := make([]int32, n)
	for b := int32(1); b < n; b++ {
		// Every node but the entry has a forward predecessor: its parent
		// in the walk that numbered it.
		ps := preds[poff[b]:poff[b+1]]
		nd := ps[0]
		for _, p := range ps[1:] {
			nd = intersect(idom, p, nd)
		}
		idom[b] = nd
	}
	return idom
}

func intersect(idom []int32, a, b int32) int32 {
	for a != b {
		for a > b {
			a = idom[a]
		}
		for b > a {
			b = idom[b]
		}
	}
	return a
}

// domTree is the dominator tree with an interval numbering: u dominates v
// when tin[u] <= tin[v] <= tout[u].
type domTree struct {
	idom      []int32
	tin, tout []int32
}

func newDomTree(idom []int32) *domTree {
	n := int32(len(idom))
	t := &domTree{idom: idom, tin: make([]int32, n), tout: make([]int32, n)}
	off := make([]int32, n+1)
	for v := int32(1); v < n; v++ {
		off[idom[v]+1]++
	}
	for i := int32(1); i <= n; i++ {
		off[i] += off[i-1]
	}
	kids := make([]int32, off[n])
	fill := append([]int32(nil), off[:n]...)
	for v := int32(1); v < n; v++ {
		p := idom[v]
		kids[fill[p]] = v
		fill[p]++
	}
	type item struct{ v, next int32 }
	stack := []item{{0, off[0]}}
	clock := int32(1)
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next < off[top.v+1] {
			k := kids[top.next]
			top.next++
			t.tin[k] = clock
			clock++
			stack = append(stack, item{k, off[k]})
			continue
		}
		t.tout[top.v] = clock - 1
		stack = stack[:len(stack)-1]
	}
	return t
}

func (t *domTree) dominates(u, v int32) bool {
	return t.tin[u] <= t.tin[v] && t.tin[v] <= t.tout[u]
}
