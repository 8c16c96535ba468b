// Command ahc-cc is clang for ahc's target: it compiles C for wasm64 against
// the sysroot ahc-boot built, and when it links, it lowers the module to
// wasm32 so that any engine, ahc-run included, can run it.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/ahc-hs/ahc/boot/sysroot"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/toolchain/clang"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/urfave/cli/v2"
)

const description = `Every argument is passed to clang after --target=wasm64-wasi and
--sysroot=<ahc's sysroot>. Compiling (-c, -S, -E) produces what clang produces.
Linking produces a wasm32 module: clang links for wasm64, then binaryen lowers
the result (wasm-opt --memory64-lowering -O2).

Example:
   ahc-cc -O2 -o hello.wasm hello.c && ahc-run hello.wasm`

func main() {
	app := &cli.App{
		Name:            "ahc-cc",
		Usage:           "compile and link C for ahc's wasm64 target",
		UsageText:       "ahc-cc [clang arguments...]",
		Description:     description,
		SkipFlagParsing: true,
		Action:          run,
	}
	cliutil.Main(app)
}

func run(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) == 1 && (args[0] == "--help" || args[0] == "-h") {
		return cli.ShowAppHelp(c)
	}
	if len(args) == 0 {
		return cliutil.UsageError("no input files (see --help)")
	}
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	root, err := sysroot.Find(cfg.CacheDir)
	if err != nil {
		return err
	}
	clangPath, err := tools.Lookup(cfg.Tools.Clang, "clang")
	if err != nil {
		return err
	}
	ctx := context.Background()
	target := clang.TargetFlags(root)
	if !clang.IsLink(args) {
		return runClang(ctx, clangPath, append(target, args...))
	}

	out := clang.Output(args, "a.out")
	wasm64 := out + ".wasm64"
	defer os.Remove(wasm64)
	if err := runClang(ctx, clangPath, append(target, clang.ReplaceOutput(args, wasm64)...)); err != nil {
		return err
	}
	wasmOpt, err := tools.Lookup(cfg.Tools.WasmOpt, "binaryen")
	if err != nil {
		return err
	}
	if err := linker.Lower(ctx, wasmOpt, wasm64, out, linker.LowerOptions{OptimizeLevel: 2, ShrinkLevel: 1}); err != nil {
		os.Remove(out)
		return err
	}
	return nil
}

// runClang runs clang with the terminal's standard streams, so that its
// diagnostics reach the user unchanged, and passes on its exit code.
func runClang(ctx context.Context, path string, args []string) error {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return cliutil.ExitError{Code: exit.ExitCode()}
	}
	if err != nil {
		return fmt.Errorf("running clang: %w", err)
	}
	return nil
}
