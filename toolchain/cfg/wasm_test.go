package cfg

import (
	"context"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// The end-to-end check: a Program encoded as a real WebAssembly function
// must pass wazero's validation and, run with host functions standing for
// the nodes' code and conditions, visit what the graph visits.
//
// The module imports env.visit(node), env.cond(node) i32, env.sw(node) i32
// and env.exit(node), and exports run, whose body is the Program with the
// label in local 0.

func encodeModule(p *Program) []byte {
	var m []byte
	m = append(m, 0, 'a', 's', 'm', 1, 0, 0, 0)
	section := func(id byte, body []byte) {
		m = append(m, id)
		m = binary.AppendUvarint(m, uint64(len(body)))
		m = append(m, body...)
	}
	// Types: 0 (i32)->(), 1 (i32)->(i32), 2 ()->().
	section(1, []byte{3,
		0x60, 1, 0x7f, 0,
		0x60, 1, 0x7f, 1, 0x7f,
		0x60, 0, 0,
	})
	var imports []byte
	imports = append(imports, 4)
	for _, imp := range []struct {
		name string
		typ  byte
	}{{"visit", 0}, {"cond", 1}, {"sw", 1}, {"exit", 0}} {
		imports = append(imports, 3, 'e', 'n', 'v', byte(len(imp.name)))
		imports = append(imports, imp.name...)
		imports = append(imports, 0, imp.typ)
	}
	section(2, imports)
	section(3, []byte{1, 2})
	section(7, []byte{1, 3, 'r', 'u', 'n', 0, 4})
	body := []byte{1, 1, 0x7f} // one i32 local
	body = encodeStmts(body, p.Body)
	body = append(body, 0x0b)
	code := []byte{1}
	code = binary.AppendUvarint(code, uint64(len(body)))
	section(10, append(code, body...))
	return m
}

func encodeStmts(b []byte, ss []Stmt) []byte {
	call := func(b []byte, node, fn int) []byte {
		b = appendSLEB(append(b, 0x41), int64(node))
		return append(b, 0x10, byte(fn))
	}
	brTable := func(b []byte, depths []int, def int) []byte {
		b = append(b, 0x0e)
		b = binary.AppendUvarint(b, uint64(len(depths)))
		for _, d := range depths {
			b = binary.AppendUvarint(b, uint64(d))
		}
		return binary.AppendUvarint(b, uint64(def))
	}
	for _, s := range ss {
		switch s := s.(type) {
		case Block:
			b = append(b, 0x02, 0x40)
			b = append(encodeStmts(b, s.Body), 0x0b)
		case Loop:
			b = append(b, 0x03, 0x40)
			b = append(encodeStmts(b, s.Body), 0x0b)
		case If:
			b = append(call(b, s.Node, 1), 0x04, 0x40)
			b = encodeStmts(b, s.Then)
			if len(s.Else) > 0 {
				b = encodeStmts(append(b, 0x05), s.Else)
			}
			b = append(b, 0x0b)
		case Code:
			b = call(b, s.Node, 0)
		case Br:
			b = binary.AppendUvarint(append(b, 0x0c), uint64(s.Depth))
		case BrTable:
			b = brTable(call(b, s.Node, 2), s.Depths, s.Default)
		case Return:
			b = append(call(b, s.Node, 3), 0x0f)
		case SetLabel:
			b = append(appendSLEB(append(b, 0x41), int64(s.Label)), 0x21, 0)
		case Dispatch:
			n := len(s.Depths) - 1
			b = brTable(append(b, 0x20, 0), s.Depths[:n], s.Depths[n])
		}
	}
	return b
}

func appendSLEB(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

var errBound = errors.New("visit bound reached")

// wasmHost runs encoded Programs; the host functions read the current run.
type wasmHost struct {
	r   wazero.Runtime
	run struct {
		g     Graph
		o     *oracle
		trace []int
		max   int
	}
}

func newWasmHost(t testing.TB) *wasmHost {
	ctx := context.Background()
	h := &wasmHost{r: wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())}
	t.Cleanup(func() { h.r.Close(ctx) })
	i32 := []api.ValueType{api.ValueTypeI32}
	fn := func(f func(node int) uint64, results []api.ValueType) api.GoFunction {
		return api.GoFunc(func(ctx context.Context, stack []uint64) {
			r := f(int(int32(stack[0])))
			if len(results) > 0 {
				stack[0] = r
			}
		})
	}
	visit := func(v int) uint64 {
		if len(h.run.trace) >= h.run.max {
			panic(errBound)
		}
		h.run.trace = append(h.run.trace, v)
		h.run.o.visit(v)
		return 0
	}
	cond := func(v int) uint64 {
		if h.run.o.choose(v, 2) == 0 {
			return 1 // wasm's if takes Then on non-zero
		}
		return 0
	}
	sw := func(v int) uint64 {
		return uint64(h.run.o.choose(v, len(h.run.g.Nodes[v].(Switch).Targets)+1))
	}
	exit := func(int) uint64 {
		h.run.trace = append(h.run.trace, -1)
		return 0
	}
	b := h.r.NewHostModuleBuilder("env")
	for _, f := range []struct {
		name    string
		f       func(int) uint64
		results []api.ValueType
	}{{"visit", visit, nil}, {"cond", cond, i32}, {"sw", sw, i32}, {"exit", exit, nil}} {
		b.NewFunctionBuilder().WithGoFunction(fn(f.f, f.results), i32, f.results).Export(f.name)
	}
	if _, err := b.Instantiate(ctx); err != nil {
		t.Fatal(err)
	}
	return h
}

// check compiles p and compares its traces with g's under the given seeds.
func (h *wasmHost) check(g Graph, p *Program, seeds int) error {
	ctx := context.Background()
	mod, err := h.r.Instantiate(ctx, encodeModule(p))
	if err != nil {
		return err
	}
	defer mod.Close(ctx)
	run := mod.ExportedFunction("run")
	for seed := range uint64(seeds) {
		h.run.g, h.run.o, h.run.trace, h.run.max = g, newOracle(seed), nil, 400
		if _, err := run.Call(ctx); err != nil && !errors.Is(err, errBound) {
			return err
		}
		want := runGraph(g, seed, 400)
		if !slices.Equal(h.run.trace, want) {
			return &traceError{seed, want, h.run.trace}
		}
	}
	return nil
}

func TestWasm(t *testing.T) {
	h := newWasmHost(t)
	for _, tt := range cases {
		p, err := Structure(tt.g)
		if err != nil {
			t.Fatal(err)
		}
		if err := h.check(tt.g, p, 50); err != nil {
			t.Fatalf("%s: %v\n%s", tt.name, err, p)
		}
	}
	if !testing.Short() {
		// Ramsey's nesting gets deep (a Block per table target): the
		// engine must take it.
		for _, lg := range largeGraphs {
			g := lg.make()
			p, err := Structure(g)
			if err != nil {
				t.Fatal(err)
			}
			if err := h.check(g, p, 2); err != nil {
				t.Fatalf("%s: %v", lg.name, err)
			}
		}
	}
	n := 1000
	if testing.Short() {
		n = 100
	}
	for _, gen := range generators {
		r := rand.New(rand.NewPCG(7, uint64(len(gen.name))))
		for i := range n {
			g := gen.gen(r, randomSize(r, 200))
			p, err := Structure(g)
			if err != nil {
				t.Fatal(err)
			}
			if err := h.check(g, p, 3); err != nil {
				t.Fatalf("%s graph %d: %v\n%s", gen.name, i, err, p)
			}
		}
	}
}
