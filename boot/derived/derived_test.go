package derived

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/boot/debsrc"
	"github.com/ahc-hs/ahc/boot/sysroot"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/toolchain/clang"
	"github.com/ahc-hs/ahc/toolchain/tools"
)

// The test binary is the nm that Build gives deriveConstants, as ahc-boot
// is outside tests.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == NmCommand {
		if err := Nm(os.Args[2:], os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "nm: %v\n", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func selfAsNm(t *testing.T) []string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return []string{self, NmCommand}
}

// setUp returns the configuration, failing when make setup has not run.
func setUp(t *testing.T) (config.Config, string) {
	t.Helper()
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	ghc, err := tools.Lookup(cfg.Tools.GHC, "ghc")
	if err != nil {
		t.Fatalf("%v: run `make setup`", err)
	}
	if _, err := sysroot.Find(cfg.CacheDir); err != nil {
		t.Fatalf("the layout check needs the wasm64 sysroot: %v", err)
	}
	if _, err := debsrc.Find(cfg.CacheDir, "ghc"); err != nil {
		t.Fatalf("the layout check needs GHC's source: %v", err)
	}
	return cfg, ghc
}

func installedHeader(t *testing.T, ghc string) []byte {
	t.Helper()
	inc, err := IncludeDir(context.Background(), ghc)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(inc, Header))
	if err != nil {
		t.Fatalf("the installed ghc's header: %v", err)
	}
	return want
}

// The layout check: GHC's deriveConstants, run with clang for wasm64 over
// wasi-libc's and the RTS's headers, must reproduce the installed x86_64
// DerivedConstants.h, whose offsets the Cmm ahc compiles uses.
func TestLayoutMatchesX86_64(t *testing.T) {
	cfg, ghc := setUp(t)
	var progress bytes.Buffer
	path, err := Build(context.Background(), Options{Config: cfg, Progress: &progress, Nm: selfAsNm(t)})
	t.Log(strings.TrimSpace(progress.String()))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cmp := Compare(installedHeader(t, ghc), got)
	if cmp.Constants < 500 {
		t.Fatalf("the installed header has only %d constants", cmp.Constants)
	}
	for _, d := range cmp.Differences {
		t.Errorf("%s", d)
	}
	if len(cmp.Differences) > 0 {
		t.Fatalf("%d of %d constants of the wasm64 %s differ from the installed x86_64 one", len(cmp.Differences), cmp.Constants, path)
	}
	t.Logf("all %d constants of %s equal the installed x86_64 header", cmp.Constants, path)
	if found, err := Find(cfg.CacheDir); err != nil || found != filepath.Join(Current(cfg.CacheDir), Header) {
		t.Errorf("Find = %q, %v", found, err)
	}
}

