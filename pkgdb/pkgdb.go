// Package pkgdb is ahc's private package database: where it lives and how
// it is read and written (through the real ghc-pkg).
//
// Layout: the boot's "libs" stage publishes a cache entry
// <cache>/pkgdb/<key>/, and <cache>/pkgdb/current is a symlink to it. The
// entry is both the database (the *.conf files and ghc-pkg's package.cache)
// and, under lib/, the installed libraries the .conf files name:
//
//	<cache>/pkgdb/current/              the database ($AHC_PACKAGE_DB overrides)
//	<cache>/pkgdb/current/base-4.15.1.0.conf
//	<cache>/pkgdb/current/package.cache
//	<cache>/pkgdb/<key>/lib/...         interfaces and libHS*.a of wasm objects
//
// ghc-pkg reads only the *.conf files and package.cache of a database
// directory, so the lib/ subdirectory does not disturb it.
//
// ahc and ahc-pkg treat this database as ghc's global database: they never
// read the system's global database or the user's.
package pkgdb

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Stage is the cache stage (directory below the cache) of the database.
const Stage = "pkgdb"

// EnvPackageDB overrides the database's location, e.g. with the boot's
// scratch database while it is being filled, or in tests.
const EnvPackageDB = "AHC_PACKAGE_DB"

// Current is the default location of the database: the symlink to the
// cache entry the boot published last.
func Current(cacheDir string) string {
	return filepath.Join(cacheDir, Stage, "current")
}

// Location is the database ahc uses: $AHC_PACKAGE_DB if set, else Current.
func Location(cacheDir string, getenv func(string) string) string {
	if db := getenv(EnvPackageDB); db != "" {
		if abs, err := filepath.Abs(db); err == nil {
			return abs
		}
		return db
	}
	return Current(cacheDir)
}

// Exists reports whether dir is a package database ghc can read: a
// directory with ghc-pkg's package.cache.
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "package.cache"))
	return err == nil
}

// MissingError is the error of a command that needs the database when there
// is none.
type MissingError struct{ Dir string }

func (e *MissingError) Error() string {
	return fmt.Sprintf("no package database at %s: run make setup (or ahc-boot)", e.Dir)
}

// Check returns a *MissingError unless dir is a package database.
func Check(dir string) error {
	if !Exists(dir) {
		return &MissingError{Dir: dir}
	}
	return nil
}

// Tool runs the real ghc-pkg over databases.
type Tool struct {
	GHCPkg string   // the real ghc-pkg
	Env    []string // its environment; nil means os.Environ()
}

func (t Tool) run(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, t.GHCPkg, args...)
	env := t.Env
	if env == nil {
		env = os.Environ()
	}
	cmd.Env = withoutPackagePath(env)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("ghc-pkg %s: %w\n%s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// withoutPackagePath drops GHC_PACKAGE_PATH, which would add databases to
// every ghc-pkg and ghc run.
func withoutPackagePath(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "GHC_PACKAGE_PATH=") {
			out = append(out, kv)
		}
	}
	return out
}

// Init makes an empty database at dir, which must not exist.
func (t Tool) Init(ctx context.Context, dir string) error {
	_, err := t.run(ctx, "init", dir)
	return err
}

// Register adds the package described by the .conf file conf to the
// database db (alone: no other database is consulted, so the dependencies
// must be in db too).
func (t Tool) Register(ctx context.Context, db, conf string, extra ...string) error {
	args := append([]string{"--no-user-package-db", "--global-package-db=" + db, "--package-db=" + db, "register", conf}, extra...)
	_, err := t.run(ctx, args...)
	return err
}

// Recache rebuilds db's package.cache from its .conf files.
func (t Tool) Recache(ctx context.Context, db string) error {
	_, err := t.run(ctx, "--no-user-package-db", "--global-package-db="+db, "--package-db="+db, "recache")
	return err
}

// List returns the unit ids registered in db, sorted.
func (t Tool) List(ctx context.Context, db string) ([]string, error) {
	out, err := t.run(ctx, "--no-user-package-db", "--global-package-db="+db, "--package-db="+db,
		"field", "*", "id", "--simple-output")
	if err != nil {
		if strings.Contains(err.Error(), "cannot find package") {
			return nil, nil
		}
		return nil, err
	}
	ids := strings.Fields(out)
	sort.Strings(ids)
	return ids, nil
}

// Packages returns the name-version of each package registered in db,
// sorted, as `ghc-pkg list --simple-output` prints them.
func (t Tool) Packages(ctx context.Context, db string) ([]string, error) {
	out, err := t.run(ctx, "--no-user-package-db", "--global-package-db="+db, "list", "--simple-output")
	if err != nil {
		return nil, err
	}
	pkgs := strings.Fields(out)
	sort.Strings(pkgs)
	return pkgs, nil
}

// Environ is env without what would add databases to ghc-pkg's (and
// ghc's) stack behind ahc's back: GHC_PACKAGE_PATH.
func Environ(env []string) []string { return withoutPackagePath(env) }

// Unit is a unit registered in a database.
type Unit struct {
	ID, Name, Version string
}

// PackageID is the unit's package, name-version.
func (u Unit) PackageID() string { return u.Name + "-" + u.Version }

// Units returns the units registered in global (the system's global
// database when "") and in dbs, as ghc-pkg dump describes them. dump
// describes one database of the stack: the topmost.
func (t Tool) Units(ctx context.Context, global string, dbs ...string) ([]Unit, error) {
	base := []string{"--no-user-package-db"}
	if global != "" {
		base = append(base, "--global-package-db="+global)
	}
	queries := [][]string{append(slices.Clone(base), "--global", "dump")}
	for _, db := range dbs {
		queries = append(queries, append(slices.Clone(base), "--package-db="+db, "dump"))
	}
	var units []Unit
	for _, q := range queries {
		out, err := t.run(ctx, q...)
		if err != nil {
			return nil, err
		}
		units = append(units, parseDump(out)...)
	}
	return units, nil
}

// parseDump reads the id, name and version fields of ghc-pkg dump's
// records, which "---" lines separate. A long value starts on the line
// after its field's name, indented.
func parseDump(out string) []Unit {
	var units []Unit
	var u Unit
	var pending *string // the field whose value is on the next line
	flush := func() {
		if u.ID != "" {
			units = append(units, u)
		}
		u, pending = Unit{}, nil
	}
	for _, line := range strings.Split(out, "\n") {
		if line == "---" {
			flush()
			continue
		}
		if strings.HasPrefix(line, " ") {
			if pending != nil {
				*pending = strings.TrimSpace(line)
				pending = nil
			}
			continue
		}
		pending = nil
		field, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		var dst *string
		switch field {
		case "id":
			dst = &u.ID
		case "name":
			dst = &u.Name
		case "version":
			dst = &u.Version
		default:
			continue
		}
		if *dst = strings.TrimSpace(value); *dst == "" {
			pending = dst
		}
	}
	flush()
	return units
}
