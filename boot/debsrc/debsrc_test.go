package debsrc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUpstreamVersion(t *testing.T) {
	for in, want := range map[string]string{
		"0.0~git20220510.9886d3d-2": "0.0~git20220510.9886d3d",
		"9.0.2-4":                   "9.0.2",
		"1:2.3-1-2":                 "2.3-1",
		"1.0":                       "1.0",
	} {
		if got := upstreamVersion(in); got != want {
			t.Errorf("upstreamVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFind(t *testing.T) {
	cache := t.TempDir()
	if _, err := Find(cache, "wasi-libc"); err == nil || !strings.Contains(err.Error(), "make setup") {
		t.Fatalf("missing source: err = %v", err)
	}
	dir := Dir(cache, "wasi-libc")
	os.MkdirAll(filepath.Join(dir, "wasi-libc-0.0~git1"), 0o755)
	dsc := "Format: 3.0 (quilt)\nSource: wasi-libc\nVersion: 0.0~git1-2\n"
	os.WriteFile(filepath.Join(dir, "wasi-libc_0.0~git1-2.dsc"), []byte(dsc), 0o644)
	src, err := Find(cache, "wasi-libc")
	if err != nil {
		t.Fatal(err)
	}
	if src.Version != "0.0~git1-2" || src.Upstream() != "0.0~git1" || filepath.Base(src.Dir) != "wasi-libc-0.0~git1" || string(src.Dsc) != dsc {
		t.Errorf("Find = %+v", src)
	}
}
