package ghc

// These tests run the real ghc (9.0.2) in temporary directories; they are
// skipped when there is no ghc in PATH.

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func findGHC(t *testing.T) string {
	t.Helper()
	ghc, err := exec.LookPath("ghc")
	if err != nil {
		t.Skip("no ghc in PATH")
	}
	return ghc
}

// writeFiles creates files (path → content) below dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

// seen is a module the recorder was given, with its dump's content at
// that moment.
type seen struct {
	Module
	dump string
}

// recorder is a Processor that records what it gets and fails on the
// modules (by name) in fail.
type recorder struct {
	mu   sync.Mutex
	got  []seen
	fail map[string]bool
}

func (r *recorder) Process(_ context.Context, m Module) error {
	data, err := os.ReadFile(m.Dump)
	r.mu.Lock()
	r.got = append(r.got, seen{Module: m, dump: string(data)})
	r.mu.Unlock()
	if err != nil {
		return err
	}
	if r.fail[m.Name] {
		return errors.New("rejected by the test")
	}
	return nil
}

// triple is what a test expects of a processed module; paths relative to
// the project directory.
type triple struct {
	name, object string
	kind         Kind
	dynamic      bool
}

// project is a temporary directory with sources in which ahc runs.
type project struct {
	t    *testing.T
	ghc  string
	dir  string
	tmp  string // ahc's TempDir, which must be empty after each run
	fail map[string]bool
	// userDumps are files or directories of the user's dumps, which may
	// look like ahc's.
	userDumps []string
}

func newProject(t *testing.T, files map[string]string) *project {
	t.Helper()
	p := &project{t: t, ghc: findGHC(t), dir: filepath.Join(t.TempDir(), "proj"), tmp: t.TempDir()}
	if err := os.MkdirAll(p.dir, 0o777); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, p.dir, files)
	return p
}

// result is what one ahc run did.
type result struct {
	code           int
	err            error
	stdout, stderr string
	seen           []seen
}

func (p *project) run(args ...string) result {
	p.t.Helper()
	rec := &recorder{fail: p.fail}
	var stdout, stderr bytes.Buffer
	code, err := Run(context.Background(), args, Config{
		GHC: p.ghc, Dir: p.dir, Stdout: &stdout, Stderr: &stderr, Processor: rec, TempDir: p.tmp,
	})
	p.noDumpsLeft()
	return result{code: code, err: err, stdout: stdout.String(), stderr: stderr.String(), seen: rec.got}
}

// mustRun runs ahc and fails the test unless ghc and ahc succeed.
func (p *project) mustRun(args ...string) result {
	p.t.Helper()
	r := p.run(args...)
	if r.code != 0 || r.err != nil {
		p.t.Fatalf("ahc %q: exit %d, %v\nstdout:\n%s\nstderr:\n%s", args, r.code, r.err, r.stdout, r.stderr)
	}
	return r
}

// noDumpsLeft checks that neither the project nor ahc's temporary
// directory holds a dump of ahc's.
func (p *project) noDumpsLeft() {
	p.t.Helper()
	filepath.WalkDir(p.dir, func(path string, d fs.DirEntry, err error) error {
		for _, mine := range p.userDumps {
			if strings.HasPrefix(path, p.path(mine)) {
				return nil
			}
		}
		if err == nil && (strings.HasSuffix(path, rawSuffix) || strings.HasSuffix(path, cmmSuffix)) {
			p.t.Errorf("dump left in the project: %s", path)
		}
		return nil
	})
	if entries, _ := os.ReadDir(p.tmp); len(entries) != 0 {
		p.t.Errorf("private dump directory not removed: %v", entries)
	}
}

