package cmm

// This file holds the IR of one Cmm dump file as GHC 9.0.2 prints it with
// -ddump-cmm-raw (Haskell modules) or -ddump-cmm (the "Output Cmm" of .cmm
// files). It mirrors GHC's own types (GHC.Cmm, GHC.Cmm.Expr, GHC.Cmm.Node,
// GHC.Cmm.MachOp) closely enough that the printer in print.go reproduces
// the dump.

// File is one dump file: its declarations in dump order.
type File struct {
	Decls []Decl
	// Groups are the dump's sections in order, each the decls GHC dumped
	// at once (one CmmGroup: the code of a top-level binding). Their
	// Decls counts add up to len(Decls).
	Groups []Group
}

// Group is one section of a dump.
type Group struct {
	Title string // "Raw Cmm", "Output Cmm"
	Decls int
}

// Decl is a top-level declaration: a *Data or a *Proc.
type Decl interface{ isDecl() }

func (*Data) isDecl() {}
func (*Proc) isDecl() {}

// Proc is a procedure: `Foo.f_entry() { //  [R2] { info } {offset ... } }`.
type Proc struct {
	// Label is the label printed before "()": the proc's entry label
	// (Foo.f_entry, stg_upd_frame_ret, stg_ap_0_fast).
	Label Label
	// Live is the list of global registers live on entry, printed as a
	// comment after the header.
	Live []GlobalReg
	// InfoTables are the info tables of the proc's blocks in dump order.
	InfoTables []InfoTable
	// StackInfo is set for the structured (-ddump-cmm) form only.
	StackInfo *StackInfo
	// Entry is the label of the entry block (the first block printed).
	Entry Label
	// Blocks in dump order (reverse postorder from the entry).
	Blocks []Block
}

// StackInfo is `stack_info: arg_space: 24`: the bytes of arguments on the
// stack on entry. GHC 9.0.2 prints no other field.
type StackInfo struct {
	ArgSpace int64
}

// InfoTable is the info table of one block. Exactly one of Statics (the
// raw form, laid out by GHC) and Desc (the structured form of -ddump-cmm)
// is set.
type InfoTable struct {
	Block   Label // the block the table belongs to
	Label   Label // the info table's own label
	Statics []Static
	Desc    *InfoDesc
}

// InfoDesc is the structured description of an info table:
//
//	label: stg_upd_frame_info
//	rep: tag:33 StackRep [False]
//	srt: Nothing
type InfoDesc struct {
	Rep SMRep
	// Prof is set when the dump was made with profiling (`type:`/`desc:`).
	Prof *ProfInfo
	// SRT is the SRT label, "" for `srt: Nothing`.
	SRT Label
}

// ProfInfo holds the closure type and description strings of a profiled
// info table, printed as lists of byte values.
type ProfInfo struct {
	Type []byte
	Desc []byte
}

// SMRepKind is the kind of storage-manager representation of a closure.
type SMRepKind uint8

// The SMRep constructors of GHC 9.0.2 (GHC.Runtime.Heap.Layout).
const (
	RepHeap           SMRepKind = iota + 1 // HeapRep [static] [n ptrs] [n nonptrs] { type }
	RepArrayPtrs                           // ArrayPtrsRep n
	RepSmallArrayPtrs                      // SmallArrayPtrsRep n
	RepArrayWords                          // ArrayWordsRep n
	RepStack                               // StackRep [liveness]
)

// SMRep is a closure layout (GHC's SMRep). RTSRep is folded in: HasRTSTag
// with RTSTag is the `tag:33` prefix that overrides the closure type.
type SMRep struct {
	Kind      SMRepKind
	HasRTSTag bool
	RTSTag    int64
	// HeapRep.
	Static  bool
	Ptrs    int64
	NonPtrs int64
	Type    ClosureType
	// ArrayPtrsRep, SmallArrayPtrsRep, ArrayWordsRep: the size in words.
	Size int64
	// StackRep: one entry per stack word, true for a non-pointer.
	Liveness []bool
}

// ClosureTypeKind is the kind of a heap closure (GHC's ClosureTypeInfo).
type ClosureTypeKind uint8

