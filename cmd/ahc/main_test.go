package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/wrappers/ghc"
)

func TestProcessRejectsBadDump(t *testing.T) {
	dir := t.TempDir()
	m := ghc.Module{Name: "Foo", Object: filepath.Join(dir, "Foo.o"), Dump: filepath.Join(dir, "Foo.dump-cmm-raw"), Kind: ghc.Haskell}
	if err := os.WriteFile(m.Dump, []byte("\n==================== Raw Cmm ====================\n\n[ this is not Cmm"), 0o666); err != nil {
		t.Fatal(err)
	}
	stale := m.Object + ".ahc-cmm"
	if err := os.WriteFile(stale, []byte("old"), 0o666); err != nil {
		t.Fatal(err)
	}
	err := newProcessor("ghc", nil).process(context.Background(), m)
	if err == nil || !strings.Contains((&ghc.ModuleError{Module: m, Err: err}).Error(), m.Dump+":") {
		t.Errorf("error %v does not name the dump", err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale output left: %v", err)
	}
}

// TestCompile runs ahc's whole path: ghc, the dumps, the parser, the
// oracle, the outputs.
func TestCompile(t *testing.T) {
	ghcPath, err := exec.LookPath("ghc")
	if err != nil {
		t.Fatal("no ghc in PATH (make setup installs it)")
	}
	dir := t.TempDir()
	files := map[string]string{
		"Data/Shape.hs": "module Data.Shape (Shape(..), area) where\n" +
			"data Shape = Circle Double | Rect Double Double deriving Show\n" +
			"area :: Shape -> Double\narea (Circle r) = pi * r * r\narea (Rect w h) = w * h\n",
		"Main.hs":  "import Data.Shape\nmain :: IO ()\nmain = mapM_ (print . area) [Circle 1, Rect 2 3]\n",
		"prim.cmm": "#include \"Cmm.h\"\nmyprim (W_ x)\n{\n  return (x + 1);\n}\n",
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o777)
		if err := os.WriteFile(path, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	// ahc gives ghc its database stack explicitly (ghc.PackageDBs); here
	// the installed ghc's global database stands for ahc's private one.
	global, err := cmm.GlobalPackageDB(ghcPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"--make", "-O", "-odir", "out", "-hidir", "out", "Main.hs"},
		{"-c", "prim.cmm", "-odir", "out"},
	} {
		args = ghc.PackageDBs(args, global).Args()
		// With the oracle on, as AHC_VERIFY_CMM=1 runs it.
		p := newProcessor(ghcPath, args)
		p.verify = true
		code, err := ghc.Run(context.Background(), args, ghc.Config{
			GHC: ghcPath, Dir: dir, Stderr: os.Stderr, Processor: ghc.ProcessorFunc(p.process), TempDir: t.TempDir(),
			ExtraFlags: verifyFlags,
		})
		if code != 0 || err != nil {
			t.Fatalf("ahc %q: exit %d, %v", args, code, err)
		}
	}
	for _, obj := range []string{"out/Data/Shape.o", "out/Main.o", "out/prim.o"} {
		data, err := os.ReadFile(filepath.Join(dir, obj+".ahc-cmm"))
		if err != nil {
			t.Error(err)
			continue
		}
		if len(data) == 0 {
			t.Errorf("%s.ahc-cmm is empty", obj)
		}
		data, err = os.ReadFile(filepath.Join(dir, obj+".wasm"))
		if err != nil {
			t.Error(err)
			continue
		}
		if !strings.HasPrefix(string(data), "\x00asm") {
			t.Errorf("%s.wasm is no wasm object", obj)
		}
	}
}
