// Command ahc-ld records a link task; stands in for the linker that ghc and Cabal call.
package main

import "github.com/ahc-hs/ahc/internal/cliutil"

func main() {
	cliutil.Main(cliutil.NotYet("ahc-ld", "records a link task; stands in for the linker that ghc and Cabal call",
		"ahc-ld writes a pseudo-executable: the objects, archives and flags of a link, which ahc-dist turns into a module."))
}
