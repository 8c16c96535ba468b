package cfg

import (
	"math/rand/v2"
	"testing"
)

// The checks must not pass vacuously: programs with one statement changed
// must fail them. A change can leave a program equivalent (a branch to a
// Block whose end is where the original went), so this asks for nearly
// all, not all, to be caught.

// mutants returns copies of body, each with one statement changed.
func mutants(body []Stmt) [][]Stmt {
	var out [][]Stmt
	var walk func(ss []Stmt, rebuild func([]Stmt) []Stmt)
	walk = func(ss []Stmt, rebuild func([]Stmt) []Stmt) {
		for i, s := range ss {
			replace := func(with ...Stmt) {
				c := append(append(append([]Stmt(nil), ss[:i]...), with...), ss[i+1:]...)
				out = append(out, rebuild(c))
			}
			at := func(i int) func([]Stmt) []Stmt {
				return func(inner []Stmt) []Stmt {
					c := append([]Stmt(nil), ss...)
					switch s := c[i].(type) {
					case Block:
						c[i] = Block{inner}
					case Loop:
						c[i] = Loop{inner}
					default:
						_ = s
					}
					return rebuild(c)
				}
			}
			switch s := s.(type) {
			case Block:
				walk(s.Body, at(i))
				replace(Loop{s.Body})
			case Loop:
				walk(s.Body, at(i))
				replace(Block{s.Body})
			case If:
				then, els := s.Then, s.Else
				walk(then, func(inner []Stmt) []Stmt {
					c := append([]Stmt(nil), ss...)
					c[i] = If{s.Node, inner, els}
					return rebuild(c)
				})
				walk(els, func(inner []Stmt) []Stmt {
					c := append([]Stmt(nil), ss...)
					c[i] = If{s.Node, then, inner}
					return rebuild(c)
				})
				replace(If{s.Node, els, then})
			case Code:
				replace()
			case Br:
				replace(Br{s.Depth + 1})
				if s.Depth > 0 {
					replace(Br{s.Depth - 1})
				}
			case BrTable:
				for j := range s.Depths {
					d := append([]int(nil), s.Depths...)
					d[j]++
					replace(BrTable{s.Node, d, s.Default})
				}
				replace(BrTable{s.Node, s.Depths, s.Default + 1})
			case SetLabel:
				replace(SetLabel{s.Label + 1})
				replace()
			case Dispatch:
				for j := range s.Depths {
					d := append([]int(nil), s.Depths...)
					d[j]++
					replace(Dispatch{d})
				}
			case Return:
				replace()
			}
		}
	}
	walk(body, func(ss []Stmt) []Stmt { return ss })
	return out
}

func TestChecksCatchMutants(t *testing.T) {
	var graphs []Graph
	for _, tt := range cases {
		graphs = append(graphs, tt.g)
	}
	r := rand.New(rand.NewPCG(11, 11))
	for range 40 {
		graphs = append(graphs, genMixed(r, 3+r.IntN(30)))
	}
	total, caught := 0, 0
	for _, g := range graphs {
		p, err := Structure(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mutants(p.Body) {
			total++
			if verify(g, &Program{Body: m, Dispatches: p.Dispatches}, 20) != nil {
				caught++
			}
		}
	}
	t.Logf("%d of %d mutants caught", caught, total)
	if caught < total*95/100 {
		t.Errorf("only %d of %d mutants caught", caught, total)
	}
}
