// Command ahc-ar creates archives of wasm objects; stands in for ar.
package main

import (
	"context"
	"os"

	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/ahc-hs/ahc/wrappers/ar"
	"github.com/urfave/cli/v2"
)

const description = `ahc-ar takes ar's command line, as Cabal writes it (ar -r -c LIB.a @RSP,
ar -q LIB.a FILES..., ar rcs LIB.a FILES...). In ahc's world a package's
archive holds wasm objects: for each member file X.o, ahc-ar stores X.o's wasm
twin X.o.wasm (which ahc and ahc-cc write beside every native object) under the
member name X.o, with llvm-ar and the same operation, and always with a symbol
index. A member that is a wasm object itself is stored as it is; a member
without a twin is an error that names it. Other operations (t, x, d, p) run
llvm-ar unchanged.`

func main() {
	cliutil.Main(&cli.App{
		Name:            "ahc-ar",
		Usage:           "creates archives of wasm objects; stands in for ar",
		UsageText:       "ahc-ar [-]OPERATION[MODIFIERS] ARCHIVE [MEMBER... | @RESPONSE-FILE]",
		Description:     description,
		SkipFlagParsing: true,
		HideHelp:        true,
		Action:          run,
	})
}

func run(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) == 1 && (args[0] == "--help" || args[0] == "-h") {
		return cli.ShowAppHelp(c)
	}
	cmd, err := ar.Parse(args)
	if err != nil {
		return cliutil.UsageError("%v", err)
	}
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	llvmAr, err := tools.Lookup(cfg.Tools.LLVMAr, "llvm")
	if err != nil {
		return err
	}
	return ar.Run(context.Background(), llvmAr, cmd, os.Stdout, os.Stderr)
}
