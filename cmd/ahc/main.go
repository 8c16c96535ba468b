// Command ahc compiles Haskell to WebAssembly; a drop-in replacement for ghc.
package main

import "github.com/ahc-hs/ahc/internal/cliutil"

func main() {
	cliutil.Main(cliutil.NotYet("ahc", "compiles Haskell to WebAssembly; a drop-in replacement for ghc",
		"ahc runs the real ghc with ahc's package database and flags, keeps the native objects ghc writes and writes a wasm64 object beside each. Cabal and users call it exactly like ghc."))
}
