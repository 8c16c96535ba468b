// Package tools finds and runs the host programs ahc drives (ghc, clang,
// wasm-ld, wasm-opt, node), turning their failures into errors that say
// which program failed, how it was called and what it printed.
package tools

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// Lookup resolves a configured tool name (a command in PATH or a path). pkg
// names the Debian package that provides it, for the error message.
func Lookup(command, pkg string) (string, error) {
	path, err := exec.LookPath(command)
	if err != nil {
		return "", fmt.Errorf("%s not found (it comes with Debian's %s package; `make setup` installs it): %w",
			command, pkg, err)
	}
	return path, nil
}

// Output runs a program and returns its standard output. A failure carries
// the command line and the program's standard error.
func Output(ctx context.Context, path string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, path, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), &Error{Cmd: cmd.String(), Err: err, Stderr: stderr.String()}
	}
	return stdout.String(), nil
}

// Error is a host program that failed.
type Error struct {
	Cmd    string
	Err    error
	Stderr string
}

func (e *Error) Error() string {
	msg := strings.TrimSpace(e.Stderr)
	if msg == "" {
		return fmt.Sprintf("%s: %v", e.Cmd, e.Err)
	}
	return fmt.Sprintf("%s: %v\n%s", e.Cmd, e.Err, msg)
}

func (e *Error) Unwrap() error { return e.Err }

// ExitCode returns the exit code of a failed program, or -1 when err is not
// a program's non-zero exit.
func ExitCode(err error) int {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	return -1
}
