// Command ahc-link compiles a Haskell program with ahc, links it with
// ahc-ld and ahc-dist, and optionally runs it.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/ahc-hs/ahc/linker/dist"
	"github.com/ahc-hs/ahc/rts/host"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/urfave/cli/v2"
)

const description = `ahc-link is the short way from Main.hs to a running program:

   ahc --make Main.hs -o OUT/NAME -pgml ahc-ld -outputdir OUT/NAME.ahc-build
   ahc-dist --input-exe OUT/NAME --output-directory OUT
   (with --run) the program, on the embedded host or on Node.js

NAME is the source file's name without .hs; OUT is --output-directory
(default: the current directory). ahc, ahc-ld are the executables beside
ahc-link. The compiler's messages go to standard error. With --run, the
program gets ahc-link's standard streams and the arguments after "--", and
ahc-link exits with its exit code.

Examples:
   ahc-link --input-hs hello.hs --run
   ahc-link --input-hs Main.hs --output-directory out --tail-calls --run --node -- a b
   ahc-link --input-hs Main.hs --ghc-option -O2 --ghc-option -iextra/src
   ahc-link --input-hs Main.hs --no-dist     (only the pseudo-executable OUT/Main)`

func main() {
	app := &cli.App{
		Name:                      "ahc-link",
		Usage:                     "compile, link and run a Haskell program for WebAssembly",
		UsageText:                 "ahc-link --input-hs Main.hs [options] [-- program arguments]",
		Description:               description,
		DisableSliceFlagSeparator: true,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "input-hs", Usage: "the program's main module `FILE` (required)"},
			&cli.StringFlag{Name: "output-directory", Value: ".", Usage: "write the outputs into `DIR`"},
			&cli.StringSliceFlag{Name: "ghc-option", Usage: "pass `OPT` to ahc (ghc); repeat for several"},
			&cli.BoolFlag{Name: "no-dist", Usage: "stop after writing the pseudo-executable DIR/NAME"},
			&cli.BoolFlag{Name: "tail-calls", Usage: "make jumps WebAssembly tail calls (see ahc-dist)"},
			&cli.IntFlag{Name: "optimize-level", Value: 4, Usage: "binaryen's optimisation level `N`, 0 to 4"},
			&cli.IntFlag{Name: "shrink-level", Value: 2, Usage: "binaryen's shrink level `N`, 0 to 2"},
			&cli.BoolFlag{Name: "no-optimize", Usage: "lower without optimising"},
			&cli.BoolFlag{Name: "debug", Usage: "keep function names in the module, for readable stack traces"},
			&cli.BoolFlag{Name: "run", Usage: "run the program after linking it"},
			&cli.BoolFlag{Name: "node", Usage: "with --run: run on Node.js (node DIR/NAME.mjs) instead of the embedded host"},
		},
		Action: run,
	}
	cliutil.Main(app)
}

func run(c *cli.Context) error {
	src := c.String("input-hs")
	if src == "" {
		return cliutil.UsageError("--input-hs is required (see --help)")
	}
	if c.Args().Present() && !c.Bool("run") {
		return cliutil.UsageError("program arguments %q without --run", c.Args().Slice())
	}
	if c.Bool("node") && !c.Bool("run") {
		return cliutil.UsageError("--node needs --run")
	}
	if c.Bool("no-dist") && c.Bool("run") {
		return cliutil.UsageError("--no-dist and --run exclude each other")
	}
	outDir, err := filepath.Abs(c.String("output-directory"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	name := strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))
	pseudo := filepath.Join(outDir, name)

	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding ahc-link's directory: %w", err)
	}
	binDir := filepath.Dir(self)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	ghcArgs := []string{"--make", src, "-o", pseudo,
		"-pgml", filepath.Join(binDir, "ahc-ld"),
		"-outputdir", filepath.Join(outDir, name+".ahc-build")}
	ghcArgs = append(ghcArgs, c.StringSlice("ghc-option")...)
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, "ahc"), ghcArgs...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("compiling %s failed (ahc exited with code %d)", src, exit.ExitCode())
		}
		return fmt.Errorf("compiling %s: %w", src, err)
	}
	if c.Bool("no-dist") {
		return nil
	}

	cfg, err := config.Load()
	if err != nil {
		return err
	}
	opts := dist.Options{Input: pseudo, OutputDir: outDir, Name: name, TailCalls: c.Bool("tail-calls")}
	opts.Lower.OptimizeLevel, opts.Lower.ShrinkLevel = c.Int("optimize-level"), c.Int("shrink-level")
	opts.Lower.Debug = c.Bool("debug")
	if c.Bool("no-optimize") {
		opts.Lower.OptimizeLevel, opts.Lower.ShrinkLevel = 0, 0
	}
	if err := dist.Configure(ctx, cfg, &opts); err != nil {
		return err
	}
	res, err := dist.Dist(ctx, opts)
	if err != nil {
		return err
	}
	if !c.Bool("run") {
		return nil
	}

	var code int
	if c.Bool("node") {
		node, err := tools.Lookup(cfg.Tools.Node, "nodejs")
		if err != nil {
			return err
		}
		cmd := exec.CommandContext(ctx, node, append([]string{res.Entry}, c.Args().Slice()...)...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
		err = cmd.Run()
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit) && exit.ExitCode() >= 0:
			code = exit.ExitCode()
		case err != nil:
			return fmt.Errorf("running %s on node: %w", res.Entry, err)
		}
	} else {
		mod, err := os.ReadFile(res.Wasm)
		if err != nil {
			return err
		}
		code, err = host.Run(ctx, mod, host.Config{
			Args: append([]string{name}, c.Args().Slice()...), Env: os.Environ(),
			Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, TailCalls: c.Bool("tail-calls"),
			CompilationCache: host.CompilationCacheDir(cfg.CacheDir),
		})
		if err != nil {
			return fmt.Errorf("%s: %w", res.Wasm, err)
		}
	}
	if code != 0 {
		return cliutil.ExitError{Code: code}
	}
	return nil
}
