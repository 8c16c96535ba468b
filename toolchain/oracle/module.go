package oracle

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ahc-hs/ahc/toolchain/cmm"
)

// FromFile collects what a parsed dump declares, in the order GHC emits
// it: data, and the info tables of procedures, structured ones laid out
// with the data GHC makes for them first (mkInfoTable emits that before
// the procedure).
func FromFile(f *cmm.File) (*Module, error) {
	m := &Module{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *cmm.Data:
			m.Items = append(m.Items, Item{Label: d.Label, Section: d.Section, Statics: d.Statics})
		case *cmm.Proc:
			// The NCG labels the code with the procedure's label when its
			// entry block has no info table (X86/Ppr.hs pprNatCmmDecl).
			entryInfo := false
			var tables []Item
			for _, it := range d.LiveInfoTables() {
				entryInfo = entryInfo || it.Block == d.Entry || it.Label == infoLabelOf(d.Label)
				statics, extra, err := RawInfoTable(it)
				if err != nil {
					return nil, fmt.Errorf("procedure %s: %w", d.Label, err)
				}
				m.Items = append(m.Items, extra...)
				tables = append(tables, Item{Label: it.Label, Info: true, Statics: statics, Proc: d.Label,
					Section: cmm.Section{Kind: cmm.SectionText, Label: it.Label}})
			}
			m.Items = append(m.Items, tables...)
			if !entryInfo {
				m.Code = append(m.Code, d.Label)
			}
		default:
			return nil, fmt.Errorf("unknown declaration %T", d)
		}
	}
	return m, nil
}

// infoLabelOf is the info label that goes with an entry label (CLabel.hs
// toInfoLbl): raw dumps print their blocks in no particular order, so the
// entry block is not always the first.
func infoLabelOf(entry cmm.Label) cmm.Label {
	s := string(entry)
	for _, suf := range []string{"_entry", "_ret"} {
		if strings.HasSuffix(s, suf) {
			return cmm.Label(strings.TrimSuffix(s, suf) + "_info")
		}
	}
	return ""
}

// DefinedLabels is every label a dump defines: data, info tables,
// procedures and their blocks.
func DefinedLabels(f *cmm.File) map[cmm.Label]bool {
	def := map[cmm.Label]bool{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *cmm.Data:
			def[d.Label] = true
		case *cmm.Proc:
			def[d.Label] = true
			for _, it := range d.LiveInfoTables() {
				def[it.Label] = true
			}
			for _, b := range d.Blocks {
				def[b.Label] = true
			}
		}
	}
	return def
}

// InferModule is the module a Haskell dump compiles: the module of most
// of the qualified labels it defines, or "" if it defines none.
func InferModule(f *cmm.File) string {
	count := map[string]int{}
	for l := range DefinedLabels(f) {
		p, err := cmm.ParseLabel(l, cmm.FromHaskell, true)
		if err == nil && p.Kind == cmm.LabelExternal {
			count[p.Module]++
		}
	}
	mods := make([]string, 0, len(count))
	for m := range count {
		mods = append(mods, m)
	}
	sort.Slice(mods, func(i, j int) bool {
		if count[mods[i]] != count[mods[j]] {
			return count[mods[i]] > count[mods[j]]
		}
		return mods[i] < mods[j]
	})
	if len(mods) == 0 {
		return ""
	}
	return mods[0]
}

// Config says how to resolve the labels of a dump.
type Config struct {
	ThisUnit   string // -this-unit-id; "" means main
	ThisModule string // "" to infer it from the dump
	// Units are the package databases' modules; nil puts every module in
	// ThisUnit.
	Units *cmm.UnitDB
}

// VerifyFiles parses a dump and verifies it against an object file.
func VerifyFiles(objPath, dumpPath string, cfg Config) (*Result, error) {
	f, err := cmm.ParseFile(dumpPath)
	if err != nil {
		return nil, err
	}
	obj, err := ReadObject(objPath)
	if err != nil {
		return nil, err
	}
	m, err := FromFile(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dumpPath, err)
	}
	return Verify(obj, m, NewResolver(f, cfg)), nil
}

// NewResolver is the resolver of a dump's labels. A dump that defines no
// module-qualified label is of a .cmm file: every Haskell module defines
// some ($trModule at least).
func NewResolver(f *cmm.File, cfg Config) *cmm.Resolver {
	def := DefinedLabels(f)
	mod := cfg.ThisModule
	if mod == "" {
		mod = InferModule(f)
	}
	src := cmm.FromHaskell
	if InferModule(f) == "" {
		src = cmm.FromCmm
	}
	return &cmm.Resolver{ThisUnit: cfg.ThisUnit, ThisModule: mod, Source: src, Units: cfg.Units,
		Defined: func(l cmm.Label) bool { return def[l] }}
}
