package cmm

import "strconv"

// MachOps and callish MachOps of GHC 9.0.2 (GHC.Cmm.MachOp), with the names
// their Show instances print.

// MachOpKind is a machine operation without its widths.
type MachOpKind uint8

// MachOp is a machine operation: `MO_Add W64`, `MO_SS_Conv W16 W64`,
// `MO_V_Add 4 W32`.
type MachOp struct {
	Kind MachOpKind
	// Width is the operand width: for a conversion the source width, for
	// a vector operation the element width.
	Width Width
	// To is the result width of a conversion.
	To Width
	// Lanes is the length of a vector operation, or the alignment of
	// MO_AlignmentCheck.
	Lanes int
}

// CallishKind is a callish MachOp without its parameters.
type CallishKind uint8

// CallishOp is a callish MachOp, an operation called like a foreign
// function: `MO_F64_Sqrt`, `MO_Memcpy 8`, `MO_AtomicRMW W64 AMO_Add`.
type CallishOp struct {
	Kind  CallishKind
	Width Width
	// Align is the alignment of MO_Memcpy, MO_Memset, MO_Memmove and
	// MO_Memcmp, or the locality level of MO_Prefetch_Data.
	Align int
	AMO   AtomicOp // MO_AtomicRMW
}

// AtomicOp is the operation of MO_AtomicRMW.
type AtomicOp uint8

// The atomic read-modify-write operations.
const (
	AMO_Add AtomicOp = iota + 1
	AMO_Sub
	AMO_And
	AMO_Nand
	AMO_Or
	AMO_Xor
)

var atomicOpNames = [...]string{
	AMO_Add:  "AMO_Add",
	AMO_Sub:  "AMO_Sub",
	AMO_And:  "AMO_And",
	AMO_Nand: "AMO_Nand",
	AMO_Or:   "AMO_Or",
	AMO_Xor:  "AMO_Xor",
}

func (a AtomicOp) String() string {
	if int(a) < len(atomicOpNames) && atomicOpNames[a] != "" {
		return atomicOpNames[a]
	}
	return "AMO_?"
}

// opShape says which parameters an operation's constructor takes.
type opShape uint8

const (
	shapeN  opShape = iota // none
	shapeW                 // a width
	shapeWW                // two widths (conversions)
	shapeLW                // a length (or alignment) and a width
	shapeI                 // an Int
	shapeWA                // a width and an AtomicOp
)

type machOpInfo struct {
	name  string
	shape opShape
}

// The MachOps.
const (
	MO_Add MachOpKind = iota + 1
	MO_Sub
	MO_Eq
	MO_Ne
	MO_Mul
	MO_S_MulMayOflo
	MO_S_Quot
	MO_S_Rem
	MO_S_Neg
	MO_U_MulMayOflo
	MO_U_Quot
	MO_U_Rem
	MO_S_Ge
	MO_S_Le
	MO_S_Gt
	MO_S_Lt
	MO_U_Ge
	MO_U_Le
	MO_U_Gt
	MO_U_Lt
	MO_F_Add
	MO_F_Sub
	MO_F_Neg
	MO_F_Mul
	MO_F_Quot
	MO_F_Eq
	MO_F_Ne
	MO_F_Ge
	MO_F_Le
	MO_F_Gt
	MO_F_Lt
	MO_And
	MO_Or
	MO_Xor
	MO_Not
	MO_Shl
	MO_U_Shr
	MO_S_Shr
	MO_SF_Conv
	MO_FS_Conv
	MO_SS_Conv
	MO_UU_Conv
	MO_XX_Conv
	MO_FF_Conv
	MO_V_Insert
	MO_V_Extract
	MO_V_Add
	MO_V_Sub
	MO_V_Mul
	MO_VS_Quot
	MO_VS_Rem
	MO_VS_Neg
	MO_VU_Quot
	MO_VU_Rem
	MO_VF_Insert
	MO_VF_Extract
	MO_VF_Add
	MO_VF_Sub
	MO_VF_Neg
	MO_VF_Mul
	MO_VF_Quot
	MO_AlignmentCheck
)

