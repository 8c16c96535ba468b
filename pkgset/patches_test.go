package pkgset

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestReadPatches(t *testing.T) {
	fsys := fstest.MapFS{
		"p/demo/0002-b.patch": {Data: []byte("b")},
		"p/demo/0001-a.patch": {Data: []byte("a")},
		"p/demo/notes.txt":    {Data: []byte("not a patch")},
	}
	got, err := readPatches(fsys, "p/demo")
	if err != nil {
		t.Fatal(err)
	}
	want := []Patch{{"0001-a.patch", []byte("a")}, {"0002-b.patch", []byte("b")}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("readPatches = %v, want %v", got, want)
	}
	if got, err := readPatches(fsys, "p/other"); err != nil || got != nil {
		t.Errorf("a package without patches: %v, %v", got, err)
	}
	if patchDigest(nil) != "" || patchDigest(want) == patchDigest(want[:1]) {
		t.Error("patchDigest does not tell the lists apart")
	}
}

// Every patch of ahc's is a -p1 unified diff and is described in the
// README, which says why it is there.
func TestEmbeddedPatches(t *testing.T) {
	readme, err := fs.ReadFile(patchFS, "patches/README.md")
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := fs.ReadDir(patchFS, "patches")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		ps, err := PatchesOf(d.Name())
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) == 0 {
			t.Errorf("patches/%s holds no .patch file", d.Name())
		}
		for _, p := range ps {
			n++
			name := d.Name() + "/" + p.Name
			if !strings.HasPrefix(string(p.Data), "--- a/") || !strings.Contains(string(p.Data), "\n+++ b/") {
				t.Errorf("%s is not a -p1 unified diff (--- a/..., +++ b/...)", name)
			}
			if !strings.Contains(string(readme), "`"+name+"`") {
				t.Errorf("patches/README.md does not describe %s", name)
			}
		}
	}
	if n == 0 {
		t.Error("no patches embedded")
	}
}

// A tarball is up to date when it was made with the patches ahc has now:
// a package's new or changed patches, and removed ones, make it again.
func TestPatchStamp(t *testing.T) {
	r := Repo{Dir: filepath.Join(t.TempDir(), "repo")}
	if err := os.MkdirAll(r.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	patched := &Library{Name: "network", Version: "3.1.2.7"}
	plain := &Library{Name: "split", Version: "0.2.3.5"}
	ps, err := PatchesOf(patched.Name)
	if err != nil || len(ps) == 0 {
		t.Fatalf("PatchesOf(network) = %v, %v; the test needs a patched package", ps, err)
	}
	check := func(what string, lib *Library, want bool) {
		t.Helper()
		got, err := r.upToDate(lib)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: upToDate(%s) = %v, want %v", what, lib.Name, got, want)
		}
	}
	check("no tarball", patched, false)
	for _, l := range []*Library{patched, plain} {
		if err := os.WriteFile(r.Tarball(l), []byte("tarball"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check("made before ahc had patches for it", patched, false)
	check("no patches, no stamp", plain, true)
	if err := r.writeStamp(patched, ps); err != nil {
		t.Fatal(err)
	}
	check("made with today's patches", patched, true)
	if err := r.writeStamp(patched, ps[:0:0]); err != nil {
		t.Fatal(err)
	}
	check("stamp removed when made without patches", patched, false)
	if err := r.writeStamp(plain, []Patch{{"0001-old.patch", []byte("old")}}); err != nil {
		t.Fatal(err)
	}
	check("made with a patch ahc no longer has", plain, false)
	if entries, _ := os.ReadDir(r.Dir); len(entries) != 2 {
		t.Errorf("the repository holds %d files, want only the 2 tarballs: stamps belong beside it", len(entries))
	}
}

func TestApplyPatches(t *testing.T) {
	if _, err := exec.LookPath("patch"); err != nil {
		t.Skip("no patch program")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "demo.cabal"), []byte("name: demo\nversion: 1.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := Patch{"0001-good.patch", []byte("--- a/demo.cabal\n+++ b/demo.cabal\n@@ -1,2 +1,3 @@\n name: demo\n version: 1.0\n+build-type: Simple\n")}
	if err := applyPatches(context.Background(), dir, []Patch{good}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "demo.cabal")); !strings.Contains(string(b), "build-type: Simple") {
		t.Errorf("demo.cabal after the patch:\n%s", b)
	}
	bad := Patch{"0002-bad.patch", []byte("--- a/demo.cabal\n+++ b/demo.cabal\n@@ -1,2 +1,2 @@\n-name: other\n+name: demo2\n version: 1.0\n")}
	err := applyPatches(context.Background(), dir, []Patch{bad})
	if err == nil || !strings.Contains(err.Error(), "0002-bad.patch does not apply") {
		t.Errorf("a patch that does not apply: error = %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("a failed patch left files behind: %v", ents)
	}
}
