// Package pkgset is ahc's package set: one version of each of Debian 12's
// Haskell libraries (built by Debian against the same ghc 9.0.2) and of
// ghc's own packages, pinned in the repository's cabal.config the way a
// Stackage snapshot pins its packages.
//
// The pins say which version; Debian's archive says where it comes from.
// Index reads apt's package lists (the Ghc-Package field of each
// libghc-*-dev package names the library, its Source field the source
// package, its Depends the libraries it needs) and checks them against
// the pins. Repo is the local cabal repository (file+noindex) that
// ahc-cabal builds from: a package's source is fetched by name with
// apt-get source, Debian's patches applied, the first time a project needs
// it, and laid out as NAME-VERSION.tar.gz.
package pkgset

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Pin is one package of the set at its one version.
type Pin struct {
	Name    string
	Version string
}

func (p Pin) String() string { return p.Name + "-" + p.Version }

// pinItem is one constraint of a freeze file: "any.NAME ==VERSION".
var pinItem = regexp.MustCompile(`^any\.([A-Za-z0-9][A-Za-z0-9-]*) ==([0-9][0-9.]*)$`)

// ParsePins reads the constraints of a cabal.config written in cabal's
// freeze format: comment lines, then "constraints:" with one
// "any.NAME ==VERSION" item per line, comma-separated.
func ParsePins(data []byte) ([]Pin, error) {
	var pins []Pin
	seen := map[string]bool{}
	in := false
	for i, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "--"):
			continue
		case strings.HasPrefix(line, "constraints:"):
			in = true
			trimmed = strings.TrimSpace(strings.TrimPrefix(line, "constraints:"))
		case !in || !strings.HasPrefix(line, " "):
			return nil, fmt.Errorf("cabal.config:%d: want constraints in the freeze format, found %q", i+1, line)
		}
		item := strings.TrimSpace(strings.TrimSuffix(trimmed, ","))
		m := pinItem.FindStringSubmatch(item)
		if m == nil {
			return nil, fmt.Errorf("cabal.config:%d: want \"any.NAME ==VERSION\", found %q", i+1, item)
		}
		if seen[m[1]] {
			return nil, fmt.Errorf("cabal.config:%d: %s is pinned twice", i+1, m[1])
		}
		seen[m[1]] = true
		pins = append(pins, Pin{Name: m[1], Version: m[2]})
	}
	if len(pins) == 0 {
		return nil, fmt.Errorf("cabal.config pins no package")
	}
	return pins, nil
}

// FormatPins writes pins as cabal.config, in cabal's freeze format,
// sorted by name as cabal sorts a freeze file.
func FormatPins(pins []Pin, header string) []byte {
	sorted := append([]Pin(nil), pins...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	var b bytes.Buffer
	for _, l := range strings.Split(strings.TrimRight(header, "\n"), "\n") {
		fmt.Fprintln(&b, strings.TrimSpace("-- "+l))
	}
	for i, p := range sorted {
		lead := "             "
		if i == 0 {
			lead = "constraints: "
		}
		sep := ","
		if i == len(sorted)-1 {
			sep = ""
		}
		fmt.Fprintf(&b, "%sany.%s ==%s%s\n", lead, p.Name, p.Version, sep)
	}
	return b.Bytes()
}