// expect checks that the processor saw exactly the wanted modules, each
// with a dump that existed when processed, lay in ahc's private directory
// and holds the module's Cmm.
func (p *project) expect(r result, want ...triple) {
	p.t.Helper()
	var got []triple
	for _, s := range r.seen {
		rel, err := filepath.Rel(p.dir, s.Object)
		if err != nil {
			p.t.Fatal(err)
		}
		got = append(got, triple{s.Name, filepath.ToSlash(rel), s.Kind, s.Dynamic})
		if !strings.HasPrefix(s.Dump, p.tmp+string(filepath.Separator)) {
			p.t.Errorf("%s: dump %s is not in ahc's private directory", s.Name, s.Dump)
		}
		if s.dump == "" {
			p.t.Errorf("%s: empty or missing dump %s", s.Name, s.Dump)
		}
		if s.Kind == Haskell && !strings.Contains(s.dump, "\n     "+s.Name+".$trModule_closure:\n") {
			p.t.Errorf("%s: the dump does not define %s.$trModule_closure:\n%s", s.Name, s.Name, s.dump)
		}
		if s.Kind == Haskell && strings.Count(s.dump, rawHeader) == 0 {
			p.t.Errorf("%s: not a raw Cmm dump", s.Name)
		}
		if s.Unit == "" || !filepath.IsAbs(s.Source) || !fileExists(s.Source) {
			p.t.Errorf("%s: unit %q, source %q", s.Name, s.Unit, s.Source)
		}
	}
	sortTriples := func(ts []triple) {
		slices.SortFunc(ts, func(a, b triple) int { return strings.Compare(a.object, b.object) })
	}
	sortTriples(got)
	sortTriples(want)
	if !slices.Equal(got, want) {
		p.t.Errorf("processed\n  %v\nwant\n  %v", got, want)
	}
}

func (p *project) path(rel string) string { return filepath.Join(p.dir, filepath.FromSlash(rel)) }

func (p *project) mtime(rel string) time.Time {
	p.t.Helper()
	info, err := os.Stat(p.path(rel))
	if err != nil {
		p.t.Fatal(err)
	}
	return info.ModTime()
}

// A program with two modules named B in different directories, a module
// found through -isrc and a Main module in a file not named Main.hs.
var multiModule = map[string]string{
	"A/B.hs":      "module A.B (ab) where\nab :: Int -> Int\nab x = x * 2 + 1\n",
	"C/B.hs":      "module C.B (cb) where\ncb :: Int -> Int\ncb x = x * 3 + 7\n",
	"src/X/Y.hs":  "module X.Y (xy) where\nxy :: Int\nxy = 42\n",
	"app/main.hs": "import A.B\nimport C.B\nimport X.Y\nmain :: IO ()\nmain = print (ab 1 + cb 2 + xy)\n",
}

func TestPassThroughMatchesGHC(t *testing.T) {
	files := map[string]string{
		"Good.hs": "module Good where\ngood :: Int\ngood = 1\n",
		"Bad.hs":  "module Bad where\nbad :: Int\nbad = 'x'\n",
		"bad.cmm": "this is not Cmm\n",
	}
	tests := [][]string{
		{},
		{"--numeric-version"},
		{"--version"},
		{"--info"},
		{"--supported-languages"},
		{"--print-libdir"},
		{"--print-global-package-db"},
		{"--show-options"},
		{"--frontend"},     // a usage error
		{"-c", "-M", "x"},  // conflicting modes
		{"--bogus-option"}, // an unknown flag
		{"Missing.hs"},
		{"-c", "Missing.hs"},
		{"Bad.hs"},
		{"-c", "Bad.hs"},
		{"-c", "bad.cmm"},
		{"-E", "Good.hs", "-o", "Good.out"},
		{"-fno-code", "Good.hs"},
		{"-e", "putStrLn \"hi\" >> print (1 + 1)"},
		{"-ddump-file-prefix=x.", "--numeric-version"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			p := newProject(t, files)
			ghcDir := filepath.Join(t.TempDir(), "proj")
			writeFiles(t, ghcDir, files)
			cmd := exec.Command(p.ghc, args...)
			cmd.Dir = ghcDir
			var wantOut, wantErr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &wantOut, &wantErr
			wantCode := 0
			if err := cmd.Run(); err != nil {
				var exit *exec.ExitError
				if !errors.As(err, &exit) {
					t.Fatal(err)
				}
				wantCode = exit.ExitCode()
			}
			r := p.run(args...)
			if r.err != nil {
				t.Fatalf("ahc failed: %v", r.err)
			}
			if r.code != wantCode || r.stdout != wantOut.String() || r.stderr != wantErr.String() {
				t.Errorf("ahc: exit %d\nstdout:\n%s\nstderr:\n%s\nghc: exit %d\nstdout:\n%s\nstderr:\n%s",
					r.code, r.stdout, r.stderr, wantCode, wantOut.String(), wantErr.String())
			}
			if len(r.seen) != 0 {
				t.Errorf("processed %v", r.seen)
			}
		})
	}
}

