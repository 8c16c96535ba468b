// Package sigadapt reconciles, before the final link, the types under
// which Haskell code calls C functions with the types C defines them with.
//
// A foreign call's arguments and result have in Cmm the width ghc gives
// them, which for C's int and the other narrow types is often the word:
// ghc 9.0 represents CInt as a word-sized Int#. toolchain/codegen then
// imports, say, isatty as (i64) -> i64 where libc defines (i32) -> i32,
// and wasm-ld, warning "function signature mismatch", replaces the call
// with a stub that traps. The RTS's C has similar mismatches of arity.
//
// Fix finds the undefined function symbols of the link's objects and
// archive members whose type differs from that of the input defining the
// function, and generates for each (function, importer's type) an
// adapter __ahc_adapt.NAME.SIG of the importer's type, which converts its
// arguments to the definition's parameter types (i64 -> i32 by wrapping,
// i32 -> i64 by sign extension, f64 <-> f32), drops the arguments the
// definition does not take and passes zero for those it is not given,
// calls the definition and converts its result back the same way (a
// result the importer does not expect is dropped; one the definition does
// not return is zero). Other mismatches (an integer for a float) are
// errors. The importing objects are rewritten to import the adapter
// instead: the undefined symbol and its import are renamed, nothing else
// changes. The adapters are the members of a new archive, so that an
// adapter, and through it the definition, is pulled into the link only by
// an importer that is. (A weak undefined symbol, then, does not pull its
// adapter in: the function is null unless another object calls the same
// adapter. Neither codegen nor the RTS makes such references.)
//
// A variadic C function takes its variadic arguments as one pointer to
// them: an adapter passes what the caller gives in that place, or null,
// which is right only for calls without variadic arguments.
//
// Rewritten plain objects replace the originals on the command line;
// rewritten archive members go into a new archive placed just before the
// archive they come from (see wasmobj.Output). When no input needs an
// adapter the inputs are returned unchanged and nothing is written.
package sigadapt

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ahc-hs/ahc/internal/wasmbin"
	"github.com/ahc-hs/ahc/linker/internal/wasmobj"
)

// Prefix starts the names of the adapters.
const Prefix = "__ahc_adapt."

// Inputs are the files of a link, in command-line order.
type Inputs = wasmobj.Inputs

// Result is what to link instead.
type Result struct {
	Objects []string // Inputs.Objects, rewritten ones replaced
	// Archives are Inputs.Archives, each preceded by an archive of its
	// rewritten members if any, then the archive of the adapters.
	Archives []string
	// Adapted lists the rewritten objects, as "FILE: NAME..." or
	// "ARCHIVE(MEMBER): NAME...", for diagnostics.
	Adapted  []string
	Adapters int // how many adapters were generated
}

// adapter is one generated function.
type adapter struct {
	name      string // the adapter's symbol
	target    string // the function it calls
	have, def funcType
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
	out := set.NewOutput(dir, "sigadapt")
	a, err := Apply(set, out)
	if err != nil {
		return res, err
	}
	res.Adapted, res.Adapters = a.Adapted, a.Adapters
	if res.Objects, res.Archives, err = out.Files(); err != nil {
		return res, err
	}
	if a.Adapters > 0 {
		p := filepath.Join(dir, "sigadapt-adapters.a")
		if err := os.WriteFile(p, a.Archive, 0o644); err != nil {
			return res, err
		}
		res.Archives = append(res.Archives[:len(res.Archives):len(res.Archives)], p)
	}
	return res, nil
}

// Applied is what Apply did.
type Applied struct {
	Adapted  []string // as Result.Adapted
	Adapters int
	Archive  []byte // the archive of the adapters, nil if none
}

