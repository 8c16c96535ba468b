// Package programs runs Haskell programs end to end: each program in
// testdata/ is compiled by the host ghc and by ahc, and every ahc build —
// trampoline and tail calls, on the embedded host and on Node.js — must
// print what the native build prints, on stdout and stderr, and exit with
// its code. The expected behaviour is the native build's in the same run,
// never a pasted file.
//
// A program NAME.hs may come with NAME.stdin (its standard input) and
// NAME.args (its arguments, one per line). A program that needs packages
// beyond base says so in a leading comment line
//
//	-- packages: containers text
//
// and is skipped while one of them is not in ahc's package database (as
// `ahc-pkg list` shows it; without a database, only base is assumed). C
// files of testdata that both builds compile and link with the program
// are named the same way:
//
//	-- c-sources: fnaddr_c.c
package programs

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// optLevel is the optimisation of both builds: GHC's constant folding
// makes some results depend on it (realToFrac of a Float literal).
const optLevel = "-O1"

// result is what a run of a program shows the outside world.
type result struct {
	stdout, stderr string
	code           int
}

// mode is one way of linking a program with ahc.
type mode struct {
	name string
	dist []string // extra ahc-dist flags
}

var modes = []mode{
	{name: "trampoline"},
	{name: "tailcalls", dist: []string{"--tail-calls"}},
}

// suite is what a test of the programs matching a pattern needs.
type suite struct {
	bin, node string   // ahc's executables, Node.js
	programs  []string // the programs' sources
	have      []string // the packages of ahc's database
}

// newSuite finds the programs matching pattern and the tools, skipping
// the test in -short mode and outside `make test`.
func newSuite(t *testing.T, pattern string) suite {
	if testing.Short() {
		t.Skip("compiles and links Haskell programs: minutes")
	}
	bin := os.Getenv("AHC_BIN")
	if bin == "" {
		t.Skip("AHC_BIN is not set: run through `make test`, which boots the toolchain first")
	}
	programs, err := filepath.Glob(pattern)
	if err != nil || len(programs) == 0 {
		t.Fatalf("no programs match %s: %v", pattern, err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	return suite{bin: bin, node: node, programs: programs, have: ahcPackages(t, bin)}
}

func TestProgramsMatchNative(t *testing.T) {
	s := newSuite(t, "testdata/*.hs")
	bin, node, have := s.bin, s.node, s.have
	for _, src := range s.programs {
		name := strings.TrimSuffix(filepath.Base(src), ".hs")
		t.Run(name, func(t *testing.T) {
			if missing := missingPackages(t, src, have); len(missing) > 0 {
				t.Skipf("needs %s, not in ahc's package database yet (it has %s)",
					strings.Join(missing, ", "), strings.Join(have, ", "))
			}
			work := t.TempDir()
			stdin, args := inputs(t, src)
			want := runNative(t, src, work, stdin, args)

			pseudo := filepath.Join(work, "ahc", name)
			link := append([]string{"--input-hs", abs(t, src), "--output-directory", filepath.Join(work, "ahc"),
				"--no-dist", "--ghc-option=" + optLevel}, ahcLinkOptions(programOptions(t, src, filepath.Join(work, "ahc-c")))...)
			build(t, filepath.Join(bin, "ahc-link"), work, link...)
			for _, m := range modes {
				out := filepath.Join(work, m.name)
				build(t, filepath.Join(bin, "ahc-dist"), work,
					append([]string{"--input-exe", pseudo, "--output-directory", out}, m.dist...)...)
				runs := []struct {
					host string
					cmd  []string
				}{
					{"wazero", append([]string{filepath.Join(bin, "ahc-run"), "--tail-calls", filepath.Join(out, name+".wasm")}, args...)},
					{"node", append([]string{node, filepath.Join(out, name+".mjs")}, args...)},
				}
				for _, r := range runs {
					t.Run(m.name+"/"+r.host, func(t *testing.T) {
						got := run(t, work, stdin, r.cmd...)
						compare(t, want, got)
					})
				}
			}
		})
	}
}

// ahcPackages lists the packages in ahc's package database, by name. When
// ahc-pkg cannot tell (no database yet), only base is assumed.
func ahcPackages(t *testing.T, bin string) []string {
	out, err := exec.Command(filepath.Join(bin, "ahc-pkg"), "list", "--simple-output", "--names-only").Output()
	if err != nil {
		t.Logf("ahc-pkg list: %v; assuming only base", err)
		return []string{"base"}
	}
	names := strings.Fields(string(out))
	slices.Sort(names)
	return slices.Compact(names)
}

// missingPackages is the packages src declares that are not in have.
func missingPackages(t *testing.T, src string, have []string) []string {
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, p := range declaredPackages(string(b)) {
		if !slices.Contains(have, p) {
			missing = append(missing, p)
		}
	}
	return missing
}

// declaredPackages reads the "-- packages: a b" line among the comment
// lines a program starts with.
func declaredPackages(src string) []string { return header(src, "packages:") }

// ghcOptions reads the "-- ghc-options: -rtsopts" line: flags both builds
// of the program get.
func ghcOptions(src string) []string { return header(src, "ghc-options:") }

// header reads the words after key in the comment lines a program starts
// with.
func header(src, key string) []string {
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "--") {
			break
		}
		if rest, ok := strings.CutPrefix(strings.TrimSpace(strings.TrimPrefix(line, "--")), key); ok {
			return strings.Fields(strings.ReplaceAll(rest, ",", " "))
		}
	}
	return nil
}

