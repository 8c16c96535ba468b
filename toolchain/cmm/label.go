package cmm

// This file takes labels apart and turns them into the symbol names that
// GHC 9.0.2's native code generator (NCG) writes into x86_64 ELF objects.
//
// The dump prints a label in "dump style", the object in "asm style"
// (GHC/Cmm/CLabel.hs pprCLabel, GHC/Types/Name.hs pprExternal/pprInternal):
//
//	dump                        object symbol                        kind
//	GHC.Show.$fShowMaybe4_closure base_GHCziShow_zdfShowMaybe4_closure LabelExternal
//	M.f_info                    M_f_info (unit "main" has no prefix) LabelExternal
//	:_con_info                  ghczmprim_GHCziTypes_ZC_con_info     LabelBuiltin
//	(,)_con_info                ghczmprim_GHCziTuple_Z2T_con_info    LabelBuiltin
//	$krep2_r1Ug_closure         .Lr1Ug_closure (assembler temporary) LabelInternal
//	sat_s1Xc_info               .Ls1Xc_info                          LabelInternal
//	block_c1YL_info             .Lc1YL_info                          LabelInternal
//	_u20z_srt                   .Lu20z_srt                           LabelSRT
//	_b2a1_btm                   .Lb2a1_btm                           LabelBitmap
//	i2nz_str                    i2nz_str (a local, non-temporary)    LabelString
//	c1Ym                        .Lc1Ym                               LabelBlock
//	stg_gc_fun, allocBlock_lock the same text                        LabelC
//
// Assembler temporaries (".L...") do not reach the symbol table unless the
// object was assembled with --keep-locals (ghc -opta-Wa,-L); all other
// kinds are symbols, global or local.

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// LabelKind is what a label names.
type LabelKind uint8

// The kinds of labels in GHC 9.0.2's Cmm dumps.
const (
	// LabelC is a plain C or RTS label, or a label of a .cmm file:
	// stg_gc_fun, stg_SRT_2_info, allocBlock_lock, newCAF.
	LabelC LabelKind = iota
	// LabelExternal is a module-qualified Haskell name: GHC.Base.++_closure.
	LabelExternal
	// LabelBuiltin is a name of built-in syntax, which the dump never
	// qualifies: :_con_info, (,)_con_info, []_con_info.
	LabelBuiltin
	// LabelInternal is a module-local Haskell name printed with its unique:
	// sat_s1Xc_info, $krep2_r1Ug_closure, block_c1YL_info.
	LabelInternal
	// LabelSRT is a static reference table: _u20z_srt.
	LabelSRT
	// LabelBitmap is a large stack bitmap: _b2a1_btm.
	LabelBitmap
	// LabelString is a string literal of an info table: i2nz_str.
	LabelString
	// LabelBlock is a local block label: c1Ym.
	LabelBlock
)

func (k LabelKind) String() string {
	switch k {
	case LabelC:
		return "C"
	case LabelExternal:
		return "external"
	case LabelBuiltin:
		return "builtin"
	case LabelInternal:
		return "internal"
	case LabelSRT:
		return "SRT"
	case LabelBitmap:
		return "bitmap"
	case LabelString:
		return "string"
	case LabelBlock:
		return "block"
	}
	return "?"
}

// LabelSource says which kind of dump a label comes from: the two differ
// in which unqualified labels can be module-local names.
type LabelSource uint8

const (
	// FromHaskell is the -ddump-cmm-raw of a Haskell module.
	FromHaskell LabelSource = iota
	// FromCmm is the -ddump-cmm of a hand-written .cmm file, whose labels
	// are C labels except those GHC makes up (blocks, strings).
	FromCmm
)

// LabelParts is a label taken apart.
type LabelParts struct {
	Kind   LabelKind
	Module string // LabelExternal, LabelBuiltin: GHC.Show
	Name   string // the occurrence name ($fShowMaybe4, ++, :), or a C label without its suffix
	Unique string // LabelInternal, LabelSRT, LabelBitmap, LabelString, LabelBlock: r1Ug
	Suffix string // closure, info, con_info, srt, ... without "_"; "" if none
}

