package main

import (
	"context"
	"fmt"
	"os"

	ahc "github.com/ahc-hs/ahc"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/ahc-hs/ahc/pkgset"
	"github.com/urfave/cli/v2"
)

const pinsHeader = `ahc's package set: one version of every package, as a Stackage snapshot
pins them. Debian 12's Haskell libraries, which Debian builds against this
same ghc 9.0.2, ghc 9.0.2's own packages, and the native build tools (alex,
c2hs, happy, hsc2hs) that Debian installs. Written by ahc-boot pins; read
by ahc-cabal and ahc-boot pkgset.`

var pkgsetCommand = &cli.Command{
	Name:      "pkgset",
	Usage:     "check the package set's pins against Debian's archive; fetch sources into the local repository",
	UsageText: "ahc-boot pkgset [--all | PACKAGE...]",
	Description: "The pins are the repository's cabal.config, built into ahc. Each package's source\n" +
		"is its Debian source package, fetched with apt-get source (Debian's patches\n" +
		"applied) and laid out as NAME-VERSION.tar.gz in the local repository\n" +
		"($AHC_CACHE_DIR/pkgset/repo) that ahc-cabal builds from. ahc-cabal fetches what\n" +
		"a project needs by itself; ahc-boot pkgset PACKAGE... fetches those packages\n" +
		"and what they need ahead of time, --all the whole set.",
	Flags: []cli.Flag{&cli.BoolFlag{Name: "all", Usage: "fetch the source of every package of the set"}},
	Action: func(c *cli.Context) error {
		cfg, err := config.Load()
		if err != nil {
			return err
		}
		var names []string
		if !c.Bool("all") {
			names = c.Args().Slice()
		}
		return bootPkgset(c.Context, cfg, names, c.Bool("all"))
	},
}

var pinsCommand = &cli.Command{
	Name:  "pins",
	Usage: "print new pins for cabal.config: every Haskell library of Debian's archive and ghc's packages",
	Action: func(c *cli.Context) error {
		if c.Args().Present() {
			return cliutil.UsageError("unexpected argument %q (see --help)", c.Args().First())
		}
		cfg, err := config.Load()
		if err != nil {
			return err
		}
		t, err := pkgset.ToolsOf(cfg)
		if err != nil {
			return err
		}
		arch, err := pkgset.LoadArchive(c.Context, cfg.CacheDir, t)
		if err != nil {
			return err
		}
		_, err = os.Stdout.Write(pkgset.FormatPins(pkgset.PinsOf(arch), pinsHeader))
		return err
	},
}

// bootPkgset checks the pins, and fetches the named packages with what
// they need (all of them with all).
func bootPkgset(ctx context.Context, cfg config.Config, names []string, all bool) error {
	set, repo, err := pkgset.Load(ctx, cfg, ahc.CabalConfig, os.Stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "ahc-boot: package set of %d packages (%d with sources of their own) matches Debian's archive\n", set.Len(), len(set.Libraries()))
	for _, n := range names {
		if _, ok := set.Pin(n); !ok {
			return fmt.Errorf("%s is not a package of the package set", n)
		}
	}
	var libs []*pkgset.Library
	if all {
		libs = set.Libraries()
		if err := repo.Ensure(ctx, libs); err != nil {
			return err
		}
	} else {
		closure, err := repo.EnsureClosure(ctx, set, names)
		if err != nil {
			return err
		}
		libs = closure.Libs
	}
	if len(libs) == 0 {
		return nil
	}
	fmt.Fprintf(os.Stderr, "ahc-boot: %d packages in the local repository %s\n", len(libs), repo.Dir)
	return nil
}

func bootPkgsetStage(ctx context.Context, c *cli.Context, cfg config.Config) error {
	return bootPkgset(ctx, cfg, nil, false)
}