var machOpInfos = [...]machOpInfo{
	MO_Add:            {"MO_Add", shapeW},
	MO_Sub:            {"MO_Sub", shapeW},
	MO_Eq:             {"MO_Eq", shapeW},
	MO_Ne:             {"MO_Ne", shapeW},
	MO_Mul:            {"MO_Mul", shapeW},
	MO_S_MulMayOflo:   {"MO_S_MulMayOflo", shapeW},
	MO_S_Quot:         {"MO_S_Quot", shapeW},
	MO_S_Rem:          {"MO_S_Rem", shapeW},
	MO_S_Neg:          {"MO_S_Neg", shapeW},
	MO_U_MulMayOflo:   {"MO_U_MulMayOflo", shapeW},
	MO_U_Quot:         {"MO_U_Quot", shapeW},
	MO_U_Rem:          {"MO_U_Rem", shapeW},
	MO_S_Ge:           {"MO_S_Ge", shapeW},
	MO_S_Le:           {"MO_S_Le", shapeW},
	MO_S_Gt:           {"MO_S_Gt", shapeW},
	MO_S_Lt:           {"MO_S_Lt", shapeW},
	MO_U_Ge:           {"MO_U_Ge", shapeW},
	MO_U_Le:           {"MO_U_Le", shapeW},
	MO_U_Gt:           {"MO_U_Gt", shapeW},
	MO_U_Lt:           {"MO_U_Lt", shapeW},
	MO_F_Add:          {"MO_F_Add", shapeW},
	MO_F_Sub:          {"MO_F_Sub", shapeW},
	MO_F_Neg:          {"MO_F_Neg", shapeW},
	MO_F_Mul:          {"MO_F_Mul", shapeW},
	MO_F_Quot:         {"MO_F_Quot", shapeW},
	MO_F_Eq:           {"MO_F_Eq", shapeW},
	MO_F_Ne:           {"MO_F_Ne", shapeW},
	MO_F_Ge:           {"MO_F_Ge", shapeW},
	MO_F_Le:           {"MO_F_Le", shapeW},
	MO_F_Gt:           {"MO_F_Gt", shapeW},
	MO_F_Lt:           {"MO_F_Lt", shapeW},
	MO_And:            {"MO_And", shapeW},
	MO_Or:             {"MO_Or", shapeW},
	MO_Xor:            {"MO_Xor", shapeW},
	MO_Not:            {"MO_Not", shapeW},
	MO_Shl:            {"MO_Shl", shapeW},
	MO_U_Shr:          {"MO_U_Shr", shapeW},
	MO_S_Shr:          {"MO_S_Shr", shapeW},
	MO_SF_Conv:        {"MO_SF_Conv", shapeWW},
	MO_FS_Conv:        {"MO_FS_Conv", shapeWW},
	MO_SS_Conv:        {"MO_SS_Conv", shapeWW},
	MO_UU_Conv:        {"MO_UU_Conv", shapeWW},
	MO_XX_Conv:        {"MO_XX_Conv", shapeWW},
	MO_FF_Conv:        {"MO_FF_Conv", shapeWW},
	MO_V_Insert:       {"MO_V_Insert", shapeLW},
	MO_V_Extract:      {"MO_V_Extract", shapeLW},
	MO_V_Add:          {"MO_V_Add", shapeLW},
	MO_V_Sub:          {"MO_V_Sub", shapeLW},
	MO_V_Mul:          {"MO_V_Mul", shapeLW},
	MO_VS_Quot:        {"MO_VS_Quot", shapeLW},
	MO_VS_Rem:         {"MO_VS_Rem", shapeLW},
	MO_VS_Neg:         {"MO_VS_Neg", shapeLW},
	MO_VU_Quot:        {"MO_VU_Quot", shapeLW},
	MO_VU_Rem:         {"MO_VU_Rem", shapeLW},
	MO_VF_Insert:      {"MO_VF_Insert", shapeLW},
	MO_VF_Extract:     {"MO_VF_Extract", shapeLW},
	MO_VF_Add:         {"MO_VF_Add", shapeLW},
	MO_VF_Sub:         {"MO_VF_Sub", shapeLW},
	MO_VF_Neg:         {"MO_VF_Neg", shapeLW},
	MO_VF_Mul:         {"MO_VF_Mul", shapeLW},
	MO_VF_Quot:        {"MO_VF_Quot", shapeLW},
	MO_AlignmentCheck: {"MO_AlignmentCheck", shapeLW},
}

