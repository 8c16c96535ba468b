// Package cfinalizer makes the C functions that Haskell code uses as
// finalizers callable under the type the RTS calls them with.
//
// A ForeignPtr's C finalizer is a FunPtr, for GHC a void function of one
// pointer (FinalizerPtr) or two (FinalizerEnvPtr, with its environment
// first), and the RTS calls it so (runCFinalizers in rts/Weak.c). C
// libraries' own destructors often return a status: zlib's deflateEnd is
// int (z_stream *), and Haskell code passes &deflateEnd as a
// FinalizerPtr. Native calling conventions let the caller ignore the
// result; WebAssembly's call_indirect checks the callee's exact type and
// traps ("indirect call type mismatch").
//
// Object returns, for the functions whose addresses Haskell code takes
// (linker/fnptr's Applied.Types) that take one or two pointers (i64) and
// return a value, an object with a thunk __ahc_cfinalizer.NAME of the
// RTS's type that calls NAME and drops its result, and a function
//
//	void *__ahc_cfinalizer(void *fptr, int env)
//
// that returns the thunk of the function fptr points to, for the RTS's
// call with (env != 0) or without an environment, or fptr itself. The RTS
// (patch 0008) defines a weak __ahc_cfinalizer that returns fptr, for
// links that need no thunks. The object refers to the functions weakly:
// it pulls none of them into a link, and one that nothing else pulls in
// has the null address, which no finalizer has.
package cfinalizer

import (
	"fmt"
	"sort"

	"github.com/ahc-hs/ahc/linker/internal/wasmobj"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// Dispatcher is the function the RTS calls to find a finalizer's thunk.
const Dispatcher = "__ahc_cfinalizer"

// ThunkPrefix starts the names of the thunks.
const ThunkPrefix = Dispatcher + "."

// Object returns the object for the address-taken functions types
// (canonically encoded types, by name), or nil when none needs a thunk.
func Object(types map[string][]byte) ([]byte, error) {
	names := make([]string, 0, len(types))
	for n := range types {
		names = append(names, n)
	}
	sort.Strings(names)

	o := wasm.NewObject()
	type entry struct {
		fn, thunk *wasm.Func
		env       bool
	}
	var entries []entry
	for _, n := range names {
		t, err := wasmobj.DecodeFuncType(types[n])
		if err != nil {
			return nil, fmt.Errorf("the type of %s: %w", n, err)
		}
		if !finalizerShaped(t) {
			continue
		}
		fn := o.Func(n, t)
		fn.Weak = true
		params := make([]wasm.ValType, len(t.Params))
		copy(params, t.Params)
		c := wasm.NewCode(params...)
		for i := range params {
			c.LocalGet(uint32(i))
		}
		c.Call(fn)
		for range t.Results {
			c.Op(wasm.Drop)
		}
		thunk := o.Func(ThunkPrefix+n, wasm.FuncType{Params: params})
		thunk.Local = true
		thunk.Define(c)
		entries = append(entries, entry{fn: fn, thunk: thunk, env: len(params) == 2})
	}
	if len(entries) == 0 {
		return nil, nil
	}

	// __ahc_cfinalizer(fptr, env): the thunk of the function fptr points
	// to, called with an environment or not, else fptr.
	c := wasm.NewCode(wasm.I64, wasm.I32)
	for _, e := range entries {
		c.LocalGet(0)
		c.I64ConstFunc(e.fn)
		c.Op(wasm.I64Eq)
		c.LocalGet(1)
		if e.env {
			c.Op(wasm.I32Eqz)
			c.Op(wasm.I32Eqz)
		} else {
			c.Op(wasm.I32Eqz)
		}
		c.Op(wasm.I32And)
		c.If(wasm.FuncType{})
		c.I64ConstFunc(e.thunk)
		c.Op(wasm.Return)
		c.End()
	}
	c.LocalGet(0)
	d := o.Func(Dispatcher, wasm.FuncType{Params: []wasm.ValType{wasm.I64, wasm.I32}, Results: []wasm.ValType{wasm.I64}})
	d.Hidden = true
	d.Define(c)
	return o.Bytes()
}

// finalizerShaped says whether t is that of a C function the RTS could
// call as a finalizer, with one or two pointer arguments, but whose result
// makes it of another type than the RTS's.
func finalizerShaped(t wasm.FuncType) bool {
	if len(t.Results) == 0 || len(t.Params) < 1 || len(t.Params) > 2 {
		return false
	}
	for _, p := range t.Params {
		if p != wasm.I64 {
			return false
		}
	}
	return true
}
