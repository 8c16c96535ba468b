// Command ahc-cabal runs cabal-install with ahc as the compiler: Cabal
// projects built for WebAssembly, from the package set.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"syscall"

	ahc "github.com/ahc-hs/ahc"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/atomicfile"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/ahc-hs/ahc/pkgdb"
	"github.com/ahc-hs/ahc/pkgset"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/ahc-hs/ahc/wrappers/cabal"
	"github.com/urfave/cli/v2"
)

const help = `ahc-cabal - Cabal projects for WebAssembly: cabal-install with ahc as the compiler

Usage: ahc-cabal [cabal's arguments]

ahc-cabal runs Debian's cabal-install (3.4) with a configuration of its own, in
$AHC_CACHE_DIR/cabal (never your ~/.cabal): ahc, ahc-pkg, ahc-ar, ahc-cc and
ahc-ld as the compiler and its programs, static libraries only, a store of
its own, and one repository, the package set's (ahc-boot pkgset): Debian 12's
Haskell libraries, one version each, pinned in ahc's cabal.config. Sources
are fetched by name with apt-get source the first time a project needs them;
the rest works offline.

Every cabal command and flag passes through. The commands that build a
project (build, run, test, bench, install, repl, freeze, configure, haddock,
exec, list-bin and their v2-/new- spellings) also get:
    --builddir=dist-newstyle/ahc/T unless you give one: native and wasm builds
                                   of one project never mix, nor builds by two
                                   toolchains T (the boot's package database)
    --constraint=any.P ==V         the pins of the package set's packages the
                                   project may need

Executables come out as pseudo-executables: run them (./my-exe, cabal run,
cabal test) and they are linked once, kept in ahc's cache, and run on the
embedded host by ahc-run; ahc-dist --input-exe turns one into a .wasm and
its JavaScript.

Examples:
    ahc-cabal v2-build all
    ahc-cabal v2-run my-exe -- args
    ahc-cabal v2-test
    ahc-cabal v2-install exe:my-exe --installdir out --install-method=copy
    ahc-dist --input-exe out/my-exe --output-directory web

Environment:
    AHC_CABAL     the real cabal-install (see ahc's configuration in the README)
    AHC_CACHE_DIR ahc's cache (the package database, the store, the repository)

cabal's own help: ahc-cabal help, ahc-cabal COMMAND --help.`

func main() {
	app := &cli.App{
		Name:            "ahc-cabal",
		Usage:           "build Cabal projects for WebAssembly: cabal-install with ahc as the compiler",
		SkipFlagParsing: true, // the arguments are cabal's
		HideHelp:        true,
		Action:          run,
	}
	cliutil.Main(app)
}

func run(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) == 0 || len(args) == 1 && (args[0] == "--help" || args[0] == "-h") {
		fmt.Fprintln(c.App.Writer, help)
		return nil
	}
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	cabalPath, err := tools.Lookup(cfg.Tools.Cabal, "cabal-install")
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding ahc-cabal itself: %w", err)
	}
	bin := filepath.Dir(self)
	for _, exe := range []string{"ahc", "ahc-pkg", "ahc-ar", "ahc-cc", "ahc-ld", "ahc-run"} {
		if _, err := os.Stat(filepath.Join(bin, exe)); err != nil {
			return fmt.Errorf("%s is not installed beside ahc-cabal (run make build): %w", exe, err)
		}
	}
	db := pkgdb.Location(cfg.CacheDir, os.Getenv)
	if !pkgdb.Exists(db) {
		return &pkgdb.MissingError{Dir: db}
	}
	resolved, err := filepath.EvalSymlinks(db)
	if err != nil {
		return err
	}
	setup := cabal.Setup{Bin: bin, Home: filepath.Join(cfg.CacheDir, "cabal"), Repo: pkgset.RepoDir(cfg.CacheDir),
		Toolchain: filepath.Base(resolved)}
	if err := writeConfig(setup); err != nil {
		return err
	}
	cmd := cabal.ParseCommand(args)
	var plan cabal.SetPlan
	if cmd.BuildsProject() {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		if plan, err = prepare(ctx, cfg, cmd, os.Stderr); err != nil {
			return err
		}
	}
	env := append(os.Environ(),
		"CABAL_DIR="+setup.Home,
		// A pseudo-executable's launcher may be the ahc-run on PATH.
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		// configure scripts and hsc2hs run the programs they compile.
		"AHC_CC_RUNNABLE=1",
	)
	argv := append([]string{cabalPath}, setup.Rewrite(cmd, plan)...)
	// cabal takes over: its signals, output and exit code are ahc-cabal's.
	return syscall.Exec(cabalPath, argv, env)
}

// writeConfig writes cabal's configuration into setup.Home when it
// differs, atomically: concurrent runs see one or the other.
func writeConfig(setup cabal.Setup) error {
	path := filepath.Join(setup.Home, "config")
	text := setup.Config()
	if old, err := os.ReadFile(path); err == nil && string(old) == text {
		return nil
	}
	if err := os.MkdirAll(setup.Home, 0o755); err != nil {
		return err
	}
	return atomicfile.Write(path, []byte(text))
}

// prepare makes sure the local repository holds the package set's
// packages that the project and the command's targets may need, and
// returns what the set says of them.
func prepare(ctx context.Context, cfg config.Config, cmd cabal.Command, progress io.Writer) (cabal.SetPlan, error) {
	var plan cabal.SetPlan
	wd, err := os.Getwd()
	if err != nil {
		return plan, err
	}
	proj, err := cabal.FindProject(wd, cmd)
	if err != nil {
		return plan, err
	}
	set, repo, err := pkgset.Load(ctx, cfg, ahc.CabalConfig, progress)
	if err != nil {
		return plan, err
	}
	closure, err := repo.EnsureClosure(ctx, set, proj.Roots(cmd.Targets()))
	if err != nil {
		if errors.Is(ctx.Err(), context.Canceled) {
			return plan, cliutil.ExitError{Code: 130}
		}
		return plan, err
	}
	for _, l := range closure.Libs {
		plan.Pins = append(plan.Pins, pkgset.Pin{Name: l.Name, Version: l.Version})
		if slices.Contains(closure.SetupNeeds[l.Name], "Cabal") {
			plan.SetupCabal = append(plan.SetupCabal, l.Name)
		}
	}
	return plan, nil
}
