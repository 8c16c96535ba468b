package wasm

import "fmt"

// Opcode is an instruction without immediates, emitted with Code.Op. Values
// below 0x100 are one-byte opcodes; 0xFCnn is the 0xFC prefix with
// sub-opcode nn (the saturating truncations).
type Opcode uint16

// The instructions without immediates: control, parametric and every
// numeric instruction of the core spec, with the sign-extension and
// non-trapping float-to-int proposals.
const (
	Unreachable       Opcode = 0x00   // unreachable
	Nop               Opcode = 0x01   // nop
	Return            Opcode = 0x0f   // return
	Drop              Opcode = 0x1a   // drop
	Select            Opcode = 0x1b   // select
	I32Eqz            Opcode = 0x45   // i32.eqz
	I32Eq             Opcode = 0x46   // i32.eq
	I32Ne             Opcode = 0x47   // i32.ne
	I32LtS            Opcode = 0x48   // i32.lt_s
	I32LtU            Opcode = 0x49   // i32.lt_u
	I32GtS            Opcode = 0x4a   // i32.gt_s
	I32GtU            Opcode = 0x4b   // i32.gt_u
	I32LeS            Opcode = 0x4c   // i32.le_s
	I32LeU            Opcode = 0x4d   // i32.le_u
	I32GeS            Opcode = 0x4e   // i32.ge_s
	I32GeU            Opcode = 0x4f   // i32.ge_u
	I64Eqz            Opcode = 0x50   // i64.eqz
	I64Eq             Opcode = 0x51   // i64.eq
	I64Ne             Opcode = 0x52   // i64.ne
	I64LtS            Opcode = 0x53   // i64.lt_s
	I64LtU            Opcode = 0x54   // i64.lt_u
	I64GtS            Opcode = 0x55   // i64.gt_s
	I64GtU            Opcode = 0x56   // i64.gt_u
	I64LeS            Opcode = 0x57   // i64.le_s
	I64LeU            Opcode = 0x58   // i64.le_u
	I64GeS            Opcode = 0x59   // i64.ge_s
	I64GeU            Opcode = 0x5a   // i64.ge_u
	F32Eq             Opcode = 0x5b   // f32.eq
	F32Ne             Opcode = 0x5c   // f32.ne
	F32Lt             Opcode = 0x5d   // f32.lt
	F32Gt             Opcode = 0x5e   // f32.gt
	F32Le             Opcode = 0x5f   // f32.le
	F32Ge             Opcode = 0x60   // f32.ge
	F64Eq             Opcode = 0x61   // f64.eq
	F64Ne             Opcode = 0x62   // f64.ne
	F64Lt             Opcode = 0x63   // f64.lt
	F64Gt             Opcode = 0x64   // f64.gt
	F64Le             Opcode = 0x65   // f64.le
	F64Ge             Opcode = 0x66   // f64.ge
	I32Clz            Opcode = 0x67   // i32.clz
	I32Ctz            Opcode = 0x68   // i32.ctz
	I32Popcnt         Opcode = 0x69   // i32.popcnt
	I32Add            Opcode = 0x6a   // i32.add
	I32Sub            Opcode = 0x6b   // i32.sub
	I32Mul            Opcode = 0x6c   // i32.mul
	I32DivS           Opcode = 0x6d   // i32.div_s
	I32DivU           Opcode = 0x6e   // i32.div_u
	I32RemS           Opcode = 0x6f   // i32.rem_s
	I32RemU           Opcode = 0x70   // i32.rem_u
	I32And            Opcode = 0x71   // i32.and
	I32Or             Opcode = 0x72   // i32.or
	I32Xor            Opcode = 0x73   // i32.xor
	I32Shl            Opcode = 0x74   // i32.shl
	I32ShrS           Opcode = 0x75   // i32.shr_s
	I32ShrU           Opcode = 0x76   // i32.shr_u
	I32Rotl           Opcode = 0x77   // i32.rotl
	I32Rotr           Opcode = 0x78   // i32.rotr
	I64Clz            Opcode = 0x79   // i64.clz
	I64Ctz            Opcode = 0x7a   // i64.ctz
	I64Popcnt         Opcode = 0x7b   // i64.popcnt
	I64Add            Opcode = 0x7c   // i64.add
	I64Sub            Opcode = 0x7d   // i64.sub
	I64Mul            Opcode = 0x7e   // i64.mul
	I64DivS           Opcode = 0x7f   // i64.div_s
	I64DivU           Opcode = 0x80   // i64.div_u
	I64RemS           Opcode = 0x81   // i64.rem_s
	I64RemU           Opcode = 0x82   // i64.rem_u
	I64And            Opcode = 0x83   // i64.and
	I64Or             Opcode = 0x84   // i64.or
	I64Xor            Opcode = 0x85   // i64.xor
	I64Shl            Opcode = 0x86   // i64.shl
	I64ShrS           Opcode = 0x87   // i64.shr_s
	I64ShrU           Opcode = 0x88   // i64.shr_u
	I64Rotl           Opcode = 0x89   // i64.rotl
	I64Rotr           Opcode = 0x8a   // i64.rotr
	F32Abs            Opcode = 0x8b   // f32.abs
	F32Neg            Opcode = 0x8c   // f32.neg
	F32Ceil           Opcode = 0x8d   // f32.ceil
	F32Floor          Opcode = 0x8e   // f32.floor
	F32Trunc          Opcode = 0x8f   // f32.trunc
	F32Nearest        Opcode = 0x90   // f32.nearest
	F32Sqrt           Opcode = 0x91   // f32.sqrt
	F32Add            Opcode = 0x92   // f32.add
	F32Sub            Opcode = 0x93   // f32.sub
	F32Mul            Opcode = 0x94   // f32.mul
	F32Div            Opcode = 0x95   // f32.div
	F32Min            Opcode = 0x96   // f32.min
	F32Max            Opcode = 0x97   // f32.max
	F32Copysign       Opcode = 0x98   // f32.copysign
	F64Abs            Opcode = 0x99   // f64.abs
	F64Neg            Opcode = 0x9a   // f64.neg
	F64Ceil           Opcode = 0x9b   // f64.ceil
	F64Floor          Opcode = 0x9c   // f64.floor
	F64Trunc          Opcode = 0x9d   // f64.trunc
	F64Nearest        Opcode = 0x9e   // f64.nearest
	F64Sqrt           Opcode = 0x9f   // f64.sqrt
	F64Add            Opcode = 0xa0   // f64.add
	F64Sub            Opcode = 0xa1   // f64.sub
	F64Mul            Opcode = 0xa2   // f64.mul
	F64Div            Opcode = 0xa3   // f64.div
	F64Min            Opcode = 0xa4   // f64.min
	F64Max            Opcode = 0xa5   // f64.max
	F64Copysign       Opcode = 0xa6   // f64.copysign
	I32WrapI64        Opcode = 0xa7   // i32.wrap_i64
	I32TruncF32S      Opcode = 0xa8   // i32.trunc_f32_s
	I32TruncF32U      Opcode = 0xa9   // i32.trunc_f32_u
	I32TruncF64S      Opcode = 0xaa   // i32.trunc_f64_s
	I32TruncF64U      Opcode = 0xab   // i32.trunc_f64_u
	I64ExtendI32S     Opcode = 0xac   // i64.extend_i32_s
	I64ExtendI32U     Opcode = 0xad   // i64.extend_i32_u
	I64TruncF32S      Opcode = 0xae   // i64.trunc_f32_s
	I64TruncF32U      Opcode = 0xaf   // i64.trunc_f32_u
	I64TruncF64S      Opcode = 0xb0   // i64.trunc_f64_s
	I64TruncF64U      Opcode = 0xb1   // i64.trunc_f64_u
	F32ConvertI32S    Opcode = 0xb2   // f32.convert_i32_s
	F32ConvertI32U    Opcode = 0xb3   // f32.convert_i32_u
	F32ConvertI64S    Opcode = 0xb4   // f32.convert_i64_s
	F32ConvertI64U    Opcode = 0xb5   // f32.convert_i64_u
	F32DemoteF64      Opcode = 0xb6   // f32.demote_f64
	F64ConvertI32S    Opcode = 0xb7   // f64.convert_i32_s
	F64ConvertI32U    Opcode = 0xb8   // f64.convert_i32_u
	F64ConvertI64S    Opcode = 0xb9   // f64.convert_i64_s
	F64ConvertI64U    Opcode = 0xba   // f64.convert_i64_u
	F64PromoteF32     Opcode = 0xbb   // f64.promote_f32
	I32ReinterpretF32 Opcode = 0xbc   // i32.reinterpret_f32
	I64ReinterpretF64 Opcode = 0xbd   // i64.reinterpret_f64
	F32ReinterpretI32 Opcode = 0xbe   // f32.reinterpret_i32
	F64ReinterpretI64 Opcode = 0xbf   // f64.reinterpret_i64
	I32Extend8S       Opcode = 0xc0   // i32.extend8_s
	I32Extend16S      Opcode = 0xc1   // i32.extend16_s
	I64Extend8S       Opcode = 0xc2   // i64.extend8_s
	I64Extend16S      Opcode = 0xc3   // i64.extend16_s
	I64Extend32S      Opcode = 0xc4   // i64.extend32_s
	I32TruncSatF32S   Opcode = 0xfc00 // i32.trunc_sat_f32_s
	I32TruncSatF32U   Opcode = 0xfc01 // i32.trunc_sat_f32_u
	I32TruncSatF64S   Opcode = 0xfc02 // i32.trunc_sat_f64_s
	I32TruncSatF64U   Opcode = 0xfc03 // i32.trunc_sat_f64_u
	I64TruncSatF32S   Opcode = 0xfc04 // i64.trunc_sat_f32_s
	I64TruncSatF32U   Opcode = 0xfc05 // i64.trunc_sat_f32_u
	I64TruncSatF64S   Opcode = 0xfc06 // i64.trunc_sat_f64_s
	I64TruncSatF64U   Opcode = 0xfc07 // i64.trunc_sat_f64_u
)

