package programs

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestEventLog links testdata/ways/eventlog.hs with -eventlog, natively
// and with ahc, runs each with +RTS -l and checks the event log it
// writes: GHC's format from its header to its end marker, naming the RTS
// way, with the program's own event and marker. The events themselves
// (times, thread ids) differ from run to run, so only their presence is
// compared; stdout, stderr and the exit code must be native's.
func TestEventLog(t *testing.T) {
	s := newSuite(t, "testdata/ways/eventlog.hs")
	src := abs(t, s.programs[0])
	work := t.TempDir()
	rtsArgs := func(log string) []string { return []string{"+RTS", "-l", "-ol" + log, "-RTS"} }
	flags := []string{"-eventlog", "-rtsopts"}

	nativeDir := filepath.Join(work, "native")
	if err := os.MkdirAll(nativeDir, 0o755); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(nativeDir, "eventlog")
	build(t, "ghc", work, append([]string{"-v0", optLevel, "-outputdir", nativeDir, "-o", exe, src}, flags...)...)
	want := run(t, work, nil, append([]string{exe}, rtsArgs("native.eventlog")...)...)
	checkEventLog(t, filepath.Join(work, "native.eventlog"))

	out := filepath.Join(work, "ahc")
	build(t, filepath.Join(s.bin, "ahc-link"), work, append([]string{"--input-hs", src, "--output-directory", out,
		"--ghc-option=" + optLevel}, ahcLinkOptions(flags)...)...)
	for _, host := range []struct {
		name string
		cmd  []string
	}{
		{"wazero", []string{filepath.Join(s.bin, "ahc-run"), filepath.Join(out, "eventlog.wasm")}},
		{"node", []string{s.node, filepath.Join(out, "eventlog.mjs")}},
	} {
		t.Run(host.name, func(t *testing.T) {
			log := host.name + ".eventlog"
			compare(t, want, run(t, work, nil, append(host.cmd, rtsArgs(log)...)...))
			checkEventLog(t, filepath.Join(work, log))
		})
	}
}

// checkEventLog checks the frame of GHC's event log format (rts/eventlog,
// includes/rts/EventLogFormat.h) and the strings the program logs.
func checkEventLog(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no event log: %v", err)
	}
	if !bytes.HasPrefix(data, []byte("hdrbhetb")) || !bytes.HasSuffix(data, []byte{0xff, 0xff}) {
		t.Errorf("%s (%d bytes) is not framed as an event log: % x ... % x", path, len(data), data[:min(8, len(data))], data[max(0, len(data)-2):])
	}
	for _, s := range []string{"hete", "hdre", "datb", "GHC-9.0.2 rts_l", "ahc-event: start", "ahc-marker: end"} {
		if !bytes.Contains(data, []byte(s)) {
			t.Errorf("%s has no %q", path, s)
		}
	}
}
