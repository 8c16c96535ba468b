package cmm

import (
	"bufio"
	"bytes"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// exprText prints e in GHC's form, or explicitly.
func exprText(e Expr, explicit bool) string {
	var buf bytes.Buffer
	pr := &printer{w: bufio.NewWriter(&buf), explicit: explicit}
	pr.expr(e)
	pr.w.Flush()
	return buf.String()
}

func stmtText(s Stmt, explicit bool) string {
	var buf bytes.Buffer
	pr := &printer{w: bufio.NewWriter(&buf), explicit: explicit}
	pr.stmt(s)
	pr.w.Flush()
	return buf.String()
}

// parseWith runs one parser function over src and checks that it read
// all of it.
func parseWith[T any](t *testing.T, src string, f func(*parser) (T, error)) T {
	t.Helper()
	p := &parser{name: "test", src: []byte(src), labels: map[string]Label{}, names: map[string]string{}}
	v, err := f(p)
	if err != nil {
		t.Fatalf("%q: %v", src, err)
	}
	p.skipWS()
	if !p.eof() {
		t.Fatalf("%q: unparsed rest %q", src, src[p.pos:])
	}
	return v
}

func TestExpr(t *testing.T) {
	tests := []struct {
		src, explicit string
	}{
		{"Hp - 16", "%MO_Sub_W64(Hp, 16 :: W64)"},
		{"Hp + 24", "%MO_Add_W64(Hp, 24 :: W64)"},
		{"R1 & 7 != 0", "%MO_Ne_W64(%MO_And_W64(R1, 7 :: W64), 0 :: W64)"},
		{"(Sp + -16) < SpLim", "%MO_U_Lt_W64((Sp + -16), SpLim)"},
		{"~(_x::I32 + 4)", "%MO_Not_W32((_x::I32 + 4))"},
		{"_x::I32 + 4 :: W32", "%MO_Add_W32(_x::I32, 4 :: W32)"},
		{"I16[_c4::I64 + 40] == 0 :: W16", "%MO_Eq_W16(I16[%MO_Add_W64(_c4::I64, 40 :: W64)], 0 :: W16)"},
		{"I64[R1 + 7] * 3 + 7", "%MO_Add_W64(%MO_Mul_W64(I64[%MO_Add_W64(R1, 7 :: W64)], 3 :: W64), 7 :: W64)"},
		{"a_closure - b_closure - 8", "%MO_Sub_W64(%MO_Sub_W64(a_closure, b_closure), 8 :: W64)"},
		{"R1 - (R2 - R3)", "%MO_Sub_W64(R1, %MO_Sub_W64(R2, R3))"},
		{"R1 - R2 * R3", "%MO_Sub_W64(R1, %MO_Mul_W64(R2, R3))"},
		{"R1 / R2 % R3", "%MO_U_Rem_W64(%MO_U_Quot_W64(R1, R2), R3)"},
		// Level 9: & tighter than ^ tighter than |, left-associative.
		{"R1 & R2 | R3 ^ R4 & R5", "%MO_Or_W64(%MO_And_W64(R1, R2), %MO_Xor_W64(R3, %MO_And_W64(R4, R5)))"},
		{"R1 & R2 & R3", "%MO_And_W64(%MO_And_W64(R1, R2), R3)"},
		{"~R1 & R2", "%MO_And_W64(%MO_Not_W64(R1), R2)"},
		{"R1 * R2 & R3", "%MO_Mul_W64(R1, %MO_And_W64(R2, R3))"},
		{"(R1 * R2) & R3", "%MO_And_W64(%MO_Mul_W64(R1, R2), R3)"},
		{"R1 + -R2", "%MO_Add_W64(R1, %MO_S_Neg_W64(R2))"},
		{"-16", "%MO_S_Neg_W64(16 :: W64)"},
		{"R1 >> 3", "%MO_U_Shr_W64(R1, 3 :: W64)"},
		{"_x::I32 << 3", "%MO_Shl_W32(_x::I32, 3 :: W64)"},
		{"(_c::I64 & ((1 << 20) - 1) & ~((1 << 12) - 1) >> 12 - 6) | _c::I64 & ~((1 << 20) - 1)",
			"%MO_Or_W64(%MO_U_Shr_W64(%MO_And_W64(%MO_And_W64(_c::I64, %MO_Sub_W64(%MO_Shl_W64(1 :: W64, 20 :: W64), 1 :: W64)), %MO_Not_W64(%MO_Sub_W64(%MO_Shl_W64(1 :: W64, 12 :: W64), 1 :: W64))), %MO_Sub_W64(12 :: W64, 6 :: W64)), %MO_And_W64(_c::I64, %MO_Not_W64(%MO_Sub_W64(%MO_Shl_W64(1 :: W64, 20 :: W64), 1 :: W64))))"},
		{"%MO_SS_Conv_W16_W64(I16[R1])", "%MO_SS_Conv_W16_W64(I16[R1])"},
		{"%MO_S_Ge_W64(R1, R2)", "%MO_S_Ge_W64(R1, R2)"},
		{"%MO_F_Mul_W64(F64[R1 + 7], 2.5 :: W64)", "%MO_F_Mul_W64(F64[%MO_Add_W64(R1, 7 :: W64)], 2.5 :: W64)"},
		{"%MO_V_Insert_4_W32(<0 :: W32, 0 :: W32, 0 :: W32, 0 :: W32>, F1, 0 :: W32)", "%MO_V_Insert_4_W32(<0 :: W32, 0 :: W32, 0 :: W32, 0 :: W32>, F1, 0 :: W32)"},
		{"%MO_AlignmentCheck_8_W64(R1)", "%MO_AlignmentCheck_8_W64(R1)"},
		{"Fx4V128[R1]", "Fx4V128[R1]"},
		{"(-3) :: W8", "-3 :: W8"},
		{"18446744073709551615", "18446744073709551615 :: W64"},
		{"-2.5 :: W64", "-2.5 :: W64"},
		{"1.0e-2 :: W32", "1.0e-2 :: W32"},
		{"Infinity :: W64", "Infinity :: W64"},
		{"(old + 8)", "(old + 8)"},
		{"(young<c1Y> + 16)", "(young<c1Y> + 16)"},
		{"<highSp>", "<highSp>"},
		{"XMM1", "XMM1"},
		{"CurrentTSO", "CurrentTSO"},
		{"stg_EAGER_BLACKHOLE_info", "stg_EAGER_BLACKHOLE_info"},
		{"(GHC.Types.[]_closure+1) & R1", "%MO_And_W64(GHC.Types.[]_closure+1, R1)"},
		{"<+>_s1wdu_info & ~R1 - -->_r3_closure", "%MO_Sub_W64(%MO_And_W64(<+>_s1wdu_info, %MO_Not_W64(R1)), -->_r3_closure)"},
		// Ambiguous: the label ~~>_r2_closure or the Not of ~>_r2_closure;
		// labels win.
		{"~~>_r2_closure", "~~>_r2_closure"},
	}
	for _, tc := range tests {
		e := parseWith(t, tc.src, (*parser).expr)
		if got := exprText(e, true); got != tc.explicit {
			t.Errorf("%q:\n got  %s\n want %s", tc.src, got, tc.explicit)
		}
		if got := exprText(e, false); got != tc.src {
			t.Errorf("%q printed back as %q", tc.src, got)
		}
	}
}

// TestAmbiguousExpr: GHC prints & | ^ ~ - without parentheses, so some
// printed chains stand for several trees. Sinking makes them
// (`_x = I64[a] & _y` with `_y = _b ^ -1` inlined prints
// `I64[a] & _b ^ -1`, which reads as Xor(And(..), -1)); Raw Cmm rejects
// them, Output Cmm reads them as CmmParse.y does.
func TestAmbiguousExpr(t *testing.T) {
	tests := []struct {
		src       string
		ambiguous bool
	}{
		{"I64[(R2 + 16) + (_s::I64 << 3)] & (1 << R3 & 63) ^ 18446744073709551615", true},
		{"R1 & R2 | R3", true},
		{"R1 | R2 & R3", true},
		{"R1 ^ R2 | R3", true},
		{"~R1 & R2", true},
		{"-R1 | R2", true},
		{"R1 ^ ~R2 ^ R3", true},
		{"~(R1 + 4) & R2", true},
		{"%MO_S_Shr_W64(R1 & R2 | R3, 1)", true},
		{"I64[R1 & R2 ^ R3]", true},
		{"(R1 ^ R2 & R3) >> 1", true},
		{"R1 & R2 & R3", false},
		{"R1 | R2 | R3 | R4", false},
		{"R1 ^ R2 ^ R3", false},
		{"R1 & ~R2", false},
		{"R1 & ~R2 & ~R3", true}, // also And(R1, Not(And(R2, Not(R3))))
		{"~~R1", false},
		{"-R1 - R2", false},
		{"R1 & 7 != 0", false},
		{"R1 & (-8)", false},
		{"I64[R1 & R2] | R3", false},
		{"(R1 & R2 >> 1) | R3", false},
		{"%MO_UU_Conv_W8_W64(I8[R1 | R2]) & R3", false},
	}
	for _, tc := range tests {
		for _, raw := range []bool{false, true} {
			p := &parser{name: "test", src: []byte(tc.src), labels: map[string]Label{}, names: map[string]string{}, raw: raw}
			_, err := p.expr()
			if want := raw && tc.ambiguous; (err != nil) != want {
				t.Errorf("%q (raw %v): got error %v, want one: %v", tc.src, raw, err, want)
				continue
			}
			if err != nil {
				continue
			}
			if p.skipWS(); !p.eof() {
				t.Errorf("%q (raw %v): unparsed rest %q", tc.src, raw, tc.src[p.pos:])
			}
		}
	}
}

func TestExprTypes(t *testing.T) {
	tests := []struct {
		src  string
		want Type
	}{
		{"R1", TypeP64},
		{"F1", TypeF32},
		{"D2", TypeF64},
		{"_x::I8 + 1 :: W8", Type{Cat: CatBits, Width: W8}},
		{"R1 == 3", TypeI64},
		{"%MO_SF_Conv_W64_W32(R1)", TypeF32},
		{"%MO_V_Add_4_W32(XMM1, XMM2)", Type{Cat: CatBits, Width: W128, Lanes: 4}},
		{"Hp - 16", TypeP64},
		{"Foo.x_closure+1", TypeI64},
	}
	for _, tc := range tests {
		e := parseWith(t, tc.src, (*parser).expr)
		if got := TypeOf(e); got != tc.want {
			t.Errorf("TypeOf(%s) = %+v, want %+v", tc.src, got, tc.want)
		}
	}
}

func TestLabels(t *testing.T) {
	tests := []struct {
		src  string
		want Expr
	}{
		{"GHC.Base.++_info", &LabelLit{Label: "GHC.Base.++_info"}},
		{"GHC.Base.++_info+8", &LabelLit{Label: "GHC.Base.++_info", Offset: 8}},
		{"GHC.Base.._closure", &LabelLit{Label: "GHC.Base.._closure"}},
		{"Data.Function.&_info", &LabelLit{Label: "Data.Function.&_info"}},
		{"GHC.Show.$fShow(,)3_closure", &LabelLit{Label: "GHC.Show.$fShow(,)3_closure"}},
		{":_con_info", &LabelLit{Label: ":_con_info"}},
		{"(,)_con_info", &LabelLit{Label: "(,)_con_info"}},
		{"(#,#)_con_info", &LabelLit{Label: "(#,#)_con_info"}},
		{"GHC.Types.:_con_info", &LabelLit{Label: "GHC.Types.:_con_info"}},
		{"Foo.$tc'B3_bytes", &LabelLit{Label: "Foo.$tc'B3_bytes"}},
		{"$krep2_r1Ug_closure", &LabelLit{Label: "$krep2_r1Ug_closure"}},
		{"GHC.Types.[]_closure+1", &LabelLit{Label: "GHC.Types.[]_closure", Offset: 1}},
		{"GHC.Types.krep$*_closure+5", &LabelLit{Label: "GHC.Types.krep$*_closure", Offset: 5}},
		{"Foo.:+:_con_info", &LabelLit{Label: "Foo.:+:_con_info"}},
		{"Foo.x_info_closure", &LabelLit{Label: "Foo.x_info_closure"}},
		{"Foo.x_closure-8", &LabelLit{Label: "Foo.x_closure", Offset: -8}},
		{"stg_newByteArray#", &LabelLit{Label: "stg_newByteArray#"}},
		{"Foo.NaN_closure", &LabelLit{Label: "Foo.NaN_closure"}},
		{"<+>_s1wdu_info", &LabelLit{Label: "<+>_s1wdu_info"}},
		{"~>_r2_closure+1", &LabelLit{Label: "~>_r2_closure", Offset: 1}},
		{"-->_r3_closure", &LabelLit{Label: "-->_r3_closure"}},
		{"%%_r4_closure", &LabelLit{Label: "%%_r4_closure"}},
		{"Infinity_closure", &LabelLit{Label: "Infinity_closure"}},
		{"c1Ym", &LabelLit{Label: "c1Ym"}},
		// Type-level strings in instance names, as show prints them.
		{`Main.$fIsLabel"false"Bool_closure`, &LabelLit{Label: `Main.$fIsLabel"false"Bool_closure`}},
		{`M.$fC"x;y} {(+8)"1_closure+1`, &LabelLit{Label: `M.$fC"x;y} {(+8)"1_closure`, Offset: 1}},
		{`M.$fC"a\"_closure\\"_$cc_info`, &LabelLit{Label: `M.$fC"a\"_closure\\"_$cc_info`}},
		{`M.$fC"\252n"B_closure-M.$fC""_info`, &LabelDiff{A: `M.$fC"\252n"B_closure`, B: `M.$fC""_info`, Width: W64}},
		// Unicode identifiers are printed as UTF-8; long names in full.
		{"M.$wλ_info", &LabelLit{Label: "M.$wλ_info"}},
		{"M.Ünï_con_info", &LabelLit{Label: "M.Ünï_con_info"}},
		{"M.f''_closure", &LabelLit{Label: "M.f''_closure"}},
		{"M." + strings.Repeat("a", 300) + "_closure", &LabelLit{Label: Label("M." + strings.Repeat("a", 300) + "_closure")}},
		{"_u20z_srt-Foo.g4_info", &LabelDiff{A: "_u20z_srt", B: "Foo.g4_info", Width: W64}},
		{"Foo.$fShowT1_closure-Foo.$fShowT_$cshowList_info",
			&LabelDiff{A: "Foo.$fShowT1_closure", B: "Foo.$fShowT_$cshowList_info", Width: W64}},
		{"Foo.a_closure-Foo.b_info+4", &LabelDiff{A: "Foo.a_closure", B: "Foo.b_info", Offset: 4, Width: W64}},
	}
	for _, tc := range tests {
		got := parseWith(t, tc.src, (*parser).lit)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %#v, want %#v", tc.src, got, tc.want)
		}
	}
	// Labels followed by what may follow them in the dump.
	contexts := []struct {
		src   string
		label Label
		rest  string
	}{
		{"GHC.Tuple.(,)_entry() {", "GHC.Tuple.(,)_entry", "() {"},
		{"Foo.f_info(R2, R1)", "Foo.f_info", "(R2, R1)"},
		{"GHC.Types.:_con_info:\n", "GHC.Types.:_con_info", ":\n"},
		{"GHC.Types.[]_closure]", "GHC.Types.[]_closure", "]"},
		{"GHC.Types.[]_closure\"", "GHC.Types.[]_closure", "\""},
		{"memcpy(Foo.x_closure)", "memcpy", "(Foo.x_closure)"},
		{`M.$fC"x;y}"1_closure" {`, `M.$fC"x;y}"1_closure`, `" {`},
		{`M.$fC"a\" b"_closure" {` + "\n" + `"`, `M.$fC"a\" b"_closure`, `" {` + "\n" + `"`},
		{`M.$fC"x(y"_info(R2)`, `M.$fC"x(y"_info`, "(R2)"},
	}
	for _, tc := range contexts {
		p := &parser{name: "test", src: []byte(tc.src), labels: map[string]Label{}}
		l, err := p.label()
		if err != nil || l != tc.label || tc.src[p.pos:] != tc.rest {
			t.Errorf("%q: got %q rest %q (%v), want %q rest %q", tc.src, l, tc.src[p.pos:], err, tc.label, tc.rest)
		}
	}
}

