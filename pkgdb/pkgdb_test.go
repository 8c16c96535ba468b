package pkgdb

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestLocation(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if got, want := Location("/c", env(nil)), filepath.Join("/c", "pkgdb", "current"); got != want {
		t.Errorf("default: got %s, want %s", got, want)
	}
	if got := Location("/c", env(map[string]string{EnvPackageDB: "/scratch/db"})); got != "/scratch/db" {
		t.Errorf("%s: got %s", EnvPackageDB, got)
	}
}

func TestGHCPkgArgs(t *testing.T) {
	const db = "/c/pkgdb/current"
	pre := []string{"--no-user-package-db", "--global-package-db=" + db}
	tests := []struct {
		args    []string
		needsDB bool
		wantErr bool
	}{
		{[]string{"list"}, true, false},
		{[]string{"--version"}, false, false},
		{[]string{"init", "/x/db"}, false, false},
		{[]string{"--package-db=/x/db", "register", "-"}, true, false},
		{[]string{"dump", "--global", "-v0"}, true, false},
		{[]string{"--global-package-db=/other", "list"}, false, false},
		{[]string{"register", "--user", "x.conf"}, false, true},
	}
	for _, tt := range tests {
		out, needs, err := GHCPkgArgs(tt.args, db)
		if (err != nil) != tt.wantErr {
			t.Errorf("GHCPkgArgs(%q): err = %v", tt.args, err)
			continue
		}
		if err != nil {
			continue
		}
		if needs != tt.needsDB {
			t.Errorf("GHCPkgArgs(%q): needsDB = %v, want %v", tt.args, needs, tt.needsDB)
		}
		if want := append(slices.Clone(pre), tt.args...); !slices.Equal(out, want) {
			t.Errorf("GHCPkgArgs(%q) = %q, want %q", tt.args, out, want)
		}
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	err := Check(dir)
	if err == nil || !strings.Contains(err.Error(), "no package database at "+dir+": run make setup") {
		t.Errorf("Check(empty dir) = %v", err)
	}
}

// Init, Register, List and Packages through the real ghc-pkg.
func TestTool(t *testing.T) {
	ghcPkg, err := exec.LookPath("ghc-pkg")
	if err != nil {
		t.Skip("no ghc-pkg")
	}
	ctx := context.Background()
	tool := Tool{GHCPkg: ghcPkg}
	db := filepath.Join(t.TempDir(), "db")
	if err := tool.Init(ctx, db); err != nil {
		t.Fatal(err)
	}
	if !Exists(db) {
		t.Fatal("no package.cache after Init")
	}
	conf := filepath.Join(t.TempDir(), "rts.conf")
	os.WriteFile(conf, []byte("name: rts\nversion: 1.0.2\nid: rts\nkey: rts\nexposed: True\n"), 0o644)
	if err := tool.Register(ctx, db, conf, "--force"); err != nil {
		t.Fatal(err)
	}
	ids, err := tool.List(ctx, db)
	if err != nil || !slices.Equal(ids, []string{"rts"}) {
		t.Errorf("List = %q, %v", ids, err)
	}
	pkgs, err := tool.Packages(ctx, db)
	if err != nil || !slices.Equal(pkgs, []string{"rts-1.0.2"}) {
		t.Errorf("Packages = %q, %v", pkgs, err)
	}
}

func TestParseDump(t *testing.T) {
	out := `name:                 base
version:              4.15.1.0
visibility:           public
id:                   base
description:
    id: not a field
---
name:                 Cabal
version:              3.4.1.0
id:                   Cabal-3.4.1.0
---
name:                 hscolour
version:              1.24.4
id:
    hscolour-1.24.4-fbe4b1f2
`
	got := parseDump(out)
	want := []Unit{{ID: "base", Name: "base", Version: "4.15.1.0"}, {ID: "Cabal-3.4.1.0", Name: "Cabal", Version: "3.4.1.0"},
		{ID: "hscolour-1.24.4-fbe4b1f2", Name: "hscolour", Version: "1.24.4"}}
	if len(got) != len(want) {
		t.Fatalf("parseDump = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("unit %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if p := got[1].PackageID(); p != "Cabal-3.4.1.0" {
		t.Errorf("PackageID = %q", p)
	}
}