func TestOneShot(t *testing.T) {
	t.Parallel()
	p := newProject(t, map[string]string{"Data/Thing.hs": "module Data.Thing (thing) where\nthing :: [Int]\nthing = [1, 2, 3]\n"})
	r := p.mustRun("-c", "Data/Thing.hs")
	p.expect(r, triple{"Data.Thing", "Data/Thing.o", Haskell, false})

	// ghc finds the module up to date: no dump, nothing processed, nothing
	// touched but what ghc touches.
	r = p.mustRun("-c", "Data/Thing.hs")
	p.expect(r)

	r = p.mustRun("-c", "Data/Thing.hs", "-odir", "out", "-hidir", "out")
	p.expect(r, triple{"Data.Thing", "out/Data/Thing.o", Haskell, false})

	r = p.mustRun("-c", "Data/Thing.hs", "-o", "thing.obj", "-ohi", "thing.hi")
	p.expect(r, triple{"Data.Thing", "thing.obj", Haskell, false})

	r = p.mustRun("-c", "Data/Thing.hs", "-osuf", "p_o", "-hisuf", "p_hi")
	p.expect(r, triple{"Data.Thing", "Data/Thing.p_o", Haskell, false})

	// The user's -fforce-recomp wins over ahc's -fno-force-recomp.
	r = p.mustRun("-c", "Data/Thing.hs", "-fforce-recomp")
	p.expect(r, triple{"Data.Thing", "Data/Thing.o", Haskell, false})
}

func TestMake(t *testing.T) {
	t.Parallel()
	p := newProject(t, multiModule)
	all := []triple{
		{"A.B", "out/A/B.o", Haskell, false},
		{"C.B", "out/C/B.o", Haskell, false},
		{"X.Y", "out/X/Y.o", Haskell, false},
		{"Main", "out/Main.o", Haskell, false},
	}
	args := []string{"--make", "-j2", "-isrc", "-odir", "out", "-hidir", "out", "app/main.hs", "-o", "prog"}
	r := p.mustRun(args...)
	p.expect(r, all...)
	if !strings.Contains(r.stdout, "Compiling C.B") || !strings.Contains(r.stdout, "Linking prog") {
		t.Errorf("ghc's output not passed on:\n%s", r.stdout)
	}
	out, err := exec.Command(p.path("prog")).Output()
	if err != nil || string(out) != "58\n" {
		t.Errorf("prog: %q, %v", out, err)
	}

	// Nothing changed: nothing compiled, processed or removed.
	before := p.mtime("out/C/B.o")
	r = p.mustRun(args...)
	p.expect(r)
	if !p.mtime("out/C/B.o").Equal(before) {
		t.Error("out/C/B.o rewritten")
	}

	// A change that keeps C.B's interface recompiles C.B only.
	writeFiles(t, p.dir, map[string]string{"C/B.hs": "module C.B (cb) where\ncb :: Int -> Int\ncb x = x * 3 + 8\n"})
	r = p.mustRun(args...)
	p.expect(r, triple{"C.B", "out/C/B.o", Haskell, false})

	// -fforce-recomp recompiles everything.
	r = p.mustRun(append(args, "-fforce-recomp")...)
	p.expect(r, all...)
}

