// Command ahc-boot builds what ahc needs once per machine and caches it
// outside the source tree, keyed by a hash of its inputs: the wasm64 C
// sysroot and DerivedConstants.h for wasm64; later GHC's RTS and the boot
// libraries.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/ahc-hs/ahc/boot/derived"
	"github.com/ahc-hs/ahc/boot/sysroot"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/urfave/cli/v2"
)

func main() {
	cliutil.Main(newApp())
}

func newApp() *cli.App {
	jobs := &cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Usage: "parallel compile jobs (0: one per CPU)"}
	keepFailed := &cli.BoolFlag{Name: "keep-failed", Usage: "keep the scratch directory of a failed build for inspection"}
	return &cli.App{
		Name:  "ahc-boot",
		Usage: "build and cache ahc's runtime pieces (run by `make setup`)",
		Description: "Each stage is cached under $AHC_CACHE_DIR (default ~/.cache/ahc) by a hash of its\n" +
			"inputs; a stage whose inputs have not changed takes no time. An interrupted\n" +
			"build never leaves a result that a later run would take for a complete one.\n" +
			"Without a command, ahc-boot runs every stage, in order: sysroot, derived, rts, libs,\n" +
			"and checks the package set's pins (pkgset).",
		Flags:  []cli.Flag{jobs, keepFailed},
		Action: stages(bootSysroot, bootDerived, bootRTS, bootLibs, bootPkgsetStage),
		Commands: []*cli.Command{{
			Name:   "sysroot",
			Usage:  "build wasi-libc for wasm64 from the Debian source package, with ahc's patches",
			Flags:  []cli.Flag{jobs, keepFailed},
			Action: stages(bootSysroot),
		}, {
			Name:  "derived",
			Usage: "derive DerivedConstants.h for wasm64 with GHC's deriveConstants (needs the sysroot)",
			Description: "Builds utils/deriveConstants from the ghc source package with the host ghc and\n" +
				"runs it with clang for wasm64 over the sysroot's and the RTS's headers. The\n" +
				"result must equal the installed ghc's x86_64 DerivedConstants.h, whose\n" +
				"offsets the Cmm ghc emits uses: ahc-boot says whether it does, and the test\n" +
				"of boot/derived fails when it does not.",
			Flags:  []cli.Flag{keepFailed},
			Action: stages(bootDerived),
		}, rtsCommand, libsCommand, pkgsetCommand, pinsCommand, {
			// What deriveConstants runs as nm: see derived.Nm.
			Name:            derived.NmCommand,
			Usage:           "print the data symbols of wasm objects with their sizes, as nm -P does",
			UsageText:       "ahc-boot nm -P FILE...",
			Hidden:          true,
			SkipFlagParsing: true,
			Action: func(c *cli.Context) error {
				return derived.Nm(c.Args().Slice(), os.Stdout)
			},
		}},
	}
}

type stage func(ctx context.Context, c *cli.Context, cfg config.Config) error

// stages is the action that runs the given stages in order.
func stages(ss ...stage) cli.ActionFunc {
	return func(c *cli.Context) error {
		if c.Args().Present() {
			return cliutil.UsageError("unexpected argument %q (see --help)", c.Args().First())
		}
		cfg, err := config.Load()
		if err != nil {
			return err
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		for _, s := range ss {
			if err := s(ctx, c, cfg); err != nil {
				return err
			}
		}
		return nil
	}
}

func bootSysroot(ctx context.Context, c *cli.Context, cfg config.Config) error {
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

func bootDerived(ctx context.Context, c *cli.Context, cfg config.Config) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("finding ahc-boot itself, to run as nm: %w", err)
	}
	header, err := derived.Build(ctx, derived.Options{
		Config:     cfg,
		Progress:   os.Stderr,
		KeepFailed: c.Bool("keep-failed"),
		Nm:         []string{self, derived.NmCommand},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "ahc-boot: %s for wasm64 ready at %s\n", derived.Header, header)
	return compareWithInstalled(ctx, cfg, header)
}

// compareWithInstalled says whether the wasm64 header equals the x86_64 one.
// A difference is reported, not fatal: `make test` fails on it, with the
// list, and this stage has done its job of deriving the header.
func compareWithInstalled(ctx context.Context, cfg config.Config, header string) error {
	ghc, err := tools.Lookup(cfg.Tools.GHC, "ghc")
	if err != nil {
		return err
	}
	inc, err := derived.IncludeDir(ctx, ghc)
	if err != nil {
		return err
	}
	want, err := os.ReadFile(filepath.Join(inc, derived.Header))
	if err != nil {
		return err
	}
	got, err := os.ReadFile(header)
	if err != nil {
		return err
	}
	cmp := derived.Compare(want, got)
	if len(cmp.Differences) == 0 {
		fmt.Fprintf(os.Stderr, "ahc-boot: all %d constants equal the installed x86_64 %s\n", cmp.Constants, derived.Header)
		return nil
	}
	fmt.Fprintf(os.Stderr, "ahc-boot: warning: %d of %d constants differ from the installed x86_64 %s:\n",
		len(cmp.Differences), cmp.Constants, derived.Header)
	for _, d := range cmp.Differences {
		fmt.Fprintf(os.Stderr, "    %s\n", d)
	}
	return nil
}