// programOptions are the ghc flags of a program's "-- ghc-options:" line
// and the C files of its "-- c-sources:" line, copied into dir: ghc writes
// a C file's object beside it.
func programOptions(t *testing.T, src, dir string) []string {
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	opts := ghcOptions(string(b))
	for _, c := range header(string(b), "c-sources:") {
		text, err := os.ReadFile(filepath.Join(filepath.Dir(src), c))
		if err != nil {
			t.Fatal(err)
		}
		copied := filepath.Join(dir, filepath.Base(c))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(copied, text, 0o644); err != nil {
			t.Fatal(err)
		}
		opts = append(opts, abs(t, copied))
	}
	return opts
}

// ahcLinkOptions passes ghc flags through ahc-link.
func ahcLinkOptions(flags []string) []string {
	var out []string
	for _, f := range flags {
		out = append(out, "--ghc-option="+f)
	}
	return out
}

// inputs reads a program's optional standard input and arguments.
func inputs(t *testing.T, src string) (stdin []byte, args []string) {
	base := strings.TrimSuffix(src, ".hs")
	stdin, err := os.ReadFile(base + ".stdin")
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(base + ".args"); err == nil {
		args = strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	} else if !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return stdin, args
}

// runNative builds src with the host ghc at -O1 and runs it.
func runNative(t *testing.T, src, work string, stdin []byte, args []string) result {
	dir := filepath.Join(work, "native")
	exe := filepath.Join(dir, strings.TrimSuffix(filepath.Base(src), ".hs"))
	if err := os.MkdirAll(dir, 0o755); err != nil { // ghc -o wants it to exist
		t.Fatal(err)
	}
	flags := append([]string{"-v0", optLevel, "-outputdir", dir, "-o", exe}, programOptions(t, src, filepath.Join(work, "native-c"))...)
	build(t, "ghc", work, append(flags, abs(t, src))...)
	return run(t, work, stdin, append([]string{exe}, args...)...)
}

// build runs a compiler or linker, failing the test with its output.
func build(t *testing.T, exe, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(exe), strings.Join(args, " "), err, out)
	}
}

// run runs a program to its end and reports what it did.
func run(t *testing.T, dir string, stdin []byte, argv ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(stdin)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running %s: %v", argv[0], err)
	}
	return result{stdout.String(), stderr.String(), code}
}

// compare reports every way got differs from want.
func compare(t *testing.T, want, got result) {
	t.Helper()
	if got.stdout != want.stdout {
		t.Errorf("stdout = %q\nnative   %q", clip(got.stdout), clip(want.stdout))
	}
	if got.stderr != want.stderr {
		t.Errorf("stderr = %q\nnative   %q", clip(got.stderr), clip(want.stderr))
	}
	if got.code != want.code {
		t.Errorf("exit code %d, native %d", got.code, want.code)
	}
}

// clip shortens long outputs in failure messages.
func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "..."
	}
	return s
}

func abs(t *testing.T, path string) string {
	p, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
