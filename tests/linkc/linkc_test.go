// Package linkc links a program the way ghc's link goes through ahc, without
// Haskell: C objects compiled by ahc-cc and an object of Haskell-like code
// made with toolchain/wasm (as ahc's code generator makes them), each a
// wasm twin beside a stand-in native object, and a libHSfake.a archive.
// ahc-ld records the link, ahc-dist links it in both calling modes, and the
// program runs on wazero and on Node.js.
package linkc

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/boot/sysroot"
	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/rts/host"
	"github.com/ahc-hs/ahc/toolchain/wasm"
)

// chain is how often fake_step$code jumps to itself: without tail calls
// (or the trampoline) the call stack would overflow.
const chain = 1_000_000

// stepObject is the Haskell-like object: fake_step$code counts, jumps to
// itself (a known label: i32.const; return) until the count reaches chain,
// then to fake_stop through its descriptor (a computed jump).
func stepObject(t *testing.T) []byte {
	o := wasm.NewObject()
	sig := wasm.FuncType{Results: []wasm.ValType{wasm.I32}}
	step := o.Func("fake_step$code", sig)
	counter := o.Data("fake_counter")
	stopDesc := o.Data("fake_stop")
	stepDesc := o.Data("fake_step")
	var d wasm.Contents
	d.TableIndex64(step)
	stepDesc.Define(wasm.ROData, 8, &d)

	c := wasm.NewCode()
	c.I64Const(0)
	c.I64Const(0)
	c.I64Load(wasm.MemArg{Sym: counter})
	c.I64Const(1)
	c.Op(wasm.I64Add)
	c.I64Store(wasm.MemArg{Sym: counter})
	c.I64Const(0)
	c.I64Load(wasm.MemArg{Sym: counter})
	c.I64Const(chain)
	c.Op(wasm.I64LtU)
	c.If(wasm.FuncType{})
	c.I32ConstFunc(step)
	c.Op(wasm.Return)
	c.End()
	c.I64ConstAddr(stopDesc, 0)
	c.I64Load(wasm.MemArg{})
	c.Op(wasm.I32WrapI64)
	c.Op(wasm.Return)
	step.Define(c)
	b, err := o.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// binaries returns the directory of ahc's executables: $AHC_BIN, or a fresh
// build of the ones this test needs.
func binaries(t *testing.T) string {
	if dir := os.Getenv("AHC_BIN"); dir != "" {
		return dir
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", dir+string(filepath.Separator),
		"../../cmd/ahc-cc", "../../cmd/ahc-ld", "../../cmd/ahc-dist", "../../cmd/ahc-link", "../../cmd/ahc-run")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building ahc's executables: %v\n%s", err, out)
	}
	return dir
}

func runTool(t *testing.T, dir, exe string, args ...string) {
	t.Helper()
	cmd := exec.Command(exe, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(exe), strings.Join(args, " "), err, out)
	}
}

