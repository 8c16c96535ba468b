package main

import (
	"sync"

	"github.com/ahc-hs/ahc/toolchain/cmm"
	"github.com/ahc-hs/ahc/toolchain/oracle"
	"github.com/ahc-hs/ahc/wrappers/ghc"
)

// packages are the package databases and visible units of a ghc command
// line: they say which unit each module's labels belong to, and so the
// symbols of other packages. The databases are read once, when the first
// module needs them.
type packages struct {
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

// newPackages reads the package flags of a ghc command line.
func newPackages(ghcPath string, args []string) *packages {
	p := &packages{ghc: ghcPath}
	for i, a := range args {
		next := ""
		if i+1 < len(args) {
			next = args[i+1]
		}
		switch a {
		case "-clear-package-db":
			p.dbs = nil
		case "-package-db", "-package-conf":
			p.dbs = append(p.dbs, next)
		case "-package-id":
			p.ids = append(p.ids, next)
		case "-package":
			p.names = append(p.names, next)
		case "-hide-all-packages":
			p.hideAll = true
		}
	}
	return p
}

func (p *packages) loadUnits() (*cmm.UnitDB, error) {
	p.once.Do(func() {
		// ahc gives ghc its whole database stack explicitly (see
		// ghc.PackageDBs): there is no implicit global database.
		p.units, p.err = cmm.LoadPackageDBs(p.dbs...)
		if p.err == nil && p.hideAll {
			p.units = p.units.Visible(p.ids, p.names)
		}
	})
	return p.units, p.err
}

// resolver is the label resolver of one module's Cmm.
func (p *packages) resolver(f *cmm.File, m ghc.Module) (*cmm.Resolver, error) {
	units, err := p.loadUnits()
	if err != nil {
		return nil, err
	}
	return oracle.NewResolver(f, oracle.Config{ThisUnit: m.Unit, ThisModule: m.Name, Units: units}), nil
}
