package tools

import (
	"context"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	if _, err := Lookup("sh", "dash"); err != nil {
		t.Fatalf("sh: %v", err)
	}
	_, err := Lookup("ahc-no-such-tool", "ahc-pkg")
	if err == nil || !strings.Contains(err.Error(), "Debian's ahc-pkg package") {
		t.Fatalf("missing tool: err = %v", err)
	}
}

func TestOutput(t *testing.T) {
	ctx := context.Background()
	out, err := Output(ctx, "/bin/sh", "-c", "echo hi")
	if err != nil || out != "hi\n" {
		t.Fatalf("Output = %q, %v", out, err)
	}
	_, err = Output(ctx, "/bin/sh", "-c", "echo broken >&2; exit 3")
	if err == nil {
		t.Fatal("failing program gave no error")
	}
	if !strings.Contains(err.Error(), "broken") || !strings.Contains(err.Error(), "/bin/sh -c") {
		t.Errorf("error does not say what failed: %v", err)
	}
	if ExitCode(err) != 3 {
		t.Errorf("ExitCode = %d, want 3", ExitCode(err))
	}
}
