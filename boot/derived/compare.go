package derived

import (
	"bytes"
	"fmt"
	"strings"
)

// Difference is one constant on which two DerivedConstants.h disagree, or a
// line that differs outside the constants (Name is then "line N").
type Difference struct {
	Name      string
	Want, Got string // the values; "(missing)" when a header lacks it
}

func (d Difference) String() string {
	return fmt.Sprintf("%s: x86_64 %s, wasm64 %s", d.Name, d.Want, d.Got)
}

// Comparison is the result of Compare.
type Comparison struct {
	Constants   int // #define lines of the reference header
	Differences []Difference
}

const missing = "(missing)"

// Compare checks got (derived for wasm64) against want (the installed
// x86_64 header) line by line. Differences name the constants, in the
// order of want, then constants only got has; when the constants agree but
// the files still differ (order, comments), the first differing line.
func Compare(want, got []byte) Comparison {
	wantDefs, wantOrder := defines(want)
	gotDefs, gotOrder := defines(got)
	c := Comparison{Constants: len(wantOrder)}
	for _, name := range wantOrder {
		g, ok := gotDefs[name]
		if !ok {
			g = missing
		}
		if w := wantDefs[name]; w != g {
			c.Differences = append(c.Differences, Difference{Name: name, Want: w, Got: g})
		}
	}
	for _, name := range gotOrder {
		if _, ok := wantDefs[name]; !ok {
			c.Differences = append(c.Differences, Difference{Name: name, Want: missing, Got: gotDefs[name]})
		}
	}
	if len(c.Differences) == 0 && !bytes.Equal(want, got) {
		wl, gl := lines(want), lines(got)
		for i := 0; i < max(len(wl), len(gl)); i++ {
			w, wok := at(wl, i)
			g, gok := at(gl, i)
			if w != g || wok != gok {
				c.Differences = append(c.Differences, Difference{Name: fmt.Sprintf("line %d", i+1), Want: quote(w, wok), Got: quote(g, gok)})
				break
			}
		}
	}
	return c
}

// defines maps each #define's name (with its parameters, for function-like
// macros) to its value. A name defined again gets a "#2" suffix, so that
// no line goes unchecked.
func defines(header []byte) (map[string]string, []string) {
	defs := map[string]string{}
	var order []string
	for _, line := range lines(header) {
		rest, ok := strings.CutPrefix(line, "#define ")
		if !ok {
			continue
		}
		name, value, _ := strings.Cut(strings.TrimSpace(rest), " ")
		key := name
		for n := 2; ; n++ {
			if _, dup := defs[key]; !dup {
				break
			}
			key = fmt.Sprintf("%s#%d", name, n)
		}
		defs[key] = strings.TrimSpace(value)
		order = append(order, key)
	}
	return defs, order
}

func lines(b []byte) []string {
	s := strings.TrimSuffix(string(b), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func at(l []string, i int) (string, bool) {
	if i < len(l) {
		return l[i], true
	}
	return "", false
}

func quote(s string, ok bool) string {
	if !ok {
		return "(end of file)"
	}
	return fmt.Sprintf("%q", s)
}
