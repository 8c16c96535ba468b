package cfg

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// progStats counts what a Program is made of.
type progStats struct {
	codes, blocks, loops, ifs, brs, tables, sets, dispatches, dispatchEntries, stmts, depth int
}

func (st *progStats) add(ss []Stmt, depth int) {
	st.depth = max(st.depth, depth)
	for _, s := range ss {
		st.stmts++
		switch s := s.(type) {
		case Block:
			st.blocks++
			st.add(s.Body, depth+1)
		case Loop:
			st.loops++
			st.add(s.Body, depth+1)
		case If:
			st.ifs++
			st.add(s.Then, depth+1)
			st.add(s.Else, depth+1)
		case Code:
			st.codes++
		case Br:
			st.brs++
		case BrTable:
			st.tables++
		case SetLabel:
			st.sets++
		case Dispatch:
			st.dispatches++
			st.dispatchEntries += len(s.Depths)
		}
	}
}

// TestMeasure reports, over random graphs, the output size relative to the
// input and what irreducibility costs. Every reachable node must have
// exactly one Code, reducible graphs no label at all.
func TestMeasure(t *testing.T) {
	perBucket := 500
	if testing.Short() {
		perBucket = 50
	}
	buckets := []struct{ lo, hi int }{{2, 20}, {21, 100}, {101, 300}}
	var report strings.Builder
	fmt.Fprintf(&report, "\n%-10s %-8s %5s %5s | %-34s | %s\n", "generator", "nodes", "red", "irred",
		"reducible: code/node stmt/node br/node", "irreducible: code/node stmt/node dispatch(avg,max) entries set_label")
	for _, gen := range generators {
		r := rand.New(rand.NewPCG(3, uint64(len(gen.name))))
		for _, bk := range buckets {
			var red, irr progStats
			var nRed, nIrr, nodesRed, nodesIrr, maxDisp int
			for range perBucket {
				g := gen.gen(r, bk.lo+r.IntN(bk.hi-bk.lo+1))
				p, err := Structure(g)
				if err != nil {
					t.Fatal(err)
				}
				var st progStats
				st.add(p.Body, 0)
				n := countReachable(g)
				if st.codes != n {
					t.Fatalf("%d Codes for %d reachable nodes", st.codes, n)
				}
				if p.Dispatches == 0 {
					if st.sets != 0 {
						t.Fatalf("reducible graph with %d SetLabels", st.sets)
					}
					nRed++
					nodesRed += n
					red.merge(st)
				} else {
					nIrr++
					nodesIrr += n
					irr.merge(st)
					maxDisp = max(maxDisp, p.Dispatches)
				}
			}
			ratio := func(a, b int) float64 {
				if b == 0 {
					return 0
				}
				return float64(a) / float64(b)
			}
			fmt.Fprintf(&report, "%-10s %3d-%-4d %5d %5d | %9.3f %9.2f %8.2f        | %9.3f %9.2f %8.2f,%-3d %7.2f %9.2f\n",
				gen.name, bk.lo, bk.hi, nRed, nIrr,
				ratio(red.codes, nodesRed), ratio(red.stmts, nodesRed), ratio(red.brs, nodesRed),
				ratio(irr.codes, nodesIrr), ratio(irr.stmts, nodesIrr),
				ratio(irr.dispatches, nIrr), maxDisp, ratio(irr.dispatchEntries, nIrr), ratio(irr.sets, nIrr))
		}
	}
	t.Log(report.String())
}

func (st *progStats) merge(o progStats) {
	st.codes += o.codes
	st.blocks += o.blocks
	st.loops += o.loops
	st.ifs += o.ifs
	st.brs += o.brs
	st.tables += o.tables
	st.sets += o.sets
	st.dispatches += o.dispatches
	st.dispatchEntries += o.dispatchEntries
	st.stmts += o.stmts
	st.depth = max(st.depth, o.depth)
}

// Large graphs: GHC procedures can have thousands of blocks.

// deepLoops nests n/2 loops: headers 0..h-1 in a row, then the latches,
// innermost first, each branching back to its header or out.
func deepLoops(n int) Graph {
	h := (n - 1) / 2
	g := Graph{0, make([]Term, 2*h+1)}
	for i := range h {
		g.Nodes[i] = Jump{i + 1}
		g.Nodes[h+i] = Cond{h - 1 - i, h + i + 1}
	}
	g.Nodes[h-1] = Jump{h}
	g.Nodes[2*h] = Exit{}
	return g
}

// diamonds chains if-else diamonds.
func diamonds(n int) Graph {
	k := (n - 1) / 3
	g := Graph{0, make([]Term, 3*k+1)}
	for i := range k {
		c := 3 * i
		g.Nodes[c] = Cond{c + 1, c + 2}
		g.Nodes[c+1] = Jump{c + 3}
		g.Nodes[c+2] = Jump{c + 3}
	}
	g.Nodes[3*k] = Exit{}
	return g
}

// bigSwitch is a loop around a switch with n-3 cases, each of which goes
// back to the switch or on to the exit.
func bigSwitch(n int) Graph {
	k := n - 3
	g := Graph{0, make([]Term, n)}
	g.Nodes[0] = Jump{1}
	targets := make([]int, k)
	for i := range k {
		targets[i] = 2 + i
		g.Nodes[2+i] = Cond{1, n - 1}
	}
	g.Nodes[1] = Switch{targets, n - 1}
	g.Nodes[n-1] = Exit{}
	return g
}