// runProgram runs a program in dir and returns what it printed and its
// exit code.
func runProgram(t *testing.T, dir string, cmd ...string) (stdout, stderr string, code int) {
	t.Helper()
	c := exec.Command(cmd[0], cmd[1:]...)
	c.Dir = dir
	var out, errOut bytes.Buffer
	c.Stdout, c.Stderr = &out, &errOut
	err := c.Run()
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// setup skips the test without a sysroot or llvm-ar, and otherwise
// returns ahc's executables and a work directory holding the objects as
// ahc leaves them: native Main.o and objs/Step.o (stand-ins) beside their
// twins, and db/fake/libHSfake.a.
func setup(t *testing.T) (bin, work string) {
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sysroot.Find(cfg.CacheDir); err != nil {
		t.Skip(err)
	}
	llvmAr, err := exec.LookPath(cfg.Tools.LLVMAr)
	if err != nil {
		t.Skip(err)
	}
	bin = binaries(t)
	work = t.TempDir()
	src, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	runTool(t, work, filepath.Join(bin, "ahc-cc"), "-O2", "-c", filepath.Join(src, "main.c"), "-o", "Main.o.wasm")
	write(t, filepath.Join(work, "Main.o"), []byte("native"))
	write(t, filepath.Join(work, "objs", "Step.o.wasm"), stepObject(t))
	write(t, filepath.Join(work, "objs", "Step.o"), []byte("native"))
	lib := filepath.Join(work, "db", "fake")
	if err := os.MkdirAll(lib, 0o755); err != nil {
		t.Fatal(err)
	}
	runTool(t, work, filepath.Join(bin, "ahc-cc"), "-O2", "-c", filepath.Join(src, "fake.c"), "-o", "fake.o")
	runTool(t, work, llvmAr, "rcs", filepath.Join(lib, "libHSfake.a"), "fake.o")
	return bin, work
}

const (
	wantOut  = "counter=1001000\nargs: one two\n"
	wantCode = 3
)

func TestLinkAndRun(t *testing.T) {
	bin, work := setup(t)
	lib := filepath.Join(work, "db", "fake")
	// The link as ghc runs it: a response file with gcc-style flags. The
	// temporary object is deleted after the link, as ghc does.
	tmp := filepath.Join(work, "tmp")
	if err := os.Rename(filepath.Join(work, "objs"), tmp); err != nil {
		t.Fatal(err)
	}
	rsp := []string{"-o", "prog", "-no-pie", "-fno-PIC", "-Wl,--gc-sections", "-Wl,--no-as-needed", "Main.o",
		"-L" + lib, filepath.Join(tmp, "Step.o"), "-Wl,-u,fake_report", "-lHSfake", "-lm", "-lrt", "-ldl", "-lffi"}
	var quoted bytes.Buffer
	for _, a := range rsp {
		quoted.WriteString(`"` + a + "\"\n")
	}
	write(t, filepath.Join(tmp, "link.rsp"), quoted.Bytes())
	runTool(t, work, filepath.Join(bin, "ahc-ld"), "@"+filepath.Join(tmp, "link.rsp"))
	if err := os.RemoveAll(tmp); err != nil {
		t.Fatal(err)
	}

	// The pseudo-executable runs itself: its first line names the ahc-run
	// beside ahc-ld, which links it (once: the second run finds the link
	// in the cache) and runs it on the embedded host.
	for i := 0; i < 2; i++ {
		stdout, stderr, code := runProgram(t, work, "./prog", "one", "two")
		if stdout != wantOut || code != wantCode {
			t.Errorf("./prog: stdout %q, exit code %d; want %q, %d (stderr %q)", stdout, code, wantOut, wantCode, stderr)
		}
	}

	node, nodeErr := exec.LookPath("node")
	for _, tail := range []bool{false, true} {
		name := map[bool]string{false: "trampoline", true: "tailcalls"}[tail]
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(work, name)
			args := []string{"--input-exe", "prog", "--output-directory", out}
			if tail {
				args = append(args, "--tail-calls")
			}
			runTool(t, work, filepath.Join(bin, "ahc-dist"), args...)
			for _, f := range []string{"prog.wasm", "prog.mjs", "prog.req.mjs", "rts/wasi.mjs", "rts/fs-node.mjs"} {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Error(err)
				}
			}
			t.Run("wazero", func(t *testing.T) {
				mod, err := os.ReadFile(filepath.Join(out, "prog.wasm"))
				if err != nil {
					t.Fatal(err)
				}
				var stdout, stderr bytes.Buffer
				code, err := host.Run(context.Background(), mod, host.Config{
					Args: []string{"prog", "one", "two"}, Stdout: &stdout, Stderr: &stderr, TailCalls: tail})
				if err != nil {
					t.Fatalf("%v\n%s", err, stderr.String())
				}
				if stdout.String() != wantOut || code != wantCode {
					t.Errorf("stdout %q, exit code %d; want %q, %d (stderr %q)", stdout.String(), code, wantOut, wantCode, stderr.String())
				}
				// The tail-call build really uses tail calls: an engine
				// without them rejects it.
				if tail {
					_, err := host.Run(context.Background(), mod, host.Config{Args: []string{"prog"}})
					if err == nil || !strings.Contains(err.Error(), "return_call") {
						t.Errorf("without tail calls: %v, want an error about return_call", err)
					}
				}
			})
			t.Run("node", func(t *testing.T) {
				if nodeErr != nil {
					t.Skip(nodeErr)
				}
				stdout, stderr, code := runProgram(t, work, node, filepath.Join(out, "prog.mjs"), "one", "two")
				if stdout != wantOut || code != wantCode {
					t.Errorf("stdout %q, exit code %d; want %q, %d (stderr %q)", stdout, code, wantOut, wantCode, stderr)
				}
			})
		})
	}
}

