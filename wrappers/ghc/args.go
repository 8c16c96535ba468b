package ghc

import (
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mode is what a ghc command line asks ghc to do, as far as ahc cares.
type Mode uint8

const (
	// ModeOther is every mode in which ahc adds nothing and processes
	// nothing: --info, --version, -M, -E, -S, --interactive, -e,
	// --abi-hash, --show-options, conflicting modes (ghc reports them), ...
	ModeOther Mode = iota
	// ModeMake is --make, which is also ghc's default mode.
	ModeMake
	// ModeOneShot is -c: each source on the command line compiled on its own.
	ModeOneShot
)

func (m Mode) String() string {
	switch m {
	case ModeMake:
		return "--make"
	case ModeOneShot:
		return "-c"
	}
	return "other"
}

// InputKind says what ghc does with a file-like argument.
type InputKind uint8

const (
	// InputOther is an argument ahc has no Cmm for: C, assembler, objects,
	// libraries.
	InputOther InputKind = iota
	// InputHaskell is a Haskell source or a module name.
	InputHaskell
	// InputCmm is a Cmm source (.cmm, .cmmcpp).
	InputCmm
)

// Input is a file-like argument: anything ghc does not take as a flag or a
// flag's value.
type Input struct {
	Path string
	Kind InputKind
}

// objectTarget is ghc's code generation target, set by -fno-code,
// -fbyte-code and -fobject-code (last wins).
type objectTarget uint8

const (
	targetObject objectTarget = iota
	targetNone
	targetByteCode
)

// Args is a ghc command line as ghc 9.0.2 reads it, reduced to what ahc
// needs: the mode, the inputs, and the flags that decide where ghc puts
// objects and dumps.
type Args struct {
	Mode   Mode
	Inputs []Input
	// ImportPaths is the -i search path, "." unless -i cleared it.
	ImportPaths []string

	ObjectDir    string // -odir or -outputdir, "" if none
	DumpDir      string // -dumpdir or -outputdir, "" if none
	ObjectSuf    string // -osuf, default "o"
	DynObjectSuf string // -dynosuf, default "dyn_o"
	Output       string // -o
	DynOutput    string // -dyno
	UnitID       string // -this-unit-id or -package-name, default "main"
	DynamicToo   bool
	NoLink       bool // -no-link, -c or -fno-code
	// ForceRecomp is ghc's -fforce-recomp as these arguments leave it.
	// In one-shot mode ghc turns it on for every -ddump flag, ahc's too.
	ForceRecomp bool
	// UserDumps holds the dump flags the user gave ("ddump-simpl", ...).
	UserDumps map[string]bool
	// DumpFilePrefix is set when -ddump-file-prefix is given: it sends the
	// dumps of all modules to one file, so ahc cannot tell them apart.
	DumpFilePrefix bool

	target  objectTarget
	rtsOpen bool // the arguments end inside a +RTS section
}

// Compiles reports whether ghc will generate code that ahc must follow: a
// --make or -c run with object code and at least one Haskell or Cmm input.
// Everything else goes to ghc untouched.
func (a *Args) Compiles() bool {
	if a.Mode == ModeOther || a.target != targetObject {
		return false
	}
	return a.HasKind(InputHaskell) || a.HasKind(InputCmm)
}

// HasKind reports whether some input is of kind k.
func (a *Args) HasKind(k InputKind) bool {
	for _, in := range a.Inputs {
		if in.Kind == k {
			return true
		}
	}
	return false
}

// ParseArgs classifies a ghc command line the way ghc 9.0.2 does (ghc/Main.hs
// and GHC.Driver.Session): RTS sections and -B flags first, then the mode
// flags over all arguments, then the dynamic flags over the rest; what is
// left is the inputs.
func ParseArgs(args []string) *Args {
	a := &Args{
		ImportPaths:  []string{"."},
		ObjectSuf:    "o",
		DynObjectSuf: "dyn_o",
		UnitID:       "main",
		UserDumps:    map[string]bool{},
	}
	visible := a.stripRTS(args)
	var rest []string
	for _, arg := range visible {
		if !strings.HasPrefix(arg, "-B") {
			rest = append(rest, arg)
		}
	}
	rest = a.parseModes(rest)
	a.parseDynamic(rest)
	return a
}

// stripRTS drops what the RTS of the ghc executable takes for itself:
// +RTS ... -RTS sections, up to --RTS, after which everything is ghc's.
func (a *Args) stripRTS(args []string) []string {
	var out []string
	inRTS := false
	for i, arg := range args {
		switch {
		case arg == "--RTS":
			a.rtsOpen = false
			return append(out, args[i+1:]...)
		case arg == "+RTS":
			inRTS = true
		case arg == "-RTS":
			inRTS = false
		case !inRTS:
			out = append(out, arg)
		}
	}
	a.rtsOpen = inRTS
	return out
}

// modeFlags are ghc's mode flags without their leading dash, each with
// whether it takes a value. All others take none and match exactly.
var modeFlags = map[string]bool{
	"?": false, "-help": false, "V": false, "-version": false, "-numeric-version": false,
	"-info": false, "-show-options": false, "-supported-languages": false,
	"-supported-extensions": false, "-show-packages": false,
	"-show-iface": true, "c": false, "M": false, "E": false, "C": false, "S": false,
	"-make": false, "-backpack": false, "-interactive": false, "-abi-hash": false,
	"e": true, "-frontend": true,
}

// parseModes consumes the mode flags and returns the other arguments. Like
// ghc, -c together with --make means --make, and any other combination is
// either a mode ahc passes through or an error ghc reports.
func (a *Args) parseModes(args []string) []string {
	var rest, modes []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		name, ok := strings.CutPrefix(arg, "-")
		if !ok {
			rest = append(rest, arg)
			continue
		}
		if takesValue, known := modeFlags[name]; known {
			modes = append(modes, name)
			if takesValue && i+1 < len(args) {
				i++
			}
			continue
		}
		if strings.HasPrefix(name, "-print-") {
			modes = append(modes, name)
			continue
		}
		if strings.HasPrefix(name, "-show-iface") { // --show-iface=FILE
			modes = append(modes, "-show-iface")
			continue
		}
		rest = append(rest, arg)
	}
	a.Mode = ModeMake
	sawC := false
	for _, m := range modes {
		switch m {
		case "-make":
		case "c":
			sawC = true
		default:
			a.Mode = ModeOther
		}
	}
	if a.Mode == ModeMake && sawC {
		a.NoLink = true
		if !slices.Contains(modes, "-make") {
			a.Mode = ModeOneShot
		}
	}
	return rest
}