// String returns the instruction's name in the text format.
func (o Opcode) String() string {
	switch o {
	case Unreachable:
		return "unreachable"
	case Nop:
		return "nop"
	case Return:
		return "return"
	case Drop:
		return "drop"
	case Select:
		return "select"
	case I32Eqz:
		return "i32.eqz"
	case I32Eq:
		return "i32.eq"
	case I32Ne:
		return "i32.ne"
	case I32LtS:
		return "i32.lt_s"
	case I32LtU:
		return "i32.lt_u"
	case I32GtS:
		return "i32.gt_s"
	case I32GtU:
		return "i32.gt_u"
	case I32LeS:
		return "i32.le_s"
	case I32LeU:
		return "i32.le_u"
	case I32GeS:
		return "i32.ge_s"
	case I32GeU:
		return "i32.ge_u"
	case I64Eqz:
		return "i64.eqz"
	case I64Eq:
		return "i64.eq"
	case I64Ne:
		return "i64.ne"
	case I64LtS:
		return "i64.lt_s"
	case I64LtU:
		return "i64.lt_u"
	case I64GtS:
		return "i64.gt_s"
	case I64GtU:
		return "i64.gt_u"
	case I64LeS:
		return "i64.le_s"
	case I64LeU:
		return "i64.le_u"
	case I64GeS:
		return "i64.ge_s"
	case I64GeU:
		return "i64.ge_u"
	case F32Eq:
		return "f32.eq"
	case F32Ne:
		return "f32.ne"
	case F32Lt:
		return "f32.lt"
	case F32Gt:
		return "f32.gt"
	case F32Le:
		return "f32.le"
	case F32Ge:
		return "f32.ge"
	case F64Eq:
		return "f64.eq"
	case F64Ne:
		return "f64.ne"
	case F64Lt:
		return "f64.lt"
	case F64Gt:
		return "f64.gt"
	case F64Le:
		return "f64.le"
	case F64Ge:
		return "f64.ge"
	case I32Clz:
		return "i32.clz"
	case I32Ctz:
		return "i32.ctz"
	case I32Popcnt:
		return "i32.popcnt"
	case I32Add:
		return "i32.add"
	case I32Sub:
		return "i32.sub"
	case I32Mul:
		return "i32.mul"
	case I32DivS:
		return "i32.div_s"
	case I32DivU:
		return "i32.div_u"
	case I32RemS:
		return "i32.rem_s"
	case I32RemU:
		return "i32.rem_u"
	case I32And:
		return "i32.and"
	case I32Or:
		return "i32.or"
	case I32Xor:
		return "i32.xor"
	case I32Shl:
		return "i32.shl"
	case I32ShrS:
		return "i32.shr_s"
	case I32ShrU:
		return "i32.shr_u"
	case I32Rotl:
		return "i32.rotl"
	case I32Rotr:
		return "i32.rotr"
	case I64Clz:
		return "i64.clz"
	case I64Ctz:
		return "i64.ctz"
	case I64Popcnt:
		return "i64.popcnt"
	case I64Add:
		return "i64.add"
	case I64Sub:
		return "i64.sub"
	case I64Mul:
		return "i64.mul"
	case I64DivS:
		return "i64.div_s"
	case I64DivU:
		return "i64.div_u"
	case I64RemS:
		return "i64.rem_s"
	case I64RemU:
		return "i64.rem_u"
	case I64And:
		return "i64.and"
	case I64Or:
		return "i64.or"
	case I64Xor:
		return "i64.xor"
	case I64Shl:
		return "i64.shl"
	case I64ShrS:
		return "i64.shr_s"
	case I64ShrU:
		return "i64.shr_u"
	case I64Rotl:
		return "i64.rotl"
	case I64Rotr:
		return "i64.rotr"
	case F32Abs:
		return "f32.abs"
	case F32Neg:
		return "f32.neg"
	case F32Ceil:
		return "f32.ceil"
	case F32Floor:
		return "f32.floor"
	case F32Trunc:
		return "f32.trunc"
	case F32Nearest:
		return "f32.nearest"
	case F32Sqrt:
		return "f32.sqrt"
	case F32Add:
		return "f32.add"
	case F32Sub:
		return "f32.sub"
	case F32Mul:
		return "f32.mul"
	case F32Div:
		return "f32.div"
	case F32Min:
		return "f32.min"
	case F32Max:
		return "f32.max"
	case F32Copysign:
		return "f32.copysign"
	case F64Abs:
		return "f64.abs"
	case F64Neg:
		return "f64.neg"
	case F64Ceil:
		return "f64.ceil"
	case F64Floor:
		return "f64.floor"
	case F64Trunc:
		return "f64.trunc"
	case F64Nearest:
		return "f64.nearest"
	case F64Sqrt:
		return "f64.sqrt"
	case F64Add:
		return "f64.add"
	case F64Sub:
		return "f64.sub"
	case F64Mul:
		return "f64.mul"
	case F64Div:
		return "f64.div"
	case F64Min:
		return "f64.min"
	case F64Max:
		return "f64.max"
	case F64Copysign:
		return "f64.copysign"
	case I32WrapI64:
		return "i32.wrap_i64"
	case I32TruncF32S:
		return "i32.trunc_f32_s"
	case I32TruncF32U:
		return "i32.trunc_f32_u"
	case I32TruncF64S:
		return "i32.trunc_f64_s"
	case I32TruncF64U:
		return "i32.trunc_f64_u"
	case I64ExtendI32S:
		return "i64.extend_i32_s"
	case I64ExtendI32U:
		return "i64.extend_i32_u"
	case I64TruncF32S:
		return "i64.trunc_f32_s"
	case I64TruncF32U:
		return "i64.trunc_f32_u"
	case I64TruncF64S:
		return "i64.trunc_f64_s"
	case I64TruncF64U:
		return "i64.trunc_f64_u"
	case F32ConvertI32S:
		return "f32.convert_i32_s"
	case F32ConvertI32U:
		return "f32.convert_i32_u"
	case F32ConvertI64S:
		return "f32.convert_i64_s"
	case F32ConvertI64U:
		return "f32.convert_i64_u"
	case F32DemoteF64:
		return "f32.demote_f64"
	case F64ConvertI32S:
		return "f64.convert_i32_s"
	case F64ConvertI32U:
		return "f64.convert_i32_u"
	case F64ConvertI64S:
		return "f64.convert_i64_s"
	case F64ConvertI64U:
		return "f64.convert_i64_u"
	case F64PromoteF32:
		return "f64.promote_f32"
	case I32ReinterpretF32:
		return "i32.reinterpret_f32"
	case I64ReinterpretF64:
		return "i64.reinterpret_f64"
	case F32ReinterpretI32:
		return "f32.reinterpret_i32"
	case F64ReinterpretI64:
		return "f64.reinterpret_i64"
	case I32Extend8S:
		return "i32.extend8_s"
	case I32Extend16S:
		return "i32.extend16_s"
	case I64Extend8S:
		return "i64.extend8_s"
	case I64Extend16S:
		return "i64.extend16_s"
	case I64Extend32S:
		return "i64.extend32_s"
	case I32TruncSatF32S:
		return "i32.trunc_sat_f32_s"
	case I32TruncSatF32U:
		return "i32.trunc_sat_f32_u"
	case I32TruncSatF64S:
		return "i32.trunc_sat_f64_s"
	case I32TruncSatF64U:
		return "i32.trunc_sat_f64_u"
	case I64TruncSatF32S:
		return "i64.trunc_sat_f32_s"
	case I64TruncSatF32U:
		return "i64.trunc_sat_f32_u"
	case I64TruncSatF64S:
		return "i64.trunc_sat_f64_s"
	case I64TruncSatF64U:
		return "i64.trunc_sat_f64_u"
	}
	return fmt.Sprintf("Opcode(%#x)", uint16(o))
}

