package cliutil

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

func TestRunExitCodes(t *testing.T) {
	tests := []struct {
		name    string
		action  func(*cli.Context) error
		args    []string
		want    int
		wantErr string
	}{
		{"success", func(*cli.Context) error { return nil }, nil, 0, ""},
		{"plain error", func(*cli.Context) error { return errors.New("boom") }, nil, 1, "tool: boom"},
		{"usage error", func(*cli.Context) error { return UsageError("need a file") }, nil, 2, "tool: need a file"},
		{"passed-on exit code", func(*cli.Context) error { return ExitError{Code: 3} }, nil, 3, ""},
		{"unknown flag", func(*cli.Context) error { return nil }, []string{"--bogus"}, 2, "bogus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			app := &cli.App{Name: "tool", Action: tt.action, Writer: &bytes.Buffer{}}
			got := Run(app, append([]string{"tool"}, tt.args...), &stderr)
			if got != tt.want {
				t.Errorf("exit code = %d, want %d", got, tt.want)
			}
			if tt.wantErr == "" && stderr.Len() != 0 {
				t.Errorf("unexpected stderr %q", stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr = %q, want %q", stderr.String(), tt.wantErr)
			}
		})
	}
}

func TestCommandUsageErrors(t *testing.T) {
	app := &cli.App{Name: "tool", Writer: &bytes.Buffer{}, Commands: []*cli.Command{{
		Name:   "build",
		Flags:  []cli.Flag{&cli.IntFlag{Name: "jobs"}},
		Action: func(*cli.Context) error { return nil },
	}}}
	var stderr bytes.Buffer
	if code := Run(app, []string{"tool", "build", "--bogus"}, &stderr); code != 2 {
		t.Errorf("exit code = %d, want 2 (stderr %q)", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "bogus") {
		t.Errorf("stderr = %q", stderr.String())
	}
}

func TestNotYet(t *testing.T) {
	var stderr bytes.Buffer
	app := NotYet("ahc-pkg", "the package tool", "Wraps ghc-pkg.")
	if code := Run(app, []string{"ahc-pkg", "list"}, &stderr); code != 2 {
		t.Errorf("exit code = %d, want 2", code)
	}
	if !strings.Contains(stderr.String(), "ahc-pkg: not implemented yet") {
		t.Errorf("stderr = %q", stderr.String())
	}

	var stdout bytes.Buffer
	app = NotYet("ahc-pkg", "the package tool", "Wraps ghc-pkg.")
	app.Writer = &stdout
	if code := Run(app, []string{"ahc-pkg", "--help"}, &stderr); code != 0 {
		t.Errorf("--help: exit code = %d, want 0", code)
	}
	if help := stdout.String(); !strings.Contains(help, "the package tool") || !strings.Contains(help, "Not implemented yet") {
		t.Errorf("--help printed %q", help)
	}
}
