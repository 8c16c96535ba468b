package ghc

import (
	"fmt"
	"path/filepath"
	"strings"
)

// IsSetupScript reports whether a ghc command line is cabal-install's
// compile of a package's setup script: a program that runs on the build
// machine, never on ahc's target. cabal-install compiles it with the
// package's compiler, in its own directory DIR named "setup" below the
// package's build directory, as
//
//	--make ... -odir DIR -hidir DIR ... DIR/setup.hs -o DIR/setup
//
// (SetupWrapper's layout in cabal-install 3.4, for build-type Custom and
// for the Setup.hs it writes for build-type Configure and Make).
func IsSetupScript(args []string) bool {
	var out, odir, input string
	makeMode := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() string {
			if i+1 < len(args) {
				i++
				return args[i]
			}
			return ""
		}
		switch {
		case a == "--make":
			makeMode = true
		case a == "-o":
			out = next()
		case a == "-odir":
			odir = next()
		case !strings.HasPrefix(a, "-"):
			switch strings.ToLower(filepath.Base(a)) {
			case "setup.hs", "setup.lhs":
				input = a
			}
		}
	}
	if !makeMode || out == "" || input == "" {
		return false
	}
	dir := filepath.Dir(out)
	base := strings.TrimSuffix(filepath.Base(out), ".exe")
	return base == "setup" && filepath.Base(dir) == "setup" &&
		filepath.Clean(odir) == dir && filepath.Dir(input) == dir
}

// NativeSetupArgs turns cabal-install's compile of a setup script for ahc
// into one for the native ghc: the package databases, which are ahc's
// (their archives hold wasm), are dropped, so that the native ghc sees its
// own global database, and each -package-id names the native unit that
// native(id) returns for the unit id of ahc's database.
func NativeSetupArgs(args []string, native func(id string) (string, error)) ([]string, error) {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch a {
		case "-package-db", "-package-conf":
			i++
			continue
		case "-clear-package-db", "-global-package-db", "-no-global-package-db", "-user-package-db":
			continue
		case "-package-id":
			if i+1 < len(args) {
				id, err := native(args[i+1])
				if err != nil {
					return nil, err
				}
				out = append(out, a, id)
				i++
				continue
			}
		}
		if strings.HasPrefix(a, "-package-db=") {
			continue
		}
		out = append(out, a)
	}
	return out, nil
}

// UnitNotNative is the error of a setup script that depends on a unit of
// ahc's database that the native ghc has no twin of.
type UnitNotNative struct{ ID, Package string }

func (e *UnitNotNative) Error() string {
	name := e.Package
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		name = name[:i]
	}
	return fmt.Sprintf("the setup script depends on %s (unit %s), which ahc has built for wasm only: "+
		"the native ghc that compiles setup scripts has no %s (Debian's libghc-%s-dev installs the package set's version)",
		e.Package, e.ID, e.Package, strings.ToLower(name))
}
