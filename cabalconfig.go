// Package ahc holds what the top of the repository gives ahc's programs:
// the package set's pins.
package ahc

import _ "embed"

// CabalConfig is cabal.config: the version of each package of the package
// set (pkgset), in cabal's freeze format.
//
//go:embed cabal.config
var CabalConfig []byte