// The ClosureTypeInfo constructors.
const (
	ClosureCon       ClosureTypeKind = iota + 1 // Con {tag: 0 descr:"..."}
	ClosureFun                                  // Fun {arity: 2 fun_type: ArgSpec 12}
	ClosureThunk                                // Thunk
	ClosureThunkSel                             // ThunkSel 3
	ClosureBlackHole                            // BlackHole
	ClosureIndStatic                            // IndStatic
)

// ClosureType describes a heap closure.
type ClosureType struct {
	Kind ClosureTypeKind
	// Con.
	ConTag   int64
	ConDescr []byte
	// Fun.
	Arity int64
	Args  ArgDescr
	// ThunkSel: the selected field.
	SelectorOffset int64
}

// ArgDescrKind is the kind of a function's argument description.
type ArgDescrKind uint8

// The ArgDescr constructors.
const (
	ArgSpec    ArgDescrKind = iota + 1 // ArgSpec n: a standard pattern
	ArgGen                             // ArgGen [liveness]
	ArgUnknown                         // ArgUnknown
)

// ArgDescr is a function's argument description.
type ArgDescr struct {
	Kind ArgDescrKind
	Spec int64  // ArgSpec
	Gen  []bool // ArgGen
}

// Block is a basic block: `c1Ym: // global` followed by its statements.
type Block struct {
	Label Label
	// Scope is the tick scope printed after the label ("global" usually).
	Scope string
	Stmts []Stmt
}

// StaticFileEmbed is `incbin "path"`: the contents of a file, which GHC
// emits for string literals above -fbinary-blob-threshold (500 KB by
// default) when compiling with the native code generator. Size panics on
// it: the file is not part of the dump.
type StaticFileEmbed struct {
	Path string
}

func (StaticFileEmbed) isStatic() {}

// ---------------------------------------------------------------------------
// Statements

// Stmt is one statement (GHC's CmmNode other than CmmEntry).
type Stmt interface{ isStmt() }

// Assign is `reg = expr;`.
type Assign struct {
	Dst Reg
	Src Expr
}

// Store is `I64[addr] = value;`. Type is the printed type, which GHC
// derives from the value.
type Store struct {
	Type  Type
	Addr  Expr
	Value Expr
}

// UnsafeCall is an unsafe foreign call or a callish MachOp:
// `(_c::I64) = call "ccall" arg hints:  [PtrHint,]  result hints:  [] f(x);`
// or `(_c::I64) = call MO_PopCnt W64(x);`.
type UnsafeCall struct {
	Results []LocalReg
	Target  ForeignTarget
	Args    []Expr
}

// SafeCall is a safe foreign call before its lowering (CmmForeignCall):
// `foreign call "ccall" ... f(...) returns to c1 args: ([...]) ress: ([...])ret_args: 8ret_off: 8;`.
// GHC prints neither its arguments' hints' targets nor, for an
// interruptible call, anything but "interruptible": only the
// non-interruptible form is parsed.
type SafeCall struct {
	Target  ForeignTarget
	Results []LocalReg
	Args    []Expr
	Succ    Label
	RetArgs int64
	RetOff  int64
}

// ForeignTarget is what a foreign call calls: a function expression with a
// calling convention, or (when Op.Kind != 0) a callish MachOp.
type ForeignTarget struct {
	Fn   Expr
	Conv ForeignConv
	Op   CallishOp
}

// ForeignConv is a foreign call's convention with its hints:
// `"ccall" arg hints:  [PtrHint, 'signed']  result hints:  []`.
type ForeignConv struct {
	CallConv     CallConv
	ArgHints     []Hint
	ResultHints  []Hint
	NeverReturns bool // `never returns`
}

// CallConv is a C calling convention.
type CallConv uint8

// The calling conventions GHC prints.
const (
	CCallConv          CallConv = iota + 1 // "ccall"
	StdCallConv                            // "stdcall"
	CApiConv                               // "capi"
	PrimCallConv                           // "prim"
	JavaScriptCallConv                     // "javascript"
)

// Hint is a foreign argument or result hint.
type Hint uint8

// The hints; NoHint prints as nothing.
const (
	NoHint     Hint = iota
	AddrHint        // PtrHint
	SignedHint      // 'signed'
)

