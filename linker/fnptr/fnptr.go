// Package fnptr fixes, before the final link, the addresses of C functions
// that Haskell code takes as values.
//
// `foreign import ccall "&foo" p :: FunPtr ...` makes ghc's Cmm use the
// label foo as a value, and the Cmm does not say whether foo is a C
// function or C data. toolchain/codegen makes every label used as a value
// (other than a foreign-call target) an undefined data symbol, with
// memory-address relocations; when C defines foo as a function, wasm-ld
// fails with "symbol type mismatch". Fix finds the undefined data symbols
// of the link's objects and archive members that another input defines as
// a function, and rewrites those objects: each such symbol becomes an
// undefined function symbol backed by a new function import env.NAME of
// the definition's type, and its relocations become the table-index
// relocations of the same width (R_WASM_MEMORY_ADDR_SLEB64 ->
// R_WASM_TABLE_INDEX_SLEB64, _I64 -> _I64, _SLEB -> _SLEB, _I32 -> _I32),
// so the value is the function's index in the indirect function table,
// what C's function pointers are. The new import shifts the indices of
// the object's defined functions, which the symbol table, comdats,
// exports, name section and the placeholders of call relocations are
// updated for.
//
// Rewritten plain objects replace the originals on the command line.
// Rewritten archive members go into a new archive placed just before the
// archive they come from: wasm-ld keeps the first lazy definition of a
// symbol, so the fixed member is the one pulled in and the original never
// is. When no input needs the fix the inputs are returned unchanged.
//
// A module that also calls foo has a function symbol foo already, so its
// value uses are the data symbol AddrPrefix+"foo" instead: it becomes an
// undefined function symbol foo like the others, beside the call's. The
// two differ when the calls' type is not the definition's, and then
// linker/sigadapt renames the call's to an adapter: the address is foo's
// own, what C code calling through it expects.
package fnptr

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ahc-hs/ahc/linker/internal/wasmobj"
)

// AddrPrefix starts the names of the data symbols that stand for the
// address of a C function the same object calls (toolchain/codegen's
// AddrPrefix).
const AddrPrefix = "__ahc_addr."

// FuncName is the name of the function whose address an undefined data
// symbol may be.
func FuncName(dataSym string) string {
	return strings.TrimPrefix(dataSym, AddrPrefix)
}

// Inputs are the files of a link, in command-line order.
type Inputs = wasmobj.Inputs

// Applied is what Apply did.
type Applied struct {
	// Fixed lists the rewritten objects, as Result.Fixed does.
	Fixed []string
	// Types are the canonically encoded types (wasmobj.FuncTypes) of the
	// functions whose addresses the rewritten objects take, by name.
	Types map[string][]byte
}

// Result is what to link instead.
type Result struct {
	Objects  []string // Inputs.Objects, rewritten ones replaced
	Archives []string // Inputs.Archives, each preceded by an archive of its rewritten members if any
	// Fixed lists the rewritten objects, as "FILE: NAME..." or
	// "ARCHIVE(MEMBER): NAME...", for diagnostics.
	Fixed []string
}

// Fix rewrites what in's objects and archives need, writing new files into
// dir, which must exist and which the caller removes after the link.
func Fix(in Inputs, dir string) (Result, error) {
	res := Result{Objects: in.Objects, Archives: in.Archives}
	set, err := wasmobj.Load(in)
	if err != nil {
		return res, err
	}
	defer set.Close()
	out := set.NewOutput(dir, "fnptr")
	a, err := Apply(set, out)
	if err != nil {
		return res, err
	}
	res.Fixed = a.Fixed
	res.Objects, res.Archives, err = out.Files()
	return res, err
}

// Apply rewrites the units of set that need it into out, and says which
// and what functions they take the addresses of.
func Apply(set *wasmobj.Set, out *wasmobj.Output) (Applied, error) {
	var fixed []string
	defs := set.FirstDefinitions()
	types := map[string][]byte{}
	for _, u := range set.Units {
		var fns map[string][]byte
		for _, sym := range u.Syms.UndefData {
			name := FuncName(sym)
			def := defs[name]
			if def == nil {
				continue
			}
			if !u.Writable {
				continue // a library's business: wasm-ld reports the mismatch if it matters
			}
			t := types[name]
			if t == nil {
				var err error
				if t, err = wasmobj.DefinedFuncType(def.Data, name); err != nil {
					return Applied{}, fmt.Errorf("%s: %w", def, err)
				}
				types[name] = t
			}
			if fns == nil {
				fns = map[string][]byte{}
			}
			fns[sym] = t
		}
		if fns == nil {
			continue
		}
		data, names, err := rewrite(u.Data, fns)
		if err != nil {
			return Applied{}, fmt.Errorf("%s: making function symbols of %s: %w", u, strings.Join(sortedKeys(fns), ", "), err)
		}
		fixed = append(fixed, u.String()+": "+strings.Join(names, " "))
		if err := out.Replace(u, data); err != nil {
			return Applied{}, err
		}
	}
	return Applied{Fixed: fixed, Types: types}, nil
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
