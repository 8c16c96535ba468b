package cfg

import "math/rand/v2"

// Random graphs for the property tests and the fuzz targets.

// genReducible makes a reducible graph of n nodes: a random DAG whose node
// order is topological (a spanning tree from node 0 plus extra forward
// edges), plus back edges each to a dominator of its source. A back edge
// to a dominator changes no dominator, so every back edge stays one whose
// target dominates its source: the graph is reducible.
func genReducible(r *rand.Rand, n int) Graph {
	succ := make([][]int, n)
	for i := 1; i < n; i++ {
		p := i - 1 - r.IntN(min(i, 3))
		if r.IntN(4) == 0 {
			p = r.IntN(i)
		}
		succ[p] = append(succ[p], i)
	}
	for i := 0; i < n-1; i++ {
		for r.IntN(3) == 0 {
			succ[i] = append(succ[i], i+1+r.IntN(min(n-1-i, 8)))
		}
	}
	// Dominators of the DAG: node order is topological and every node but
	// 0 has a predecessor before it.
	idom := make([]int, n)
	preds := make([][]int, n)
	for u, ss := range succ {
		for _, v := range ss {
			preds[v] = append(preds[v], u)
		}
	}
	for v := 1; v < n; v++ {
		d := preds[v][0]
		for _, p := range preds[v][1:] {
			a, b := d, p
			for a != b {
				for a > b {
					a = idom[a]
				}
				for b > a {
					b = idom[b]
				}
			}
			d = a
		}
		idom[v] = d
	}
	for v := range n {
		for r.IntN(4) == 0 {
			a := v
			for a != 0 && r.IntN(2) == 0 {
				a = idom[a]
			}
			succ[v] = append(succ[v], a)
		}
	}
	return toGraph(r, succ)
}

// genAny makes a graph of n nodes with edges anywhere: with several nodes,
// usually irreducible.
func genAny(r *rand.Rand, n int) Graph {
	succ := make([][]int, n)
	for i := 1; i < n; i++ {
		p := r.IntN(i)
		succ[p] = append(succ[p], i)
	}
	for v := range n {
		for r.IntN(2) == 0 {
			succ[v] = append(succ[v], r.IntN(n))
		}
	}
	return toGraph(r, succ)
}

// genMixed makes a reducible graph with a few edges added anywhere: often
// irreducible, with irreducible loops nested in and around reducible ones.
func genMixed(r *rand.Rand, n int) Graph {
	g := genReducible(r, n)
	for range 1 + r.IntN(3) {
		u, v := r.IntN(n), r.IntN(n)
		succ := g.Nodes[u].appendSuccs(nil)
		g.Nodes[u] = makeTerm(r, append(succ, v))
	}
	return g
}

// toGraph turns successor lists over nodes 0..n-1, entry 0, into a Graph,
// renaming the nodes at random and sometimes adding unreachable ones that
// branch into the graph.
func toGraph(r *rand.Rand, succ [][]int) Graph {
	n := len(succ)
	extra := 0
	if r.IntN(4) == 0 {
		extra = 1 + r.IntN(3)
	}
	perm := r.Perm(n + extra)
	g := Graph{Entry: perm[0], Nodes: make([]Term, n+extra)}
	for v, ss := range succ {
		ts := make([]int, len(ss))
		for i, s := range ss {
			ts[i] = perm[s]
		}
		r.Shuffle(len(ts), func(i, j int) { ts[i], ts[j] = ts[j], ts[i] })
		g.Nodes[perm[v]] = makeTerm(r, ts)
	}
	for v := n; v < n+extra; v++ {
		ts := []int{perm[r.IntN(n+extra)]}
		if r.IntN(2) == 0 {
			ts = append(ts, perm[r.IntN(n+extra)])
		}
		g.Nodes[perm[v]] = makeTerm(r, ts)
	}
	return g
}

// makeTerm makes a terminator with exactly the successors ts (in some
// slots twice, for tables and conditionals).
func makeTerm(r *rand.Rand, ts []int) Term {
	switch len(ts) {
	case 0:
		return Exit{}
	case 1:
		switch r.IntN(8) {
		case 0:
			return Cond{ts[0], ts[0]}
		case 1:
			return Switch{Default: ts[0]}
		}
		return Jump{ts[0]}
	case 2:
		if r.IntN(4) != 0 {
			return Cond{ts[0], ts[1]}
		}
	}
	// A table holding every target but the default, in some entries
	// twice.
	k := len(ts) - 1
	targets := append([]int(nil), ts[:k]...)
	for range r.IntN(k + 1) {
		targets = append(targets, ts[r.IntN(len(ts))])
	}
	r.Shuffle(len(targets), func(i, j int) { targets[i], targets[j] = targets[j], targets[i] })
	return Switch{Targets: targets, Default: ts[k]}
}

// isReducible decides reducibility independently of Structure: with
// dominators as bit sets by the naive data-flow equations, a graph is
// reducible when every retreating edge of a depth-first walk goes to a
// dominator of its source. Quadratic: for tests only.
func isReducible(g Graph) bool {
	n := len(g.Nodes)
	reach := reachable(g)
	w := (n + 63) / 64
	dom := make([][]uint64, n)
	for v := range n {
		dom[v] = make([]uint64, w)
		if v == g.Entry {
			dom[v][v/64] |= 1 << (v % 64)
			continue
		}
		for i := range dom[v] {
			dom[v][i] = ^uint64(0)
		}
	}
	preds := make([][]int, n)
	for u, t := range g.Nodes {
		if reach[u] {
			for _, v := range t.appendSuccs(nil) {
				preds[v] = append(preds[v], u)
			}
		}
	}
	tmp := make([]uint64, w)
	for changed := true; changed; {
		changed = false
		for v := range n {
			if v == g.Entry || !reach[v] {
				continue
			}
			for i := range tmp {
				tmp[i] = ^uint64(0)
			}
			for _, p := range preds[v] {
				for i := range tmp {
					tmp[i] &= dom[p][i]
				}
			}
			tmp[v/64] |= 1 << (v % 64)
			for i := range tmp {
				if tmp[i] != dom[v][i] {
					changed = true
					dom[v][i] = tmp[i]
				}
			}
		}
	}
	// Retreating edges go to a node on the walk's stack.
	onStack := make([]bool, n)
	seen := make([]bool, n)
	type item struct {
		v     int
		succs []int
	}
	stack := []item{{g.Entry, g.Nodes[g.Entry].appendSuccs(nil)}}
	seen[g.Entry], onStack[g.Entry] = true, true
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if len(top.succs) == 0 {
			onStack[top.v] = false
			stack = stack[:len(stack)-1]
			continue
		}
		s := top.succs[0]
		top.succs = top.succs[1:]
		if onStack[s] && dom[top.v][s/64]&(1<<(s%64)) == 0 {
			return false
		}
		if !seen[s] {
			seen[s], onStack[s] = true, true
			stack = append(stack, item{s, g.Nodes[s].appendSuccs(nil)})
		}
	}
	return true
}

// countReachable counts the nodes reachable from the entry.
func countReachable(g Graph) int {
	n := 0
	for _, b := range reachable(g) {
		if b {
			n++
		}
	}
	return n
}
