package ghc

import (
	"slices"
	"testing"
)

func TestPackageDBs(t *testing.T) {
	const priv = "/cache/pkgdb/current"
	base := []string{"-no-user-package-db", "-clear-package-db"}
	noEnv := []string{"-package-env", "-"}
	flags := func(dbs ...string) []string {
		out := slices.Clone(base)
		for _, db := range dbs {
			out = append(out, "-package-db", db)
		}
		return append(out, noEnv...)
	}
	tests := []struct {
		name        string
		args        []string
		private     string
		want        []string
		needsGlobal bool
	}{
		{"plain compile sees the private db as global",
			[]string{"-c", "Foo.hs"}, priv, append(flags(priv), "-c", "Foo.hs"), true},
		{"caller's stack on top of the global",
			[]string{"--make", "-package-db", "dist/db", "M"}, priv, append(flags(priv, "dist/db"), "--make", "M"), true},
		{"clear then own db: the RTS build's scratch db, private absent",
			[]string{"-c", "X.cmm", "-clear-package-db", "-package-db", "/s/db"}, "", append(flags("/s/db"), "-c", "X.cmm"), false},
		{"clear then own db: private present but cleared",
			[]string{"-c", "X.cmm", "-clear-package-db", "-package-db", "/s/db"}, priv, append(flags("/s/db"), "-c", "X.cmm"), false},
		{"Cabal: clear, global, specific",
			[]string{"-clear-package-db", "-global-package-db", "-package-db", "d/db", "-c", "A.hs"}, priv,
			append(flags(priv, "d/db"), "-c", "A.hs"), true},
		{"-no-global-package-db removes the private db",
			[]string{"-no-global-package-db", "-package-db=/x", "A.hs"}, priv, append(flags("/x"), "A.hs"), false},
		{"user db flags are dropped",
			[]string{"-user-package-db", "-no-user-package-db", "A.hs"}, priv, append(flags(priv), "A.hs"), true},
		{"global needed but no private db",
			[]string{"A.hs"}, "", append(flags(), "A.hs"), true},
		{"an explicit package environment is kept",
			[]string{"-package-env", "env", "A.hs"}, priv,
			append(append(slices.Clone(base), "-package-db", priv), "-package-env", "env", "A.hs"), true},
		{"RTS sections are left alone",
			[]string{"+RTS", "-package-db", "-RTS", "A.hs"}, priv, append(flags(priv), "+RTS", "-package-db", "-RTS", "A.hs"), true},
		{"--RTS: the rest is not ghc's flags",
			[]string{"A.hs", "--RTS", "-clear-package-db"}, priv, append(flags(priv), "A.hs", "--RTS", "-clear-package-db"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := PackageDBs(tt.args, tt.private)
			if got := st.Args(); !slices.Equal(got, tt.want) {
				t.Errorf("PackageDBs(%q)\n got %q\nwant %q", tt.args, got, tt.want)
			}
			if st.NeedsGlobal != tt.needsGlobal {
				t.Errorf("NeedsGlobal = %v, want %v", st.NeedsGlobal, tt.needsGlobal)
			}
		})
	}
}

// The rewritten command line parses as the original does.
func TestPackageDBsKeepMode(t *testing.T) {
	for _, args := range [][]string{{"-c", "A.hs", "-odir", "o"}, {"--make", "Main"}, {"--info"}, {"-c", "x.c"}} {
		a, b := ParseArgs(args), ParseArgs(PackageDBs(args, "/db").Args())
		if a.Mode != b.Mode || a.ObjectDir != b.ObjectDir || !slices.Equal(a.Inputs, b.Inputs) {
			t.Errorf("%q: parsed differently after rewriting: %+v vs %+v", args, a, b)
		}
	}
}
