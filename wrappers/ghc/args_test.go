package ghc

import (
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestParseArgsMode(t *testing.T) {
	tests := []struct {
		args     []string
		mode     Mode
		compiles bool
	}{
		{[]string{"Main.hs"}, ModeMake, true},
		{[]string{"--make", "Main.hs"}, ModeMake, true},
		{[]string{"-c", "Foo.hs"}, ModeOneShot, true},
		{[]string{"-c", "--make", "Foo.hs"}, ModeMake, true}, // ghc: --make -no-link
		{[]string{"-c", "-c", "Foo.hs"}, ModeOneShot, true},
		{[]string{"Data.Map"}, ModeMake, true}, // a module name
		{[]string{"Main"}, ModeMake, true},     // no extension: Main.hs
		{[]string{"-c", "cbits/prim.cmm"}, ModeOneShot, true},
		{[]string{"--numeric-version"}, ModeOther, false},
		{[]string{"--version"}, ModeOther, false},
		{[]string{"-V"}, ModeOther, false},
		{[]string{"--info"}, ModeOther, false},
		{[]string{"--supported-languages"}, ModeOther, false},
		{[]string{"--print-libdir"}, ModeOther, false},
		{[]string{"--print-global-package-db"}, ModeOther, false},
		{[]string{"--show-options"}, ModeOther, false},
		{[]string{"--help"}, ModeOther, false},
		{[]string{"-?"}, ModeOther, false},
		{[]string{"-M", "Main.hs"}, ModeOther, false},
		{[]string{"-E", "Main.hs"}, ModeOther, false},
		{[]string{"-S", "Main.hs"}, ModeOther, false},
		{[]string{"--abi-hash", "Foo"}, ModeOther, false},
		{[]string{"--interactive", "Main.hs"}, ModeOther, false},
		{[]string{"-e", "main", "Main.hs"}, ModeOther, false},
		{[]string{"--show-iface", "Foo.hi"}, ModeOther, false},
		{[]string{"--show-iface=Foo.hi"}, ModeOther, false},
		{[]string{"--frontend", "Plugin", "Main.hs"}, ModeOther, false},
		{[]string{"-c", "-M", "Foo.hs"}, ModeOther, false}, // ghc reports the conflict
		{[]string{"Main.hs", "--numeric-version"}, ModeOther, false},
		// Compilations without code, and runs without Haskell or Cmm inputs.
		{[]string{"-fno-code", "Main.hs"}, ModeMake, false},
		{[]string{"-fbyte-code", "Main.hs"}, ModeMake, false},
		{[]string{"-fno-code", "-fobject-code", "Main.hs"}, ModeMake, true},
		{[]string{"--make"}, ModeMake, false},
		{[]string{}, ModeMake, false},
		{[]string{"-o", "prog", "A.o", "B.o"}, ModeMake, false},
		{[]string{"-shared", "-dynamic", "A.dyn_o", "-o", "libA.so"}, ModeMake, false},
		{[]string{"-c", "foo.c"}, ModeOneShot, false},
		// -o takes the next argument even when it looks like a source.
		{[]string{"-o", "Main.hs", "A.o"}, ModeMake, false},
		// The RTS takes +RTS sections; --RTS ends its part.
		{[]string{"+RTS", "-c", "-RTS", "A.o"}, ModeMake, false},
		{[]string{"--RTS", "+RTS", "Main.hs"}, ModeMake, true},
		{[]string{"Main.hs", "+RTS", "-N2"}, ModeMake, true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			a := ParseArgs(tt.args)
			if a.Mode != tt.mode || a.Compiles() != tt.compiles {
				t.Errorf("mode %v, compiles %v; want %v, %v", a.Mode, a.Compiles(), tt.mode, tt.compiles)
			}
		})
	}
}

