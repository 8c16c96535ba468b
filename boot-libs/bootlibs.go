// Package bootlibs holds ahc's settings and patches for the boot packages
// (ghc-prim, ghc-bignum, base), which the boot's "libs" stage (boot/libs)
// builds from the ghc source package for wasm64.
//
// patches/PACKAGE/*.patch are applied, in name order, with patch -p1 in
// the package's directory (libraries/PACKAGE of the source package) before
// it is configured. They are part of the stage's cache key.
package bootlibs

import (
	"embed"
	"io/fs"
	"path"
	"sort"
)

//go:embed patches
var patches embed.FS

// Package is how one boot package is built.
type Package struct {
	Name    string
	Version string // the version its .cabal file has (checked)
	// UnitID is the unit id GHC wires in: the symbols of its code are
	// prefixed by it (ghczmprim_..., base_...).
	UnitID string
	// Configure are the package's own Setup configure arguments.
	Configure []string
	// UsesCC says configure and hsc2hs must see ahc's C compiler
	// (--with-gcc=ahc-cc) and run the programs it links.
	UsesCC bool
}

// Packages are the boot packages, in dependency order.
var Packages = []Package{
	{Name: "ghc-prim", Version: "0.7.0", UnitID: "ghc-prim"},
	{Name: "ghc-bignum", Version: "1.1", UnitID: "ghc-bignum",
		Configure: []string{"--flags=native -gmp -ffi"}},
	{Name: "base", Version: "4.15.1.0", UnitID: "base", UsesCC: true,
		// configure's answers it cannot find on wasi-libc, which has no
		// signals without its emulation: GHC.TopHandler exits with
		// -SIGINT, and Foreign.C.Types needs a CSigAtomic (wasm64's
		// wasi-libc makes sig_atomic_t a long). clockid_t is a pointer
		// in wasi-libc, which configure takes for a Double.
		Configure: []string{
			"--configure-option=fp_cv_const_SIGINT=2",
			"--configure-option=fptools_cv_htype_sig_atomic_t=Int64",
			"--configure-option=fptools_cv_htype_sup_sig_atomic_t=yes",
			"--configure-option=fptools_cv_htype_clockid_t=Word64",
			"--configure-option=fptools_cv_htype_sup_clockid_t=yes",
		}},
}

// Patches returns the names (below the embedded FS) and contents of the
// patches of the package, in the order they apply.
func Patches(pkg string) ([]string, map[string][]byte, error) {
	dir := path.Join("patches", pkg)
	ents, err := fs.ReadDir(patches, dir)
	if err != nil {
		return nil, nil, nil // no patches
	}
	var names []string
	data := map[string][]byte{}
	for _, e := range ents {
		if e.IsDir() || path.Ext(e.Name()) != ".patch" {
			continue
		}
		name := path.Join(dir, e.Name())
		b, err := fs.ReadFile(patches, name)
		if err != nil {
			return nil, nil, err
		}
		names = append(names, name)
		data[name] = b
	}
	sort.Strings(names)
	return names, data, nil
}

// FS is the embedded patches, for the cache key.
func FS() fs.FS { return patches }