// idSuffixes are the flavours of Haskell names (CLabel.hs ppIdFlavor),
// longest first so that "_con_info" wins over "_info".
var idSuffixes = [...]string{
	"closure_tbl", "con_entry", "con_info",
	"closure", "entry", "bytes", "info", "slow", "ct",
}

// IsGHCSymbol says whether an object symbol is named like one GHC makes
// from a Haskell label: z-encoded, ending in one of GHC's suffixes.
func IsGHCSymbol(sym string) bool {
	for _, suf := range idSuffixes {
		if strings.HasSuffix(sym, "_"+suf) && len(sym) > len(suf)+1 {
			return true
		}
	}
	return false
}

// cSuffixes are the suffixes worth naming in C and RTS labels.
var cSuffixes = [...]string{
	"closure_tbl", "static_info", "con_entry", "con_info",
	"closure", "entry", "bytes", "info", "slow", "fast", "ret", "srt", "str", "btm", "ct",
}

// ParseLabel takes a label apart. defined says whether the module being
// compiled defines the label: GHC only ever refers to its own module's
// internal names and temporaries, so an unqualified label that the module
// does not define is a C label (or built-in syntax), never an internal
// name. Some labels read in two ways (a constructor A_con's "M.A_con_info"
// against A's "M.A_con_info"); ParseLabel gives the more likely reading,
// LabelReadings all of them.
func ParseLabel(l Label, src LabelSource, defined bool) (LabelParts, error) {
	rs, err := LabelReadings(l, src, defined)
	if err != nil {
		return LabelParts{}, err
	}
	return rs[0], nil
}

// LabelReadings is every reading of a label, most likely first.
func LabelReadings(l Label, src LabelSource, defined bool) ([]LabelParts, error) {
	s := string(l)
	if s == "" {
		return nil, errors.New("empty label")
	}
	if mod, rest, ok := splitModule(s); ok {
		rs := splitSuffixes(rest, idSuffixes[:])
		if len(rs) == 0 {
			return nil, fmt.Errorf("label %q: no _closure, _info, ... suffix after the name", s)
		}
		out := make([]LabelParts, len(rs))
		for i, r := range rs {
			out[i] = LabelParts{Kind: LabelExternal, Module: mod, Name: r[0], Suffix: r[1]}
		}
		return out, nil
	}
	for _, r := range splitSuffixes(s, idSuffixes[:]) {
		if mod := builtinModule(r[0]); mod != "" {
			return []LabelParts{{Kind: LabelBuiltin, Module: mod, Name: r[0], Suffix: r[1]}}, nil
		}
	}
	if defined {
		if p, ok := parseLocal(s, src); ok {
			return []LabelParts{p}, nil
		}
	}
	name, suffix := s, ""
	if rs := splitSuffixes(s, cSuffixes[:]); len(rs) > 0 {
		name, suffix = rs[0][0], rs[0][1]
	}
	return []LabelParts{{Kind: LabelC, Name: name, Suffix: suffix}}, nil
}

// parseLocal reads a label the module defines as one of GHC's local kinds.
func parseLocal(s string, src LabelSource) (LabelParts, bool) {
	if u, ok := cut(s, "_", "_srt"); ok && isUnique(u) {
		return LabelParts{Kind: LabelSRT, Unique: u, Suffix: "srt"}, true
	}
	if u, ok := cut(s, "_b", "_btm"); ok && isUnique(u) {
		return LabelParts{Kind: LabelBitmap, Unique: u, Suffix: "btm"}, true
	}
	if u, ok := cut(s, "", "_str"); ok && isUnique(u) {
		return LabelParts{Kind: LabelString, Unique: u, Suffix: "str"}, true
	}
	if src == FromCmm {
		// Hand-written Cmm has no Haskell names: only the info tables
		// of return points (BlockId.hs infoTblLbl) are internal.
		if u, ok := cut(s, "block_", "_info"); ok && isUnique(u) {
			return LabelParts{Kind: LabelInternal, Name: "block", Unique: u, Suffix: "info"}, true
		}
		return LabelParts{}, false
	}
	for _, r := range splitSuffixes(s, idSuffixes[:]) {
		i := strings.LastIndexByte(r[0], '_')
		if i > 0 && isUnique(r[0][i+1:]) {
			return LabelParts{Kind: LabelInternal, Name: r[0][:i], Unique: r[0][i+1:], Suffix: r[1]}, true
		}
	}
	if isUnique(s) {
		return LabelParts{Kind: LabelBlock, Unique: s}, true
	}
	return LabelParts{}, false
}