func TestMakeObjectsNextToSources(t *testing.T) {
	t.Parallel()
	p := newProject(t, multiModule)
	r := p.mustRun("-isrc", "app/main.hs", "-no-link")
	p.expect(r,
		triple{"A.B", "A/B.o", Haskell, false},
		triple{"C.B", "C/B.o", Haskell, false},
		triple{"X.Y", "src/X/Y.o", Haskell, false},
		triple{"Main", "app/main.o", Haskell, false},
	)
}

// Cabal passes absolute import directories and output directories; ghc
// then writes the dumps next to the sources, whatever -dumpdir says.
func TestMakeAbsolutePaths(t *testing.T) {
	t.Parallel()
	p := newProject(t, multiModule)
	// Files next to the sources that ghc does not write stay untouched.
	writeFiles(t, p.dir, map[string]string{"A/Old.dump-cmm-raw": "mine", "A/B.dump-simpl": "mine too"})
	p.userDumps = []string{"A/Old.dump-cmm-raw"}
	// "-i" first drops ".", so that every module has an absolute path.
	r := p.mustRun("--make", "-i", "-i"+p.path("src"), "-i"+p.dir, "-outputdir", p.path("build"),
		"-this-unit-id", "pkg-0.1-inplace", "-no-link", p.path("app/main.hs"))
	if !strings.Contains(r.stdout, "Compiling A.B              ( "+p.path("A/B.hs")) {
		t.Errorf("A.B not found through the absolute import directory:\n%s", r.stdout)
	}
	p.expect(r,
		triple{"A.B", "build/A/B.o", Haskell, false},
		triple{"C.B", "build/C/B.o", Haskell, false},
		triple{"X.Y", "build/X/Y.o", Haskell, false},
		triple{"Main", "build/Main.o", Haskell, false},
	)
	for _, s := range r.seen {
		if s.Unit != "pkg-0.1-inplace" {
			t.Errorf("%s: unit %q", s.Name, s.Unit)
		}
	}
	for name, want := range map[string]string{"A/Old.dump-cmm-raw": "mine", "A/B.dump-simpl": "mine too"} {
		if data, err := os.ReadFile(p.path(name)); err != nil || string(data) != want {
			t.Errorf("user file %s changed: %q, %v", name, data, err)
		}
	}
}

// A module cycle through an hs-boot file: the boot file shares the
// source's base name but ghc generates no code for it.
func TestMakeHsBoot(t *testing.T) {
	t.Parallel()
	p := newProject(t, map[string]string{
		"A.hs-boot": "module A where\nnewtype T = T Int\n",
		"A.hs":      "module A where\nimport B\nnewtype T = T Int\na :: T\na = T b\n",
		"B.hs":      "module B where\nimport {-# SOURCE #-} A\nb :: Int\nb = 3\nbt :: T -> T\nbt t = t\n",
	})
	r := p.mustRun("--make", "-no-link", "A.hs")
	p.expect(r, triple{"A", "A.o", Haskell, false}, triple{"B", "B.o", Haskell, false})
}

func TestDumpFilePrefixRejected(t *testing.T) {
	t.Parallel()
	p := newProject(t, map[string]string{"Foo.hs": "module Foo where\n"})
	r := p.run("-ddump-file-prefix", "x.", "-c", "Foo.hs")
	if r.code != 2 || r.err == nil || !strings.Contains(r.err.Error(), "-ddump-file-prefix") {
		t.Errorf("exit %d, %v", r.code, r.err)
	}
}