// Branch is `goto c1;`.
type Branch struct {
	Target Label
}

// Likely is the branch-likelihood annotation of a conditional branch.
type Likely uint8

// The likelihoods: none printed, `(likely: True)`, `(likely: False)`.
const (
	LikelyUnknown Likely = iota
	LikelyTrue
	LikelyFalse
)

// CondBranch is `if (cond) (likely: False) goto t; else goto f;`.
type CondBranch struct {
	Cond   Expr
	True   Label
	False  Label
	Likely Likely
}

// Switch is `switch [lo .. hi] e { case 0 : goto c1; ... default: {goto c3;} }`.
// Values are kept as 64-bit patterns; Unsigned is set when one of them
// was printed above the int64 range (a switch on a Word), which also says
// how to print them back.
type Switch struct {
	Expr     Expr
	Lo, Hi   int64
	Unsigned bool
	Cases    []SwitchCase
	Default  Label // "" when there is no default
}

// SwitchCase is `case 1, 2 : goto c2;`.
type SwitchCase struct {
	Values []int64
	Target Label
}

// Call is a tail call or a call with a continuation (CmmCall):
// `call (P64[Sp])(R1) returns to c1, args: 8, res: 8, upd: 8;`.
type Call struct {
	Target Expr
	Regs   []GlobalReg
	Cont   Label // "" when there is no `returns to`
	Args   int64
	Res    int64
	Upd    int64
}

// Unwind is `unwind Sp = Just Sp + 8, ...;`.
type Unwind struct {
	Regs []UnwindReg
}

// UnwindReg is one entry of an unwind statement; Expr is nil for Nothing.
type UnwindReg struct {
	Reg  GlobalReg
	Expr Expr
}

// Comment is `// text`.
type Comment struct {
	Text string
}

// Tick is `//tick text`, e.g. `//tick src<Foo.hs:3:1-10>`.
type Tick struct {
	Text string
}

func (*Assign) isStmt()     {}
func (*Store) isStmt()      {}
func (*UnsafeCall) isStmt() {}
func (*SafeCall) isStmt()   {}
func (*Branch) isStmt()     {}
func (*CondBranch) isStmt() {}
func (*Switch) isStmt()     {}
func (*Call) isStmt()       {}
func (*Unwind) isStmt()     {}
func (*Comment) isStmt()    {}
func (*Tick) isStmt()       {}

// ---------------------------------------------------------------------------
// Types and registers

// TypeCat is the category of a Cmm type.
type TypeCat uint8

// The categories: bits (I), GC pointer (P), float (F).
const (
	CatBits TypeCat = iota + 1
	CatGcPtr
	CatFloat
)

// Type is a Cmm type: I64, P64, F32, or a vector Ix4V128 / Fx2V128 (Lanes
// lanes of Cat, Width in total).
type Type struct {
	Cat   TypeCat
	Width Width
	Lanes uint16 // 0 for a scalar
}

// The common types.
var (
	TypeI64 = Type{Cat: CatBits, Width: W64}
	TypeP64 = Type{Cat: CatGcPtr, Width: W64}
	TypeF64 = Type{Cat: CatFloat, Width: W64}
	TypeF32 = Type{Cat: CatFloat, Width: W32}
)

// GlobalRegKind is the kind of an STG machine register.
type GlobalRegKind uint8

// The global registers of GHC 9.0.2 (GHC.Cmm.Expr.GlobalReg).
const (
	RegVanilla            GlobalRegKind = iota + 1 // R1..
	RegFloat                                       // F1..
	RegDouble                                      // D1..
	RegLong                                        // L1..
	RegXmm                                         // XMM1..
	RegYmm                                         // YMM1..
	RegZmm                                         // ZMM1..
	RegSp                                          // Sp
	RegSpLim                                       // SpLim
	RegHp                                          // Hp
	RegHpLim                                       // HpLim
	RegMachSp                                      // MachSp
	RegUnwindReturnReg                             // UnwindReturnReg
	RegCCCS                                        // CCCS
	RegCurrentTSO                                  // CurrentTSO
	RegCurrentNursery                              // CurrentNursery
	RegHpAlloc                                     // HpAlloc
	RegEagerBlackholeInfo                          // stg_EAGER_BLACKHOLE_info
	RegGCEnter1                                    // stg_gc_enter_1
	RegGCFun                                       // stg_gc_fun
	RegBaseReg                                     // BaseReg
	RegPicBaseReg                                  // PicBaseReg
)

