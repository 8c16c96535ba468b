// Package cmmcorpus runs ahc over real code: GHC's boot libraries from the
// ghc source package, built by Cabal with ahc as the compiler, and the RTS's
// .cmm files. Every module's Cmm must parse, and (AHC_VERIFY_CMM) its data
// must match the native object ghc wrote in the same compilation. ahc must
// compile it to a wasm object; for the packages of linkChecked and the RTS,
// the wasm objects of all modules must link together (undefined RTS and
// base symbols allowed), lower to wasm32 and validate.
package cmmcorpus

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/boot/debsrc"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/pkgdb"
	"github.com/ahc-hs/ahc/toolchain/tools"
	cp "github.com/otiai10/copy"
)

// linkChecked are the packages whose wasm objects are linked and
// validated.
var linkChecked = map[string]bool{"containers": true, "text": true, "bytestring": true}

// packages are built in this order, against ahc's package database (the
// booted ghc-prim, ghc-bignum and base) with a scratch database stacked on
// top, into which each is registered for those after it: dependencies
// first. template-haskell (and its ghc-boot-th) is there for text.
var packages = []string{
	"array", "deepseq", "pretty", "filepath", "transformers", "mtl",
	"containers/containers", "bytestring", "binary", "ghc-boot-th", "template-haskell", "text", "parsec",
}

func TestBootLibrariesThroughAhc(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the boot libraries: minutes")
	}
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	src, err := debsrc.Find(cfg.CacheDir, "ghc")
	if err != nil {
		t.Fatal(err)
	}
	if db := pkgdb.Location(cfg.CacheDir, os.Getenv); !pkgdb.Exists(db) {
		t.Skipf("needs the booted base: no ahc package database at %s (run make setup)", db)
	}
	work := t.TempDir()
	ahc := ahcBinary(t, work)
	ahcPkg := filepath.Join(filepath.Dir(ahc), "ahc-pkg")
	setup := buildSetup(t, work)
	scratchDB := filepath.Join(work, "scratch.db")
	run(t, work, ahcPkg, "init", scratchDB)

	// AHC_CORPUS_PACKAGES="array deepseq" builds only those (with their
	// dependencies among packages listed too: they are registered in the
	// scratch database for those after them).
	only := os.Getenv("AHC_CORPUS_PACKAGES")
	total := 0
	for _, pkg := range packages {
		if only != "" && !strings.Contains(" "+only+" ", " "+filepath.Base(pkg)+" ") {
			continue
		}
		t.Run(filepath.Base(pkg), func(t *testing.T) {
			dir := filepath.Join(work, filepath.Base(pkg))
			if err := cp.Copy(filepath.Join(src.Dir, "libraries", pkg), dir); err != nil {
				t.Fatal(err)
			}
			// Cabal wants the global database at the bottom of the
			// stack: for ahc and ahc-pkg it is ahc's.
			run(t, dir, setup, "configure", "--with-compiler="+ahc, "--with-hc-pkg="+ahcPkg,
				"--package-db=clear", "--package-db=global", "--package-db="+scratchDB,
				"--disable-shared", "--disable-library-profiling", "--builddir=dist")
			run(t, dir, setup, "build", "--builddir=dist")
			run(t, dir, setup, "register", "--inplace", "--builddir=dist")
			n := countModules(t, filepath.Join(dir, "dist"))
			if n == 0 {
				t.Fatal("no module was processed by ahc")
			}
			total += n
			t.Logf("%s: %d modules processed", pkg, n)
			if linkChecked[filepath.Base(pkg)] {
				linkAndValidate(t, cfg, filepath.Join(dir, "dist"), filepath.Join(work, filepath.Base(pkg)+".wasm"))
			}
		})
	}
	if only == "" || strings.Contains(" "+only+" ", " rts ") {
		t.Run("rts", func(t *testing.T) {
			total += rtsCmm(t, ahc, filepath.Join(src.Dir, "rts"), filepath.Join(work, "rts"))
			linkAndValidate(t, cfg, filepath.Join(work, "rts", "out"), filepath.Join(work, "rts.wasm"))
		})
	}
	t.Logf("%d modules in all", total)
}

