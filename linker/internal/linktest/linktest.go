// Package linktest holds what the tests of the link-time passes share:
// finding the toolchain, writing objects and archives, and running a
// linked module on the embedded host.
package linktest

import (
	"bytes"
	"context"
	"github.com/ahc-hs/ahc/toolchain/wasm"
	"os"
	"path/filepath"
	"testing"

	"github.com/ahc-hs/ahc/boot/sysroot"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/rts/host"
	"github.com/ahc-hs/ahc/toolchain/tools"
)

// Env is what the link tests need: the linker and the C runtime, binaryen
// and llvm-ar.
type Env struct {
	Opts    linker.LinkOptions
	WasmOpt string
	AR      string
}

// NeedEnv finds the tools and ahc's wasm64 sysroot, skipping the test in
// -short mode.
func NeedEnv(t *testing.T) *Env {
	t.Helper()
	if testing.Short() {
		t.Skip("links with wasm-ld and the wasm64 sysroot")
	}
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	var e Env
	for _, tool := range []struct {
		dst      *string
		cmd, pkg string
	}{
		{&e.Opts.WasmLD, cfg.Tools.WasmLD, "lld"},
		{&e.WasmOpt, cfg.Tools.WasmOpt, "binaryen"},
		{&e.AR, cfg.Tools.LLVMAr, "llvm"},
	} {
		if *tool.dst, err = tools.Lookup(tool.cmd, tool.pkg); err != nil {
			t.Fatal(err)
		}
	}
	if e.Opts.Sysroot, err = sysroot.Find(cfg.CacheDir); err != nil {
		t.Fatalf("the link tests need ahc's wasm64 C sysroot: %v", err)
	}
	clangPath, err := tools.Lookup(cfg.Tools.Clang, "clang")
	if err != nil {
		t.Fatal(err)
	}
	if e.Opts.Builtins, err = linker.Builtins(context.Background(), clangPath, e.Opts.Sysroot); err != nil {
		t.Fatal(err)
	}
	return &e
}

// Run lowers a linked module and runs it on the embedded host, returning
// its exit code.
func (e *Env) Run(t *testing.T, linked string) int {
	t.Helper()
	lowered := linked + ".lowered"
	if err := linker.Lower(context.Background(), e.WasmOpt, linked, lowered, linker.LowerOptions{OptimizeLevel: 1}); err != nil {
		t.Fatal(err)
	}
	module, err := os.ReadFile(lowered)
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	code, err := host.Run(context.Background(), module, host.Config{Args: []string{"test"}, Stderr: &stderr})
	if err != nil {
		t.Fatalf("running: %v\n%s", err, stderr.String())
	}
	return code
}

// Write writes data to dir/name and returns the path.
func Write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Archive makes the archive dir/name of members with llvm-ar.
func (e *Env) Archive(t *testing.T, dir, name string, members ...string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if _, err := tools.Output(context.Background(), e.AR, append([]string{"crs", p}, members...)...); err != nil {
		t.Fatal(err)
	}
	return p
}

// Bytes encodes an object made with toolchain/wasm.
func Bytes(t *testing.T, o *wasm.Object) []byte {
	t.Helper()
	b, err := o.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
