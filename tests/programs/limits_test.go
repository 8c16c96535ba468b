package programs

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestAdjustorLimit links testdata/limits/adjustors.hs, which keeps five
// wrappers of one type alive, with pools of four and of five adjustors
// (ahc-dist --adjustors): with four it must stop with exit code 1 and a
// message that names the limit and the flag, with five print what the
// native build prints.
func TestAdjustorLimit(t *testing.T) {
	s := newSuite(t, "testdata/limits/adjustors.hs")
	src := s.programs[0]
	work := t.TempDir()
	want := runNative(t, src, work, nil, nil)
	pseudo := filepath.Join(work, "ahc", "adjustors")
	build(t, filepath.Join(s.bin, "ahc-link"), work, "--input-hs", abs(t, src), "--output-directory", filepath.Join(work, "ahc"),
		"--no-dist", "--ghc-option="+optLevel)
	for _, tc := range []struct {
		adjustors string
		fails     bool
	}{{"4", true}, {"5", false}} {
		t.Run(tc.adjustors, func(t *testing.T) {
			out := filepath.Join(work, "pool"+tc.adjustors)
			build(t, filepath.Join(s.bin, "ahc-dist"), work, "--input-exe", pseudo, "--output-directory", out, "--adjustors", tc.adjustors)
			for _, cmd := range [][]string{
				{filepath.Join(s.bin, "ahc-run"), filepath.Join(out, "adjustors.wasm")},
				{s.node, filepath.Join(out, "adjustors.mjs")},
			} {
				got := run(t, work, nil, cmd...)
				if !tc.fails {
					compare(t, want, got)
					continue
				}
				msg := `foreign import ccall "wrapper": all 4 C function pointers of type (i64) -> (i64) are in use`
				if got.code != 1 || got.stdout != "" || !strings.Contains(got.stderr, msg) || !strings.Contains(got.stderr, "--adjustors N") {
					t.Errorf("%s: exit code %d, stdout %q, stderr %q; want 1, nothing, and %q", filepath.Base(cmd[0]), got.code, got.stdout, got.stderr, msg)
				}
			}
		})
	}
}
