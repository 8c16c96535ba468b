// Command ahc compiles Haskell to WebAssembly; a drop-in replacement for ghc.
//
// ahc runs the real ghc with the same arguments, keeps the native outputs
// ghc writes, and writes beside each object the Cmm it was generated from,
// parsed: Foo.o gets Foo.o.ahc-cmm (see wrappers/ghc).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"sync"
	"syscall"

	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/atomicfile"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/codegen"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/ahc-hs/ahc/wrappers/ghc"
	"github.com/urfave/cli/v2"
)

const help = `ahc - compiles Haskell to WebAssembly; a drop-in replacement for ghc

Usage: ahc [ghc's arguments]
       ahc --ahc-help

ahc takes exactly ghc's arguments and runs the real ghc 9.0.2 with them (the
ghc of ahc's configuration: [tools] ghc, or $AHC_GHC). Modes that compile
nothing (--version, --info, --print-libdir, -M, -E, --interactive, -e,
--help, ...) and -fno-code are ghc's alone: same output, same exit code,
except that --info and --print-global-package-db name ahc's package
database, and --info says ("GHC Dynamic","NO"): ahc builds static libraries
only. When ghc compiles, ahc passes -fexternal-interpreter unless you choose
an interpreter: Debian's ghc, dynamically linked, would otherwise build the
modules of a --make run that uses Template Haskell with -dynamic-too.

cabal-install's compile of a package's setup script (--make DIR/setup.hs
-o DIR/setup, in a directory DIR named setup) is a program for this
machine: ahc hands it to the native ghc, with the native ghc's own units of
the packages it names in ahc's databases (Cabal, base, ...).
'ahc --help' is ghc's help; this text is ahc's.

When ghc compiles (--make, its default mode, and -c), ahc also asks it for
the Cmm of every module (-ddump-cmm-raw, and -ddump-cmm for .cmm sources,
written to a private directory), and after ghc has succeeded writes beside
each object ghc wrote the parsed Cmm and the wasm64 object compiled from it
(toolchain/codegen, rts/stg-abi.md):

    out/Data/Map/Internal.o        ghc's native object
    out/Data/Map/Internal.o.ahc-cmm    ahc's Cmm for it
    out/Data/Map/Internal.o.wasm   ahc's relocatable wasm64 object
    out/Data/Map/Internal.dyn_o.ahc-cmm  with -dynamic-too

Modules ghc finds up to date are not compiled again and keep their .ahc-cmm.
If ghc fails, ahc exits with ghc's output and exit code and writes nothing;
it removes the objects of the modules ghc compiled before it failed, so
that the next build compiles them again, twins included.
If ahc fails on a module it says "ahc: DUMP: error" and exits 1, and removes
that module's object so that the next build compiles it again.

Dumps you ask for yourself with -ddump-* go where ghc -ddump-to-file puts
them (below your -dumpdir, or next to the sources), also when you leave out
-ddump-to-file. -ddump-file-prefix is not supported.

Environment:
    AHC_KEEP_DUMPS=1  keep ahc's private dump directory and say where it is
    AHC_TAIL_CALLS=1  compile Cmm jumps to wasm tail calls, not to returns to
                      a trampoline
    AHC_VERIFY_CMM=1  check each module's parsed Cmm against the native object
                      ghc wrote (the oracle of ahc-cmm verify); a mismatch
                      fails the module
    AHC_GHC           the real ghc (see ahc's configuration in the README)`

func main() {
	app := &cli.App{
		Name:            "ahc",
		Usage:           "compiles Haskell to WebAssembly; a drop-in replacement for ghc",
		SkipFlagParsing: true, // the arguments are ghc's
		HideHelp:        true, // --help is ghc's
		Action:          run,
	}
	cliutil.Main(app)
}

