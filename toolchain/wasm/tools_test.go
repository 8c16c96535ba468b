package wasm

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
	"github.com/ahc-hs/ahc/rts/host"
	"github.com/ahc-hs/ahc/toolchain/clang"
	"github.com/ahc-hs/ahc/toolchain/tools"
)

// toolchain is what the tests that link and run need: LLVM 14, binaryen,
// wabt and the wasm64 sysroot.
type toolchain struct {
	clang, wasmLd, wasmOpt, objdump, validate string
	sysroot                                   string
}

// needTools finds the programs and the sysroot, failing the test when
// they are missing.
func needTools(t *testing.T) *toolchain {
	t.Helper()
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	var tc toolchain
	for _, tool := range []struct {
		dst      *string
		cmd, pkg string
	}{
		{&tc.clang, cfg.Tools.Clang, "clang"},
		{&tc.wasmLd, cfg.Tools.WasmLD, "lld"},
		{&tc.wasmOpt, cfg.Tools.WasmOpt, "binaryen"},
		{&tc.objdump, "wasm-objdump", "wabt"},
		{&tc.validate, "wasm-validate", "wabt"},
	} {
		if *tool.dst, err = tools.Lookup(tool.cmd, tool.pkg); err != nil {
			t.Fatal(err)
		}
	}
	if tc.sysroot, err = sysroot.Find(cfg.CacheDir); err != nil {
		// Not a skip: `make test` sets the sysroot up, so its absence is
		// a broken set-up.
		t.Fatalf("the link tests need ahc's wasm64 C sysroot: %v", err)
	}
	return &tc
}

// needToolchain is needTools for the tests that link with wasm-ld, which
// -short skips.
func needToolchain(t *testing.T) *toolchain {
	t.Helper()
	if testing.Short() {
		t.Skip("links with wasm-ld and the wasm64 sysroot")
	}
	return needTools(t)
}

func (tc *toolchain) run(t *testing.T, path string, args ...string) string {
	t.Helper()
	return mustRun(t, path, args...)
}

// mustRun runs a program and returns its standard output, failing the
// test when it fails.
func mustRun(t *testing.T, path string, args ...string) string {
	t.Helper()
	out, err := tools.Output(context.Background(), path, args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// writeObject writes o to dir/name.
func writeObject(t *testing.T, dir, name string, o *Object) string {
	t.Helper()
	b, err := o.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// compileC compiles testdata/src for wasm64 into dir.
func (tc *toolchain) compileC(t *testing.T, dir, src string) string {
	t.Helper()
	obj := filepath.Join(dir, strings.TrimSuffix(src, ".c")+".o")
	args := append(clang.TargetFlags(tc.sysroot), "-O2", "-Wall", "-Werror", "-c", "-o", obj, filepath.Join("testdata", src))
	tc.run(t, tc.clang, args...)
	return obj
}

// linkCommand links objects into a wasm64 command with wasi-libc, as clang
// would, and returns the module's path.
func (tc *toolchain) linkCommand(t *testing.T, dir string, objects ...string) string {
	t.Helper()
	builtins := strings.TrimSpace(tc.run(t, tc.clang, "--target="+clang.Triple, "-print-libgcc-file-name"))
	out := filepath.Join(dir, "linked.wasm")
	lib := clang.LibDir(tc.sysroot)
	args := []string{"-mwasm64", "-o", out, filepath.Join(lib, "crt1-command.o")}
	args = append(args, objects...)
	args = append(args, "-L"+lib, "-lc", builtins)
	tc.run(t, tc.wasmLd, args...)
	return out
}

// lower lowers a linked wasm64 module to wasm32 and validates it.
func (tc *toolchain) lower(t *testing.T, linked string, tailCalls bool) []byte {
	t.Helper()
	lowered := strings.TrimSuffix(linked, ".wasm") + ".lowered.wasm"
	// linker.Lower's command at -O1 (the linker imports this package, so
	// its test cannot import the linker).
	tc.run(t, tc.wasmOpt, linked, "-o", lowered, "--enable-memory64", "--strip-debug", "--strip-producers",
		"--memory64-lowering", "-O", "--optimize-level=1", "--shrink-level=0")
	validate := []string{lowered}
	if tailCalls {
		validate = append(validate, "--enable-tail-call")
	}
	tc.run(t, tc.validate, validate...)
	module, err := os.ReadFile(lowered)
	if err != nil {
		t.Fatal(err)
	}
	return module
}

// runModule runs a lowered module on the embedded host, returning its
// standard output and exit code.
func runModule(t *testing.T, module []byte, tailCalls bool) (string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code, err := host.Run(context.Background(), module, host.Config{
		Args: []string{"test"}, Stdout: &stdout, Stderr: &stderr, TailCalls: tailCalls,
	})
	if err != nil {
		t.Fatalf("host.Run: %v\nstderr: %s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr: %s", stderr.String())
	}
	return stdout.String(), code
}

// lowerAndRun lowers a linked module and runs it.
func (tc *toolchain) lowerAndRun(t *testing.T, linked string, tailCalls bool) (string, int) {
	t.Helper()
	return runModule(t, tc.lower(t, linked, tailCalls), tailCalls)
}

// wasmLdErr links and returns wasm-ld's failure, or nil.
func (tc *toolchain) wasmLdErr(args ...string) (string, error) {
	cmd := exec.Command(tc.wasmLd, args...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// needProgram finds one host program, failing the test when it is missing.
func needProgram(t *testing.T, command, pkg string) string {
	t.Helper()
	path, err := tools.Lookup(command, pkg)
	if err != nil {
		t.Fatal(err)
	}
	return path
}
