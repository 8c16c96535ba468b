// Package js embeds ahc's JavaScript runtime (the ES modules in this
// directory) so that ahc's executables can write it next to the modules they
// emit, and runs modules on Node.js.
package js

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

//go:embed *.mjs
var files embed.FS

// Files returns the names of the runtime's modules (tests excluded).
func Files() []string {
	ents, _ := fs.ReadDir(files, ".")
	var names []string
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".test.mjs") {
			names = append(names, e.Name())
		}
	}
	return names
}

// WriteRuntime writes the runtime's modules into dir.
func WriteRuntime(dir string) error {
	for _, name := range Files() {
		data, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return fmt.Errorf("writing the JavaScript runtime: %w", err)
		}
	}
	return nil
}

// NodeConfig is how to run a module on Node.js.
type NodeConfig struct {
	Node   string   // path of node
	Args   []string // program arguments after argv[0]
	Env    []string // environment of the program, "KEY=VALUE"
	Dir    string   // working directory, pre-opened as "."
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// RunNode runs the lowered module at wasmPath on Node.js with the runtime's
// command-line entry (node.mjs) and returns the program's exit code.
func RunNode(ctx context.Context, wasmPath string, cfg NodeConfig) (int, error) {
	rt, err := os.MkdirTemp("", "ahc-js-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(rt)
	if err := WriteRuntime(rt); err != nil {
		return 0, err
	}
	abs, err := filepath.Abs(wasmPath)
	if err != nil {
		return 0, err
	}
	cmd := exec.CommandContext(ctx, cfg.Node, append([]string{filepath.Join(rt, "node.mjs"), abs}, cfg.Args...)...)
	cmd.Env = cfg.Env
	cmd.Dir = cfg.Dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = cfg.Stdin, cfg.Stdout, cfg.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() >= 0 {
		return exit.ExitCode(), nil
	}
	if err != nil {
		return 0, fmt.Errorf("running %s on node: %w", wasmPath, err)
	}
	return 0, nil
}