func TestStmt(t *testing.T) {
	tests := []struct {
		src, explicit string
	}{
		{"_s1Yb::F64 = D1;", ""},
		{"Hp = Hp + 24;", "Hp = %MO_Add_W64(Hp, 24 :: W64);"},
		{"I64[Hp - 16] = Foo.C_con_info;", "I64[%MO_Sub_W64(Hp, 16 :: W64)] = Foo.C_con_info;"},
		{"F32[Sp] = F1;", ""},
		{"I8[R1] = %MO_UU_Conv_W64_W8(R2);", ""},
		{"BaseReg = CurrentTSO;", ""},
		{"(_c20f::I64) = call \"ccall\" arg hints:  [PtrHint,]  result hints:  [] (_ck::I64)(R1, 0);", ""},
		{"(_sOQ::I64) = call \"ccall\" arg hints:  [‘signed’]  result hints:  [‘signed’] abs(_cP3::I64);", ""},
		{"call \"ccall\" arg hints:  [, ,]  result hints:  [] memset(R1, R2, R3);", ""},
		{"call \"capi\" arg hints:  []  result hints:  [] never returns barf(R1);", ""},
		{"(_s::F64) = call MO_F64_Sqrt(D1);", ""},
		{"call MO_Memcpy 8(R1, R2, 16);", ""},
		{"(_c::I64) = call MO_AtomicRMW W64 AMO_Add(R1 + 16, 5);", ""},
		{"(_c::I64) = call MO_UF_Conv W64(R1);", ""},
		{"(_a::I64, _b::I64) = call MO_U_QuotRem2 W64(R1, R2, R3);", ""},
		{"call MO_WriteBarrier();", ""},
		{"call MO_Prefetch_Data 0(R1);", ""},
		{"if (Hp > HpLim) (likely: False) goto c24v; else goto c24u;", "if (%MO_U_Gt_W64(Hp, HpLim)) (likely: False) goto c24v; else goto c24u;"},
		{"if (R1 & 7 != 0) goto c24R; else goto c24S;", "if (%MO_Ne_W64(%MO_And_W64(R1, 7 :: W64), 0 :: W64)) goto c24R; else goto c24S;"},
		{"goto c1;", ""},
		{"call (P64[Sp])(R1) args: 8, res: 0, upd: 8;", ""},
		{"call (stg_gc_fun)(R3, R2, R1) args: 8, res: 0, upd: 8;", ""},
		{"call stg_gc_fun(R1) returns to c1YL, args: 8, res: 8, upd: 8;", ""},
		{"call (I64[R1])(R1) returns to c24R, args: 8, res: 8, upd: 8;", ""},
		{"call GHC.List.$wlenAcc_info(R3, R2) returns to c25u, args: 8, res: 8, upd: 8;", ""},
		{"call stg_noDuplicate#() returns to c1, args: 8, res: 8, upd: 8;", ""},
		{"unwind Sp = Just Sp + 8, R1 = Nothing;", "unwind Sp = Just %MO_Add_W64(Sp, 8 :: W64), R1 = Nothing;"},
		{"//tick src<Updates.cmm:37:21-107>", ""},
		{"// outOfLine here", ""},
		{"foreign call \"ccall\" arg hints:  [PtrHint]  result hints:  [] f(...) returns to c1 args: ([R1]) ress: ([_r::I64])ret_args: 8ret_off: 16;", ""},
	}
	for _, tc := range tests {
		s := parseWith(t, tc.src, (*parser).stmt)
		if got := stmtText(s, false); got != tc.src {
			t.Errorf("%q printed back as %q", tc.src, got)
		}
		if tc.explicit != "" {
			if got := stmtText(s, true); got != tc.explicit {
				t.Errorf("%q:\n got  %s\n want %s", tc.src, got, tc.explicit)
			}
		}
	}
}

