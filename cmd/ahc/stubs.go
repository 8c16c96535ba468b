package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/linker/ldcmd"
	"github.com/ahc-hs/ahc/toolchain/tools"
)

// mergeStubs merges the twins of the C stubs ghc merged into object (its
// foreign export and CApiFFI wrappers, left by ahc-ld -r as
// OBJECT.stubs.wasm) into the object's twin, and removes them: each
// compilation of the module that has stubs writes them afresh.
func mergeStubs(ctx context.Context, object string) error {
	stubs := object + ldcmd.StubsSuffix
	if _, err := os.Stat(stubs); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	cfg, err := config.Load()
	if err != nil {
		return err
	}
	wasmLD, err := tools.Lookup(cfg.Tools.WasmLD, "lld")
	if err != nil {
		return err
	}
	twin := object + ldcmd.TwinSuffix
	if err := linker.MergeObjects(ctx, wasmLD, []string{twin, stubs}, twin); err != nil {
		return fmt.Errorf("merging the C stubs of %s: %w", object, err)
	}
	return os.Remove(stubs)
}
