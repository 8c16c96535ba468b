package sweep

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ahc-hs/ahc/pkgset"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestClassify(t *testing.T) {
	logs := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(logs, "ghc-9.0.2"), 0o755))
	must(os.WriteFile(filepath.Join(logs, "ghc-9.0.2", "th-1.0-abc.log"), []byte(
		"[3 of 9] Compiling Data.TH\nsrc/Data/TH.hs:12:3: error:\n    Template Haskell: ahc-ld: unknown linker flag -B/usr/lib\n"), 0o644))
	must(os.WriteFile(filepath.Join(logs, "ghc-9.0.2", "cfg-2.1-def.log"), []byte(
		"checking for sys/socket.h... yes\n/tmp/src/cfg-2.1/Net.hsc:40:5: error:\n     'SOMAXCONN' undeclared\n"), 0o644))
	must(os.WriteFile(filepath.Join(logs, "ghc-9.0.2", "sdl-1-xyz.log"), []byte(
		"Configuring sdl-1...\nchecking for sdl-config... no\nconfigure: error: *** SDL not found! Get SDL from www.libsdl.org.\n"), 0o644))
	must(os.WriteFile(filepath.Join(logs, "ghc-9.0.2", "zlib-1-abc.log"), []byte(
		"Configuring zlib-1...\n* Missing (or bad) C library: z\nThis problem can usually be solved by installing the system package\n"+
			"with the verbosity flag -v3 to see the error messages.\n"), 0o644))
	must(os.WriteFile(filepath.Join(logs, "ghc-9.0.2", "hsc-1-abc.log"), []byte(
		"Preprocessing library for hsc-1..\ncompiling dist/build/Size_hsc_make.c failed (exit code 1)\n"+
			"error: In file included from Size.hsc:14:\ncbits/system.h:57:5: error: \"system: Unknown compiler\"\n"), 0o644))
	must(os.WriteFile(filepath.Join(logs, "ghc-9.0.2", "splices-1-abc.log"), []byte(
		"Building library for splices-1..\nahc-ld: unknown linker flag -B/cache/pkgdb/lib/ghc-prim (ahc-ld knows ...)\n`ahc-ld' failed in phase `gcc'. (Exit code: 2)\n"), 0o644))
	failed := errors.New("exit status 1")
	tests := []struct {
		name, output string
		err          error
		status       Status
		cause        string
		th           bool
	}{
		{"ok", "Up to date\n", nil, Built, "", false},
		{"th", "Failed to build th-1.0.\nBuild log ( " + logs + "/ghc-9.0.2/th-1.0-abc.log ):\n", failed, Failed, "needs Template Haskell", true},
		{"cfg", "Failed to build cfg-2.1. The failure occurred during the configure step.\n", failed, Failed, "FILE: error: 'SOMAXCONN' undeclared", false},
		{"user", "Failed to build cfg-2.1.\ncabal: Failed to build cfg-2.1 (which is required by sweep-target-0).\n", failed, DependencyFailed, "cfg", false},
		{"user2", "Failed to build th-1.0.\n", failed, DependencyFailed, "th", true},
		{"lonely", "Resolving dependencies...\n[__0] trying: lonely-1\n[__1] unknown package: gone (dependency of lonely)\ncabal: Could not resolve dependencies:\n", failed, NoPlan, "dependencies do not resolve: unknown package: gone (dependency of lonely)", false},
		{"odd", "ahc-cabal: the package database is missing\n", failed, Failed, "ahc-cabal: ahc-cabal: the package database is missing", false},
		{"zlib", "Failed to build zlib-1.\n", failed, Failed, "* Missing (or bad) C library: z", false},
		{"hsc", "Failed to build hsc-1.\n", failed, Failed, `FILE: error: "system: Unknown compiler"`, false},
		{"splices", "Failed to build splices-1.\n", failed, Failed, "needs Template Haskell", true},
		// cabal stopped before its summary: the package's own log tells.
		{"sdl", "In order, the following will be built:\n - sdl-1 (lib:sdl) (requires build)\nStarting     sdl-1 (all, legacy fallback)\n", failed, Failed,
			"configure: error: *** SDL not found! Get SDL from www.libsdl.org.", false},
	}
	r := &Runner{LogsDir: logs, failed: map[string]Result{}}
	for _, tt := range tests {
		got := r.classify(&pkgset.Library{Name: tt.name, Version: "1"}, tt.err, tt.output)
		if got.Status != tt.status || got.Cause != tt.cause || got.TH != tt.th {
			t.Errorf("%s: %v %q th=%v; want %v %q th=%v", tt.name, got.Status, got.Cause, got.TH, tt.status, tt.cause, tt.th)
		}
	}
}

func TestReport(t *testing.T) {
	lib := func(n string) *pkgset.Library { return &pkgset.Library{Name: n, Version: "1"} }
	results := []Result{
		{Lib: lib("split"), Status: Built},
		{Lib: lib("vector"), Status: Built},
		{Lib: lib("aeson"), Status: Failed, Cause: "needs Template Haskell", TH: true},
		{Lib: lib("lens"), Status: Failed, Cause: "needs Template Haskell", TH: true},
		{Lib: lib("network"), Status: Failed, Cause: "FILE: error: 'SOMAXCONN' undeclared"},
		{Lib: lib("yesod"), Status: DependencyFailed, Cause: "aeson", TH: true},
		{Lib: lib("gone"), Status: NoPlan, Cause: "dependencies do not resolve"},
	}
	var out bytes.Buffer
	Report(&out, results, Summary{Description: "7 packages", Elapsed: 95 * time.Minute, StoreAfter: 3 << 29})
	golden := filepath.Join("testdata", "report.golden")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("report:\n%s\nwant:\n%s", out.String(), want)
	}
}
