// Command ahc-sweep builds packages of the package set for wasm with
// ahc-cabal and reports how many build and why the others fail: the
// 200 packages of the set with the most reverse dependencies in it, and
// a few more that users ask for by name. make pkgset-report runs it.
package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	ahc "github.com/ahc-hs/ahc"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/ahc-hs/ahc/pkgset"
	"github.com/ahc-hs/ahc/pkgset/sweep"
	"github.com/urfave/cli/v2"
)

// extra are packages that users reach for, swept whatever their rank.
var extra = []string{"aeson", "attoparsec", "vector", "unordered-containers", "megaparsec",
	"async", "primitive", "random", "dlist"}

const description = `Each package is built with its dependencies through ahc-cabal, alone (a
project whose one package depends on it, built with --only-dependencies
--keep-going), in an order that builds a package after the swept packages it
needs; a package that needs one seen failing is not built again. Builds go to
ahc-cabal's store, so a second sweep is fast; --work keeps each package's
project and ahc-cabal's output (build.log).

The report counts the packages that build, fail themselves, wait for a
dependency that failed, or have no build plan; groups the failures by cause
(the first error line of the package's build log, without file names); says
the time and the store's size; and ends with the line
  pkgset: N of M packages build for wasm (K wait for Template Haskell)
where K counts the failures that are Template Haskell's, a package's own or
its failed dependency's. Interrupted (Ctrl-C, SIGTERM), it reports the
packages swept so far and exits with 130.`

func main() {
	app := &cli.App{
		Name:        "ahc-sweep",
		Usage:       "build packages of the package set for wasm and report what builds",
		UsageText:   "ahc-sweep [options] [PACKAGE...]",
		Description: description,
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "top", Value: 200, Usage: "sweep the `N` packages with the most reverse dependencies in the set"},
			&cli.StringFlag{Name: "extra", Value: strings.Join(extra, ","), Usage: "also sweep these packages (comma-separated; \"\" for none)"},
			&cli.StringFlag{Name: "work", Usage: "directory for the projects and their output (default: ahc's cache/sweep)"},
		},
		Action: run,
	}
	cliutil.Main(app)
}

func run(c *cli.Context) error {
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	ahcCabal := filepath.Join(filepath.Dir(self), "ahc-cabal")
	if _, err := os.Stat(ahcCabal); err != nil {
		return fmt.Errorf("ahc-cabal is not installed beside ahc-sweep (run make build): %w", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	tools, err := pkgset.ToolsOf(cfg)
	if err != nil {
		return err
	}
	set, err := pkgset.Open(ctx, cfg.CacheDir, ahc.CabalConfig, tools)
	if err != nil {
		return err
	}

	var targets []*pkgset.Library
	what := ""
	if c.Args().Present() {
		for _, name := range c.Args().Slice() {
			l := set.Library(name)
			if l == nil {
				return cliutil.UsageError("%s is not a package of the set", name)
			}
			targets = append(targets, l)
		}
		what = fmt.Sprintf("%d packages named on the command line", len(targets))
	} else {
		var names []string
		if e := c.String("extra"); e != "" {
			names = strings.Split(e, ",")
		}
		if targets, err = sweep.Targets(set, c.Int("top"), names); err != nil {
			return err
		}
		what = fmt.Sprintf("%d packages: the %d of the set with the most reverse dependencies in it, and %s",
			len(targets), c.Int("top"), strings.Join(names, ", "))
	}
	order := make([]string, len(targets))
	for i, l := range targets {
		order[i] = l.Name
	}
	what += "\n  in this order: " + strings.Join(order, " ")

	work := c.String("work")
	if work == "" {
		work = filepath.Join(cfg.CacheDir, "sweep")
	}
	home := filepath.Join(cfg.CacheDir, "cabal")
	store := filepath.Join(home, "store")
	before := diskUsage(store)
	start := time.Now()
	r := &sweep.Runner{AhcCabal: ahcCabal, Work: work, LogsDir: filepath.Join(home, "logs"), Set: set, Progress: os.Stderr}
	fmt.Fprintf(os.Stderr, "sweep: %d packages, one at a time; output in %s\n", len(targets), work)
	results, err := r.Run(ctx, targets)
	if err != nil && ctx.Err() == nil {
		return err
	}
	if err != nil {
		// Interrupted (Ctrl-C, a time limit): report what was swept.
		what += fmt.Sprintf("\n  interrupted after %d of the %d packages", len(results), len(targets))
	}
	sweep.Report(os.Stdout, results, sweep.Summary{
		Description: what, Elapsed: time.Since(start), StoreBefore: before, StoreAfter: diskUsage(store),
	})
	if err != nil {
		return cliutil.ExitError{Code: 130}
	}
	return nil
}

// diskUsage is the size of the files below dir; 0 when it is missing.
func diskUsage(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
