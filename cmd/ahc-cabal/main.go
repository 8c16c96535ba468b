// Command ahc-cabal runs cabal-install with ahc as the compiler.
package main

import "github.com/ahc-hs/ahc/internal/cliutil"

func main() {
	cliutil.Main(cliutil.NotYet("ahc-cabal", "runs cabal-install with ahc as the compiler",
		"ahc-cabal new-build builds Cabal projects with ahc, ahc-pkg, ahc-ar and ahc-ld."))
}
