package sysroot

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/boot/debsrc"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/rts/libc"
)

func TestApplyPatchNamesTheFailingPatch(t *testing.T) {
	patch, err := exec.LookPath("patch")
	if err != nil {
		t.Fatal("patch is not installed (make setup installs it)")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("hello\n"), 0o644)
	b := builder{patch: patch, src: debsrc.Source{Version: "1.0-1"}}

	good := libc.Patch{Name: "0001-good.patch", Data: []byte("--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-hello\n+world\n")}
	if err := b.applyPatch(context.Background(), dir, good); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "a.txt")); string(data) != "world\n" {
		t.Fatalf("patched file = %q", data)
	}

	bad := libc.Patch{Name: "0002-stale.patch", Data: []byte("--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-nothere\n+x\n")}
	err = b.applyPatch(context.Background(), dir, bad)
	if err == nil {
		t.Fatal("a patch that does not apply gave no error")
	}
	for _, want := range []string{"rts/libc/patches/0002-stale.patch", "no longer applies", "1.0-1"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

// A build that fails must leave nothing in the cache that a later run could
// take for a sysroot.
func TestFailedBuildLeavesNothing(t *testing.T) {
	cacheDir := t.TempDir()
	src := debsrc.Dir(cacheDir, "wasi-libc")
	// A source package our patches do not fit: the build fails at step 1.
	os.MkdirAll(filepath.Join(src, "wasi-libc-1.0"), 0o755)
	os.WriteFile(filepath.Join(src, "wasi-libc-1.0", "Makefile"), []byte("all:\n"), 0o644)
	os.WriteFile(filepath.Join(src, "wasi-libc_1.0-1.dsc"), []byte("Source: wasi-libc\nVersion: 1.0-1\n"), 0o644)
	zlib := debsrc.Dir(cacheDir, "zlib")
	os.MkdirAll(filepath.Join(zlib, "zlib-1.0"), 0o755)
	os.WriteFile(filepath.Join(zlib, "zlib_1.0-1.dsc"), []byte("Source: zlib\nVersion: 1.0-1\n"), 0o644)

	cfg := config.Default(func(string) string { return "" })
	cfg.CacheDir = cacheDir
	var progress bytes.Buffer
	_, err := Build(context.Background(), Options{Config: cfg, Progress: &progress})
	if err == nil {
		t.Fatal("build of an unfit source package succeeded")
	}
	if !strings.Contains(err.Error(), "0001-makefile-select-arch.patch") {
		t.Errorf("error does not name the failing patch: %v", err)
	}
	if _, err := Find(cacheDir); err == nil {
		t.Error("Find reports a sysroot after a failed build")
	}
	ents, _ := os.ReadDir(filepath.Join(cacheDir, stage))
	for _, e := range ents {
		t.Errorf("left behind in the cache: %s", e.Name())
	}
	if scratch, _ := os.ReadDir(filepath.Join(cacheDir, "tmp")); len(scratch) != 0 {
		t.Errorf("left %d scratch directories behind", len(scratch))
	}
}

func TestProgressCounter(t *testing.T) {
	var out bytes.Buffer
	c := &progressCounter{prefix: "clang ", out: &out, every: 2}
	// Lines arrive split across writes, as they do from a pipe.
	for _, chunk := range []string{"clang -c a.c\ncla", "ng -c b.c\nmkdir x\n", "clang -c c.c\n", "clang -c d"} {
		c.Write([]byte(chunk))
	}
	if c.Count() != 3 {
		t.Errorf("Count = %d, want 3 (the unfinished line does not count yet)", c.Count())
	}
	if got := out.String(); got != "sysroot:       compiled 2 files\n" {
		t.Errorf("progress = %q", got)
	}
}
