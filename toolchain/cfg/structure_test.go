package cfg

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// verify checks p against g: shape, every edge statically, and traces
// under several oracles. It returns the first failure.
func verify(g Graph, p *Program, seeds int) error {
	if err := checkStructure(g, p); err != nil {
		return err
	}
	if err := checkEdges(g, p); err != nil {
		return err
	}
	for seed := range uint64(seeds) {
		want := runGraph(g, seed, 400)
		got, err := runProgram(g, p, seed, 400)
		if err != nil {
			return err
		}
		if !slices.Equal(got, want) {
			return &traceError{seed, want, got}
		}
	}
	return nil
}

type traceError struct {
	seed      uint64
	want, got []int
}

func (e *traceError) Error() string {
	return fmt.Sprintf("traces differ under seed %d:\n graph   %v\n program %v", e.seed, e.want, e.got)
}

// cases are hand-made graphs of the shapes that matter.
var cases = []struct {
	name       string
	g          Graph
	dispatches int    // expected Dispatches
	want       string // expected String(), when given
}{
	{
		name: "exit only",
		g:    Graph{0, []Term{Exit{}}},
		want: `
code 0
return 0
`,
	},
	{
		name: "straight line",
		g:    Graph{0, []Term{Jump{1}, Jump{2}, Exit{}}},
		want: `
code 0
code 1
code 2
return 2
`,
	},
	{
		name: "if then",
		g:    Graph{0, []Term{Cond{1, 2}, Jump{2}, Exit{}}},
		want: `
code 0
if 0
  code 1
end
code 2
return 2
`,
	},
	{
		name: "if else diamond",
		g:    Graph{0, []Term{Cond{1, 2}, Jump{3}, Jump{3}, Exit{}}},
		want: `
code 0
if 0
  code 1
else
  code 2
end
code 3
return 3
`,
	},
	{
		name: "if else with exits in both arms",
		g:    Graph{0, []Term{Cond{1, 2}, Exit{}, Exit{}}},
		want: `
code 0
if 0
else
  code 2
  return 2
end
code 1
return 1
`,
	},
	{
		name: "nested diamonds",
		g: Graph{0, []Term{
			Cond{1, 4},
			Cond{2, 3}, Jump{5}, Jump{5},
			Jump{6}, Jump{6},
			Exit{},
		}},
	},
	{
		name: "short circuit and",
		// if (a && b) then 3 else 4; both arms reach 5
		g: Graph{0, []Term{Cond{1, 4}, Cond{3, 4}, Exit{}, Jump{5}, Jump{5}, Exit{}}},
	},
	{
		name: "cond with one target twice",
		g:    Graph{0, []Term{Cond{1, 1}, Exit{}}},
		want: `
code 0
if 0
end
code 1
return 1
`,
	},
	{
		name: "checks branching to one slow path",
		g:    Graph{0, []Term{Cond{1, 4}, Cond{2, 4}, Cond{3, 4}, Exit{}, Exit{}}},
		want: `
block
  code 0
  if 0
  else
    br 1
  end
  code 1
  if 1
  else
    br 1
  end
  code 2
  if 2
  else
    br 1
  end
  code 3
  return 3
end
code 4
return 4
`,
	},
	{
		name: "checks each with its own slow path, then a switch",
		// As GHC's stack and heap checks: if (Sp - 16 < SpLim) goto
		// gc1; ... with each GC call a tail call.
		g: Graph{0, []Term{
			Cond{1, 2}, Exit{},
			Cond{3, 4}, Exit{},
			Switch{[]int{5, 6}, 7}, Exit{}, Exit{}, Exit{},
		}},
		want: `
code 0
if 0
  code 1
  return 1
end
code 2
if 2
  code 3
  return 3
end
block
  block
    block
      code 4
      br_table 4 [0 1] 2
    end
    code 5
    return 5
  end
  code 6
  return 6
end
code 7
return 7
`,
	},
	{
		name: "while loop",
		g:    Graph{0, []Term{Jump{1}, Cond{2, 3}, Jump{1}, Exit{}}},
		want: `
code 0
loop
  code 1
  if 1
  else
    code 3
    return 3
  end
  code 2
  br 0
end
`,
	},
	{
		name: "do while",
		g:    Graph{0, []Term{Jump{1}, Jump{2}, Cond{1, 3}, Exit{}}},
		want: `
code 0
loop
  code 1
  code 2
  if 2
    br 1
  end
  code 3
  return 3
end
`,
	},
	{
		name: "self loop at the entry",
		g:    Graph{0, []Term{Cond{0, 1}, Exit{}}},
		want: `
loop
  code 0
  if 0
    br 1
  end
  code 1
  return 1
end
`,
	},
	{
		name: "self loop inside",
		g:    Graph{0, []Term{Jump{1}, Cond{1, 2}, Exit{}}},
	},
	{
		name: "infinite loop",
		g:    Graph{0, []Term{Jump{1}, Jump{2}, Jump{1}}},
		want: `
code 0
loop
  code 1
  code 2
  br 0
end
`,
	},
	{
		name: "break and continue",
		// 1: header; 2: if break goto 6; 3: if continue goto 1; 4: body; back to 1.
		g: Graph{0, []Term{
			Jump{1},
			Cond{2, 6},
			Cond{6, 3},
			Cond{1, 4},
			Jump{5},
			Jump{1},
			Exit{},
		}},
	},
	{
		name: "nested loops",
		g: Graph{0, []Term{
			Jump{1},
			Cond{2, 5}, // outer header
			Cond{3, 4}, // inner header
			Jump{2},    // inner latch
			Jump{1},    // outer latch
			Exit{},
		}},
	},
	{
		name: "triply nested loops sharing a latch path",
		g: Graph{0, []Term{
			Jump{1},
			Cond{2, 7},
			Cond{3, 6},
			Cond{4, 5},
			Switch{[]int{3, 2, 1}, 4},
			Jump{2},
			Jump{1},
			Exit{},
		}},
	},
	{
		name: "multiple back edges",
		g: Graph{0, []Term{
			Jump{1},
			Cond{2, 3},
			Cond{1, 4}, // back edge
			Cond{1, 4}, // another
			Exit{},
		}},
	},
	{
		name: "loop with several exits",
		g: Graph{0, []Term{
			Jump{1},
			Cond{2, 5},
			Cond{3, 6},
			Cond{1, 7},
			Exit{},
			Jump{8},
			Jump{8},
			Jump{8},
			Jump{4},
		}},
	},
	{
		name: "loop exits to different places",
		g: Graph{0, []Term{
			Jump{1},
			Cond{2, 3},
			Cond{1, 4},
			Exit{},
			Exit{},
		}},
	},
	{
		name: "switch with shared targets",
		g: Graph{0, []Term{
			Switch{[]int{1, 2, 1, 3, 2}, 2},
			Jump{4}, Jump{4}, Jump{4},
			Exit{},
		}},
		want: `
block
  block
    block
      block
        code 0
        br_table 0 [0 2 0 1 2] 2
      end
      code 1
      br 2
    end
    code 3
    br 1
  end
  code 2
end
code 4
return 4
`,
	},
	{
		name: "switch with fallthrough-like chain",
		// case 0 runs 1 then 2 then 3; case 1 runs 2 then 3; case 2 runs 3.
		g: Graph{0, []Term{
			Switch{[]int{1, 2, 3}, 4},
			Jump{2}, Jump{3}, Jump{4},
			Exit{},
		}},
	},
	{
		name: "switch with only a default",
		g:    Graph{0, []Term{Switch{nil, 1}, Exit{}}},
	},
	{
		name: "switch to one target in every slot",
		g:    Graph{0, []Term{Switch{[]int{1, 1}, 1}, Exit{}}},
	},
	{
		name: "switch in a loop with continue and break entries",
		g: Graph{0, []Term{
			Jump{1},
			Switch{[]int{2, 1, 3, 4}, 1},
			Jump{1},
			Exit{},
			Jump{1},
		}},
	},
	{
		name:       "classic irreducible two-entry loop",
		g:          Graph{0, []Term{Cond{1, 2}, Cond{2, 3}, Jump{1}, Exit{}}},
		dispatches: 1,
		want: `
code 0
if 0
  set_label 0
else
  set_label 1
end
loop
  block
    block
      dispatch [1 0]
    end
    code 2
  end
  code 1
  if 1
    set_label 1
    br 1
  end
  code 3
  return 3
end
`,
	},
	{
		name: "irreducible loop with a self loop",
		g: Graph{0, []Term{
			Cond{1, 2},
			Switch{[]int{1, 2}, 3},
			Cond{2, 1},
			Exit{},
		}},
		dispatches: 1,
	},
	{
		name: "duff's device",
		// switch (n % 4) into the middle of an unrolled loop.
		g: Graph{0, []Term{
			Switch{[]int{1, 2, 3, 4}, 1},
			Jump{2}, Jump{3}, Jump{4},
			Cond{1, 5},
			Exit{},
		}},
		dispatches: 1,
	},
	{
		name: "loop whose header is not the first node",
		g: Graph{5, []Term{
			Exit{},     // 0: exit
			Cond{2, 0}, // 1: loop test
			Jump{3},    // 2: body
			Jump{1},    // 3: latch
			Exit{},     // 4: unreachable
			Jump{1},    // 5: entry
		}},
	},
	{
		name: "unreachable nodes branching into the graph",
		g: Graph{2, []Term{
			Cond{3, 4}, // unreachable, would make the loop irreducible
			Switch{[]int{0, 3}, 9},
			Jump{3},
			Cond{4, 5},
			Jump{3},
			Exit{},
			Jump{6}, Jump{7}, Jump{6}, Exit{},
		}},
	},
	{
		name: "irreducible loop inside a reducible loop",
		g: Graph{0, []Term{
			Jump{1},
			Cond{2, 3}, // outer header, enters the inner cycle at 2 or 3
			Cond{3, 4},
			Cond{2, 4},
			Cond{1, 5}, // outer latch
			Exit{},
		}},
		dispatches: 1,
	},
	{
		name: "reducible loop inside an irreducible loop",
		g: Graph{0, []Term{
			Cond{1, 3},
			Jump{2},
			Cond{2, 3}, // self loop inside
			Cond{1, 4},
			Exit{},
		}},
		dispatches: 1,
	},
	{
		name: "irreducible loop whose entries are all in one cycle",
		// {1,2,3,4} entered at 1, 3 and 4; every cycle passes 4 or
		// 1, so the inner cycle {3,4} is not a loop of its own.
		g: Graph{0, []Term{
			Switch{[]int{1, 3}, 4},
			Jump{2},
			Cond{3, 4},
			Cond{4, 5},
			Cond{3, 1},
			Exit{},
		}},
		dispatches: 1,
	},
	{
		name: "irreducible loop nested in an irreducible loop",
		// Outer cycle a=1 c=2 d=3 b=4 entered at a and b; inner cycle
		// {c,d}, not holding the outer header, entered at c and d from
		// a. Nested irreducible loops form one region: one dispatch.
		g: Graph{0, []Term{
			Cond{1, 4},
			Cond{2, 3},
			Cond{3, 5},
			Cond{2, 4},
			Cond{1, 5},
			Exit{},
		}},
		dispatches: 1,
	},
	{
		name: "edge entering two nested irreducible loops",
		// As above, with an edge from the entry into d, which with the
		// walk's order enters both loops.
		g: Graph{0, []Term{
			Switch{[]int{3, 4}, 1},
			Cond{2, 3},
			Cond{3, 5},
			Cond{2, 4},
			Cond{1, 5},
			Exit{},
		}},
		dispatches: 1,
	},
	{
		name: "irreducible loop in a reducible loop in an irreducible loop",
		// Outer cycle {1,2,...,7} entered at 1 and 2; the reducible loop
		// {3,4,5,6} inside it, entered at 3 only; the cycle {4,5} in that,
		// entered at 4 and 5. A reducible loop separates the two
		// regions: two dispatches.
		g: Graph{0, []Term{
			Cond{1, 2},
			Cond{3, 2},
			Cond{1, 8},
			Cond{4, 5},
			Cond{5, 6},
			Cond{4, 6},
			Cond{3, 7},
			Jump{2},
			Exit{},
		}},
		dispatches: 2,
	},
	{
		name: "three entries from a switch into a cycle",
		g: Graph{0, []Term{
			Switch{[]int{1, 2, 3, 3, 1}, 4},
			Cond{2, 4},
			Cond{3, 4},
			Cond{1, 4},
			Exit{},
		}},
		dispatches: 1,
	},
	{
		name: "two independent irreducible loops",
		g: Graph{0, []Term{
			Cond{1, 2},
			Cond{2, 3},
			Jump{1},
			Cond{4, 5},
			Cond{5, 6},
			Jump{4},
			Exit{},
		}},
		dispatches: 2,
	},
	{
		name: "irreducible loop holding a self loop and an irreducible loop",
		// {1,2,3,4} entered at 1, 2 and 3; with the walk's order 3
		// heads it, and {1,2}, entered at 1 and 2, is nested: one
		// region.
		g: Graph{0, []Term{
			Switch{[]int{1, 2}, 3},
			Cond{2, 5},
			Cond{1, 3},
			Cond{3, 4},
			Jump{1},
			Exit{},
		}},
		dispatches: 1,
	},
}

