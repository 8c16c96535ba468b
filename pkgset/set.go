package pkgset

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ahc-hs/ahc/internal/atomicfile"
)

// Set is the package set: the pinned packages, each with the Debian
// library that provides its source.
type Set struct {
	pins map[string]Pin
	libs map[string]*Library
}

// NewSet checks the pins against Debian's archive: every pin must name a
// library the archive has, at the pinned version.
func NewSet(pins []Pin, arch Archive) (*Set, error) {
	s := &Set{pins: map[string]Pin{}, libs: map[string]*Library{}}
	var bad []string
	for _, p := range pins {
		s.pins[p.Name] = p
		lib := arch[p.Name]
		switch {
		case lib == nil:
			bad = append(bad, fmt.Sprintf("%s: no Debian package provides it", p))
		case lib.Version != p.Version:
			bad = append(bad, fmt.Sprintf("%s: Debian's archive has %s (%s %s)", p, lib.Version, lib.Source, lib.SourceVersion))
		default:
			s.libs[p.Name] = lib
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		more := ""
		if len(bad) > 10 {
			more = fmt.Sprintf("\n  ... and %d more", len(bad)-10)
			bad = bad[:10]
		}
		return nil, fmt.Errorf("the package set's pins (cabal.config) do not match Debian's archive; run apt-get update, or write new pins with ahc-boot pins:\n  %s%s", strings.Join(bad, "\n  "), more)
	}
	return s, nil
}

// PinsOf pins every library of the archive at its version.
func PinsOf(arch Archive) []Pin {
	var pins []Pin
	for _, l := range arch {
		pins = append(pins, Pin{Name: l.Name, Version: l.Version})
	}
	sort.Slice(pins, func(i, j int) bool { return pins[i].Name < pins[j].Name })
	return pins
}

// Pin returns the pin of the named package.
func (s *Set) Pin(name string) (Pin, bool) {
	p, ok := s.pins[name]
	return p, ok
}

// Len is the number of packages in the set.
func (s *Set) Len() int { return len(s.pins) }

// Closure returns the packages of the set that roots need, roots included,
// and what they need in turn, as Debian built them: the ones whose source
// a repository must hold (ghc's own packages are left out, they are in
// the package database). Names that are not in the set are left out. The
// native build tools are always in: Debian's dependencies of a library do
// not name the tools it was built with, and their packages cost nothing.
func (s *Set) Closure(roots []string) []*Library {
	seen := map[string]bool{}
	var out []*Library
	var visit func(string)
	visit = func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		lib := s.libs[name]
		if lib == nil {
			return
		}
		if lib.Source != "ghc" || lib.Tool {
			out = append(out, lib)
		}
		for _, d := range lib.Depends {
			visit(d)
		}
	}
	for _, r := range roots {
		visit(r)
	}
	for name, lib := range s.libs {
		if lib.Tool {
			visit(name)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Tools are the host programs LoadArchive runs.
type Tools struct {
	AptCache string // apt-cache
	GHCPkg   string // the native ghc-pkg, whose global database lists ghc's packages
	HSC2HS   string // ghc's hsc2hs, whose version the package set's hsc2hs is
}

// aptLists is where apt keeps its package lists; their sizes and times
// key the cached archive.
const aptLists = "/var/lib/apt/lists"

// LoadArchive reads Debian's Haskell libraries from apt's package lists,
// keeping the result in cacheDir/pkgset/archive-KEY.json until the lists
// or the installed ghc change (reading the lists takes a second).
func LoadArchive(ctx context.Context, cacheDir string, t Tools) (Archive, error) {
	ghcLibs, err := exec.CommandContext(ctx, t.GHCPkg, "list", "--global", "--simple-output").Output()
	if err != nil {
		return nil, fmt.Errorf("listing ghc's packages (%s list --global): %w", t.GHCPkg, err)
	}
	hsc2hs, err := exec.CommandContext(ctx, t.HSC2HS, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("asking ghc's hsc2hs its version (%s --version): %w", t.HSC2HS, err)
	}
	hsc2hsVersion, ok := ToolVersion(string(hsc2hs))
	if !ok {
		return nil, fmt.Errorf("%s --version printed no version: %q", t.HSC2HS, hsc2hs)
	}
	key, err := archiveKey(append(ghcLibs, hsc2hs...))
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(cacheDir, Stage)
	cached := filepath.Join(dir, "archive-"+key+".json")
	if data, err := os.ReadFile(cached); err == nil {
		var arch Archive
		if err := json.Unmarshal(data, &arch); err == nil {
			return arch, nil
		}
	}
	var pins []Pin
	for _, id := range strings.Fields(string(ghcLibs)) {
		if i := strings.LastIndexByte(id, '-'); i > 0 {
			pins = append(pins, Pin{Name: id[:i], Version: id[i+1:]})
		}
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, t.AptCache, "dumpavail")
	cmd.Stdout = &out
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("apt-cache dumpavail: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	arch, err := ParseArchive(&out, pins, []Pin{{Name: "hsc2hs", Version: hsc2hsVersion}})
	if err != nil {
		return nil, err
	}
	if len(arch) == 0 {
		return nil, fmt.Errorf("apt's package lists have no Haskell library: run apt-get update")
	}
	data, err := json.Marshal(arch)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := atomicfile.Write(cached, data); err != nil {
		return nil, err
	}
	// Older keys are of lists that have gone.
	old, _ := filepath.Glob(filepath.Join(dir, "archive-*.json"))
	for _, o := range old {
		if o != cached {
			os.Remove(o)
		}
	}
	return arch, nil
}

// archiveKey hashes the names, sizes and times of apt's lists, and what
// ghc's tools said (its package list, hsc2hs's version).
func archiveKey(ghc []byte) (string, error) {
	h := sha256.New()
	h.Write(ghc)
	ents, err := os.ReadDir(aptLists)
	if err != nil {
		return "", fmt.Errorf("reading apt's package lists: %w", err)
	}
	for _, e := range ents {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		fmt.Fprintf(h, "%s %d %d\n", e.Name(), info.Size(), info.ModTime().UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil)[:12]), nil
}

// Open reads the pins (cabal.config's text) and checks them against
// Debian's archive.
func Open(ctx context.Context, cacheDir string, cabalConfig []byte, t Tools) (*Set, error) {
	pins, err := ParsePins(cabalConfig)
	if err != nil {
		return nil, err
	}
	arch, err := LoadArchive(ctx, cacheDir, t)
	if err != nil {
		return nil, err
	}
	return NewSet(pins, arch)
}

// Libraries are the set's packages whose sources a repository holds (not
// ghc's libraries), by name.
func (s *Set) Libraries() []*Library {
	var out []*Library
	for _, l := range s.libs {
		if l.Source != "ghc" || l.Tool {
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