// argFlags are the ghc 9.0.2 flags (without the dash) that take their value
// from the next argument when none is attached: HasArg and SepArg in
// GHC.Driver.Session. They are listed so that a flag's value is not taken
// for an input. Extracted from compiler/GHC/Driver/Session.hs (every
// make_ord_flag/make_dep_flag whose kind is hasArg, HasArg, sepArg or
// SepArg); TestFlagTables checks them against the installed ghc.
var argFlags = map[string]bool{
	"H": true, "ddump-file-prefix": true, "dep-makefile": true, "dep-suffix": true,
	"distrust": true, "dumpdir": true, "dylib-install-name": true, "dynhisuf": true,
	"dynload": true, "dynosuf": true, "exclude-module": true, "fblock-layout-weights": true,
	"ffrontend-opt": true, "fplugin": true, "fplugin-opt": true, "framework": true,
	"framework-path": true, "ghci-script": true, "ghcversion-file": true, "haddock-opts": true,
	"hcsuf": true, "hide-package": true, "hidir": true, "hiedir": true, "hiesuf": true,
	"hisuf": true, "ignore-package": true, "interactive-print": true, "l": true, "odir": true,
	"ohi": true, "optF": true, "optL": true, "optP": true, "opta": true, "optc": true,
	"optcxx": true, "opti": true, "optl": true, "optlc": true, "optlm": true, "optlo": true,
	"optwindres": true, "osuf": true, "outputdir": true, "package": true, "package-conf": true, "package-db": true,
	"package-env": true, "package-id": true, "package-name": true, "pgmF": true, "pgmL": true,
	"pgmP": true, "pgma": true, "pgmar": true, "pgmc": true, "pgmdll": true, "pgmi": true,
	"pgminstall_name_tool": true, "pgml": true, "pgmlc": true, "pgmlibtool": true,
	"pgmlm": true, "pgmlo": true, "pgmotool": true, "pgmranlib": true, "pgms": true,
	"pgmwindres": true, "plugin-package": true, "plugin-package-id": true, "stubdir": true,
	"syslib": true, "this-unit-id": true, "tmpdir": true, "trust": true, "with-rtsopts": true,
	// SepArg: the value is always the next argument.
	"dinline-check": false, "drule-check": false, "dyno": false, "hpcdir": false,
	"instantiated-with": false, "main-is": false, "o": false, "this-component-id": false,
}

// notImportFlags are the flags other than -i that start with "i"; ghc
// prefers the longest match, so "-ignore-package" is not "-i" with
// "gnore-package". Each with whether it may carry an attached value.
var notImportFlags = map[string]bool{
	"ignore-package": true, "interactive-print": true,
	"instantiated-with": false, "include-cpp-deps": false, "include-pkg-deps": false,
	"ignore-dot-ghci": false,
}

// dumpsNotForcingRecomp are the dump flags that, unlike all the others, do
// not turn on -fforce-recomp in one-shot mode (setDumpFlag' in
// GHC.Driver.Session).
var dumpsNotForcingRecomp = map[string]bool{
	"ddump-if-trace": true, "ddump-hi-diffs": true, "dno-debug-output": true,
}

// isDumpFlag reports whether a flag (without the dash) is one of ghc's dump
// flags, which print or write a dump and, in one-shot mode, force
// recompilation.
func isDumpFlag(name string) bool {
	switch name {
	case "ddump-to-file", "ddump-file-prefix", "ddump-json", "ddump-minimal-imports":
		return false
	case "dth-dec-file", "dsource-stats", "dverbose-core2core", "dverbose-stg2stg",
		"dshow-passes", "dppr-debug", "dno-debug-output":
		return true
	}
	return strings.HasPrefix(name, "ddump-")
}