// rtsCmm compiles every .cmm file of GHC's RTS with ahc, as the RTS build
// does (non-threaded), and returns how many it processed.
func rtsCmm(t *testing.T, ahc, rtsSrc, dir string) int {
	if err := cp.Copy(rtsSrc, dir); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.cmm"))
	if len(files) == 0 {
		t.Fatalf("no .cmm files in %s", rtsSrc)
	}
	for _, f := range files {
		run(t, dir, ahc, "-c", filepath.Base(f), "-I.", "-odir", "out")
		obj := filepath.Join(dir, "out", strings.TrimSuffix(filepath.Base(f), ".cmm")+".o")
		for _, twin := range []string{".ahc-cmm", ".wasm"} {
			if _, err := os.Stat(obj + twin); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
	t.Logf("rts: %d .cmm files processed", len(files))
	return len(files)
}

// ahcBinary returns the ahc executable to test: $AHC_BIN/ahc (make test
// sets it to the freshly built bin/), or one built here, with ahc-pkg
// beside it either way.
func ahcBinary(t *testing.T, work string) string {
	if dir := os.Getenv("AHC_BIN"); dir != "" {
		return filepath.Join(dir, "ahc")
	}
	bin := filepath.Join(work, "bin")
	if out, err := exec.Command("go", "build", "-o", bin+"/", "../../cmd/ahc", "../../cmd/ahc-pkg").CombinedOutput(); err != nil {
		t.Fatalf("building ahc: %v\n%s", err, out)
	}
	return filepath.Join(bin, "ahc")
}

// buildSetup compiles Cabal's standard Setup.hs with the host ghc.
func buildSetup(t *testing.T, work string) string {
	dir := filepath.Join(work, "setup")
	os.MkdirAll(dir, 0o755)
	hs := filepath.Join(dir, "Setup.hs")
	os.WriteFile(hs, []byte("import Distribution.Simple\nmain = defaultMain\n"), 0o644)
	exe := filepath.Join(dir, "Setup")
	if out, err := exec.Command("ghc", "-v0", "-o", exe, hs).CombinedOutput(); err != nil {
		t.Fatalf("building Setup.hs: %v\n%s", err, out)
	}
	return exe
}

func run(t *testing.T, dir, exe string, args ...string) {
	t.Helper()
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "AHC_VERIFY_CMM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(exe), strings.Join(args, " "), err, tail(string(out), 40))
	}
}

// linkAndValidate links every Haskell or Cmm module's wasm object under
// dir into one module, keeping all code, lowers it and validates the
// result.
func linkAndValidate(t *testing.T, cfg config.Config, dir, out string) {
	t.Helper()
	var objs []string
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		// The wasm objects of Haskell and Cmm modules (those with a
		// .ahc-cmm), not the wasm twins of C files (ahc-cc's twin mode):
		// linking these with the Haskell objects checks the FFI's
		// signatures, a separate check.
		if err == nil && strings.HasSuffix(path, ".o.wasm") {
			if _, err := os.Stat(strings.TrimSuffix(path, ".wasm") + ".ahc-cmm"); err == nil {
				objs = append(objs, path)
			}
		}
		return err
	})
	if len(objs) == 0 {
		t.Fatal("no .o.wasm objects")
	}
	wasmLd, err := tools.Lookup(cfg.Tools.WasmLD, "lld")
	if err != nil {
		t.Fatal(err)
	}
	wasmOpt, err := tools.Lookup(cfg.Tools.WasmOpt, "binaryen")
	if err != nil {
		t.Fatal(err)
	}
	validate, err := tools.Lookup("wasm-validate", "wabt")
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"-mwasm64", "--no-entry", "--allow-undefined", "--no-gc-sections", "-o", out}, objs...)
	if b, err := exec.Command(wasmLd, args...).CombinedOutput(); err != nil {
		t.Fatalf("wasm-ld: %v\n%s", err, tail(string(b), 40))
	}
	lowered := strings.TrimSuffix(out, ".wasm") + ".lowered.wasm"
	if err := linker.Lower(context.Background(), wasmOpt, out, lowered, linker.LowerOptions{}); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(validate, lowered).CombinedOutput(); err != nil {
		t.Fatalf("wasm-validate: %v\n%s", err, tail(string(b), 40))
	}
	t.Logf("%d wasm objects link and validate", len(objs))
}

// countModules counts the native objects ahc processed and fails on any
// object without its Cmm twin.
func countModules(t *testing.T, dir string) int {
	n := 0
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(path, ".o") {
			return err
		}
		if _, err := os.Stat(path + ".ahc-cmm"); err != nil {
			// C objects of cbits have no Cmm.
			if !strings.Contains(path, "cbits") {
				t.Errorf("%s has no .ahc-cmm twin", path)
			}
			return nil
		}
		if _, err := os.Stat(path + ".wasm"); err != nil {
			t.Errorf("%s has no .wasm twin", path)
		}
		n++
		return nil
	})
	return n
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
