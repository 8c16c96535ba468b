// Command ahc-run runs a WebAssembly module that ahc built: on the embedded
// Go host (wazero) by default, or on Node.js with ahc's JavaScript runtime.
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/ahc-hs/ahc/linker/dist"
	"github.com/ahc-hs/ahc/rts/host"
	"github.com/ahc-hs/ahc/rts/js"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/urfave/cli/v2"
)

const description = `MODULE is a WebAssembly module, or a pseudo-executable that ahc-ld wrote,
which ahc-run links first (as ahc-dist does, with its default options) and
keeps linked in ahc's cache: a pseudo-executable names ahc-run in its first
line, so running it (./hello, or cabal run) runs it here.

The program sees ARGS as its arguments (argv[0] is the module's name without
.wasm), the environment of ahc-run, its standard streams, and the directory
--dir (default: the current directory) pre-opened as ".", outside which it
cannot reach. A pseudo-executable run on the embedded host without --dir
sees the host's whole filesystem instead, pre-opened as "/", and starts in
the current directory, as a native program does: build tools and test
suites that cabal runs name their files by absolute paths. ahc-run exits
with the program's exit code.

Options must come before MODULE; everything after it goes to the program.`

func main() {
	app := &cli.App{
		Name:        "ahc-run",
		Usage:       "run a module built by ahc on the embedded host or on Node.js",
		UsageText:   "ahc-run [options] MODULE.wasm|PSEUDO-EXE [ARGS...]",
		Description: description,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "node", Usage: "run on Node.js (20 or newer) instead of the embedded host"},
			&cli.StringFlag{Name: "dir", Usage: "directory the program sees as its current directory", Value: "."},
			&cli.BoolFlag{Name: "tail-calls", Usage: "enable the tail-call proposal on the embedded host (modules linked with ahc-dist --tail-calls need it; Node.js 20 has it on)"},
		},
		Action: run,
	}
	cliutil.Main(app)
}

func run(c *cli.Context) error {
	if !c.Args().Present() {
		return cliutil.UsageError("no module given (see --help)")
	}
	module := c.Args().First()
	args := c.Args().Tail()
	dir, err := filepath.Abs(c.String("dir"))
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	name := programName(module)
	exe, err := isPseudoExecutable(module)
	if err != nil {
		return err
	}
	if exe {
		// Linked once, then taken from the cache (dist.Cached).
		if module, err = dist.Cached(ctx, cfg, module); err != nil {
			return err
		}
	}

	var code int
	if c.Bool("node") {
		node, err := tools.Lookup(cfg.Tools.Node, "nodejs")
		if err != nil {
			return err
		}
		code, err = js.RunNode(ctx, module, js.NodeConfig{
			Node: node, Args: args, Env: os.Environ(), Dir: dir,
			Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		})
		if err != nil {
			return err
		}
	} else {
		wasm, err := os.ReadFile(module)
		if err != nil {
			return err
		}
		code, err = host.Run(ctx, wasm, host.Config{
			Args: append([]string{name}, args...), Env: os.Environ(), Dir: dir,
			Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
			HostFS:           exe && !c.IsSet("dir"),
			TailCalls:        c.Bool("tail-calls"),
			CompilationCache: host.CompilationCacheDir(cfg.CacheDir),
		})
		if err != nil {
			return fmt.Errorf("%s: %w", module, err)
		}
	}
	if code != 0 {
		return cliutil.ExitError{Code: code}
	}
	return nil
}

// programName is the module's file name without ".wasm", as on Node.js.
func programName(module string) string {
	return strings.TrimSuffix(filepath.Base(module), ".wasm")
}

// isPseudoExecutable reports whether path is a pseudo-executable (what
// ahc-ld writes) rather than a WebAssembly module.
func isPseudoExecutable(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	magic := make([]byte, 4)
	if _, err := io.ReadFull(f, magic); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	return !bytes.Equal(magic, []byte("\x00asm")), nil
}