// Relative import directories that climb out of the working directory.
func TestMakeParentImportDir(t *testing.T) {
	t.Parallel()
	p := newProject(t, nil)
	writeFiles(t, filepath.Dir(p.dir), map[string]string{"lib/Q/R.hs": "module Q.R where\nqr :: Int\nqr = 5\n"})
	writeFiles(t, p.dir, map[string]string{"Main.hs": "import Q.R\nmain :: IO ()\nmain = print qr\n"})
	r := p.mustRun("-i../lib", "-odir", "out", "Main.hs")
	p.expect(r,
		triple{"Q.R", "out/Q/R.o", Haskell, false},
		triple{"Main", "out/Main.o", Haskell, false},
	)
	filepath.WalkDir(filepath.Dir(p.dir), func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(path, ".dump-") {
			t.Errorf("dump left: %s", path)
		}
		return nil
	})
}

const primCmm = `#include "Cmm.h"

myprim (W_ x)
{
  return (x + 1);
}
`

func TestCmmSource(t *testing.T) {
	t.Parallel()
	p := newProject(t, map[string]string{"cbits/prim.cmm": primCmm})
	check := func(r result) {
		t.Helper()
		for _, s := range r.seen {
			if !strings.Contains(s.dump, "Output Cmm") || !strings.Contains(s.dump, "myprim") {
				t.Errorf("not the Cmm of prim.cmm:\n%s", s.dump)
			}
			if s.Source != p.path("cbits/prim.cmm") {
				t.Errorf("source %s", s.Source)
			}
		}
	}
	r := p.mustRun("-c", "cbits/prim.cmm")
	p.expect(r, triple{"", "cbits/prim.o", Cmm, false})
	check(r)

	// Cabal's way: -odir, then the dynamic object with -osuf.
	r = p.mustRun("-c", "-O", "-fPIC", "-odir", p.path("build"), "cbits/prim.cmm")
	p.expect(r, triple{"", "build/cbits/prim.o", Cmm, false})
	r = p.mustRun("-c", "-O", "-dynamic", "-fPIC", "-osuf", "dyn_o", "-odir", p.path("build"), "cbits/prim.cmm")
	p.expect(r, triple{"", "build/cbits/prim.dyn_o", Cmm, false})

	// An absolute source: ghc writes the dump next to it.
	r = p.mustRun("-c", p.path("cbits/prim.cmm"), "-o", "prim-abs.o")
	p.expect(r, triple{"", "prim-abs.o", Cmm, false})
	check(r)
}

// A .cmm source and Haskell modules in one --make run: both dumps are on.
func TestMakeWithCmm(t *testing.T) {
	t.Parallel()
	p := newProject(t, map[string]string{
		"cbits/prim.cmm": primCmm,
		"Lib.hs":         "module Lib where\nlib :: Int\nlib = 1\n",
	})
	r := p.mustRun("--make", "-no-link", "Lib.hs", "cbits/prim.cmm")
	p.expect(r,
		triple{"Lib", "Lib.o", Haskell, false},
		triple{"", "cbits/prim.o", Cmm, false},
	)
}

func supportsDynamicToo(t *testing.T, ghc string) {
	t.Helper()
	out, err := exec.Command(ghc, "--info").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `("Support dynamic-too","YES")`) {
		t.Skip("ghc has no -dynamic-too")
	}
}

// checkPasses checks that a -dynamic-too pair got the two halves of ghc's
// dump: the same number of groups, the same module labels, and different
// dumps (the dynamic pass has its own uniques and SRTs).
func checkPasses(t *testing.T, r result) {
	t.Helper()
	byObj := map[string]seen{}
	for _, s := range r.seen {
		byObj[s.Object] = s
	}
	for obj, s := range byObj {
		if s.Dynamic {
			continue
		}
		dyn, ok := byObj[strings.TrimSuffix(obj, ".o")+".dyn_o"]
		if !ok {
			t.Errorf("%s: no dynamic object processed", obj)
			continue
		}
		if strings.Count(s.dump, rawHeader) != strings.Count(dyn.dump, rawHeader) || s.dump == dyn.dump ||
			moduleLabels([]byte(s.dump), s.Name) != moduleLabels([]byte(dyn.dump), s.Name) {
			t.Errorf("%s: the dumps are not the two passes:\n%s\n---\n%s", s.Name, s.dump, dyn.dump)
		}
	}
}

