package cfg

import (
	"errors"
	"fmt"
	"slices"
)

// Two interpreters, one for a Graph and one for a Program, driven by the
// same oracle, must visit the same nodes in the same order. A trace is the
// list of visited nodes, then -1 if the run reached an Exit.

// oracle decides branches: the decision at a node's k-th visit depends on
// the seed, the node and k only, so two runs agree as long as their traces
// do.
type oracle struct {
	seed   uint64
	visits map[int]int
}

func newOracle(seed uint64) *oracle { return &oracle{seed: seed, visits: make(map[int]int)} }

func (o *oracle) visit(v int) { o.visits[v]++ }

// choose returns a decision in [0, n) for node v's current visit. For a
// Switch n is len(Targets)+1, the last meaning the default.
func (o *oracle) choose(v, n int) int {
	h := splitmix(o.seed ^ splitmix(uint64(v)<<32|uint64(o.visits[v])))
	return int(h % uint64(n))
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// runGraph interprets g for at most maxVisits visits (and the Exit of the
// last one).
func runGraph(g Graph, seed uint64, maxVisits int) []int {
	o := newOracle(seed)
	var trace []int
	v := g.Entry
	for len(trace) < maxVisits {
		trace = append(trace, v)
		o.visit(v)
		switch t := g.Nodes[v].(type) {
		case Exit:
			return append(trace, -1)
		case Jump:
			v = t.To
		case Cond:
			if o.choose(v, 2) == 0 {
				v = t.Then
			} else {
				v = t.Else
			}
		case Switch:
			if i := o.choose(v, len(t.Targets)+1); i < len(t.Targets) {
				v = t.Targets[i]
			} else {
				v = t.Default
			}
		}
	}
	return trace
}

// machine runs a Program one statement at a time, checking on the way what
// the code generator relies on: a node's If, BrTable or Return runs right
// after its Code, a Dispatch right after a SetLabel, branches target
// enclosing Blocks and Loops.
type machine struct {
	g      Graph
	frames []frame
	label  int  // -1 when unset
	fresh  bool // label stored since the last Code or Dispatch
	last   int  // node whose terminator is pending, -1 for none
}

type frame struct {
	body []Stmt
	pc   int
	kind byte // 'r'oot, 'b'lock, 'l'oop, 'i'f
}

type event int

const (
	evVisit event = iota
	evExit
)

func newMachine(g Graph, p *Program) *machine {
	return &machine{g: g, frames: []frame{{body: p.Body, kind: 'r'}}, label: -1, last: -1}
}

func (m *machine) clone() *machine {
	c := *m
	c.frames = slices.Clone(m.frames)
	return &c
}

// next runs until the next Code (returning its node) or Return, choosing
// with choose(node, n), for at most maxSteps statements.
func (m *machine) next(choose func(v, n int) int, maxSteps int) (event, int, error) {
	for range maxSteps {
		top := &m.frames[len(m.frames)-1]
		if top.pc == len(top.body) {
			if top.kind == 'r' {
				return 0, 0, errors.New("fell off the end of the function")
			}
			m.frames = m.frames[:len(m.frames)-1]
			continue
		}
		s := top.body[top.pc]
		top.pc++
		switch s := s.(type) {
		case Code:
			if err := m.consume(-1, nil); err != nil {
				return 0, 0, err
			}
			m.last, m.fresh = s.Node, false
			if _, ok := m.g.Nodes[s.Node].(Jump); ok {
				m.last = -1
			}
			return evVisit, s.Node, nil
		case Block:
			m.frames = append(m.frames, frame{body: s.Body, kind: 'b'})
		case Loop:
			m.frames = append(m.frames, frame{body: s.Body, kind: 'l'})
		case If:
			if err := m.consume(s.Node, Cond{}); err != nil {
				return 0, 0, err
			}
			body := s.Then
			if choose(s.Node, 2) != 0 {
				body = s.Else
			}
			m.frames = append(m.frames, frame{body: body, kind: 'i'})
		case Br:
			if err := m.br(s.Depth); err != nil {
				return 0, 0, err
			}
		case BrTable:
			if err := m.consume(s.Node, Switch{}); err != nil {
				return 0, 0, err
			}
			d := s.Default
			if i := choose(s.Node, len(s.Depths)+1); i < len(s.Depths) {
				d = s.Depths[i]
			}
			if err := m.br(d); err != nil {
				return 0, 0, err
			}
		case Return:
			if err := m.consume(s.Node, Exit{}); err != nil {
				return 0, 0, err
			}
			return evExit, s.Node, nil
		case SetLabel:
			m.label, m.fresh = s.Label, true
		case Dispatch:
			if !m.fresh {
				return 0, 0, errors.New("dispatch without a fresh label")
			}
			if m.label < 0 || m.label >= len(s.Depths) {
				return 0, 0, fmt.Errorf("label %d outside dispatch of %d", m.label, len(s.Depths))
			}
			m.fresh = false
			if err := m.br(s.Depths[m.label]); err != nil {
				return 0, 0, err
			}
		default:
			return 0, 0, fmt.Errorf("unknown statement %T", s)
		}
	}
	return 0, 0, errors.New("step bound reached without visiting a node")
}

// consume checks that node v's terminator, of kind like, is the one
// pending (v == -1: that none is).
func (m *machine) consume(v int, like Term) error {
	if v < 0 {
		if m.last >= 0 {
			return fmt.Errorf("terminator of node %d not consumed", m.last)
		}
		return nil
	}
	if m.last != v {
		return fmt.Errorf("terminator of node %d consumed after the code of %d", v, m.last)
	}
	if v >= len(m.g.Nodes) || fmt.Sprintf("%T", m.g.Nodes[v]) != fmt.Sprintf("%T", like) {
		return fmt.Errorf("%T consumes node %d's terminator", like, v)
	}
	m.last = -1
	return nil
}

func (m *machine) br(depth int) error {
	for i := len(m.frames) - 1; i > 0; i-- {
		f := &m.frames[i]
		if depth > 0 {
			depth--
			continue
		}
		switch f.kind {
		case 'l':
			f.pc = 0
			m.frames = m.frames[:i+1]
		case 'b':
			m.frames = m.frames[:i]
		default:
			return errors.New("branch to an if")
		}
		return nil
	}
	return errors.New("branch depth out of range")
}

// runProgram interprets p for at most maxVisits visits.
func runProgram(g Graph, p *Program, seed uint64, maxVisits int) ([]int, error) {
	o := newOracle(seed)
	m := newMachine(g, p)
	var trace []int
	maxSteps := 10*stmtCount(p.Body) + 100
	for {
		ev, v, err := m.next(o.choose, maxSteps)
		if err != nil {
			return trace, fmt.Errorf("after %v: %w", trace, err)
		}
		// As runGraph: an Exit right after the last visit allowed counts.
		if ev == evExit {
			return append(trace, -1), nil
		}
		if len(trace) == maxVisits {
			return trace, nil
		}
		trace = append(trace, v)
		o.visit(v)
	}
}

func stmtCount(ss []Stmt) int {
	n := 0
	for _, s := range ss {
		n++
		switch s := s.(type) {
		case Block:
			n += stmtCount(s.Body)
		case Loop:
			n += stmtCount(s.Body)
		case If:
			n += stmtCount(s.Then) + stmtCount(s.Else)
		}
	}
	return n
}

// reachable returns the nodes reachable from g's entry.
func reachable(g Graph) []bool {
	seen := make([]bool, len(g.Nodes))
	stack := []int{g.Entry}
	seen[g.Entry] = true
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, s := range g.Nodes[v].appendSuccs(nil) {
			if !seen[s] {
				seen[s] = true
				stack = append(stack, s)
			}
		}
	}
	return seen
}

