// Command ahc-cmm works on the Cmm that ghc dumps. Its verify command is
// the oracle that proves ahc parses a dump exactly: the data and info
// tables of the parsed dump must equal those ghc wrote into the native
// object of the same compilation.
package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/oracle"
	"github.com/urfave/cli/v2"
)

const verifyDescription = `Parses DUMP (the -ddump-cmm-raw of a Haskell module, or the -ddump-cmm of a
.cmm file) and checks every data declaration and info table in it against
OBJECT, the x86_64 ELF object ghc wrote in the same compilation: the bytes
must be equal outside relocated words, every label reference must be a
relocation with the same target and addend, and every data or info table
symbol of the object must come from the dump. Labels resolve to symbols
with the unit of their module, found in the package databases (the global
one of ghc, and each --package-db).

Assembler temporaries (.L labels: SRTs, thunks, return points) are found
through the order of the data, the relocations that refer to them and the
contents of info tables; an object assembled with --keep-locals
(ghc -opta-Wa,-L) names them all.

Prints "verified N symbols, M bytes, K relocations: 0 mismatches", or the
mismatches and exits with 1. With --verbose it also says how it found the
declarations, and which references it could not check: a difference the
assembler worked out to code at a temporary (the slow entry of a local
function) needs --keep-locals.`

func main() {
	cliutil.Main(newApp())
}

func newApp() *cli.App {
	return &cli.App{
		Name:  "ahc-cmm",
		Usage: "check ahc's reading of ghc's Cmm dumps against ghc's native objects",
		Commands: []*cli.Command{{
			Name:        "verify",
			Usage:       "verify the data and info tables of a Cmm dump against the object file",
			UsageText:   "ahc-cmm verify [--this-unit-id U] [--package-db DB]... OBJECT.o DUMP",
			Description: verifyDescription,
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "this-unit-id", Usage: "unit the module was compiled for (ghc -this-unit-id)", Value: cmm.MainUnit},
				&cli.StringSliceFlag{Name: "package-db", Usage: "package database (directory or ghc-pkg dump file) besides the global one"},
				&cli.StringFlag{Name: "module", Usage: "module the dump compiles (default: inferred from its labels)"},
				&cli.StringFlag{Name: "ghc", Usage: "ghc whose global package database to use (default: ahc's configured ghc)"},
				&cli.BoolFlag{Name: "no-global-package-db", Usage: "do not read ghc's global package database"},
				&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "also say how the declarations were found"},
			},
			Action: verify,
		}},
	}
}

func verify(c *cli.Context) error {
	if c.NArg() != 2 {
		return cliutil.UsageError("verify needs OBJECT.o and DUMP (see ahc-cmm verify --help)")
	}
	objPath, dumpPath := c.Args().Get(0), c.Args().Get(1)
	dbs := c.StringSlice("package-db")
	if !c.Bool("no-global-package-db") {
		ghc := c.String("ghc")
		if ghc == "" {
			cfg, err := config.Load()
			if err != nil {
				return err
			}
			ghc = cfg.Tools.GHC
		}
		global, err := cmm.GlobalPackageDB(ghc)
		if err != nil {
			return err
		}
		dbs = append([]string{global}, dbs...)
	}
	units, err := cmm.LoadPackageDBs(dbs...)
	if err != nil {
		return err
	}
	res, err := oracle.VerifyFiles(objPath, dumpPath, oracle.Config{
		ThisUnit: c.String("this-unit-id"), ThisModule: c.String("module"), Units: units,
	})
	if err != nil {
		return err
	}
	report(c.App.Writer, res, c.Bool("verbose"))
	if len(res.Mismatches) > 0 {
		return cliutil.ExitError{Code: 1}
	}
	return nil
}

func report(w io.Writer, res *oracle.Result, verbose bool) {
	for _, m := range res.Mismatches {
		fmt.Fprintln(w, m)
	}
	if verbose {
		for _, m := range res.Unverified {
			fmt.Fprintf(w, "unverified: %s\n", m)
		}
		hows := make([]string, 0, len(res.Located))
		for how, n := range res.Located {
			hows = append(hows, fmt.Sprintf("%s %d", how, n))
		}
		sort.Strings(hows)
		fmt.Fprintf(w, "found by: %s\n", strings.Join(hows, ", "))
	}
	fmt.Fprintln(w, res.Summary())
}