// allOpcodes lists every Opcode, for tests.
var allOpcodes = [...]Opcode{
	Unreachable,
	Nop,
	Return,
	Drop,
	Select,
	I32Eqz,
	I32Eq,
	I32Ne,
	I32LtS,
	I32LtU,
	I32GtS,
	I32GtU,
	I32LeS,
	I32LeU,
	I32GeS,
	I32GeU,
	I64Eqz,
	I64Eq,
	I64Ne,
	I64LtS,
	I64LtU,
	I64GtS,
	I64GtU,
	I64LeS,
	I64LeU,
	I64GeS,
	I64GeU,
	F32Eq,
	F32Ne,
	F32Lt,
	F32Gt,
	F32Le,
	F32Ge,
	F64Eq,
	F64Ne,
	F64Lt,
	F64Gt,
	F64Le,
	F64Ge,
	I32Clz,
	I32Ctz,
	I32Popcnt,
	I32Add,
	I32Sub,
	I32Mul,
	I32DivS,
	I32DivU,
	I32RemS,
	I32RemU,
	I32And,
	I32Or,
	I32Xor,
	I32Shl,
	I32ShrS,
	I32ShrU,
	I32Rotl,
	I32Rotr,
	I64Clz,
	I64Ctz,
	I64Popcnt,
	I64Add,
	I64Sub,
	I64Mul,
	I64DivS,
	I64DivU,
	I64RemS,
	I64RemU,
	I64And,
	I64Or,
	I64Xor,
	I64Shl,
	I64ShrS,
	I64ShrU,
	I64Rotl,
	I64Rotr,
	F32Abs,
	F32Neg,
	F32Ceil,
	F32Floor,
	F32Trunc,
	F32Nearest,
	F32Sqrt,
	F32Add,
	F32Sub,
	F32Mul,
	F32Div,
	F32Min,
	F32Max,
	F32Copysign,
	F64Abs,
	F64Neg,
	F64Ceil,
	F64Floor,
	F64Trunc,
	F64Nearest,
	F64Sqrt,
	F64Add,
	F64Sub,
	F64Mul,
	F64Div,
	F64Min,
	F64Max,
	F64Copysign,
	I32WrapI64,
	I32TruncF32S,
	I32TruncF32U,
	I32TruncF64S,
	I32TruncF64U,
	I64ExtendI32S,
	I64ExtendI32U,
	I64TruncF32S,
	I64TruncF32U,
	I64TruncF64S,
	I64TruncF64U,
	F32ConvertI32S,
	F32ConvertI32U,
	F32ConvertI64S,
	F32ConvertI64U,
	F32DemoteF64,
	F64ConvertI32S,
	F64ConvertI32U,
	F64ConvertI64S,
	F64ConvertI64U,
	F64PromoteF32,
	I32ReinterpretF32,
	I64ReinterpretF64,
	F32ReinterpretI32,
	F64ReinterpretI64,
	I32Extend8S,
	I32Extend16S,
	I64Extend8S,
	I64Extend16S,
	I64Extend32S,
	I32TruncSatF32S,
	I32TruncSatF32U,
	I32TruncSatF64S,
	I32TruncSatF64U,
	I64TruncSatF32S,
	I64TruncSatF32U,
	I64TruncSatF64S,
	I64TruncSatF64U,
}