func TestParseArgsInputs(t *testing.T) {
	tests := []struct {
		args []string
		want []Input
	}{
		{[]string{"A/B.hs", "C/B.lhs", "Data.Map", "Main"}, []Input{
			{"A/B.hs", InputHaskell}, {"C/B.lhs", InputHaskell}, {"Data.Map", InputHaskell}, {"Main", InputHaskell}}},
		{[]string{"x.cmm", "y.cmmcpp", "z.c", "w.o", "lib.a", "sig.hsig"}, []Input{
			{"x.cmm", InputCmm}, {"y.cmmcpp", InputCmm}, {"z.c", InputOther}, {"w.o", InputOther},
			{"lib.a", InputOther}, {"sig.hsig", InputHaskell}}},
		{[]string{"-x", "hs", "a.txt", "-x", "cmm", "b.txt", "-x", "none", "c.txt"}, []Input{
			{"a.txt", InputHaskell}, {"b.txt", InputCmm}, {"c.txt", InputOther}}},
		// Values of flags are not inputs, attached or not.
		{[]string{"-odir", "out", "-hidir", "hi", "-osuf=o", "-package", "base", "-optc-O2",
			"-package-db", "db", "-this-unit-id", "u", "-l", "m", "-o", "prog", "-dyno", "p.dyn_o",
			"-main-is", "Foo", "-with-rtsopts", "-N", "Main.hs"}, []Input{{"Main.hs", InputHaskell}}},
		// Mode flags are read before the dynamic flags, like ghc does.
		{[]string{"-e", "1+1", "A.hs"}, []Input{{"A.hs", InputHaskell}}},
		{[]string{"-B/usr/lib/ghc", "A.hs", "+RTS", "-H1G", "B.hs", "-RTS"}, []Input{{"A.hs", InputHaskell}}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			if got := ParseArgs(tt.args).Inputs; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("inputs %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseArgsFlags(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		check func(*Args) bool
	}{
		{"defaults", []string{"A.hs"}, func(a *Args) bool {
			return a.ObjectDir == "" && a.DumpDir == "" && a.ObjectSuf == "o" && a.DynObjectSuf == "dyn_o" &&
				a.UnitID == "main" && !a.DynamicToo && !a.NoLink && slices.Equal(a.ImportPaths, []string{"."})
		}},
		{"odir separate", []string{"-odir", "out", "A.hs"}, func(a *Args) bool { return a.ObjectDir == "out" }},
		{"odir attached", []string{"-odirout", "A.hs"}, func(a *Args) bool { return a.ObjectDir == "out" }},
		{"odir with =", []string{"-odir=out", "A.hs"}, func(a *Args) bool { return a.ObjectDir == "out" }},
		{"odir with = and separate", []string{"-odir=", "out", "A.hs"}, func(a *Args) bool { return a.ObjectDir == "out" }},
		{"outputdir sets odir and dumpdir", []string{"-outputdir", "b", "A.hs"}, func(a *Args) bool {
			return a.ObjectDir == "b" && a.DumpDir == "b"
		}},
		{"last odir wins", []string{"-outputdir", "b", "-odir", "o", "A.hs"}, func(a *Args) bool {
			return a.ObjectDir == "o" && a.DumpDir == "b"
		}},
		{"suffixes", []string{"-osuf", "p_o", "-dynosuf", "dyn_p_o", "-hisuf", "p_hi", "A.hs"}, func(a *Args) bool {
			return a.ObjectSuf == "p_o" && a.DynObjectSuf == "dyn_p_o"
		}},
		{"-o and -dyno", []string{"-c", "A.hs", "-o", "x.o", "-dyno", "x.dyn_o"}, func(a *Args) bool {
			return a.Output == "x.o" && a.DynOutput == "x.dyn_o" && a.NoLink
		}},
		{"dynamic-too", []string{"-dynamic-too", "A.hs"}, func(a *Args) bool { return a.DynamicToo }},
		{"this-unit-id", []string{"-this-unit-id", "pkg-1.0-abc", "A.hs"}, func(a *Args) bool { return a.UnitID == "pkg-1.0-abc" }},
		{"package-name", []string{"-package-name", "pkg", "A.hs"}, func(a *Args) bool { return a.UnitID == "pkg" }},
		{"import paths", []string{"-isrc", "-i/abs:rel", "-ignore-package", "x", "-include-pkg-deps", "A.hs"}, func(a *Args) bool {
			return slices.Equal(a.ImportPaths, []string{".", "src", "/abs", "rel"})
		}},
		{"-i clears", []string{"-isrc", "-i", "-ilib", "A.hs"}, func(a *Args) bool {
			return slices.Equal(a.ImportPaths, []string{"lib"})
		}},
		{"no-link", []string{"--make", "-no-link", "A.hs"}, func(a *Args) bool { return a.NoLink }},
		{"user dumps", []string{"-ddump-simpl", "-ddump-to-file", "-dth-dec-file", "A.hs"}, func(a *Args) bool {
			return a.UserDumps["ddump-simpl"] && a.UserDumps["dth-dec-file"] && !a.UserDumps["ddump-to-file"]
		}},
		{"dump file prefix", []string{"-ddump-file-prefix", "x.", "A.hs"}, func(a *Args) bool { return a.DumpFilePrefix }},
		// ghc forces recompilation for dump flags in -c mode only.
		{"force recomp make", []string{"-ddump-simpl", "A.hs"}, func(a *Args) bool { return !a.ForceRecomp }},
		{"force recomp one-shot", []string{"-c", "-ddump-simpl", "A.hs"}, func(a *Args) bool { return a.ForceRecomp }},
		{"force recomp undone", []string{"-c", "-ddump-simpl", "-fno-force-recomp", "A.hs"}, func(a *Args) bool { return !a.ForceRecomp }},
		{"hi-diffs does not force", []string{"-c", "-ddump-hi-diffs", "A.hs"}, func(a *Args) bool { return !a.ForceRecomp }},
		{"explicit force", []string{"-c", "-fforce-recomp", "A.hs"}, func(a *Args) bool { return a.ForceRecomp }},
		{"rts open", []string{"A.hs", "+RTS", "-N"}, func(a *Args) bool { return a.rtsOpen }},
		{"rts closed", []string{"A.hs", "+RTS", "-N", "-RTS"}, func(a *Args) bool { return !a.rtsOpen }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a := ParseArgs(tt.args); !tt.check(a) {
				t.Errorf("%q parsed as %+v", tt.args, *a)
			}
		})
	}
}

func TestGHCArgs(t *testing.T) {
	extra := []string{"-ddump-cmm-raw"}
	tests := []struct {
		args, want []string
	}{
		{[]string{"A.hs"}, []string{"A.hs", "-ddump-cmm-raw"}},
		{[]string{"A.hs", "+RTS", "-N"}, []string{"A.hs", "+RTS", "-N", "-RTS", "-ddump-cmm-raw"}},
		{[]string{"A.hs", "+RTS", "-N", "-RTS"}, []string{"A.hs", "+RTS", "-N", "-RTS", "-ddump-cmm-raw"}},
	}
	for _, tt := range tests {
		if got := ghcArgs(tt.args, ParseArgs(tt.args), extra); !slices.Equal(got, tt.want) {
			t.Errorf("ghcArgs(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

// TestFlagTables checks ahc's tables of ghc flags against the installed
// ghc: each must be a flag it knows.
func TestFlagTables(t *testing.T) {
	ghc := findGHC(t)
	out, err := exec.Command(ghc, "--show-options").Output()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, f := range strings.Fields(string(out)) {
		known[f] = true
	}
	// Flags only GHCi lists.
	ghciOnly := map[string]bool{"ghci-script": true, "interactive-print": true, "ignore-dot-ghci": true}
	for _, table := range []map[string]bool{argFlags, notImportFlags} {
		for f := range table {
			if !known["-"+f] && !ghciOnly[f] {
				t.Errorf("ghc does not know -%s", f)
			}
		}
	}
	for f := range modeFlags {
		if !known["-"+f] && f != "?" && f != "V" && f != "-help" && f != "-show-iface" && f != "-frontend" && f != "-backpack" {
			t.Errorf("ghc does not know mode -%s", f)
		}
	}
}
