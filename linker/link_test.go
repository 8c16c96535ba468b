package linker

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func TestArgs(t *testing.T) {
	lib := filepath.Join("/sr", "lib", "wasm64-wasi")
	tests := []struct {
		name string
		in   LinkInput
		opts LinkOptions
		want []string
	}{
		{"minimal", LinkInput{Objects: []string{"a.o"}}, LinkOptions{Sysroot: "/sr"},
			[]string{"-m", "wasm64", "-o", "out.wasm", "--gc-sections", "-z", "stack-size=262144", "--stack-first",
				filepath.Join(lib, "crt1-command.o"), "a.o", filepath.Join(lib, "libc.a"), filepath.Join(lib, "libwasi-emulated-signal.a"), filepath.Join(lib, "libwasi-emulated-process-clocks.a"), filepath.Join(lib, "libwasi-emulated-getpid.a"), filepath.Join(lib, "libwasi-emulated-mman.a")}},
		{"everything", LinkInput{Objects: []string{"a.o", "b.o"}, Archives: []string{"/db/libHSx.a"},
			Roots: []string{"r1", "r2"}, LinkerFlags: []string{"--export=f"}},
			LinkOptions{Sysroot: "/sr", Builtins: "/rt/builtins.a", StackSize: 4096},
			[]string{"-m", "wasm64", "-o", "out.wasm", "--gc-sections", "-z", "stack-size=4096", "--stack-first",
				filepath.Join(lib, "crt1-command.o"), "a.o", "b.o", "/db/libHSx.a", "--undefined=r1", "--undefined=r2",
				"--export=f", filepath.Join(lib, "libc.a"), filepath.Join(lib, "libwasi-emulated-signal.a"), filepath.Join(lib, "libwasi-emulated-process-clocks.a"), filepath.Join(lib, "libwasi-emulated-getpid.a"), filepath.Join(lib, "libwasi-emulated-mman.a"), "/rt/builtins.a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Args(tt.in, "out.wasm", tt.opts); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Args = %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestLowerRejectsBadOptions(t *testing.T) {
	tests := []struct {
		name string
		opts LowerOptions
		want string
	}{
		{"optimize level", LowerOptions{OptimizeLevel: 5}, "optimize level 5"},
		{"shrink level", LowerOptions{ShrinkLevel: -1}, "shrink level -1"},
		{"feature flag", LowerOptions{Features: []string{"--all"}}, `invalid WebAssembly feature name "--all"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Lower(context.Background(), "wasm-opt-not-run", "in", "out", tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestRunWasmLD checks that a function signature mismatch, which wasm-ld
// only warns of but turns into a trap, fails the link, with wasm-ld's
// explanation, and that other warnings do not; and that a failed link
// shows its causes first, undefined symbols grouped with the objects
// that want them and the Haskell names they stand for, while its command
// line goes to the log.
func TestRunWasmLD(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses a shell script as wasm-ld")
	}
	undefined := "wasm-ld: error: /t/Main.o: undefined symbol: base_GHCziShow_zdfShowInt_closure\n" +
		"wasm-ld: error: /t/libHSx.a(X.o): undefined symbol: createAdjustor\n" +
		"wasm-ld: error: /t/Other.o: undefined symbol: base_GHCziShow_zdfShowInt_closure\n" +
		"wasm-ld: error: duplicate symbol: getppid\n>>> defined in /t/libHSunix.a(HsUnixWasi.o)\n>>> defined in /t/libHSrts.a(Stubs.o)\n"
	tests := []struct {
		name    string
		stderr  string
		exit    int
		wantErr []string
		wantLog bool
	}{
		{"mismatch", "wasm-ld: warning: function signature mismatch: isatty\n>>> defined as (i64) -> i64 in a.o\n>>> defined as (i32) -> i32 in libc.a(isatty.o)\nwasm-ld: warning: other\n", 0,
			[]string{"function signature mismatch: isatty", ">>> defined as (i64) -> i64 in a.o", ">>> defined as (i32) -> i32 in libc.a(isatty.o)"}, false},
		{"other warning", "wasm-ld: warning: something else\n", 0, nil, false},
		{"undefined", undefined, 1, []string{
			"undefined symbol: base_GHCziShow_zdfShowInt_closure\n    the Haskell GHC.Show.$fShowInt (closure, in base): is its package linked",
			"referenced by /t/Main.o, /t/Other.o\nundefined symbol: createAdjustor\n    referenced by /t/libHSx.a(X.o)\n",
			"duplicate symbol: getppid\n    defined in /t/libHSunix.a(HsUnixWasi.o)\n    defined in /t/libHSrts.a(Stubs.o)\n",
			"wasm-ld's command and output: "}, true},
		{"undefined address", "wasm-ld: error: /t/Main.o: undefined symbol: __ahc_addr.my_callback\n", 1, []string{
			"undefined symbol: my_callback (whose address Haskell code takes)\n    referenced by /t/Main.o\n"}, true},
		{"unsupported RTS feature", "wasm-ld: error: /t/libHSghci.a(ObjLink.o): undefined symbol: loadObj\n", 1, []string{
			"undefined symbol: loadObj\n    a symbol of GHC's RTS for the runtime linker (GHCi, plugins and packages that load object code), which ahc's RTS for WebAssembly does not support\n"}, true},
		{"no cause", "wasm-ld: something odd\n", 1, []string{"wasm-ld failed (exit status 1); its command and output: "}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			msg := filepath.Join(dir, "stderr")
			if err := os.WriteFile(msg, []byte(tt.stderr), 0o644); err != nil {
				t.Fatal(err)
			}
			ld := filepath.Join(dir, "wasm-ld")
			script := fmt.Sprintf("#!/bin/sh\ncat '%s' >&2\nexit %d\n", msg, tt.exit)
			if err := os.WriteFile(ld, []byte(script), 0o755); err != nil {
				t.Fatal(err)
			}
			logPath := filepath.Join(dir, "logs", "out.log")
			err := runWasmLD(context.Background(), ld, []string{"-o", "out.wasm", "a-long-argument"}, logPath)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
			if strings.Contains(err.Error(), "warning: other") {
				t.Errorf("error %q shows an unrelated warning", err)
			}
			if !tt.wantLog {
				return
			}
			if strings.Contains(err.Error(), "a-long-argument") {
				t.Errorf("error %q shows the command line", err)
			}
			if log, rerr := os.ReadFile(logPath); rerr != nil || !strings.Contains(string(log), "a-long-argument") || !strings.Contains(string(log), tt.stderr) {
				t.Errorf("log %s = %q, %v; want the command and its output", logPath, log, rerr)
			}
		})
	}
}
