// Package cfg turns a control-flow graph into WebAssembly's structured
// control flow. ahc compiles each Cmm procedure into one WebAssembly
// function, so its graph of basic blocks — each ending in a goto, a
// conditional branch, a switch, or a tail call or return — must become
// block, loop, if, br and br_table. Structure does that for any graph,
// irreducible ones included.
//
// # Input and output
//
// A Graph is nodes 0..n-1 and an entry; each node is a basic block whose
// code this package never sees, ending in a Jump, Cond, Switch (a dense
// table with a default) or Exit. Structure returns a Program, a tree of
// statements the code generator walks in order, emitting:
//
//   - Code{v}: node v's straight-line code. Every reachable node has
//     exactly one; unreachable nodes have none.
//   - If{v}: v's Cond condition, then `if Then else Else end` (one arm is
//     often empty; with Then empty, `i32.eqz; if Else end` is shorter).
//   - BrTable{v}: v's Switch scrutinee, then `br_table Depths Default`.
//   - Return{v}: v's Exit, its tail call or return.
//   - Block, Loop, Br: `block`, `loop`, `br` with the depth as given.
//   - SetLabel{k}, Dispatch: `i32.const k; local.set $label` and
//     `local.get $label; br_table`, with one i32 local for the whole
//     function, needed only when Program.Dispatches is not zero.
//
// A Jump has no statement of its own: it becomes a Br, falling through, or
// the target's code placed right there. If, BrTable and Return consume
// the terminator of the node whose Code ran last. Depths count enclosing
// Blocks, Loops and Ifs exactly as wasm does, so nothing needs computing.
//
// # Method
//
// Structure works in five steps, on a graph of n nodes and e edges:
//
//  1. A depth-first walk from the entry numbers the reachable nodes;
//     the others are dropped. O(n+e).
//  2. Havlak's algorithm, with Ramalingam's correction that makes it
//     almost linear on irreducible graphs, finds the loop-nesting forest
//     and which loops are irreducible (entered other than at their
//     header). O((n+e) α(n)). See findLoops.
//  3. Irreducible loops are made reducible by a dispatch: each irreducible
//     region (an irreducible loop and the irreducible loops nested in it)
//     gets a new header that switches on a label. Edges entering the
//     region, and its loops' back edges, store the label of their target
//     and branch to the header instead. O(n+e). See makeReducible.
//  4. Dominators of the now reducible graph, by the algorithm of Cooper,
//     Harvey and Kennedy over reverse postorder, in a single pass since
//     the graph is reducible. Each node intersects its predecessors'
//     dominator-tree paths: near-linear on real graphs, quadratic only on
//     contrived ones. See dominators.
//  5. Norman Ramsey's translation ("Beyond Relooper", ICFP 2022): nesting
//     follows the dominator tree, a Loop wraps each loop header, and each
//     merge node (two or more forward in-edges) follows a Block that
//     forward branches to it leave, Blocks nested in reverse postorder.
//     O(size of the output). See emit.
//
// # Why a dispatch and not node splitting
//
// Node splitting copies the code of a loop's extra entries until every
// loop has one; repeated splitting can grow a graph exponentially, and
// Cmm blocks are not small. A dispatch duplicates nothing: every node's
// code appears once, and irreducibility costs one label store per
// redirected edge and one br_table per region. Reducible graphs, the usual
// case, are not touched at all: no dispatch, no label store, one Code per
// node, which is Ramsey's guarantee.
//
// The output is linear in the input: labels name the targets of one
// region's dispatch, and nested irreducible loops share their region's
// dispatch, so no edge is routed through more than one. Its nesting depth
// is that of Ramsey's method: up to one Block per merge node of a
// dominator-tree path, one per table target. When one arm of an If never
// completes, the other arm's code follows the If instead of nesting in it,
// so that a chain of checks, each branching away to a slow path, stays
// flat.
package cfg
