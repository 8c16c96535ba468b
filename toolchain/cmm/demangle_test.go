package cmm

import "testing"

func TestZDecode(t *testing.T) {
	for _, s := range []string{"GHC.Show", "$fShowInt", "++", "(,)", "()", "(# #)", "(#,,#)", "zip_with", "Zeta", "é∘x", "a'b", "ghc-prim"} {
		got, ok := ZDecode(ZEncode(s))
		if !ok || got != s {
			t.Errorf("ZDecode(ZEncode(%q) = %q) = %q, %v", s, ZEncode(s), got, ok)
		}
	}
	for _, bad := range []string{"z", "abcZ", "zy", "Z9Q"} {
		if got, ok := ZDecode(bad); ok {
			t.Errorf("ZDecode(%q) = %q, want not ok", bad, got)
		}
	}
}

func TestDemangle(t *testing.T) {
	tests := []struct {
		sym  string
		want string // "" for not a Haskell symbol
	}{
		{"base_GHCziShow_zdfShowInt_closure", "GHC.Show.$fShowInt (closure, in base)"},
		{"ghczmprim_GHCziTypes_ZC_con_info", "GHC.Types.: (con info, in ghc-prim)"},
		{"Main_main_closure", "Main.main (closure, in main)"},
		{"splitzm0zi2zi3zi5zmabc_DataziListziSplit_splitOn_info", "Data.List.Split.splitOn (info, in split-0.2.3.5-abc)"},
		{"ghczmprim_GHCziTuple_Z2T_con_info", "GHC.Tuple.(,) (con info, in ghc-prim)"},
		{"stg_EAGER_BLACKHOLE_info", ""},
		{"createAdjustor", ""},
		{"getppid", ""},
	}
	for _, tt := range tests {
		d, ok := Demangle(tt.sym)
		got := ""
		if ok {
			got = d.String()
		}
		if got != tt.want {
			t.Errorf("Demangle(%q) = %q, want %q", tt.sym, got, tt.want)
		}
	}
}
