package pkgset

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func testArchive(t *testing.T) Archive {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "dumpavail.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	arch, err := ParseArchive(f, []Pin{{"base", "4.15.1.0"}, {"containers", "0.6.4.1"}, {"Cabal", "3.4.1.0"}, {"unix", "2.7.2.2"}}, []Pin{{"hsc2hs", "0.68.7"}})
	if err != nil {
		t.Fatal(err)
	}
	return arch
}

func TestParseArchive(t *testing.T) {
	arch := testArchive(t)
	tests := []struct {
		name string
		want Library
	}{
		{"split", Library{Name: "split", Version: "0.2.3.5", Source: "haskell-split", SourceVersion: "0.2.3.5-1", Depends: []string{"base"}}},
		// The source's version, not the binary rebuild's (+b3); the
		// Hackage name's case from Ghc-Package; alternatives and
		// continuation lines in Depends.
		{"QuickCheck", Library{Name: "QuickCheck", Version: "2.14.2", Source: "haskell-quickcheck", SourceVersion: "2.14.2-1",
			Depends: []string{"base", "containers", "random", "splitmix"}}},
		// The newer of two uploads.
		{"splitmix", Library{Name: "splitmix", Version: "0.1.0.4", Source: "haskell-splitmix", SourceVersion: "0.1.0.4-1"}},
		{"hscolour", Library{Name: "hscolour", Version: "1.24.4", Source: "hscolour", SourceVersion: "1.24.4-4", Depends: []string{"base", "containers"}}},
		// ghc's packages, by ghc-pkg's names; unix is not provided.
		{"Cabal", Library{Name: "Cabal", Version: "3.4.1.0", Source: "ghc", SourceVersion: "9.0.2-4"}},
		// Native build tools: from their binary packages (the upstream
		// version, without epoch or repack suffix), and ghc's hsc2hs.
		{"happy", Library{Name: "happy", Version: "1.20.0", Source: "happy", SourceVersion: "1.20.0-1", Tool: true}},
		{"alex", Library{Name: "alex", Version: "3.2.7.1", Source: "alex", SourceVersion: "1:3.2.7.1+ds-3", Tool: true}},
		{"hsc2hs", Library{Name: "hsc2hs", Version: "0.68.7", Source: "ghc", Tool: true}},
	}
	for _, tt := range tests {
		got := arch[tt.name]
		if got == nil {
			t.Errorf("%s: missing", tt.name)
			continue
		}
		if !reflect.DeepEqual(*got, tt.want) {
			t.Errorf("%s = %+v, want %+v", tt.name, *got, tt.want)
		}
	}
	if arch["unix"] != nil {
		t.Errorf("unix is in the archive, but ghc does not provide it there")
	}
}

func TestPinsRoundTrip(t *testing.T) {
	pins := PinsOf(testArchive(t))
	text := FormatPins(pins, "a header\n\nof two paragraphs")
	if !strings.HasPrefix(string(text), "-- a header\n--\n-- of two paragraphs\nconstraints: any.Cabal ==3.4.1.0,\n") {
		t.Errorf("cabal.config starts:\n%s", text)
	}
	got, err := ParsePins(text)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, pins) {
		t.Errorf("round trip = %v, want %v", got, pins)
	}
}

func TestParsePinsErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{"", "pins no package"},
		{"constraints: any.a ==1,\n             any.a ==2\n", "pinned twice"},
		{"constraints: a >=1\n", `want "any.NAME ==VERSION"`},
		{"flags: +x\n", "freeze format"},
	}
	for _, tt := range tests {
		if _, err := ParsePins([]byte(tt.text)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParsePins(%q) error = %v, want %q", tt.text, err, tt.want)
		}
	}
}

func TestNewSet(t *testing.T) {
	arch := testArchive(t)
	if _, err := NewSet([]Pin{{"split", "0.2.3.5"}, {"base", "4.15.1.0"}}, arch); err != nil {
		t.Errorf("matching pins: %v", err)
	}
	_, err := NewSet([]Pin{{"split", "0.2.3.6"}, {"lens", "5"}}, arch)
	for _, want := range []string{"split-0.2.3.6: Debian's archive has 0.2.3.5 (haskell-split 0.2.3.5-1)", "lens-5: no Debian package provides it"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error = %v, want %q", err, want)
		}
	}
}