// GlobalReg is an STG machine register; N numbers the R, F, D, L, XMM,
// YMM and ZMM registers. GHC prints R1 the same whether or not it holds a
// pointer, so that is not recorded.
type GlobalReg struct {
	Kind GlobalRegKind
	N    uint8
}

// LocalReg is a local register `_s1Yb::F64`; Name is as printed (`_s1Yb`).
type LocalReg struct {
	Name string
	Type Type
}

// Reg is a local or (when Global.Kind != 0) a global register.
type Reg struct {
	Global GlobalReg
	Local  LocalReg
}

// ---------------------------------------------------------------------------
// Expressions

// Expr is a Cmm expression.
type Expr interface{ isExpr() }

// IntLit is an integer literal `7`, `(-3) :: W8`. Value holds the printed
// integer modulo 2^64 (not truncated to Width); Neg says it was printed
// negative, which only matters for printing it back.
type IntLit struct {
	Value uint64
	Width Width
	Neg   bool
}

// FloatLit is `2.5 :: W64`; Bits is the IEEE representation (a W32 float
// in the low 32 bits). GHC prints the Double nearest to its Rational; a
// W32 literal is rounded from that decimal text to float32 directly.
type FloatLit struct {
	Bits  uint64
	Width Width
}

// LabelLit is a label with an offset: `Foo.f_closure`, `GHC.Types.[]_closure+1`.
// It also stands for block labels used as values (`I64[Sp - 8] = c1;`).
type LabelLit struct {
	Label  Label
	Offset int64
}

// LabelDiff is `a-b+off`. GHC does not print its width: W64 is assumed
// in expressions (the parser fixes the widths of statics, see Static).
type LabelDiff struct {
	A, B   Label
	Offset int64
	Width  Width
}

// VecLit is a vector literal `<1, 2, 3, 4>`.
type VecLit struct {
	Elems []Expr
}

// HighStackMark is `<highSp>`.
type HighStackMark struct{}

// Load is `I64[addr]`.
type Load struct {
	Type Type
	Addr Expr
}

// RegExpr is a register read.
type RegExpr struct {
	Reg Reg
}

// RegOff is `(reg + off)`, a register plus a byte offset of the register's
// width. GHC prints it so only inside parentheses; elsewhere it is printed
// (and parsed) as an addition.
type RegOff struct {
	Reg Reg
	Off int64
}

// StackSlot is `(old + 8)` or `(young<c1> + 8)`, a slot of a stack area
// before stack layout. Young is "" for the old area.
type StackSlot struct {
	Young Label
	Off   int64
}

// MachOpExpr is a machine operation applied to its arguments.
type MachOpExpr struct {
	Op   MachOp
	Args []Expr
}

func (*IntLit) isExpr()        {}
func (*FloatLit) isExpr()      {}
func (*LabelLit) isExpr()      {}
func (*LabelDiff) isExpr()     {}
func (*VecLit) isExpr()        {}
func (*HighStackMark) isExpr() {}
func (*Load) isExpr()          {}
func (*RegExpr) isExpr()       {}
func (*RegOff) isExpr()        {}
func (*StackSlot) isExpr()     {}
func (*MachOpExpr) isExpr()    {}

// LiveInfoTables are p's info tables whose block is among its blocks. With
// -O, ghc can drop a block of a .cmm procedure but keep its table in the
// dump (`info_tbls: [(c5, ...)]` with no block c5); the native code
// generator emits tables only for the blocks it emits, and so must we.
func (p *Proc) LiveInfoTables() []InfoTable {
	blocks := make(map[Label]bool, len(p.Blocks))
	for _, b := range p.Blocks {
		blocks[b.Label] = true
	}
	var live []InfoTable
	for _, it := range p.InfoTables {
		if blocks[it.Block] {
			live = append(live, it)
		}
	}
	return live
}
