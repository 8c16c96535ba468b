// Package cmmcorpus runs ahc over real code: GHC's boot libraries from the
// ghc source package, built by Cabal with ahc as the compiler, and the RTS's
// .cmm files. Every module's Cmm must parse, and (AHC_VERIFY_CMM) its data
// must match the native object ghc wrote in the same compilation. ahc must
// compile it to a wasm object; for the packages of linkChecked and the RTS,
// the wasm objects of all modules must link together (undefined RTS and
// base symbols allowed), lower to wasm32 and validate.
//
// The boot's libs stage already builds every package of the list (without
// the Cmm oracle, which needs ghc's native objects next to ahc's), so the
// test does not build them all again: the Haskell objects of every booted
// package's archive are linked and validated as they are (seconds), and
// only oracleDefault is rebuilt here under AHC_VERIFY_CMM, against the
// booted dependencies.
package cmmcorpus

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	bootlibs "github.com/ahc-hs/ahc/boot-libs"
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

// packages can be built in this order, against ahc's package database
// (the booted packages) with a scratch database stacked on top, into which
// each is registered for those after it.
var packages = []string{
	"array", "deepseq", "pretty", "filepath", "transformers", "mtl",
	"containers/containers", "bytestring", "binary", "ghc-boot-th", "template-haskell", "text", "parsec",
}

// oracleDefault are the packages rebuilt under the Cmm oracle unless
// AHC_CORPUS_PACKAGES says otherwise: the largest optimised Haskell code
// (containers: specialisations, big static closures and info tables) and
// bytestring (FFI calls, Addr# literals, unboxed arithmetic), about a
// minute and a half of the several minutes the whole list takes. Their
// dependencies are booted.
const oracleDefault = "containers bytestring rts"

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

	t.Run("booted", func(t *testing.T) {
		for _, p := range bootlibs.Packages {
			t.Run(p.Name, func(t *testing.T) {
				dir := filepath.Join(work, "booted", p.Name)
				extractArchive(t, bootedArchive(t, cfg, p), dir, cObjects(t, filepath.Join(src.Dir, "libraries", p.SourceDir(), p.Name+".cabal")))
				linkAndValidate(t, cfg, dir, filepath.Join(work, "booted-"+p.Name+".wasm"))
			})
		}
	})

	// AHC_CORPUS_PACKAGES="array deepseq rts" builds those of packages
	// (and the RTS's .cmm files) under the oracle; "all" means all.
	only := os.Getenv("AHC_CORPUS_PACKAGES")
	switch only {
	case "":
		only = oracleDefault
	case "all":
		only = ""
	}
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
				"--disable-shared", "--disable-library-profiling", "--disable-library-for-ghci", "--builddir=dist")
			run(t, dir, setup, "build", "--builddir=dist")
			run(t, dir, setup, "register", "--inplace", "--builddir=dist")
			n := countModules(t, filepath.Join(dir, "dist"))
			if n == 0 {
				t.Fatal("no module was processed by ahc")
			}
			total += n
			t.Logf("%s: %d modules processed", pkg, n)
			if linkChecked[filepath.Base(pkg)] {
				linkAndValidate(t, cfg, filepath.Join(dir, "dist"), filepath.Join(work, filepath.Base(pkg)+".wasm"), ".ahc-cmm")
			}
		})
	}
	if only == "" || strings.Contains(" "+only+" ", " rts ") {
		t.Run("rts", func(t *testing.T) {
			total += rtsCmm(t, ahc, filepath.Join(src.Dir, "rts"), filepath.Join(work, "rts"))
			linkAndValidate(t, cfg, filepath.Join(work, "rts", "out"), filepath.Join(work, "rts.wasm"), ".ahc-cmm")
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

// bootedArchive is the booted package's library archive.
func bootedArchive(t *testing.T, cfg config.Config, p bootlibs.Package) string {
	t.Helper()
	db := pkgdb.Location(cfg.CacheDir, os.Getenv)
	libs, _ := filepath.Glob(filepath.Join(db, "lib", "*", p.UnitID, "libHS"+p.UnitID+".a"))
	if len(libs) != 1 {
		t.Fatalf("expected one libHS%s.a in %s, found %q (run make setup)", p.UnitID, db, libs)
	}
	return libs[0]
}

// cObjects are the names of the archive members of the package's C files
// (cbits/fpstring.c: fpstring.o), which the link check leaves out as it
// does the wasm twins of C files when it builds the package.
func cObjects(t *testing.T, cabalFile string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(cabalFile)
	if err != nil {
		t.Fatal(err)
	}
	objs := map[string]bool{}
	for _, f := range strings.FieldsFunc(string(data), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' }) {
		if strings.HasSuffix(f, ".c") {
			objs[strings.TrimSuffix(filepath.Base(f), ".c")+".o"] = true
		}
	}
	return objs
}

// extractArchive extracts the members of an archive of the booted
// database but those of skip into dir, each as NAME.o.wasm for
// linkAndValidate. Members of the same name (Internal.o of several
// modules) go to directories of their own.
func extractArchive(t *testing.T, archive, dir string, skip map[string]bool) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("llvm-ar", "t", archive).Output()
	if err != nil {
		t.Fatalf("llvm-ar t %s: %v", archive, err)
	}
	members := strings.Fields(string(out))
	for i, m := range members {
		if skip[m] {
			continue
		}
		sub := filepath.Join(dir, fmt.Sprint(i))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		n := 1
		for _, prev := range members[:i] {
			if prev == m {
				n++
			}
		}
		cmd := exec.Command("llvm-ar", "xN", fmt.Sprint(n), archive, m)
		cmd.Dir = sub
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("llvm-ar x %s %s: %v\n%s", archive, m, err, b)
		}
		if err := os.Rename(filepath.Join(sub, m), filepath.Join(sub, m+".wasm")); err != nil {
			t.Fatal(err)
		}
	}
}

// linkAndValidate links the wasm objects (NAME.o.wasm) under dir into one
// module, keeping all code, lowers it and validates the result. With
// twin, only the objects with a NAME.o+twin file are linked: those of
// Haskell and Cmm modules (.ahc-cmm), not the wasm twins of C files
// (ahc-cc's twin mode), whose linking with the Haskell objects checks the
// FFI's signatures, a separate check.
func linkAndValidate(t *testing.T, cfg config.Config, dir, out string, twin ...string) {
	t.Helper()
	var objs []string
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(path, ".o.wasm") {
			ok := true
			for _, tw := range twin {
				_, err := os.Stat(strings.TrimSuffix(path, ".wasm") + tw)
				ok = ok && err == nil
			}
			if ok {
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
