package rts

import (
	"strings"
	"testing"
)

func TestPatches(t *testing.T) {
	ps, err := Patches()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) == 0 {
		t.Fatal("no patches")
	}
	for _, p := range ps {
		if !strings.HasPrefix(string(p.Data), "diff ") && !strings.HasPrefix(string(p.Data), "--- ") {
			t.Errorf("%s does not look like a patch", p.Name)
		}
	}
}

func TestPort(t *testing.T) {
	fs, err := Port()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, f := range fs {
		have[f.Name] = true
	}
	for _, want := range []string{"StgRun.c", "OSMem.c", "GetTime.c", "Ticker.c"} {
		if !have[want] {
			t.Errorf("port layer has no %s", want)
		}
	}
}
