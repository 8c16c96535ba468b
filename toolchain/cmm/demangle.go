package cmm

import (
	"strconv"
	"strings"
)

// ZDecode undoes ZEncode (GHC/Utils/Encoding.hs zDecodeString). ok is
// false for text that is not z-encoded (a stray "z" or "Z").
func ZDecode(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != 'z' && c != 'Z' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(s) {
			return "", false
		}
		rest := s[i+1:]
		if d, ok := zDecodeChars[s[i:i+2]]; ok {
			b.WriteRune(d)
			i++
			continue
		}
		// Z2T, Z1H: tuples; z2cU, z0e9U: code points.
		n := 0
		for n < len(rest) && isHexDigit(rest[n], c == 'z') {
			n++
		}
		if n == 0 || n >= len(rest) {
			return "", false
		}
		digits, kind := rest[:n], rest[n]
		switch {
		case c == 'Z' && (kind == 'T' || kind == 'H'):
			arity, _ := strconv.Atoi(digits)
			b.WriteString(tupleName(arity, kind == 'H'))
		case c == 'z' && kind == 'U':
			r, err := strconv.ParseInt(digits, 16, 32)
			if err != nil {
				return "", false
			}
			b.WriteRune(rune(r))
		default:
			return "", false
		}
		i += n + 1
	}
	return b.String(), true
}

// tupleName is the name of the tuple of arity n (zTuple's inverse).
func tupleName(n int, unboxed bool) string {
	open, close := "(", ")"
	if unboxed {
		if n == 1 {
			return "(# #)"
		}
		open, close = "(#", "#)"
	}
	return open + strings.Repeat(",", max(n-1, 0)) + close
}

// isHexDigit says whether c may follow "z" (hex digits of a code point)
// or "Z" (decimal digits of an arity).
func isHexDigit(c byte, hex bool) bool {
	return '0' <= c && c <= '9' || hex && 'a' <= c && c <= 'f'
}

var zDecodeChars = func() map[string]rune {
	m := map[string]rune{}
	for r, e := range zChars {
		m[e] = r
	}
	return m
}()

// Demangled is a Haskell object symbol taken apart.
type Demangled struct {
	Unit   string // "base", "split-0.2.3.5-abc"; "main" for programs
	Module string // GHC.Show
	Name   string // $fShowInt
	Suffix string // closure, info, con_info, ...
}

// String is the name as a Haskell programmer writes it, with what the
// symbol is of it: "GHC.Show.$fShowInt (closure, in base)".
func (d Demangled) String() string {
	return d.Module + "." + d.Name + " (" + strings.ReplaceAll(d.Suffix, "_", " ") + ", in " + d.Unit + ")"
}

// Demangle reads an object symbol GHC made from a Haskell name:
// UNIT_MODULE_NAME_SUFFIX, or MODULE_NAME_SUFFIX in unit main, each part
// z-encoded (so "_" separates them: a "_" of a name is "zu"). ok is
// false for any other symbol (a C function, an RTS label).
func Demangle(sym string) (Demangled, bool) {
	// The RTS's labels (stg_upd_frame_info) look like a unit's.
	if !IsGHCSymbol(sym) || strings.HasPrefix(sym, "stg_") {
		return Demangled{}, false
	}
	parts := strings.Split(sym, "_")
	var d Demangled
	switch {
	case len(parts) >= 3 && isModuleStart(parts[0]):
		d.Unit = MainUnit
	case len(parts) >= 4 && isModuleStart(parts[1]):
		unit, ok := ZDecode(parts[0])
		if !ok {
			return Demangled{}, false
		}
		d.Unit, parts = unit, parts[1:]
	default:
		return Demangled{}, false
	}
	mod, ok1 := ZDecode(parts[0])
	name, ok2 := ZDecode(parts[1])
	if !ok1 || !ok2 {
		return Demangled{}, false
	}
	d.Module, d.Name, d.Suffix = mod, name, strings.Join(parts[2:], "_")
	return d, true
}

// isModuleStart says whether a z-encoded part is a module name: modules
// start with a capital letter, which z-encoding keeps (but Z itself).
func isModuleStart(s string) bool {
	return s != "" && 'A' <= s[0] && s[0] <= 'Z' && (s[0] != 'Z' || strings.HasPrefix(s, "ZZ"))
}
