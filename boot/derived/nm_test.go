package derived

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func compileWasm64(t *testing.T, src string) string {
	t.Helper()
	clangPath, err := exec.LookPath("clang")
	if err != nil {
		t.Fatal("clang is not installed (run `make setup`)")
	}
	dir := t.TempDir()
	c := filepath.Join(dir, "x.c")
	obj := filepath.Join(dir, "x.o")
	os.WriteFile(c, []byte(src), 0o644)
	if out, err := exec.Command(clangPath, "--target=wasm64-wasi", "-fno-common", "-c", c, "-o", obj).CombinedOutput(); err != nil {
		t.Fatalf("clang: %v\n%s", err, out)
	}
	return obj
}

// The lines deriveConstants parses: "NAME D VALUE SIZE", in hex. The
// values are the addresses llvm-nm prints (it prints no sizes).
func TestNm(t *testing.T) {
	obj := compileWasm64(t, `
char derivedConstantCONTROL_GROUP_CONST_291[1 + 291];
char initialised[5] = {1};
static char local[3] = {1};
__attribute__((weak)) char weak[2];
extern char elsewhere[];
char *f(int i) { return i ? local : elsewhere; }
`)
	var out bytes.Buffer
	if err := Nm([]string{"-P", obj}, &out); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{ // name: type and size
		"derivedConstantCONTROL_GROUP_CONST_291": "D 0000000000000124",
		"initialised":                            "D 0000000000000005",
		"local":                                  "d 0000000000000003",
		"weak":                                   "V 0000000000000002",
	}
	addrs := llvmNmAddrs(t, obj)
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != len(want) {
		t.Errorf("nm -P printed %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for _, line := range lines {
		f := strings.Fields(line)
		if len(f) != 4 {
			t.Errorf("line %q does not have 4 fields", line)
			continue
		}
		if got := f[1] + " " + f[3]; got != want[f[0]] {
			t.Errorf("%s: type and size %q, want %q", f[0], got, want[f[0]])
		}
		if a, err := strconv.ParseUint(f[2], 16, 64); err != nil || a != addrs[f[0]] {
			t.Errorf("%s: value %s, llvm-nm says %x", f[0], f[2], addrs[f[0]])
		}
	}

	// Two files: each block under its name, as nm does.
	out.Reset()
	if err := Nm([]string{obj, obj}, &out); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), obj+":\n"); n != 2 {
		t.Errorf("two files: %d headers in\n%s", n, out.String())
	}
}

func llvmNmAddrs(t *testing.T, obj string) map[string]uint64 {
	t.Helper()
	out, err := exec.Command("llvm-nm", "-P", obj).Output()
	if err != nil {
		t.Fatalf("llvm-nm (run `make setup`): %v", err)
	}
	addrs := map[string]uint64{}
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) >= 3 {
			a, _ := strconv.ParseUint(f[2], 16, 64)
			addrs[f[0]] = a
		}
	}
	return addrs
}

func TestNmErrors(t *testing.T) {
	notWasm := filepath.Join(t.TempDir(), "x.o")
	os.WriteFile(notWasm, []byte("\x7fELF\x02\x01\x01\x00"), 0o644)
	tests := []struct {
		args []string
		want string
	}{
		{nil, "no object file given"},
		{[]string{"-P"}, "no object file given"},
		{[]string{"-S", notWasm}, `unsupported option "-S"`},
		{[]string{"-P", notWasm}, notWasm + ": not a WebAssembly file"},
		{[]string{"-P", "/nonexistent.o"}, "no such file"},
	}
	for _, tt := range tests {
		err := Nm(tt.args, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Nm(%q): err = %v, want %q", tt.args, err, tt.want)
		}
	}
}
