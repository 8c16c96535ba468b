package dist

import (
	"context"
	"path/filepath"

	"github.com/ahc-hs/ahc/boot/sysroot"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/toolchain/tools"
)

// Configure fills in opts's tools from ahc's configuration: wasm-ld,
// wasm-opt, the sysroot and compiler-rt's builtins; a failed link's
// command and output go to the cache's logs/link.
func Configure(ctx context.Context, cfg config.Config, opts *Options) error {
	root, err := sysroot.Find(cfg.CacheDir)
	if err != nil {
		return err
	}
	wasmLD, err := tools.Lookup(cfg.Tools.WasmLD, "lld")
	if err != nil {
		return err
	}
	wasmOpt, err := tools.Lookup(cfg.Tools.WasmOpt, "binaryen")
	if err != nil {
		return err
	}
	clangPath, err := tools.Lookup(cfg.Tools.Clang, "clang")
	if err != nil {
		return err
	}
	builtins, err := linker.Builtins(ctx, clangPath, root)
	if err != nil {
		return err
	}
	opts.Link.WasmLD, opts.Link.Sysroot, opts.Link.Builtins = wasmLD, root, builtins
	opts.Link.LogDir = filepath.Join(cfg.CacheDir, "logs", "link")
	opts.WasmOpt = wasmOpt
	return nil
}