func run(c *cli.Context) error {
	args := c.Args().Slice()
	if slices.Contains(args, "--ahc-help") {
		fmt.Fprintln(c.App.Writer, help)
		return nil
	}
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	ghcPath, err := tools.Lookup(cfg.Tools.GHC, "ghc")
	if err != nil {
		return err
	}

	// SIGTERM and SIGHUP are passed on to ghc. ^C and ^\ reach ghc from the
	// terminal (it is in ahc's process group); ahc waits for it to clean up,
	// then exits with its exit code.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	signal.Notify(make(chan os.Signal, 1), os.Interrupt, syscall.SIGQUIT)

	if ghc.IsSetupScript(args) {
		return runSetupScript(ctx, cfg, ghcPath, args)
	}
	args, env, private, err := ghcCommandLine(args, cfg, ghcPath)
	if err != nil {
		return err
	}
	if done, err := answerGlobalDBQuery(ctx, cfg, args, private, ghcPath, env, c.App.Writer); done || err != nil {
		return err
	}

	keep := os.Getenv("AHC_KEEP_DUMPS") == "1"
	p := newProcessor(ghcPath, args)
	var extra []string
	if os.Getenv(envVerify) == "1" {
		p.verify = true
		extra = verifyFlags
	}
	code, err := ghc.Run(ctx, args, ghc.Config{
		GHC:        ghcPath,
		Env:        env,
		Stdin:      os.Stdin,
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		Processor:  ghc.ProcessorFunc(p.process),
		KeepDumps:  keep,
		ExtraFlags: extra,
	})
	if ctx.Err() != nil {
		return cliutil.ExitError{Code: 128 + int(syscall.SIGTERM)}
	}
	var errs ghc.ModuleErrors
	if errors.As(err, &errs) {
		for _, e := range errs {
			fmt.Fprintf(os.Stderr, "ahc: %v\n", e)
		}
		if !keep {
			fmt.Fprintln(os.Stderr, "ahc: the dumps are gone; with AHC_KEEP_DUMPS=1 ahc keeps them")
		}
		return cliutil.ExitError{Code: 1}
	}
	if err != nil {
		return err
	}
	if code != 0 {
		return cliutil.ExitError{Code: code}
	}
	return nil
}

// envTailCalls makes the wasm objects use tail calls (return_call) for
// Cmm jumps instead of returning to a trampoline (rts/stg-abi.md).
const envTailCalls = "AHC_TAIL_CALLS"

// processor handles each module ghc compiled.
type processor struct {
	pkgs   *packages
	verify bool // AHC_VERIFY_CMM=1
	gen    *generator
}

// newProcessor makes the processor of a ghc command line.
func newProcessor(ghcPath string, args []string) processor {
	return processor{pkgs: newPackages(ghcPath, args), gen: &generator{ghc: ghcPath,
		opts: codegen.Options{TailCalls: os.Getenv(envTailCalls) == "1"}}}
}

// generator compiles Cmm into wasm objects. DerivedConstants.h is read
// once, when the first module needs it.
type generator struct {
	ghc    string
	opts   codegen.Options
	once   sync.Once
	consts map[string]int64
	err    error
}

func (g *generator) compile(ctx context.Context, f *cmm.File, res *cmm.Resolver) ([]byte, error) {
	g.once.Do(func() { g.consts, g.err = codegen.LoadDerivedConstants(ctx, g.ghc) })
	if g.err != nil {
		return nil, g.err
	}
	opts := g.opts
	opts.Constants = g.consts
	obj, _, err := codegen.Compile(f, res, opts)
	if err != nil {
		return nil, err
	}
	return obj.Bytes()
}

// process parses a module's Cmm dump, verifies it when asked to, and writes
// it beside the object as OBJECT.ahc-cmm, and its wasm64 object as
// OBJECT.wasm. On failure it removes both: they would belong to the object
// ghc just replaced.
func (p processor) process(ctx context.Context, m ghc.Module) error {
	out := m.Object + ".ahc-cmm"
	wasmOut := m.Object + ".wasm"
	err := func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := cmm.ParseFile(m.Dump)
		if err != nil {
			return err
		}
		res, err := p.pkgs.resolver(f, m)
		if err != nil {
			return fmt.Errorf("reading the package databases: %w", err)
		}
		if p.verify {
			if err := verify(f, m, res); err != nil {
				return err
			}
		}
		data, err := f.MarshalBinary()
		if err != nil {
			return fmt.Errorf("encoding the Cmm of %s: %w", m, err)
		}
		obj, err := p.gen.compile(ctx, f, res)
		if err != nil {
			return fmt.Errorf("compiling the Cmm of %s to wasm: %w", m, err)
		}
		if err := atomicfile.Write(out, data); err != nil {
			return err
		}
		if err := atomicfile.Write(wasmOut, obj); err != nil {
			return err
		}
		return mergeStubs(ctx, m.Object)
	}()
	if err != nil {
		for _, f := range []string{out, wasmOut} {
			if rmErr := os.Remove(f); rmErr != nil && !errors.Is(rmErr, os.ErrNotExist) {
				err = errors.Join(err, rmErr)
			}
		}
	}
	return err
}
