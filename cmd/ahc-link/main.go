// Command ahc-link compiles a Haskell program and links it into a WebAssembly module.
package main

import "github.com/ahc-hs/ahc/internal/cliutil"

func main() {
	cliutil.Main(cliutil.NotYet("ahc-link", "compiles a Haskell program and links it into a WebAssembly module",
		"ahc-link --input-hs Main.hs compiles, links and, with --run, runs a program."))
}