// The callish MachOps.
const (
	MO_F64_Pwr CallishKind = iota + 1
	MO_F64_Sin
	MO_F64_Cos
	MO_F64_Tan
	MO_F64_Sinh
	MO_F64_Cosh
	MO_F64_Tanh
	MO_F64_Asin
	MO_F64_Acos
	MO_F64_Atan
	MO_F64_Asinh
	MO_F64_Acosh
	MO_F64_Atanh
	MO_F64_Log
	MO_F64_Log1P
	MO_F64_Exp
	MO_F64_ExpM1
	MO_F64_Fabs
	MO_F64_Sqrt
	MO_F32_Pwr
	MO_F32_Sin
	MO_F32_Cos
	MO_F32_Tan
	MO_F32_Sinh
	MO_F32_Cosh
	MO_F32_Tanh
	MO_F32_Asin
	MO_F32_Acos
	MO_F32_Atan
	MO_F32_Asinh
	MO_F32_Acosh
	MO_F32_Atanh
	MO_F32_Log
	MO_F32_Log1P
	MO_F32_Exp
	MO_F32_ExpM1
	MO_F32_Fabs
	MO_F32_Sqrt
	MO_UF_Conv
	MO_S_Mul2
	MO_S_QuotRem
	MO_U_QuotRem
	MO_U_QuotRem2
	MO_Add2
	MO_AddWordC
	MO_SubWordC
	MO_AddIntC
	MO_SubIntC
	MO_U_Mul2
	MO_ReadBarrier
	MO_WriteBarrier
	MO_Touch
	MO_Prefetch_Data
	MO_Memcpy
	MO_Memset
	MO_Memmove
	MO_Memcmp
	MO_PopCnt
	MO_Pdep
	MO_Pext
	MO_Clz
	MO_Ctz
	MO_BSwap
	MO_BRev
	MO_AtomicRMW
	MO_AtomicRead
	MO_AtomicWrite
	MO_Cmpxchg
	MO_Xchg
)

