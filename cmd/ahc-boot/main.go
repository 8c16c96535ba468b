// Command ahc-boot builds what ahc needs once per machine and caches it
// outside the source tree, keyed by a hash of its inputs: for now the wasm64
// C sysroot; later GHC's RTS and the boot libraries.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/ahc-hs/ahc/boot/sysroot"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/urfave/cli/v2"
)

func main() {
	flags := []cli.Flag{
		&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Usage: "parallel compile jobs (0: one per CPU)"},
		&cli.BoolFlag{Name: "keep-failed", Usage: "keep the scratch directory of a failed build for inspection"},
	}
	app := &cli.App{
		Name:  "ahc-boot",
		Usage: "build and cache ahc's runtime pieces (run by `make setup`)",
		Description: "Each stage is cached under $AHC_CACHE_DIR (default ~/.cache/ahc) by a hash of its\n" +
			"inputs; a stage whose inputs have not changed takes no time. An interrupted\n" +
			"build never leaves a result that a later run would take for a complete one.\n" +
			"Without a command, ahc-boot runs every stage.",
		Flags:  flags,
		Action: bootSysroot,
		Commands: []*cli.Command{{
			Name:   "sysroot",
			Usage:  "build wasi-libc for wasm64 from the Debian source package, with ahc's patches",
			Flags:  flags,
			Action: bootSysroot,
		}},
	}
	cliutil.Main(app)
}

func bootSysroot(c *cli.Context) error {
	if c.Args().Present() {
		return cliutil.UsageError("unexpected argument %q (see --help)", c.Args().First())
	}
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	dir, err := sysroot.Build(ctx, sysroot.Options{
		Config:     cfg,
		Jobs:       c.Int("jobs"),
		Progress:   os.Stderr,
		KeepFailed: c.Bool("keep-failed"),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "ahc-boot: sysroot ready at %s\n", dir)
	return nil
}
