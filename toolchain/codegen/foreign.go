package codegen

import (
	"fmt"

	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// GHC's Cmm does not always call a C function with one signature: the
// RTS's PrimOps.cmm calls dirty_MVAR with two arguments and with three.
// Natively the extra argument registers hold garbage; in wasm a call must
// match the function's type exactly. So the code generator gives each C
// function the merged signature of all the module's calls of it (the most
// parameters, a word where calls disagree on an integer's width) and pads
// or converts the arguments and results of each call.

// createAdjustor is the RTS function that `foreign import ccall "wrapper"`
// calls: createAdjustor(cconv, stable pointer, the C function ghc wrote
// for the import, type string).
const createAdjustor = "createAdjustor"

// foreignSigs merges the signatures of p's foreign calls into c.cSigs,
// notes the wrappers p passes to createAdjustor in c.wrappers and
// returns the local registers that p's foreign calls call through, with
// the label assigned to each.
func (c *compiler) foreignSigs(p *cmm.Proc) (map[string]cmm.Label, error) {
	assigned := map[string]cmm.Label{}
	for _, b := range p.Blocks {
		for _, s := range b.Stmts {
			if a, ok := s.(*cmm.Assign); ok && a.Dst.Global.Kind == 0 {
				if ll, ok := a.Src.(*cmm.LabelLit); ok && ll.Offset == 0 {
					if old, ok := assigned[a.Dst.Local.Name]; ok && old != ll.Label {
						assigned[a.Dst.Local.Name] = "" // not one label
					} else {
						assigned[a.Dst.Local.Name] = ll.Label
					}
				}
			}
		}
	}
	fnLabels := map[string]cmm.Label{}
	for _, b := range p.Blocks {
		for _, s := range b.Stmts {
			uc, ok := s.(*cmm.UnsafeCall)
			if !ok || uc.Target.Op.Kind != 0 {
				continue
			}
			var label cmm.Label
			switch t := uc.Target.Fn.(type) {
			case *cmm.LabelLit:
				if t.Offset == 0 {
					label = t.Label
				}
			case *cmm.RegExpr:
				if t.Reg.Global.Kind == 0 {
					label = assigned[t.Reg.Local.Name]
					if label != "" {
						fnLabels[t.Reg.Local.Name] = label
					}
				}
			}
			if label == "" {
				continue
			}
			if label == createAdjustor && len(uc.Args) >= 3 {
				switch w := uc.Args[2].(type) {
				case *cmm.LabelLit:
					if w.Offset == 0 {
						c.wrappers[w.Label] = true
					}
				case *cmm.RegExpr:
					if w.Reg.Global.Kind == 0 && assigned[w.Reg.Local.Name] != "" {
						c.wrappers[assigned[w.Reg.Local.Name]] = true
					}
				}
			}
			ft, err := foreignType(uc)
			if err != nil {
				return nil, err
			}
			old, ok := c.cSigs[label]
			if !ok {
				c.cSigs[label] = ft
				continue
			}
			m, err := mergeSig(old, ft)
			if err != nil {
				return nil, fmt.Errorf("C function %s: %w", label, err)
			}
			c.cSigs[label] = m
		}
	}
	return fnLabels, nil
}

// mergeSig is a signature that both calls can use.
func mergeSig(a, b wasm.FuncType) (wasm.FuncType, error) {
	merge := func(x, y []wasm.ValType) ([]wasm.ValType, error) {
		if len(x) < len(y) {
			x, y = y, x
		}
		out := append([]wasm.ValType(nil), x...)
		for i, t := range y {
			switch {
			case out[i] == t:
			case isInt(out[i]) && isInt(t):
				out[i] = wasm.I64
			default:
				return nil, fmt.Errorf("called with %v and %v", a, b)
			}
		}
		return out, nil
	}
	params, err := merge(a.Params, b.Params)
	if err != nil {
		return wasm.FuncType{}, err
	}
	results, err := merge(a.Results, b.Results)
	if err != nil {
		return wasm.FuncType{}, err
	}
	return wasm.FuncType{Params: params, Results: results}, nil
}

func isInt(t wasm.ValType) bool { return t == wasm.I32 || t == wasm.I64 }

// convert turns the value on the stack from type from into type to.
func convert(c *wasm.Code, from, to wasm.ValType, signed bool) error {
	switch {
	case from == to:
	case from == wasm.I32 && to == wasm.I64 && signed:
		c.Op(wasm.I64ExtendI32S)
	case from == wasm.I32 && to == wasm.I64:
		c.Op(wasm.I64ExtendI32U)
	case from == wasm.I64 && to == wasm.I32:
		c.Op(wasm.I32WrapI64)
	default:
		return fmt.Errorf("%v where %v is wanted", from, to)
	}
	return nil
}

// pushZero pushes a zero of type t.
func pushZero(c *wasm.Code, t wasm.ValType) {
	switch t {
	case wasm.I32:
		c.I32Const(0)
	case wasm.I64:
		c.I64Const(0)
	case wasm.F32:
		c.F32Const(0)
	case wasm.F64:
		c.F64Const(0)
	}
}

// cFunc is the function symbol of a C function the module calls, with
// the merged signature of its calls.
func (c *compiler) cFunc(l cmm.Label) (*wasm.Func, error) {
	name, err := c.symName(l)
	if err != nil {
		return nil, err
	}
	sig, ok := c.cSigs[l]
	if !ok {
		return nil, fmt.Errorf("internal error: no signature for C function %s", l)
	}
	return c.obj.Func(name, sig), nil
}