// checkStructure checks p's shape against g: every branch depth names an
// enclosing Block or Loop (never an If), every reachable node has exactly
// one Code and its terminator exactly one consumer of the right kind and
// arity, unreachable nodes have none, and Dispatches counts the
// Dispatches.
func checkStructure(g Graph, p *Program) error {
	c := &checker{g: g, code: make([]int, len(g.Nodes)), term: make([]int, len(g.Nodes))}
	c.list(p.Body)
	if c.err != nil {
		return c.err
	}
	if c.dispatches != p.Dispatches {
		return fmt.Errorf("%d dispatches, Program says %d", c.dispatches, p.Dispatches)
	}
	reach := reachable(g)
	for v, t := range g.Nodes {
		wantCode, wantTerm := 0, 0
		if reach[v] {
			wantCode = 1
			if _, ok := t.(Jump); !ok {
				wantTerm = 1
			}
		}
		if c.code[v] != wantCode {
			return fmt.Errorf("node %d has %d Codes, want %d", v, c.code[v], wantCode)
		}
		if c.term[v] != wantTerm {
			return fmt.Errorf("node %d's terminator is consumed %d times, want %d", v, c.term[v], wantTerm)
		}
	}
	return nil
}

type checker struct {
	g          Graph
	labels     []byte // enclosing labels, innermost last: 'b', 'l', 'i'
	code, term []int
	dispatches int
	err        error
}

func (c *checker) fail(format string, args ...any) {
	if c.err == nil {
		c.err = fmt.Errorf(format, args...)
	}
}