func TestStmtValues(t *testing.T) {
	s := parseWith(t, "(_c::I64) = call MO_AtomicRMW W64 AMO_Nand(R1, 5);", (*parser).stmt)
	want := CallishOp{Kind: MO_AtomicRMW, Width: W64, AMO: AMO_Nand}
	if got := s.(*UnsafeCall).Target.Op; got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	s = parseWith(t, "call \"ccall\" arg hints:  [, PtrHint]  result hints:  [] f(R1, R2);", (*parser).stmt)
	if got := s.(*UnsafeCall).Target.Conv.ArgHints; !reflect.DeepEqual(got, []Hint{NoHint, AddrHint}) {
		t.Errorf("hints %v", got)
	}
	s = parseWith(t, "call \"ccall\" arg hints:  []  result hints:  [] f(R1);", (*parser).stmt)
	if got := s.(*UnsafeCall).Target.Conv.ArgHints; !reflect.DeepEqual(got, []Hint{NoHint}) {
		t.Errorf("single NoHint: %v", got)
	}

	src := `switch [1 .. 18446744073709551615] (R1 & 7) {
               case 18446744073709551613 : goto c1;
               case 1, 2 : goto c2;
               case 18446744073709551615 : goto c3;
               default: {goto c4;}
           }`
	sw := parseWith(t, src, (*parser).stmt).(*Switch)
	wantSw := &Switch{
		Expr: &MachOpExpr{Op: MachOp{Kind: MO_And, Width: W64}, Args: []Expr{
			&RegExpr{Reg: Reg{Global: GlobalReg{Kind: RegVanilla, N: 1}}}, &IntLit{Value: 7, Width: W64}}},
		Lo: 1, Hi: -1, Unsigned: true,
		Cases: []SwitchCase{{Values: []int64{-3}, Target: "c1"}, {Values: []int64{1, 2}, Target: "c2"},
			{Values: []int64{-1}, Target: "c3"}},
		Default: "c4",
	}
	if !reflect.DeepEqual(sw, wantSw) {
		t.Errorf("switch: got %#v", sw)
	}
	if got, want := strings.Join(strings.Fields(stmtText(sw, false)), " "), strings.Join(strings.Fields(src), " "); got != want {
		t.Errorf("switch printed back as %q", got)
	}
	src = "switch [-3 .. 6] _s::I64 { case -3 : goto c1; case 0, 6 : goto c2; }"
	sw = parseWith(t, src, (*parser).stmt).(*Switch)
	if sw.Unsigned || sw.Lo != -3 || sw.Default != "" || len(sw.Cases) != 2 {
		t.Errorf("signed switch: %#v", sw)
	}
	if got := strings.Join(strings.Fields(stmtText(sw, false)), " "); got != src {
		t.Errorf("switch printed back as %q", got)
	}
}

