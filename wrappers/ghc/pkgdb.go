package ghc

import (
	"slices"
	"strings"
)

// globalDB stands for ghc's global package database in a database stack.
const globalDB = "\x00global"

// DBStack is the package database stack a ghc command line asks for, with
// ghc's user database left out (ahc never reads it) and the global
// database standing for ahc's private one.
type DBStack struct {
	// Flags are the package-db flags ahc gives ghc instead of the
	// caller's: -no-user-package-db -clear-package-db, then one
	// -package-db per database, bottom first.
	Flags []string
	// Rest are the caller's other arguments, in their order.
	Rest []string
	// NeedsGlobal says whether the stack holds the global database, which
	// ahc replaces by its private one.
	NeedsGlobal bool
}

// PackageDBs rewrites the package database flags of a ghc command line so
// that ghc sees exactly the stack they describe, with private (ahc's
// private database) as the global database and never the system's global
// or user database. ghc builds the stack from the flags in order: it starts
// with the global (and user) database, -clear-package-db empties it,
// -global-package-db pushes the global database, -no-global-package-db
// removes it, -package-db DB pushes DB. The caller's flags are removed and
// the resulting stack is given to ghc explicitly, first, after
// -clear-package-db. When private is "" and the stack holds the global
// database, it is left out (NeedsGlobal tells the caller).
//
// Unless the caller chose a package environment, ghc is also told to read
// none (-package-env -): an environment file could name other databases.
func PackageDBs(args []string, private string) DBStack {
	stack := []string{globalDB}
	var rest []string
	pkgEnv := false
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--RTS" { // the rest is not ghc's flags
			rest = append(rest, args[i:]...)
			break
		}
		if arg == "+RTS" { // an RTS section is not ghc's flags
			j := i
			for j < len(args)-1 && args[j] != "-RTS" {
				j++
			}
			rest = append(rest, args[i:j+1]...)
			i = j
			continue
		}
		switch arg {
		case "-clear-package-db", "-clear-package-conf":
			stack = nil
			continue
		case "-global-package-db", "-global-package-conf":
			stack = append(stack, globalDB)
			continue
		case "-no-global-package-db", "-no-global-package-conf":
			stack = slices.DeleteFunc(stack, func(s string) bool { return s == globalDB })
			continue
		case "-user-package-db", "-no-user-package-db", "-no-user-package-conf":
			continue
		case "-package-db", "-package-conf":
			if i+1 < len(args) {
				i++
				stack = append(stack, args[i])
			}
			continue
		case "-package-env":
			pkgEnv = true
		}
		if v, ok := cutFlagValue(arg, "-package-db", "-package-conf"); ok {
			stack = append(stack, v)
			continue
		}
		if strings.HasPrefix(arg, "-package-env") || strings.HasPrefix(arg, "-hide-all-packages-env") {
			pkgEnv = true
		}
		rest = append(rest, arg)
	}
	st := DBStack{Flags: []string{"-no-user-package-db", "-clear-package-db"}, Rest: rest}
	for _, db := range stack {
		if db == globalDB {
			st.NeedsGlobal = true
			if private == "" {
				continue
			}
			db = private
		}
		st.Flags = append(st.Flags, "-package-db", db)
	}
	if !pkgEnv {
		st.Flags = append(st.Flags, "-package-env", "-")
	}
	return st
}

// Args is the whole command line: Flags, then Rest.
func (s DBStack) Args() []string {
	return append(slices.Clone(s.Flags), s.Rest...)
}

// cutFlagValue returns the value attached to one of the flags
// ("-package-db=X" or "-package-dbX").
func cutFlagValue(arg string, flags ...string) (string, bool) {
	for _, f := range flags {
		if v, ok := strings.CutPrefix(arg, f); ok && v != "" {
			return strings.TrimPrefix(v, "="), true
		}
	}
	return "", false
}