var callishInfos = [...]machOpInfo{
	MO_F64_Pwr:       {"MO_F64_Pwr", shapeN},
	MO_F64_Sin:       {"MO_F64_Sin", shapeN},
	MO_F64_Cos:       {"MO_F64_Cos", shapeN},
	MO_F64_Tan:       {"MO_F64_Tan", shapeN},
	MO_F64_Sinh:      {"MO_F64_Sinh", shapeN},
	MO_F64_Cosh:      {"MO_F64_Cosh", shapeN},
	MO_F64_Tanh:      {"MO_F64_Tanh", shapeN},
	MO_F64_Asin:      {"MO_F64_Asin", shapeN},
	MO_F64_Acos:      {"MO_F64_Acos", shapeN},
	MO_F64_Atan:      {"MO_F64_Atan", shapeN},
	MO_F64_Asinh:     {"MO_F64_Asinh", shapeN},
	MO_F64_Acosh:     {"MO_F64_Acosh", shapeN},
	MO_F64_Atanh:     {"MO_F64_Atanh", shapeN},
	MO_F64_Log:       {"MO_F64_Log", shapeN},
	MO_F64_Log1P:     {"MO_F64_Log1P", shapeN},
	MO_F64_Exp:       {"MO_F64_Exp", shapeN},
	MO_F64_ExpM1:     {"MO_F64_ExpM1", shapeN},
	MO_F64_Fabs:      {"MO_F64_Fabs", shapeN},
	MO_F64_Sqrt:      {"MO_F64_Sqrt", shapeN},
	MO_F32_Pwr:       {"MO_F32_Pwr", shapeN},
	MO_F32_Sin:       {"MO_F32_Sin", shapeN},
	MO_F32_Cos:       {"MO_F32_Cos", shapeN},
	MO_F32_Tan:       {"MO_F32_Tan", shapeN},
	MO_F32_Sinh:      {"MO_F32_Sinh", shapeN},
	MO_F32_Cosh:      {"MO_F32_Cosh", shapeN},
	MO_F32_Tanh:      {"MO_F32_Tanh", shapeN},
	MO_F32_Asin:      {"MO_F32_Asin", shapeN},
	MO_F32_Acos:      {"MO_F32_Acos", shapeN},
	MO_F32_Atan:      {"MO_F32_Atan", shapeN},
	MO_F32_Asinh:     {"MO_F32_Asinh", shapeN},
	MO_F32_Acosh:     {"MO_F32_Acosh", shapeN},
	MO_F32_Atanh:     {"MO_F32_Atanh", shapeN},
	MO_F32_Log:       {"MO_F32_Log", shapeN},
	MO_F32_Log1P:     {"MO_F32_Log1P", shapeN},
	MO_F32_Exp:       {"MO_F32_Exp", shapeN},
	MO_F32_ExpM1:     {"MO_F32_ExpM1", shapeN},
	MO_F32_Fabs:      {"MO_F32_Fabs", shapeN},
	MO_F32_Sqrt:      {"MO_F32_Sqrt", shapeN},
	MO_UF_Conv:       {"MO_UF_Conv", shapeW},
	MO_S_Mul2:        {"MO_S_Mul2", shapeW},
	MO_S_QuotRem:     {"MO_S_QuotRem", shapeW},
	MO_U_QuotRem:     {"MO_U_QuotRem", shapeW},
	MO_U_QuotRem2:    {"MO_U_QuotRem2", shapeW},
	MO_Add2:          {"MO_Add2", shapeW},
	MO_AddWordC:      {"MO_AddWordC", shapeW},
	MO_SubWordC:      {"MO_SubWordC", shapeW},
	MO_AddIntC:       {"MO_AddIntC", shapeW},
	MO_SubIntC:       {"MO_SubIntC", shapeW},
	MO_U_Mul2:        {"MO_U_Mul2", shapeW},
	MO_ReadBarrier:   {"MO_ReadBarrier", shapeN},
	MO_WriteBarrier:  {"MO_WriteBarrier", shapeN},
	MO_Touch:         {"MO_Touch", shapeN},
	MO_Prefetch_Data: {"MO_Prefetch_Data", shapeI},
	MO_Memcpy:        {"MO_Memcpy", shapeI},
	MO_Memset:        {"MO_Memset", shapeI},
	MO_Memmove:       {"MO_Memmove", shapeI},
	MO_Memcmp:        {"MO_Memcmp", shapeI},
	MO_PopCnt:        {"MO_PopCnt", shapeW},
	MO_Pdep:          {"MO_Pdep", shapeW},
	MO_Pext:          {"MO_Pext", shapeW},
	MO_Clz:           {"MO_Clz", shapeW},
	MO_Ctz:           {"MO_Ctz", shapeW},
	MO_BSwap:         {"MO_BSwap", shapeW},
	MO_BRev:          {"MO_BRev", shapeW},
	MO_AtomicRMW:     {"MO_AtomicRMW", shapeWA},
	MO_AtomicRead:    {"MO_AtomicRead", shapeW},
	MO_AtomicWrite:   {"MO_AtomicWrite", shapeW},
	MO_Cmpxchg:       {"MO_Cmpxchg", shapeW},
	MO_Xchg:          {"MO_Xchg", shapeW},
}

// Name is the constructor's name, e.g. "MO_S_Quot".
func (k MachOpKind) Name() string {
	if int(k) < len(machOpInfos) && machOpInfos[k].name != "" {
		return machOpInfos[k].name
	}
	return "MO_?"
}

// Name is the constructor's name, e.g. "MO_Memcpy".
func (k CallishKind) Name() string {
	if int(k) < len(callishInfos) && callishInfos[k].name != "" {
		return callishInfos[k].name
	}
	return "MO_?"
}

// String is the op as GHC's Show prints it with its spaces made
// underscores, as in the prefix form `%MO_SS_Conv_W16_W64(x)`.
func (op MachOp) String() string {
	b := []byte(op.Kind.Name())
	switch machOpInfos[op.Kind].shape {
	case shapeW:
		b = append(b, '_')
		b = append(b, op.Width.String()...)
	case shapeWW:
		b = append(b, '_')
		b = append(b, op.Width.String()...)
		b = append(b, '_')
		b = append(b, op.To.String()...)
	case shapeLW:
		b = append(b, '_')
		b = appendShowInt(b, int64(op.Lanes))
		b = append(b, '_')
		b = append(b, op.Width.String()...)
	}
	return string(b)
}

