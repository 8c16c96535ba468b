package bootlibs

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/ahc-hs/ahc/boot/debsrc"
	"github.com/ahc-hs/ahc/config"
)

// The patches apply to the packages of the ghc source package.
func TestPatchesApply(t *testing.T) {
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	src, err := debsrc.Find(cfg.CacheDir, "ghc")
	if err != nil {
		t.Skipf("no ghc source package (make setup fetches it): %v", err)
	}
	n := 0
	for _, p := range Packages {
		names, data, err := Patches(p.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			n++
			cmd := exec.Command("patch", "-p1", "--dry-run", "--batch", "--forward")
			cmd.Dir = filepath.Join(src.Dir, "libraries", p.SourceDir())
			cmd.Stdin = bytes.NewReader(data[name])
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s does not apply: %v\n%s", name, err, out)
			}
		}
	}
	if n == 0 {
		t.Error("no patches found")
	}
}

// The versions are those of the packages' .cabal files in the source
// package.
func TestVersions(t *testing.T) {
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	src, err := debsrc.Find(cfg.CacheDir, "ghc")
	if err != nil {
		t.Skipf("no ghc source package (make setup fetches it): %v", err)
	}
	version := regexp.MustCompile(`(?mi)^version:\s*(\S+)`)
	for _, p := range Packages {
		data, err := os.ReadFile(filepath.Join(src.Dir, "libraries", p.SourceDir(), p.Name+".cabal"))
		if err != nil {
			t.Error(err)
			continue
		}
		m := version.FindSubmatch(data)
		if m == nil || string(m[1]) != p.Version {
			t.Errorf("%s: the .cabal file says version %q, Packages %q", p.Name, m, p.Version)
		}
	}
}
