// Command ahc-dist turns a pseudo-executable into a WebAssembly module and its JavaScript.
package main

import "github.com/ahc-hs/ahc/internal/cliutil"

func main() {
	cliutil.Main(cliutil.NotYet("ahc-dist", "turns a pseudo-executable into a WebAssembly module and its JavaScript",
		"ahc-dist --input-exe links a pseudo-executable built by Cabal for Node.js, browsers or the embedded host."))
}
