// Package cabal checks ahc-cabal end to end on a multi-package project
// written here (testdata/project: a library with a C file and two test
// suites, a library whose custom Setup.hs generates one of its modules, a
// build-type Configure library whose configure script runs a C program,
// an executable using them and two libraries of the package set, split
// and hscolour): build, run, test and install for wasm, each
// compared with the native cabal build of the same project in the same
// run, from the same local repository; hscolour's executable over files;
// and small programs over packages of the set (testdata/pkgset). It also
// checks the errors a user meets: a dependency that does not exist, and a
// package that cannot be built for wasm beside one that can.
package cabal

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/pkgset"
	cp "github.com/otiai10/copy"
)

type result struct {
	stdout, stderr string
	code           int
}

// env is what the test runs commands with.
type env struct {
	bin      string // ahc's executables
	native   string // CABAL_DIR of the native cabal
	cabalExe string
}

func setup(t *testing.T) env {
	t.Helper()
	if testing.Short() {
		t.Skip("builds Cabal projects for wasm and natively: minutes")
	}
	bin := os.Getenv("AHC_BIN")
	if bin == "" {
		t.Skip("AHC_BIN is not set: run through `make test`, which boots the toolchain first")
	}
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	cabalExe, err := exec.LookPath("cabal")
	if err != nil {
		t.Fatal(err)
	}
	// The native build reads the same local repository as ahc-cabal.
	native := t.TempDir()
	conf := "repository ahc-pkgset\n  url: file+noindex://" + pkgset.RepoDir(cfg.CacheDir) + "\n"
	if err := os.WriteFile(filepath.Join(native, "config"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return env{bin: bin, native: native, cabalExe: cabalExe}
}

func project(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := cp.Copy(filepath.Join("testdata", name), dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func run(t *testing.T, dir, stdin string, extraEnv []string, cmd ...string) result {
	t.Helper()
	c := exec.Command(cmd[0], cmd[1:]...)
	c.Dir = dir
	c.Env = append(os.Environ(), extraEnv...)
	c.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	c.Stdout, c.Stderr = &stdout, &stderr
	err := c.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s: %v", strings.Join(cmd, " "), err)
		}
		r.code = ee.ExitCode()
	}
	return r
}

func (e env) ahcCabal(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	return run(t, dir, stdin, nil, append([]string{filepath.Join(e.bin, "ahc-cabal")}, args...)...)
}

func (e env) nativeCabal(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	return run(t, dir, stdin, []string{"CABAL_DIR=" + e.native}, append([]string{e.cabalExe}, args...)...)
}

func mustSucceed(t *testing.T, what string, r result) {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("%s: exit %d\nstdout:\n%s\nstderr:\n%s", what, r.code, r.stdout, r.stderr)
	}
}

func compare(t *testing.T, what string, want, got result) {
	t.Helper()
	if got != want {
		t.Errorf("%s differs from native:\nnative: exit %d\n%s%s\nahc: exit %d\n%s%s", what,
			want.code, want.stdout, want.stderr, got.code, got.stdout, got.stderr)
	}
}

const stdin = "x,y;z the cat. the dog\nthe end;;\n"

func TestProjectMatchesNative(t *testing.T) {
	e := setup(t)
	dir := project(t, "project")

	mustSucceed(t, "ahc-cabal v2-build all", e.ahcCabal(t, dir, "", "v2-build", "all"))
	mustSucceed(t, "cabal v2-build all", e.nativeCabal(t, dir, "", "v2-build", "all"))

	for _, args := range [][]string{{"one", "two words"}, {"fail"}} {
		runArgs := append([]string{"v2-run", "-v0", "app", "--"}, args...)
		want := e.nativeCabal(t, dir, stdin, runArgs...)
		got := e.ahcCabal(t, dir, stdin, runArgs...)
		compare(t, "ahc-cabal "+strings.Join(runArgs, " "), want, got)
	}

	// The pseudo-executable is where cabal says, apart from the native one.
	bin := e.ahcCabal(t, dir, "", "list-bin", "-v0", "app")
	mustSucceed(t, "ahc-cabal list-bin app", bin)
	exe := strings.TrimSpace(bin.stdout)
	if !strings.Contains(exe, filepath.Join("dist-newstyle", "ahc")) {
		t.Errorf("ahc-cabal list-bin app = %s, want a path below dist-newstyle/ahc", exe)
	}
	want := run(t, dir, stdin, nil, strings.TrimSpace(e.nativeCabal(t, dir, "", "list-bin", "-v0", "app").stdout), "direct")
	compare(t, "running the pseudo-executable itself", want, run(t, dir, stdin, nil, exe, "direct"))

	t.Run("test", func(t *testing.T) {
		r := e.ahcCabal(t, dir, "", "v2-test", "mylib:test:mylib-test")
		mustSucceed(t, "ahc-cabal v2-test mylib-test", r)
		if !strings.Contains(r.stdout, "1 of 1 test suites (1 of 1 test cases) passed.") {
			t.Errorf("ahc-cabal v2-test mylib-test says:\n%s", r.stdout)
		}
		r = e.ahcCabal(t, dir, "", "v2-test", "mylib:test:failing")
		if r.code == 0 || !strings.Contains(r.stdout+r.stderr, "0 of 1 test suites (0 of 1 test cases) passed.") {
			t.Errorf("the failing suite: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
	})

	t.Run("install", func(t *testing.T) {
		out := t.TempDir()
		mustSucceed(t, "ahc-cabal v2-install", e.ahcCabal(t, dir, "", "v2-install", "exe:app",
			"--installdir", out, "--install-method=copy", "--overwrite-policy=always"))
		installed := filepath.Join(out, "app")
		compare(t, "the installed executable", want, run(t, dir, stdin, nil, installed, "direct"))

		web := filepath.Join(out, "web")
		mustSucceed(t, "ahc-dist", run(t, dir, "", nil, filepath.Join(e.bin, "ahc-dist"), "--input-exe", installed, "--output-directory", web))
		compare(t, "the installed executable on Node.js", want, run(t, dir, stdin, nil, "node", filepath.Join(web, "app.mjs"), "direct"))
	})
}

func TestUnknownDependency(t *testing.T) {
	e := setup(t)
	dir := project(t, "unknown-dep")
	r := e.ahcCabal(t, dir, "", "v2-build", "all")
	if r.code == 0 || !strings.Contains(r.stdout+r.stderr, "unknown package: no-such-package-for-ahc") {
		t.Errorf("a dependency that does not exist: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// A package whose C file needs what WASI lacks fails with the compiler's
// message naming the file; with --keep-going the package beside it that
// does not depend on it still builds and runs.
func TestKeepGoing(t *testing.T) {
	e := setup(t)
	dir := project(t, "keep-going")
	r := e.ahcCabal(t, dir, "", "v2-build", "all", "--keep-going")
	out := r.stdout + r.stderr
	if r.code == 0 || !strings.Contains(out, "users.c") || !strings.Contains(out, "pwd.h") {
		t.Errorf("building a package that needs pwd.h: exit %d\n%s", r.code, out)
	}
	got := e.ahcCabal(t, dir, "", "v2-run", "-v0", "fine")
	if got.code != 0 || got.stdout != "fine: built without the broken package\n" {
		t.Errorf("the package beside it: exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
}

// TestHsColourExecutable installs the package set's hscolour executable
// with ahc-cabal and with the native cabal and compares what each prints
// for Haskell files of this test, named as arguments and on stdin.
func TestHsColourExecutable(t *testing.T) {
	e := setup(t)
	dir := t.TempDir()
	wasm, native := filepath.Join(dir, "wasm"), filepath.Join(dir, "native")
	install := []string{"v2-install", "hscolour", "--install-method=copy", "--overwrite-policy=always", "--installdir"}
	mustSucceed(t, "ahc-cabal v2-install hscolour", e.ahcCabal(t, dir, "", append(install, wasm)...))
	mustSucceed(t, "cabal v2-install hscolour", e.nativeCabal(t, dir, "", append(install, native)...))
	file, err := filepath.Abs(filepath.Join("testdata", "pkgset", "optparse", "Main.hs"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join("testdata", "project", "app", "Main.hs"))
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"-html", file}, {"-latex", "-anchor", file}, {"-css"}} {
		want := run(t, dir, string(src), nil, append([]string{filepath.Join(native, "HsColour")}, args...)...)
		got := run(t, dir, string(src), nil, append([]string{filepath.Join(wasm, "HsColour")}, args...)...)
		mustSucceed(t, "native HsColour", want)
		compare(t, "HsColour "+strings.Join(args, " "), want, got)
	}
}

// TestWasiGapsInPatchedPackages runs the wasi executable of
// testdata/pkgset/patched, which asks network for what WASI cannot do
// (make a socket, resolve a name), and compares what it prints with
// wasi.out: IOErrors that name the call, never a failed build or link.
func TestWasiGapsInPatchedPackages(t *testing.T) {
	e := setup(t)
	dir := project(t, filepath.Join("pkgset", "patched"))
	mustSucceed(t, "ahc-cabal v2-build wasi", e.ahcCabal(t, dir, "", "v2-build", "-v0", "wasi"))
	got := e.ahcCabal(t, dir, "", "v2-run", "-v0", "wasi")
	mustSucceed(t, "ahc-cabal v2-run wasi", got)
	want, err := os.ReadFile(filepath.Join(dir, "wasi.out"))
	if err != nil {
		t.Fatal(err)
	}
	if got.stdout != string(want) || got.stderr != "" {
		t.Errorf("ahc-cabal v2-run wasi printed\n%s%s\nwant (wasi.out)\n%s", got.stdout, got.stderr, want)
	}
}

// TestPackageSetPrograms builds each project of testdata/pkgset, a small
// program using libraries of the package set, with ahc-cabal and with the
// native cabal, and compares what its executable main prints. The
// libraries are fetched on demand: a fetch after another test's build
// must be seen by cabal (pkgset.IndexCache).
func TestPackageSetPrograms(t *testing.T) {
	e := setup(t)
	dirs, err := filepath.Glob(filepath.Join("testdata", "pkgset", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no projects in testdata/pkgset: %v", err)
	}
	for _, d := range dirs {
		name := filepath.Base(d)
		t.Run(name, func(t *testing.T) {
			dir := project(t, filepath.Join("pkgset", name))
			// Built first: a build's warnings on stderr are not the program's.
			mustSucceed(t, "ahc-cabal v2-build", e.ahcCabal(t, dir, "", "v2-build", "-v0", "main"))
			mustSucceed(t, "cabal v2-build", e.nativeCabal(t, dir, "", "v2-build", "-v0", "main"))
			got := e.ahcCabal(t, dir, "", "v2-run", "-v0", "main")
			want := e.nativeCabal(t, dir, "", "v2-run", "-v0", "main")
			mustSucceed(t, "cabal v2-run main", want)
			compare(t, "ahc-cabal v2-run main", want, got)
		})
	}
}
