package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/internal/cliutil"
)

func run(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	app := newApp()
	app.Writer = &stdout
	code := cliutil.Run(app, append([]string{"ahc-boot"}, args...), &stderr)
	return code, stdout.String(), stderr.String()
}

func TestCommandLine(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		inStderr string
	}{
		{[]string{"sysroot", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"derived", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"derived", "--jobs", "2"}, 2, "jobs"},
		{[]string{"nm"}, 1, "no object file given"},
		{[]string{"nm", "-P", "/nonexistent.o"}, 1, "no such file"},
	}
	for _, tt := range tests {
		code, _, stderr := run(tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.inStderr) {
			t.Errorf("ahc-boot %q: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.inStderr)
		}
	}
}

// The help names the stages; nm is deriveConstants' business, not the user's.
func TestHelp(t *testing.T) {
	code, stdout, _ := run("--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"sysroot", "derived", "rts", "in order: sysroot, derived, rts"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("help does not mention %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "nm -P") {
		t.Errorf("help shows the hidden nm command:\n%s", stdout)
	}
}

func TestNmCommand(t *testing.T) {
	clang, err := exec.LookPath("clang")
	if err != nil {
		t.Fatal("clang is not installed (run `make setup`)")
	}
	dir := t.TempDir()
	src, obj := filepath.Join(dir, "x.c"), filepath.Join(dir, "x.o")
	os.WriteFile(src, []byte("char derivedConstantX[1 + 41];\n"), 0o644)
	if out, err := exec.Command(clang, "--target=wasm64-wasi", "-c", src, "-o", obj).CombinedOutput(); err != nil {
		t.Fatalf("clang: %v\n%s", err, out)
	}
	// nm writes to the process's standard output.
	stdout := captureStdout(t, func() {
		if code, _, stderr := run("nm", "-P", obj); code != 0 {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
	if want := "derivedConstantX D 0000000000000000 000000000000002a\n"; stdout != want {
		t.Errorf("stdout = %q, want %q", stdout, want)
	}
}

func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		var b bytes.Buffer
		b.ReadFrom(r)
		done <- b.String()
	}()
	f()
	os.Stdout = saved
	w.Close()
	return <-done
}