// cut returns the middle of s between prefix and suffix.
func cut(s, prefix, suffix string) (string, bool) {
	if len(s) <= len(prefix)+len(suffix) || !strings.HasPrefix(s, prefix) || !strings.HasSuffix(s, suffix) {
		return "", false
	}
	return s[len(prefix) : len(s)-len(suffix)], true
}

// isUnique says whether s looks like a unique as GHC prints it
// (Unique.hs showUnique: a tag character and a base-62 number).
func isUnique(s string) bool {
	if len(s) < 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// splitModule splits "GHC.Show.$fShow4_closure" into "GHC.Show" and the
// rest: the longest prefix of module-name components ([A-Z][A-Za-z0-9_']*)
// each followed by a dot, leaving a non-empty name. "GHC.Base.._closure"
// is the operator "." of GHC.Base. ":Main" is the module of the program's
// entry wrapper (GHC's rOOT_MAIN), the one module name that starts with ':'.
func splitModule(s string) (mod, rest string, ok bool) {
	end := -1 // index of the dot ending the module
	i := 0
	if strings.HasPrefix(s, ":Main.") && len(s) > len(":Main.") {
		end, i = len(":Main"), len(":Main.")
	}
	for i < len(s) && 'A' <= s[i] && s[i] <= 'Z' {
		j := i + 1
		for j < len(s) && isModChar(s[j]) {
			j++
		}
		if j >= len(s)-1 || s[j] != '.' {
			break
		}
		end = j
		i = j + 1
	}
	if end < 0 {
		return "", "", false
	}
	return s[:end], s[end+1:], true
}

func isModChar(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == '\''
}

// splitSuffixes is every way to split s into a non-empty name and one of
// suffixes, longest suffix first.
func splitSuffixes(s string, suffixes []string) [][2]string {
	var out [][2]string
	for _, suf := range suffixes {
		if n, ok := cut(s, "", "_"+suf); ok {
			out = append(out, [2]string{n, suf})
		}
	}
	return out
}

// builtinModule is the module of a name of built-in syntax, which dumps
// print unqualified (Name.hs pprExternal, BuiltInSyntax), or "". Only the
// data constructors themselves are built-in syntax: their workers'
// closures are qualified ("GHC.Types.[]_closure" but "[]_con_info").
func builtinModule(occ string) string {
	switch occ {
	case ":", "[]", "One", "Many":
		return "GHC.Types"
	case "()", "Solo":
		return "GHC.Tuple"
	case "(##)", "Solo#":
		return "GHC.Prim"
	}
	if strings.HasPrefix(occ, "(#") && strings.HasSuffix(occ, "#)") && strings.Trim(occ[2:len(occ)-2], ",_|") == "" {
		return "GHC.Prim" // unboxed tuples and sums
	}
	if strings.HasPrefix(occ, "(") && strings.HasSuffix(occ, ")") && strings.Trim(occ[1:len(occ)-1], ",") == "" {
		return "GHC.Tuple"
	}
	return ""
}

// ZEncode is GHC's z-encoding of a name (GHC/Utils/Encoding.hs
// zEncodeString), which makes any string a valid C identifier.
func ZEncode(s string) string {
	if t, ok := zTuple(s); ok {
		return t
	}
	var b strings.Builder
	for i, r := range s {
		if i == 0 && '0' <= r && r <= '9' {
			b.WriteString(zUnicode(r)) // a leading digit would not be an identifier
			continue
		}
		b.WriteString(zChar(r))
	}
	return b.String()
}

// zTuple encodes tuple names: "(,)" is Z2T, "()" Z0T, "(#,#)" Z2H and
// "(# #)" Z1H. Like GHC it looks only at a prefix of the name.
func zTuple(s string) (string, bool) {
	if s == "(# #)" {
		return "Z1H", true
	}
	if strings.HasPrefix(s, "(#") {
		n := countCommas(s[2:])
		if strings.HasPrefix(s[2+n:], "#)") {
			return "Z" + strconv.Itoa(n+1) + "H", true
		}
		return "", false
	}
	if s == "()" {
		return "Z0T", true
	}
	if strings.HasPrefix(s, "(") {
		n := countCommas(s[1:])
		if strings.HasPrefix(s[1+n:], ")") {
			return "Z" + strconv.Itoa(n+1) + "T", true
		}
	}
	return "", false
}

func countCommas(s string) int {
	n := 0
	for n < len(s) && s[n] == ',' {
		n++
	}
	return n
}

var zChars = map[rune]string{
	'(': "ZL", ')': "ZR", '[': "ZM", ']': "ZN", ':': "ZC", 'Z': "ZZ",
	'z': "zz", '&': "za", '|': "zb", '^': "zc", '$': "zd", '=': "ze",
	'>': "zg", '#': "zh", '.': "zi", '<': "zl", '-': "zm", '!': "zn",
	'+': "zp", '\'': "zq", '\\': "zr", '/': "zs", '*': "zt", '_': "zu",
	'%': "zv",
}

func zChar(r rune) string {
	if 'a' <= r && r <= 'z' && r != 'z' || 'A' <= r && r <= 'Z' && r != 'Z' || '0' <= r && r <= '9' {
		return string(r)
	}
	if e, ok := zChars[r]; ok {
		return e
	}
	return zUnicode(r)
}

// zUnicode is "z" and the code point in lower-case hex, with a leading 0
// when it starts with a letter, and "U".
func zUnicode(r rune) string {
	h := strconv.FormatInt(int64(r), 16)
	if h[0] > '9' {
		h = "0" + h
	}
	return "z" + h + "U"
}

// MainUnit is the unit of programs, whose symbols carry no unit prefix.
const MainUnit = "main"

// wiredInUnits are the packages GHC knows by name: their unit ids are
// their package names, whatever the package database says (GHC/Unit/
// Types.hs wiredInUnitIds).
var wiredInUnits = [...]string{"ghc-prim", "ghc-bignum", "base", "rts", "template-haskell", "ghc"}

// ModuleSymbolPrefix is the prefix of the symbols of a module:
// "base_GHCziShow" for GHC.Show in base, "M" for M in main.
func ModuleSymbolPrefix(unit, module string) string {
	if unit == MainUnit || unit == "" {
		return ZEncode(module)
	}
	return ZEncode(unit) + "_" + ZEncode(module)
}

// Resolver turns labels into object symbols. It knows the module being
// compiled, its unit and the units of all other modules.
type Resolver struct {
	ThisUnit   string // -this-unit-id; "" means main
	ThisModule string // the module being compiled; "" for a .cmm file
	Source     LabelSource
	// Defined says whether the module defines a label (a data label, an
	// info label, a procedure or a block); nil means it defines none.
	Defined func(Label) bool
	// Units is where other modules live; nil means every module is in
	// ThisUnit.
	Units *UnitDB
}

// Symbol is a label resolved into an object symbol.
type Symbol struct {
	Name  string
	Parts LabelParts
}

// Temp says whether the symbol is an assembler temporary, which the
// object's symbol table leaves out.
func (s Symbol) Temp() bool { return strings.HasPrefix(s.Name, ".L") }

// Resolve is the symbol of a label: its most likely reading, and an error
// if its module is in more than one unit.
func (r *Resolver) Resolve(l Label) (Symbol, error) {
	cs, err := r.Candidates(l)
	if err != nil {
		return Symbol{}, err
	}
	if cs[0].Parts.Kind == LabelExternal || cs[0].Parts.Kind == LabelBuiltin {
		if units := r.unitsOf(cs[0].Parts.Module); len(units) > 1 {
			return Symbol{}, fmt.Errorf("label %s: module %s is in several units (%s)", l, cs[0].Parts.Module, strings.Join(units, ", "))
		}
	}
	return cs[0], nil
}

// Candidates is every symbol a label may be, most likely first: one per
// reading of the label and per unit that has its module.
func (r *Resolver) Candidates(l Label) ([]Symbol, error) {
	defined := r.Defined != nil && r.Defined(l)
	rs, err := LabelReadings(l, r.Source, defined)
	if err != nil {
		return nil, err
	}
	var out []Symbol
	for _, p := range rs {
		switch p.Kind {
		case LabelExternal, LabelBuiltin:
			for _, u := range r.unitsOf(p.Module) {
				out = append(out, Symbol{ModuleSymbolPrefix(u, p.Module) + "_" + ZEncode(p.Name) + "_" + p.Suffix, p})
			}
		case LabelInternal:
			out = append(out, Symbol{".L" + p.Unique + "_" + p.Suffix, p})
		case LabelSRT:
			out = append(out, Symbol{".L" + p.Unique + "_srt", p})
		case LabelBitmap:
			out = append(out, Symbol{".Lb" + p.Unique + "_btm", p})
		case LabelBlock:
			out = append(out, Symbol{".L" + p.Unique, p})
		default: // C labels and strings are printed as they are
			out = append(out, Symbol{cName(l), p})
		}
	}
	return out, nil
}

// cName is the symbol of a C or RTS label. The labels of out-of-line
// primops are the exception to "printed as they are": dumps show
// `stg_putMVar#`, while code (GHC's pprPrimOp in code style) z-encodes the
// primop's name, `stg_putMVarzh`, which is what PrimOps.cmm defines.
func cName(l Label) string {
	s := string(l)
	if rest, ok := strings.CutPrefix(s, "stg_"); ok && strings.HasSuffix(rest, "#") {
		return "stg_" + ZEncode(rest)
	}
	return s
}

// unitsOf is the units a module may be in: ThisUnit for the module being
// compiled and for modules no package database has (other modules of the
// unit being built), else the units of the databases.
func (r *Resolver) unitsOf(module string) []string {
	this := r.ThisUnit
	if this == "" {
		this = MainUnit
	}
	if module == r.ThisModule || r.Units == nil {
		return []string{this}
	}
	if us := r.Units.UnitsOf(module); len(us) > 0 {
		return us
	}
	return []string{this}
}

// UnitDB maps module names to the units that define them, from package
// databases.
type UnitDB struct {
	units   []UnitInfo
	modules map[string][]string
}

// UnitInfo is the part of a package database entry the resolver needs.
type UnitInfo struct {
	Name    string   // package name: base
	ID      string   // unit id: base-4.15.1.0
	Modules []string // exposed and hidden modules it defines (not reexports)
	Depends []string // unit ids of its dependencies
}

// SymbolUnit is the unit id GHC puts into symbols: the package name for
// wired-in packages, else the id.
func (u UnitInfo) SymbolUnit() string {
	for _, w := range wiredInUnits {
		if u.Name == w {
			return w
		}
	}
	return u.ID
}

// NewUnitDB indexes units by module.
func NewUnitDB(units []UnitInfo) *UnitDB {
	db := &UnitDB{units: units, modules: map[string][]string{}}
	for _, u := range units {
		id := u.SymbolUnit()
		for _, m := range u.Modules {
			if !contains(db.modules[m], id) {
				db.modules[m] = append(db.modules[m], id)
			}
		}
	}
	for _, us := range db.modules {
		sort.Strings(us)
	}
	return db
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// UnitsOf is the units that define a module, sorted.
func (db *UnitDB) UnitsOf(module string) []string { return db.modules[module] }

// Visible narrows the database to what a compilation can see: the units
// named by ids (-package-id) or names (-package), and everything they
// depend on. Like ghc, it then cannot mistake the unit being built for an
// installed copy of the same package. With no ids or names, all is visible.
func (db *UnitDB) Visible(ids, names []string) *UnitDB {
	if len(ids) == 0 && len(names) == 0 {
		return db
	}
	byID := map[string]UnitInfo{}
	for _, u := range db.units {
		byID[u.ID] = u
	}
	seen := map[string]bool{}
	var visit func(id string)
	visit = func(id string) {
		u, ok := byID[id]
		if !ok || seen[id] {
			return
		}
		seen[id] = true
		for _, d := range u.Depends {
			visit(d)
		}
	}
	for _, id := range ids {
		visit(id)
	}
	for _, u := range db.units {
		for _, n := range names {
			if u.Name == n || u.Name+"-"+packageVersion(u.ID, u.Name) == n {
				visit(u.ID)
			}
		}
	}
	var kept []UnitInfo
	for _, u := range db.units {
		if seen[u.ID] {
			kept = append(kept, u)
		}
	}
	return NewUnitDB(kept)
}

// packageVersion is the version part of a unit id "name-1.2.3-hash".
func packageVersion(id, name string) string {
	v := strings.TrimPrefix(id, name+"-")
	v, _, _ = strings.Cut(v, "-")
	return v
}

// LoadPackageDBs reads package databases: directories of .conf files (as
// ghc-pkg keeps them) or single files in the format of `ghc-pkg dump`.
func LoadPackageDBs(paths ...string) (*UnitDB, error) {
	var units []UnitInfo
	for _, p := range paths {
		us, err := readPackageDB(p)
		if err != nil {
			return nil, err
		}
		units = append(units, us...)
	}
	return NewUnitDB(units), nil
}

func readPackageDB(path string) ([]UnitInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("package database: %w", err)
	}
	files := []string{path}
	if st.IsDir() {
		if files, err = filepath.Glob(filepath.Join(path, "*.conf")); err != nil {
			return nil, err
		}
		sort.Strings(files)
	}
	var units []UnitInfo
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("package database: %w", err)
		}
		us, err := ParsePackageConf(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		units = append(units, us...)
	}
	return units, nil
}

