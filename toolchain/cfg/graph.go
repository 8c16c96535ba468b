package cfg

import (
	"errors"
	"fmt"
)

// Graph is a control-flow graph: nodes 0..len(Nodes)-1, each a basic block
// whose straight-line code this package never sees, ending in the
// terminator Nodes[v].
type Graph struct {
	Entry int
	Nodes []Term
}

// Term is a node's terminator: Jump, Cond, Switch or Exit.
type Term interface {
	// appendSuccs appends the successor slots in the order Structure and
	// the interpreters number them: Jump's target; Cond's Then, Else;
	// Switch's Targets then its Default.
	appendSuccs(dst []int) []int
}

// Jump is `goto To`.
type Jump struct{ To int }

// Cond is `if (c) goto Then; else goto Else;`.
type Cond struct{ Then, Else int }

// Switch jumps to Targets[i] for a scrutinee i in [0, len(Targets)) and to
// Default otherwise: a dense table, onto which the code generator maps
// Cmm's switch ranges. Targets may repeat and may be empty.
type Switch struct {
	Targets []int
	Default int
}

// Exit leaves the procedure: a tail call or a return.
type Exit struct{}

func (t Jump) appendSuccs(dst []int) []int   { return append(dst, t.To) }
func (t Cond) appendSuccs(dst []int) []int   { return append(dst, t.Then, t.Else) }
func (t Switch) appendSuccs(dst []int) []int { return append(append(dst, t.Targets...), t.Default) }
func (Exit) appendSuccs(dst []int) []int     { return dst }

// validate checks that the entry and every target name a node.
func (g Graph) validate() error {
	n := len(g.Nodes)
	if n == 0 {
		return errors.New("cfg: graph has no nodes")
	}
	if g.Entry < 0 || g.Entry >= n {
		return fmt.Errorf("cfg: entry %d out of range [0,%d)", g.Entry, n)
	}
	var buf []int
	for v, t := range g.Nodes {
		if t == nil {
			return fmt.Errorf("cfg: node %d has no terminator", v)
		}
		buf = t.appendSuccs(buf[:0])
		for _, s := range buf {
			if s < 0 || s >= n {
				return fmt.Errorf("cfg: node %d: target %d out of range [0,%d)", v, s, n)
			}
		}
	}
	return nil
}

// csr holds a graph's successor slots compactly: node v's slots are
// to[off[v]:off[v+1]].
type csr struct {
	off []int32
	to  []int32
}

func (g Graph) csr() csr {
	c := csr{off: make([]int32, len(g.Nodes)+1)}
	var buf []int
	for v, t := range g.Nodes {
		buf = t.appendSuccs(buf[:0])
		for _, s := range buf {
			c.to = append(c.to, int32(s))
		}
		c.off[v+1] = int32(len(c.to))
	}
	return c
}
