// Command ahc-dist turns a pseudo-executable (written by ahc-ld) into a
// WebAssembly module and the JavaScript that runs it.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/ahc-hs/ahc/linker/adjustor"
	"github.com/ahc-hs/ahc/linker/dist"
	"github.com/urfave/cli/v2"
)

const description = `ahc-dist links the objects and archives a pseudo-executable records with
wasm-ld (wasm64, against ahc's sysroot: crt1-command.o, libc.a and
compiler-rt's builtins), optionally turns trampoline jumps into tail calls,
and lowers the module to wasm32 with binaryen, optimising it. The module
keeps no custom section but target_features (--debug: also the function
names and producers); DWARF from C inputs is always dropped.

It writes into the output directory (default: the input's directory), for a
pseudo-executable named NAME:
   NAME.wasm      the program, a WASI command module
   NAME.mjs       its Node.js entry: node NAME.mjs [args...]
   NAME.req.mjs   what is specific to the program (module name, call mode,
                  JavaScript FFI)
   rts/           ahc's JavaScript runtime
Outputs are written under temporary names and renamed at the end.

Examples:
   ahc-dist --input-exe dist-newstyle/.../hello
   ahc-dist --input-exe hello --output-directory out --tail-calls
   node out/hello.mjs; ahc-run [--tail-calls] out/hello.wasm`

func main() {
	app := &cli.App{
		Name:        "ahc-dist",
		Usage:       "link a pseudo-executable into a WebAssembly module and its JavaScript",
		UsageText:   "ahc-dist --input-exe PSEUDO [options]",
		Description: description,
		Flags:       Flags(),
		Action:      run,
	}
	cliutil.Main(app)
}

// Flags are ahc-dist's options.
func Flags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "input-exe", Usage: "the pseudo-executable `FILE` to link (required)"},
		&cli.StringFlag{Name: "output-directory", Usage: "write the outputs into `DIR` (default: the input's directory)"},
		&cli.BoolFlag{Name: "tail-calls", Usage: "make jumps WebAssembly tail calls instead of returns to a trampoline"},
		&cli.IntFlag{Name: "optimize-level", Value: dist.DefaultOptimizeLevel, Usage: "binaryen's optimisation level `N`, 0 to 4"},
		&cli.IntFlag{Name: "shrink-level", Value: dist.DefaultShrinkLevel, Usage: "binaryen's shrink level `N`, 0 to 2"},
		&cli.BoolFlag{Name: "no-optimize", Usage: "lower without optimising (both levels 0)"},
		&cli.BoolFlag{Name: "debug", Usage: "keep function names in the module, for readable stack traces"},
		&cli.IntFlag{Name: "adjustors", Value: adjustor.DefaultPoolSize, Usage: "allow `N` live C function pointers of each type made by foreign import ccall \"wrapper\""},
		&cli.BoolFlag{Name: "keep-wasm64", Usage: "also write the linked wasm64 module as NAME.wasm64"},
	}
}

func run(c *cli.Context) error {
	if c.Args().Present() {
		return cliutil.UsageError("unexpected argument %q (see --help)", c.Args().First())
	}
	input := c.String("input-exe")
	if input == "" {
		return cliutil.UsageError("--input-exe is required (see --help)")
	}
	opts := dist.Options{
		Input: input, OutputDir: c.String("output-directory"), TailCalls: c.Bool("tail-calls"),
		KeepWasm64: c.Bool("keep-wasm64"),
	}
	opts.Lower.OptimizeLevel, opts.Lower.ShrinkLevel = c.Int("optimize-level"), c.Int("shrink-level")
	opts.Lower.Debug = c.Bool("debug")
	if opts.Link.Adjustors = c.Int("adjustors"); opts.Link.Adjustors < 1 {
		return cliutil.UsageError("--adjustors must be at least 1")
	}
	if c.Bool("no-optimize") {
		opts.Lower.OptimizeLevel, opts.Lower.ShrinkLevel = 0, 0
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	if err := dist.Configure(ctx, cfg, &opts); err != nil {
		return err
	}
	_, err = dist.Dist(ctx, opts)
	return err
}