func TestStatics(t *testing.T) {
	tests := []struct {
		src  string
		want []Static
	}{
		{"const 14 :: W32;", []Static{StaticInt{Value: 14, Width: W32}}},
		{"const (-1);", []Static{StaticInt{Value: math.MaxUint64, Width: W64}}},
		{"const (-3) :: W8;", []Static{StaticInt{Value: 0xfd, Width: W8}}},
		{"const 18446744073709551615;", []Static{StaticInt{Value: math.MaxUint64, Width: W64}}},
		{"const 2.5 :: W64;", []Static{StaticFloat{Bits: math.Float64bits(2.5), Width: W64}}},
		{"const 0.1 :: W32;", []Static{StaticFloat{Bits: uint64(math.Float32bits(0.1)), Width: W32}}},
		{"const -0.0 :: W64;", []Static{StaticFloat{Bits: 1 << 63, Width: W64}}},
		{"const 1.0e-2 :: W64;", []Static{StaticFloat{Bits: math.Float64bits(0.01), Width: W64}}},
		{"const 1.5e10 :: W32;", []Static{StaticFloat{Bits: uint64(math.Float32bits(1.5e10)), Width: W32}}},
		{"const Infinity :: W64;", []Static{StaticFloat{Bits: math.Float64bits(math.Inf(1)), Width: W64}}},
		{"const -Infinity :: W32;", []Static{StaticFloat{Bits: uint64(math.Float32bits(float32(math.Inf(-1)))), Width: W32}}},
		{"const NaN :: W64;", []Static{StaticFloat{Bits: 0x7ff8000000000000, Width: W64}}},
		{"const GHC.Types.[]_closure+1;", []Static{StaticLabel{Label: "GHC.Types.[]_closure", Offset: 1}}},
		{"const _u20z_srt-Foo.g4_info;", []Static{StaticLabelDiff{A: "_u20z_srt", B: "Foo.g4_info", Width: W64}}},
		{"I8[16]", []Static{StaticUninit{Size: 16}}},
		{`incbin "/tmp/ghc1/ghc_2.dat"`, []Static{StaticFileEmbed{Path: "/tmp/ghc1/ghc_2.dat"}}},
		{`I8[] "h\195\169llo\n\0\DEL\SOH\SO\&H\&1\"\\\^A\x41\o101\t\a\b\f\r\v\NUL9\1234"`,
			[]Static{StaticString{Bytes: []byte("h\u00e9llo\n\x00\x7f\x01\x0eH1\"\\\x01AA\t\a\b\f\r\v\x009\x01")}}},
	}
	for _, tc := range tests {
		if strings.Contains(tc.src, `\1234`) {
			// A character above 255 is not a byte.
			p := &parser{name: "test", src: []byte(tc.src)}
			if _, err := p.statics(false); err == nil {
				t.Errorf("%q: want an error", tc.src)
			}
			continue
		}
		got := parseWith(t, tc.src, func(p *parser) ([]Static, error) { return p.statics(false) })
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %#v, want %#v", tc.src, got, tc.want)
		}
	}
	// The SRT field closes a raw info table and is 32 bits wide.
	got := parseWith(t, "const 0; const 30 :: W32; const _u20z_srt-block_c1_info;",
		func(p *parser) ([]Static, error) { return p.statics(true) })
	if d := got[2].(StaticLabelDiff); d.Width != W32 {
		t.Errorf("SRT field width %v", d.Width)
	}
}

