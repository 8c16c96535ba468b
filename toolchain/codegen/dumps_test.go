package codegen

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/linker"
	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/oracle"
)

// TestCompileDumps compiles the Haskell dumps of toolchain/cmm's tests in
// both modes, links each object alone (undefined symbols allowed), lowers
// it and validates the result.
func TestCompileDumps(t *testing.T) {
	tc := needToolchain(t)
	dumps, err := filepath.Glob("../cmm/testdata/*.dump-cmm*")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dumps {
		if strings.HasSuffix(d, ".golden") {
			continue
		}
		t.Run(filepath.Base(d), func(t *testing.T) {
			t.Parallel()
			f, err := cmm.ParseFile(d)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			for _, tail := range []bool{false, true} {
				obj, stats, err := Compile(f, oracle.NewResolver(f, oracle.Config{}), Options{TailCalls: tail, Constants: tc.consts})
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("tail calls %v: %d functions, %d duplicated blocks", tail, stats.Functions, stats.Duplicated)
				path := filepath.Join(dir, "m.o")
				writeObject(t, path, obj)
				linked := filepath.Join(dir, "m.wasm")
				run(t, dir, tc.wasmLd, "-mwasm64", "--no-entry", "--allow-undefined", "--no-gc-sections", "-o", linked, path)
				lowered := filepath.Join(dir, "m.lowered.wasm")
				if err := linker.Lower(context.Background(), tc.wasmOpt, linked, lowered, linker.LowerOptions{}); err != nil {
					t.Fatal(err)
				}
				args := []string{lowered}
				if tail {
					args = append(args, "--enable-tail-call")
				}
				run(t, dir, tc.validate, args...)
			}
		})
	}
}
