package main

import (
	"fmt"
	"strings"

	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/oracle"
	"github.com/ahc-hs/ahc/wrappers/ghc"
)

// envVerify turns on the oracle for every module a build compiles: the
// data ahc parsed must equal the native object ghc wrote, byte for byte
// and relocation for relocation (toolchain/oracle).
const envVerify = "AHC_VERIFY_CMM"

// verifyFlags make the assembler keep its temporary labels, so that the
// oracle can find every table by name. The bytes and relocations of the
// object do not change.
var verifyFlags = []string{"-opta-Wa,-L"}

// verify checks one module's parsed Cmm against its native object.
func verify(f *cmm.File, m ghc.Module, res *cmm.Resolver) error {
	obj, err := oracle.ReadObject(m.Object)
	if err != nil {
		return fmt.Errorf("verifying: %w", err)
	}
	mod, err := oracle.FromFile(f)
	if err != nil {
		return fmt.Errorf("verifying: %w", err)
	}
	result := oracle.Verify(obj, mod, res)
	// The assembler kept its temporaries, so nothing may stay unverified.
	bad := append(result.Mismatches, result.Unverified...)
	if len(bad) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the Cmm does not match %s (%s):", m.Object, result.Summary())
	for i, mm := range bad {
		if i == 20 {
			fmt.Fprintf(&b, "\n  ... and %d more", len(bad)-i)
			break
		}
		fmt.Fprintf(&b, "\n  %s", mm)
	}
	return fmt.Errorf("%s", b.String())
}
