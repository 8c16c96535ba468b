// Package bootlibs holds ahc's settings and patches for the boot packages
// (ghc-prim, ghc-bignum, base and the libraries GHC ships with them:
// containers, bytestring, text, ...), which the boot's "libs" stage
// (boot/libs) builds from the ghc source package for wasm64.
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
	// Dir is its directory below libraries/ in the source package, when
	// not Name.
	Dir string
	// UnitID is its unit id, which prefixes the symbols of its code
	// (ghczmprim_..., base_...): the name GHC wires in for wired-in
	// packages, name-version for the others, as GHC's own build does.
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
			// wasi-libc has no rlim_t, which System.Posix.Types's
			// CRLim (used by unix) stands for: Linux's.
			"--configure-option=fptools_cv_htype_rlim_t=Word64",
			"--configure-option=fptools_cv_htype_sup_rlim_t=yes",
		}},
	// ghc-bignum's compatibility package, which ghc ships: packages
	// with an integer-gmp flag on by default (cryptonite) need it.
	lib("integer-gmp", "1.1"),
	lib("array", "0.5.4.0"),
	lib("deepseq", "1.4.5.0"),
	lib("pretty", "1.1.3.6"),
	lib("filepath", "1.4.2.1"),
	lib("transformers", "0.5.6.2"),
	lib("mtl", "2.2.2"),
	lib("stm", "2.5.0.0"),
	{Name: "containers", Version: "0.6.4.1", Dir: "containers/containers", UnitID: "containers-0.6.4.1"},
	lib("bytestring", "0.10.12.1"),
	lib("binary", "0.8.8.0"),
	lib("ghc-boot-th", "9.0.2"),
	{Name: "template-haskell", Version: "2.17.0.0", UnitID: "template-haskell"},
	lib("text", "1.2.5.0"),
	lib("parsec", "3.1.14.0"),
	// Pure Haskell that ghc ships and Debian does not package apart:
	// the package set's HTML users (happstack-server) need it.
	lib("xhtml", "3000.2.2.1"),
	lib("exceptions", "0.10.4"),
	{Name: "time", Version: "1.9.3", UnitID: "time-1.9.3", UsesCC: true,
		// wasi-libc's clockid_t is a pointer and CLOCK_REALTIME the
		// address of a symbol, which hsc2hs cannot turn into the
		// constant Data.Time.Clock.Internal.CTimespec wants: time then
		// reads the clock with gettimeofday (microseconds).
		Configure: []string{"--configure-option=ac_cv_func_clock_gettime=no"}},
	// unix's patch declares what wasi-libc lacks (pwd.h, termios.h,
	// sys/wait.h, dlfcn.h...), failing with ENOSYS at run time.
	// Its configure takes a system without dlfcn.h for one that is not
	// Unix and makes the package unbuildable, and the user and group
	// lookups it does not find become calls of error: HsUnixWasi.h has
	// them all, failing with ENOSYS (an IOError).
	{Name: "unix", Version: "2.7.2.2", UnitID: "unix-2.7.2.2", UsesCC: true,
		Configure: []string{"--configure-option=ac_cv_header_dlfcn_h=yes",
			"--configure-option=ac_cv_func_getpwnam_r=yes", "--configure-option=ac_cv_func_getpwuid_r=yes",
			"--configure-option=ac_cv_func_getgrnam_r=yes", "--configure-option=ac_cv_func_getgrgid_r=yes",
			"--configure-option=ac_cv_func_getpwnam=yes", "--configure-option=ac_cv_func_getpwuid=yes",
			"--configure-option=ac_cv_func_getpwent=yes", "--configure-option=ac_cv_func_getgrent=yes",
			"--configure-option=ac_cv_func_lchown=yes", "--configure-option=ac_cv_func_ptsname=yes"}},
	// Without unix, which it was patched to do without before unix
	// built: System.Directory.Internal.WasiPosix has what it uses.
	{Name: "directory", Version: "1.3.6.2", UnitID: "directory-1.3.6.2", UsesCC: true},
	// process's patch makes spawning fail with ENOSYS: WASI has one
	// process.
	{Name: "process", Version: "1.6.13.2", UnitID: "process-1.6.13.2", UsesCC: true},
	// Cabal, for programs that use it and for the package set's setup
	// scripts: cabal-install solves setup-depends in ahc's database, and
	// ahc compiles the scripts with the native ghc's Cabal of this same
	// version (cmd/ahc, runSetupScript).
	{Name: "Cabal", Version: "3.4.1.0", Dir: "Cabal/Cabal", UnitID: "Cabal-3.4.1.0"},
}

// lib is a package that is not wired into GHC and needs no settings.
func lib(name, version string) Package {
	return Package{Name: name, Version: version, UnitID: name + "-" + version}
}

// SourceDir is the package's directory below libraries/.
func (p Package) SourceDir() string {
	if p.Dir != "" {
		return p.Dir
	}
	return p.Name
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
