package pkgdb

import (
	"errors"
	"slices"
	"strings"
)

// GHCPkgArgs turns an ahc-pkg command line into the real ghc-pkg's: db,
// ahc's private database, is the global database, and the user database
// is never used. An explicit --global-package-db of the caller wins (it
// comes later). needsDB says whether the command reads the global
// database (not for --version, --help, init).
func GHCPkgArgs(args []string, db string) (out []string, needsDB bool, err error) {
	needsDB = true
	explicitGlobal := false
	for i, a := range args {
		switch {
		case a == "--user" || a == "--user-package-db" || strings.HasPrefix(a, "--user-package-db="):
			return nil, false, errors.New("ahc-pkg has no user package database: use --package-db=DB")
		case a == "--version" || a == "-V" || a == "--help" || a == "-?" || a == "--numeric-version":
			needsDB = false
		case a == "init" && !slices.ContainsFunc(args[:i], isCommand):
			needsDB = false
		case strings.HasPrefix(a, "--global-package-db"):
			explicitGlobal = true
		}
	}
	if explicitGlobal {
		needsDB = false
	}
	out = append([]string{"--no-user-package-db", "--global-package-db=" + db}, args...)
	return out, needsDB, nil
}

// isCommand reports whether a is a ghc-pkg command rather than a flag.
func isCommand(a string) bool { return !strings.HasPrefix(a, "-") }
