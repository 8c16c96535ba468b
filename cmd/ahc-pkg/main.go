// Command ahc-pkg manages ahc's private package database; a drop-in replacement for ghc-pkg.
package main

import "github.com/ahc-hs/ahc/internal/cliutil"

func main() {
	cliutil.Main(cliutil.NotYet("ahc-pkg", "manages ahc's private package database; a drop-in replacement for ghc-pkg",
		"ahc-pkg runs ghc-pkg over the package database that ahc-boot fills and ahc-cabal installs into."))
}