func (c *checker) target(d int) {
	if d < 0 || d >= len(c.labels) {
		c.fail("branch depth %d with %d enclosing labels", d, len(c.labels))
		return
	}
	if c.labels[len(c.labels)-1-d] == 'i' {
		c.fail("branch depth %d names an if", d)
	}
}

func (c *checker) node(v int, like Term) bool {
	if v < 0 || v >= len(c.g.Nodes) {
		c.fail("node %d out of range", v)
		return false
	}
	if like != nil && fmt.Sprintf("%T", c.g.Nodes[v]) != fmt.Sprintf("%T", like) {
		c.fail("%T consumes node %d's %T", like, v, c.g.Nodes[v])
		return false
	}
	return true
}

func (c *checker) scope(kind byte, body []Stmt) {
	c.labels = append(c.labels, kind)
	c.list(body)
	c.labels = c.labels[:len(c.labels)-1]
}

func (c *checker) list(ss []Stmt) {
	for _, s := range ss {
		switch s := s.(type) {
		case Block:
			c.scope('b', s.Body)
		case Loop:
			c.scope('l', s.Body)
		case If:
			if c.node(s.Node, Cond{}) {
				c.term[s.Node]++
			}
			c.scope('i', s.Then)
			c.scope('i', s.Else)
		case Code:
			if c.node(s.Node, nil) {
				c.code[s.Node]++
			}
		case Br:
			c.target(s.Depth)
		case BrTable:
			if c.node(s.Node, Switch{}) {
				c.term[s.Node]++
				if want := len(c.g.Nodes[s.Node].(Switch).Targets); len(s.Depths) != want {
					c.fail("br_table of node %d has %d entries, want %d", s.Node, len(s.Depths), want)
				}
			}
			for _, d := range s.Depths {
				c.target(d)
			}
			c.target(s.Default)
		case Return:
			if c.node(s.Node, Exit{}) {
				c.term[s.Node]++
			}
		case SetLabel:
			if s.Label < 0 {
				c.fail("negative label %d", s.Label)
			}
		case Dispatch:
			c.dispatches++
			if len(s.Depths) < 2 {
				c.fail("dispatch with %d entries", len(s.Depths))
			}
			for _, d := range s.Depths {
				c.target(d)
			}
		default:
			c.fail("unknown statement %T", s)
		}
	}
}

// checkEdges checks every edge statically: from just after each node's
// Code, taking each successor slot in turn, the program must reach the
// Code of that slot's target (or, for an Exit, its Return) before any
// other Code. With one Code per reachable node, this makes the program
// and the graph the same machine.
func checkEdges(g Graph, p *Program) error {
	var err error
	maxSteps := 10*stmtCount(p.Body) + 100
	var walk func(frames []frame)
	walk = func(frames []frame) {
		top := &frames[len(frames)-1]
		for top.pc < len(top.body) && err == nil {
			s := top.body[top.pc]
			top.pc++
			switch s := s.(type) {
			case Block:
				walk(append(slices.Clone(frames), frame{body: s.Body, kind: 'b'}))
			case Loop:
				walk(append(slices.Clone(frames), frame{body: s.Body, kind: 'l'}))
			case If:
				walk(append(slices.Clone(frames), frame{body: s.Then, kind: 'i'}))
				walk(append(slices.Clone(frames), frame{body: s.Else, kind: 'i'}))
			case Code:
				err = checkNodeEdges(g, s.Node, slices.Clone(frames), maxSteps)
			}
		}
	}
	walk([]frame{{body: p.Body, kind: 'r'}})
	return err
}

func checkNodeEdges(g Graph, v int, frames []frame, maxSteps int) error {
	m := &machine{g: g, frames: frames, label: -1, last: v}
	if _, ok := g.Nodes[v].(Jump); ok {
		m.last = -1
	}
	succs := g.Nodes[v].appendSuccs(nil)
	if len(succs) == 0 {
		ev, _, err := m.next(func(int, int) int { return 0 }, maxSteps)
		if err == nil && ev != evExit {
			err = errors.New("no Return")
		}
		if err != nil {
			return fmt.Errorf("exit of node %d: %w", v, err)
		}
		return nil
	}
	for i, want := range succs {
		ev, got, err := m.clone().next(func(int, int) int { return i }, maxSteps)
		if err == nil && ev != evVisit {
			err = errors.New("returns")
		}
		if err == nil && got != want {
			err = fmt.Errorf("reaches node %d", got)
		}
		if err != nil {
			return fmt.Errorf("edge %d of node %d to %d: %w", i, v, want, err)
		}
	}
	return nil
}
