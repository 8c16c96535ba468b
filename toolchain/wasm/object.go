package wasm

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Object is a relocatable wasm64 object file in the form of the
// tool-conventions Linking.md, as clang 14 writes them: wasm-ld -mwasm64
// links it with C objects. It imports env.__linear_memory (a 64-bit
// memory) and, when its code or data use table indices, the table
// env.__indirect_function_table.
//
// Symbols are made by Func, Data and Global, which return the symbol of
// that name, declaring it on first use; a symbol is undefined until its
// Define. Mistakes (a name used for two kinds of symbol, a function defined
// twice, an unclosed block) are collected and reported by Bytes and
// WriteTo.
type Object struct {
	syms     []symbol // declaration order, the symbol table's
	byName   map[string]symbol
	defined  []*Func   // the code section's order
	segments []*Data   // the data section's order
	globals  []*Global // the global section's order
	sections []*Section
	inits    []initFunc
	errs     []error
}

type initFunc struct {
	priority uint32
	fn       *Func
}

// NewObject returns an empty object.
func NewObject() *Object {
	return &Object{byName: map[string]symbol{}}
}

func (o *Object) errorf(format string, args ...any) {
	o.errs = append(o.errs, fmt.Errorf(format, args...))
}

func kindName(s symbol) string {
	switch s.(type) {
	case *Func:
		return "a function"
	case *Data:
		return "data"
	case *Global:
		return "a global"
	}
	return "a section"
}

// declare records s under name, or reports why it cannot.
func (o *Object) declare(name string, s symbol) bool {
	if name == "" {
		o.errorf("%s with an empty name", kindName(s))
		return false
	}
	if old, ok := o.byName[name]; ok {
		o.errorf("%s is declared both as %s and as %s", name, kindName(old), kindName(s))
		return false
	}
	o.byName[name] = s
	o.syms = append(o.syms, s)
	return true
}

// Func returns the function symbol name of type t.
func (o *Object) Func(name string, t FuncType) *Func {
	if f, ok := o.byName[name].(*Func); ok {
		if !f.typ.equal(t) {
			o.errorf("function %s is declared with types %v and %v", name, f.typ, t)
		}
		return f
	}
	if err := t.check(); err != nil {
		o.errorf("function %s: %v", name, err)
	}
	t = FuncType{Params: append([]ValType(nil), t.Params...), Results: append([]ValType(nil), t.Results...)}
	f := &Func{name: name, typ: t, obj: o}
	o.declare(name, f)
	return f
}

// Data returns the data symbol name.
func (o *Object) Data(name string) *Data {
	if d, ok := o.byName[name].(*Data); ok {
		return d
	}
	d := &Data{name: name, obj: o}
	o.declare(name, d)
	return d
}

// Global returns the global symbol name, of type t and mutable or not.
func (o *Object) Global(name string, t ValType, mutable bool) *Global {
	if g, ok := o.byName[name].(*Global); ok {
		if g.typ != t || g.mutable != mutable {
			o.errorf("global %s is declared with different types", name)
		}
		return g
	}
	if !t.valid() {
		o.errorf("global %s of invalid type %v", name, t)
	}
	g := &Global{name: name, typ: t, mutable: mutable, obj: o}
	o.declare(name, g)
	return g
}

// reserved are the custom sections the linker reads itself.
func reservedSection(name string) bool {
	switch name {
	case "linking", "name", "producers", "target_features", "dylink", "dylink.0":
		return true
	}
	return strings.HasPrefix(name, "reloc.")
}

// CustomSection adds a custom section holding c.
func (o *Object) CustomSection(name string, c *Contents) *Section {
	s := &Section{name: name, contents: c, obj: o}
	switch {
	case reservedSection(name):
		o.errorf("custom section name %q is reserved", name)
	case c == nil:
		o.errorf("custom section %s: nil contents", name)
	default:
		for _, old := range o.sections {
			if old.name == name {
				o.errorf("two custom sections named %s", name)
				return s
			}
		}
		o.sections = append(o.sections, s)
	}
	return s
}

// InitFunc makes f, of type () -> (), a constructor that the linked
// module's __wasm_call_ctors calls, lower priorities first. Constructors
// are roots for --gc-sections.
func (o *Object) InitFunc(priority uint32, f *Func) {
	if f == nil {
		o.errorf("nil init function")
		return
	}
	o.inits = append(o.inits, initFunc{priority, f})
}

// WriteTo writes the object file to w.
func (o *Object) WriteTo(w io.Writer) (int64, error) {
	b, err := o.Bytes()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	return int64(n), err
}

// Bytes returns the object file.
func (o *Object) Bytes() ([]byte, error) {
	w := &writer{o: o}
	w.layout()
	if len(w.errs) == 0 {
		w.write()
	}
	if len(w.errs) > 0 {
		return nil, fmt.Errorf("wasm object: %w", errors.Join(w.errs...))
	}
	return w.out, nil
}
