// Package linker turns wasm64 objects into runnable modules: it drives
// wasm-ld, lowers the result to wasm32 with binaryen and optimises it.
package linker

import (
	"context"
	"fmt"
	"strings"

	"github.com/ahc-hs/ahc/toolchain/tools"
)

// LowerOptions are binaryen's optimisation levels for the lowered module.
type LowerOptions struct {
	OptimizeLevel int // 0 to 4, binaryen's --optimize-level
	ShrinkLevel   int // 0 to 2, binaryen's --shrink-level
	// Features are further WebAssembly features the module uses, by
	// binaryen's names: "tail-call" passes --enable-tail-call.
	Features []string
	// Debug keeps the function names (binaryen's -g), so that traps show
	// a readable stack. Either way the DWARF sections that C inputs carry
	// are dropped before optimising: binaryen would otherwise keep them up
	// to date by optimising less (hello world's code grows by half), and
	// they describe none of the Haskell code. Without Debug the producers
	// section goes too.
	Debug bool
}

// Lower rewrites the linked wasm64 module in into an ordinary wasm32 module
// out (binaryen's --memory64-lowering), optimising it on the way. Imported
// functions keep their i64 pointer parameters; see rts/wasi64.md.
func Lower(ctx context.Context, wasmOpt, in, out string, opts LowerOptions) error {
	if opts.OptimizeLevel < 0 || opts.OptimizeLevel > 4 {
		return fmt.Errorf("optimize level %d is not between 0 and 4", opts.OptimizeLevel)
	}
	if opts.ShrinkLevel < 0 || opts.ShrinkLevel > 2 {
		return fmt.Errorf("shrink level %d is not between 0 and 2", opts.ShrinkLevel)
	}
	args := []string{in, "-o", out, "--enable-memory64"}
	for _, f := range opts.Features {
		if f == "" || strings.HasPrefix(f, "-") {
			return fmt.Errorf("invalid WebAssembly feature name %q", f)
		}
		args = append(args, "--enable-"+f)
	}
	args = append(args, lowerStripArgs(opts.Debug)...)
	args = append(args, "--memory64-lowering")
	if opts.OptimizeLevel > 0 || opts.ShrinkLevel > 0 {
		// -O schedules binaryen's default pipeline; the levels after it
		// decide how that pipeline runs.
		args = append(args, "-O",
			fmt.Sprintf("--optimize-level=%d", opts.OptimizeLevel),
			fmt.Sprintf("--shrink-level=%d", opts.ShrinkLevel))
	}
	if _, err := tools.Output(ctx, wasmOpt, args...); err != nil {
		return fmt.Errorf("lowering %s to wasm32: %w", in, err)
	}
	return nil
}

// lowerStripArgs are binaryen's flags and passes, run before lowering,
// that decide which custom sections the module keeps. Unless debug it
// keeps only target_features (what the module needs): no DWARF (.debug_*),
// producers or name section (binaryen writes names only under -g). Under
// debug it keeps the names and producers, without DWARF.
func lowerStripArgs(debug bool) []string {
	if debug {
		return []string{"-g", "--strip-dwarf"}
	}
	return []string{"--strip-debug", "--strip-producers"}
}