// String is the op as GHC's Show prints it, e.g. "MO_Memcpy 8" or
// "MO_AtomicRMW W64 AMO_Add", which is how a call to it is printed.
func (op CallishOp) String() string {
	b := []byte(op.Kind.Name())
	switch callishInfos[op.Kind].shape {
	case shapeW:
		b = append(b, ' ')
		b = append(b, op.Width.String()...)
	case shapeI:
		b = append(b, ' ')
		b = appendShowInt(b, int64(op.Align))
	case shapeWA:
		b = append(b, ' ')
		b = append(b, op.Width.String()...)
		b = append(b, ' ')
		b = append(b, op.AMO.String()...)
	}
	return string(b)
}

// appendShowInt appends n as Haskell's showsPrec 11 prints a constructor
// argument: negative numbers in parentheses.
func appendShowInt(b []byte, n int64) []byte {
	if n < 0 {
		b = append(b, '(')
		b = strconv.AppendInt(b, n, 10)
		return append(b, ')')
	}
	return strconv.AppendInt(b, n, 10)
}

// machOpByName and callishByName map constructor names to kinds.
var machOpByName, callishByName = func() (map[string]MachOpKind, map[string]CallishKind) {
	m := make(map[string]MachOpKind, len(machOpInfos))
	for k, info := range machOpInfos {
		if info.name != "" {
			m[info.name] = MachOpKind(k)
		}
	}
	c := make(map[string]CallishKind, len(callishInfos))
	for k, info := range callishInfos {
		if info.name != "" {
			c[info.name] = CallishKind(k)
		}
	}
	return m, c
}()

var atomicOpByName = map[string]AtomicOp{
	"AMO_Add": AMO_Add, "AMO_Sub": AMO_Sub, "AMO_And": AMO_And,
	"AMO_Nand": AMO_Nand, "AMO_Or": AMO_Or, "AMO_Xor": AMO_Xor,
}

// IsComparison reports whether op yields a boolean word.
func (op MachOp) IsComparison() bool {
	switch op.Kind {
	case MO_Eq, MO_Ne, MO_S_Ge, MO_S_Le, MO_S_Gt, MO_S_Lt, MO_U_Ge, MO_U_Le, MO_U_Gt, MO_U_Lt,
		MO_F_Eq, MO_F_Ne, MO_F_Ge, MO_F_Le, MO_F_Gt, MO_F_Lt:
		return true
	}
	return false
}

// ResultType is the type of op's result given the type of its first
// argument (GHC's machOpResultType on a 64-bit target).
func (op MachOp) ResultType(arg0 Type) Type {
	bits := func(w Width) Type { return Type{Cat: CatBits, Width: w} }
	float := func(w Width) Type { return Type{Cat: CatFloat, Width: w} }
	vec := func(c TypeCat) Type {
		return Type{Cat: c, Width: widthOfBytes(op.Lanes * op.Width.Bytes()), Lanes: uint16(op.Lanes)}
	}
	switch op.Kind {
	case MO_Add, MO_Sub, MO_And, MO_Or, MO_Xor, MO_AlignmentCheck:
		return arg0
	case MO_F_Add, MO_F_Sub, MO_F_Mul, MO_F_Quot, MO_F_Neg:
		return float(op.Width)
	case MO_SS_Conv, MO_UU_Conv, MO_XX_Conv, MO_FS_Conv:
		return bits(op.To)
	case MO_SF_Conv, MO_FF_Conv:
		return float(op.To)
	case MO_V_Insert, MO_V_Add, MO_V_Sub, MO_V_Mul, MO_VS_Quot, MO_VS_Rem, MO_VS_Neg, MO_VU_Quot, MO_VU_Rem:
		return vec(CatBits)
	case MO_VF_Insert, MO_VF_Add, MO_VF_Sub, MO_VF_Mul, MO_VF_Quot, MO_VF_Neg:
		return vec(CatFloat)
	case MO_V_Extract:
		return bits(op.Width)
	case MO_VF_Extract:
		return float(op.Width)
	}
	if op.IsComparison() {
		return TypeI64
	}
	return bits(op.Width)
}

func widthOfBytes(n int) Width {
	switch n {
	case 1:
		return W8
	case 2:
		return W16
	case 4:
		return W32
	case 8:
		return W64
	case 16:
		return W128
	case 32:
		return W256
	case 64:
		return W512
	}
	return 0
}
