package cache

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestKeyDependsOnEveryInput(t *testing.T) {
	base := func() *Key {
		k := NewKey("sysroot")
		k.AddString("clang", "14.0.6")
		k.AddString("flags", "-O2")
		return k
	}
	variants := map[string]*Key{
		"other stage": func() *Key {
			k := NewKey("rts")
			k.AddString("clang", "14.0.6")
			k.AddString("flags", "-O2")
			return k
		}(),
		"other value": func() *Key {
			k := NewKey("sysroot")
			k.AddString("clang", "15.0.0")
			k.AddString("flags", "-O2")
			return k
		}(),
		"split moved": func() *Key {
			k := NewKey("sysroot")
			k.AddString("clang", "14.0.6-O2")
			k.AddString("flags", "")
			return k
		}(),
	}
	if base().String() != base().String() {
		t.Fatal("equal inputs give different keys")
	}
	for name, k := range variants {
		if k.String() == base().String() {
			t.Errorf("%s: key did not change", name)
		}
	}
}

func TestAddFilesIsOrderIndependent(t *testing.T) {
	fsys := fstest.MapFS{"a.patch": {Data: []byte("a")}, "b.patch": {Data: []byte("b")}}
	k1, k2 := NewKey("s"), NewKey("s")
	if err := k1.AddFiles(fsys, []string{"a.patch", "b.patch"}); err != nil {
		t.Fatal(err)
	}
	if err := k2.AddFiles(fsys, []string{"b.patch", "a.patch"}); err != nil {
		t.Fatal(err)
	}
	if k1.String() != k2.String() {
		t.Error("file order changed the key")
	}
	if err := k1.AddFiles(fsys, []string{"missing"}); err == nil {
		t.Error("missing file gave no error")
	}
}

func TestBuildPublishesOnlyOnSuccess(t *testing.T) {
	dir := t.TempDir()
	k := NewKey("stage")
	e := Lookup(dir, "stage", k)

	failure := errors.New("compiler exploded")
	err := e.Build(func(tmp string) error {
		os.WriteFile(filepath.Join(tmp, "half"), []byte("x"), 0o644)
		return failure
	}, false)
	if !errors.Is(err, failure) {
		t.Fatalf("Build error = %v, want %v", err, failure)
	}
	if e.Exists() {
		t.Fatal("failed build was published")
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "stage")); len(ents) != 0 {
		t.Fatalf("failed build left %d entries behind", len(ents))
	}

	if err := e.Build(func(tmp string) error {
		return os.WriteFile(filepath.Join(tmp, "done"), []byte("ok"), 0o644)
	}, false); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(e.Dir, "done")); err != nil || string(data) != "ok" {
		t.Fatalf("published entry: %q, %v", data, err)
	}

	link := filepath.Join(dir, "stage", "current")
	if err := e.Point(link); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(link, "done")); err != nil || string(data) != "ok" {
		t.Fatalf("through link: %q, %v", data, err)
	}

	stale := filepath.Join(dir, "stage", "0123stale")
	os.Mkdir(stale, 0o755)
	if err := Prune(dir, "stage", e); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("stale entry survived Prune")
	}
	if !e.Exists() {
		t.Error("Prune removed the kept entry")
	}
	if _, err := os.Stat(filepath.Join(link, "done")); err != nil {
		t.Error("Prune broke the current link")
	}
}

func TestWithScratch(t *testing.T) {
	root := filepath.Join(t.TempDir(), "tmp")
	failure := errors.New("failed")
	var logged []string
	logf := func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }
	tests := []struct {
		name       string
		keepFailed bool
		err        error
		wantKept   bool
	}{
		{"success removes", true, nil, false},
		{"failure removes", false, failure, false},
		{"failure kept on request", true, failure, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logged = nil
			var dir string
			err := WithScratch(root, "s-", tt.keepFailed, logf, func(scratch string) error {
				dir = scratch
				return tt.err
			})
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			_, statErr := os.Stat(dir)
			if kept := statErr == nil; kept != tt.wantKept {
				t.Errorf("scratch kept = %v, want %v", kept, tt.wantKept)
			}
			if tt.wantKept != (len(logged) == 1 && strings.Contains(logged[0], dir)) {
				t.Errorf("logged %q", logged)
			}
		})
	}
}
