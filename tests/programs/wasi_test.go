package programs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWASIBehaviour runs the programs of testdata/wasi, which do what WASI
// cannot (spawn processes, look up users, ...): there the native build is
// no oracle, so each NAME.hs comes with NAME.stdout, what it must print
// for wasm, on both hosts, exiting 0.
func TestWASIBehaviour(t *testing.T) {
	s := newSuite(t, "testdata/wasi/*.hs")
	bin, node, have := s.bin, s.node, s.have
	for _, src := range s.programs {
		name := strings.TrimSuffix(filepath.Base(src), ".hs")
		t.Run(name, func(t *testing.T) {
			if missing := missingPackages(t, src, have); len(missing) > 0 {
				t.Skipf("needs %s, not in ahc's package database yet", strings.Join(missing, ", "))
			}
			golden, err := os.ReadFile(strings.TrimSuffix(src, ".hs") + ".stdout")
			if err != nil {
				t.Fatal(err)
			}
			want := result{stdout: string(golden)}
			work := t.TempDir()
			out := filepath.Join(work, "ahc")
			build(t, filepath.Join(bin, "ahc-link"), work, "--input-hs", abs(t, src), "--output-directory", out,
				"--ghc-option="+optLevel)
			for _, host := range []struct {
				name string
				cmd  []string
			}{
				{"wazero", []string{filepath.Join(bin, "ahc-run"), filepath.Join(out, name+".wasm")}},
				{"node", []string{node, filepath.Join(out, name+".mjs")}},
			} {
				t.Run(host.name, func(t *testing.T) { compare(t, want, run(t, work, nil, host.cmd...)) })
			}
		})
	}
}
