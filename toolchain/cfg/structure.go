package cfg

// Structure translates g into a structured program. Nodes unreachable from
// the entry are dropped; every reachable node gets exactly one Code. A
// reducible graph gets no Dispatch and no SetLabel.
func Structure(g Graph) (*Program, error) {
	if err := g.validate(); err != nil {
		return nil, err
	}
	c := g.csr()
	t := walk(c, int32(g.Entry))
	lf, err := findLoops(c, t)
	if err != nil {
		return nil, err
	}
	x, err := makeReducible(g, c, t, lf)
	if err != nil {
		return nil, err
	}
	return emit(x.renumber())
}

// dfsOrder is a depth-first walk of a graph from its entry, taking each
// node's successor slots last first, so that reverse postorder lists a
// Cond's Then side before its Else side and a table's targets in order.
type dfsOrder struct {
	num    []int32 // node → preorder number, -1 when unreachable
	pre    []int32 // preorder number → node
	last   []int32 // preorder number → largest preorder number in its subtree
	parent []int32 // preorder number → its parent's, -1 for the entry
	post   []int32 // nodes in postorder
}

func walk(c csr, entry int32) dfsOrder {
	n := len(c.off) - 1
	d := dfsOrder{num: make([]int32, n), last: make([]int32, n)}
	for i := range d.num {
		d.num[i] = -1
	}
	type item struct{ v, next int32 }
	visit := func(v, parent int32) item {
		d.num[v] = int32(len(d.pre))
		d.pre = append(d.pre, v)
		d.parent = append(d.parent, parent)
		return item{v, c.off[v+1]}
	}
	stack := []item{visit(entry, -1)}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next > c.off[top.v] {
			top.next--
			if s := c.to[top.next]; d.num[s] < 0 {
				stack = append(stack, visit(s, d.num[top.v]))
			}
			continue
		}
		d.last[d.num[top.v]] = int32(len(d.pre) - 1)
		d.post = append(d.post, top.v)
		stack = stack[:len(stack)-1]
	}
	d.last = d.last[:len(d.pre)]
	return d
}

// ancestor reports whether preorder number a is an ancestor of (or is) b.
func (d *dfsOrder) ancestor(a, b int32) bool {
	return a <= b && b <= d.last[a]
}
