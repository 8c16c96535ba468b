package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ahc-hs/ahc/boot/rts"
	"github.com/ahc-hs/ahc/config"
	"github.com/urfave/cli/v2"
)

var rtsCommand = &cli.Command{
	Name:  "rts",
	Usage: "build GHC's RTS for wasm64 (needs the sysroot and derived)",
	Description: "Compiles the RTS of the ghc source package, patched by rts/patches and\n" +
		"completed by the port layer rts/port, in the ways ghc links for -debug, -eventlog\n" +
		"and -threaded (one capability: WASI has no threads): C with clang for wasm64,\n" +
		"every .cmm file (AutoApply.cmm from GHC's genapply) through the ahc next to\n" +
		"ahc-boot. The result is lib/libHSrts.a, lib/libHSrts_thr.a, ..., include/ and\n" +
		"rts.conf in the cache.",
	Flags: []cli.Flag{
		&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Usage: "parallel compile jobs (0: one per CPU)"},
		&cli.BoolFlag{Name: "keep-failed", Usage: "keep the scratch directory of a failed build for inspection"},
	},
	Action: stages(bootRTS),
}

func bootRTS(ctx context.Context, c *cli.Context, cfg config.Config) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding ahc-boot itself, to find ahc next to it: %w", err)
	}
	ahc := filepath.Join(filepath.Dir(self), "ahc")
	if _, err := os.Stat(ahc); err != nil {
		return fmt.Errorf("the rts stage compiles .cmm files with the ahc next to ahc-boot: %w (run `make build`)", err)
	}
	dir, err := rts.Build(ctx, rts.Options{
		Config:     cfg,
		Ahc:        ahc,
		Jobs:       c.Int("jobs"),
		Progress:   os.Stderr,
		KeepFailed: c.Bool("keep-failed"),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "ahc-boot: RTS ready at %s\n", dir)
	return nil
}