// fakeAhc stands in for ahc beside ahc-link: like ghc, it runs the -pgml
// linker on the prepared objects, writing the -o file.
const fakeAhc = `#!/bin/sh
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=$2; shift ;;
    -pgml) ld=$2; shift ;;
    -outputdir) mkdir -p "$2"; shift ;;
  esac
  shift
done
cd "$AHC_LINKC_WORK" && exec "$ld" -o "$out" -no-pie Main.o objs/Step.o -Ldb/fake -lHSfake -lm
`

// TestAhcLink runs ahc-link --run with a stand-in ahc, on both hosts and in
// both calling modes, and checks the program's output and exit code pass
// through.
func TestAhcLink(t *testing.T) {
	bin, work := setup(t)
	// ahc-link runs the ahc and ahc-ld beside it.
	links := t.TempDir()
	for _, exe := range []string{"ahc-link", "ahc-ld"} {
		data, err := os.ReadFile(filepath.Join(bin, exe))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(links, exe), data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(links, "ahc"), []byte(fakeAhc), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(work, "src", "Prog.hs"), []byte("main = pure ()\n"))
	_, nodeErr := exec.LookPath("node")
	for _, tc := range []struct {
		name  string
		flags []string
	}{
		{"wazero", nil},
		{"wazero tail calls", []string{"--tail-calls"}},
		{"node", []string{"--node"}},
		{"node tail calls", []string{"--node", "--tail-calls"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if strings.HasPrefix(tc.name, "node") && nodeErr != nil {
				t.Skip(nodeErr)
			}
			out := t.TempDir()
			args := append([]string{"--input-hs", "src/Prog.hs", "--output-directory", out, "--no-optimize", "--run"}, tc.flags...)
			cmd := exec.Command(filepath.Join(links, "ahc-link"), append(args, "--", "one", "two")...)
			cmd.Dir = work
			cmd.Env = append(os.Environ(), "AHC_LINKC_WORK="+work)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			if exit, ok := err.(*exec.ExitError); ok {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if stdout.String() != wantOut || code != wantCode {
				t.Errorf("stdout %q, exit code %d; want %q, %d (stderr %q)", stdout.String(), code, wantOut, wantCode, stderr.String())
			}
			for _, f := range []string{"Prog", "Prog.wasm", "Prog.mjs", "Prog.req.mjs", "rts/node.mjs"} {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestMerge merges objects the way ghc 9.0 does for foreign-export stubs
// with -pgmlm ahc-ld -optlm -r (a GNU ld script naming the objects), then
// links and runs the merged object.
func TestMerge(t *testing.T) {
	cc, err := exec.LookPath("cc")
	if err != nil {
		t.Skip(err)
	}
	if _, err := exec.LookPath("ld"); err != nil {
		t.Skip(err)
	}
	bin, work := setup(t)
	// Real native objects this time: ld -r merges them.
	for i, o := range []string{"Main.o", "objs/Step.o"} {
		c := filepath.Join(work, "native.c")
		write(t, c, []byte("int native_stand_in_"+string(rune('a'+i))+";\n"))
		runTool(t, work, cc, "-c", c, "-o", o)
	}
	script := filepath.Join(work, "objs", "ghc_7.ldscript")
	write(t, script, []byte(`INPUT("`+filepath.Join(work, "Main.o")+`" "`+filepath.Join(work, "objs", "Step.o")+`")`))
	runTool(t, work, filepath.Join(bin, "ahc-ld"), "--build-id=none", "-o", "Both.o", script, "-r")
	native, err := os.ReadFile(filepath.Join(work, "Both.o"))
	if err != nil || !bytes.HasPrefix(native, []byte("\x7fELF")) {
		t.Fatalf("native merge: %v", err)
	}
	runTool(t, work, filepath.Join(bin, "ahc-ld"), "-o", "prog", "Both.o", "-Ldb/fake", "-lHSfake")
	runTool(t, work, filepath.Join(bin, "ahc-dist"), "--input-exe", "prog", "--no-optimize")
	mod, err := os.ReadFile(filepath.Join(work, "prog.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code, err := host.Run(context.Background(), mod, host.Config{
		Args: []string{"prog", "one", "two"}, Stdout: &stdout, Stderr: &stderr})
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if stdout.String() != wantOut || code != wantCode {
		t.Errorf("stdout %q, exit code %d; want %q, %d", stdout.String(), code, wantOut, wantCode)
	}
}
