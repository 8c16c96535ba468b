// Command ahc-ld stands in for the linker that ghc and Cabal call: instead
// of linking, it records the link as a pseudo-executable (linker/task) that
// ahc-dist turns into a WebAssembly module.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ahc-hs/ahc/boot/sysroot"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/linker/ldcmd"
	"github.com/ahc-hs/ahc/linker/task"
	"github.com/ahc-hs/ahc/toolchain/clang"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/urfave/cli/v2"
)

// versionLine is what ahc-ld answers to --version: ghc looks for "LLD" to
// learn that the linker is GNU-compatible.
const versionLine = "LLD 14 (ahc-ld: records links for wasm-ld; compatible with GNU linkers)"

const description = `ahc-ld takes the gcc-style link command lines ghc runs (ahc passes
-pgml ahc-ld to ghc), @response files included:

   -o OUT          the pseudo-executable to write (default a.out)
   OBJ             an object; its wasm twin OBJ.wasm (e.g. Main.o.wasm) is
                   copied into OUT. ghc's temporary objects are gone after
                   the link, hence the copy.
   -L DIR, -l NAME archives: libNAME.a in the -L directories, recorded by
                   absolute path (libc, libm, librt, libdl, libpthread and
                   libffi are skipped when no -L directory has them)
   -Wl,-u,SYM      keep SYM (also -u SYM, -Wl,--undefined=SYM)
   -Wl,FLAG        other linker flags, passed to wasm-ld by ahc-dist

gcc flags that mean nothing for wasm (-no-pie, -fno-PIC, -fuse-ld=...,
-pthread, -Wl,--gc-sections, -Wl,--no-as-needed, ...) are ignored; any other
flag is an error.

With -r, ahc-ld merges objects as ld -r does (ghc needs -pgmlm ahc-ld
-optlm -r: a -pgmlm program gets no -r of its own):
the native objects with the system's ld -r into OUT, their twins with
wasm-ld -r into OUT.wasm. When one object is ghc's freshly compiled Haskell
object, whose twin ahc writes after ghc has finished, the others' twins go
to OUT.stubs.wasm, which ahc merges into OUT.wasm. GNU ld scripts of the form INPUT("a.o" "b.o"),
which ghc writes for merges, stand for the objects they name.

OUT is a tar archive holding the manifest ahc-link-task.json and the objects
(see the documentation of package linker/task). It is executable: its first
line names the ahc-run beside ahc-ld, which links it once (cached) and runs
it on the embedded host, so "./hello a b" runs the program as a native
executable would.

Examples:
   ghc -pgml ahc-ld Main.hs -o hello     (what ahc does)
   ahc-ld -o hello Main.o -L db/base -lHSbase -Wl,-u,hs_main
   ahc-dist --input-exe hello
   ahc-ld -r -o Both.o A.o B.o           (writes Both.o and Both.o.wasm)`

func main() {
	app := &cli.App{
		Name:            "ahc-ld",
		Usage:           "record a link as a pseudo-executable for ahc-dist",
		UsageText:       "ahc-ld [gcc-style link arguments...]",
		Description:     description,
		SkipFlagParsing: true,
		Action:          run,
	}
	cliutil.Main(app)
}

// merge does ahc-ld -r: the native objects and their twins are merged
// separately.
func merge(ctx context.Context, cmd *ldcmd.Command) error {
	if err := cmd.ExpandScripts(); err != nil {
		return err
	}
	twins, pending, err := cmd.MergeTwins()
	if err != nil {
		return err
	}
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	ld, err := tools.Lookup("ld", "binutils")
	if err != nil {
		return err
	}
	wasmLD, err := tools.Lookup(cfg.Tools.WasmLD, "lld")
	if err != nil {
		return err
	}
	if _, err := tools.Output(ctx, ld, append([]string{"-r", "--build-id=none", "-o", cmd.Output}, cmd.Objects...)...); err != nil {
		return fmt.Errorf("merging native objects into %s: %w", cmd.Output, err)
	}
	var paths []string
	for _, tw := range twins {
		paths = append(paths, tw.Path)
	}
	out := cmd.Output + ldcmd.TwinSuffix
	if pending {
		out = cmd.Output + ldcmd.StubsSuffix
	}
	if len(paths) == 0 {
		return nil
	}
	return linker.MergeObjects(ctx, wasmLD, paths, out)
}

func run(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) == 1 && (args[0] == "--help" || args[0] == "-h") {
		return cli.ShowAppHelp(c)
	}
	if len(args) == 0 {
		return cliutil.UsageError("no input files (see --help)")
	}
	args, err := ldcmd.ExpandResponseFiles(args, os.ReadFile)
	if err != nil {
		return err
	}
	cmd, err := ldcmd.Parse(args)
	if err != nil {
		return cliutil.UsageError("%v", err)
	}
	if cmd.Version {
		fmt.Fprintln(c.App.Writer, versionLine)
		return nil
	}
	if cmd.Relocatable {
		return merge(c.Context, cmd)
	}
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	// Without a sysroot, -l finds only what the -L directories hold; the
	// program's link reports the missing sysroot itself.
	if root, err := sysroot.Find(cfg.CacheDir); err == nil {
		cmd.SysLibDir = clang.LibDir(root)
	}
	t, err := cmd.Task()
	if err != nil {
		return err
	}
	t.Launcher = launcher()
	return t.WriteFile(cmd.Output)
}

// launcher is the interpreter line that makes a pseudo-executable run
// itself (linker/task): the ahc-run installed beside ahc-ld, or, when its
// path is too long for the line, the ahc-run on PATH.
func launcher() string {
	if self, err := os.Executable(); err == nil {
		run := filepath.Join(filepath.Dir(self), "ahc-run")
		if _, err := os.Stat(run); err == nil && len(run) <= task.MaxLauncher {
			return run
		}
	}
	return "/usr/bin/env ahc-run"
}
