package pkgset

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// Library is a Haskell library of Debian's archive.
type Library struct {
	Name    string // Hackage's name: "QuickCheck"
	Version string // Hackage's version: "2.14.2"
	// Source and SourceVersion are the Debian source package it is built
	// from ("haskell-quickcheck", "2.14.2-1"); Source is "ghc" for the
	// packages ghc ships.
	Source        string
	SourceVersion string
	// Depends are the names of the libraries it needs, as Debian built it.
	Depends []string
	// Tool marks a native build tool (tools.go): the package's tarball is
	// written by ahc, not fetched, and its Source installs the program.
	Tool bool `json:",omitempty"`
}

// Archive is the Haskell libraries of Debian's archive, by name.
type Archive map[string]*Library

// stanza is one paragraph of an apt package list.
type stanza map[string]string

// readStanzas reads the paragraphs of apt-cache dumpavail's output.
func readStanzas(r io.Reader, each func(stanza) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	st := stanza{}
	last := ""
	flush := func() error {
		if len(st) == 0 {
			return nil
		}
		err := each(st)
		st, last = stanza{}, ""
		return err
	}
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if err := flush(); err != nil {
				return err
			}
		case line[0] == ' ' || line[0] == '\t':
			if last != "" {
				st[last] += "\n" + line
			}
		default:
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				continue
			}
			last = k
			st[k] = strings.TrimSpace(v)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("reading apt's package lists: %w", err)
	}
	return flush()
}

// debLibrary matches the versioned virtual package of a Haskell library
// that Debian's packages provide and depend on:
// libghc-quickcheck2-dev-2.14.2-3f2a1.
var debLibrary = regexp.MustCompile(`^(libghc-[a-z0-9.+-]+-dev)-([0-9][0-9.]*)-[0-9a-f]{5}$`)

// ghcPackage is the Ghc-Package field: NAME-VERSION-ABIHASH.
var ghcPackage = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9-]*)-([0-9][0-9.]*)-[A-Za-z0-9]+$`)

// ParseArchive reads the Haskell libraries from apt's package lists (the
// output of apt-cache dumpavail), and the native build tools. ghcLibs are
// the packages of the installed ghc (ghc-pkg's NAME-VERSION ids), which
// Debian's ghc package provides under lower-case names; ghcTools are the
// tools ghc ships, at the versions they report.
func ParseArchive(r io.Reader, ghcLibs, ghcTools []Pin) (Archive, error) {
	arch := Archive{}
	for _, t := range ghcTools {
		arch[t.Name] = &Library{Name: t.Name, Version: t.Version, Source: "ghc", Tool: true}
	}
	byVirtual := map[string]string{} // libghc-X-dev-VERSION -> Hackage name
	deps := map[string][]string{}    // Hackage name -> virtual packages it depends on
	ghcByLower := map[string]Pin{}
	for _, p := range ghcLibs {
		ghcByLower[strings.ToLower(p.Name)+"-"+p.Version] = p
	}
	err := readStanzas(r, func(st stanza) error {
		if st["Package"] == "ghc" {
			for _, v := range splitList(st["Provides"]) {
				m := debLibrary.FindStringSubmatch(v)
				if m == nil {
					continue
				}
				lower := strings.TrimSuffix(strings.TrimPrefix(m[1], "libghc-"), "-dev")
				if p, ok := ghcByLower[lower+"-"+m[2]]; ok {
					byVirtual[m[1]+"-"+m[2]] = p.Name
					if arch[p.Name] == nil {
						arch[p.Name] = &Library{Name: p.Name, Version: p.Version, Source: "ghc", SourceVersion: st["Version"]}
					}
				}
			}
			return nil
		}
		if deb, ok := nativeTools[st["Package"]]; ok && deb == st["Package"] {
			return addTool(arch, st)
		}
		gp := st["Ghc-Package"]
		if gp == "" {
			return nil
		}
		m := ghcPackage.FindStringSubmatch(gp)
		if m == nil {
			return fmt.Errorf("package %s: cannot read its Ghc-Package %q", st["Package"], gp)
		}
		lib := &Library{Name: m[1], Version: m[2], Source: st["Package"], SourceVersion: st["Version"]}
		if src := st["Source"]; src != "" {
			name, ver, hasVer := strings.Cut(src, " ")
			lib.Source = name
			if hasVer {
				lib.SourceVersion = strings.Trim(ver, "()")
			}
		}
		if old := arch[lib.Name]; old != nil && old.Version != lib.Version {
			// Two suites (bookworm and its updates) list different
			// versions: the newer upload is what apt-get source fetches.
			if !newerDebian(lib.SourceVersion, old.SourceVersion) {
				return nil
			}
		}
		arch[lib.Name] = lib
		for _, v := range splitList(st["Provides"]) {
			if m := debLibrary.FindStringSubmatch(v); m != nil {
				byVirtual[m[1]+"-"+m[2]] = lib.Name
			}
		}
		deps[lib.Name] = splitList(st["Depends"])
		return nil
	})
	if err != nil {
		return nil, err
	}
	for name, ds := range deps {
		seen := map[string]bool{}
		for _, d := range ds {
			m := debLibrary.FindStringSubmatch(d)
			if m == nil {
				continue // a C library or the runtime
			}
			if dep, ok := byVirtual[m[1]+"-"+m[2]]; ok && !seen[dep] {
				seen[dep] = true
				arch[name].Depends = append(arch[name].Depends, dep)
			}
		}
		sort.Strings(arch[name].Depends)
	}
	return arch, nil
}

// addTool records the native tool a binary package installs.
func addTool(arch Archive, st stanza) error {
	m := upstreamVersion.FindStringSubmatch(st["Version"])
	if m == nil {
		return fmt.Errorf("package %s: cannot read its version %q", st["Package"], st["Version"])
	}
	t := &Library{Name: st["Package"], Version: m[1], Source: st["Package"], SourceVersion: st["Version"], Tool: true}
	if old := arch[t.Name]; old != nil && !newerDebian(t.SourceVersion, old.SourceVersion) {
		return nil
	}
	arch[t.Name] = t
	return nil
}

// splitList splits a Depends or Provides field into package names,
// dropping version relations and alternatives' separators.
func splitList(field string) []string {
	var out []string
	for _, item := range strings.Split(field, ",") {
		for _, alt := range strings.Split(item, "|") {
			name, _, _ := strings.Cut(strings.TrimSpace(alt), " ")
			if name != "" {
				out = append(out, name)
			}
		}
	}
	return out
}

// newerDebian reports whether Debian version a sorts after b. Only
// uploads of one source package are compared (bookworm against its
// updates), which differ in their numeric parts.
func newerDebian(a, b string) bool {
	as, bs := versionParts.FindAllString(a, -1), versionParts.FindAllString(b, -1)
	for i := 0; i < len(as) && i < len(bs); i++ {
		if as[i] == bs[i] {
			continue
		}
		if isDigits(as[i]) && isDigits(bs[i]) {
			x, y := strings.TrimLeft(as[i], "0"), strings.TrimLeft(bs[i], "0")
			if len(x) != len(y) {
				return len(x) > len(y)
			}
			return x > y
		}
		return as[i] > bs[i]
	}
	return len(as) > len(bs)
}

// versionParts splits a Debian version into runs of digits and others.
var versionParts = regexp.MustCompile(`[0-9]+|[^0-9]+`)

func isDigits(s string) bool { return strings.Trim(s, "0123456789") == "" }

func (l *Library) String() string { return l.Name + "-" + l.Version }