// parseDynamic reads the dynamic flags and collects the inputs, handling
// -x SUFFIX the way ghc's partition_args does.
func (a *Args) parseDynamic(args []string) {
	forced := "" // the -x suffix in force
	for i := 0; i < len(args); i++ {
		arg := args[i]
		name, isFlag := strings.CutPrefix(arg, "-")
		if !isFlag || arg == "-" {
			a.Inputs = append(a.Inputs, Input{Path: arg, Kind: inputKind(arg, forced)})
			continue
		}
		if name == "x" {
			if i+1 < len(args) {
				i++
				forced = args[i]
				if forced == "none" {
					forced = ""
				}
			}
			continue
		}
		if flag, value, needsNext, ok := splitFlag(name); ok {
			if needsNext && i+1 < len(args) {
				i++
				value = args[i]
			}
			a.setValue(flag, value)
			continue
		}
		a.setNoArg(name)
	}
}

// splitFlag reports whether name (a flag without its dash) is a
// value-taking flag and which: the longest such flag name that prefixes it,
// as ghc matches. The value is attached ("-odirX", "-odir=X") or, when
// needsNext, the next argument.
func splitFlag(name string) (flag, value string, needsNext, ok bool) {
	if _, known := argFlags[name]; known {
		return name, "", true, true
	}
	if f, cut := strings.CutSuffix(name, "="); cut && argFlags[f] {
		return f, "", true, true
	}
	for f, attachable := range argFlags {
		if attachable && len(f) > len(flag) && strings.HasPrefix(name, f) {
			flag = f
		}
	}
	if flag == "" {
		return "", "", false, false
	}
	return flag, strings.TrimPrefix(strings.TrimPrefix(name, flag), "="), false, true
}

func (a *Args) setValue(flag, value string) {
	switch flag {
	case "odir":
		a.ObjectDir = value
	case "dumpdir":
		a.DumpDir = value
	case "outputdir":
		a.ObjectDir, a.DumpDir = value, value
	case "osuf":
		a.ObjectSuf = value
	case "dynosuf":
		a.DynObjectSuf = value
	case "o":
		a.Output = value
	case "dyno":
		a.DynOutput = value
	case "this-unit-id", "package-name":
		a.UnitID = value
	case "ddump-file-prefix":
		a.DumpFilePrefix = true
	}
}

func (a *Args) setNoArg(name string) {
	switch name {
	case "dynamic-too":
		a.DynamicToo = true
	case "no-link":
		a.NoLink = true
	case "fno-code":
		a.target, a.NoLink = targetNone, true
	case "fbyte-code":
		a.target = targetByteCode
	case "fobject-code":
		a.target = targetObject
	case "fforce-recomp":
		a.ForceRecomp = true
	case "fno-force-recomp":
		a.ForceRecomp = false
	}
	if isDumpFlag(name) {
		a.UserDumps[name] = true
		if a.Mode == ModeOneShot && !dumpsNotForcingRecomp[name] {
			a.ForceRecomp = true
		}
	}
	if rest, ok := strings.CutPrefix(name, "i"); ok && !isOtherIFlag(name) {
		if rest == "" {
			a.ImportPaths = nil
		} else {
			a.ImportPaths = append(a.ImportPaths, filepath.SplitList(rest)...)
		}
	}
}

func isOtherIFlag(name string) bool {
	for f, attached := range notImportFlags {
		if name == f || (attached && strings.HasPrefix(name, f)) {
			return true
		}
	}
	return false
}

// inputKind classifies a file-like argument as ghc's partition_args and
// isHaskellishTarget do; forced is the -x suffix in force, if any.
func inputKind(path, forced string) InputKind {
	if forced != "" {
		return suffixKind(forced)
	}
	ext := strings.TrimPrefix(filepath.Ext(path), ".")
	if looksLikeModuleName(path) || ext == "" || strings.HasPrefix(path, "-") {
		return InputHaskell
	}
	return suffixKind(ext)
}

func suffixKind(suffix string) InputKind {
	switch suffix {
	case "hs", "lhs", "hs-boot", "lhs-boot", "hsig", "lhsig", "hspp", "hscpp":
		return InputHaskell
	case "cmm", "cmmcpp":
		return InputCmm
	}
	return InputOther
}

// looksLikeModuleName is GHC.Utils.Misc.looksLikeModuleName: dot-separated
// components, each an upper-case letter followed by identifier characters.
func looksLikeModuleName(s string) bool {
	for _, comp := range strings.Split(s, ".") {
		if !isModuleComponent(comp) {
			return false
		}
	}
	return true
}

func isModuleComponent(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 || !unicode.IsUpper(r) {
		return false
	}
	for _, r := range s[size:] {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '\'' {
			return false
		}
	}
	return true
}
