package main

import (
	"fmt"
	"strings"
	"sync"

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

// verifier checks modules against their native objects. The package
// databases are read once, when the first module needs them.
type verifier struct {
	ghc string
	dbs []string // -package-db arguments of the command line
	// With -hide-all-packages, only these units and their dependencies
	// are visible (-package-id, -package).
	hideAll    bool
	ids, names []string

	once  sync.Once
	units *cmm.UnitDB
	err   error
}

// newVerifier reads the package flags of a ghc command line.
func newVerifier(ghcPath string, args []string) *verifier {
	v := &verifier{ghc: ghcPath}
	for i, a := range args {
		next := ""
		if i+1 < len(args) {
			next = args[i+1]
		}
		switch a {
		case "-package-db", "-package-conf":
			v.dbs = append(v.dbs, next)
		case "-package-id":
			v.ids = append(v.ids, next)
		case "-package":
			v.names = append(v.names, next)
		case "-hide-all-packages":
			v.hideAll = true
		}
	}
	return v
}

func (v *verifier) loadUnits() (*cmm.UnitDB, error) {
	v.once.Do(func() {
		global, err := cmm.GlobalPackageDB(v.ghc)
		if err != nil {
			v.err = err
			return
		}
		v.units, v.err = cmm.LoadPackageDBs(append([]string{global}, v.dbs...)...)
		if v.err == nil && v.hideAll {
			v.units = v.units.Visible(v.ids, v.names)
		}
	})
	return v.units, v.err
}

// verify checks one module's parsed Cmm against its object.
func (v *verifier) verify(f *cmm.File, m ghc.Module) error {
	units, err := v.loadUnits()
	if err != nil {
		return fmt.Errorf("verifying: %w", err)
	}
	obj, err := oracle.ReadObject(m.Object)
	if err != nil {
		return fmt.Errorf("verifying: %w", err)
	}
	mod, err := oracle.FromFile(f)
	if err != nil {
		return fmt.Errorf("verifying: %w", err)
	}
	res := oracle.Verify(obj, mod, oracle.NewResolver(f, oracle.Config{
		ThisUnit: m.Unit, ThisModule: m.Name, Units: units,
	}))
	// The assembler kept its temporaries, so nothing may stay unverified.
	bad := append(res.Mismatches, res.Unverified...)
	if len(bad) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the Cmm does not match %s (%s):", m.Object, res.Summary())
	for i, mm := range bad {
		if i == 20 {
			fmt.Fprintf(&b, "\n  ... and %d more", len(bad)-i)
			break
		}
		fmt.Fprintf(&b, "\n  %s", mm)
	}
	return fmt.Errorf("%s", b.String())
}
