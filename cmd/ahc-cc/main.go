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
	"path/filepath"
	"slices"

	"github.com/ahc-hs/ahc/boot/sysroot"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/toolchain/clang"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/urfave/cli/v2"
)

const description = `Every argument is passed to clang after --target=wasm64-wasi,
--sysroot=<ahc's sysroot> and the defines that make wasi-libc's headers declare
what its emulation libraries provide (signal, clock, getpid, mmap; a link takes
those libraries). Compiling (-c, -S, -E) produces what clang produces.
Linking produces a wasm32 module: clang links for wasm64, then binaryen lowers
the result (wasm-opt --memory64-lowering -O2).

Flags that only make sense natively (-fuse-ld=..., -no-pie, -rdynamic) are
dropped.

Example:
   ahc-cc -O2 -o hello.wasm hello.c && ahc-run hello.wasm

Environment:
    AHC_CC_RUNNABLE=1  a linked program OUT is written as OUT.wasm, and OUT is
                       a script that runs it with the ahc-run beside ahc-cc, so
                       that configure scripts and hsc2hs can run what they
                       compile (ahc-boot sets it)
    AHC_CC_TWIN_INCLUDE=DIR
                       in twin mode, the native compiler sees DIR (the
                       installed ghc's include directory) instead of the
                       include directory of ahc's wasm64 RTS (a directory D
                       with D/../rts.conf), whose headers describe wasm64
    AHC_CC_TWIN=CC     twin mode, for the ghc that ahc runs (ahc sets it and
                       gives ghc -pgmc ahc-cc -pgma ahc-cc): run the native C
                       compiler CC with the arguments unchanged, then, for a C
                       compilation (-c or -S to OUT), compile the same source
                       for wasm64 to OUT.wasm with the same -I/-D/-include/-x
                       flags (native-only flags dropped); for an assembly step
                       (-x assembler -c IN -o OBJ) move IN.wasm, if the C step
                       made it, to OBJ.wasm (OBJ without ghc's .tmp suffix).`

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
	if native := os.Getenv(EnvTwin); native != "" {
		return runTwin(ctx, native, clangPath, target, args)
	}
	// hsc2hs passes its arguments in a response file: read it, to see
	// whether they link.
	if args, err = expandResponseFiles(args); err != nil {
		return err
	}
	args = cleanArgs(args)
	// Configure scripts and hsc2hs see the same headers as the C that
	// ghc compiles (twin mode), so that what they find is there.
	target = append(slices.Clone(target), clang.PackageDefines...)
	if !clang.IsLink(args) {
		return runClang(ctx, clangPath, append(target, args...))
	}

	out := clang.Output(args, "a.out")
	wasm64 := out + ".wasm64"
	defer os.Remove(wasm64)
	link := append(append(target, clang.ReplaceOutput(args, wasm64)...), clang.Emulations(root)...)
	if err := runClang(ctx, clangPath, link); err != nil {
		return err
	}
	wasmOpt, err := tools.Lookup(cfg.Tools.WasmOpt, "binaryen")
	if err != nil {
		return err
	}
	lowered, lowerOpts := out, linker.LowerOptions{OptimizeLevel: 2, ShrinkLevel: 1}
	if os.Getenv(EnvRunnable) == "1" {
		// Test programs of configure scripts and hsc2hs: run once, so
		// not worth optimizing.
		lowered, lowerOpts = out+".wasm", linker.LowerOptions{}
	}
	if err := linker.Lower(ctx, wasmOpt, wasm64, lowered, lowerOpts); err != nil {
		os.Remove(lowered)
		return err
	}
	if lowered != out {
		return writeLauncher(out, lowered)
	}
	return nil
}

// writeLauncher writes the script OUT that runs the module wasm.
func writeLauncher(out, wasm string) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding ahc-run: %w", err)
	}
	abs, err := filepath.Abs(wasm)
	if err != nil {
		return fmt.Errorf("writing the launcher %s: %w", out, err)
	}
	ahcRun := filepath.Join(filepath.Dir(self), "ahc-run")
	if err := os.WriteFile(out, launcher(ahcRun, abs), 0o755); err != nil {
		return fmt.Errorf("writing the launcher: %w", err)
	}
	return nil
}

// runTwin is twin mode (see EnvTwin).
func runTwin(ctx context.Context, native, clangPath string, target, args []string) error {
	expanded, err := expandResponseFiles(args)
	if err != nil {
		return err
	}
	if err := runTool(ctx, native, nativeIncludes(expanded, os.Getenv(EnvTwinInclude))); err != nil {
		return err
	}
	plan := planTwin(expanded)
	switch plan.action {
	case twinCompile:
		return runTool(ctx, clangPath, append(slices.Clone(target), plan.wasmArgs...))
	case twinAssemble:
		return moveTwin(plan.from, plan.to)
	}
	return nil
}

// runClang runs clang with the terminal's standard streams, so that its
// diagnostics reach the user unchanged, and passes on its exit code.
func runClang(ctx context.Context, path string, args []string) error {
	return runTool(ctx, path, args)
}

// runTool runs a compiler with the terminal's standard streams.
func runTool(ctx context.Context, path string, args []string) error {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return cliutil.ExitError{Code: exit.ExitCode()}
	}
	if err != nil {
		return fmt.Errorf("running %s: %w", filepath.Base(path), err)
	}
	return nil
}