// ParsePackageConf parses installed-package descriptions ("name: base",
// continuation lines indented), several separated by "---" lines as
// `ghc-pkg dump` prints them.
func ParsePackageConf(r io.Reader) ([]UnitInfo, error) {
	var units []UnitInfo
	fields := map[string]string{}
	var cur string
	flush := func() error {
		if len(fields) == 0 {
			return nil
		}
		u := UnitInfo{Name: strings.TrimSpace(fields["name"]), ID: strings.TrimSpace(fields["id"])}
		if u.ID == "" {
			u.ID = strings.TrimSpace(fields["key"])
		}
		if u.Name == "" || u.ID == "" {
			return errors.New("package entry without name or id")
		}
		u.Modules = append(moduleList(fields["exposed-modules"]), moduleList(fields["hidden-modules"])...)
		if deps := strings.Fields(fields["depends"]); len(deps) > 0 {
			u.Depends = deps
		}
		units = append(units, u)
		fields, cur = map[string]string{}, ""
		return nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.TrimSpace(line) == "---":
			if err := flush(); err != nil {
				return nil, err
			}
		case line == "" || line[0] == ' ' || line[0] == '\t':
			if cur != "" {
				fields[cur] += " " + line
			}
		default:
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				return nil, fmt.Errorf("bad line %q", line)
			}
			cur = strings.ToLower(strings.TrimSpace(k))
			fields[cur] = v
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return units, nil
}

// moduleList reads a module list, leaving out reexports ("M from u:N").
func moduleList(s string) []string {
	toks := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	var out []string
	for i := 0; i < len(toks); i++ {
		if i+2 < len(toks) && toks[i+1] == "from" {
			i += 2
			continue
		}
		if utf8.ValidString(toks[i]) {
			out = append(out, toks[i])
		}
	}
	return out
}

// GlobalPackageDB is the global package database of a ghc.
func GlobalPackageDB(ghc string) (string, error) {
	out, err := exec.Command(ghc, "--print-global-package-db").Output()
	if err != nil {
		return "", fmt.Errorf("%s --print-global-package-db: %w", ghc, err)
	}
	return strings.TrimSpace(string(out)), nil
}
