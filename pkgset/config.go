package pkgset

import (
	"context"
	"io"
	"path/filepath"

	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/toolchain/tools"
)

// ToolsOf finds the host programs of ahc's configuration that the package
// set runs.
func ToolsOf(cfg config.Config) (Tools, error) {
	ghcPkg, err := tools.Lookup(cfg.Tools.GHCPkg, "ghc")
	if err != nil {
		return Tools{}, err
	}
	aptCache, err := tools.Lookup("apt-cache", "apt")
	if err != nil {
		return Tools{}, err
	}
	hsc2hs, err := tools.Lookup("hsc2hs", "ghc")
	if err != nil {
		return Tools{}, err
	}
	return Tools{AptCache: aptCache, GHCPkg: ghcPkg, HSC2HS: hsc2hs}, nil
}

// Load opens the package set of ahc's configuration (cabalConfig: the
// pins) and its local repository, whose fetches report to progress.
func Load(ctx context.Context, cfg config.Config, cabalConfig []byte, progress io.Writer) (*Set, Repo, error) {
	t, err := ToolsOf(cfg)
	if err != nil {
		return nil, Repo{}, err
	}
	set, err := Open(ctx, cfg.CacheDir, cabalConfig, t)
	if err != nil {
		return nil, Repo{}, err
	}
	repo := Repo{
		Dir:      RepoDir(cfg.CacheDir),
		Scratch:  filepath.Join(cfg.CacheDir, "tmp"),
		AptGet:   "apt-get",
		Log:      filepath.Join(cfg.CacheDir, "logs", "pkgset-fetch.log"),
		Progress: progress,
	}
	return set, repo, nil
}