func TestDynamicToo(t *testing.T) {
	t.Parallel()
	p := newProject(t, multiModule)
	supportsDynamicToo(t, p.ghc)
	r := p.mustRun("--make", "-static", "-dynamic-too", "-dynosuf", "dyn_o", "-dynhisuf", "dyn_hi",
		"-isrc", "-outputdir", "build", "-no-link", "app/main.hs")
	var want []triple
	for _, m := range []struct{ name, path string }{{"A.B", "A/B"}, {"C.B", "C/B"}, {"X.Y", "X/Y"}, {"Main", "Main"}} {
		want = append(want, triple{m.name, "build/" + m.path + ".o", Haskell, false},
			triple{m.name, "build/" + m.path + ".dyn_o", Haskell, true})
	}
	p.expect(r, want...)
	checkPasses(t, r)

	// One-shot, with -o: the dynamic object is named after it.
	r = p.mustRun("-c", "-dynamic-too", "src/X/Y.hs", "-o", "y.o", "-ohi", "y.hi")
	p.expect(r, triple{"X.Y", "y.o", Haskell, false}, triple{"X.Y", "y.dyn_o", Haskell, true})
	checkPasses(t, r)

	// Without -dynamic-too the old .dyn_o files are not ours to process.
	r = p.mustRun("-c", "src/X/Y.hs", "-o", "y.o", "-ohi", "y.hi", "-fforce-recomp")
	p.expect(r, triple{"X.Y", "y.o", Haskell, false})
}

// ghc turns on -dynamic-too by itself when a module uses Template Haskell
// (and ghc is dynamically linked).
func TestTemplateHaskellDynamicToo(t *testing.T) {
	t.Parallel()
	p := newProject(t, map[string]string{
		"T.hs": "{-# LANGUAGE TemplateHaskell #-}\nmodule T (t) where\nt :: Int\nt = $([| 1 + 2 |])\n",
		"U.hs": "module U (u) where\nu :: Int\nu = 4\n",
	})
	supportsDynamicToo(t, p.ghc)
	r := p.mustRun("--make", "-c", "T.hs", "U.hs")
	if _, err := os.Stat(p.path("T.dyn_o")); err != nil {
		t.Skip("ghc made no .dyn_o for Template Haskell")
	}
	p.expect(r,
		triple{"T", "T.o", Haskell, false}, triple{"T", "T.dyn_o", Haskell, true},
		triple{"U", "U.o", Haskell, false}, triple{"U", "U.dyn_o", Haskell, true},
	)
	checkPasses(t, r)
}

// Dumps the user asks for go where ghc would put them; ahc's do not.
func TestUserDumps(t *testing.T) {
	t.Parallel()
	p := newProject(t, map[string]string{"Foo.hs": "module Foo where\nfoo :: Int\nfoo = 1\n"})
	r := p.mustRun("-c", "Foo.hs", "-ddump-simpl", "-ddump-to-file")
	p.expect(r, triple{"Foo", "Foo.o", Haskell, false})
	if _, err := os.Stat(p.path("Foo.dump-simpl")); err != nil {
		t.Error(err)
	}

	r = p.mustRun("-c", "Foo.hs", "-ddump-simpl", "-ddump-to-file", "-dumpdir", "mine")
	p.expect(r, triple{"Foo", "Foo.o", Haskell, false})
	if _, err := os.Stat(p.path("mine/Foo.dump-simpl")); err != nil {
		t.Error(err)
	}

	// The user's own -ddump-cmm-raw: the dump is theirs, and ahc's too.
	p.userDumps = []string{"mine"}
	r = p.run("-c", "Foo.hs", "-ddump-cmm-raw", "-ddump-to-file", "-dumpdir", "mine")
	if r.code != 0 || r.err != nil || len(r.seen) != 1 {
		t.Fatalf("exit %d, %v, %v", r.code, r.err, r.seen)
	}
	data, err := os.ReadFile(p.path("mine/Foo.dump-cmm-raw"))
	if err != nil || string(data) != r.seen[0].dump {
		t.Errorf("user's dump: %v", err)
	}
}