func TestShowBytes(t *testing.T) {
	b := []byte("h\u00e9\n\x00\x7f\x01\x0eH\x001\"\\ \xff9")
	want := `"h\195\169\n\NUL\DEL\SOH\SO\&H\NUL1\"\\ \255\&9"`
	if got := showBytes(b); got != want {
		t.Errorf("showBytes = %s, want %s", got, want)
	}
	back := parseWith(t, want, (*parser).hsString)
	if !bytes.Equal(back, b) {
		t.Errorf("round trip: %q", back)
	}
}

func TestShowFloat(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{2.5, "2.5"}, {0.1, "0.1"}, {1e7, "1.0e7"}, {1234567.5, "1234567.5"},
		{0.01, "1.0e-2"}, {-3, "-3.0"}, {0, "0.0"}, {math.Copysign(0, -1), "-0.0"},
		{1e22, "1.0e22"}, {123.456, "123.456"}, {math.Inf(1), "Infinity"},
		{5e-324, "5.0e-324"}, {1.7976931348623157e308, "1.7976931348623157e308"},
	}
	for _, tc := range tests {
		if got := showFloat(math.Float64bits(tc.f), W64); got != tc.want {
			t.Errorf("showFloat(%v) = %s, want %s", tc.f, got, tc.want)
		}
	}
	if got := showFloat(uint64(math.Float32bits(0.1)), W32); got != "0.1" {
		t.Errorf("W32 0.1 shown as %s", got)
	}
}

