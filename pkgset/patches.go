package pkgset

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"

	"github.com/ahc-hs/ahc/toolchain/tools"
)

// patches/NAME/*.patch are ahc's own patches to the package set's
// package NAME, for what wasi-libc lacks (patches/README.md).
//
//go:embed patches
var patchFS embed.FS

// Patch is one of ahc's patches to a package of the set.
type Patch struct {
	Name string // its file name: "0001-wasi.patch"
	Data []byte
}

// PatchesOf returns ahc's patches to the named package, in the order
// they apply (their names'); none for most packages.
func PatchesOf(name string) ([]Patch, error) {
	return readPatches(patchFS, path.Join("patches", name))
}

func readPatches(fsys fs.FS, dir string) ([]Patch, error) {
	ents, err := fs.ReadDir(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Patch
	for _, e := range ents {
		if e.IsDir() || path.Ext(e.Name()) != ".patch" {
			continue
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, Patch{Name: e.Name(), Data: b})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// patchDigest identifies a list of patches; "" for none.
func patchDigest(ps []Patch) string {
	if len(ps) == 0 {
		return ""
	}
	h := sha256.New()
	for _, p := range ps {
		fmt.Fprintf(h, "%s %d\n", p.Name, len(p.Data))
		h.Write(p.Data)
	}
	return hex.EncodeToString(h.Sum(nil))[:24]
}

// applyPatches applies ps to the source tree at dir with patch -p1.
func applyPatches(ctx context.Context, dir string, ps []Patch) error {
	if len(ps) == 0 {
		return nil
	}
	patch, err := tools.Lookup("patch", "patch")
	if err != nil {
		return err
	}
	for _, p := range ps {
		cmd := exec.CommandContext(ctx, patch, "-p1", "--batch", "--forward", "--no-backup-if-mismatch", "--reject-file=-")
		cmd.Dir = dir
		cmd.Stdin = bytes.NewReader(p.Data)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("ahc's patch %s does not apply: %w\n%s", p.Name, err, bytes.TrimSpace(out))
		}
	}
	return nil
}

// stampPath is the file that says with which of ahc's patches lib's
// tarball was made. It lives beside the repository, which cabal reads.
func (r Repo) stampPath(lib *Library) string {
	return filepath.Join(r.Dir+".patched", lib.Name+"-"+lib.Version)
}

// upToDate says whether lib's tarball exists and was made with the
// patches ahc has now for it.
func (r Repo) upToDate(lib *Library) (bool, error) {
	if _, err := os.Stat(r.Tarball(lib)); err != nil {
		return false, nil
	}
	if lib.Tool {
		return true, nil
	}
	ps, err := PatchesOf(lib.Name)
	if err != nil {
		return false, err
	}
	stamp, err := os.ReadFile(r.stampPath(lib))
	if errors.Is(err, fs.ErrNotExist) {
		return len(ps) == 0, nil
	}
	if err != nil {
		return false, err
	}
	return string(stamp) == patchDigest(ps), nil
}

// writeStamp records the patches lib's new tarball was made with.
func (r Repo) writeStamp(lib *Library, ps []Patch) error {
	p := r.stampPath(lib)
	if len(ps) == 0 {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(patchDigest(ps)), 0o644)
}
