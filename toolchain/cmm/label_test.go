package cmm

import (
	"reflect"
	"strings"
	"testing"
)

func TestZEncode(t *testing.T) {
	tests := []struct{ in, want string }{
		// The examples of GHC/Utils/Encoding.hs.
		{"Trak", "Trak"},
		{"foo_wib", "foozuwib"},
		{">", "zg"},
		{">1", "zg1"},
		{"foo#", "foozh"},
		{"foo##", "foozhzh"},
		{"foo##1", "foozhzh1"},
		{"fooZ", "fooZZ"},
		{":+", "ZCzp"},
		{"()", "Z0T"},
		{"(,,,,)", "Z5T"},
		{"(# #)", "Z1H"},
		{"(#,,,,#)", "Z5H"},
		// Names seen in dumps.
		{"[]", "ZMZN"},
		{":", "ZC"},
		{"(,)", "Z2T"},
		{"(##)", "Z1H"},
		{"$fShowMaybe4", "zdfShowMaybe4"},
		{"++", "zpzp"},
		{".", "zi"},
		{"$tc'C3", "zdtczqC3"},
		{"$fEqT_$c/=", "zdfEqTzuzdczsze"},
		{"krep$*", "krepzdzt"},
		{"GHC.Show", "GHCziShow"},
		{"ghc-prim", "ghczmprim"},
		{"text-1.2.5.0", "textzm1zi2zi5zi0"},
		{"zZ", "zzZZ"},
		{"a\\b%c|d^e&f", "azrbzvczbdzcezaf"},
		{"!<=>", "znzlzezg"},
		// A leading digit and other characters as code points.
		{"9pH", "z39UpH"},
		{"é", "z0e9U"},
		{"λx", "z3bbUx"},
		{"a b", "az20Ub"},
	}
	for _, tt := range tests {
		if got := ZEncode(tt.in); got != tt.want {
			t.Errorf("ZEncode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseLabel(t *testing.T) {
	tests := []struct {
		label   Label
		src     LabelSource
		defined bool
		want    LabelParts
	}{
		{"GHC.Show.$fShowMaybe4_closure", FromHaskell, false, LabelParts{Kind: LabelExternal, Module: "GHC.Show", Name: "$fShowMaybe4", Suffix: "closure"}},
		{":Main.main_closure", FromHaskell, true, LabelParts{Kind: LabelExternal, Module: ":Main", Name: "main", Suffix: "closure"}},
		{"GHC.Base.++_info", FromHaskell, false, LabelParts{Kind: LabelExternal, Module: "GHC.Base", Name: "++", Suffix: "info"}},
		{"GHC.Base.._closure", FromHaskell, false, LabelParts{Kind: LabelExternal, Module: "GHC.Base", Name: ".", Suffix: "closure"}},
		{"GHC.Types.:_closure", FromHaskell, false, LabelParts{Kind: LabelExternal, Module: "GHC.Types", Name: ":", Suffix: "closure"}},
		{"GHC.Types.[]_closure", FromHaskell, false, LabelParts{Kind: LabelExternal, Module: "GHC.Types", Name: "[]", Suffix: "closure"}},
		{"GHC.Types.krep$*_closure", FromHaskell, false, LabelParts{Kind: LabelExternal, Module: "GHC.Types", Name: "krep$*", Suffix: "closure"}},
		{"M.A_con_info", FromHaskell, true, LabelParts{Kind: LabelExternal, Module: "M", Name: "A", Suffix: "con_info"}},
		{"M.A_con_entry", FromHaskell, true, LabelParts{Kind: LabelExternal, Module: "M", Name: "A", Suffix: "con_entry"}},
		{"M.$fShowT_$cshowsPrec_closure", FromHaskell, true, LabelParts{Kind: LabelExternal, Module: "M", Name: "$fShowT_$cshowsPrec", Suffix: "closure"}},
		{"M.T_closure_tbl", FromHaskell, true, LabelParts{Kind: LabelExternal, Module: "M", Name: "T", Suffix: "closure_tbl"}},
		{"M.h1_bytes", FromHaskell, true, LabelParts{Kind: LabelExternal, Module: "M", Name: "h1", Suffix: "bytes"}},
		{"M.f_slow", FromHaskell, true, LabelParts{Kind: LabelExternal, Module: "M", Name: "f", Suffix: "slow"}},
		{"Data.Map.Internal.Bin_con_info", FromHaskell, false, LabelParts{Kind: LabelExternal, Module: "Data.Map.Internal", Name: "Bin", Suffix: "con_info"}},
		{"M.T..+_closure", FromHaskell, false, LabelParts{Kind: LabelExternal, Module: "M.T", Name: ".+", Suffix: "closure"}},
		{"M'.x'_closure", FromHaskell, false, LabelParts{Kind: LabelExternal, Module: "M'", Name: "x'", Suffix: "closure"}},
		{":_con_info", FromHaskell, false, LabelParts{Kind: LabelBuiltin, Module: "GHC.Types", Name: ":", Suffix: "con_info"}},
		{"[]_con_info", FromHaskell, false, LabelParts{Kind: LabelBuiltin, Module: "GHC.Types", Name: "[]", Suffix: "con_info"}},
		{"(,)_con_info", FromHaskell, false, LabelParts{Kind: LabelBuiltin, Module: "GHC.Tuple", Name: "(,)", Suffix: "con_info"}},
		{"(,,)_con_entry", FromHaskell, true, LabelParts{Kind: LabelBuiltin, Module: "GHC.Tuple", Name: "(,,)", Suffix: "con_entry"}},
		{"()_con_info", FromHaskell, false, LabelParts{Kind: LabelBuiltin, Module: "GHC.Tuple", Name: "()", Suffix: "con_info"}},
		{"(#,#)_con_info", FromHaskell, false, LabelParts{Kind: LabelBuiltin, Module: "GHC.Prim", Name: "(#,#)", Suffix: "con_info"}},
		{"$krep2_r1Ug_closure", FromHaskell, true, LabelParts{Kind: LabelInternal, Name: "$krep2", Unique: "r1Ug", Suffix: "closure"}},
		{"$wgo1_r26U_info", FromHaskell, true, LabelParts{Kind: LabelInternal, Name: "$wgo1", Unique: "r26U", Suffix: "info"}},
		{"sat_s1Xc_info", FromHaskell, true, LabelParts{Kind: LabelInternal, Name: "sat", Unique: "s1Xc", Suffix: "info"}},
		{"sat_s1Xc_entry", FromHaskell, true, LabelParts{Kind: LabelInternal, Name: "sat", Unique: "s1Xc", Suffix: "entry"}},
		{"block_c1YL_info", FromHaskell, true, LabelParts{Kind: LabelInternal, Name: "block", Unique: "c1YL", Suffix: "info"}},
		{"_u20z_srt", FromHaskell, true, LabelParts{Kind: LabelSRT, Unique: "u20z", Suffix: "srt"}},
		{"_bi2a1_btm", FromHaskell, true, LabelParts{Kind: LabelBitmap, Unique: "i2a1", Suffix: "btm"}},
		{"i2nz_str", FromHaskell, true, LabelParts{Kind: LabelString, Unique: "i2nz", Suffix: "str"}},
		{"c1Ym", FromHaskell, true, LabelParts{Kind: LabelBlock, Unique: "c1Ym"}},
		{"u26R", FromHaskell, true, LabelParts{Kind: LabelBlock, Unique: "u26R"}},
		// Labels the module does not define are C labels, whatever they
		// look like.
		{"stg_upd_frame_info", FromHaskell, false, LabelParts{Kind: LabelC, Name: "stg_upd_frame", Suffix: "info"}},
		{"stg_SRT_2_info", FromHaskell, false, LabelParts{Kind: LabelC, Name: "stg_SRT_2", Suffix: "info"}},
		{"stg_ap_p_fast", FromHaskell, false, LabelParts{Kind: LabelC, Name: "stg_ap_p", Suffix: "fast"}},
		{"stg_INTLIKE_closure", FromHaskell, false, LabelParts{Kind: LabelC, Name: "stg_INTLIKE", Suffix: "closure"}},
		{"stg_gc_fun", FromHaskell, false, LabelParts{Kind: LabelC, Name: "stg_gc_fun"}},
		{"allocBlock_lock", FromHaskell, false, LabelParts{Kind: LabelC, Name: "allocBlock_lock"}},
		{"newCAF", FromHaskell, false, LabelParts{Kind: LabelC, Name: "newCAF"}},
		{"RtsFlags", FromHaskell, false, LabelParts{Kind: LabelC, Name: "RtsFlags"}},
		// In .cmm files, labels the file defines are C labels too.
		{"stg_upd_frame_info", FromCmm, true, LabelParts{Kind: LabelC, Name: "stg_upd_frame", Suffix: "info"}},
		{"stg_upd_frame_ret", FromCmm, true, LabelParts{Kind: LabelC, Name: "stg_upd_frame", Suffix: "ret"}},
		{"stg_sel_0_upd_info", FromCmm, true, LabelParts{Kind: LabelC, Name: "stg_sel_0_upd", Suffix: "info"}},
		{"block_c2s_info", FromCmm, true, LabelParts{Kind: LabelInternal, Name: "block", Unique: "c2s", Suffix: "info"}},
		{"i3ab_str", FromCmm, true, LabelParts{Kind: LabelString, Unique: "i3ab", Suffix: "str"}},
	}
	for _, tt := range tests {
		got, err := ParseLabel(tt.label, tt.src, tt.defined)
		if err != nil {
			t.Errorf("ParseLabel(%q): %v", tt.label, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseLabel(%q, %v, %v) = %+v, want %+v", tt.label, tt.src, tt.defined, got, tt.want)
		}
	}
}

func TestParseLabelErrors(t *testing.T) {
	for _, l := range []Label{"", "GHC.Show.foo"} {
		if _, err := ParseLabel(l, FromHaskell, false); err == nil {
			t.Errorf("ParseLabel(%q): no error", l)
		}
	}
}

// A constructor named A_con has labels that read two ways.
func TestLabelReadingsAmbiguous(t *testing.T) {
	rs, err := LabelReadings("M.A_con_info", FromHaskell, true)
	if err != nil {
		t.Fatal(err)
	}
	want := []LabelParts{
		{Kind: LabelExternal, Module: "M", Name: "A", Suffix: "con_info"},
		{Kind: LabelExternal, Module: "M", Name: "A_con", Suffix: "info"},
	}
	if !reflect.DeepEqual(rs, want) {
		t.Errorf("readings = %+v, want %+v", rs, want)
	}
}

const testDB = `name: ghc-prim
version: 0.7.0
id: ghc-prim-0.7.0
key: ghc-prim-0.7.0
exposed-modules:
    GHC.CString GHC.Classes GHC.Debug GHC.IntWord64
    GHC.Magic GHC.Tuple GHC.Types GHC.Prim
---
name: base
id: base-4.15.1.0
exposed-modules:
    Control.Applicative, GHC.Base, GHC.Show,
    GHC.Num.Integer from ghc-bignum-1.1:GHC.Num.Integer, GHC.Float
hidden-modules: GHC.IO.Encoding.CodePage
---
name: ghc-bignum
id: ghc-bignum-1.1
exposed-modules: GHC.Num.Integer
---
name: containers
id: containers-0.6.4.1
exposed-modules: Data.Map.Internal
---
name: other
id: other-1.0-abc
exposed-modules: Data.Map.Internal
`

func TestParsePackageConf(t *testing.T) {
	units, err := ParsePackageConf(strings.NewReader(testDB))
	if err != nil {
		t.Fatal(err)
	}
	want := []UnitInfo{
		{Name: "ghc-prim", ID: "ghc-prim-0.7.0", Modules: []string{"GHC.CString", "GHC.Classes", "GHC.Debug", "GHC.IntWord64", "GHC.Magic", "GHC.Tuple", "GHC.Types", "GHC.Prim"}},
		{Name: "base", ID: "base-4.15.1.0", Modules: []string{"Control.Applicative", "GHC.Base", "GHC.Show", "GHC.Float", "GHC.IO.Encoding.CodePage"}},
		{Name: "ghc-bignum", ID: "ghc-bignum-1.1", Modules: []string{"GHC.Num.Integer"}},
		{Name: "containers", ID: "containers-0.6.4.1", Modules: []string{"Data.Map.Internal"}},
		{Name: "other", ID: "other-1.0-abc", Modules: []string{"Data.Map.Internal"}},
	}
	if !reflect.DeepEqual(units, want) {
		t.Errorf("units =\n%+v\nwant\n%+v", units, want)
	}
}

func TestResolver(t *testing.T) {
	units, err := ParsePackageConf(strings.NewReader(testDB))
	if err != nil {
		t.Fatal(err)
	}
	db := NewUnitDB(units[:4])
	defined := map[Label]bool{
		"M.f_closure": true, "$krep2_r1Ug_closure": true, "sat_s1Xc_info": true, "block_c1YL_info": true,
		"_u20z_srt": true, "_bi2a1_btm": true, "i2nz_str": true, "c1Ym": true,
	}
	tests := []struct {
		unit, label string
		want        string
	}{
		{"", "M.f_closure", "M_f_closure"},
		{"", ":Main.main_info", "ZCMain_main_info"},
		{"main", "M.$fShowT_$cshowsPrec_info", "M_zdfShowTzuzdcshowsPrec_info"},
		{"foo-1.0-xyz", "M.f_closure", "foozm1zi0zmxyzz_M_f_closure"},
		{"base", "M.f_closure", "base_M_f_closure"},
		{"", "GHC.Show.$fShowMaybe4_closure", "base_GHCziShow_zdfShowMaybe4_closure"},
		{"", "GHC.Base.++_info", "base_GHCziBase_zpzp_info"},
		{"", "GHC.Base.._closure", "base_GHCziBase_zi_closure"},
		{"", "GHC.Types.[]_closure", "ghczmprim_GHCziTypes_ZMZN_closure"},
		{"", "GHC.Types.krep$*_closure", "ghczmprim_GHCziTypes_krepzdzt_closure"},
		{"", "GHC.Num.Integer.IS_con_info", "ghczmbignum_GHCziNumziInteger_IS_con_info"},
		{"", "GHC.IO.Encoding.CodePage.x_closure", "base_GHCziIOziEncodingziCodePage_x_closure"},
		{"", "Data.Map.Internal.Bin_con_info", "containerszm0zi6zi4zi1_DataziMapziInternal_Bin_con_info"},
		{"", ":_con_info", "ghczmprim_GHCziTypes_ZC_con_info"},
		{"", "(,)_con_info", "ghczmprim_GHCziTuple_Z2T_con_info"},
		{"", "()_con_info", "ghczmprim_GHCziTuple_Z0T_con_info"},
		{"", "(#,#)_con_info", "ghczmprim_GHCziPrim_Z2H_con_info"},
		{"", "$krep2_r1Ug_closure", ".Lr1Ug_closure"},
		{"", "sat_s1Xc_info", ".Ls1Xc_info"},
		{"", "block_c1YL_info", ".Lc1YL_info"},
		{"", "_u20z_srt", ".Lu20z_srt"},
		{"", "_bi2a1_btm", ".Lbi2a1_btm"},
		{"", "i2nz_str", "i2nz_str"},
		{"", "c1Ym", ".Lc1Ym"},
		{"", "stg_upd_frame_info", "stg_upd_frame_info"},
		{"", "stg_gc_fun", "stg_gc_fun"},
		{"", "stg_putMVar#", "stg_putMVarzh"},
		{"", "stg_atomicModifyMutVar2#", "stg_atomicModifyMutVar2zh"},
		// A module no database has is in the unit being compiled.
		{"foo", "Foo.Bar.x_closure", "foo_FooziBar_x_closure"},
	}
	for _, tt := range tests {
		r := &Resolver{ThisUnit: tt.unit, ThisModule: "M", Units: db, Defined: func(l Label) bool { return defined[l] }}
		got, err := r.Resolve(Label(tt.label))
		if err != nil {
			t.Errorf("Resolve(%q): %v", tt.label, err)
			continue
		}
		if got.Name != tt.want {
			t.Errorf("Resolve(%q) with unit %q = %q, want %q", tt.label, tt.unit, got.Name, tt.want)
		}
		if got.Temp() != strings.HasPrefix(tt.want, ".L") {
			t.Errorf("Resolve(%q).Temp() = %v", tt.label, got.Temp())
		}
	}
}

func TestResolverAmbiguousUnit(t *testing.T) {
	units, err := ParsePackageConf(strings.NewReader(testDB))
	if err != nil {
		t.Fatal(err)
	}
	r := &Resolver{Units: NewUnitDB(units)}
	if _, err := r.Resolve("Data.Map.Internal.Bin_con_info"); err == nil || !strings.Contains(err.Error(), "several units") {
		t.Errorf("Resolve of a module in two units: err = %v", err)
	}
	cs, err := r.Candidates("Data.Map.Internal.Bin_con_info")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	want := []string{
		"containerszm0zi6zi4zi1_DataziMapziInternal_Bin_con_info",
		"otherzm1zi0zmabc_DataziMapziInternal_Bin_con_info",
		"containerszm0zi6zi4zi1_DataziMapziInternal_Binzucon_info",
		"otherzm1zi0zmabc_DataziMapziInternal_Binzucon_info",
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("candidates = %q, want %q", names, want)
	}
}

func TestSymbolUnit(t *testing.T) {
	for _, tt := range []struct{ name, id, want string }{
		{"base", "base-4.15.1.0", "base"},
		{"ghc-prim", "ghc-prim-0.7.0", "ghc-prim"},
		{"ghc", "ghc-9.0.2", "ghc"},
		{"template-haskell", "template-haskell-2.17.0.0", "template-haskell"},
		{"containers", "containers-0.6.4.1", "containers-0.6.4.1"},
		{"integer-gmp", "integer-gmp-1.1", "integer-gmp-1.1"},
	} {
		if got := (UnitInfo{Name: tt.name, ID: tt.id}).SymbolUnit(); got != tt.want {
			t.Errorf("SymbolUnit(%s) = %q, want %q", tt.id, got, tt.want)
		}
	}
}

func TestUnitDBVisible(t *testing.T) {
	conf := `name: base
id: base-4.15.1.0
exposed-modules: GHC.Base
depends: ghc-prim-0.7.0
---
name: ghc-prim
id: ghc-prim-0.7.0
exposed-modules: GHC.Types
---
name: pretty
id: pretty-1.1.3.6
exposed-modules: Text.PrettyPrint
depends:
    base-4.15.1.0
---
name: deepseq
id: deepseq-1.4.5.0
exposed-modules: Control.DeepSeq
depends: base-4.15.1.0
`
	units, err := ParsePackageConf(strings.NewReader(conf))
	if err != nil {
		t.Fatal(err)
	}
	db := NewUnitDB(units)
	tests := []struct {
		name       string
		ids, names []string
		module     string
		want       []string
	}{
		{"no flags: everything", nil, nil, "Text.PrettyPrint", []string{"pretty-1.1.3.6"}},
		{"dependency closure", []string{"deepseq-1.4.5.0"}, nil, "GHC.Types", []string{"ghc-prim"}},
		// Building pretty itself: the installed pretty is not a dependency,
		// so its modules are the home unit's.
		{"installed copy hidden", []string{"deepseq-1.4.5.0"}, nil, "Text.PrettyPrint", nil},
		{"by package name", nil, []string{"pretty"}, "Text.PrettyPrint", []string{"pretty-1.1.3.6"}},
		{"by name and version", nil, []string{"pretty-1.1.3.6"}, "GHC.Base", []string{"base"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := db.Visible(tt.ids, tt.names).UnitsOf(tt.module)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("UnitsOf(%s) = %v, want %v", tt.module, got, tt.want)
			}
		})
	}
}
