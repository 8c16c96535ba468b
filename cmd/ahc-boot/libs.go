package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ahc-hs/ahc/boot/libs"
	"github.com/ahc-hs/ahc/boot/rts"
	"github.com/ahc-hs/ahc/config"
	"github.com/urfave/cli/v2"
)

var libsCommand = &cli.Command{
	Name:  "libs",
	Usage: "build the boot packages (base, containers, text, ...) for wasm64 into ahc's package database (needs the rts)",
	Description: "Compiles the boot packages of the ghc source package with the ahc next to\n" +
		"ahc-boot, through Cabal (ahc-pkg, ahc-ar, ahc-cc beside it), against the rts\n" +
		"stage's rts unit, into <cache>/pkgdb/current (see `ahc-pkg list`). Patches and\n" +
		"settings are in boot-libs/. Logs: <cache>/logs/libs-PACKAGE.log.",
	Flags: []cli.Flag{
		&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Usage: "ghc's parallel jobs per package (0: one per CPU)"},
		&cli.BoolFlag{Name: "keep-failed", Usage: "keep the scratch directory of a failed build for inspection"},
	},
	Action: stages(bootLibs),
}

func bootLibs(ctx context.Context, c *cli.Context, cfg config.Config) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding ahc-boot itself, to find ahc next to it: %w", err)
	}
	if _, err := rts.Find(cfg.CacheDir); err != nil {
		return err
	}
	// The packages name the RTS by its stable "current" path: an RTS
	// rebuilt with the same headers serves the same packages.
	rtsDir := rts.Current(cfg.CacheDir)
	conf, err := rts.Conf(rtsDir)
	if err != nil {
		return err
	}
	dir, err := libs.Build(ctx, libs.Options{
		Config:     cfg,
		Bin:        filepath.Dir(self),
		RTS:        libs.RTS{Dir: rtsDir, Conf: conf},
		Jobs:       c.Int("jobs"),
		Progress:   os.Stderr,
		KeepFailed: c.Bool("keep-failed"),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "ahc-boot: package database ready at %s\n", dir)
	return nil
}
