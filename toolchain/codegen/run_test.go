package codegen

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/boot/sysroot"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/rts/host"
	"github.com/ahc-hs/ahc/toolchain/clang"
	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/oracle"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// The tests that execute code: each testdata/NAME.cmm is compiled by ghc
// (its -ddump-cmm), each testdata/NAME.hs by ghc -O (its -ddump-cmm-raw;
// the module's name is NAME), or testdata/NAME.dump-cmm is a hand-written dump (for
// what ghc's front end never emits, such as sparse switches); then
// compiled by Compile, linked with testdata/NAME.c (which
// includes harness.h) and the registers object, lowered and run on the
// embedded host in both call modes; its output must be testdata/NAME.out.

type toolchain struct {
	ghc, clang, wasmLd, wasmOpt, validate string
	sysroot                               string
	consts                                map[string]int64
}

// needToolchain finds the programs, the sysroot and DerivedConstants.h,
// failing the test when they are missing; -short skips the test.
func needToolchain(t *testing.T) *toolchain {
	t.Helper()
	if testing.Short() {
		t.Skip("runs ghc, clang and wasm-ld")
	}
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	tc := &toolchain{}
	for _, tool := range []struct {
		dst      *string
		cmd, pkg string
	}{
		{&tc.ghc, cfg.Tools.GHC, "ghc"},
		{&tc.clang, cfg.Tools.Clang, "clang"},
		{&tc.wasmLd, cfg.Tools.WasmLD, "lld"},
		{&tc.wasmOpt, cfg.Tools.WasmOpt, "binaryen"},
		{&tc.validate, "wasm-validate", "wabt"},
	} {
		if *tool.dst, err = tools.Lookup(tool.cmd, tool.pkg); err != nil {
			t.Fatal(err)
		}
	}
	if tc.sysroot, err = sysroot.Find(cfg.CacheDir); err != nil {
		t.Fatal(err)
	}
	if tc.consts, err = LoadDerivedConstants(context.Background(), tc.ghc); err != nil {
		t.Fatal(err)
	}
	return tc
}

func run(t *testing.T, dir, prog string, args ...string) string {
	t.Helper()
	cmd := exec.Command(prog, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", prog, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// ghcCmm compiles testdata/name.cmm with ghc and parses its Cmm.
func (tc *toolchain) ghcCmm(t *testing.T, dir, name string) *cmm.File {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name+".cmm"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".cmm"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, dir, tc.ghc, "-c", name+".cmm", "-ddump-cmm", "-ddump-to-file")
	f, err := cmm.ParseFile(filepath.Join(dir, name+".dump-cmm"))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// ghcHaskell compiles testdata/name.hs with ghc -O and parses its raw Cmm.
func (tc *toolchain) ghcHaskell(t *testing.T, dir, name string) *cmm.File {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name+".hs"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".hs"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, dir, tc.ghc, "-O", "-fno-cmm-sink", "-c", name+".hs", "-ddump-cmm-raw", "-ddump-to-file") // as ahc does
	f, err := cmm.ParseFile(filepath.Join(dir, name+".dump-cmm-raw"))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// units are the units of ghc's global package database, which name the
// symbols of other packages.
func (tc *toolchain) units(t *testing.T) *cmm.UnitDB {
	t.Helper()
	db, err := cmm.GlobalPackageDB(tc.ghc)
	if err != nil {
		t.Fatal(err)
	}
	units, err := cmm.LoadPackageDBs(db)
	if err != nil {
		t.Fatal(err)
	}
	return units
}

func writeObject(t *testing.T, path string, o *wasm.Object) {
	t.Helper()
	b, err := o.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// build links the Cmm object with the C harness of name and the registers
// object and lowers the result.
func (tc *toolchain) build(t *testing.T, dir, name string, obj *wasm.Object, tail bool) []byte {
	t.Helper()
	mode := "tramp"
	if tail {
		mode = "tail"
	}
	cmmObj := filepath.Join(dir, name+"."+mode+".o")
	writeObject(t, cmmObj, obj)
	regs := filepath.Join(dir, "regs.o")
	writeObject(t, regs, RegistersObject())
	abs, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	cObj := filepath.Join(dir, name+"."+mode+".c.o")
	args := append(clang.TargetFlags(tc.sysroot), "-O1", "-Wall", "-Werror", "-I", abs, "-c", "-o", cObj, filepath.Join(abs, name+".c"))
	if tail {
		args = append(args, "-DTAIL_CALLS")
	}
	run(t, dir, tc.clang, args...)
	builtins := strings.TrimSpace(run(t, dir, tc.clang, "--target="+clang.Triple, "-print-libgcc-file-name"))
	lib := clang.LibDir(tc.sysroot)
	linked := filepath.Join(dir, name+"."+mode+".wasm")
	run(t, dir, tc.wasmLd, "-mwasm64", "-o", linked, filepath.Join(lib, "crt1-command.o"), cObj, cmmObj, regs,
		"-L"+lib, "-lc", builtins)
	lowered := filepath.Join(dir, name+"."+mode+".lowered.wasm")
	if err := linker.Lower(context.Background(), tc.wasmOpt, linked, lowered, linker.LowerOptions{OptimizeLevel: 1}); err != nil {
		t.Fatal(err)
	}
	validate := []string{lowered}
	if tail {
		validate = append(validate, "--enable-tail-call")
	}
	run(t, dir, tc.validate, validate...)
	module, err := os.ReadFile(lowered)
	if err != nil {
		t.Fatal(err)
	}
	return module
}

func TestRun(t *testing.T) {
	tc := needToolchain(t)
	units := tc.units(t)
	srcs, err := filepath.Glob("testdata/*.cmm")
	if err != nil {
		t.Fatal(err)
	}
	dumps, err := filepath.Glob("testdata/*.dump-cmm")
	if err != nil {
		t.Fatal(err)
	}
	hs, err := filepath.Glob("testdata/*.hs")
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range append(append(srcs, dumps...), hs...) {
		name := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want, err := os.ReadFile(filepath.Join("testdata", name+".out"))
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			var f *cmm.File
			cfg := oracle.Config{}
			switch filepath.Ext(src) {
			case ".dump-cmm":
				if f, err = cmm.ParseFile(src); err != nil {
					t.Fatal(err)
				}
			case ".hs":
				f = tc.ghcHaskell(t, dir, name)
				cfg = oracle.Config{ThisModule: name, Units: units}
			default:
				f = tc.ghcCmm(t, dir, name)
			}
			for _, tail := range []bool{false, true} {
				res := oracle.NewResolver(f, cfg)
				obj, _, err := Compile(f, res, Options{TailCalls: tail, Constants: tc.consts})
				if err != nil {
					t.Fatalf("tail calls %v: %v", tail, err)
				}
				module := tc.build(t, dir, name, obj, tail)
				var stdout, stderr bytes.Buffer
				code, err := host.Run(context.Background(), module, host.Config{
					Args: []string{name}, Stdout: &stdout, Stderr: &stderr, TailCalls: tail,
				})
				if err != nil || code != 0 {
					t.Fatalf("tail calls %v: exit %d, %v\nstdout:\n%s\nstderr:\n%s", tail, code, err, stdout.String(), stderr.String())
				}
				if got := stdout.String(); got != string(want) {
					t.Errorf("tail calls %v: output\n%s\nwant\n%s", tail, got, want)
				}
			}
		})
	}
}