// Apply rewrites the units of set that need it into out and returns the
// adapters they call, which must be linked too.
func Apply(set *wasmobj.Set, out *wasmobj.Output) (Applied, error) {
	var res Applied
	var err error
	defs := set.FirstDefinitions()

	// The undefined functions of the objects that another object defines,
	// and the types of the definitions, read in parallel.
	objs := make([]*objImports, len(set.Units))
	err = wasmobj.Parallel(len(set.Units), func(i int) error {
		u := set.Units[i]
		if !u.Writable || !u.Syms.UndefFuncs {
			return nil
		}
		obj, err := readImports(u.Data)
		if err != nil {
			return fmt.Errorf("%s: %w", u, err)
		}
		for _, imp := range obj.undefined {
			if def := defs[imp.name]; def != nil && def != u {
				objs[i] = obj
				break
			}
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	defIndex := map[*wasmobj.Unit]int{}
	var defUnits []*wasmobj.Unit
	var wanted []map[string]bool // by defUnits index
	for i, obj := range objs {
		if obj == nil {
			continue
		}
		for _, imp := range obj.undefined {
			if def := defs[imp.name]; def != nil && def != set.Units[i] {
				k, ok := defIndex[def]
				if !ok {
					k = len(defUnits)
					defIndex[def] = k
					defUnits = append(defUnits, def)
					wanted = append(wanted, map[string]bool{})
				}
				wanted[k][imp.name] = true
			}
		}
	}
	defTypes := make([]map[string][]byte, len(defUnits))
	err = wasmobj.Parallel(len(defUnits), func(i int) error {
		var err error
		if defTypes[i], err = wasmobj.DefinedFuncTypes(defUnits[i].Data, wanted[i]); err != nil {
			return fmt.Errorf("%s: %w", defUnits[i], err)
		}
		return nil
	})
	if err != nil {
		return res, err
	}

	// The adapters, and the objects to rewrite.
	adapters := map[string]*adapter{} // by name
	type job struct {
		u       *wasmobj.Unit
		obj     *objImports
		renames map[uint32]string
		names   []string
	}
	var jobs []job
	for ui, obj := range objs {
		if obj == nil {
			continue
		}
		u := set.Units[ui]
		renames := map[uint32]string{} // function import index -> adapter
		var names []string
		for _, imp := range obj.undefined {
			def := defs[imp.name]
			if def == nil || def == u {
				continue
			}
			dt := defTypes[defIndex[def]][imp.name]
			if dt == nil {
				return res, fmt.Errorf("%s: no defined function %s", def, imp.name)
			}
			it := obj.types[imp.typ]
			if bytes.Equal(it, dt) {
				continue
			}
			have, err := decodeType(it)
			if err != nil {
				return res, fmt.Errorf("%s: import of %s: %w", u, imp.name, err)
			}
			want, err := decodeType(dt)
			if err != nil {
				return res, fmt.Errorf("%s: function %s: %w", def, imp.name, err)
			}
			if err := check(have, want); err != nil {
				return res, fmt.Errorf("%s calls %s as %v, %s defines it as %v: %w", u, imp.name, have, def, want, err)
			}
			a := &adapter{name: Prefix + imp.name + "." + sigName(have), target: imp.name, have: have, def: want}
			if adapters[a.name] == nil {
				adapters[a.name] = a
			}
			if prev, ok := renames[imp.index]; ok && prev != a.name {
				return res, fmt.Errorf("%s: function import %d is two symbols", u, imp.index)
			}
			renames[imp.index] = a.name
			names = append(names, imp.name)
		}
		if len(renames) == 0 {
			continue
		}
		sort.Strings(names)
		jobs = append(jobs, job{u, obj, renames, names})
	}

	// Rewrite the importers, in parallel.
	renamed := make([][]byte, len(jobs))
	err = wasmobj.Parallel(len(jobs), func(i int) error {
		j := jobs[i]
		var err error
		if renamed[i], err = rename(j.obj, j.renames); err != nil {
			return fmt.Errorf("%s: renaming the imports of %s: %w", j.u, strings.Join(j.names, ", "), err)
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	for i, j := range jobs {
		res.Adapted = append(res.Adapted, j.u.String()+": "+strings.Join(j.names, " "))
		if err := out.Replace(j.u, renamed[i]); err != nil {
			return res, err
		}
	}
	if len(adapters) == 0 {
		return res, nil
	}
	res.Adapters = len(adapters)
	res.Archive = writeAdapters(adapters)
	return res, nil
}

// Value types of the WebAssembly binary format.
const (
	i32 byte = 0x7f
	i64 byte = 0x7e
	f32 byte = 0x7d
	f64 byte = 0x7c
)

// funcType is a function type; params and results are value types.
type funcType struct {
	params, results []byte
}

func (t funcType) String() string {
	list := func(ts []byte) string {
		names := make([]string, len(ts))
		for i, v := range ts {
			names[i] = typeName(v)
		}
		return "(" + strings.Join(names, ", ") + ")"
	}
	return list(t.params) + " -> " + list(t.results)
}

func typeName(t byte) string {
	switch t {
	case i32:
		return "i32"
	case i64:
		return "i64"
	case f32:
		return "f32"
	case f64:
		return "f64"
	}
	return fmt.Sprintf("type 0x%02x", t)
}

// decodeType decodes a canonically encoded function type (see
// wasmobj.FuncTypes).
func decodeType(enc []byte) (funcType, error) {
	var t funcType
	var err error
	if t.params, t.results, err = wasmobj.SplitFuncType(enc); err != nil {
		return t, err
	}
	for _, v := range append(append([]byte(nil), t.params...), t.results...) {
		if v != i32 && v != i64 && v != f32 && v != f64 {
			return t, fmt.Errorf("value type 0x%02x", v)
		}
	}
	return t, nil
}

// encode returns the canonical encoding of t.
func (t funcType) encode() []byte {
	b := wasmbin.AppendULEB([]byte{0x60}, uint64(len(t.params)))
	b = append(b, t.params...)
	b = wasmbin.AppendULEB(b, uint64(len(t.results)))
	return append(b, t.results...)
}

// check reports a mismatch no adapter can bridge.
func check(have, def funcType) error {
	for i := range min(len(have.params), len(def.params)) {
		if !convertible(have.params[i], def.params[i]) {
			return fmt.Errorf("parameter %d: %s for %s", i, typeName(have.params[i]), typeName(def.params[i]))
		}
	}
	if len(have.results) > 1 || len(def.results) > 1 {
		return fmt.Errorf("more than one result")
	}
	if len(have.results) == 1 && len(def.results) == 1 && !convertible(def.results[0], have.results[0]) {
		return fmt.Errorf("result: %s for %s", typeName(def.results[0]), typeName(have.results[0]))
	}
	return nil
}

func convertible(from, to byte) bool {
	return from == to || isInt(from) == isInt(to)
}

func isInt(t byte) bool { return t == i32 || t == i64 }

// Instructions the adapters use.
const (
	opEnd        = 0x0b
	opCall       = 0x10
	opDrop       = 0x1a
	opLocalGet   = 0x20
	opI32Const   = 0x41
	opI64Const   = 0x42
	opF32Const   = 0x43
	opF64Const   = 0x44
	opI32WrapI64 = 0xa7
	opI64ExtendS = 0xac // i64.extend_i32_s
	opF32Demote  = 0xb6
	opF64Promote = 0xbb
)

// convert appends the conversion of a value of type from on the stack to
// type to, which check has found convertible.
func convert(code []byte, from, to byte) []byte {
	switch {
	case from == i64 && to == i32:
		return append(code, opI32WrapI64)
	case from == i32 && to == i64:
		return append(code, opI64ExtendS)
	case from == f64 && to == f32:
		return append(code, opF32Demote)
	case from == f32 && to == f64:
		return append(code, opF64Promote)
	}
	return code
}

func zero(code []byte, t byte) []byte {
	switch t {
	case i32:
		return append(code, opI32Const, 0)
	case i64:
		return append(code, opI64Const, 0)
	case f32:
		return append(code, opF32Const, 0, 0, 0, 0)
	}
	return append(code, opF64Const, 0, 0, 0, 0, 0, 0, 0, 0)
}

// Relocatable-object constants of Linking.md.
const (
	relFunctionIndexLEB = 0
	flagHidden          = 0x04
)

// object returns a relocatable wasm64 object defining the adapter a: it
// imports the memory (as every wasm64 object does) and a.target, and
// defines a.name, hidden, whose body converts and calls.
func (a *adapter) object() []byte {
	// The body, its call's function index (the import, 0) a padded LEB
	// for the relocation.
	body := []byte{0} // no locals
	for i, t := range a.def.params {
		if i < len(a.have.params) {
			body = wasmbin.AppendULEB(append(body, opLocalGet), uint64(i))
			body = convert(body, a.have.params[i], t)
		} else {
			body = zero(body, t)
		}
	}
	body = append(body, opCall)
	callAt := len(body)
	body = append(body, 0x80, 0x80, 0x80, 0x80, 0x00)
	switch {
	case len(a.def.results) == 1 && len(a.have.results) == 1:
		body = convert(body, a.def.results[0], a.have.results[0])
	case len(a.def.results) == 1:
		body = append(body, opDrop)
	case len(a.have.results) == 1:
		body = zero(body, a.have.results[0])
	}
	body = append(body, opEnd)

	types := append(append([]byte{2}, a.def.encode()...), a.have.encode()...)
	imports := wasmbin.AppendName(wasmbin.AppendName([]byte{2}, "env"), "__linear_memory")
	imports = append(imports, 0x02, 0x04, 0x00) // a 64-bit memory of no minimum and no maximum
	imports = wasmbin.AppendName(wasmbin.AppendName(imports, "env"), a.target)
	imports = append(imports, 0x00, 0x00) // a function of type 0
	funcs := []byte{1, 1}                 // one function, of type 1
	code := wasmbin.AppendULEB([]byte{1}, uint64(len(body)))
	callAt += len(code)
	code = append(code, body...)

	// Symbols: 0 the target (undefined, named by its import), 1 the
	// adapter.
	symtab := []byte{2, wasmobj.SymFunction, wasmobj.FlagUndefined, 0}
	symtab = append(symtab, wasmobj.SymFunction, flagHidden, 1)
	symtab = wasmbin.AppendName(symtab, a.name)
	linking := []byte{wasmobj.LinkingVersion, wasmobj.SubSymbolTable}
	linking = append(wasmbin.AppendULEB(linking, uint64(len(symtab))), symtab...)
	const codeSection = 3 // its index in the module
	relocs := wasmbin.AppendULEB([]byte{codeSection, 1, relFunctionIndexLEB}, uint64(callAt))
	relocs = append(relocs, 0) // symbol 0

	return wasmobj.Encode([]wasmobj.Section{
		{ID: wasmobj.SecType, Payload: types},
		{ID: wasmobj.SecImport, Payload: imports},
		{ID: wasmobj.SecFunction, Payload: funcs},
		{ID: wasmobj.SecCode, Payload: code},
		{ID: wasmobj.SecCustom, Payload: wasmobj.CustomPayload("linking", linking)},
		{ID: wasmobj.SecCustom, Payload: wasmobj.CustomPayload("reloc.CODE", relocs)},
	})
}

// writeAdapters returns an archive of one member per adapter.
func writeAdapters(adapters map[string]*adapter) []byte {
	names := make([]string, 0, len(adapters))
	for name := range adapters {
		names = append(names, name)
	}
	sort.Strings(names)
	members := make([]wasmobj.ArchiveMember, len(names))
	for i, name := range names {
		data := adapters[name].object()
		members[i] = wasmobj.ArchiveMember{Member: wasmobj.Member{Name: fmt.Sprintf("adapt%04d.o", i), Data: data}, Defines: []string{name}}
	}
	return wasmobj.WriteArchive(members)
}

// sigName spells a function type in a symbol: a letter per parameter
// (i, j, f, d for i32, i64, f32, f64; v for none), "_", then the results'.
func sigName(t funcType) string {
	letters := func(ts []byte) string {
		if len(ts) == 0 {
			return "v"
		}
		var b strings.Builder
		for _, v := range ts {
			b.WriteByte(map[byte]byte{i32: 'i', i64: 'j', f32: 'f', f64: 'd'}[v])
		}
		return b.String()
	}
	return letters(t.params) + "_" + letters(t.results)
}