func TestClosure(t *testing.T) {
	set, err := NewSet(PinsOf(testArchive(t)), testArchive(t))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		roots []string
		want  []string
	}{
		{[]string{"QuickCheck"}, []string{"QuickCheck-2.14.2", "random-1.2.1.1", "splitmix-0.1.0.4"}},
		{[]string{"split", "base", "not-in-the-set"}, []string{"split-0.2.3.5"}},
		{[]string{"Cabal"}, nil},
	}
	// Every closure holds the native tools.
	tools := []string{"alex-3.2.7.1", "happy-1.20.0", "hsc2hs-0.68.7"}
	for _, tt := range tests {
		var got []string
		for _, l := range set.Closure(tt.roots) {
			got = append(got, l.String())
		}
		tt.want = append(tt.want, tools...)
		sort.Strings(tt.want)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Closure(%v) = %v, want %v", tt.roots, got, tt.want)
		}
	}
}

func TestParseCabalFile(t *testing.T) {
	text := `cabal-version: 2.4
Name:          demo
-- build-depends: commented-out
library
  build-depends: base >=4 && <5, containers
               , split ^>=0.2
  if flag(extra)
    Build-Depends:
      text,
      mylib:{sub, other} -any
executable demo { main-is: Main.hs; build-depends: base, aeson }
test-suite t
  build-tool-depends: hspec-discover:hspec-discover >= 2
  build-tools: happy
custom-setup
  setup-depends: Cabal >= 2.2, cabal-doctest
`
	got := ParseCabalFile(text)
	want := CabalFile{Name: "demo", Needs: []string{"Cabal", "aeson", "base", "cabal-doctest", "containers", "happy", "hspec-discover", "mylib", "split", "text"},
		SetupNeeds: []string{"Cabal", "cabal-doctest"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ParseCabalFile = %+v, want %+v", got, want)
	}
}

func TestWriteTarball(t *testing.T) {
	src := filepath.Join(t.TempDir(), "haskell-demo-1.0")
	for _, f := range []string{"demo.cabal", "src/Demo.hs", "debian/control", ".pc/applied-patches"} {
		p := filepath.Join(src, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lib := &Library{Name: "demo", Version: "1.0", Source: "haskell-demo", SourceVersion: "1.0-2"}
	dir, err := sourceTree(filepath.Dir(src), lib)
	if err != nil {
		t.Fatal(err)
	}
	r := Repo{Dir: t.TempDir()}
	if err := writeTarball(dir, "demo-1.0", r.Tarball(lib)); err != nil {
		t.Fatal(err)
	}
	got := tarNames(t, r.Tarball(lib))
	want := []string{"demo-1.0/", "demo-1.0/demo.cabal", "demo-1.0/src/", "demo-1.0/src/Demo.hs"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tarball holds %v, want %v", got, want)
	}
	if m, err := r.Missing([]*Library{lib, {Name: "other", Version: "2"}}); err != nil || len(m) != 1 || m[0].Name != "other" {
		t.Errorf("Missing = %v, want only other", m)
	}
	lib.Name = "wrong"
	if _, err := sourceTree(filepath.Dir(src), lib); err == nil || !strings.Contains(err.Error(), "no wrong.cabal") {
		t.Errorf("a tree of another package: error = %v", err)
	}
}

func tarNames(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var names []string
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, hdr.Name)
	}
	return names
}

// cabal never rereads a file+noindex repository once it has cached it:
// adding tarballs must remove the cache.
func TestInvalidateIndex(t *testing.T) {
	r := Repo{Dir: t.TempDir()}
	cache := filepath.Join(r.Dir, IndexCache)
	if err := os.WriteFile(cache, []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // the second time there is nothing to remove
		if err := r.invalidateIndex(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(cache); !os.IsNotExist(err) {
		t.Errorf("%s is still there: %v", IndexCache, err)
	}
}

func TestToolVersion(t *testing.T) {
	tests := []struct{ out, want string }{
		{"hsc2hs version 0.68.7\n", "0.68.7"},
		{"Alex version 3.2.7.1, (c) 2003 Chris Dornan and Simon Marlow\n", "3.2.7.1"},
		{"Happy Version 1.20.0 Copyright (c) 1993-1996 Andy Gill, Simon Marlow (c) 1997-2005 Simon Marlow\n", "1.20.0"},
		{"C->Haskell Compiler, version 0.28.8 Switcheroo, 25 November 2017\n", "0.28.8"},
		{"no version here 2017\n", ""},
	}
	for _, tt := range tests {
		got, ok := ToolVersion(tt.out)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ToolVersion(%q) = %q, %v; want %q", tt.out, got, ok, tt.want)
		}
	}
}

// A native tool's package is a Custom package of two files, and every
// closure holds the tools.
func TestToolPackage(t *testing.T) {
	arch := testArchive(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "happy-1.20.0.tar.gz")
	if err := writeToolPackage(t.TempDir(), arch["happy"], out); err != nil {
		t.Fatal(err)
	}
	want := []string{"happy-1.20.0/", "happy-1.20.0/Setup.hs", "happy-1.20.0/happy.cabal"}
	if got := tarNames(t, out); !reflect.DeepEqual(got, want) {
		t.Errorf("tarball holds %v, want %v", got, want)
	}
	set, err := NewSet([]Pin{{"split", "0.2.3.5"}, {"happy", "1.20.0"}, {"hsc2hs", "0.68.7"}}, arch)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range set.Closure([]string{"split"}) {
		names = append(names, l.Name)
	}
	if want := []string{"happy", "hsc2hs", "split"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Closure(split) = %v, want %v", names, want)
	}
}

func TestByReverseDependencies(t *testing.T) {
	set, err := NewSet(PinsOf(testArchive(t)), testArchive(t))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range set.ByReverseDependencies() {
		got = append(got, fmt.Sprintf("%s:%d", r.Lib.Name, r.ReverseDeps))
	}
	// splitmix has two dependents (QuickCheck, random), random one;
	// ghc's packages (base, containers) and the tools are not ranked.
	want := []string{"splitmix:2", "random:1", "QuickCheck:0", "hscolour:0", "split:0"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ByReverseDependencies() = %v, want %v", got, want)
	}
}

// TestEnsureClosure checks that the setup dependencies a package's own
// description names join the closure, with what they need in turn, and
// that ghc's own packages among them (Cabal) end the search.
func TestEnsureClosure(t *testing.T) {
	arch := testArchive(t)
	set, err := NewSet(PinsOf(arch), arch)
	if err != nil {
		t.Fatal(err)
	}
	r := Repo{Dir: t.TempDir(), Scratch: t.TempDir()}
	setupDepends := map[string]string{"split": "custom-setup\n  setup-depends: base, Cabal >= 3, QuickCheck\n"}
	for _, l := range set.Libraries() {
		if l.Tool {
			continue
		}
		tree := filepath.Join(t.TempDir(), l.Name)
		if err := os.MkdirAll(tree, 0o755); err != nil {
			t.Fatal(err)
		}
		desc := "name: " + l.Name + "\nversion: " + l.Version + "\nbuild-type: Custom\n" + setupDepends[l.Name]
		if err := os.WriteFile(filepath.Join(tree, l.Name+".cabal"), []byte(desc), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := writeTarball(tree, l.Name+"-"+l.Version, r.Tarball(l)); err != nil {
			t.Fatal(err)
		}
	}
	closure, err := r.EnsureClosure(context.Background(), set, []string{"split"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range closure.Libs {
		if !l.Tool {
			got = append(got, l.String())
		}
	}
	want := []string{"QuickCheck-2.14.2", "random-1.2.1.1", "split-0.2.3.5", "splitmix-0.1.0.4"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("EnsureClosure(split) = %v, want %v", got, want)
	}
	if n := closure.SetupNeeds["split"]; !reflect.DeepEqual(n, []string{"Cabal", "QuickCheck", "base"}) {
		t.Errorf("SetupNeeds[split] = %q", n)
	}
}