func TestProcessingFailure(t *testing.T) {
	t.Parallel()
	p := newProject(t, multiModule)
	p.fail = map[string]bool{"C.B": true}
	args := []string{"-isrc", "-odir", "out", "-hidir", "out", "app/main.hs"}
	r := p.run(args...)
	var errs ModuleErrors
	if r.code != 1 || !errors.As(r.err, &errs) || len(errs) != 1 || errs[0].Module.Name != "C.B" {
		t.Fatalf("exit %d, %v", r.code, r.err)
	}
	if msg := errs[0].Error(); !strings.HasPrefix(msg, errs[0].Module.Dump+": ") || !strings.Contains(msg, "rejected by the test") {
		t.Errorf("message %q", msg)
	}
	if _, err := os.Stat(p.path("out/C/B.o")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the object of the failed module is still there: %v", err)
	}
	if _, err := os.Stat(p.path("out/A/B.o")); err != nil {
		t.Errorf("another module's object is gone: %v", err)
	}

	// The next build compiles the failed module again.
	p.fail = nil
	r = p.mustRun(args...)
	p.expect(r, triple{"C.B", "out/C/B.o", Haskell, false})
}

func TestKeepDumps(t *testing.T) {
	t.Parallel()
	ghc := findGHC(t)
	dir, tmp := t.TempDir(), t.TempDir()
	writeFiles(t, dir, map[string]string{"Foo.hs": "module Foo where\n"})
	var stderr bytes.Buffer
	code, err := Run(context.Background(), []string{"-c", "Foo.hs"}, Config{GHC: ghc, Dir: dir, Stderr: &stderr, KeepDumps: true, TempDir: tmp})
	if code != 0 || err != nil {
		t.Fatal(code, err)
	}
	kept, _ := filepath.Glob(filepath.Join(tmp, "ahc-dumps-*"))
	if len(kept) != 1 || !strings.Contains(stderr.String(), "ahc: kept the Cmm dumps in "+kept[0]) {
		t.Errorf("kept %v; stderr %q", kept, stderr.String())
	}
}

