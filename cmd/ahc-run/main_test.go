package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The command passes the program's exit code and streams through on both
// hosts, and names the module when it cannot run it.
func TestExitCodesAndErrors(t *testing.T) {
	module := os.Getenv("AHC_PLATFORM_WASM")
	if module == "" {
		t.Skip("AHC_PLATFORM_WASM is not set (make test sets it)")
	}
	dir := t.TempDir()
	exe := filepath.Join(dir, "ahc-run")
	if out, err := exec.Command("go", "build", "-o", exe, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"embedded host", []string{module, "out", "x"}, 3, "argv[2]: x\n", "to stderr: 0 failures"},
		{"node", []string{"--node", module, "out", "x"}, 3, "argv[2]: x\n", "to stderr: 0 failures"},
		{"missing module", []string{filepath.Join(dir, "nope.wasm")}, 1, "", "nope.wasm"},
		{"not a module", []string{exe}, 1, "", "ahc-run"},
		{"no module", nil, 2, "", "no module given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(exe, tt.args...)
			cmd.Dir = t.TempDir()
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			if exit, ok := err.(*exec.ExitError); ok {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d (stderr %q)", code, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout lacks %q", tt.wantStdout)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tt.wantStderr)
			}
		})
	}
}
