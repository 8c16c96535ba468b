package programs

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/boot/debsrc"
	"github.com/ahc-hs/ahc/boot/rts"
	"github.com/ahc-hs/ahc/boot/sysroot"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/toolchain/clang"
	"github.com/ahc-hs/ahc/toolchain/tools"
)

// rtsSymbol is an entry of RtsSymbols.c's rtsSyms table, preprocessed.
var rtsSymbol = regexp.MustCompile(`\{ \("([A-Za-z_][A-Za-z_0-9]*)"\)`)

// TestRTSSymbols checks every symbol of GHC's rts/RtsSymbols.c (the
// runtime linker's table of what ghc-generated code and packages may
// reference, preprocessed for wasm64 with ahc's RTS headers): each must be
// defined by the booted RTS, wasi-libc or compiler-rt, or be one that the
// linker names the unsupported feature of (linker.UnsupportedRTSFeature),
// and those must not be defined.
func TestRTSSymbols(t *testing.T) {
	if testing.Short() || os.Getenv("AHC_BIN") == "" {
		t.Skip("needs the booted RTS: run through `make test`")
	}
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	ghc, err := debsrc.Find(cfg.CacheDir, "ghc")
	if err != nil {
		t.Fatal(err)
	}
	rtsDir, err := rts.Find(cfg.CacheDir)
	if err != nil {
		t.Fatal(err)
	}
	root, err := sysroot.Find(cfg.CacheDir)
	if err != nil {
		t.Fatal(err)
	}
	clangPath, err := tools.Lookup(cfg.Tools.Clang, "clang")
	if err != nil {
		t.Fatal(err)
	}
	// The runtime linker's headers want the host's elf.h, which WASI
	// lacks; preprocessing needs only that it exists.
	elf := t.TempDir()
	if err := os.WriteFile(filepath.Join(elf, "elf.h"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pre, err := tools.Output(ctx, clangPath, "--target=wasm64-wasi", "--sysroot="+root, "-E",
		"-DCOMPILING_RTS", "-DNOSMP", "-I"+filepath.Join(rtsDir, "include"), "-I"+filepath.Join(ghc.Dir, "rts"), "-I"+elf,
		filepath.Join(ghc.Dir, "rts", "RtsSymbols.c"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range rtsSymbol.FindAllStringSubmatch(pre, -1) {
		names = append(names, m[1])
	}
	if len(names) < 500 {
		t.Fatalf("read %d symbols of RtsSymbols.c; expected the whole table", len(names))
	}

	builtins, err := linker.Builtins(ctx, clangPath, root)
	if err != nil {
		t.Fatal(err)
	}
	lib := clang.LibDir(root)
	archives := append([]string{filepath.Join(rtsDir, "lib", "libHSrts.a"), filepath.Join(lib, "libc.a"), builtins},
		clang.Emulations(root)...)
	nm, err := exec.LookPath("llvm-nm")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(nm, append([]string{"--defined-only", "--format=just-symbols"}, archives...)...).Output()
	if err != nil {
		t.Fatalf("llvm-nm: %v", err)
	}
	defined := map[string]bool{}
	for _, s := range strings.Fields(string(out)) {
		defined[s] = true
	}
	for _, s := range names {
		feature := linker.UnsupportedRTSFeature(s)
		switch {
		case !defined[s] && feature == "":
			t.Errorf("%s: neither defined by ahc's RTS, libc and compiler-rt nor named unsupported (linker/unsupported.go)", s)
		case defined[s] && feature != "":
			t.Errorf("%s is defined now: it is not a part of %s that ahc leaves out", s, feature)
		}
	}
}
