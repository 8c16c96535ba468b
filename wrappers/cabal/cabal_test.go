package cabal

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/pkgset"
)

var update = flag.Bool("update", false, "rewrite testdata/config.golden")

func TestConfigGolden(t *testing.T) {
	got := Setup{Bin: "/opt/ahc/bin", Home: "/cache/cabal", Repo: "/cache/pkgset/repo", Toolchain: "0123abcd"}.Config()
	golden := filepath.Join("testdata", "config.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("config differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
}

func TestRewrite(t *testing.T) {
	plan := SetPlan{Pins: []pkgset.Pin{{Name: "split", Version: "0.2.3.5"}}}
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"v2-build", "all"}, []string{"v2-build", "--builddir=dist-newstyle/ahc/0123abcd", "--constraint=any.split ==0.2.3.5", "all"}},
		{[]string{"-v2", "new-run", "exe", "--", "--builddir=x"}, []string{"-v2", "new-run", "--builddir=dist-newstyle/ahc/0123abcd", "--constraint=any.split ==0.2.3.5", "exe", "--", "--builddir=x"}},
		{[]string{"test", "--builddir", "mine"}, []string{"test", "--constraint=any.split ==0.2.3.5", "--builddir", "mine"}},
		{[]string{"v2-clean"}, []string{"v2-clean", "--builddir=dist-newstyle/ahc/0123abcd"}},
		{[]string{"--config-file", "c", "list", "split"}, []string{"--config-file", "c", "list", "split"}},
		{[]string{"v1-build"}, []string{"v1-build"}},
		{[]string{"--version"}, []string{"--version"}},
	}
	for _, tt := range tests {
		got := Setup{Toolchain: "0123abcd"}.Rewrite(ParseCommand(tt.args), plan)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Rewrite(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
	plan.SetupCabal = []string{"ghc-paths"}
	got := Setup{Toolchain: "0123abcd"}.Rewrite(ParseCommand([]string{"build"}), plan)
	want := []string{"build", "--builddir=dist-newstyle/ahc/0123abcd", "--constraint=any.split ==0.2.3.5", "--allow-newer=ghc-paths:Cabal"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Rewrite of a plan with a Custom setup on Cabal = %q, want %q", got, want)
	}
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFindProject(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		"cabal.project":   "packages: lib/\n          app/app.cabal\noptional-packages: vendor/*/\nextra-packages: QuickCheck\n-- packages: commented\n",
		"lib/mylib.cabal": "name: mylib\nlibrary\n  build-depends: base, split\n",
		"app/app.cabal":   "name: app\nexecutable app\n  build-depends: base, mylib, hscolour\n",
		"app/src/x.hs":    "",
	})
	p, err := FindProject(filepath.Join(root, "app", "src"), ParseCommand([]string{"build"}))
	if err != nil {
		t.Fatal(err)
	}
	if p.Root != root {
		t.Errorf("root = %s, want %s", p.Root, root)
	}
	got := p.Roots([]string{"all", "exe:app", "app", "aeson-2.0.3.0", "split:lib:split", "./lib"})
	want := []string{"base", "split", "base", "hscolour", "QuickCheck", "aeson", "split"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("roots = %q, want %q", got, want)
	}
}

func TestImplicitProject(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"one.cabal": "name: one\nlibrary\n  build-depends: base, text\n"})
	p, err := FindProject(dir, ParseCommand([]string{"build"}))
	if err != nil {
		t.Fatal(err)
	}
	if names := p.LocalNames(); !names["one"] || len(names) != 1 {
		t.Errorf("local packages = %v, want one", names)
	}
	if got := strings.Join(p.Roots(nil), " "); got != "base text" {
		t.Errorf("roots = %q", got)
	}
}
