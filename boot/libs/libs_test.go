package libs

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	bootlibs "github.com/ahc-hs/ahc/boot-libs"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/pkgdb"
)

func TestFinalizeConfs(t *testing.T) {
	db := t.TempDir()
	conf := "import-dirs: " + db + "/lib/x86_64-linux-ghc-9.0.2/base-4.15.1.0\nlibrary-dirs: " + db + "/lib/x\n"
	os.WriteFile(filepath.Join(db, "base.conf"), []byte(conf), 0o644)
	os.WriteFile(filepath.Join(db, "package.cache"), []byte(db), 0o644)
	if err := finalizeConfs(db, "/cache/pkgdb/key"); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(db, "base.conf"))
	want := "import-dirs: /cache/pkgdb/key/lib/x86_64-linux-ghc-9.0.2/base-4.15.1.0\nlibrary-dirs: /cache/pkgdb/key/lib/x\n"
	if string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if cache, _ := os.ReadFile(filepath.Join(db, "package.cache")); string(cache) != db {
		t.Error("finalizeConfs touched package.cache (ghc-pkg recache rebuilds it)")
	}
}

func TestProgressLines(t *testing.T) {
	for line, want := range map[string]string{
		"[  3 of 260] Compiling GHC.Base         ( GHC/Base.hs, dist/build/GHC/Base.o )": "3/260 GHC.Base",
		"[120 of 260] Compiling GHC.IO.Handle":                                           "120/260 GHC.IO.Handle",
		"Compiling nothing":                                                              "",
	} {
		m := compiling.FindStringSubmatch(line)
		got := ""
		if m != nil {
			got = m[1] + "/" + m[2] + " " + m[3]
		}
		if got != want {
			t.Errorf("%q: got %q, want %q", line, got, want)
		}
	}
}

// The booted database (make setup) holds the boot packages with their
// real versions and their archives, and base's archive holds wasm objects.
func TestBootedDatabase(t *testing.T) {
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	db := pkgdb.Location(cfg.CacheDir, os.Getenv)
	if !pkgdb.Exists(db) {
		t.Skipf("no package database at %s: run make setup", db)
	}
	ahcPkg := "ahc-pkg"
	if bin := os.Getenv("AHC_BIN"); bin != "" {
		ahcPkg = filepath.Join(bin, "ahc-pkg")
	} else if _, err := exec.LookPath(ahcPkg); err != nil {
		t.Skip("no ahc-pkg: set AHC_BIN (make test does)")
	}
	out, err := exec.Command(ahcPkg, "list", "--simple-output").Output()
	if err != nil {
		t.Fatalf("ahc-pkg list: %v", err)
	}
	listed := strings.Fields(string(out))
	for _, p := range append([]bootlibs.Package{{Name: "rts", Version: "1.0.2"}}, bootlibs.Packages...) {
		want := p.Name + "-" + p.Version
		found := false
		for _, l := range listed {
			found = found || l == want
		}
		if !found {
			t.Errorf("ahc-pkg list shows %q, not %s", listed, want)
		}
	}
	// Each package's library is named by its unit id.
	for _, p := range bootlibs.Packages {
		if libs, _ := filepath.Glob(filepath.Join(db, "lib", "*", p.UnitID, "libHS"+p.UnitID+".a")); len(libs) != 1 {
			t.Errorf("%s: expected one libHS%s.a in %s, found %q", p.Name, p.UnitID, db, libs)
		}
	}
	// The unit id is base, so the library is libHSbase.a.
	libs, _ := filepath.Glob(filepath.Join(db, "lib", "*", "base*", "libHSbase*.a"))
	if len(libs) != 1 {
		t.Fatalf("expected one libHSbase*.a in %s, found %q", db, libs)
	}
	tmp := t.TempDir()
	cmd := exec.CommandContext(context.Background(), "llvm-ar", "x", libs[0], "Base.o")
	cmd.Dir = tmp
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("llvm-ar x: %v\n%s", err, b)
	}
	data, err := os.ReadFile(filepath.Join(tmp, "Base.o"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\x00asm")) {
		t.Errorf("Base.o in %s is not a wasm object", libs[0])
	}
}

// A package's own Setup.hs or Setup.lhs is used; without one (ghc-boot-th)
// Cabal's standard Setup is written.
func TestCopySetup(t *testing.T) {
	for _, own := range []string{"Setup.hs", "Setup.lhs", ""} {
		pkg, setupDir := t.TempDir(), filepath.Join(t.TempDir(), "setup")
		if own != "" {
			os.WriteFile(filepath.Join(pkg, own), []byte("own"), 0o644)
		}
		name, err := copySetup(pkg, setupDir)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := os.ReadFile(filepath.Join(setupDir, name))
		want, wantName := "own", own
		if own == "" {
			want, wantName = "import Distribution.Simple\nmain = defaultMain\n", "Setup.hs"
		}
		if name != wantName || string(got) != want {
			t.Errorf("with %q: got %s %q, want %s %q", own, name, got, wantName, want)
		}
	}
}

func TestPrefixSourceDirs(t *testing.T) {
	for _, tc := range []struct{ name, prefix, in, want string }{
		{"default dir", "libraries/base",
			"name: base\nlibrary\n    exposed-modules: A\n",
			"name: base\nlibrary\n    hs-source-dirs: libraries/base\n    exposed-modules: A\n"},
		{"own dirs", "libraries/p",
			"library\n  hs-source-dirs: src/, .\n  exposed-modules: A\ntest-suite t\n    hs-source-dirs: tests\n                    src\n    main-is: T.hs\n",
			"library\n  hs-source-dirs: libraries/p/src libraries/p\n  exposed-modules: A\ntest-suite t\n    hs-source-dirs: libraries/p/tests libraries/p/src\n    main-is: T.hs\n"},
		{"conditional", "libraries/p",
			"library\n  exposed-modules: A\n  if flag(x)\n    hs-source-dirs: legacy\n",
			"library\n  exposed-modules: A\n  if flag(x)\n    hs-source-dirs: libraries/p/legacy\n"},
		{"comments", "libraries/p",
			"-- a comment\nlibrary\n  -- hs-source-dirs: not a field\n  build-depends: base\n",
			"-- a comment\nlibrary\n  -- hs-source-dirs: not a field\n  hs-source-dirs: libraries/p\n  build-depends: base\n"},
	} {
		if got := string(prefixSourceDirs([]byte(tc.in), tc.prefix)); got != tc.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

// TestNativeSourcePaths checks that a package reaches its own files
// through the path it has in GHC's tree.
func TestNativeSourcePaths(t *testing.T) {
	for _, tree := range []string{"libraries/base", "libraries/containers/containers"} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "p.cabal"), []byte("name: p\nlibrary\n  hs-source-dirs: src\n"), 0o644)
		os.MkdirAll(filepath.Join(dir, "src", "Data"), 0o755)
		os.WriteFile(filepath.Join(dir, "src", "Data", "M.hs"), []byte("module Data.M where\n"), 0o644)
		if err := nativeSourcePaths(dir, tree); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, tree, "src", "Data", "M.hs")); err != nil {
			t.Errorf("%s: %v", tree, err)
		}
		cabal, _ := os.ReadFile(filepath.Join(dir, "p.cabal"))
		if want := "hs-source-dirs: " + tree + "/src\n"; !strings.Contains(string(cabal), want) {
			t.Errorf("%s: the .cabal file is\n%s\nwant %q in it", tree, cabal, want)
		}
		if err := nativeSourcePaths(dir, tree); err == nil {
			t.Errorf("%s: prepared twice without an error", tree)
		}
	}
}