// deepIrreducible nests d two-node cycles a_k ⇄ b_k (a_k also enters the
// next cycle), all entered at b_k from the entry's switch as well: d nested
// irreducible loops, and an edge into the innermost enters all of them.
func deepIrreducible(d int) Graph {
	// Node 0 is the entry, 1 the exit, a_k = 2+2k, b_k = 3+2k.
	g := Graph{0, make([]Term, 2+2*d)}
	a := func(k int) int { return 2 + 2*k }
	bn := func(k int) int { return 3 + 2*k }
	targets := []int{}
	for k := range d {
		targets = append(targets, bn(k))
		next := bn(k)
		if k+1 < d {
			next = a(k + 1)
		}
		g.Nodes[a(k)] = Cond{next, bn(k)}
		out := 1
		if k > 0 {
			out = bn(k - 1)
		}
		g.Nodes[bn(k)] = Cond{a(k), out}
	}
	g.Nodes[0] = Switch{targets, a(0)}
	g.Nodes[1] = Exit{}
	return g
}

// checks chains n-2 tests, each branching to one shared slow path (as GHC's
// heap and stack checks do to the GC call) or on to the next.
func checks(n int) Graph {
	g := Graph{0, make([]Term, n)}
	slow := n - 1
	for i := range n - 2 {
		g.Nodes[i] = Cond{i + 1, slow}
	}
	g.Nodes[n-2] = Exit{}
	g.Nodes[slow] = Exit{}
	return g
}

var largeGraphs = []struct {
	name string
	make func() Graph
}{
	{"reducible random", func() Graph { return genReducible(rand.New(rand.NewPCG(5, 5)), 5000) }},
	{"mixed random", func() Graph { return genMixed(rand.New(rand.NewPCG(5, 6)), 5000) }},
	{"any random", func() Graph { return genAny(rand.New(rand.NewPCG(5, 7)), 5000) }},
	{"2500 nested loops", func() Graph { return deepLoops(5001) }},
	{"1666 diamonds", func() Graph { return diamonds(5000) }},
	{"5000-way switch in a loop", func() Graph { return bigSwitch(5000) }},
	{"4998 checks to one slow path", func() Graph { return checks(5000) }},
	{"100 nested irreducible loops", func() Graph { return deepIrreducible(100) }},
	{"1000 nested irreducible loops", func() Graph { return deepIrreducible(1000) }},
}

// TestLargeGraphs reports the time Structure takes on graphs of about
// 5,000 nodes, and checks its output.
func TestLargeGraphs(t *testing.T) {
	if testing.Short() {
		t.Skip("large graphs")
	}
	var report strings.Builder
	for _, lg := range largeGraphs {
		g := lg.make()
		start := time.Now()
		p, err := Structure(g)
		elapsed := time.Since(start)
		if err != nil {
			t.Fatalf("%s: %v", lg.name, err)
		}
		var st progStats
		st.add(p.Body, 0)
		fmt.Fprintf(&report, "%-30s %5d nodes %6d edges: %9v, %6d stmts, depth %5d, %4d dispatches, %7d entries, %5d set_label\n",
			lg.name, countReachable(g), edgeCount(g), elapsed.Round(time.Microsecond), st.stmts, st.depth, p.Dispatches, st.dispatchEntries, st.sets)
		if err := checkStructure(g, p); err != nil {
			t.Fatalf("%s: %v", lg.name, err)
		}
		for seed := range uint64(3) {
			want := runGraph(g, seed, 20000)
			got, err := runProgram(g, p, seed, 20000)
			if err != nil {
				t.Fatalf("%s: %v", lg.name, err)
			}
			if len(got) != len(want) || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%s: traces differ under seed %d", lg.name, seed)
			}
		}
	}
	t.Log("\n" + report.String())
}

func edgeCount(g Graph) int {
	n := 0
	for _, t := range g.Nodes {
		n += len(t.appendSuccs(nil))
	}
	return n
}

func BenchmarkStructure(b *testing.B) {
	for _, lg := range largeGraphs {
		g := lg.make()
		b.Run(strings.ReplaceAll(lg.name, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				if _, err := Structure(g); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestNearLinear guards against quadratic behaviour: from n to 8n nodes,
// the memory allocated must grow about 8 times, not 64. Allocation is
// exact and so can be asserted; time is only logged (the best of three
// runs with the garbage collector off): on a loaded machine it is not
// behaviour, and the benchmarks above measure it.
func TestNearLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	shapes := []struct {
		name string
		make func(n int) Graph
	}{
		{"reducible random", func(n int) Graph { return genReducible(rand.New(rand.NewPCG(1, 1)), n) }},
		{"any random", func(n int) Graph { return genAny(rand.New(rand.NewPCG(1, 1)), n) }},
		{"nested loops", deepLoops},
		{"switch", bigSwitch},
		{"checks", checks},
		{"nested irreducible loops", func(n int) Graph { return deepIrreducible(n / 2) }},
	}
	cost := func(g Graph) (bytes uint64, elapsed time.Duration) {
		elapsed = time.Hour
		for range 3 {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			gc := debug.SetGCPercent(-1)
			start := time.Now()
			_, err := Structure(g)
			elapsed = min(elapsed, time.Since(start))
			debug.SetGCPercent(gc)
			if err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			bytes = after.TotalAlloc - before.TotalAlloc
		}
		return bytes, elapsed
	}
	for _, sh := range shapes {
		b1, t1 := cost(sh.make(2000))
		b8, t8 := cost(sh.make(16000))
		mem, tm := float64(b8)/float64(b1), float64(t8)/float64(t1)
		t.Logf("%-26s 2000→16000 nodes: memory ×%.1f, time ×%.1f", sh.name, mem, tm)
		if mem > 12 {
			t.Errorf("%s grows superlinearly: memory ×%.1f", sh.name, mem)
		}
	}
}
