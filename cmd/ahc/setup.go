package main

import (
	"context"
	"errors"
	"os"
	"os/exec"

	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/internal/cliutil"
	"github.com/ahc-hs/ahc/pkgdb"
	"github.com/ahc-hs/ahc/toolchain/tools"
	"github.com/ahc-hs/ahc/wrappers/ghc"
)

// runSetupScript compiles cabal-install's setup script of a package
// (ghc.IsSetupScript) with the native ghc against its own packages: the
// setup program runs on the build machine, and calls ahc itself to build
// the package for wasm. The units it depends on in ahc's databases (Cabal,
// base, ...) are replaced by the native ghc's units of the same package.
func runSetupScript(ctx context.Context, cfg config.Config, ghcPath string, args []string) error {
	ghcPkg, err := tools.Lookup(cfg.Tools.GHCPkg, "ghc")
	if err != nil {
		return err
	}
	tool := pkgdb.Tool{GHCPkg: ghcPkg}
	private := pkgdb.Location(cfg.CacheDir, os.Getenv)
	var dbs []string
	st := ghc.PackageDBs(args, private)
	for i := 0; i+1 < len(st.Flags); i++ {
		db := st.Flags[i+1]
		if st.Flags[i] != "-package-db" || db == private {
			continue
		}
		// cabal names its store's database before anything is in it.
		if _, err := os.Stat(db); err == nil {
			dbs = append(dbs, db)
		}
	}
	ours, err := tool.Units(ctx, private, dbs...)
	if err != nil {
		return err
	}
	theirs, err := tool.Units(ctx, "")
	if err != nil {
		return err
	}
	native := map[string]string{} // package id -> native unit id
	for _, u := range theirs {
		native[u.PackageID()] = u.ID
	}
	pkgOf := map[string]string{} // ahc's unit id -> package id
	for _, u := range ours {
		pkgOf[u.ID] = u.PackageID()
	}
	nativeArgs, err := ghc.NativeSetupArgs(args, func(id string) (string, error) {
		pkg, ok := pkgOf[id]
		if !ok {
			return id, nil // ghc names what it cannot find
		}
		if n, ok := native[pkg]; ok {
			return n, nil
		}
		return "", &ghc.UnitNotNative{ID: id, Package: pkg}
	})
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, ghcPath, nativeArgs...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = pkgdb.Environ(os.Environ())
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return cliutil.ExitError{Code: exit.ExitCode()}
	}
	return err
}