// The check is not vacuous: the same pipeline for ILP32 wasm32 disagrees
// with x86_64 on the register table.
func TestLayoutCheckSeesOtherLayouts(t *testing.T) {
	cfg, ghc := setUp(t)
	ctx := context.Background()
	in, err := gather(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var progress bytes.Buffer
	b := builder{inputs: in, nm: selfAsNm(t), progress: &progress, scratchRoot: t.TempDir(),
		extraFlags: []string{"--target=wasm32-wasi"}}
	out := t.TempDir()
	if err := b.build(ctx, out); err != nil {
		t.Fatalf("%v\n%s", err, progress.String())
	}
	got, err := os.ReadFile(filepath.Join(out, Header))
	if err != nil {
		t.Fatal(err)
	}
	cmp := Compare(installedHeader(t, ghc), got)
	want := Difference{Name: "OFFSET_StgRegTable_rHp", Want: "848", Got: "840"}
	found := false
	for _, d := range cmp.Differences {
		found = found || d == want
	}
	if !found {
		t.Errorf("the %d wasm32 differences do not include %v; the first: %v",
			len(cmp.Differences), want, cmp.Differences[:min(5, len(cmp.Differences))])
	}
}

// fakeSetUp makes a cache with a sysroot and source packages, the ghc one
// with the given deriveConstants.
func fakeSetUp(t *testing.T, mainHs string) config.Config {
	t.Helper()
	cacheDir := t.TempDir()
	cfg := config.Default(func(string) string { return "" })
	cfg.CacheDir = cacheDir
	version := strings.TrimSpace(mustOutput(t, cfg.Tools.GHC, "--numeric-version"))

	root := filepath.Join(cacheDir, "sysroot", "abc")
	write(t, filepath.Join(clang.LibDir(root), "libc.a"), "!<arch>\n")
	write(t, filepath.Join(root, "ahc-sysroot.txt"), "fake\n")
	if err := os.Symlink("abc", sysroot.Current(cacheDir)); err != nil {
		t.Fatal(err)
	}

	ghc := debsrc.Dir(cacheDir, "ghc")
	write(t, filepath.Join(ghc, "ghc_"+version+"-1.dsc"), "Source: ghc\nVersion: "+version+"-1\n")
	tool := filepath.Join(ghc, "ghc-"+version, toolDir)
	write(t, filepath.Join(tool, "Main.hs"), mainHs)
	write(t, filepath.Join(tool, "deriveConstants.cabal"), "Executable deriveConstants\n    Build-Depends: base\n")

	libc := debsrc.Dir(cacheDir, "wasi-libc")
	write(t, filepath.Join(libc, "wasi-libc_1.0-1.dsc"), "Source: wasi-libc\nVersion: 1.0-1\n")
	write(t, filepath.Join(libc, "wasi-libc-1.0", "libc-top-half", "musl", "include", "pthread.h"), "")
	return cfg
}

// A failed build says which step failed and why, and leaves nothing that
// a later run could take for a result.
func TestFailedBuild(t *testing.T) {
	tests := []struct {
		name, mainHs string
		want         []string
	}{
		{"tool does not compile", "main = undefinedName\n",
			[]string{"step 1/3, building utils/deriveConstants", "undefinedName"}},
		{"tool fails", "import System.Exit\nmain = putStrLn \"no gcc here\" >> exitWith (ExitFailure 3)\n",
			[]string{"step 3/3, running deriveConstants for wasm64-wasi", "exit status 3", "no gcc here"}},
		{"tool writes nothing", "main = return ()\n",
			[]string{"step 3/3", "wrote no header"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := fakeSetUp(t, tt.mainHs)
			var progress bytes.Buffer
			_, err := Build(context.Background(), Options{Config: cfg, Progress: &progress, Nm: selfAsNm(t)})
			if err == nil {
				t.Fatal("the build succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not mention %q:\n%v", w, err)
				}
			}
			if _, err := Find(cfg.CacheDir); err == nil {
				t.Error("Find reports a header after a failed build")
			}
			ents, _ := os.ReadDir(filepath.Join(cfg.CacheDir, stage))
			for _, e := range ents {
				t.Errorf("left behind in the cache: %s", e.Name())
			}
			if scratch, _ := os.ReadDir(filepath.Join(cfg.CacheDir, "tmp")); len(scratch) != 0 {
				t.Errorf("left %d scratch directories behind", len(scratch))
			}
		})
	}
}

func TestGhcVersionMustMatchSource(t *testing.T) {
	cfg := fakeSetUp(t, "main = return ()\n")
	ghc := debsrc.Dir(cfg.CacheDir, "ghc")
	dscs, _ := filepath.Glob(filepath.Join(ghc, "*.dsc"))
	os.Remove(dscs[0])
	write(t, filepath.Join(ghc, "ghc_1.2.3-1.dsc"), "Source: ghc\nVersion: 1.2.3-1\n")
	os.MkdirAll(filepath.Join(ghc, "ghc-1.2.3"), 0o755)
	_, err := Build(context.Background(), Options{Config: cfg, Nm: selfAsNm(t)})
	if err == nil || !strings.Contains(err.Error(), "ghc source package is 1.2.3-1") {
		t.Errorf("err = %v", err)
	}
}

func TestBuildDepends(t *testing.T) {
	tests := []struct {
		cabal string
		want  string
	}{
		{"Executable x\n    Build-Depends: base       >= 4   && < 5,\n                   containers,\n                   process\n    Main-Is: Main.hs\n", "base containers process"},
		{"build-depends: base>=4, filepath\n", "base filepath"},
		{"library\n  build-depends:\n    -- a comment\n    base,\n    text ==2.*\n\n  other: x\n", "base text"},
		{"Name: x\n", ""},
	}
	for _, tt := range tests {
		got, err := buildDepends([]byte(tt.cabal))
		if strings.Join(got, " ") != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("buildDepends(%q) = %q, %v; want %q", tt.cabal, got, err, tt.want)
		}
	}
}

func TestHostOS(t *testing.T) {
	got, err := hostOS([]byte("#define HOST_ARCH  \"x86_64\"\n#define HOST_OS  \"linux\"\n"))
	if got != "linux" || err != nil {
		t.Errorf("hostOS = %q, %v", got, err)
	}
	if _, err := hostOS([]byte("#define BUILD_OS \"linux\"\n")); err == nil {
		t.Error("no error without HOST_OS")
	}
}

func TestShellQuote(t *testing.T) {
	for _, s := range []string{"plain", "with space", "it's", `$HOME "x" \n`, ""} {
		out, err := exec.Command("/bin/sh", "-c", "printf %s "+shellQuote(s)).Output()
		if err != nil || string(out) != s {
			t.Errorf("sh sees %q as %q (%v)", s, out, err)
		}
	}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustOutput(t *testing.T, prog string, args ...string) string {
	t.Helper()
	out, err := tools.Output(context.Background(), prog, args...)
	if err != nil {
		t.Fatalf("%v: run `make setup`", err)
	}
	return out
}
