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

const testDump = `
==================== Raw Cmm ====================
2026-11-21 23:43:03.787851284 UTC

[section ""data" . M.A_closure" {
     M.A_closure:
         const M.A_con_info;
         const 7;
 }]

`

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"verify", "--help"}} {
		var out bytes.Buffer
		app := newApp()
		app.Writer = &out
		if code := cliutil.Run(app, append([]string{"ahc-cmm"}, args...), &out); code != 0 {
			t.Errorf("%v: exit code %d", args, code)
		}
		if !strings.Contains(out.String(), "verify") || !strings.Contains(out.String(), "object") {
			t.Errorf("%v printed %q", args, out.String())
		}
	}
}

func TestVerifyCommand(t *testing.T) {
	as, err := exec.LookPath("as")
	if err != nil {
		t.Skip("no GNU as on PATH")
	}
	dir := t.TempDir()
	dump := filepath.Join(dir, "M.dump-cmm-raw")
	if err := os.WriteFile(dump, []byte(testDump), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, word string
		code       int
		want       string
	}{
		{"same", "7", 0, "verified 1 symbols, 8 bytes, 1 relocations: 0 mismatches\n"},
		{"different", "8", 1, "M.A_closure (M_A_closure) +8: bytes differ: ours 07, native 08\nverified 1 symbols, 7 bytes, 1 relocations: 1 mismatches\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, o := filepath.Join(dir, tt.name+".s"), filepath.Join(dir, tt.name+".o")
			asm := ".section .data\n.align 8\n.align 1\n.globl M_A_closure\nM_A_closure:\n\t.quad\tM_A_con_info\n\t.quad\t" + tt.word + "\n"
			if err := os.WriteFile(s, []byte(asm), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(as, "--64", "-o", o, s).CombinedOutput(); err != nil {
				t.Fatalf("as: %v\n%s", err, out)
			}
			var out, errOut bytes.Buffer
			app := newApp()
			app.Writer = &out
			code := cliutil.Run(app, []string{"ahc-cmm", "verify", "--no-global-package-db", o, dump}, &errOut)
			if code != tt.code || out.String() != tt.want {
				t.Errorf("exit code %d, output %q (stderr %q); want %d, %q", code, out.String(), errOut.String(), tt.code, tt.want)
			}
		})
	}
}

func TestVerifyUsage(t *testing.T) {
	var out bytes.Buffer
	app := newApp()
	app.Writer = &out
	if code := cliutil.Run(app, []string{"ahc-cmm", "verify", "only.o"}, &out); code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
}
