package libc

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// Every patch in the directory must be in the series, or it would silently
// not be applied.
func TestSeriesNamesEveryPatch(t *testing.T) {
	series, err := Series()
	if err != nil {
		t.Fatal(err)
	}
	inSeries := map[string]bool{}
	for _, p := range series {
		inSeries[p.Name] = true
		if len(p.Data) == 0 {
			t.Errorf("%s is empty", p.Name)
		}
	}
	files, err := fs.Glob(FS(), "*.patch")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !inSeries[f] {
			t.Errorf("%s is not listed in series", f)
		}
	}
}

func TestReadSeries(t *testing.T) {
	fsys := fstest.MapFS{
		"p/series":  {Data: []byte("# comment\nb.patch\n\na.patch\n")},
		"p/a.patch": {Data: []byte("A")},
		"p/b.patch": {Data: []byte("B")},
	}
	got, err := readSeries(fsys, "p")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "b.patch" || got[1].Name != "a.patch" {
		t.Fatalf("order = %v", got)
	}
	fsys["p/series"] = &fstest.MapFile{Data: []byte("missing.patch\n")}
	if _, err := readSeries(fsys, "p"); err == nil || !strings.Contains(err.Error(), "missing.patch") {
		t.Fatalf("missing patch: err = %v", err)
	}
}
