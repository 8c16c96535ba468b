// Command ahc-ar creates archives of wasm objects; stands in for ar.
package main

import "github.com/ahc-hs/ahc/internal/cliutil"

func main() {
	cliutil.Main(cliutil.NotYet("ahc-ar", "creates archives of wasm objects; stands in for ar",
		"Cabal calls ahc-ar to pack a library's objects into an archive."))
}
