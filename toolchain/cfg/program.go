package cfg

import (
	"fmt"
	"strings"
)

// Program is the structured form of a Graph: the body of one WebAssembly
// function. Executing Body from its start runs the graph from its entry.
// Control never falls off the end of Body: every path ends in a Return or
// runs forever.
type Program struct {
	Body []Stmt
	// Dispatches is the number of Dispatch statements. When it is not zero
	// the function needs one i32 local, the label, which SetLabel writes
	// and Dispatch reads; one suffices for all dispatches.
	Dispatches int
}

// Stmt is a structured statement: Block, Loop, If, Code, Br, BrTable,
// Return, SetLabel or Dispatch. Block, Loop and If are WebAssembly labels;
// a branch depth counts them from the innermost one, 0, outwards, exactly as
// the br, br_if and br_table instructions do.
type Stmt interface{ stmt() }

// Block is `block ... end`: a branch to it goes to its end.
type Block struct{ Body []Stmt }

// Loop is `loop ... end`: a branch to it goes to its start. Falling off
// its end leaves it.
type Loop struct{ Body []Stmt }

// If is `if ... else ... end` on the condition of node Node's Cond
// terminator, which it consumes: Then runs when the condition holds. It
// comes right after Code{Node}.
type If struct {
	Node       int
	Then, Else []Stmt
}

// Code is node Node's straight-line code, without its terminator. Every
// reachable node has exactly one Code.
type Code struct{ Node int }

// Br is `br Depth`.
type Br struct{ Depth int }

// BrTable is `br_table Depths Default` on the scrutinee of node Node's
// Switch terminator, which it consumes: Depths[i] is where
// Switch.Targets[i] is, Default where Switch.Default is. Nothing that has
// an effect runs between Code{Node} and its BrTable, though the BrTable may
// sit inside blocks that open after Code{Node}.
type BrTable struct {
	Node    int
	Depths  []int
	Default int
}

// Return consumes node Node's Exit terminator: the code generator emits its
// tail call or return here. It comes right after Code{Node}.
type Return struct{ Node int }

// SetLabel stores Label in the label local, just before a branch to a
// Dispatch.
type SetLabel struct{ Label int }

// Dispatch is `br_table` on the label local: label k branches to
// Depths[k]. Every Dispatch runs right after the SetLabel meant for it,
// with no Code or other Dispatch in between, and no label outside
// [0, len(Depths)) reaches it, so the last entry can double as br_table's
// default.
type Dispatch struct{ Depths []int }

func (Block) stmt()    {}
func (Loop) stmt()     {}
func (If) stmt()       {}
func (Code) stmt()     {}
func (Br) stmt()       {}
func (BrTable) stmt()  {}
func (Return) stmt()   {}
func (SetLabel) stmt() {}
func (Dispatch) stmt() {}

// String prints p in a WebAssembly-like text form, one statement a line.
func (p *Program) String() string {
	var b strings.Builder
	printStmts(&b, p.Body, 0)
	return b.String()
}

func printStmts(b *strings.Builder, ss []Stmt, indent int) {
	for _, s := range ss {
		pad := strings.Repeat("  ", indent)
		switch s := s.(type) {
		case Block:
			fmt.Fprintf(b, "%sblock\n", pad)
			printStmts(b, s.Body, indent+1)
			fmt.Fprintf(b, "%send\n", pad)
		case Loop:
			fmt.Fprintf(b, "%sloop\n", pad)
			printStmts(b, s.Body, indent+1)
			fmt.Fprintf(b, "%send\n", pad)
		case If:
			fmt.Fprintf(b, "%sif %d\n", pad, s.Node)
			printStmts(b, s.Then, indent+1)
			if len(s.Else) > 0 {
				fmt.Fprintf(b, "%selse\n", pad)
				printStmts(b, s.Else, indent+1)
			}
			fmt.Fprintf(b, "%send\n", pad)
		case Code:
			fmt.Fprintf(b, "%scode %d\n", pad, s.Node)
		case Br:
			fmt.Fprintf(b, "%sbr %d\n", pad, s.Depth)
		case BrTable:
			fmt.Fprintf(b, "%sbr_table %d %v %d\n", pad, s.Node, s.Depths, s.Default)
		case Return:
			fmt.Fprintf(b, "%sreturn %d\n", pad, s.Node)
		case SetLabel:
			fmt.Fprintf(b, "%sset_label %d\n", pad, s.Label)
		case Dispatch:
			fmt.Fprintf(b, "%sdispatch %v\n", pad, s.Depths)
		default:
			fmt.Fprintf(b, "%s?%T\n", pad, s)
		}
	}
}
