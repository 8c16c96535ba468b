package codegen

import "github.com/ahc-hs/ahc/toolchain/cmm"

// walkExpr calls f on e and each of its subexpressions.
func walkExpr(e cmm.Expr, f func(cmm.Expr)) {
	if e == nil {
		return
	}
	f(e)
	switch e := e.(type) {
	case *cmm.Load:
		walkExpr(e.Addr, f)
	case *cmm.MachOpExpr:
		for _, a := range e.Args {
			walkExpr(a, f)
		}
	case *cmm.VecLit:
		for _, a := range e.Elems {
			walkExpr(a, f)
		}
	}
}

// walkStmtExprs calls f on every expression of s, subexpressions included.
func walkStmtExprs(s cmm.Stmt, f func(cmm.Expr)) {
	var es []cmm.Expr
	switch s := s.(type) {
	case *cmm.Assign:
		es = []cmm.Expr{s.Src}
	case *cmm.Store:
		es = []cmm.Expr{s.Addr, s.Value}
	case *cmm.UnsafeCall:
		es = append([]cmm.Expr{s.Target.Fn}, s.Args...)
	case *cmm.SafeCall:
		es = append([]cmm.Expr{s.Target.Fn}, s.Args...)
	case *cmm.CondBranch:
		es = []cmm.Expr{s.Cond}
	case *cmm.Switch:
		es = []cmm.Expr{s.Expr}
	case *cmm.Call:
		es = []cmm.Expr{s.Target}
	}
	for _, e := range es {
		walkExpr(e, f)
	}
}