func TestStructureCases(t *testing.T) {
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Structure(tt.g)
			if err != nil {
				t.Fatal(err)
			}
			if err := verify(tt.g, p, 50); err != nil {
				t.Fatalf("%v\n%s", err, p)
			}
			if p.Dispatches != tt.dispatches {
				t.Errorf("Dispatches = %d, want %d\n%s", p.Dispatches, tt.dispatches, p)
			}
			if reducible := isReducible(tt.g); reducible != (tt.dispatches == 0) {
				t.Errorf("isReducible = %v, but the case expects %d dispatches", reducible, tt.dispatches)
			}
			if want := strings.TrimPrefix(tt.want, "\n"); want != "" && p.String() != want {
				t.Errorf("got\n%s\nwant\n%s", p, want)
			}
		})
	}
}

func TestStructureErrors(t *testing.T) {
	tests := []struct {
		name string
		g    Graph
		want string
	}{
		{"no nodes", Graph{}, "no nodes"},
		{"entry out of range", Graph{1, []Term{Exit{}}}, "entry 1 out of range"},
		{"negative entry", Graph{-1, []Term{Exit{}}}, "entry -1 out of range"},
		{"nil terminator", Graph{0, []Term{Jump{1}, nil}}, "node 1 has no terminator"},
		{"jump out of range", Graph{0, []Term{Jump{2}, Exit{}}}, "node 0: target 2 out of range"},
		{"cond out of range", Graph{0, []Term{Cond{0, -1}}}, "node 0: target -1 out of range"},
		{"switch out of range", Graph{0, []Term{Switch{[]int{0, 5}, 0}}}, "node 0: target 5 out of range"},
		{"switch default out of range", Graph{0, []Term{Switch{nil, 3}}}, "node 0: target 3 out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Structure(tt.g)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// genFunc makes a random graph of about n nodes.
type genFunc func(r *rand.Rand, n int) Graph

var generators = []struct {
	name string
	gen  genFunc
}{
	{"reducible", genReducible},
	{"mixed", genMixed},
	{"any", genAny},
}

// randomSize draws a size up to max, small ones more often.
func randomSize(r *rand.Rand, max int) int {
	if r.IntN(2) == 0 {
		return 1 + r.IntN(12)
	}
	return 1 + r.IntN(max)
}

func TestStructureRandom(t *testing.T) {
	perGen := 2000
	if testing.Short() {
		perGen = 200
	}
	for _, gen := range generators {
		t.Run(gen.name, func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(1, uint64(len(gen.name))))
			reducible := 0
			for i := range perGen {
				g := gen.gen(r, randomSize(r, 300))
				p, err := Structure(g)
				if err != nil {
					t.Fatalf("graph %d: %v", i, err)
				}
				if err := verify(g, p, 3); err != nil {
					t.Fatalf("graph %d: %v\ngraph: %#v\n%s", i, err, g, p)
				}
				red := isReducible(g)
				if red != (p.Dispatches == 0) {
					t.Fatalf("graph %d: reducible %v but %d dispatches\ngraph: %#v", i, red, p.Dispatches, g)
				}
				if red {
					reducible++
				}
			}
			if gen.name == "reducible" && reducible != perGen {
				t.Fatalf("generator made %d irreducible graphs", perGen-reducible)
			}
			t.Logf("%d graphs, %d reducible", perGen, reducible)
		})
	}
}
