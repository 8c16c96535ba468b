package bootlibs

import (
	"bytes"
	"os/exec"
	"path/filepath"
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
			cmd.Dir = filepath.Join(src.Dir, "libraries", p.Name)
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
