// Command ahc-pkg manages ahc's private package database; a drop-in
// replacement for ghc-pkg.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/ahc-hs/ahc/pkgdb"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/urfave/cli/v2"
)

const description = `ahc-pkg takes exactly ghc-pkg's arguments and runs the real ghc-pkg 9.0.2 with
ahc's private package database as the global database (--global-package-db),
and without the user database: the system's global and user databases are
never read or written. The private database is $AHC_PACKAGE_DB, or
<cache>/pkgdb/current, which 'make setup' (ahc-boot) fills with ghc-prim,
ghc-bignum and base built for wasm64. --package-db=DB stacks DB on top, as
Cabal uses it; --global/--global-package-db refer to the private database.
--user is refused.

Examples:
   ahc-pkg list
   ahc-pkg --package-db=dist/scratch.db register dist/foo.conf`

func main() {
	cliutil.Main(&cli.App{
		Name:            "ahc-pkg",
		Usage:           "manages ahc's private package database; a drop-in replacement for ghc-pkg",
		UsageText:       "ahc-pkg [ghc-pkg's arguments]\n   ahc-pkg --ahc-help",
		Description:     description,
		SkipFlagParsing: true,
		HideHelp:        true, // --help is ghc-pkg's
		Action:          run,
	})
}

func run(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) == 1 && args[0] == "--ahc-help" {
		return cli.ShowAppHelp(c)
	}
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	db := pkgdb.Location(cfg.CacheDir, os.Getenv)
	ghcArgs, needsDB, err := pkgdb.GHCPkgArgs(args, db)
	if err != nil {
		return cliutil.UsageError("%v", err)
	}
	if needsDB {
		if err := pkgdb.Check(db); err != nil {
			return err
		}
	}
	ghcPkg, err := tools.Lookup(cfg.Tools.GHCPkg, "ghc")
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(context.Background(), ghcPkg, ghcArgs...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = pkgdb.Environ(os.Environ())
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return cliutil.ExitError{Code: exit.ExitCode()}
	}
	if err != nil {
		return fmt.Errorf("running ghc-pkg: %w", err)
	}
	return nil
}
