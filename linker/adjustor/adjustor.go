// Package adjustor makes, at the final link, the C function pointers that
// `foreign import ccall "wrapper"` turns Haskell closures into.
//
// For such an import ghc writes a C function W(StgStablePtr, args...)
// into the module's stub, and the Haskell code calls createAdjustor(cconv,
// sp, W, typestring) for a function pointer that, called with args...,
// calls W(sp, args...). GHC's RTS writes that code at run time (an
// "adjustor"); WebAssembly cannot make functions at run time. But every W
// is known at link time: toolchain/codegen makes W's value in the call of
// createAdjustor the undefined data symbol Prefix+W, and Object defines
// each such symbol, a descriptor
//
//	struct { StgWord wrapper; const AhcAdjustorPool *pool; }
//
// with W's table index and the pool of adjustors of W's type less its
// first parameter. A pool, one per such type, is
//
//	struct { StgWord size; const char *type; const StgWord *adjustors;
//	         struct { StgWord wrapper; StgStablePtr sp; } *slots; }
//
// with size adjustors: functions of that type, the k-th of which calls
// the wrapper of slots[k] through the table with slots[k].sp first. The
// RTS's createAdjustor (rts/port/Adjustor.c) fills a free slot and returns
// its adjustor; freeHaskellFunctionPtr frees it, finding it through the
// null-terminated array Pools of all the pools. A program has at most
// size live adjustors of one type at a time; createAdjustor fails with
// a message that says so and how to have more (ahc-dist --adjustors).
package adjustor

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ahc-hs/ahc/linker/internal/wasmobj"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// Prefix starts the names of the descriptors (toolchain/codegen's
// AdjustorPrefix).
const Prefix = "__ahc_adjustor."

// Pools is the null-terminated array of the pools, which the RTS
// declares weak: a link without adjustors has none.
const Pools = "__ahc_adjustor_pools"

// DefaultPoolSize is the number of adjustors of each type a link gets
// unless told otherwise.
const DefaultPoolSize = 64

// Wanted returns the wrappers the units of set want descriptors of, each
// with its type (canonically encoded, wasmobj.FuncTypes), or nil if none.
func Wanted(set *wasmobj.Set) (map[string][]byte, error) {
	var want map[string][]byte
	defs := set.FirstDefinitions()
	for _, u := range set.Units {
		for _, sym := range u.Syms.UndefData {
			name, ok := strings.CutPrefix(sym, Prefix)
			if !ok || want[name] != nil {
				continue
			}
			def := defs[name]
			if def == nil {
				return nil, fmt.Errorf("%s: the C function %s of a foreign import \"wrapper\" is defined nowhere (is the module's stub linked?)", u, name)
			}
			t, err := wasmobj.DefinedFuncType(def.Data, name)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", def, err)
			}
			if want == nil {
				want = map[string][]byte{}
			}
			want[name] = t
		}
	}
	return want, nil
}

// Object returns the object that defines the descriptors of wrappers (as
// Wanted returns them), with pools of size adjustors.
func Object(wrappers map[string][]byte, size int) ([]byte, error) {
	if size < 1 {
		return nil, fmt.Errorf("%d adjustors per type: there must be at least one", size)
	}
	names := make([]string, 0, len(wrappers))
	for n := range wrappers {
		names = append(names, n)
	}
	sort.Strings(names)

	o := wasm.NewObject()
	pools := map[string]*wasm.Data{} // by the adjustors' type
	var order []string
	for _, n := range names {
		t, err := wasmobj.DecodeFuncType(wrappers[n])
		if err != nil {
			return nil, fmt.Errorf("the type of %s: %w", n, err)
		}
		if len(t.Params) == 0 || t.Params[0] != wasm.I64 {
			return nil, fmt.Errorf("the wrapper %s has type %v: its first parameter must be the stable pointer (i64)", n, t)
		}
		at := wasm.FuncType{Params: t.Params[1:], Results: t.Results}
		key := at.String()
		pool := pools[key]
		if pool == nil {
			pool = definePool(o, len(pools), at, size)
			pools[key] = pool
			order = append(order, key)
		}
		// Weak: an archive member with a wrapper that the link does not
		// pull in is not pulled in by its descriptor either.
		w := o.Func(n, t)
		w.Weak = true
		var c wasm.Contents
		c.TableIndex64(w)
		c.Addr64(pool, 0)
		o.Data(Prefix+n).Define(wasm.ROData, 8, &c)
	}
	if len(pools) == 0 {
		return nil, nil
	}
	var all wasm.Contents
	for _, key := range order {
		all.Addr64(pools[key], 0)
	}
	all.Uint64(0)
	list := o.Data(Pools)
	list.Hidden = true
	list.Define(wasm.ROData, 8, &all)
	return o.Bytes()
}

// definePool defines the i-th pool, of size adjustors of type t.
func definePool(o *wasm.Object, i int, t wasm.FuncType, size int) *wasm.Data {
	name := fmt.Sprintf("%spool%d", Prefix, i)
	local := func(d *wasm.Data) *wasm.Data { d.Local = true; return d }

	slots := local(o.Data(name + ".slots"))
	var zero wasm.Contents
	zero.Zero(16 * size)
	slots.Define(wasm.BSS, 8, &zero)

	wrapperType := wasm.FuncType{Params: append([]wasm.ValType{wasm.I64}, t.Params...), Results: t.Results}
	var table wasm.Contents
	for k := 0; k < size; k++ {
		c := wasm.NewCode(t.Params...)
		c.I64Const(0)
		c.I64Load(wasm.MemArg{Sym: slots, Offset: uint64(16*k + 8), Align: 8})
		for p := range t.Params {
			c.LocalGet(uint32(p))
		}
		c.I64Const(0)
		c.I64Load(wasm.MemArg{Sym: slots, Offset: uint64(16 * k), Align: 8})
		c.Op(wasm.I32WrapI64)
		c.CallIndirect(wrapperType)
		f := o.Func(fmt.Sprintf("%s.%d", name, k), t)
		f.Local = true
		f.Define(c)
		table.TableIndex64(f)
	}
	adjustors := local(o.Data(name + ".adjustors"))
	adjustors.Define(wasm.ROData, 8, &table)

	var ts wasm.Contents
	ts.Write([]byte(t.String() + "\x00"))
	typ := local(o.Data(name + ".type"))
	typ.Define(wasm.ROData, 1, &ts)

	var c wasm.Contents
	c.Uint64(uint64(size))
	c.Addr64(typ, 0)
	c.Addr64(adjustors, 0)
	c.Addr64(slots, 0)
	pool := local(o.Data(name))
	pool.Define(wasm.ROData, 8, &c)
	return pool
}
