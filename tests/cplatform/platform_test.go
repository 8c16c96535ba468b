// Package cplatform is the C platform check: tests/cplatform/testdata/platform.c,
// compiled for wasm64 by ahc-cc and lowered to wasm32, must behave exactly
// like the same program compiled natively by gcc, on every host.
package cplatform

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ahc-hs/ahc/config"
	"github.com/ahc-hs/ahc/rts/host"
	"github.com/ahc-hs/ahc/rts/js"
	"github.com/ahc-hs/ahc/toolchain/tools"
)

const (
	source = "testdata/platform.c"
	stdin  = "hello\nworld\nthree\n"
)

var args = []string{"out", "a", "b c"}

// result is what a run of the program shows the outside world.
type result struct {
	stdout, stderr string
	code           int
}

func TestPlatformMatchesNative(t *testing.T) {
	if testing.Short() {
		t.Skip("needs gcc, the wasm64 sysroot and node")
	}
	module := platformModule(t)
	want := runNative(t)
	if want.code != 3 || !strings.Contains(want.stderr, "0 failures") {
		t.Fatalf("native reference run is broken: exit %d, stderr %q", want.code, want.stderr)
	}

	hosts := []struct {
		name string
		run  func(t *testing.T, module, dir string) result
	}{
		{"wazero", runWazero},
		{"node", runNode},
	}
	for _, h := range hosts {
		t.Run(h.name, func(t *testing.T) {
			got := h.run(t, module, t.TempDir())
			if got.stdout != want.stdout {
				t.Errorf("stdout differs from native:\n%s", lineDiff(want.stdout, got.stdout))
			}
			if got.stderr != want.stderr {
				t.Errorf("stderr = %q, native %q", got.stderr, want.stderr)
			}
			if got.code != want.code {
				t.Errorf("exit code = %d, native %d", got.code, want.code)
			}
		})
	}
}

// platformModule returns the lowered module: the one `make test` built
// (AHC_PLATFORM_WASM), or one built here with ahc-cc.
func platformModule(t *testing.T) string {
	if m := os.Getenv("AHC_PLATFORM_WASM"); m != "" {
		return m
	}
	dir := t.TempDir()
	cc := filepath.Join(dir, "ahc-cc")
	if out, err := exec.Command("go", "build", "-o", cc, "../../cmd/ahc-cc").CombinedOutput(); err != nil {
		t.Fatalf("building ahc-cc: %v\n%s", err, out)
	}
	module := filepath.Join(dir, "platform.wasm")
	if out, err := exec.Command(cc, "-O2", "-Wall", "-Werror", "-o", module, source, "-lz").CombinedOutput(); err != nil {
		t.Fatalf("ahc-cc: %v\n%s", err, out)
	}
	return module
}

func env() []string {
	return []string{"AHC_PLATFORM_VAR=v1", "PATH=" + os.Getenv("PATH")}
}

func runNative(t *testing.T) result {
	dir := t.TempDir()
	exe := filepath.Join(dir, "platform")
	if out, err := exec.Command("gcc", "-O2", "-o", exe, source, "-lz").CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	cmd := exec.Command(exe, args...)
	cmd.Dir, cmd.Env = dir, env()
	var stdout, stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(stdin), &stdout, &stderr
	code := 0
	if err := cmd.Run(); err != nil {
		if code = tools.ExitCode(err); code < 0 {
			t.Fatal(err)
		}
	}
	return result{stdout.String(), stderr.String(), code}
}

func runWazero(t *testing.T, module, dir string) result {
	wasm, err := os.ReadFile(module)
	if err != nil {
		t.Fatal(err)
	}
	var r result
	var stdout, stderr bytes.Buffer
	r.code, err = host.Run(context.Background(), wasm, host.Config{
		Args: append([]string{"platform"}, args...), Env: env(), Dir: dir,
		Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr,
	})
	if err != nil {
		t.Fatalf("host.Run: %v", err)
	}
	r.stdout, r.stderr = stdout.String(), stderr.String()
	return r
}

func runNode(t *testing.T, module, dir string) result {
	cfg, err := config.Load()
	if err != nil {
		t.Fatal(err)
	}
	node, err := tools.Lookup(cfg.Tools.Node, "nodejs")
	if err != nil {
		t.Fatal(err)
	}
	var r result
	var stdout, stderr bytes.Buffer
	r.code, err = js.RunNode(context.Background(), module, js.NodeConfig{
		Node: node, Args: args, Env: env(), Dir: dir,
		Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr,
	})
	if err != nil {
		t.Fatalf("js.RunNode: %v", err)
	}
	r.stdout, r.stderr = stdout.String(), stderr.String()
	return r
}

// lineDiff shows the first lines where two outputs differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("  native: " + wl + "\n  wasm:   " + gl + "\n")
			if shown++; shown == 5 {
				break
			}
		}
	}
	return b.String()
}