// TestArgumentsGiven checks, with a fake ghc that prints its arguments,
// exactly what ahc passes on.
func TestArgumentsGiven(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "fake-ghc")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n"), 0o777); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want []string // "DUMPDIR" stands for ahc's private dump directory
	}{
		{[]string{"--numeric-version"}, []string{"--numeric-version"}},
		{[]string{"--info"}, []string{"--info"}},
		{[]string{"-M", "A.hs"}, []string{"-M", "A.hs"}},
		{[]string{"--interactive", "A.hs"}, []string{"--interactive", "A.hs"}},
		{[]string{"-fno-code", "A.hs"}, []string{"-fno-code", "A.hs"}},
		{[]string{"-shared", "A.o", "-o", "libA.so"}, []string{"-shared", "A.o", "-o", "libA.so"}},
		{[]string{}, nil},
		// --make links: compile first, then link what is up to date.
		{[]string{"A.hs"}, []string{
			"A.hs", "-ddump-cmm-raw", "-ddump-to-file", "-dumpdir", "DUMPDIR", "-fbinary-blob-threshold=0", "-fno-cmm-sink", "-no-link",
			"A.hs", "-ddump-cmm-raw", "-ddump-to-file", "-dumpdir", "DUMPDIR", "-fbinary-blob-threshold=0", "-fno-cmm-sink", "-fno-force-recomp"}},
		{[]string{"-no-link", "A.hs"}, []string{"-no-link", "A.hs", "-ddump-cmm-raw", "-ddump-to-file", "-dumpdir", "DUMPDIR", "-fbinary-blob-threshold=0", "-fno-cmm-sink"}},
		{[]string{"-c", "A.hs"}, []string{"-c", "A.hs", "-ddump-cmm-raw", "-ddump-to-file", "-dumpdir", "DUMPDIR", "-fbinary-blob-threshold=0", "-fno-cmm-sink", "-fno-force-recomp"}},
		{[]string{"-c", "A.hs", "-fforce-recomp"}, []string{"-c", "A.hs", "-fforce-recomp", "-ddump-cmm-raw", "-ddump-to-file", "-dumpdir", "DUMPDIR", "-fbinary-blob-threshold=0", "-fno-cmm-sink"}},
		// A user's -fcmm-sink is overridden: sinking makes dumps ambiguous.
		{[]string{"-c", "A.hs", "-O2", "-fcmm-sink"}, []string{"-c", "A.hs", "-O2", "-fcmm-sink", "-ddump-cmm-raw", "-ddump-to-file", "-dumpdir", "DUMPDIR", "-fbinary-blob-threshold=0", "-fno-cmm-sink", "-fno-force-recomp"}},
		{[]string{"-c", "a.cmm"}, []string{"-c", "a.cmm", "-ddump-cmm", "-ddump-to-file", "-dumpdir", "DUMPDIR", "-fbinary-blob-threshold=0", "-fno-cmm-sink", "-fno-force-recomp"}},
		{[]string{"A.hs", "b.cmm", "+RTS", "-N"}, []string{
			"A.hs", "b.cmm", "+RTS", "-N", "-RTS", "-ddump-cmm-raw", "-ddump-cmm", "-ddump-to-file", "-dumpdir", "DUMPDIR", "-fbinary-blob-threshold=0", "-fno-cmm-sink", "-no-link",
			"A.hs", "b.cmm", "+RTS", "-N", "-RTS", "-ddump-cmm-raw", "-ddump-cmm", "-ddump-to-file", "-dumpdir", "DUMPDIR", "-fbinary-blob-threshold=0", "-fno-cmm-sink", "-fno-force-recomp"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout bytes.Buffer
			tmp := t.TempDir()
			code, err := Run(context.Background(), tt.args, Config{GHC: fake, Dir: dir, Stdout: &stdout, TempDir: tmp})
			if code != 0 || err != nil {
				t.Fatal(code, err)
			}
			var got []string
			if out := strings.TrimSuffix(stdout.String(), "\n"); out != "" {
				got = strings.Split(out, "\n")
			}
			for i, a := range got {
				if strings.HasPrefix(a, tmp+string(filepath.Separator)+"ahc-dumps-") {
					got[i] = "DUMPDIR"
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("ghc got %q, want %q", got, tt.want)
			}
		})
	}
}

// When ghc fails after compiling some modules, their objects (which have
// no twins) are removed, so that the next build compiles them again.
func TestGHCFailureDropsCompiledObjects(t *testing.T) {
	t.Parallel()
	p := newProject(t, map[string]string{
		"A.hs":    "module A (a) where\na :: Int\na = 1\n",
		"Main.hs": "import A\nmain :: IO ()\nmain = print (a + True)\n",
	})
	args := []string{"-odir", "out", "-hidir", "out", "-no-link", "Main.hs"}
	r := p.run(args...)
	if r.code == 0 || r.err != nil {
		t.Fatalf("exit %d, %v: want ghc's failure", r.code, r.err)
	}
	if _, err := os.Stat(p.path("out/A.hi")); err != nil {
		t.Fatalf("ghc did not compile A before failing: %v", err)
	}
	if _, err := os.Stat(p.path("out/A.o")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the object ghc compiled before failing is still there: %v", err)
	}
	writeFiles(t, p.dir, map[string]string{"Main.hs": "import A\nmain :: IO ()\nmain = print a\n"})
	r = p.mustRun(args...)
	p.expect(r, triple{"A", "out/A.o", Haskell, false}, triple{"Main", "out/Main.o", Haskell, false})
}
