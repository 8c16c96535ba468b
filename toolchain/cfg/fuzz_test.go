package cfg

import (
	"math/rand/v2"
	"testing"
)

// graphFromBytes decodes fuzz input into a graph: the node count (1 to 64)
// and the entry, then per node a kind byte (Exit, Jump, Cond, Switch) and
// its targets, a Switch first giving its table size (0 to 5). Missing
// bytes read as 0.
func graphFromBytes(data []byte) Graph {
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return int(b)
	}
	n := 1 + next()%64
	g := Graph{Entry: next() % n, Nodes: make([]Term, n)}
	for v := range n {
		switch next() % 4 {
		case 0:
			g.Nodes[v] = Exit{}
		case 1:
			g.Nodes[v] = Jump{next() % n}
		case 2:
			g.Nodes[v] = Cond{next() % n, next() % n}
		case 3:
			targets := make([]int, next()%6)
			for i := range targets {
				targets[i] = next() % n
			}
			g.Nodes[v] = Switch{targets, next() % n}
		}
	}
	return g
}

// bytesFromGraph is graphFromBytes's inverse, for graphs it can encode.
func bytesFromGraph(g Graph) []byte {
	b := []byte{byte(len(g.Nodes) - 1), byte(g.Entry)}
	for _, t := range g.Nodes {
		switch t := t.(type) {
		case Exit:
			b = append(b, 0)
		case Jump:
			b = append(b, 1, byte(t.To))
		case Cond:
			b = append(b, 2, byte(t.Then), byte(t.Else))
		case Switch:
			b = append(b, 3, byte(len(t.Targets)))
			for _, x := range t.Targets {
				b = append(b, byte(x))
			}
			b = append(b, byte(t.Default))
		}
	}
	return b
}

// checkGraph is the property every graph must have.
func checkGraph(t *testing.T, g Graph) {
	t.Helper()
	p, err := Structure(g)
	if err != nil {
		t.Fatalf("%v\ngraph: %#v", err, g)
	}
	if err := verify(g, p, 2); err != nil {
		t.Fatalf("%v\ngraph: %#v\n%s", err, g, p)
	}
	if red := isReducible(g); red != (p.Dispatches == 0) {
		t.Fatalf("reducible %v but %d dispatches\ngraph: %#v", red, p.Dispatches, g)
	}
}

func FuzzStructureBytes(f *testing.F) {
	for _, tt := range cases {
		if len(tt.g.Nodes) <= 64 {
			f.Add(bytesFromGraph(tt.g))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkGraph(t, graphFromBytes(data))
	})
}

func FuzzStructureRandom(f *testing.F) {
	for i := range uint64(len(generators)) {
		f.Add(i, uint16(20), uint8(i))
		f.Add(i, uint16(300), uint8(i))
	}
	f.Fuzz(func(t *testing.T, seed uint64, n uint16, gen uint8) {
		r := rand.New(rand.NewPCG(seed, uint64(n)))
		checkGraph(t, generators[int(gen)%len(generators)].gen(r, 1+int(n)%400))
	})
}