func TestMachOpNames(t *testing.T) {
	for k := MachOpKind(1); int(k) < len(machOpInfos); k++ {
		op := MachOp{Kind: k, Width: W32, To: W64, Lanes: 4}
		got, ok := parseMachOpName([]byte(op.String()))
		switch machOpInfos[k].shape {
		case shapeW:
			op.To, op.Lanes = 0, 0
		case shapeWW:
			op.Lanes = 0
		case shapeLW:
			op.To = 0
		}
		if !ok || got != op {
			t.Errorf("%s parsed as %+v", op, got)
		}
	}
	for k := CallishKind(1); int(k) < len(callishInfos); k++ {
		op := CallishOp{Kind: k}
		switch callishInfos[k].shape {
		case shapeW:
			op.Width = W16
		case shapeI:
			op.Align = 8
		case shapeWA:
			op.Width, op.AMO = W64, AMO_Xor
		}
		src := "call " + op.String() + "(R1);"
		s := parseWith(t, src, (*parser).stmt)
		if got := s.(*UnsafeCall).Target.Op; got != op {
			t.Errorf("%s parsed as %+v", src, got)
		}
	}
}

func TestErrors(t *testing.T) {
	head := "\n==================== Raw Cmm ====================\n2026-01-01 00:00:00 UTC\n\n"
	tests := []struct {
		src, want string
	}{
		{"junk", "x.cmm:1:1: cannot parse dump section header: junk"},
		{head + "[section \"\"data\" . a_closure\" {\n     a_closure:\n         const 1 +;\n }]",
			"x.cmm:7:18: cannot parse `;`: +;"},
		{head + "[f_entry() { //  [R1]\n { []\n }\n {offset\n  c1: // global\n    R1 = R1 @ 3;\n }\n}]",
			"x.cmm:10:13: cannot parse `;`: @ 3;"},
		{head + "[f_entry() { //  [R1]\n { []\n }\n {offset\n  c1: // global\n    frob R1;\n }\n}]",
			"x.cmm:10:5: cannot parse statement: frob R1;"},
		{head + "[f_entry() { //  [R1]\n { []\n }\n {offset\n  c1: // global\n    R1 = %MO_Frob_W64(R1);\n }\n}]",
			"x.cmm:10:10: cannot parse MachOp: %MO_Frob_W64(R1);"},
		{head + "[section \"\"data\" . a_closure\" {\n     a_closure:\n         I8[] \"\\q\"\n }]",
			"x.cmm:7:16: cannot parse string escape: \\q\""},
		{head + "[section \"\"data\" . a_closure\" {\n     a_closure:\n         const 1;\n }",
			"x.cmm:8:3: cannot parse `]`: end of file"},
	}
	for _, tc := range tests {
		_, err := Parse("x.cmm", []byte(tc.src))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: got %v, want a *ParseError", tc.src, err)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("got  %s\nwant %s", err, tc.want)
		}
	}
}
